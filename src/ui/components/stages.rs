//! The parsed instructions, stage by stage.

use yew::prelude::*;

use crate::ui::state::{InstructionView, StageView};

#[derive(Properties, PartialEq)]
pub struct StagesProps {
    pub meta_args: Vec<InstructionView>,
    pub stages: Vec<StageView>,
    pub on_select: Callback<(usize, usize)>,
}

fn instruction(item: &InstructionView, on_select: &Callback<(usize, usize)>) -> Html {
    let on_select = on_select.clone();
    let range = (item.start, item.end);
    let onclick = Callback::from(move |_| on_select.emit(range));
    html! {
        <li class="instruction">
            <button type="button" {onclick} title={format!("Go to line {}", item.line)}>
                <span class="line">{item.line}</span>
                <code>{&item.text}</code>
            </button>
        </li>
    }
}

#[component]
pub fn Stages(props: &StagesProps) -> Html {
    html! {
        <section class="panel stages">
            <h2>{"Stages"}</h2>
            if !props.meta_args.is_empty() {
                <div class="stage global-args">
                    <h3>{"Global build arguments"}</h3>
                    <ol class="instructions">
                        { for props.meta_args.iter().map(|i| instruction(i, &props.on_select)) }
                    </ol>
                </div>
            }
            if props.stages.is_empty() {
                <p class="empty">{"No stages yet: a stage starts at each FROM line."}</p>
            }
            { for props.stages.iter().map(|stage| html! {
                <div class="stage" data-stage={stage.label.clone()}>
                    <h3>
                        <span class="stage-name">{&stage.label}</span>
                        <span class="stage-base">
                            { if stage.base_is_stage { "continues stage " } else { "from image " } }
                            <code>{&stage.base}</code>
                        </span>
                    </h3>
                    <ol class="instructions">
                        { instruction(&stage.from, &props.on_select) }
                        { for stage.instructions.iter().map(|i| instruction(i, &props.on_select)) }
                    </ol>
                </div>
            }) }
        </section>
    }
}
