//! The list of problems, each a button that moves the caret to it.

use yew::prelude::*;

use crate::dockerfile::Severity;
use crate::ui::state::DiagnosticView;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub diagnostics: Vec<DiagnosticView>,
    /// The byte range to select.
    pub on_select: Callback<(usize, usize)>,
}

/// How many problems the list shows; the rest are counted.
const LISTED: usize = 200;

#[component]
pub fn Diagnostics(props: &DiagnosticsProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! {
            <section class="panel diagnostics" aria-live="polite">
                <h2>{"Problems"}</h2>
                <p class="all-clear">{"No problems: BuildKit would read this Dockerfile."}</p>
            </section>
        };
    }
    html! {
        <section class="panel diagnostics" aria-live="polite">
            <h2>{"Problems"}</h2>
            <ul class="diagnostic-list">
                { for props.diagnostics.iter().take(LISTED).map(|d| {
                    let on_select = props.on_select.clone();
                    let range = (d.start, d.end);
                    let onclick = Callback::from(move |_| on_select.emit(range));
                    let severity = match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    html! {
                        <li class={classes!("diagnostic", severity)} data-code={d.code}>
                            <button type="button" {onclick}>
                                <span class="where">{format!("Line {}:{}", d.line, d.column)}</span>
                                <span class="severity">{severity}</span>
                                <span class="message">{&d.message}</span>
                                if let Some(help) = &d.help {
                                    <span class="help">{help}</span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if props.diagnostics.len() > LISTED {
                <p class="note">{format!("and {} more", props.diagnostics.len() - LISTED)}</p>
            }
        </section>
    }
}
