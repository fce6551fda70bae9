//! The URL: the place in the course follows the fragment and the
//! fragment the place; a share link opens once, on arrival.

use yew::prelude::*;

use crate::ui::browser::{clear_hash, current_route, location_hash, show_route};
use crate::ui::sandbox::Sandbox;
use crate::ui::workspace::{Action, Notice, Workspace};

/// The fragment names a place in the course, followed as it changes; and
/// the reducer can change the place (an unknown lesson, a loaded
/// sample): the URL follows.
#[hook]
pub fn use_routing(ws: &UseReducerHandle<Workspace>) {
    {
        let ws = ws.clone();
        use_effect_with((), move |_| {
            if let Some(route) = current_route() {
                ws.dispatch(Action::Go(route));
            }
            let window = gloo::utils::window();
            let listener = gloo::events::EventListener::new(&window, "hashchange", move |_| {
                if let Some(route) = current_route() {
                    ws.dispatch(Action::Go(route));
                }
            });
            move || drop(listener)
        });
    }
    {
        use_effect_with(ws.course.route.clone(), |route| {
            if cfg!(target_arch = "wasm32") && current_route().is_some() {
                show_route(route);
            }
        });
    }
}

/// A share link opens once, on arrival.
#[hook]
pub fn use_share_link(ws: &UseReducerHandle<Workspace>) {
    let ws = ws.clone();
    use_effect_with((), move |_| {
        if let Some(hash) = location_hash().filter(|h| h.len() > 1 && current_route().is_none()) {
            match Sandbox::from_link(&hash) {
                Ok(sandbox) => ws.dispatch(Action::LoadShared(sandbox)),
                Err(e) => ws.dispatch(Action::Notify(Some(Notice {
                    error: true,
                    text: format!(
                        "This share link cannot be opened: {e}. Your own sandbox is unchanged."
                    ),
                }))),
            }
            clear_hash();
        }
    });
}
