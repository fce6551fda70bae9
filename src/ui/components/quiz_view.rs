//! Exam practice: a round of questions one at a time, then the score and
//! a review of every answer with its explanation.

use std::rc::Rc;

use yew::prelude::*;

use super::markdown::Markdown;
use super::question_view::QuestionView;
use crate::ui::course::{score_by_topic, Course, Exam};
use crate::ui::output::now_ms;
use crate::ui::workspace::{Action, Workspace};

/// "mm:ss".
fn clock(ms: f64) -> String {
    let seconds = (ms / 1000.0).ceil() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[derive(Properties, PartialEq)]
struct ExamClockProps {
    exam: Exam,
    dispatch: UseReducerDispatcher<Workspace>,
}

/// The time an exam round has left, ticking each second; at zero the
/// round ends.
#[component]
fn ExamClock(props: &ExamClockProps) -> Html {
    let now = use_state(now_ms);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let tick = gloo::timers::callback::Interval::new(1000, move || now.set(now_ms()));
            move || drop(tick)
        });
    }
    let left = props.exam.left_ms(*now);
    {
        let dispatch = props.dispatch.clone();
        use_effect_with(left <= 0.0, move |up| {
            if *up {
                dispatch.dispatch(Action::QuizTimeUp);
            }
        });
    }
    html! {
        <span class={classes!("exam-clock", (left < 60_000.0).then_some("low"))} role="timer" aria-label="Time left">
            {format!("{} left", clock(left))}
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct QuizViewProps {
    /// The course: the quiz round, and the best score so far.
    pub course: Course,
    pub dispatch: UseReducerDispatcher<Workspace>,
}

#[component]
pub fn QuizView(props: &QuizViewProps) -> Html {
    let Some(round) = &props.course.quiz else {
        return html! {
            <section class="quiz" aria-label="Exam practice">
                <h2>{"Exam practice"}</h2>
                <p class="note" aria-live="polite">{"Preparing questions: building a few lessons' Dockerfiles to ask about them…"}</p>
            </section>
        };
    };
    let quiz = &round.quiz;
    let total = quiz.questions.len();
    let go = |at: usize| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::QuizGo(at)))
    };
    let restart = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::QuizRestart))
    };
    if round.at >= total {
        let score = quiz.score();
        let percent = (score * 100).checked_div(total).unwrap_or(0);
        let topics = score_by_topic(quiz);
        return html! {
            <section class="quiz review" aria-label="Exam practice">
                <h2>{ if round.exam.is_some() { "Exam: review" } else { "Exam practice: review" } }</h2>
                <p class="score" data-score={score.to_string()} data-total={total.to_string()}>
                    {format!("{score} of {total} right ({percent}%)")}
                    if let Some(best) = &props.course.progress.quiz { {format!(" · best {} of {}", best.right, best.total)} }
                </p>
                <table class="topic-scores" aria-label="Score by topic">
                    <thead><tr><th>{"Topic"}</th><th>{"Right"}</th></tr></thead>
                    <tbody>
                        { for topics.iter().map(|(topic, right, asked)| html! {
                            <tr data-topic={topic.clone()}><td>{topic.clone()}</td><td>{format!("{right} of {asked}")}</td></tr>
                        }) }
                    </tbody>
                </table>
                <ol class="review-list">
                    { for quiz.questions.iter().enumerate().map(|(i, q)| {
                        let right = quiz.is_right(i);
                        html! {
                            <li class={classes!(match right { Some(true) => "right", Some(false) => "wrong", None => "unanswered" })}>
                                <p class="topic">{&q.topic}{ if right == Some(true) { " · right" } else if right == Some(false) { " · wrong" } else { " · not answered" } }</p>
                                <QuestionView question={Rc::new(q.clone())} answered={quiz.answers[i].clone().or(Some(Vec::new()))}
                                    on_answer={Callback::noop()} />
                            </li>
                        }
                    }) }
                </ol>
                <button type="button" class="new-round" onclick={restart}>{"New round"}</button>
            </section>
        };
    }
    let at = round.at;
    let question = Rc::new(quiz.questions[at].clone());
    let answered = quiz.answers[at].clone();
    let on_answer = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |chosen: Vec<usize>| {
            dispatch.dispatch(Action::QuizAnswer { index: at, chosen })
        })
    };
    let live = question.id.starts_with("live-");
    let exam = round.exam;
    // Exam mode can be chosen before the first answer.
    let fresh = at == 0 && quiz.answers.iter().all(Option::is_none);
    let toggle_exam = {
        let dispatch = props.dispatch.clone();
        let on = exam.is_none();
        Callback::from(move |_| dispatch.dispatch(Action::QuizExam(on.then(now_ms))))
    };
    let minutes = (crate::ui::course::EXAM_MS_PER_QUESTION * total as f64 / 60_000.0).round();
    html! {
        <section class={classes!("quiz", exam.is_some().then_some("exam"))} aria-label="Exam practice" data-at={at.to_string()}>
            <h2>{ if exam.is_some() { "Exam" } else { "Exam practice" } }</h2>
            if fresh {
                <label class="exam-mode">
                    <input type="checkbox" checked={exam.is_some()} onchange={toggle_exam} />
                    {format!(" Exam mode: {minutes:.0} minutes for {total} questions (the exam's pace), answers held to the end, a score per topic")}
                </label>
            }
            <p class="progress-line">
                {format!("Question {} of {total} · {}", at + 1, question.topic)}
                if live { <span class="live-tag" title="Answered by simulating the build">{" · from a live build"}</span> }
                if exam.is_none() { {format!(" · {} right so far", quiz.score())} }
                if let Some(exam) = exam { {" · "}<ExamClock exam={exam} dispatch={props.dispatch.clone()} /> }
            </p>
            <QuestionView question={question} answered={answered.clone()} on_answer={on_answer} hold={exam.is_some()} />
            <div class="quiz-nav">
                if answered.is_some() {
                    <button type="button" class="next-question" onclick={go(at + 1)}>
                        { if at + 1 == total { "See your score" } else { "Next question" } }
                    </button>
                } else {
                    <button type="button" class="skip" onclick={go(at + 1)}>{"Skip"}</button>
                }
            </div>
            <Markdown text={AttrValue::from("Questions follow the Docker Certified Associate exam's formats: multiple choice, and DOMC (discrete-option multiple choice), where options come one at a time.")} class="note" />
        </section>
    }
}
