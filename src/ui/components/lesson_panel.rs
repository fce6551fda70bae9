//! The open lesson beside the editor: its text, the checks as the last
//! build grades them (with what the analysis says about each failure),
//! the stars against our solution, its questions, the hints one at a
//! time, and the solution behind a confirmation.

use std::rc::Rc;

use yew::prelude::*;

use super::markdown::Markdown;
use super::question_view::QuestionView;
use crate::lessons::curriculum;
use crate::lessons::Grade;
use crate::ui::course::{Course, Route};
use crate::ui::output::Output;
use crate::ui::workspace::{Action, Workspace};

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// The course: the open lesson and the learner's progress in it.
    pub course: Course,
    /// The newest build, and the revision of the text it should be of.
    pub output: Option<Rc<Output>>,
    pub revision: u64,
    pub dispatch: UseReducerDispatcher<Workspace>,
    /// Asks, then shows the solution.
    pub on_solution: Callback<()>,
    /// Asks, then starts over from the starter.
    pub on_reset: Callback<()>,
    /// Copies the lesson's Dockerfile and files into the sandbox.
    pub on_sandbox: Callback<()>,
}

pub fn stars(n: u8) -> String {
    let n = usize::from(n.min(3));
    format!("{}{}", "★".repeat(n), "☆".repeat(3 - n))
}

fn checks_view(grade: &Grade, stale: bool) -> Html {
    html! {
        <ul class={classes!("checks", stale.then_some("stale"))} aria-label="Checks">
            { for grade.results.iter().map(|r| html! {
                <li class={classes!("check", if r.passed { "pass" } else { "fail" })} data-passed={r.passed.to_string()}>
                    <span class="mark" aria-label={if r.passed { "passes" } else { "fails" }}>{ if r.passed { "✓" } else { "✗" } }</span>
                    <div>
                        <p class="goal">{&r.goal}</p>
                        <p class="detail">{&r.detail}</p>
                        if let Some(d) = &r.diagnosis {
                            <p class="diagnosis">{"Why: "}{d}</p>
                        }
                    </div>
                </li>
            }) }
        </ul>
    }
}

#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let ws = &props.dispatch;
    let Some(lesson) = props.course.lesson() else {
        return html! {};
    };
    let all = curriculum::lessons();
    let index = all.iter().position(|l| l.id == lesson.id).unwrap_or(0);
    let previous = index.checked_sub(1).and_then(|i| all.get(i));
    let next = all.get(index + 1);
    let entry = props.course.progress.lesson(&lesson.id);
    let output = props.output.as_ref();
    let grade = output.and_then(|o| o.grade.clone());
    let stale = output.is_none_or(|o| o.revision != props.revision);
    let unlock = {
        let ws = ws.clone();
        Callback::from(move |_| ws.dispatch(Action::UnlockHint))
    };
    let presenter = {
        let ws = ws.clone();
        Callback::from(move |_| ws.dispatch(Action::TogglePresenter))
    };
    let verdict = match &grade {
        None => html! { <p class="note">{"Building…"}</p> },
        Some(g) if g.passed => html! {
            <div class="passed" role="status" data-stars={g.stars.to_string()}>
                <p class="passed-line">
                    { if entry.helped { "Solved with help" } else { "Lesson passed!" } }
                    if !entry.helped { <span class="stars" aria-label={format!("{} of 3 stars", g.stars)}>{stars(g.stars)}</span> }
                </p>
                if let Some(par) = &g.par { <p class="par">{par.sentence()}</p> }
                if g.stars < 3 && !entry.helped {
                    <p class="note">{"A star each for an image no bigger than ours (5% to spare) and for no more instructions than ours."}</p>
                }
                if let Some(next) = next {
                    <a class="next-lesson" href={Route::Lesson { id: next.id.clone(), step: None }.hash()}>
                        {format!("Next: {} →", next.title)}
                    </a>
                } else {
                    <a class="next-lesson" href={Route::Quiz.hash()}>{"Course complete: try the exam practice →"}</a>
                }
            </div>
        },
        Some(g) => {
            let failing = g.results.iter().filter(|r| !r.passed).count();
            html! {
                <p class="not-yet" data-failing={failing.to_string()}>
                    {format!("{failing} of {} checks to go.", g.results.len())}
                    if let Some(par) = &g.par { {" "}{par.sentence()} }
                </p>
            }
        }
    };
    // What the grader says beyond the checks: a discouraged practice in a
    // passing solution, sources graded as the lesson wrote them.
    let notes = match &grade {
        Some(g) if !g.notes.is_empty() => html! {
            <ul class="grade-notes" aria-label="Notes on your solution">
                { for g.notes.iter().map(|n| html! { <li>{n.clone()}</li> }) }
            </ul>
        },
        _ => html! {},
    };
    let hints = lesson.hints.len();
    let shown_hints = entry.hints.min(hints);
    html! {
        <aside class="lesson-panel" aria-label="Lesson" data-lesson={lesson.id.clone()}>
            <nav class="lesson-nav" aria-label="Lessons">
                if let Some(p) = previous {
                    <a href={Route::Lesson { id: p.id.clone(), step: None }.hash()} title={p.title.clone()}>{"← Previous"}</a>
                }
                <a href={Route::Map.hash()}>{format!("Lesson {} of {}", index + 1, all.len())}</a>
                if let Some(n) = next {
                    <a href={Route::Lesson { id: n.id.clone(), step: None }.hash()} title={n.title.clone()}>{"Next →"}</a>
                }
            </nav>
            <h2 class="lesson-title">{&lesson.title}
                <span class="minutes">{format!(" · about {} min", lesson.minutes)}</span>
                if entry.passed && !entry.helped { <span class="stars earned" title="Best so far">{stars(entry.stars)}</span> }
            </h2>
            <Markdown text={AttrValue::from(lesson.text.clone())} class="lesson-text" />
            <section class="grading" aria-label="Checks" aria-live="polite">
                <h3>{"Checks"}</h3>
                if let Some(g) = &grade {
                    if let Some(error) = &g.error { <p class="build-failed">{format!("The build fails: {error}")}</p> }
                    { checks_view(g, stale) }
                }
                { verdict }
                { notes }
            </section>
            if !lesson.questions.is_empty() {
                <section class="lesson-questions" aria-label="Questions">
                    <h3>{"Question"}</h3>
                    { for lesson.questions.iter().map(|q| {
                        let ws = ws.clone();
                        let id = q.id.clone();
                        let on_answer = Callback::from(move |chosen: Vec<usize>| ws.dispatch(Action::Answer { question: id.clone(), chosen }));
                        html! {
                            <QuestionView question={Rc::new(q.clone())} answered={entry.answers.get(&q.id).cloned()}
                                on_answer={on_answer} retry={true} />
                        }
                    }) }
                </section>
            }
            <section class="hints" aria-label="Hints">
                if lesson.challenge {
                    <p class="note">{"A challenge: no hints this time. Every check still explains itself."}</p>
                } else {
                    { for lesson.hints.iter().take(shown_hints).enumerate().map(|(i, h)| html! {
                        <div class="hint" data-hint={(i + 1).to_string()}>
                            <h4>{format!("Hint {}", i + 1)}</h4>
                            <Markdown text={AttrValue::from(h.clone())} />
                        </div>
                    }) }
                    if shown_hints < hints {
                        <button type="button" class="show-hint" onclick={unlock}>
                            {format!("Show hint {} of {hints}", shown_hints + 1)}
                        </button>
                    }
                }
            </section>
            <section class="solution" aria-label="Solution">
                if props.course.solution_open {
                    <h3>{"Our solution"}</h3>
                    <pre class="code-block solution-code"><code>{&lesson.solution}</code></pre>
                } else {
                    <button type="button" class="show-solution" onclick={props.on_solution.reform(|_| ())}>{"Show the solution"}</button>
                }
                <button type="button" class="reset-lesson" onclick={props.on_reset.reform(|_| ())}>{"Start over"}</button>
                <button type="button" class="to-sandbox" onclick={props.on_sandbox.reform(|_| ())}
                    title="Copy this Dockerfile and its files into the sandbox">{"Open in the sandbox"}</button>
                <button type="button" class="presenter-toggle" onclick={presenter} title="Presenter view (p)">{"Present"}</button>
            </section>
        </aside>
    }
}
