//! The page: the editor beside the problems and the stages.

use yew::prelude::*;

use super::components::build_panel::BuildPanel;
use super::components::diagnostics::Diagnostics;
use super::components::editor::Editor;
use super::components::stages::Stages;
use super::state::{Action, EditorState, EXAMPLE};

/// Where the editor's text is kept between visits.
const STORAGE_KEY: &str = "stagecraft.dockerfile";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn load_saved() -> Option<String> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    storage()?.get_item(STORAGE_KEY).ok()?
}

fn save(source: &str) {
    if cfg!(not(target_arch = "wasm32")) {
        return;
    }
    if let Some(storage) = storage() {
        // Storage may be full or disabled (private mode); the text stays in
        // the page either way.
        let _ = storage.set_item(STORAGE_KEY, source);
    }
}

/// Asks before throwing work away; a page without dialogs says yes.
fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(true)
}

#[component]
pub fn App() -> Html {
    let state =
        use_reducer(|| EditorState::new(load_saved().unwrap_or_else(|| EXAMPLE.to_string())));

    use_effect_with(state.source.clone(), |source| save(source));

    let on_input = {
        let state = state.clone();
        Callback::from(move |source: String| state.dispatch(Action::Edit(source)))
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |(start, end): (usize, usize)| {
            state.dispatch(Action::JumpTo { start, end })
        })
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_| {
            if state.source != EXAMPLE && !confirm("Replace your Dockerfile with the example?") {
                return;
            }
            state.dispatch(Action::Edit(EXAMPLE.to_string()))
        })
    };

    let view = state.view.clone();
    let status = match (view.error_count, view.warning_count) {
        (0, 0) => "Parses cleanly".to_string(),
        (0, w) => format!("{w} warning{}", plural(w)),
        (e, 0) => format!("{e} error{}", plural(e)),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    };
    let status_class = if view.error_count > 0 {
        "status has-errors"
    } else {
        "status"
    };

    html! {
        <div class="app" data-ready="true">
            <header class="topbar">
                <h1>{"Stagecraft"}</h1>
                <p class="tagline">{"Write a Dockerfile; see how BuildKit reads it."}</p>
                <span class={status_class} data-errors={view.error_count.to_string()}>{status}</span>
                <button type="button" class="reset" onclick={on_reset}>{"Load example"}</button>
            </header>
            <main class="workspace">
                <section class="editor-pane" aria-label="Dockerfile editor">
                    <Editor
                        source={AttrValue::from(state.source.clone())}
                        view={view.clone()}
                        jump={state.jump}
                        on_input={on_input}
                    />
                </section>
                <aside class="side">
                    <Diagnostics diagnostics={view.diagnostics.clone()} on_select={on_select.clone()} />
                    <Stages meta_args={view.meta_args.clone()} stages={view.stages.clone()} on_select={on_select} />
                    <BuildPanel source={AttrValue::from(state.source.clone())} />
                </aside>
            </main>
        </div>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
