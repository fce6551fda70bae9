//! The build context: the files a build may COPY and ADD, after
//! `.dockerignore` has removed what it excludes.

use serde::Serialize;

use crate::dockerfile::ignore::{ignore_file_for, IgnoreMatcher};
use crate::dockerfile::Diagnostic;

use super::content::Content;
use super::error::BuildErrorKind;
use super::vfs::{absolute, Filesystem, Meta, Node};

/// One file given to the context, before filtering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextEntry {
    File { content: Content, mode: u32 },
    Dir { mode: u32 },
    Symlink { target: String },
}

impl ContextEntry {
    pub fn text(text: &str) -> ContextEntry {
        ContextEntry::File {
            content: Content::text(text),
            mode: 0o644,
        }
    }

    pub fn executable(text: &str) -> ContextEntry {
        ContextEntry::File {
            content: Content::text(text),
            mode: 0o755,
        }
    }
}

/// The context after filtering, rooted at `/`.
#[derive(Clone, Debug)]
pub struct BuildContext {
    pub files: Filesystem,
    /// Context paths left out by `.dockerignore`, in order.
    pub excluded: Vec<String>,
    /// The ignore file used, relative to the context.
    pub ignore_file: Option<String>,
    /// Problems with the ignore file's patterns.
    pub diagnostics: Vec<Diagnostic>,
    /// Bytes and entries sent to the builder.
    pub size: u64,
    pub entry_count: usize,
    /// What the reading of the context left out or renamed, for the
    /// learner.
    pub warnings: Vec<String>,
    /// Why no build can use this context (its ignore file is past a limit).
    pub error: Option<BuildErrorKind>,
}

/// How big the context is and what was left out, for reports.
#[derive(Clone, Debug, Serialize)]
pub struct ContextSummary {
    pub size: u64,
    pub entries: usize,
    pub excluded: Vec<String>,
    pub ignore_file: Option<String>,
}

impl BuildContext {
    /// An empty context.
    pub fn empty() -> BuildContext {
        BuildContext::from_entries(Vec::<(String, ContextEntry)>::new(), "Dockerfile")
    }

    /// Builds the context from paths relative to its root (`src/main.go`)
    /// and their entries; parent directories are made as needed. The
    /// `.dockerignore` that applies to `dockerfile` (a path in the context)
    /// filters them.
    pub fn from_entries<P: AsRef<str>>(
        entries: impl IntoIterator<Item = (P, ContextEntry)>,
        dockerfile: &str,
    ) -> BuildContext {
        BuildContext::from_entries_beside(entries, dockerfile, None)
    }

    /// The same, for a Dockerfile outside the context: `beside` is the
    /// `<Dockerfile>.dockerignore` next to it (its name as given, its
    /// text), which wins over the context's `.dockerignore`, as BuildKit
    /// reads it from the Dockerfile's own directory.
    pub fn from_entries_beside<P: AsRef<str>>(
        entries: impl IntoIterator<Item = (P, ContextEntry)>,
        dockerfile: &str,
        beside: Option<(String, Content)>,
    ) -> BuildContext {
        let mut all = Filesystem::new();
        for (path, entry) in entries {
            let path = absolute("/", path.as_ref());
            if path == "/" {
                continue;
            }
            let node = match entry {
                ContextEntry::File { content, mode } => Node::file(content, Meta::new(mode, 0, 0)),
                ContextEntry::Dir { mode } => match all.get(&path) {
                    Some(Node::Dir(_)) => continue,
                    _ => Node::dir(Meta::new(mode, 0, 0)),
                },
                ContextEntry::Symlink { target } => Node::symlink(&target, Meta::symlink()),
            };
            // A path under a file or a link can not be placed; it is dropped
            // as a real filesystem could not hold it either.
            let _ = all.place(&path, node, Meta::dir());
        }
        BuildContext::filter(all, dockerfile, beside)
    }

    /// Applies the ignore file for `dockerfile`: the one `beside` it
    /// outside the context, or the one found in `all`.
    fn filter(
        all: Filesystem,
        dockerfile: &str,
        beside: Option<(String, Content)>,
    ) -> BuildContext {
        let (ignore_file, beside) = match beside {
            Some((name, content)) => (Some(name), Some(content)),
            None => (
                ignore_file_for(dockerfile, |p| {
                    matches!(all.get(&absolute("/", p)), Some(Node::File(_)))
                }),
                None,
            ),
        };
        let mut diagnostics = Vec::new();
        let mut error = None;
        let matcher = ignore_file.as_ref().and_then(|file| {
            let content = match &beside {
                Some(content) => content,
                None => all.read(&absolute("/", file)).ok()?,
            };
            let limit = crate::limits::IGNORE_FILE_BYTES;
            if content.size() > limit as u64 {
                error = Some(BuildErrorKind::Limit {
                    what: format!("{file} is {} bytes", content.size()),
                    limit: format!("{limit} bytes"),
                });
                return None;
            }
            // Not UTF-8: Go reads it byte by byte; the odd bytes match
            // nothing a path holds.
            let text = String::from_utf8_lossy(content.data()?).into_owned();
            let (matcher, problems) = IgnoreMatcher::from_text(&text);
            diagnostics = problems;
            Some(matcher)
        });
        let Some(matcher) = matcher else {
            let (entry_count, size) = all.totals();
            return BuildContext {
                files: all,
                excluded: Vec::new(),
                ignore_file,
                diagnostics,
                size,
                entry_count,
                warnings: Vec::new(),
                error,
            };
        };
        let mut files = Filesystem::new();
        let walked = all.walk();
        for (path, node) in &walked {
            if matcher.is_excluded(&path[1..]) {
                continue;
            }
            if matcher.exhausted() {
                break;
            }
            let node = match *node {
                Node::Dir(d) => Node::dir(d.meta),
                other => other.clone(),
            };
            let _ = files.place(path, node, Meta::dir());
        }
        if matcher.exhausted() {
            let paths = walked.len();
            drop(walked);
            let (entry_count, size) = all.totals();
            return BuildContext {
                files: all,
                excluded: Vec::new(),
                error: Some(BuildErrorKind::Limit {
                    what: format!(
                        "matching the {} patterns of {} against the context's {paths} paths took too long",
                        matcher.len(),
                        ignore_file.as_deref().unwrap_or(".dockerignore"),
                    ),
                    limit: format!("{} units of work", crate::limits::IGNORE_MATCH_WORK),
                }),
                ignore_file,
                diagnostics,
                size,
                entry_count,
                warnings: Vec::new(),
            };
        }
        // What is missing, reported at the top of each missing tree (a
        // directory kept for a re-included file is not missing).
        let mut excluded = Vec::new();
        for (path, _) in &walked {
            let (parent, _) = super::vfs::split_parent(path);
            let parent_present = parent == "/" || files.get(parent).is_some();
            if files.get(path).is_none() && parent_present {
                excluded.push(path[1..].to_string());
            }
        }
        let (entry_count, size) = files.totals();
        BuildContext {
            files,
            excluded,
            ignore_file,
            diagnostics,
            size,
            entry_count,
            warnings: Vec::new(),
            error: None,
        }
    }

    /// The same context with the file at `path` (relative) written as
    /// `text`, unless .dockerignore leaves it out: a rebuild after one
    /// edit, without reading every file again.
    pub fn with_file(&self, path: &str, text: &str) -> BuildContext {
        let mut next = self.clone();
        let excluded = self.excluded.iter().any(|e| {
            path == e
                || path
                    .strip_prefix(e.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        });
        if excluded {
            return next;
        }
        let full = absolute("/", path);
        let content = Content::text(text);
        let old = match self.files.get(&full) {
            Some(Node::File(f)) => Some(f.content.size()),
            _ => None,
        };
        next.size = next.size - old.unwrap_or(0) + content.size();
        if old.is_none() {
            next.entry_count += 1;
        }
        let _ = next.files.place(
            &full,
            Node::file(content, Meta::new(0o644, 0, 0)),
            Meta::dir(),
        );
        next
    }

    pub fn summary(&self) -> ContextSummary {
        ContextSummary {
            size: self.size,
            entries: self.entry_count,
            excluded: self.excluded.clone(),
            ignore_file: self.ignore_file.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(files: &[(&str, &str)], dockerfile: &str) -> BuildContext {
        BuildContext::from_entries(
            files.iter().map(|(p, t)| (*p, ContextEntry::text(t))),
            dockerfile,
        )
    }

    #[test]
    fn dockerignore_filters_and_reports() {
        let ctx = context(
            &[
                (".dockerignore", "node_modules\n*.log\n!keep.log\n.git\n"),
                ("package.json", "{}"),
                ("node_modules/a/index.js", "x"),
                ("node_modules/b/index.js", "y"),
                ("debug.log", "zz"),
                ("keep.log", "k"),
                (".git/HEAD", "ref"),
                ("src/app.js", "js"),
            ],
            "Dockerfile",
        );
        assert_eq!(ctx.ignore_file.as_deref(), Some(".dockerignore"));
        assert_eq!(ctx.excluded, [".git", "debug.log", "node_modules"]);
        assert!(ctx.files.get("/src/app.js").is_some());
        assert!(ctx.files.get("/keep.log").is_some());
        assert!(ctx.files.get("/node_modules").is_none());
        // .dockerignore (34) + package.json (2) + keep.log (1) + app.js (2)
        assert_eq!(ctx.size, 39);
    }

    #[test]
    fn the_dockerfile_specific_ignore_file_wins() {
        let ctx = context(
            &[
                (".dockerignore", "a.txt\n"),
                ("build.Dockerfile.dockerignore", "b.txt\n"),
                ("a.txt", "a"),
                ("b.txt", "b"),
            ],
            "build.Dockerfile",
        );
        assert_eq!(
            ctx.ignore_file.as_deref(),
            Some("build.Dockerfile.dockerignore")
        );
        assert!(ctx.files.get("/a.txt").is_some());
        assert!(ctx.files.get("/b.txt").is_none());
    }

    #[test]
    fn re_included_files_bring_their_directories() {
        let ctx = context(
            &[
                (".dockerignore", "docs\n!docs/keep.md\n"),
                ("docs/keep.md", "k"),
                ("docs/drop.md", "d"),
            ],
            "Dockerfile",
        );
        assert!(ctx.files.get("/docs/keep.md").is_some());
        assert!(ctx.files.get("/docs/drop.md").is_none());
        assert_eq!(ctx.excluded, ["docs/drop.md"]);
    }
}
