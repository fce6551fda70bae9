//! One build of the sandbox as the page shows it: the engine's `Build`,
//! the analysis `Report` of its image, the summary the panels list, and
//! which steps a rebuild would find CACHED against the build before.

use crate::analysis::cache::{rebuild, StepOutcome};
use crate::analysis::{analyze, Report};
use crate::engine::build::Build;
use crate::engine::catalog::builtin;
use crate::engine::image::Image;

use super::build_view::BuildView;
use super::sandbox::Sandbox;

#[derive(Debug)]
pub struct Output {
    /// The sandbox revision built.
    pub revision: u64,
    pub build: Build,
    pub report: Option<Report>,
    pub view: BuildView,
    /// Each step against the previous build: CACHED or rebuilt, and why.
    pub cache: Vec<StepOutcome>,
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
        let context = sandbox.context();
        let build = crate::engine::build(
            &sandbox.dockerfile,
            &context,
            &sandbox.build_options(),
            builtin(),
        );
        let report = analyze(&sandbox.dockerfile, &context, &build);
        let cache = previous
            .map(|p| rebuild(&p.build, &build))
            .unwrap_or_default();
        Output {
            revision,
            view: BuildView::of(&build),
            build,
            report,
            cache,
        }
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
        sandbox.files.insert("go.mod".into(), "module x\n".into());
        sandbox
            .files
            .insert("main.go".into(), "package main\n".into());
        let first = Output::build(&sandbox, 1, None);
        assert!(first.cache.is_empty());
        assert!(first.report.is_some());
        sandbox
            .files
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
}
