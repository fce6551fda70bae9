//! Runs a build in the page. The WebAssembly build carries only the
//! catalog's index: a build notes the data files it lacks (a base image's
//! layers, a package archive), they are fetched from the server (the
//! files Trunk copies beside the app), and the build runs again, until
//! nothing is missing. Natively every file is embedded and one pass is
//! enough. Sample apps are fetched the same way.

use std::rc::Rc;

use crate::engine::catalog::data::Lacking;
use crate::engine::catalog::{builtin, Catalog};
use crate::engine::pause::Pause;

use super::output::{Grading, Output};
use super::samples::{self, SampleChoice};
use super::sandbox::Sandbox;

/// How many fetch rounds a build may take: layers, then the archives
/// their packages come from, then what RUN's programs read.
const ROUNDS: usize = 5;

/// What the runner reports as it goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    Fetching(Vec<String>),
    Done(Rc<Output>, Vec<String>),
    Failed(String),
}

/// Builds `sandbox` (at `revision`), fetching data with `fetch` (path ->
/// bytes) as the build asks for it; `report` hears each step, and `pause`
/// is asked before each instruction.
pub async fn run<F, Fut>(
    sandbox: Sandbox,
    revision: u64,
    previous: Option<Rc<Output>>,
    grading: Option<Grading>,
    fetch: F,
    report: impl Fn(Progress),
    mut pause: impl Pause,
) where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<u8>, String>>,
{
    let mut fetched = Vec::new();
    for _ in 0..ROUNDS {
        let output = Output::build_pausing(
            &sandbox,
            revision,
            previous.as_deref(),
            grading.as_ref(),
            &mut pause,
        )
        .await;
        // This build's own list: another build in flight keeps its own.
        let missing = output.lacking();
        if missing.is_empty() {
            report(Progress::Done(Rc::new(output), fetched));
            return;
        }
        report(Progress::Fetching(missing.clone()));
        for path in missing {
            match fetch(path.clone()).await {
                Ok(bytes) => {
                    builtin().data().provide(&path, bytes);
                    fetched.push(path);
                }
                Err(error) => {
                    report(Progress::Failed(format!("could not load {path}: {error}")));
                    return;
                }
            }
        }
    }
    report(Progress::Failed(
        "the build kept asking for more data; giving up".into(),
    ))
}

/// The quiz's questions built live from a few lessons (picked by `seed`),
/// fetching the data their builds ask for.
pub async fn live_questions<F, Fut>(
    seed: u64,
    fetch: F,
) -> Result<Vec<crate::lessons::Question>, String>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<u8>, String>>,
{
    let lessons = super::course::live_lessons(seed);
    for _ in 0..ROUNDS {
        let lacking = Lacking::default();
        let questions = crate::lessons::quiz::generated(&lessons, builtin(), &lacking);
        if lacking.is_empty() {
            return Ok(questions);
        }
        for path in lacking.paths() {
            let bytes = fetch(path.clone()).await?;
            builtin().data().provide(&path, bytes);
        }
    }
    Err("the quiz's builds kept asking for more data".into())
}

/// A sample app's sandbox, its files fetched when this build lacks them.
pub async fn load_sample<F, Fut>(choice: &SampleChoice, fetch: F) -> Result<Sandbox, String>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<u8>, String>>,
{
    let mut texts = std::collections::BTreeMap::new();
    for path in samples::files(&choice.app) {
        let text = match samples::embedded(path) {
            Some(text) => text.to_string(),
            None => {
                let bytes = fetch(format!("samples/{path}")).await?;
                String::from_utf8(bytes).map_err(|_| format!("{path} is not text"))?
            }
        };
        texts.insert(path.to_string(), text);
    }
    samples::sandbox(choice, |p| texts.get(p).cloned())
        .ok_or_else(|| format!("{} has no {}", choice.app, choice.dockerfile))
}

/// Fetches a data file from beside the app (in the page, or in the
/// guard's worker).
#[cfg(target_arch = "wasm32")]
pub async fn fetch(path: String) -> Result<Vec<u8>, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let global = js_sys::global();
    let request = if let Some(window) = global.dyn_ref::<web_sys::Window>() {
        window.fetch_with_str(&path)
    } else if let Some(worker) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        worker.fetch_with_str(&path)
    } else {
        return Err("nothing to fetch with".into());
    };
    let response = JsFuture::from(request)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| format!("{e:?}"))?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Natively every data file is embedded: nothing to fetch.
#[cfg(not(target_arch = "wasm32"))]
pub async fn fetch(path: String) -> Result<Vec<u8>, String> {
    Err(format!("{path} is not embedded"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error::BuildErrorKind;
    use crate::engine::pause::{Go, NoPause};
    use std::cell::RefCell;

    #[tokio::test]
    async fn a_native_build_needs_no_fetch() {
        let seen = RefCell::new(Vec::new());
        run(
            Sandbox::new("FROM golang:1.22\nRUN go version\n"),
            1,
            None,
            None,
            fetch,
            |p| seen.borrow_mut().push(p),
            NoPause,
        )
        .await;
        let seen = seen.into_inner();
        assert_eq!(seen.len(), 1, "{seen:?}");
        match &seen[0] {
            Progress::Done(output, fetched) => {
                assert!(fetched.is_empty());
                assert!(output.view.size_bytes > 700_000_000, "{:?}", output.view);
                assert_eq!(output.revision, 1);
            }
            other => panic!("{other:?}"),
        }
    }

    /// Says go on `n` times, then stop.
    struct StopAfter(usize);

    impl Pause for StopAfter {
        async fn pause(&mut self, _line: usize) -> Go {
            match self.0.checked_sub(1) {
                Some(n) => {
                    self.0 = n;
                    Go::On
                }
                None => Go::Stop,
            }
        }
    }

    #[tokio::test]
    async fn a_stopped_build_ends_canceled_before_the_next_instruction() {
        let seen = RefCell::new(Vec::new());
        let dockerfile = "FROM alpine:3.19\nRUN echo one > /one\nRUN echo two > /two\n";
        run(
            Sandbox::new(dockerfile),
            1,
            None,
            None,
            fetch,
            |p| seen.borrow_mut().push(p),
            StopAfter(1),
        )
        .await;
        let seen = seen.into_inner();
        let Some(Progress::Done(output, _)) = seen.first() else {
            panic!("{seen:?}");
        };
        let error = output.build.error.as_ref().expect("canceled");
        assert_eq!(*error.kind, BuildErrorKind::Canceled);
        assert_eq!(error.span.start.line, 3);
        assert_eq!(error.to_string(), "Canceled: context canceled");
        // What ran before the stop is kept: the first RUN's layer.
        let stage = &output.build.stages[0];
        assert_eq!(stage.steps.len(), 1);
        let image = stage.image.as_ref().expect("the stage so far");
        assert!(image.filesystem.exists("/one"));
        assert!(!image.filesystem.exists("/two"));
    }

    #[tokio::test]
    async fn a_sample_loads_from_embedded_text() {
        let choice = samples::choice("node-api/Dockerfile").expect("node-api");
        let sandbox = load_sample(&choice, fetch).await.expect("loads");
        assert!(sandbox.files.contains_key("package.json"));
        assert!(sandbox.dockerfile.starts_with("# syntax") || sandbox.dockerfile.contains("FROM"));
    }
}
