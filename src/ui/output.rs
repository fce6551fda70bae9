//! One build of the sandbox as the page shows it: the engine's `Build`,
//! the analysis `Report` of its image, the summary the panels list, and
//! which steps a rebuild would find CACHED against the build before.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::analysis::cache::{rebuild, StepOutcome};
use crate::analysis::{analyze, Report};
use crate::engine::build::Build;
use crate::engine::catalog::builtin;
use crate::engine::context::BuildContext;
use crate::engine::error::BuildError;
use crate::engine::image::Image;
use crate::engine::pause::{finish, NoPause, Pause};
use crate::lessons::grade::{grade_build, Answers, Graded, Reference};
use crate::lessons::{Grade, Lesson};

use super::build_view::BuildView;
use super::graph::Graph;
use super::sandbox::Sandbox;

#[derive(Debug)]
pub struct Output {
    /// The sandbox revision built.
    pub revision: u64,
    /// The Dockerfile built.
    pub source: String,
    /// The context's files as the sandbox held them, and the context made
    /// of them: the next build reuses it when only the Dockerfile changed.
    pub files: Rc<BTreeMap<String, String>>,
    pub context: Rc<BuildContext>,
    pub build: Build,
    pub report: Option<Report>,
    pub view: BuildView,
    /// The stage graph the Build view draws.
    pub graph: Graph,
    /// Each step against the previous build: CACHED or rebuilt, and why.
    pub cache: Vec<StepOutcome>,
    /// Milliseconds spent: making the context, building, analyzing,
    /// comparing with the build before.
    pub millis: [f64; 4],
    /// The open lesson's grade of this build.
    pub grade: Option<Rc<Grade>>,
}

/// What a build in a lesson is graded against.
#[derive(Clone, Debug, PartialEq)]
pub struct Grading {
    pub lesson: &'static Lesson,
    pub answers: Answers,
}

thread_local! {
    /// Each lesson's reference figures, built once (once the data they
    /// need is at hand).
    static REFERENCES: std::cell::RefCell<BTreeMap<String, Rc<Reference>>> =
        const { std::cell::RefCell::new(BTreeMap::new()) };
}

/// The reference figures of `lesson`: its starter's and solution's builds.
pub fn reference(lesson: &Lesson) -> Rc<Reference> {
    if let Some(r) = REFERENCES.with(|m| m.borrow().get(&lesson.id).cloned()) {
        return r;
    }
    let r = Rc::new(Reference::of(lesson, builtin()));
    // Built without some data (the page fetches it and builds again):
    // not kept.
    if r.lacking.is_empty() {
        REFERENCES.with(|m| m.borrow_mut().insert(lesson.id.clone(), r.clone()));
    }
    r
}

/// Milliseconds from an arbitrary start, in the page and natively.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
            * 1e3
    }
}

impl PartialEq for Output {
    fn eq(&self, other: &Output) -> bool {
        self.revision == other.revision && self.view == other.view
    }
}

impl Output {
    /// Builds and analyzes `sandbox`; `previous` is the build before, for
    /// the cache.
    pub fn build(sandbox: &Sandbox, revision: u64, previous: Option<&Output>) -> Output {
        Output::build_graded(sandbox, revision, previous, None)
    }

    /// Builds, analyzes, and grades against a lesson.
    pub fn build_graded(
        sandbox: &Sandbox,
        revision: u64,
        previous: Option<&Output>,
        grading: Option<&Grading>,
    ) -> Output {
        finish(Output::build_pausing(
            sandbox,
            revision,
            previous,
            grading,
            &mut NoPause,
        ))
    }

    /// [`Output::build_graded`], the build asking `pause` before each
    /// instruction whether to go on (the page's builds let it answer).
    pub async fn build_pausing(
        sandbox: &Sandbox,
        revision: u64,
        previous: Option<&Output>,
        grading: Option<&Grading>,
        pause: &mut impl Pause,
    ) -> Output {
        let t0 = now_ms();
        let context = match previous {
            Some(p) if Rc::ptr_eq(&p.files, &sandbox.files) => {
                Rc::new(p.context.with_file("Dockerfile", &sandbox.dockerfile))
            }
            _ => Rc::new(sandbox.context()),
        };
        let t1 = now_ms();
        let build = crate::engine::build_pausing(
            &sandbox.dockerfile,
            &context,
            &sandbox.build_options(),
            builtin(),
            pause,
        )
        .await;
        let t2 = now_ms();
        let report = analyze(&context, &build);
        let t3 = now_ms();
        let cache = previous
            .map(|p| rebuild(&p.build, &build))
            .unwrap_or_default();
        let t4 = now_ms();
        let grade = grading.map(|g| {
            let reference = reference(g.lesson);
            Rc::new(grade_build(
                g.lesson,
                &reference,
                &Graded {
                    dockerfile: &sandbox.dockerfile,
                    context: &context,
                    build: &build,
                    report: report.as_ref(),
                    answers: &g.answers,
                },
                builtin(),
            ))
        });
        Output {
            revision,
            source: sandbox.dockerfile.clone(),
            files: sandbox.files.clone(),
            context,
            view: BuildView::of(&build),
            graph: Graph::of(&build),
            build,
            report,
            cache,
            millis: [t1 - t0, t2 - t1, t3 - t2, t4 - t3],
            grade,
        }
    }

    /// A build that did not run: the guard stopped it (or it did not
    /// finish before the page last closed), or the learner canceled it
    /// while the guard ran it. Its error says why; nothing of the
    /// sandbox is reused from it by the next build.
    pub fn stopped(sandbox: &Sandbox, revision: u64, error: BuildError) -> Output {
        let context = BuildContext::empty();
        let build = Build::not_run(&sandbox.build_options(), &context, error);
        Output {
            revision,
            source: sandbox.dockerfile.clone(),
            files: Rc::default(),
            context: Rc::new(context),
            view: BuildView::of(&build),
            graph: Graph::of(&build),
            build,
            report: None,
            cache: Vec::new(),
            millis: [0.0; 4],
            grade: None,
        }
    }

    /// The data files this build, its grading or its reference lacked:
    /// the page fetches them and builds again.
    pub fn lacking(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.build.lacking.clone();
        if let Some(grade) = &self.grade {
            paths.extend(grade.lacking.iter().cloned());
        }
        paths.sort();
        paths.dedup();
        paths
    }

    /// The build was stopped before it ended (canceled, or superseded).
    pub fn canceled(&self) -> bool {
        self.build
            .error
            .as_ref()
            .is_some_and(|e| *e.kind == crate::engine::error::BuildErrorKind::Canceled)
    }

    pub fn image_size(&self) -> Option<u64> {
        self.build.image().map(Image::size)
    }

    /// The image of a stage (None: the target's, the final image).
    pub fn image(&self, stage: Option<usize>) -> Option<&Image> {
        match stage {
            None => self.build.image(),
            Some(s) => self.build.stages.get(s)?.image.as_ref(),
        }
    }

    pub fn layer_count(&self, stage: Option<usize>) -> Option<usize> {
        self.image(stage).map(|i| i.layers.len())
    }

    /// How a step fared against the build before, if there was one.
    pub fn cached(&self, stage: &str, line: usize) -> Option<&StepOutcome> {
        self.cache
            .iter()
            .find(|o| o.stage == stage && o.line == line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_after_an_edit_says_what_stayed_cached() {
        let mut sandbox = Sandbox::new(
            "FROM busybox:1.36\nCOPY go.mod /src/\nRUN cat /src/go.mod > /deps\nCOPY main.go /src/\nRUN cat /src/main.go > /app\n",
        );
        sandbox
            .files_mut()
            .insert("go.mod".into(), "module x\n".into());
        sandbox
            .files_mut()
            .insert("main.go".into(), "package main\n".into());
        let first = Output::build(&sandbox, 1, None);
        assert!(first.cache.is_empty());
        assert!(first.report.is_some());
        sandbox
            .files_mut()
            .insert("main.go".into(), "package main // 2\n".into());
        let second = Output::build(&sandbox, 2, Some(&first));
        let cached: Vec<(usize, bool)> = second.cache.iter().map(|o| (o.line, o.cached)).collect();
        assert_eq!(cached, [(2, true), (3, true), (4, false), (5, false)]);
        assert_eq!(
            second
                .cached("stage-0", 4)
                .and_then(|o| o.reason.clone())
                .as_deref(),
            Some("`COPY main.go /src/` changed: /src/main.go")
        );
    }

    #[test]
    fn a_dockerfile_edit_reuses_the_context_as_a_fresh_build_would() {
        let mut sandbox = Sandbox::new("FROM busybox:1.36\nCOPY . /ctx/\n");
        sandbox.files_mut().insert("a.txt".into(), "a\n".into());
        let first = Output::build(&sandbox, 1, None);
        sandbox.dockerfile = "FROM busybox:1.36\nCOPY . /ctx/\nRUN true\n".into();
        let reused = Output::build(&sandbox, 2, Some(&first));
        let fresh = Output::build(&sandbox, 2, None);
        assert!(Rc::ptr_eq(&reused.files, &first.files));
        let text = |o: &Output| {
            o.build
                .image()
                .and_then(|i| i.filesystem.read("/ctx/Dockerfile").ok())
                .and_then(|c| c.as_text().map(String::from))
        };
        assert_eq!(text(&reused), Some(sandbox.dockerfile.clone()));
        assert_eq!(reused.image_size(), fresh.image_size());
        assert_eq!(reused.context.size, fresh.context.size);
        // Left out by .dockerignore, the Dockerfile stays out.
        sandbox
            .files_mut()
            .insert(".dockerignore".into(), "Dockerfile\n".into());
        let ignored = Output::build(&sandbox, 3, None);
        sandbox.dockerfile.push_str("RUN true\n");
        let again = Output::build(&sandbox, 4, Some(&ignored));
        assert_eq!(text(&again), None);
    }
}
