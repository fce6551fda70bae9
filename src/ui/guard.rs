//! The build guard. A learner's text (typed, pasted, or from a stranger's
//! share link) may find a way past Stagecraft's limits that nobody has
//! thought of yet: a build that would never end, or one that would crash
//! the simulator. Run on the page's thread, either would freeze or kill the
//! tab. So every build of such text runs first in a Web Worker: the same
//! WebAssembly, the same job, with a watchdog. Only when the worker has
//! finished it does the page run it itself (the simulator is
//! deterministic: what finished there finishes here). A worker that runs
//! past the time limit is stopped; one that crashes is replaced; either
//! way the page shows an error naming what stopped the build, and remembers
//! it, so that a reload does not run it again.
//!
//! The job and how the worker runs it are plain Rust, tested natively; the
//! worker and its watchdog live in `browser`.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::engine::pause::Pause;
use crate::lessons::grade::Answers;

use super::output::{Grading, Output};
use super::sandbox::{Sandbox, SandboxOptions};

/// How long the worker may take with one job before it is stopped, unless
/// the page is told otherwise ([`WATCHDOG_KEY`]).
pub const WATCHDOG_MS: f64 = crate::limits::PAGE_BUILD_MS as f64;

/// A localStorage key that sets the watchdog's milliseconds: for a slow
/// machine, and for the browser tests.
pub const WATCHDOG_KEY: &str = "stagecraft-watchdog-ms";

/// What the page is about to run, as the worker gets it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// The context's files: None when they are the ones of the worker's
    /// last job (a keystroke in the Dockerfile sends only the Dockerfile).
    pub files: Option<BTreeMap<String, String>>,
    pub dockerfile: String,
    pub options: SandboxOptions,
    /// The lesson the build is graded against, and the answers.
    pub lesson: Option<String>,
    pub answers: Answers,
    /// Compare's job: the rebuild after editing a source file too.
    pub compare: bool,
}

impl Job {
    /// The job of building `sandbox` (graded by `grading`); `files_sent`
    /// says whether the worker already has these files.
    pub fn of(sandbox: &Sandbox, grading: Option<&Grading>, files_sent: bool) -> Job {
        Job {
            files: (!files_sent).then(|| (*sandbox.files).clone()),
            dockerfile: sandbox.dockerfile.clone(),
            options: sandbox.options.clone(),
            lesson: grading.map(|g| g.lesson.id.clone()),
            answers: grading.map(|g| g.answers.clone()).unwrap_or_default(),
            compare: false,
        }
    }

    /// A digest of what the job builds (files, Dockerfile, options,
    /// grading): the page remembers a build that did not finish by it.
    pub fn digest(sandbox: &Sandbox, grading: Option<&Grading>) -> String {
        let mut d = crate::engine::content::Digester::new();
        d.part(&sandbox.to_json());
        if let Some(g) = grading {
            d.part(&g.lesson.id);
            d.part(&serde_json::to_string(&g.answers).unwrap_or_default());
        }
        d.finish().to_string()
    }
}

/// What a worker keeps between jobs: the files it was last sent, and its
/// last build (the page builds against its own last one; the worker does
/// likewise, so that the cache comparison runs too).
#[derive(Default)]
pub struct WorkerState {
    files: Rc<BTreeMap<String, String>>,
    previous: Option<Rc<Output>>,
}

/// Runs `job` as the page will run it: the build (fetching the data it
/// asks for with `fetch`), its analysis, grading and cache comparison, and
/// for Compare the rebuild after an edit. `pause` hears each instruction.
pub async fn run_job<F, Fut>(
    job: Job,
    state: &mut WorkerState,
    fetch: F,
    pause: impl Pause,
) -> Result<(), String>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<u8>, String>>,
{
    if let Some(files) = job.files {
        state.files = Rc::new(files);
        state.previous = None;
    }
    let sandbox = Sandbox {
        dockerfile: job.dockerfile,
        files: state.files.clone(),
        options: job.options,
        ..Sandbox::new("")
    };
    if job.lesson.is_some() {
        super::course_loader::load_course(&fetch).await?;
    }
    let grading = match &job.lesson {
        Some(id) => Some(Grading {
            lesson: crate::lessons::curriculum::lesson(id)
                .ok_or_else(|| format!("no lesson {id}"))?,
            answers: job.answers,
        }),
        None => None,
    };
    let built = std::cell::RefCell::new(None);
    let failed = std::cell::RefCell::new(None);
    super::build_runner::run(
        sandbox.clone(),
        1,
        state.previous.clone(),
        grading,
        fetch,
        |progress| match progress {
            super::build_runner::Progress::Done(output, _) => *built.borrow_mut() = Some(output),
            super::build_runner::Progress::Failed(message) => *failed.borrow_mut() = Some(message),
            super::build_runner::Progress::Fetching(_) => {}
        },
        pause,
    )
    .await;
    if let Some(message) = failed.into_inner() {
        return Err(message);
    }
    let output = built.into_inner().ok_or("the build did not end")?;
    if job.compare {
        super::rebuild::rebuild(&sandbox, &output);
    }
    state.previous = Some(output);
    Ok(())
}

/// How the worker's run of a job ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// It finished: the page may run it.
    Finished,
    /// The worker ran past the watchdog's time, at this line.
    TimedOut { seconds: f64, line: usize },
    /// The simulator crashed in the worker.
    Crashed(String),
    /// Canceled, or superseded by a newer job, at this line.
    Canceled { line: usize },
}

impl Verdict {
    /// Why the build did not run, in the words of a build error.
    pub fn reason(&self) -> Option<String> {
        match self {
            Verdict::Finished | Verdict::Canceled { .. } => None,
            Verdict::TimedOut { seconds, .. } => Some(format!(
                "The build ran longer than {} s and was stopped: over Stagecraft's time limit for a build (a simulation limit, not Docker's; the About view lists them)",
                format_seconds(*seconds)
            )),
            Verdict::Crashed(message) => Some(format!(
                "The build stopped the simulator ({message}): over what Stagecraft's worker could hold (a simulation limit, not Docker's). The page is safe, and this build is not run again until you edit it"
            )),
        }
    }
}

fn format_seconds(seconds: f64) -> String {
    if seconds >= 10.0 || seconds.fract() == 0.0 {
        format!("{seconds:.0}")
    } else {
        format!("{seconds:.1}")
    }
}

/// A build the page remembers across a reload: one that never finished
/// (the tab closed or died while it ran), or that the guard stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unfinished {
    /// [`Job::digest`] of what was being built.
    pub digest: String,
    /// Why it stopped; None while it runs.
    pub reason: Option<String>,
    /// The page that ran it: a build this very page is running is not one
    /// that did not finish.
    #[serde(default)]
    pub page: u64,
}

impl Unfinished {
    /// What the page says instead of building it again.
    pub fn message(&self) -> String {
        match &self.reason {
            Some(reason) => format!("{reason}. It is not built again on its own: edit the Dockerfile or the files, or press Rebuild"),
            None => "The last build of this sandbox did not finish (the page closed or stopped while it ran). It is not built again on its own: edit the Dockerfile or the files, or press Rebuild".to_string(),
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub mod browser {
    //! The worker and its watchdog.

    use std::cell::{Cell, RefCell};

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{Job, Verdict, WorkerState, WATCHDOG_KEY, WATCHDOG_MS};
    use crate::engine::pause::{Go, Pause};

    /// The worker's script, beside the app.
    const SCRIPT: &str = "./guard-worker.js";

    thread_local! {
        /// In the worker: what it keeps between jobs.
        static STATE: RefCell<WorkerState> = RefCell::new(WorkerState::default());
    }

    /// In the worker: posts the line of each instruction (a few times a
    /// second at most), so that the page can say where a stopped build was.
    struct Progress {
        last: f64,
    }

    impl Pause for Progress {
        async fn pause(&mut self, line: usize) -> Go {
            let now = js_sys::Date::now();
            if now - self.last > 50.0 {
                self.last = now;
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"line".into(), &(line as f64).into());
                if let Ok(scope) =
                    js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>()
                {
                    let _ = scope.post_message(&message);
                }
            }
            Go::On
        }
    }

    /// The worker's entry: runs one job (JSON) to its end.
    #[wasm_bindgen]
    pub async fn guard_job(job: String) -> Result<(), JsValue> {
        let job: Job = serde_json::from_str(&job).map_err(|e| JsValue::from_str(&e.to_string()))?;
        // Taken out while it runs (a job never overlaps another: the page
        // waits for the answer before it sends the next).
        let mut state = STATE.with(|s| std::mem::take(&mut *s.borrow_mut()));
        let result = super::run_job(
            job,
            &mut state,
            crate::ui::build_runner::fetch,
            Progress { last: 0.0 },
        )
        .await;
        STATE.with(|s| *s.borrow_mut() = state);
        result.map_err(|e| JsValue::from_str(&e))
    }

    /// A handler of the worker's events (or of the watchdog's timer).
    type Handler = Closure<dyn FnMut(JsValue)>;

    /// The page's side: one worker, one job at a time.
    pub struct Guard {
        worker: RefCell<Option<web_sys::Worker>>,
        /// Settles the job now running (with `{canceled: true}` to cancel),
        /// with the job's number.
        settle: RefCell<Option<(u64, js_sys::Function)>>,
        /// The number of the last job sent.
        jobs: Cell<u64>,
        /// The handlers of the job now running, kept alive until it ends.
        handlers: RefCell<Vec<Handler>>,
        /// The last line the worker reported.
        line: std::rc::Rc<Cell<usize>>,
        /// The files the worker has (held, so that no other files can
        /// take their place in memory and pass for them).
        has_files: RefCell<Option<std::rc::Rc<std::collections::BTreeMap<String, String>>>>,
    }

    impl Default for Guard {
        fn default() -> Guard {
            Guard::new()
        }
    }

    impl Guard {
        pub fn new() -> Guard {
            Guard {
                worker: RefCell::new(None),
                settle: RefCell::new(None),
                jobs: Cell::new(0),
                handlers: RefCell::new(Vec::new()),
                line: std::rc::Rc::new(Cell::new(0)),
                has_files: RefCell::new(None),
            }
        }
    }

    /// The watchdog's time, in milliseconds.
    fn watchdog_ms() -> f64 {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(WATCHDOG_KEY).ok().flatten())
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|ms| *ms > 0.0)
            .unwrap_or(WATCHDOG_MS)
    }

    /// The URL of the app's JavaScript: the module the page preloads.
    fn glue_url() -> Option<String> {
        let document = web_sys::window()?.document()?;
        let link = document.query_selector("link[rel=modulepreload]").ok()??;
        let href = link.get_attribute("href")?;
        Some(href)
    }

    fn field(value: &JsValue, name: &str) -> JsValue {
        js_sys::Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED)
    }

    impl Guard {
        fn worker(&self) -> Result<web_sys::Worker, String> {
            if let Some(worker) = self.worker.borrow().as_ref() {
                return Ok(worker.clone());
            }
            let options = web_sys::WorkerOptions::new();
            options.set_type(web_sys::WorkerType::Module);
            // Named with the app's version (its JavaScript's hashed name):
            // the offline cache keeps each version's worker apart.
            let version = glue_url().unwrap_or_default();
            let version = version.rsplit('/').next().unwrap_or_default();
            let url = format!("{SCRIPT}?{version}");
            let worker =
                web_sys::Worker::new_with_options(&url, &options).map_err(|e| format!("{e:?}"))?;
            *self.worker.borrow_mut() = Some(worker.clone());
            self.has_files.borrow_mut().take();
            Ok(worker)
        }

        /// Stops the worker (a new one starts with the next job).
        fn stop(&self) {
            if let Some(worker) = self.worker.borrow_mut().take() {
                worker.terminate();
            }
            self.has_files.borrow_mut().take();
        }

        /// Cancels the job now running, if any: the worker is stopped.
        pub fn cancel(&self) {
            let settle = self.settle.borrow_mut().take();
            if let Some((_, settle)) = settle {
                self.stop();
                let canceled = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&canceled, &"canceled".into(), &true.into());
                let _ = settle.call1(&JsValue::NULL, &canceled);
            }
        }

        /// Runs the job of building `sandbox` in the worker; the verdict
        /// once it ends. A job still running is canceled first.
        pub async fn check(
            &self,
            sandbox: &crate::ui::sandbox::Sandbox,
            grading: Option<&crate::ui::output::Grading>,
            compare: bool,
        ) -> Verdict {
            self.cancel();
            let worker = match self.worker() {
                Ok(w) => w,
                Err(e) => return Verdict::Crashed(format!("the worker could not start: {e}")),
            };
            let sent = self
                .has_files
                .borrow()
                .as_ref()
                .is_some_and(|f| std::rc::Rc::ptr_eq(f, &sandbox.files));
            let mut job = Job::of(sandbox, grading, sent);
            job.compare = compare;
            let Ok(text) = serde_json::to_string(&job) else {
                return Verdict::Crashed("the job could not be written".into());
            };
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"job".into(), &text.into());
            let _ = js_sys::Reflect::set(
                &message,
                &"glue".into(),
                &glue_url().unwrap_or_default().into(),
            );
            let _ = js_sys::Reflect::set(&message, &"module".into(), &wasm_bindgen::module());
            self.line.set(0);
            let id = self.jobs.get() + 1;
            self.jobs.set(id);
            let ms = watchdog_ms();
            let line = self.line.clone();
            let mut handlers = Vec::new();
            let mut timer = None;
            let promise = js_sys::Promise::new(&mut |resolve, _reject| {
                *self.settle.borrow_mut() = Some((id, resolve.clone()));
                let on_message = {
                    let resolve = resolve.clone();
                    let line = line.clone();
                    Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                        let data = field(&event, "data");
                        match field(&data, "line").as_f64() {
                            Some(n) => line.set(n as usize),
                            None => {
                                let _ = resolve.call1(&JsValue::NULL, &data);
                            }
                        }
                    })
                };
                let on_error = {
                    let resolve = resolve.clone();
                    Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                        let message = field(&event, "message")
                            .as_string()
                            .unwrap_or_else(|| "the worker failed".into());
                        let crashed = js_sys::Object::new();
                        let _ = js_sys::Reflect::set(&crashed, &"crashed".into(), &message.into());
                        let _ = resolve.call1(&JsValue::NULL, &crashed);
                    })
                };
                let on_timeout = {
                    let resolve = resolve.clone();
                    Closure::<dyn FnMut(JsValue)>::new(move |_| {
                        let late = js_sys::Object::new();
                        let _ = js_sys::Reflect::set(&late, &"timedOut".into(), &true.into());
                        let _ = resolve.call1(&JsValue::NULL, &late);
                    })
                };
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                timer = web_sys::window().and_then(|w| {
                    w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        on_timeout.as_ref().unchecked_ref(),
                        ms as i32,
                    )
                    .ok()
                });
                handlers.extend([on_message, on_error, on_timeout]);
            });
            *self.handlers.borrow_mut() = handlers;
            if let Err(e) = worker.post_message(&message) {
                self.cancel();
                return Verdict::Crashed(format!("the job could not be sent: {e:?}"));
            }
            let outcome = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .unwrap_or(JsValue::UNDEFINED);
            if let (Some(window), Some(timer)) = (web_sys::window(), timer) {
                window.clear_timeout_with_handle(timer);
            }
            // A canceled job's place may already be a newer job's.
            if field(&outcome, "canceled").is_truthy() {
                return Verdict::Canceled {
                    line: self.line.get(),
                };
            }
            if self.settle.borrow().as_ref().is_some_and(|(n, _)| *n == id) {
                self.settle.borrow_mut().take();
            }
            worker.set_onmessage(None);
            worker.set_onerror(None);
            self.handlers.borrow_mut().clear();
            let line = self.line.get();
            if field(&outcome, "done").is_truthy() {
                *self.has_files.borrow_mut() = Some(sandbox.files.clone());
                return Verdict::Finished;
            }
            // Stopped, or crashed: a new worker for the next job.
            self.stop();
            if field(&outcome, "timedOut").is_truthy() {
                return Verdict::TimedOut {
                    seconds: ms / 1000.0,
                    line,
                };
            }
            let message = field(&outcome, "crashed")
                .as_string()
                .unwrap_or_else(|| "the worker stopped".into());
            Verdict::Crashed(message)
        }
    }
}

/// Natively (the page rendered in tests) builds run on the test's own
/// thread: a guard that lets every job through.
#[cfg(not(target_arch = "wasm32"))]
pub mod browser {
    use super::Verdict;

    pub struct Guard {
        _private: (),
    }

    impl Default for Guard {
        fn default() -> Guard {
            Guard::new()
        }
    }

    impl Guard {
        pub fn new() -> Guard {
            Guard { _private: () }
        }

        pub fn cancel(&self) {}

        pub async fn check(
            &self,
            _sandbox: &crate::ui::sandbox::Sandbox,
            _grading: Option<&crate::ui::output::Grading>,
            _compare: bool,
        ) -> Verdict {
            Verdict::Finished
        }
    }
}

/// The error a build the guard stopped ends with, at the line the worker
/// had reached.
pub fn stopped_error(reason: String, line: usize) -> crate::engine::error::BuildError {
    use crate::dockerfile::source::Position;
    let at = Position {
        offset: 0,
        line,
        column: 1,
    };
    crate::engine::error::BuildError::new(
        crate::dockerfile::Span::new(at, at),
        crate::engine::error::BuildErrorKind::Stopped { reason },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::pause::NoPause;
    use crate::ui::build_runner::fetch;

    fn finish<F: std::future::Future>(f: F) -> F::Output {
        crate::engine::pause::finish(f)
    }

    #[test]
    fn a_job_sends_its_files_once_and_runs_as_the_page_would() {
        let mut sandbox = Sandbox::new("FROM alpine:3.19\nCOPY . /app/\n");
        sandbox.files_mut().insert("a.txt".into(), "hello\n".into());
        let first = Job::of(&sandbox, None, false);
        assert_eq!(first.files.as_ref().map(|f| f.len()), Some(1));
        let again = Job::of(&sandbox, None, true);
        assert_eq!(again.files, None);
        // Through JSON, as the worker gets it.
        let text = serde_json::to_string(&first).unwrap();
        let back: Job = serde_json::from_str(&text).unwrap();
        assert_eq!(back, first);
        let mut state = WorkerState::default();
        assert_eq!(finish(run_job(back, &mut state, fetch, NoPause)), Ok(()));
        let built = state.previous.clone().expect("the worker keeps its build");
        assert!(built.build.error.is_none(), "{:?}", built.build.error);
        // The next job without files builds over the same ones.
        let mut second = Job::of(&sandbox, None, true);
        second.dockerfile = "FROM alpine:3.19\nCOPY a.txt /a.txt\n".into();
        assert_eq!(finish(run_job(second, &mut state, fetch, NoPause)), Ok(()));
        let built = state.previous.expect("kept");
        assert!(built.build.error.is_none(), "{:?}", built.build.error);
    }

    #[test]
    fn a_graded_job_names_its_lesson_and_a_compare_job_rebuilds() {
        let lesson = crate::lessons::curriculum::lessons()
            .first()
            .expect("a lesson");
        let sandbox = Sandbox {
            dockerfile: lesson.starter.clone(),
            files: Rc::new(lesson.files.clone()),
            ..Sandbox::new("")
        };
        let grading = Grading {
            lesson,
            answers: Answers::new(),
        };
        let mut job = Job::of(&sandbox, Some(&grading), false);
        assert_eq!(job.lesson.as_deref(), Some(lesson.id.as_str()));
        job.compare = true;
        let mut state = WorkerState::default();
        assert_eq!(finish(run_job(job, &mut state, fetch, NoPause)), Ok(()));
        let mut unknown = Job::of(&sandbox, None, false);
        unknown.lesson = Some("no-such-lesson".into());
        assert_eq!(
            finish(run_job(unknown, &mut state, fetch, NoPause)),
            Err("no lesson no-such-lesson".into())
        );
    }

    #[test]
    fn the_digest_tells_builds_apart() {
        let a = Sandbox::new("FROM alpine:3.19\n");
        let b = Sandbox::new("FROM alpine:3.20\n");
        assert_eq!(Job::digest(&a, None), Job::digest(&a.clone(), None));
        assert_ne!(Job::digest(&a, None), Job::digest(&b, None));
    }

    #[test]
    fn verdicts_name_what_stopped_the_build() {
        let late = Verdict::TimedOut {
            seconds: 20.0,
            line: 3,
        }
        .reason()
        .unwrap();
        assert!(late.contains("ran longer than 20 s"), "{late}");
        assert!(late.contains("Stagecraft's time limit"), "{late}");
        let crash = Verdict::Crashed("RuntimeError: unreachable".into())
            .reason()
            .unwrap();
        assert!(crash.contains("RuntimeError: unreachable"), "{crash}");
        assert_eq!(Verdict::Finished.reason(), None);
        let held = Unfinished {
            digest: "x".into(),
            reason: None,
            page: 1,
        };
        assert!(held.message().contains("did not finish"));
    }
}
