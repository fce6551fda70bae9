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
use crate::engine::image::Image;
use crate::engine::vfs::Node;

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
    /// The lesson's source files: the app's code (`runs` tells the app by
    /// them).
    pub sources: &'a [String],
}

/// What `runs` found the container runs.
pub(crate) enum AppEntry {
    /// This entry file changed when the sources changed.
    Built(String),
    /// None did: the sources, as a list to show.
    NotBuilt(String),
    /// The lesson has no source files to tell the app by.
    NoSources,
}
/// The files of a lesson that are the app's code, by their extension:
/// what a compiler or an interpreter reads, and a page's markup.
pub fn app_sources<'a>(paths: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    paths
        .into_iter()
        .filter(|p| comment_for(p).is_some())
        .cloned()
        .collect()
}

/// A line that changes a source file of this kind without changing what
/// it does.
fn comment_for(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.').map(|(_, e)| e)?;
    Some(match extension {
        "go" | "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" | "java" | "kt" | "scala" | "c"
        | "h" | "cc" | "cpp" | "hpp" | "rs" | "cs" | "php" | "swift" => "// edited",
        "py" | "rb" | "sh" | "pl" => "# edited",
        "html" | "htm" => "<!-- edited -->",
        "css" => "/* edited */",
        _ => return None,
    })
}

impl Subject<'_> {
    /// Builds the same Dockerfile with `--target target`.
    pub(crate) fn build_target(&self, target: &str) -> Result<(), String> {
        self.build_of_target(target).map(drop)
    }

    /// Builds the same Dockerfile with `--target target`, and returns
    /// the build when it succeeds.
    pub(crate) fn build_of_target(&self, target: &str) -> Result<Build, String> {
        self.build_of_target_failing(target, None)
    }

    /// [`Self::build_of_target`], where the program run with the words
    /// `failing` fails (as a failing test does).
    pub(crate) fn build_of_target_failing(
        &self,
        target: &str,
        failing: Option<&str>,
    ) -> Result<Build, String> {
        let options = BuildOptions {
            target: Some(target.to_string()),
            failing: failing.map(str::to_string),
            ..self.options.clone()
        };
        let build = crate::engine::build(self.source, self.context, &options, self.catalog);
        self.lacking.extend(build.lacking.iter().cloned());
        match &build.error {
            None => Ok(build),
            Some(error) => Err(format!("`--target {target}` fails: {error}")),
        }
    }

    /// Builds again without bind-mounting `path` of the context: whether
    /// the build still succeeds.
    pub(crate) fn builds_without_mounting(&self, path: &str) -> bool {
        let options = BuildOptions {
            unmounted: Some(path.to_string()),
            ..self.options.clone()
        };
        let build = crate::engine::build(self.source, self.context, &options, self.catalog);
        build.error.is_none()
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

    /// What the container runs that the lesson's sources make: builds
    /// again with each source file edited, and looks for an entry file
    /// whose content changed.
    pub(crate) fn app_entry(&self, image: &Image, entry: &[String]) -> AppEntry {
        let mut edited = self.context.clone();
        let mut changed = Vec::new();
        for path in self.sources {
            let Some(comment) = comment_for(path) else {
                continue;
            };
            let Some(old) = self
                .context
                .files
                .read(&crate::engine::vfs::absolute("/", path))
                .ok()
                .and_then(|c| c.as_text())
            else {
                continue;
            };
            edited = edited.with_file(path, &format!("{old}\n{comment}\n"));
            changed.push(path.as_str());
        }
        if changed.is_empty() {
            return AppEntry::NoSources;
        }
        let after = crate::engine::build(self.source, &edited, self.options, self.catalog);
        self.lacking.extend(after.lacking.iter().cloned());
        let digest = |image: &Image, path: &str| match image.filesystem.lookup(path, true) {
            Ok((_, Node::File(file))) => Some(file.content.digest()),
            _ => None,
        };
        if let Some(after) = after.image() {
            if let Some(path) = entry.iter().find(|p| digest(image, p) != digest(after, p)) {
                return AppEntry::Built(path.clone());
            }
        }
        let shown: Vec<String> = changed.iter().take(3).map(|p| format!("`{p}`")).collect();
        let more = changed.len().saturating_sub(3);
        AppEntry::NotBuilt(match shown.split_last() {
            Some((last, rest)) if more == 0 && !rest.is_empty() => {
                format!("{} and {last}", rest.join(", "))
            }
            _ if more > 0 => format!("{} and {more} more", shown.join(", ")),
            _ => shown.join(""),
        })
    }

    /// Whether question `id` was answered right (None: not answered).
    pub(crate) fn answer(&self, id: &str) -> Option<bool> {
        let question = self.questions.iter().find(|q| q.id == id)?;
        self.answers.get(id).map(|chosen| question.is_right(chosen))
    }
}
