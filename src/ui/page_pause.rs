//! The page's [`Pause`]: a build that has run for a slice of time waits
//! for the browser to paint a frame and handle clicks and keys, and stops
//! when the learner cancels it or edits the Dockerfile.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::{Closure, JsValue};
use wasm_bindgen::JsCast;

use crate::engine::pause::{Go, Pause};

use super::output::now_ms;

/// How long a build runs before the page gets a turn, in milliseconds.
pub const SLICE_MS: f64 = 100.0;

/// Waits until the browser has painted a frame (a task queued from the
/// frame's callback runs after the paint), or 100 ms in a hidden tab,
/// which paints none.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        let after_paint = resolve.clone();
        let on_frame = Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    after_paint.unchecked_ref(),
                    0,
                );
            }
        });
        let _ = window.request_animation_frame(on_frame.unchecked_ref());
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 100);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Which revision may still build: the newest, or none once the learner
/// cancels (`0`). Builds of any other revision stop at their next pause.
#[derive(Clone, Default)]
pub struct Wanted(Rc<Cell<u64>>);

impl Wanted {
    pub fn set(&self, revision: u64) {
        self.0.set(revision);
    }

    pub fn cancel(&self) {
        self.0.set(0);
    }

    /// The learner canceled (rather than edited).
    pub fn canceled(&self) -> bool {
        self.0.get() == 0
    }

    pub fn get(&self) -> u64 {
        self.0.get()
    }
}

pub struct PagePause<S: Fn()> {
    revision: u64,
    wanted: Wanted,
    /// When the page last had a turn.
    last: f64,
    /// Called once, at the first turn: the build is slow (the page shows
    /// a Cancel button).
    on_slow: Option<S>,
}

impl<S: Fn()> PagePause<S> {
    pub fn new(revision: u64, wanted: Wanted, on_slow: S) -> Self {
        PagePause {
            revision,
            wanted,
            last: now_ms(),
            on_slow: Some(on_slow),
        }
    }

    fn go(&self) -> Go {
        if self.wanted.get() == self.revision {
            Go::On
        } else {
            Go::Stop
        }
    }
}

impl<S: Fn()> Pause for PagePause<S> {
    async fn pause(&mut self, _line: usize) -> Go {
        let go = self.go();
        if go == Go::Stop || now_ms() - self.last < SLICE_MS {
            return go;
        }
        if let Some(on_slow) = self.on_slow.take() {
            on_slow();
        }
        next_frame().await;
        self.last = now_ms();
        self.go()
    }
}
