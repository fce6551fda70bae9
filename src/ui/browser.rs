//! The page's calls to the browser: local storage, the URL and its
//! fragment, the clock a quiz seed comes from, downloads. Everything
//! else in the app is a function of its state; rendered natively (tests)
//! these find no browser and do nothing.

use super::course::Route;
use super::guard::Unfinished;
use super::sandbox::Sandbox;

/// Where the sandbox is kept between visits.
pub(super) const STORAGE_KEY: &str = "stagecraft.sandbox";

/// What an earlier version kept: the Dockerfile alone.
pub(super) const OLD_STORAGE_KEY: &str = "stagecraft.dockerfile";

/// Display preferences: theme and large type.
pub(super) const PREFS_KEY: &str = "stagecraft.prefs";

/// The learner's progress through the lessons.
pub(super) const PROGRESS_KEY: &str = "stagecraft.progress";

/// A build that was running, or that the guard stopped, when the page
/// last saw it: a reload does not run it again on its own.
pub(super) const UNFINISHED_KEY: &str = "stagecraft.unfinished";

pub(super) fn storage() -> Option<web_sys::Storage> {
    // Rendered natively (tests) there is no browser to ask.
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()?.local_storage().ok()?
}

pub(super) fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Writes `value`; false when storage is full or unavailable.
pub(super) fn store(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// The build the page remembers as unfinished, if any.
pub(super) fn unfinished() -> Option<Unfinished> {
    serde_json::from_str(&stored(UNFINISHED_KEY)?).ok()
}

thread_local! {
    /// This page's number, for what it remembers as unfinished (0 until
    /// it is drawn).
    static PAGE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

pub(super) fn this_page() -> u64 {
    PAGE.with(|page| {
        if page.get() == 0 {
            #[cfg(target_arch = "wasm32")]
            page.set((js_sys::Math::random() * 9e15) as u64 + 1);
            #[cfg(not(target_arch = "wasm32"))]
            page.set(1);
        }
        page.get()
    })
}

pub(super) fn remember_unfinished(unfinished: &Unfinished) {
    store(
        UNFINISHED_KEY,
        &serde_json::to_string(unfinished).unwrap_or_default(),
    );
}

/// Forgets the unfinished build `digest` (not a newer one's).
pub(super) fn forget_unfinished(digest: &str) {
    if unfinished().is_some_and(|u| u.digest == digest) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(UNFINISHED_KEY);
        }
    }
}

/// The route of the URL now (None: a share link, or nothing routable).
pub(super) fn current_route() -> Option<Route> {
    Route::parse(&location_hash().unwrap_or_default())
}

/// Points the URL at `route` without adding to the history.
pub(super) fn show_route(route: &Route) {
    if current_route().as_ref() == Some(route) {
        return;
    }
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&route.hash()),
            );
        }
    }
}

/// A quiz seed that differs between rounds.
pub(super) fn seed() -> u64 {
    if cfg!(target_arch = "wasm32") {
        js_sys::Date::now() as u64
    } else {
        1
    }
}

pub(super) fn location_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// Drops the fragment, so that a reload shows the saved sandbox, not the
/// link again.
pub(super) fn clear_hash() {
    if let Some(window) = web_sys::window() {
        let path = window.location().pathname().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

pub(super) fn share_url(sandbox: &Sandbox) -> String {
    let base = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default();
    format!("{base}#{}", sandbox.to_link())
}

pub(super) fn download(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = anchor {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
