//! One exam-style question: pick the option (or all that apply) and
//! answer, or, for a DOMC question, say yes or no to one option at a
//! time. Once answered it shows whether that was right, and why.

use std::rc::Rc;

use yew::prelude::*;

use super::markdown::Markdown;
use crate::lessons::{Question, QuestionKind};

#[derive(Properties, PartialEq)]
pub struct QuestionViewProps {
    pub question: Rc<Question>,
    /// The answer given, if any.
    pub answered: Option<Vec<usize>>,
    pub on_answer: Callback<Vec<usize>>,
    /// Offer to answer again once answered (lessons; not the quiz). The
    /// right answer and the explanation show only after a second wrong
    /// answer, or a right one.
    #[prop_or_default]
    pub retry: bool,
    /// Exam mode: an answer is recorded without a verdict; the review at
    /// the end of the round shows it.
    #[prop_or_default]
    pub hold: bool,
}

/// Wrong answers a lesson's question takes before it shows the key.
const MISSES_BEFORE_KEY: u8 = 2;

fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

#[component]
pub fn QuestionView(props: &QuestionViewProps) -> Html {
    let q = &props.question;
    let chosen = use_state(Vec::<usize>::new);
    // DOMC: the option on offer.
    let offered = use_state(|| 0usize);
    let retrying = use_state(|| false);
    // Wrong answers given in this view.
    let misses = use_state(|| 0u8);
    {
        let (chosen, offered, retrying, misses) = (
            chosen.clone(),
            offered.clone(),
            retrying.clone(),
            misses.clone(),
        );
        use_effect_with(q.id.clone(), move |_| {
            chosen.set(Vec::new());
            offered.set(0);
            retrying.set(false);
            misses.set(0);
        });
    }
    let emit = {
        let (misses, on_answer, q) = (misses.clone(), props.on_answer.clone(), q.clone());
        Callback::from(move |answer: Vec<usize>| {
            if !q.is_right(&answer) {
                misses.set(misses.saturating_add(1));
            }
            on_answer.emit(answer);
        })
    };
    let several = q.correct.len() > 1;
    let answered = props.answered.clone().filter(|_| !*retrying);
    let body = match (&answered, q.kind) {
        (Some(given), _) if props.hold => held_view(given),
        (Some(given), _) if props.retry && !q.is_right(given) && *misses < MISSES_BEFORE_KEY => {
            let (retrying, chosen, offered) = (retrying.clone(), chosen.clone(), offered.clone());
            html! {
                <div class="verdict wrong" role="status" data-right="false">
                    <p class="verdict-line">{"Not quite."}</p>
                    <p class="note">{"Look at the build again (the Layers and Image views), then answer again: the right answer and why show after a second try."}</p>
                    <button type="button" class="retry" onclick={Callback::from(move |_| {
                        chosen.set(Vec::new());
                        offered.set(0);
                        retrying.set(true);
                    })}>{"Answer again"}</button>
                </div>
            }
        }
        (Some(given), _) => {
            let retry = props.retry.then(|| {
                let (retrying, chosen, offered) =
                    (retrying.clone(), chosen.clone(), offered.clone());
                html! {
                    <button type="button" class="retry" onclick={Callback::from(move |_| {
                        chosen.set(Vec::new());
                        offered.set(0);
                        retrying.set(true);
                    })}>{"Answer again"}</button>
                }
            });
            verdict_view(q, given, retry.unwrap_or_default())
        }
        (None, QuestionKind::Domc) => {
            let i = (*offered).min(q.options.len().saturating_sub(1));
            let say = |yes: bool| {
                let (q, offered, on_answer, retrying) =
                    (q.clone(), offered.clone(), emit.clone(), retrying.clone());
                Callback::from(move |_| match q.domc_answer(i, yes) {
                    Some(answer) => {
                        retrying.set(false);
                        on_answer.emit(answer);
                    }
                    None if i + 1 < q.options.len() => offered.set(i + 1),
                    None => {
                        retrying.set(false);
                        on_answer.emit(Vec::new());
                    }
                })
            };
            html! {
                <div class="domc">
                    <p class="note">{format!("Option {} of {}: is this a right answer?", i + 1, q.options.len())}</p>
                    <div class="domc-option"><Markdown text={AttrValue::from(q.options[i].clone())} class="inline" /></div>
                    <div class="domc-buttons">
                        <button type="button" class="yes" onclick={say(true)}>{"Yes"}</button>
                        <button type="button" class="no" onclick={say(false)}>{"No"}</button>
                    </div>
                </div>
            }
        }
        (None, QuestionKind::Choice) => {
            let name = format!("q-{}", q.id);
            let submit = {
                let (chosen, on_answer, retrying) =
                    (chosen.clone(), emit.clone(), retrying.clone());
                Callback::from(move |_| {
                    retrying.set(false);
                    on_answer.emit((*chosen).clone());
                })
            };
            html! {
                <div class="choice">
                    if several { <p class="note">{format!("Choose {}.", q.correct.len())}</p> }
                    <ul class="options">
                        { for q.options.iter().enumerate().map(|(i, o)| {
                            let chosen = chosen.clone();
                            let checked = chosen.contains(&i);
                            let toggle = Callback::from(move |_| {
                                let mut next = if several { (*chosen).clone() } else { Vec::new() };
                                if let Some(at) = next.iter().position(|c| *c == i) {
                                    next.remove(at);
                                } else {
                                    next.push(i);
                                }
                                chosen.set(next);
                            });
                            html! {
                                <li>
                                    <label>
                                        <input type={if several { "checkbox" } else { "radio" }} name={name.clone()}
                                            checked={checked} onchange={toggle} />
                                        <span class="letter">{format!("{}.", letter(i))}</span>
                                        <Markdown text={AttrValue::from(o.clone())} class="inline" />
                                    </label>
                                </li>
                            }
                        }) }
                    </ul>
                    <button type="button" class="answer" disabled={chosen.is_empty()} onclick={submit}>{"Answer"}</button>
                </div>
            }
        }
    };
    html! {
        <div class="question" data-question={q.id.clone()}>
            <Markdown text={AttrValue::from(q.prompt.clone())} class="prompt" />
            { body }
        </div>
    }
}

/// An answered question: right or not, the options with the right one
/// and the one given marked, the explanation, and `retry`.
fn verdict_view(q: &Question, given: &[usize], retry: Html) -> Html {
    let right = q.is_right(given);
    html! {
        <div class={classes!("verdict", if right { "right" } else { "wrong" })} role="status" data-right={right.to_string()}>
            <p class="verdict-line">{ if right { "Right." } else { "Not quite." } }</p>
            <ul class="options reviewed">
                { for q.options.iter().enumerate().map(|(i, o)| {
                    let is_right = q.correct.contains(&i);
                    let picked = given.contains(&i);
                    html! {
                        <li class={classes!(is_right.then_some("right-option"), picked.then_some("picked"))}>
                            <span class="letter">{format!("{}.", letter(i))}</span>
                            <Markdown text={AttrValue::from(o.clone())} class="inline" />
                            if is_right { <span class="tag">{"right answer"}</span> }
                            if picked && !is_right { <span class="tag">{"your answer"}</span> }
                        </li>
                    }
                }) }
            </ul>
            <Markdown text={AttrValue::from(q.explanation.clone())} class="explanation" />
            { retry }
        </div>
    }
}

/// Exam mode: the answer given, without a verdict.
fn held_view(given: &[usize]) -> Html {
    let letters: Vec<String> = given.iter().map(|i| letter(*i).to_string()).collect();
    html! {
        <div class="verdict held" role="status">
            <p class="verdict-line">{ if letters.is_empty() {
                "Answer recorded.".to_string()
            } else {
                format!("Answer recorded: {}.", letters.join(", "))
            } }</p>
            <p class="note">{"Exam mode: the score and the explanations come at the end of the round."}</p>
        </div>
    }
}
