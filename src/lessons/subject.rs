//! What a check looks at: the learner's build, what it needs to build
//! again, and the learner's answers.

use std::collections::BTreeMap;

use crate::analysis::cache::{rebuild, StepOutcome};
use crate::analysis::Report;
use crate::engine::build::Build;
use crate::engine::catalog::data::Lacking;
use crate::engine::catalog::Catalog;
use crate::engine::context::BuildContext;
use crate::engine::plan::BuildOptions;

use super::question::Question;

/// The learner's answers: question id to the options chosen.
pub type Answers = BTreeMap<String, Vec<usize>>;

/// What a check looks at: one build of the learner's Dockerfile, and what
/// it needs to build again (another target, an edited context).
pub struct Subject<'a> {
    pub source: &'a str,
    pub context: &'a BuildContext,
    pub options: &'a BuildOptions,
    pub build: &'a Build,
    pub report: Option<&'a Report>,
    pub catalog: &'a dyn Catalog,
    /// The starter's final image size, for `size <= N% of starter`.
    pub starter_size: Option<u64>,
    pub questions: &'a [Question],
    pub answers: &'a Answers,
    /// Data files the checks' own builds lacked.
    pub lacking: &'a Lacking,
}

impl Subject<'_> {
    /// Builds the same Dockerfile with `--target target`.
    pub(crate) fn build_target(&self, target: &str) -> Result<(), String> {
        let options = BuildOptions {
            target: Some(target.to_string()),
            ..self.options.clone()
        };
        let build = crate::engine::build(self.source, self.context, &options, self.catalog);
        self.lacking.extend(build.lacking);
        match build.error {
            None => Ok(()),
            Some(error) => Err(format!("`--target {target}` fails: {error}")),
        }
    }

    /// Builds again after appending a line to `file`: each step, CACHED
    /// or not.
    pub(crate) fn rebuild_after_edit(&self, file: &str) -> Vec<StepOutcome> {
        let old = self
            .context
            .files
            .read(&crate::engine::vfs::absolute("/", file))
            .ok()
            .and_then(|c| c.as_text())
            .unwrap_or_default();
        let edited = self.context.with_file(file, &format!("{old}\n// edited\n"));
        let after = crate::engine::build(self.source, &edited, self.options, self.catalog);
        self.lacking.extend(after.lacking.iter().cloned());
        rebuild(self.build, &after)
    }

    /// Whether question `id` was answered right (None: not answered).
    pub(crate) fn answer(&self, id: &str) -> Option<bool> {
        let question = self.questions.iter().find(|q| q.id == id)?;
        self.answers.get(id).map(|chosen| question.is_right(chosen))
    }
}
