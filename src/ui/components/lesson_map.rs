//! The lesson map: every lesson in course order, each with where the
//! learner stands (passed and its stars, solved with help, started, not
//! started), the next one marked, the quiz's best score, and the
//! progress file's export and import.

use yew::prelude::*;

use super::lesson_panel::stars;
use crate::lessons::curriculum;
use crate::ui::course::{Course, Route};

#[derive(Properties, PartialEq)]
pub struct LessonMapProps {
    /// Where the learner is and their progress.
    pub course: Course,
    pub on_export: Callback<()>,
    pub on_import: Callback<web_sys::File>,
}

#[component]
pub fn LessonMap(props: &LessonMapProps) -> Html {
    let course = &props.course;
    let lessons = curriculum::lessons();
    let next = course.next_lesson().map(|l| l.id.clone());
    let earned: u32 = lessons
        .iter()
        .map(|l| u32::from(course.progress.lesson(&l.id).stars))
        .sum();
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                on_import.emit(file);
            }
            input.set_value("");
        })
    };
    html! {
        <section class="lesson-map" aria-label="Lesson map">
            <header class="map-header">
                <h2>{"Lessons: lean multi-stage images"}</h2>
                <p class="map-summary" data-passed={course.progress.passed().to_string()}>
                    {format!("{} of {} passed · {earned} of {} stars", course.progress.passed(), lessons.len(), lessons.len() * 3)}
                </p>
                <div class="map-actions">
                    <button type="button" class="export-progress" onclick={props.on_export.reform(|_| ())}>{"Export progress"}</button>
                    <label class="button import-progress">{"Import progress"}
                        <input type="file" accept=".json,application/json" aria-label="Import progress" onchange={on_file} />
                    </label>
                </div>
            </header>
            <ol class="map">
                { for lessons.iter().map(|l| {
                    let entry = course.progress.lesson(&l.id);
                    let (state, label) = if entry.passed && entry.helped {
                        ("helped", "solved with help".to_string())
                    } else if entry.passed {
                        ("passed", stars(entry.stars))
                    } else if entry.dockerfile.is_some() || entry.hints > 0 {
                        ("started", "started".to_string())
                    } else {
                        ("new", String::new())
                    };
                    let here = next.as_deref() == Some(l.id.as_str());
                    html! {
                        <li class={classes!("map-lesson", state, here.then_some("here"))} data-lesson={l.id.clone()} data-state={state}>
                            <a href={Route::Lesson { id: l.id.clone(), step: None }.hash()}>
                                <span class="order">{l.order}</span>
                                <span class="title">{&l.title}</span>
                                <span class="meta">{format!("{} min", l.minutes)}{ if l.challenge { " · challenge" } else { "" } }</span>
                                <span class="state">{label}</span>
                                if here { <span class="here-mark">{"you are here"}</span> }
                            </a>
                        </li>
                    }
                }) }
                <li class="map-lesson quiz-card">
                    <a href={Route::Quiz.hash()}>
                        <span class="order">{"?"}</span>
                        <span class="title">{"Exam practice"}</span>
                        <span class="meta">{"DCA-style questions, some from live builds"}</span>
                        <span class="state">{ match &course.progress.quiz {
                            Some(best) => format!("best {} of {}", best.right, best.total),
                            None => String::new(),
                        } }</span>
                    </a>
                </li>
            </ol>
        </section>
    }
}
