//! Keyboard shortcuts, outside text fields: `?` help, `Escape`, `[` and
//! `]` through the layers, `1`-`5` the panels, `p` the presenter view.

use yew::prelude::*;

use crate::ui::workspace::{Action, Panel, Workspace};

#[hook]
pub fn use_shortcuts(ws: &UseReducerHandle<Workspace>, help: &UseStateHandle<bool>) {
    let ws = ws.clone();
    let help = help.clone();
    use_effect_with((), move |_| {
        use wasm_bindgen::JsCast;
        let document = gloo::utils::document();
        let options = gloo::events::EventListenerOptions::enable_prevent_default();
        let listener = gloo::events::EventListener::new_with_options(
            &document,
            "keydown",
            options,
            move |event| {
                let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let typing = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    });
                if typing || event.ctrl_key() || event.meta_key() || event.alt_key() {
                    if event.key() == "Escape" {
                        help.set(false);
                    }
                    return;
                }
                let panel = |p: Panel| Some(Action::Show(p));
                let action = match event.key().as_str() {
                    "?" => {
                        help.set(!*help);
                        None
                    }
                    "Escape" => {
                        help.set(false);
                        Some(Action::ExitPresenter)
                    }
                    "[" => Some(Action::Step(-1)),
                    "]" => Some(Action::Step(1)),
                    "1" => panel(Panel::Build),
                    "2" => panel(Panel::Layers),
                    "3" => panel(Panel::Image),
                    "4" => panel(Panel::Compare),
                    "5" => panel(Panel::About),
                    "p" => Some(Action::TogglePresenter),
                    _ => return,
                };
                event.prevent_default();
                if let Some(action) = action {
                    if matches!(action, Action::Step(_)) {
                        ws.dispatch(Action::Show(Panel::Layers));
                    }
                    ws.dispatch(action);
                }
            },
        );
        move || drop(listener)
    });
}
