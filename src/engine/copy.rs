//! COPY and ADD: sources from the build context, another stage or an
//! image, the destination rules (WORKDIR, trailing slash, directory
//! contents), wildcards, ownership, mode, `--parents` and `--exclude`; and
//! ADD's archive extraction and downloads.

use std::sync::Arc;

use crate::dockerfile::ignore::IgnoreMatcher;
use crate::dockerfile::instruction::{Add, Copy, Instruction, Sources};
use crate::dockerfile::Span;

use super::archive;
use super::build::{source_filesystem, Runner, StageResult, StageState};
use super::content::Content;
use super::error::{BuildError, BuildErrorKind};
use super::shell::programs::chmod_mode;
use super::users::resolve_owner;
use super::vfs::{absolute, split_parent, Dir, Filesystem, Meta, Node};

/// How the copied entries are written.
struct Target {
    dest: String,
    /// The destination names a directory (trailing slash, `.`, or exists).
    dest_is_dir: bool,
    owner: (u32, u32),
    chmod: Option<String>,
    mtime: u64,
}

/// One matched source: its path in the source filesystem and where below
/// the destination it goes (`None`: by the usual rules).
struct Matched {
    path: String,
    node: Node,
    keep: Option<String>,
}

impl Runner<'_> {
    pub(super) fn copy(
        &mut self,
        state: &mut StageState,
        instruction: &Instruction,
        copy: &Copy,
        done: &[StageResult],
    ) -> Result<String, BuildError> {
        let span = instruction.span;
        let (source_fs, source_name) = match &copy.from {
            None => (self.context.files.clone(), None),
            Some(from) => {
                let fs = self.copy_source(state.index, &from.value, span, done)?;
                (fs, Some(from.value.clone()))
            }
        };
        for path in &copy.sources.paths {
            if is_url(&path.value) {
                return Err(BuildError::new(
                    span,
                    BuildErrorKind::SourceIsUrl {
                        instruction: "COPY".into(),
                    },
                ));
            }
        }
        let target = self.target(state, &copy.sources, &copy.chown, &copy.chmod, span)?;
        let matched = self.match_sources(state, &copy.sources, &source_fs, copy.parents, span)?;
        self.check_many(&copy.sources, &matched, &target, "COPY", span)?;
        let excludes = exclude_matcher(&copy.excludes);
        for m in &matched {
            self.place(state, m, &target, excludes.as_ref(), span)?;
        }
        self.write_inline(state, &copy.sources, &target, span)?;
        let mut text = String::from("COPY ");
        if let Some(from) = source_name {
            text.push_str(&format!("--from={from} "));
        }
        text.push_str(&describe(&copy.sources));
        Ok(text)
    }

    pub(super) fn add(
        &mut self,
        state: &mut StageState,
        instruction: &Instruction,
        add: &Add,
    ) -> Result<String, BuildError> {
        let span = instruction.span;
        let target = self.target(state, &add.sources, &add.chown, &add.chmod, span)?;
        let mut local = Sources {
            paths: Vec::new(),
            inline: add.sources.inline.clone(),
            dest: add.sources.dest.clone(),
        };
        let mut remote = Vec::new();
        for path in &add.sources.paths {
            let value = self.expand(state, &path.value, span)?;
            if is_url(&value) || is_git(&value) {
                remote.push(value);
            } else {
                local.paths.push(path.clone());
            }
        }
        let context = self.context.files.clone();
        let matched = self.match_sources(state, &local, &context, false, span)?;
        let count = matched.len() + remote.len() + add.sources.inline.len();
        if count > 1 || local.paths.iter().any(|p| has_wildcard(&p.value)) {
            self.need_directory(&target, "ADD", span)?;
        }
        let excludes = exclude_matcher(&add.excludes);
        for m in &matched {
            let unpack = add.unpack != Some(false);
            if unpack && self.try_unpack(state, m, &target, span)? {
                continue;
            }
            self.place(state, m, &target, excludes.as_ref(), span)?;
        }
        for url in remote {
            self.download(state, &url, &target, add.chmod.is_some(), span)?;
        }
        self.write_inline(state, &add.sources, &target, span)?;
        Ok(format!("ADD {}", describe(&add.sources)))
    }

    /// The filesystem COPY --from names: a stage (by index or name) or an
    /// image.
    fn copy_source(
        &mut self,
        current: usize,
        from: &str,
        span: Span,
        done: &[StageResult],
    ) -> Result<Filesystem, BuildError> {
        let lower = from.to_lowercase();
        let stage = match from.parse::<usize>() {
            Ok(i) => Some(i),
            Err(_) => self
                .plan
                .stages
                .iter()
                .rposition(|s| s.name.as_deref() == Some(lower.as_str())),
        };
        match stage {
            Some(i) if i >= current => Err(BuildError::new(
                span,
                BuildErrorKind::CopyFromLaterStage {
                    from: from.to_string(),
                    current: self.plan.stages[current].display_name.clone(),
                },
            )),
            Some(i) => source_filesystem(done, i).ok_or_else(|| {
                BuildError::new(
                    span,
                    BuildErrorKind::Unsupported {
                        what: format!("copying from stage {from}, which was not built,"),
                    },
                )
            }),
            None => Ok(self.resolve_image(from, span)?.image().filesystem.clone()),
        }
    }

    fn target(
        &self,
        state: &StageState,
        sources: &Sources,
        chown: &Option<String>,
        chmod: &Option<String>,
        span: Span,
    ) -> Result<Target, BuildError> {
        let dest = self.expand(state, &sources.dest.value, span)?;
        let workdir = state.image.config.working_dir_or_root();
        let dest_is_dir =
            dest.is_empty() || dest.ends_with('/') || dest == "." || dest.ends_with("/.");
        let path = absolute(workdir, &dest);
        let dest_is_dir = dest_is_dir || state.image.filesystem.is_dir(&path);
        let owner = match chown {
            None => (0, 0),
            Some(spec) => {
                let spec = self.expand(state, spec, span)?;
                resolve_owner(&state.image.filesystem, &spec).map_err(|(is_user, name)| {
                    BuildError::new(
                        span,
                        if is_user {
                            BuildErrorKind::UnknownUser { user: name }
                        } else {
                            BuildErrorKind::UnknownGroup { group: name }
                        },
                    )
                })?
            }
        };
        let chmod = match chmod {
            None => None,
            Some(spec) => {
                let spec = self.expand(state, spec, span)?;
                if chmod_mode(0o644, false, &spec).is_none() {
                    let kind = if spec.bytes().all(|b| b.is_ascii_digit()) {
                        BuildErrorKind::InvalidChmod { value: spec }
                    } else {
                        BuildErrorKind::InvalidChmodSyntax
                    };
                    return Err(BuildError::new(span, kind));
                }
                Some(spec)
            }
        };
        Ok(Target {
            dest: path,
            dest_is_dir,
            owner,
            chmod,
            mtime: self.clock,
        })
    }

    /// Expands and finds every source; a literal path that does not exist
    /// is an error, a wildcard that matches nothing is not.
    fn match_sources(
        &self,
        state: &StageState,
        sources: &Sources,
        fs: &Filesystem,
        parents: bool,
        span: Span,
    ) -> Result<Vec<Matched>, BuildError> {
        let mut out = Vec::new();
        for source in &sources.paths {
            let value = self.expand(state, &source.value, span)?;
            // `/./` marks where the kept part of the path starts (--parents).
            let (pivot, rest) = match value.find("/./") {
                Some(i) if parents => (Some(absolute("/", &value[..i])), value.clone()),
                _ => (None, value.clone()),
            };
            let clean = absolute("/", &rest);
            if has_wildcard(&clean) {
                for path in glob(fs, &clean) {
                    let node = lookup(fs, &path).ok_or_else(|| not_found(&path, span))?;
                    out.push(Matched {
                        keep: keep_path(parents, &pivot, &path),
                        path,
                        node,
                    });
                }
                continue;
            }
            let node = lookup(fs, &clean).ok_or_else(|| not_found(&clean, span))?;
            out.push(Matched {
                keep: keep_path(parents, &pivot, &clean),
                path: clean,
                node,
            });
        }
        Ok(out)
    }

    fn check_many(
        &self,
        sources: &Sources,
        matched: &[Matched],
        target: &Target,
        instruction: &str,
        span: Span,
    ) -> Result<(), BuildError> {
        let wildcard = sources.paths.iter().any(|p| has_wildcard(&p.value));
        if matched.len() + sources.inline.len() > 1 || (wildcard && !matched.is_empty()) {
            self.need_directory(target, instruction, span)?;
        }
        Ok(())
    }

    fn need_directory(
        &self,
        target: &Target,
        instruction: &str,
        span: Span,
    ) -> Result<(), BuildError> {
        if target.dest_is_dir {
            return Ok(());
        }
        Err(BuildError::new(
            span,
            BuildErrorKind::MultipleSourcesNeedDirectory {
                instruction: instruction.to_string(),
            },
        ))
    }

    /// Copies one matched source to the destination.
    fn place(
        &mut self,
        state: &mut StageState,
        m: &Matched,
        target: &Target,
        excludes: Option<&IgnoreMatcher>,
        span: Span,
    ) -> Result<(), BuildError> {
        let fs = &mut state.image.filesystem;
        let (into, node) = match (&m.keep, &m.node) {
            (Some(keep), node) => (absolute(&target.dest, keep), node.clone()),
            // A directory: its contents go into the destination.
            (None, Node::Dir(_)) => (target.dest.clone(), m.node.clone()),
            (None, node) if target.dest_is_dir => (
                absolute(&target.dest, split_parent(&m.path).1),
                node.clone(),
            ),
            (None, node) => (target.dest.clone(), node.clone()),
        };
        let parent_meta = Meta::new(0o755, target.owner.0, target.owner.1).at(target.mtime);
        let (parent, _) = split_parent(&into);
        let fail = |e: super::vfs::FsError| BuildError::new(span, BuildErrorKind::Filesystem(e));
        match &node {
            Node::Dir(dir) => {
                fs.mkdir_all(&into, parent_meta).map_err(fail)?;
                write_tree(fs, &into, dir, "", target, excludes).map_err(fail)?;
            }
            other => {
                if excludes.is_some_and(|e| e.is_excluded(split_parent(&m.path).1)) {
                    return Ok(());
                }
                fs.mkdir_all(parent, parent_meta).map_err(fail)?;
                if let Some(Node::Dir(_)) = fs.lookup(&into, true).ok().map(|(_, n)| n) {
                    return Err(fail(super::vfs::FsError::new(
                        super::vfs::FsErrorKind::IsADirectory,
                        &into,
                    )));
                }
                let _ = fs.remove(&into);
                fs.put(&into, entry(other, target)).map_err(fail)?;
            }
        }
        Ok(())
    }

    /// Here-document sources: files made from text.
    fn write_inline(
        &mut self,
        state: &mut StageState,
        sources: &Sources,
        target: &Target,
        span: Span,
    ) -> Result<(), BuildError> {
        for inline in &sources.inline {
            let data = if inline.expand {
                self.expand(state, &inline.data, span)
                    .unwrap_or_else(|_| inline.data.clone())
            } else {
                inline.data.clone()
            };
            let into = if target.dest_is_dir {
                absolute(&target.dest, &inline.path)
            } else {
                target.dest.clone()
            };
            let node = entry(&Node::file(Content::text(&data), Meta::file()), target);
            let fs = &mut state.image.filesystem;
            let (parent, _) = split_parent(&into);
            fs.mkdir_all(
                parent,
                Meta::new(0o755, target.owner.0, target.owner.1).at(target.mtime),
            )
            .and_then(|()| fs.put(&into, node))
            .map_err(|e| BuildError::new(span, BuildErrorKind::Filesystem(e)))?;
        }
        Ok(())
    }

    /// ADD of a local tar archive (plain, gzip, bzip2, xz): unpacks it into
    /// the destination directory. False when the file is not an archive.
    fn try_unpack(
        &mut self,
        state: &mut StageState,
        m: &Matched,
        target: &Target,
        span: Span,
    ) -> Result<bool, BuildError> {
        let Node::File(file) = &m.node else {
            return Ok(false);
        };
        let Some(bytes) = file.content.data() else {
            if looks_like_archive(&m.path) {
                self.warn(
                    span.start.line,
                    format!(
                        "{}: the archive's contents are not simulated; ADD copies it as a file",
                        &m.path[1..]
                    ),
                );
            }
            return Ok(false);
        };
        let Ok(plain) = archive::decompress(bytes) else {
            return Ok(false);
        };
        if !archive::is_tar(&plain) {
            return Ok(false);
        }
        let entries = archive::read_tar(&plain).map_err(|message| {
            BuildError::new(
                span,
                BuildErrorKind::Unsupported {
                    what: format!("this archive ({message})"),
                },
            )
        })?;
        let owner = (target.owner != (0, 0)).then_some(target.owner);
        let fs = &mut state.image.filesystem;
        fs.mkdir_all(
            &target.dest,
            Meta::new(0o755, target.owner.0, target.owner.1).at(target.mtime),
        )
        .map_err(|e| BuildError::new(span, BuildErrorKind::Filesystem(e)))?;
        archive::unpack(fs, &target.dest, &entries, owner, target.mtime)
            .map_err(|what| BuildError::new(span, BuildErrorKind::Unsupported { what }))?;
        Ok(true)
    }

    /// ADD of a URL: the file lands with mode 0600 (unless --chmod); its
    /// bytes are not downloaded.
    fn download(
        &mut self,
        state: &mut StageState,
        url: &str,
        target: &Target,
        chmod: bool,
        span: Span,
    ) -> Result<(), BuildError> {
        if is_git(url) {
            self.warn(
                span.start.line,
                format!("{url}: git sources are not fetched; an empty checkout stands in"),
            );
            let fs = &mut state.image.filesystem;
            return fs
                .mkdir_all(
                    &target.dest,
                    Meta::new(0o755, target.owner.0, target.owner.1).at(target.mtime),
                )
                .map_err(|e| BuildError::new(span, BuildErrorKind::Filesystem(e)));
        }
        let name = url
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .rsplit('/')
            .find(|s| !s.is_empty() && !s.contains(':'))
            .unwrap_or("index.html")
            .to_string();
        let into = if target.dest_is_dir {
            absolute(&target.dest, &name)
        } else {
            target.dest.clone()
        };
        self.warn(
            span.start.line,
            format!("{url}: downloads are not simulated; a 1 MiB placeholder stands in"),
        );
        let mode = if chmod { 0o644 } else { 0o600 };
        let node = entry(
            &Node::file(Content::blob(1 << 20, url), Meta::new(mode, 0, 0)),
            target,
        );
        let node = if chmod {
            node
        } else {
            let mut node = node;
            node.meta_mut().mode = 0o600;
            node
        };
        let fs = &mut state.image.filesystem;
        let (parent, _) = split_parent(&into);
        fs.mkdir_all(
            parent,
            Meta::new(0o755, target.owner.0, target.owner.1).at(target.mtime),
        )
        .and_then(|()| fs.put(&into, node))
        .map_err(|e| BuildError::new(span, BuildErrorKind::Filesystem(e)))
    }
}

/// An entry as the destination stores it: owned by the --chown owner (root
/// by default), with --chmod applied, stamped with the step's time.
fn entry(node: &Node, target: &Target) -> Node {
    let mut node = match node {
        Node::Dir(d) => Node::dir(d.meta),
        other => other.clone(),
    };
    let is_dir = matches!(node, Node::Dir(_));
    let symlink = matches!(node, Node::Symlink(_));
    let meta = node.meta_mut();
    meta.uid = target.owner.0;
    meta.gid = target.owner.1;
    meta.mtime = target.mtime;
    if let (Some(spec), false) = (&target.chmod, symlink) {
        meta.mode = chmod_mode(meta.mode, is_dir, spec).unwrap_or(meta.mode);
    }
    node
}

/// Writes the contents of `dir` below `into`, merging with what is there.
fn write_tree(
    fs: &mut Filesystem,
    into: &str,
    dir: &Arc<Dir>,
    relative: &str,
    target: &Target,
    excludes: Option<&IgnoreMatcher>,
) -> Result<(), super::vfs::FsError> {
    for (name, child) in &dir.entries {
        let rel = if relative.is_empty() {
            name.clone()
        } else {
            format!("{relative}/{name}")
        };
        if excludes.is_some_and(|e| e.is_excluded(&rel)) {
            continue;
        }
        let path = absolute(into, &rel);
        match child {
            Node::Dir(d) => {
                match fs.get(&fs.resolve(&path, true).unwrap_or_else(|_| path.clone())) {
                    Some(Node::Dir(_)) => {}
                    _ => {
                        let _ = fs.remove(&path);
                        fs.put(&path, entry(child, target))?;
                    }
                }
                write_tree(fs, into, d, &rel, target, excludes)?;
            }
            other => {
                let _ = fs.remove(&path);
                fs.put(&path, entry(other, target))?;
            }
        }
    }
    Ok(())
}

/// Looks a source path up (the path itself following symlinks; `/` is the
/// root).
fn lookup(fs: &Filesystem, path: &str) -> Option<Node> {
    if path == "/" {
        return Some(Node::Dir(Arc::new(fs.root().clone())));
    }
    fs.lookup(path, true).ok().map(|(_, n)| n.clone())
}

fn not_found(path: &str, span: Span) -> BuildError {
    BuildError::new(
        span,
        BuildErrorKind::SourceNotFound {
            path: path.to_string(),
        },
    )
}

/// With `--parents`: the part of the source path kept below the
/// destination (after a `/./` pivot, else all of it).
fn keep_path(parents: bool, pivot: &Option<String>, path: &str) -> Option<String> {
    if !parents {
        return None;
    }
    let kept = match pivot {
        Some(p) if p != "/" => path.strip_prefix(p.as_str()).unwrap_or(path),
        _ => path,
    };
    Some(kept.trim_start_matches('/').to_string())
}

fn has_wildcard(path: &str) -> bool {
    path.contains(['*', '?', '['])
}

fn is_url(value: &str) -> bool {
    value.starts_with("http://") || value.starts_with("https://")
}

fn is_git(value: &str) -> bool {
    value.starts_with("git@") || value.ends_with(".git") || value.contains(".git#")
}

fn looks_like_archive(path: &str) -> bool {
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz",
    ]
    .iter()
    .any(|e| path.ends_with(e))
}

/// Paths of `fs` matching a pattern of Go's `filepath.Match` per segment.
fn glob(fs: &Filesystem, pattern: &str) -> Vec<String> {
    let mut results = vec!["/".to_string()];
    for segment in pattern.split('/').filter(|s| !s.is_empty()) {
        let compiled = super::shell::pattern::Pattern::new(segment);
        let mut next = Vec::new();
        for dir in &results {
            let entries = if dir == "/" {
                Some(fs.root())
            } else {
                fs.resolve(dir, true)
                    .ok()
                    .and_then(|c| fs.get(&c))
                    .and_then(Node::as_dir)
            };
            let Some(entries) = entries else { continue };
            for name in entries.entries.keys() {
                if compiled.matches(name) {
                    next.push(absolute(dir, name));
                }
            }
        }
        results = next;
    }
    results
}

fn exclude_matcher(patterns: &[String]) -> Option<IgnoreMatcher> {
    if patterns.is_empty() {
        return None;
    }
    Some(IgnoreMatcher::from_text(&patterns.join("\n")).0)
}

/// The sources and destination as history shows them.
fn describe(sources: &Sources) -> String {
    let mut parts: Vec<String> = sources.paths.iter().map(|p| p.value.clone()).collect();
    parts.extend(sources.inline.iter().map(|i| i.path.clone()));
    parts.push(sources.dest.value.clone());
    parts.join(" ")
}
