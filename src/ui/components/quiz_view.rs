//! Exam practice: a round of questions one at a time, then the score and
//! a review of every answer with its explanation.

use std::rc::Rc;

use yew::prelude::*;

use super::markdown::Markdown;
use super::question_view::QuestionView;
use crate::ui::course::Course;
use crate::ui::workspace::{Action, Workspace};

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
        return html! {
            <section class="quiz review" aria-label="Exam practice">
                <h2>{"Exam practice: review"}</h2>
                <p class="score" data-score={score.to_string()} data-total={total.to_string()}>
                    {format!("{score} of {total} right ({percent}%)")}
                    if let Some(best) = &props.course.progress.quiz { {format!(" · best {} of {}", best.right, best.total)} }
                </p>
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
    html! {
        <section class="quiz" aria-label="Exam practice" data-at={at.to_string()}>
            <h2>{"Exam practice"}</h2>
            <p class="progress-line">
                {format!("Question {} of {total} · {}", at + 1, question.topic)}
                if live { <span class="live-tag" title="Answered by simulating the build">{" · from a live build"}</span> }
                {format!(" · {} right so far", quiz.score())}
            </p>
            <QuestionView question={question} answered={answered.clone()} on_answer={on_answer} />
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
