//! The page: the toolbar, the editor and the build context on the left,
//! the build, layers, image, compare and about views on the right. Every
//! edit rebuilds after a short pause; the sandbox is kept in
//! localStorage, shared in a link, exported and imported as a file.

use std::rc::Rc;

use yew::prelude::*;

use super::build_runner::{fetch, live_questions, load_sample, run, Progress};
use super::components::about::{About, Shortcuts};
use super::components::build_panel::BuildPanel;
use super::components::compare::Compare;
use super::components::context_panel::ContextPanel;
use super::components::diagnostics::Diagnostics;
use super::components::editor::Editor;
use super::components::explorer::Explorer;
use super::components::image_panel::ImagePanel;
use super::components::lesson_map::LessonMap;
use super::components::lesson_panel::LessonPanel;
use super::components::quiz_view::QuizView;
use super::components::toolbar::Toolbar;
use super::course::{quiz_round, Course, Route};
use super::dialogs::confirm;
use super::guard::browser::Guard;
use super::guard::{stopped_error, Job, Unfinished, Verdict};
use super::output::Output;
use super::page_pause::{PagePause, Wanted, SLICE_MS};
use super::samples;
use super::sandbox::Sandbox;
use super::state::DiagnosticView;
use super::workspace::{Action, Notice, Panel, Workspace};
use crate::engine::image::human_size;

/// Where the sandbox is kept between visits.
const STORAGE_KEY: &str = "stagecraft.sandbox";
/// What an earlier version kept: the Dockerfile alone.
const OLD_STORAGE_KEY: &str = "stagecraft.dockerfile";
/// Display preferences: theme and large type.
const PREFS_KEY: &str = "stagecraft.prefs";
/// The learner's progress through the lessons.
const PROGRESS_KEY: &str = "stagecraft.progress";
/// A build that was running, or that the guard stopped, when the page
/// last saw it: a reload does not run it again on its own.
const UNFINISHED_KEY: &str = "stagecraft.unfinished";
/// The pause after a keystroke before the sandbox is saved.
const SAVE_DELAY_MS: u32 = 300;
/// The pause after a keystroke before the build runs.
const DEBOUNCE_MS: u32 = 20;
/// The first visit's sandbox: the story starts with the big image.
pub const FIRST_SAMPLE: &str = "go-server/Dockerfile.bloated";

fn storage() -> Option<web_sys::Storage> {
    // Rendered natively (tests) there is no browser to ask.
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()?.local_storage().ok()?
}

fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Writes `value`; false when storage is full or unavailable.
fn store(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// The build the page remembers as unfinished, if any.
fn unfinished() -> Option<Unfinished> {
    serde_json::from_str(&stored(UNFINISHED_KEY)?).ok()
}

thread_local! {
    /// This page's number, for what it remembers as unfinished (0 until
    /// it is drawn).
    static PAGE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn this_page() -> u64 {
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

fn remember_unfinished(unfinished: &Unfinished) {
    store(
        UNFINISHED_KEY,
        &serde_json::to_string(unfinished).unwrap_or_default(),
    );
}

/// Forgets the unfinished build `digest` (not a newer one's).
fn forget_unfinished(digest: &str) {
    if unfinished().is_some_and(|u| u.digest == digest) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(UNFINISHED_KEY);
        }
    }
}

/// The sandbox of the first visit.
pub fn first_sandbox() -> Sandbox {
    samples::choice(FIRST_SAMPLE)
        .and_then(|c| samples::sandbox(&c, |p| samples::embedded(p).map(String::from)))
        .unwrap_or_else(|| Sandbox::new(super::state::EXAMPLE))
}

/// The saved sandbox, an older save upgraded, or the first one; a notice
/// when what was saved could not be read (it is left in storage).
fn initial() -> (Sandbox, Option<Notice>) {
    if let Some(text) = stored(STORAGE_KEY) {
        return match Sandbox::from_json(&text) {
            Ok(sandbox) => (sandbox, None),
            Err(e) => (
                first_sandbox(),
                Some(Notice {
                    error: true,
                    text: format!(
                        "Your saved sandbox could not be read ({e}); a sample is shown instead."
                    ),
                }),
            ),
        };
    }
    if let Some(dockerfile) = stored(OLD_STORAGE_KEY) {
        return (Sandbox::new(&dockerfile), None);
    }
    (first_sandbox(), None)
}

/// The saved progress, with a notice for each entry that was reset.
fn initial_progress() -> (crate::lessons::progress::Progress, Vec<String>) {
    match stored(PROGRESS_KEY) {
        Some(text) => crate::lessons::progress::Progress::load(&text),
        None => Default::default(),
    }
}

/// The route of the URL now (None: a share link, or nothing routable).
fn current_route() -> Option<Route> {
    Route::parse(&location_hash().unwrap_or_default())
}

/// Points the URL at `route` without adding to the history.
fn show_route(route: &Route) {
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
fn seed() -> u64 {
    if cfg!(target_arch = "wasm32") {
        js_sys::Date::now() as u64
    } else {
        1
    }
}

fn location_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// Drops the fragment, so that a reload shows the saved sandbox, not the
/// link again.
fn clear_hash() {
    if let Some(window) = web_sys::window() {
        let path = window.location().pathname().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

fn share_url(sandbox: &Sandbox) -> String {
    let base = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default();
    format!("{base}#{}", sandbox.to_link())
}

fn download(name: &str, text: &str) {
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

/// The byte range of a line of `text` (1-based).
fn line_range(text: &str, line: usize) -> (usize, usize) {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let end = text[start.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| start + i);
    (start, end)
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Prefs {
    /// `system`, `light` or `dark`.
    theme: String,
    large: bool,
}

#[component]
pub fn App() -> Html {
    let ws = use_reducer(|| {
        let (sandbox, notice) = initial();
        let (progress, notices) = initial_progress();
        let mut ws = Workspace::new(sandbox);
        ws.course = Course::new(progress);
        ws.notice = notice.or_else(|| {
            (!notices.is_empty()).then(|| Notice {
                error: true,
                text: notices.join(" "),
            })
        });
        ws
    });
    let prefs = use_state(|| {
        stored(PREFS_KEY)
            .and_then(|t| serde_json::from_str::<Prefs>(&t).ok())
            .unwrap_or_default()
    });
    let help = use_state(|| false);
    let link = use_state(|| None::<AttrValue>);
    let storage_warned = use_mut_ref(|| false);
    // The revision builds may run for (none once the learner cancels),
    // and the revision whose build has run long enough to offer Cancel.
    let wanted = (*use_memo((), |_| Wanted::default())).clone();
    let slow_revision = use_state(|| 0u64);
    let latest_sandbox = use_mut_ref(|| Some(ws.sandbox.clone()));
    // Runs each build in a worker first (src/ui/guard.rs).
    let guard = (*use_memo((), |_| Rc::new(Guard::new()))).clone();
    let latest_progress = use_mut_ref(String::new);

    // The URL's fragment: a place in the course, followed as it changes.
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
    // The reducer can change the place (an unknown lesson, a loaded
    // sample): the URL follows.
    {
        use_effect_with(ws.course.route.clone(), |route| {
            if cfg!(target_arch = "wasm32") && current_route().is_some() {
                show_route(route);
            }
        });
    }
    // A quiz round is prepared when the quiz opens without one.
    {
        let ws2 = ws.clone();
        let wanted = ws.course.route == Route::Quiz && ws.course.quiz.is_none();
        use_effect_with(wanted, move |wanted| {
            if *wanted {
                let ws = ws2.clone();
                yew::platform::spawn_local(async move {
                    let seed = seed();
                    let live = match live_questions(seed, fetch).await {
                        Ok(questions) => questions,
                        Err(e) => {
                            ws.dispatch(Action::Notify(Some(Notice {
                                error: true,
                                text: format!("The live questions could not be built ({e}); the round has written questions only."),
                            })));
                            Vec::new()
                        }
                    };
                    match quiz_round(&live, seed) {
                        Some(round) => ws.dispatch(Action::QuizReady(round)),
                        None => ws.dispatch(Action::Notify(Some(Notice {
                            error: true,
                            text: "This build has no quiz questions.".into(),
                        }))),
                    }
                });
            }
        });
    }

    // A share link opens once, on arrival.
    {
        let ws = ws.clone();
        use_effect_with((), move |_| {
            if let Some(hash) = location_hash().filter(|h| h.len() > 1 && current_route().is_none())
            {
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
        use_effect_with((*prefs).clone(), |prefs| {
            if cfg!(target_arch = "wasm32") {
                store(PREFS_KEY, &serde_json::to_string(prefs).unwrap_or_default());
            }
        });
    }

    // Build after a pause in typing: first in the guard's worker, then
    // here. A build of an older revision stops at its next instruction.
    {
        let ws2 = ws.clone();
        let wanted = wanted.clone();
        let slow_revision = slow_revision.clone();
        let guard = guard.clone();
        use_effect_with(ws.revision, move |revision| {
            let revision = *revision;
            wanted.set(revision);
            let sandbox = ws2.sandbox.clone();
            let previous = ws2.output.clone();
            let grading = ws2.grading();
            let ws = ws2.clone();
            let start = move || {
                yew::platform::spawn_local(async move {
                    let digest = Job::digest(&sandbox, grading.as_ref());
                    let stopped = |error| Rc::new(Output::stopped(&sandbox, revision, error));
                    // It did not finish on the page before (or the guard
                    // stopped it): not run again on its own.
                    if let Some(held) = unfinished().filter(|u| {
                        u.digest == digest && (u.page != this_page() || u.reason.is_some())
                    }) {
                        ws.dispatch(Action::Built(stopped(stopped_error(held.message(), 0))));
                        return;
                    }
                    remember_unfinished(&Unfinished {
                        digest: digest.clone(),
                        reason: None,
                        page: this_page(),
                    });
                    let slow = {
                        let slow_revision = slow_revision.clone();
                        gloo::timers::callback::Timeout::new(SLICE_MS as u32, move || {
                            slow_revision.set(revision)
                        })
                    };
                    let verdict = guard.check(&sandbox, grading.as_ref(), false).await;
                    drop(slow);
                    match verdict {
                        Verdict::Finished => {}
                        Verdict::Canceled { line } => {
                            forget_unfinished(&digest);
                            if wanted.canceled() {
                                let error = stopped_error(String::new(), line);
                                let canceled = crate::engine::error::BuildError::new(
                                    error.span,
                                    crate::engine::error::BuildErrorKind::Canceled,
                                );
                                ws.dispatch(Action::Built(stopped(canceled)));
                            }
                            return;
                        }
                        other => {
                            let reason = other.reason().unwrap_or_default();
                            remember_unfinished(&Unfinished {
                                digest,
                                reason: Some(reason.clone()),
                                page: this_page(),
                            });
                            let line = match other {
                                Verdict::TimedOut { line, .. } => line,
                                _ => 0,
                            };
                            ws.dispatch(Action::Built(stopped(stopped_error(reason, line))));
                            return;
                        }
                    }
                    // A newer text came while the guard ran it.
                    if wanted.get() != revision {
                        forget_unfinished(&digest);
                        return;
                    }
                    let ws_report = ws.clone();
                    let pause = PagePause::new(revision, wanted.clone(), move || {
                        slow_revision.set(revision)
                    });
                    run(
                        sandbox.clone(),
                        revision,
                        previous,
                        grading,
                        fetch,
                        move |p| match p {
                            // Stopped for a newer revision: its build follows.
                            Progress::Done(output, _)
                                if output.canceled() && !wanted.canceled() =>
                            {
                                forget_unfinished(&digest)
                            }
                            Progress::Done(output, _) => {
                                forget_unfinished(&digest);
                                ws_report.dispatch(Action::Built(output))
                            }
                            Progress::Failed(message) => {
                                forget_unfinished(&digest);
                                ws_report.dispatch(Action::Notify(Some(Notice {
                                    error: true,
                                    text: format!("The build could not run: {message}"),
                                })))
                            }
                            Progress::Fetching(_) => {}
                        },
                        pause,
                    )
                    .await;
                });
            };
            let timer = gloo::timers::callback::Timeout::new(DEBOUNCE_MS, start);
            move || drop(timer)
        });
    }

    // Keyboard shortcuts, outside text fields.
    {
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

    let on_input = {
        let ws = ws.clone();
        Callback::from(move |source: String| ws.dispatch(Action::EditDockerfile(source)))
    };
    let on_select = {
        let ws = ws.clone();
        Callback::from(move |(start, end): (usize, usize)| {
            ws.dispatch(Action::JumpTo { start, end })
        })
    };
    let on_line = {
        let ws = ws.clone();
        Callback::from(move |line: usize| {
            let (start, end) = line_range(&ws.sandbox.dockerfile, line);
            ws.dispatch(Action::JumpTo { start, end });
        })
    };
    let on_rebuild = {
        let ws = ws.clone();
        Callback::from(move |_| {
            // Asked for: a build that did not finish runs again.
            if let Some(storage) = storage() {
                let _ = storage.remove_item(UNFINISHED_KEY);
            }
            ws.dispatch(Action::Rebuild)
        })
    };
    let on_sample = {
        let ws = ws.clone();
        Callback::from(move |key: String| {
            let Some(choice) = samples::choice(&key) else {
                return;
            };
            if ws.edited
                && !confirm(&format!(
                    "Replace your sandbox with the {} sample? (Export keeps a copy.)",
                    choice.label()
                ))
            {
                return;
            }
            let ws = ws.clone();
            yew::platform::spawn_local(async move {
                match load_sample(&choice, fetch).await {
                    Ok(sandbox) => ws.dispatch(Action::Load {
                        sandbox,
                        what: format!("the {} sample", choice.label()),
                    }),
                    Err(e) => ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("The sample could not be loaded: {e}"),
                    }))),
                }
            });
        })
    };
    let on_share = {
        let ws = ws.clone();
        let link = link.clone();
        Callback::from(move |_| {
            let url = share_url(&ws.sandbox);
            if url.len() > super::sandbox::MAX_LINK_BYTES {
                ws.dispatch(Action::Notify(Some(Notice {
                    error: true,
                    text: "This sandbox is too big for a link; use Export to share it as a file."
                        .into(),
                })));
                return;
            }
            link.set(Some(url.into()));
        })
    };
    let on_export = {
        let ws = ws.clone();
        Callback::from(move |_| download("stagecraft-sandbox.json", &ws.sandbox.to_json()))
    };
    let on_import = {
        let ws = ws.clone();
        Callback::from(move |file: web_sys::File| {
            let ws = ws.clone();
            let name = file.name();
            yew::platform::spawn_local(async move {
                let file = gloo::file::File::from(file);
                let result = match gloo::file::futures::read_as_text(&file).await {
                    Ok(text) => Sandbox::from_json(&text).map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                match result {
                    Ok(sandbox) => ws.dispatch(Action::Load {
                        sandbox,
                        what: name,
                    }),
                    Err(e) => ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("{name} cannot be imported: {e}"),
                    }))),
                }
            });
        })
    };
    let on_theme = {
        let prefs = prefs.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            prefs.set(Prefs {
                theme: select.value(),
                ..(*prefs).clone()
            });
        })
    };
    let on_large = {
        let prefs = prefs.clone();
        Callback::from(move |_| {
            prefs.set(Prefs {
                large: !prefs.large,
                ..(*prefs).clone()
            })
        })
    };
    let toggle_help = {
        let help = help.clone();
        Callback::from(move |_| help.set(!*help))
    };
    let dismiss = {
        let ws = ws.clone();
        Callback::from(move |_| ws.dispatch(Action::Notify(None)))
    };
    let on_file_text = {
        let ws = ws.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(path) = ws.open.clone() {
                ws.dispatch(Action::EditFile {
                    path,
                    text: el.value(),
                });
            }
        })
    };

    let on_solution = {
        let ws = ws.clone();
        Callback::from(move |_| {
            if confirm(
                "Show our solution? The lesson will count as solved with help, without stars.",
            ) {
                ws.dispatch(Action::ShowSolution);
            }
        })
    };
    let on_reset = {
        let ws = ws.clone();
        Callback::from(move |_| {
            if confirm("Start this lesson over from its starter Dockerfile? Your version of it will be replaced.") {
                ws.dispatch(Action::ResetLesson);
            }
        })
    };
    let on_to_sandbox = {
        let ws = ws.clone();
        Callback::from(move |_| {
            let title = ws
                .course
                .lesson()
                .map(|l| l.title.clone())
                .unwrap_or_default();
            if confirm("Replace your sandbox with this lesson's Dockerfile and files? (Export keeps a copy of the sandbox.)") {
                ws.dispatch(Action::Load {
                    sandbox: ws.sandbox.clone(),
                    what: format!("the lesson \"{title}\" into the sandbox"),
                });
            }
        })
    };
    let on_export_progress = {
        let ws = ws.clone();
        Callback::from(move |_| download("stagecraft-progress.json", &ws.course.progress.to_json()))
    };
    let on_import_progress = {
        let ws = ws.clone();
        Callback::from(move |file: web_sys::File| {
            let ws = ws.clone();
            let name = file.name();
            yew::platform::spawn_local(async move {
                let file = gloo::file::File::from(file);
                let text = match gloo::file::futures::read_as_text(&file).await {
                    Ok(text) => text,
                    Err(e) => {
                        ws.dispatch(Action::Notify(Some(Notice {
                            error: true,
                            text: format!("{name} cannot be read: {e}"),
                        })));
                        return;
                    }
                };
                if serde_json::from_str::<serde_json::Value>(&text).is_err() {
                    ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("{name} is not a Stagecraft progress file (not JSON); your progress is unchanged."),
                    })));
                    return;
                }
                let (progress, notices) = crate::lessons::progress::Progress::load(&text);
                ws.dispatch(Action::ImportProgress(progress));
                if !notices.is_empty() {
                    ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("Imported {name}, but: {}", notices.join(" ")),
                    })));
                }
            });
        })
    };

    let view = ws.editor.view.clone();
    let shown = ws.shown().cloned();
    let building = ws.output.as_ref().is_none_or(|o| o.revision != ws.revision);
    let size_badge = match shown.as_ref().and_then(|o| o.image_size()) {
        Some(bytes) => html! {
            <span class={classes!("final-size-badge", ws.stale().then_some("stale"))} data-size-bytes={bytes.to_string()}
                title="The final image's size">{format!("Final image: {}", human_size(bytes))}</span>
        },
        None => html! { <span class="final-size-badge none">{"No image yet"}</span> },
    };
    let status = match (view.error_count, view.warning_count) {
        (0, 0) => "Parses cleanly".to_string(),
        (0, w) => format!("{w} warning{}", plural(w)),
        (e, 0) => format!("{e} error{}", plural(e)),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    };
    let tab = |panel: Panel, label: &str, key: &str| {
        let ws = ws.clone();
        let selected = ws.panel == panel;
        html! {
            <button type="button" role="tab" class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()} title={format!("{label} ({key})")}
                onclick={Callback::from(move |_| ws.dispatch(Action::Show(panel)))}>{label}</button>
        }
    };
    let panel_body = match (ws.panel, shown.clone()) {
        (Panel::About, _) => html! { <About /> },
        (Panel::Compare, _) => html! { <Compare ws={ws.clone()} /> },
        (_, None) => {
            html! { <p class="empty">{if building { "Building…" } else { "Nothing built yet." }}</p> }
        }
        (Panel::Build, Some(output)) => html! {
            <BuildPanel output={output} on_line={on_line.clone()} on_rebuild={on_rebuild.clone()} />
        },
        (Panel::Layers, Some(output)) => html! { <Explorer ws={ws.clone()} output={output} /> },
        (Panel::Image, Some(output)) => match output.report.clone() {
            Some(report) => {
                html! { <ImagePanel report={Rc::new(report)} on_line={on_line.clone()} /> }
            }
            None => {
                html! { <p class="empty">{"The build made no image: fix the error on the Build tab."}</p> }
            }
        },
    };
    // Where the newest build failed, for the editor's gutter.
    let build_error = ws.output.as_ref().and_then(|o| {
        let e = o.build.error.as_ref()?;
        (e.span.start.line > 0).then(|| (e.span.start.line, AttrValue::from(e.to_string())))
    });
    // The newest build's warnings, underlined while it is of the text shown.
    let build_warnings: Rc<Vec<DiagnosticView>> = Rc::new(
        ws.output
            .as_ref()
            .filter(|o| o.source == ws.sandbox.dockerfile)
            .map(|o| {
                o.build
                    .warnings
                    .iter()
                    .filter_map(DiagnosticView::of_warning)
                    .collect()
            })
            .unwrap_or_default(),
    );
    // The newest build failed and an older one is shown: its error on top.
    let failed_newest = match (&ws.output, &shown) {
        (Some(newest), Some(shown)) if !Rc::ptr_eq(newest, shown) => newest.view.error.clone(),
        _ => None,
    };
    let route = ws.course.route.clone();
    // The editor and the build are on screen (not the map or the quiz).
    let editing = !matches!(route, Route::Map | Route::Quiz);
    let presenting = ws.course.presenter && shown.is_some();
    let theme = if prefs.theme.is_empty() {
        "system".to_string()
    } else {
        prefs.theme.clone()
    };

    html! {
        <div class={classes!("app", (prefs.large || presenting).then_some("large"), presenting.then_some("presenter"))}
            data-ready="true" data-theme={theme.clone()} data-route={route.hash()}
            data-revision={ws.revision.to_string()}
            data-built={ws.output.as_ref().map(|o| o.revision.to_string()).unwrap_or_default()}>
            <header class={classes!("topbar", presenting.then_some("hidden"))}>
                <h1>{"Stagecraft"}</h1>
                <nav class="modes" aria-label="Modes">
                    <a href={Route::Sandbox.hash()} class={classes!((route == Route::Sandbox).then_some("current"))}>{"Sandbox"}</a>
                    <a href={Route::Map.hash()} class={classes!((matches!(route, Route::Map | Route::Lesson { .. })).then_some("current"))}>{"Lessons"}</a>
                    <a href={Route::Quiz.hash()} class={classes!((route == Route::Quiz).then_some("current"))}>{"Exam practice"}</a>
                </nav>
                if editing {
                    <span class={classes!("status", (view.error_count > 0).then_some("has-errors"))}
                        data-errors={view.error_count.to_string()}>{status}</span>
                    { size_badge.clone() }
                    if building { <span class="building" aria-live="polite">{"building…"}</span> }
                    if building && *slow_revision == ws.revision {
                        <button type="button" class="cancel-build" title="Stop this build before its next instruction"
                            onclick={let wanted = wanted.clone(); let guard = guard.clone(); Callback::from(move |_| { wanted.cancel(); guard.cancel(); })}>{"Cancel build"}</button>
                    }
                }
                // Samples, options, share and files belong to the sandbox.
                if route == Route::Sandbox {
                    <Toolbar ws={ws.clone()} on_sample={on_sample} on_share={on_share} on_export={on_export}
                        on_import={on_import} link={(*link).clone()} />
                }
                <label class="field"><span>{"Theme"}</span>
                    <select aria-label="Theme" class="theme" onchange={on_theme}>
                        { for ["system", "light", "dark"].iter().map(|t| html! {
                            <option value={*t} selected={theme == *t}>{*t}</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="large-type" aria-pressed={prefs.large.to_string()} onclick={on_large}
                    title="Large type for projectors">{"A+"}</button>
                <button type="button" class="help-button" aria-label="Keyboard shortcuts" onclick={toggle_help.clone()}>{"?"}</button>
            </header>
            if let Some(notice) = &ws.notice {
                <div class={classes!("notice", notice.error.then_some("error"))} role={if notice.error { "alert" } else { "status" }}>
                    <span>{&notice.text}</span>
                    <button type="button" aria-label="Dismiss" onclick={dismiss}>{"✕"}</button>
                </div>
            }
            if route == Route::Map {
                <main class="course">
                    <LessonMap ws={ws.clone()} on_export={on_export_progress} on_import={on_import_progress} />
                </main>
            } else if route == Route::Quiz {
                <main class="course">
                    <QuizView ws={ws.clone()} />
                </main>
            } else if presenting {
                <main class="presenter-view" aria-label="Presenter view">
                    <div class="presenter-bar">
                        <strong>{ ws.course.lesson().map(|l| l.title.clone()).unwrap_or_else(|| "Sandbox".into()) }</strong>
                        { size_badge }
                        <span class="note">{"[ and ] step through the layers · p or Esc leaves the presenter view"}</span>
                    </div>
                    <section class="presenter-build" aria-label="Build">
                        if let Some(output) = shown.clone() {
                            <BuildPanel output={output} on_line={on_line.clone()} on_rebuild={on_rebuild.clone()} />
                        }
                    </section>
                    <section class="presenter-tree" aria-label="Layers">
                        if let Some(output) = shown.clone() {
                            <Explorer ws={ws.clone()} output={output} />
                        }
                    </section>
                </main>
            } else {
            <main class={classes!("workspace", ws.course.lesson().is_some().then_some("with-lesson"))}>
                if ws.course.lesson().is_some() {
                    <LessonPanel ws={ws.clone()} on_solution={on_solution} on_reset={on_reset} on_sandbox={on_to_sandbox} />
                }
                <section class="left" aria-label="Dockerfile and build context">
                    <div class="editor-pane">
                        if let Some(path) = ws.open.clone() {
                            <label class="file-editor">
                                <span class="file-title">{format!("Context file: {path}")}</span>
                                <textarea aria-label={format!("Context file {path}")} spellcheck="false" wrap="off"
                                    value={ws.sandbox.files.get(&path).cloned().unwrap_or_default()} oninput={on_file_text} />
                            </label>
                        } else {
                            <Editor
                                source={AttrValue::from(ws.sandbox.dockerfile.clone())}
                                view={view.clone()}
                                jump={ws.editor.jump}
                                on_input={on_input}
                                build_error={build_error}
                                warnings={build_warnings}
                            />
                        }
                    </div>
                    <Diagnostics diagnostics={view.diagnostics.clone()} on_select={on_select} />
                    <ContextPanel ws={ws.clone()} />
                </section>
                <section class="right" aria-label="What the build made">
                    <nav class="tabs" role="tablist" aria-label="Views">
                        { tab(Panel::Build, "Build", "1") }
                        { tab(Panel::Layers, "Layers", "2") }
                        { tab(Panel::Image, "Image", "3") }
                        { tab(Panel::Compare, "Compare", "4") }
                        { tab(Panel::About, "About", "5") }
                    </nav>
                    if let Some(error) = failed_newest {
                        <div class="newest-error">
                            <pre class="build-error" role="alert">{error}</pre>
                            <p class="note">{"Below: the last build that made an image, until this one builds again."}</p>
                        </div>
                    }
                    <div class={classes!("panel-body", ws.stale().then_some("stale"))} role="tabpanel">
                        { panel_body }
                    </div>
                </section>
            </main>
            }
            if *help {
                <div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
                    <div class="overlay-box">
                        <h2>{"Keyboard shortcuts"}</h2>
                        <Shortcuts />
                        <button type="button" onclick={toggle_help}>{"Close"}</button>
                    </div>
                </div>
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_map_to_byte_ranges() {
        let text = "FROM a\nRUN b\n\nCOPY c d";
        assert_eq!(line_range(text, 1), (0, 6));
        assert_eq!(&text[line_range(text, 2).0..line_range(text, 2).1], "RUN b");
        assert_eq!(line_range(text, 3), (13, 13));
        assert_eq!(&text[line_range(text, 4).0..], "COPY c d");
        assert_eq!(line_range(text, 99), (text.len(), text.len()));
    }

    #[test]
    fn the_first_visit_opens_the_bloated_go_sample() {
        let sandbox = first_sandbox();
        assert!(
            sandbox.dockerfile.contains("FROM golang"),
            "{}",
            sandbox.dockerfile
        );
        assert!(sandbox.files.contains_key("main.go"));
    }
}
