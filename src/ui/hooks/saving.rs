//! Keeping the learner's work: the sandbox and the progress after a
//! pause in typing and when the page goes away, the display preferences
//! as they change; a notice, once, when the browser will not keep them.

use yew::prelude::*;

use crate::ui::browser::{
    forget_unfinished, store, unfinished, PREFS_KEY, PROGRESS_KEY, STORAGE_KEY,
};
use crate::ui::prefs::Prefs;
use crate::ui::workspace::{Action, Notice, Workspace};

/// The pause after a keystroke before the sandbox is saved.
const SAVE_DELAY_MS: u32 = 300;

#[hook]
pub fn use_saving(ws: &UseReducerHandle<Workspace>, prefs: &Prefs) {
    let storage_warned = use_mut_ref(|| false);
    let latest_sandbox = use_mut_ref(|| Some(ws.sandbox.clone()));
    let latest_progress = use_mut_ref(String::new);
    // Keep the sandbox; say once if the browser will not.
    {
        let ws_notice = ws.clone();
        let warned = storage_warned.clone();
        // A share link's sandbox on trial is not kept (None).
        let kept = (!ws.on_trial).then(|| {
            ws.course
                .stash
                .clone()
                .unwrap_or_else(|| ws.sandbox.clone())
        });
        use_effect_with(kept.clone(), move |sandbox| {
            // Written after a pause in typing (a big context is a big
            // write), and when the page goes away.
            let sandbox = sandbox.clone();
            let timer = gloo::timers::callback::Timeout::new(SAVE_DELAY_MS, move || {
                let Some(sandbox) = sandbox else {
                    return;
                };
                if !store(STORAGE_KEY, &sandbox.to_json()) && !*warned.borrow() {
                    *warned.borrow_mut() = true;
                    ws_notice.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: "This browser will not keep your work (storage is full or disabled). It stays in this page: use Export to save it as a file.".into(),
                    })));
                }
            });
            move || drop(timer)
        });
        let latest = latest_sandbox.clone();
        *latest.borrow_mut() = kept;
        let latest_progress_handle = latest_progress.clone();
        *latest_progress.borrow_mut() = ws.course.progress.to_json();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let listener = gloo::events::EventListener::new(&window, "pagehide", move |_| {
                if let Some(sandbox) = latest.borrow().as_ref() {
                    store(STORAGE_KEY, &sandbox.to_json());
                }
                // Left while a build ran, not stuck in one (a page that
                // hangs or dies never gets here): it runs again next time.
                if let Some(running) = unfinished().filter(|u| u.reason.is_none()) {
                    forget_unfinished(&running.digest);
                }
                store(PROGRESS_KEY, &latest_progress_handle.borrow());
            });
            move || drop(listener)
        });
    }
    // Keep the progress.
    {
        let ws_notice = ws.clone();
        let warned = storage_warned.clone();
        let progress = ws.course.progress.clone();
        use_effect_with(ws.course.saved_revision, move |revision| {
            let first = *revision == 0;
            let timer = gloo::timers::callback::Timeout::new(SAVE_DELAY_MS, move || {
                if first {
                    return;
                }
                if !store(PROGRESS_KEY, &progress.to_json()) && !*warned.borrow() {
                    *warned.borrow_mut() = true;
                    ws_notice.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: "This browser will not keep your progress (storage is full or disabled). It stays in this page: use Export progress on the lesson map to save it as a file.".into(),
                    })));
                }
            });
            move || drop(timer)
        });
    }
    {
        use_effect_with(prefs.clone(), |prefs| {
            if cfg!(target_arch = "wasm32") {
                store(PREFS_KEY, &serde_json::to_string(prefs).unwrap_or_default());
            }
        });
    }
}
