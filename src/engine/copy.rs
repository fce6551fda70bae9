//! COPY and ADD: sources from the build context, another stage or an
//! image, the destination rules (WORKDIR, trailing slash, directory
//! contents), wildcards, ownership, mode, `--parents` and `--exclude`; and
//! ADD's archive extraction and downloads.

use std::sync::Arc;

use crate::dockerfile::ignore::IgnoreMatcher;
use crate::dockerfile::instruction::{Add, Copy, Instruction, Sources};
use crate::dockerfile::Span;

use super::archive;
use super::build::{FromRef, Runner, StageResult, StageState};
use super::content::Content;
use super::error::{BuildError, BuildErrorKind};
use super::mode::apply_mode as chmod_mode;
use super::step::CopySource;
use super::users::chown_ids;
use super::vfs::{absolute, split_parent, Dir, Filesystem, FsError, Meta, Node};
use super::warning::WarningKind;

/// How the copied entries are written.
struct Target {
    dest: String,
    /// The destination was written as a directory: it ends in `/`, or is
    /// `.` or empty.
    trailing: bool,
    owner: (u32, u32),
    /// `--chown` was given (it then also overrides archive owners).
    chown: bool,
    /// A `COPY --from` without `--chown` keeps the owners the entries had
    /// in the stage or image they come from (BuildKit, and the classic
    /// builder since Docker 19.03); files of the build context are 0:0.
    keep_owners: bool,
    chmod: Option<String>,
    mtime: u64,
}

impl Target {
    /// Whether a file source goes inside the destination (as BuildKit
    /// decides for each source in turn).
    fn is_dir(&self, fs: &Filesystem) -> bool {
        self.trailing || fs.is_dir(&self.dest)
    }

    /// Directories the copy creates: 0755 (with --chmod applied, as
    /// BuildKit does since Docker 28.1), owned by the --chown owner.
    fn dir_meta(&self) -> Meta {
        let mode = match &self.chmod {
            Some(spec) => chmod_mode(0o755, true, spec).unwrap_or(0o755),
            None => 0o755,
        };
        Meta::new(mode, self.owner.0, self.owner.1).at(self.mtime)
    }
}

/// One matched source: its path in the source filesystem and where below
/// the destination it goes (`None`: by the usual rules).
struct Matched {
    path: String,
    node: Node,
    keep: Option<String>,
}

/// The flags and words of a COPY or ADD after expansion.
struct Request<'a> {
    instruction: &'static str,
    sources: &'a Sources,
    paths: Vec<String>,
    chown: Option<String>,
    chmod: Option<String>,
    parents: bool,
}

impl Request<'_> {
    /// The history text: BuildKit lists --parents, --chown and --chmod,
    /// then the sources (here-documents as `<<NAME`) and the destination.
    fn created_by(&self, dest: &str) -> String {
        let mut text = String::from(self.instruction);
        if self.parents {
            text.push_str(" --parents");
        }
        if let Some(chown) = &self.chown {
            text.push_str(&format!(" --chown={chown}"));
        }
        if let Some(chmod) = &self.chmod {
            text.push_str(&format!(" --chmod={chmod}"));
        }
        for path in &self.paths {
            text.push(' ');
            text.push_str(path);
        }
        for inline in &self.sources.inline {
            text.push_str(&format!(" <<{}", inline.path));
        }
        text.push(' ');
        text.push_str(dest);
        text
    }
}

impl Runner<'_> {
    pub(super) fn copy(
        &mut self,
        state: &mut StageState,
        instruction: &Instruction,
        copy: &Copy,
        done: &[StageResult],
    ) -> Result<(String, CopySource), BuildError> {
        let span = instruction.span;
        let request = self.request(state, "COPY", &copy.sources, &copy.chown, &copy.chmod, span)?;
        let (source_fs, source) = match &copy.from {
            None => (self.context.files.clone(), CopySource::Context),
            Some(from) => self.copy_source(state.index, &from.value, &request.paths, span, done)?,
        };
        let request = Request {
            parents: copy.parents,
            ..request
        };
        if request.paths.iter().any(|p| is_url(p)) {
            return Err(BuildError::new(
                span,
                BuildErrorKind::SourceIsUrl {
                    instruction: "COPY".into(),
                },
            ));
        }
        let (mut target, dest) = self.target(state, &request, span)?;
        target.keep_owners = copy.from.is_some() && !target.chown;
        let matched = self.match_sources(&request.paths, &source_fs, copy.parents, span)?;
        self.check_many(state, &request, matched.len(), &target, &dest, span)?;
        let excludes = exclude_matcher(&copy.excludes);
        for m in &matched {
            place(state, m, &target, excludes.as_ref(), span)?;
        }
        exclusions_held(excludes.as_ref(), span)?;
        self.write_inline(state, &copy.sources, &target, span)?;
        Ok((request.created_by(&dest), source))
    }

    pub(super) fn add(
        &mut self,
        state: &mut StageState,
        instruction: &Instruction,
        add: &Add,
    ) -> Result<String, BuildError> {
        let span = instruction.span;
        let request = self.request(state, "ADD", &add.sources, &add.chown, &add.chmod, span)?;
        let (target, dest) = self.target(state, &request, span)?;
        let (remote, local): (Vec<String>, Vec<String>) = request
            .paths
            .iter()
            .cloned()
            .partition(|p| is_url(p) || is_git(p));
        let context = self.context.files.clone();
        let matched = self.match_sources(&local, &context, false, span)?;
        self.check_many(
            state,
            &request,
            matched.len() + remote.len(),
            &target,
            &dest,
            span,
        )?;
        let excludes = exclude_matcher(&add.excludes);
        for m in &matched {
            let unpack = add.unpack != Some(false);
            if unpack && self.try_unpack(state, m, &target, span)? {
                continue;
            }
            place(state, m, &target, excludes.as_ref(), span)?;
        }
        exclusions_held(excludes.as_ref(), span)?;
        for url in remote {
            self.download(state, &url, &target, span)?;
        }
        self.write_inline(state, &add.sources, &target, span)?;
        Ok(request.created_by(&dest))
    }

    /// Expands the sources and the --chown and --chmod values.
    fn request<'a>(
        &self,
        state: &StageState,
        instruction: &'static str,
        sources: &'a Sources,
        chown: &Option<String>,
        chmod: &Option<String>,
        span: Span,
    ) -> Result<Request<'a>, BuildError> {
        let expand = |word: &str| self.expand(state, word, span);
        Ok(Request {
            instruction,
            sources,
            paths: sources
                .paths
                .iter()
                .map(|p| expand(&p.value))
                .collect::<Result<_, _>>()?,
            chown: chown.as_deref().map(expand).transpose()?,
            chmod: chmod.as_deref().map(expand).transpose()?,
            parents: false,
        })
    }

    /// The filesystem COPY --from names: a stage (by index or name) or an
    /// image; and which it was. Of an image the catalog has nothing like,
    /// the `paths` asked for stand in (see [`stand_in_paths`]).
    fn copy_source(
        &mut self,
        current: usize,
        from: &str,
        paths: &[String],
        span: Span,
        done: &[StageResult],
    ) -> Result<(Filesystem, CopySource), BuildError> {
        match self.resolve_from(current, from, span, done)? {
            FromRef::Later => Err(BuildError::new(
                span,
                BuildErrorKind::CopyFromLaterStage {
                    from: from.to_string(),
                    current: self.plan.stages[current].display_name.clone(),
                },
            )),
            FromRef::Stage(index, fs) => fs
                .map(|fs| {
                    let named = from.parse::<usize>().is_err();
                    (fs, CopySource::Stage { index, named })
                })
                .ok_or_else(|| {
                    BuildError::new(
                        span,
                        BuildErrorKind::Unsupported {
                            what: format!("copying from stage {from}, which was not built,"),
                        },
                    )
                }),
            FromRef::Image(fs) => Ok((
                fs,
                CopySource::Image {
                    reference: from.to_string(),
                },
            )),
            FromRef::Unknown(reference) => {
                let (fs, stand_ins) = stand_in_paths(paths);
                self.warn(
                    span,
                    WarningKind::UnknownSource {
                        reference: reference.clone(),
                        stand_ins,
                        size: STAND_IN_FILE,
                    },
                );
                Ok((fs, CopySource::Image { reference }))
            }
        }
    }

    /// Where and how entries are written; also the destination as
    /// written (after expansion), for the history.
    fn target(
        &mut self,
        state: &StageState,
        request: &Request,
        span: Span,
    ) -> Result<(Target, String), BuildError> {
        let dest = self.expand(state, &request.sources.dest.value, span)?;
        let workdir = state.image.config.working_dir_or_root();
        let trailing =
            dest.is_empty() || dest.ends_with('/') || dest == "." || dest.ends_with("/.");
        let path = absolute(workdir, &dest);
        let owner = match &request.chown {
            None => (0, 0),
            Some(spec) => {
                let (ids, missing) = chown_ids(&state.image.filesystem, spec);
                for (user, name) in missing {
                    self.warn(
                        span,
                        WarningKind::ChownUnknown {
                            spec: spec.clone(),
                            name,
                            user,
                        },
                    );
                }
                ids
            }
        };
        if let Some(spec) = &request.chmod {
            if chmod_mode(0o644, false, spec).is_none() {
                let kind = if spec.bytes().all(|b| b.is_ascii_digit()) {
                    BuildErrorKind::InvalidChmod {
                        value: spec.clone(),
                    }
                } else {
                    BuildErrorKind::InvalidChmodSyntax
                };
                return Err(BuildError::new(span, kind));
            }
        }
        let target = Target {
            dest: path,
            trailing,
            owner,
            chown: request.chown.is_some(),
            keep_owners: false,
            chmod: request.chmod.clone(),
            mtime: self.clock,
        };
        Ok((target, dest))
    }

    /// Finds every source; a literal path that does not exist is an
    /// error, a wildcard that matches nothing is not.
    fn match_sources(
        &self,
        paths: &[String],
        fs: &Filesystem,
        parents: bool,
        span: Span,
    ) -> Result<Vec<Matched>, BuildError> {
        let mut out = Vec::new();
        for value in paths {
            // `/./` marks where the kept part of the path starts (--parents).
            let pivot = match value.find("/./") {
                Some(i) if parents => Some(absolute("/", &value[..i])),
                _ => None,
            };
            let clean = absolute("/", value);
            if has_wildcard(&clean) {
                for path in glob(fs, &clean, span)? {
                    let node = lookup(fs, &path).ok_or_else(|| not_found(fs, &path, span))?;
                    out.push(Matched {
                        keep: keep_path(parents, &pivot, &path),
                        path,
                        node,
                    });
                }
                continue;
            }
            let node = lookup(fs, &clean).ok_or_else(|| not_found(fs, &clean, span))?;
            out.push(Matched {
                keep: keep_path(parents, &pivot, &clean),
                path: clean,
                node,
            });
        }
        Ok(out)
    }

    /// Several sources into a destination that is not a directory:
    /// BuildKit copies each onto the destination in turn (the classic
    /// builder refused).
    fn check_many(
        &mut self,
        state: &StageState,
        request: &Request,
        matched: usize,
        target: &Target,
        dest: &str,
        span: Span,
    ) -> Result<(), BuildError> {
        if matched + request.sources.inline.len() <= 1 || target.is_dir(&state.image.filesystem) {
            return Ok(());
        }
        if self.options.legacy_builder {
            return Err(BuildError::new(
                span,
                BuildErrorKind::MultipleSourcesNeedDirectory {
                    instruction: request.instruction.to_string(),
                },
            ));
        }
        self.warn(
            span,
            WarningKind::SourcesOntoFile {
                instruction: request.instruction.to_string(),
                written: dest.to_string(),
                dest: target.dest.clone(),
            },
        );
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
            let node = Node::file(Content::text(&data), Meta::file());
            let m = Matched {
                path: absolute("/", &inline.path),
                node,
                keep: None,
            };
            place(state, &m, target, None, span)?;
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
                    span,
                    WarningKind::ArchiveNotUnpacked {
                        path: m.path[1..].to_string(),
                        reason: None,
                    },
                );
            }
            return Ok(false);
        };
        let plain = match archive::decompress(bytes) {
            Ok(plain) => plain,
            Err(reason) => {
                if looks_like_archive(&m.path) {
                    self.warn(
                        span,
                        WarningKind::ArchiveNotUnpacked {
                            path: m.path[1..].to_string(),
                            reason: Some(reason.to_string()),
                        },
                    );
                }
                return Ok(false);
            }
        };
        if !archive::is_tar(&plain) {
            return Ok(false);
        }
        // Each archive unpacks to a bounded size; the build's ADDs
        // together too.
        self.unpacked = self.unpacked.saturating_add(plain.len());
        if self.unpacked > crate::limits::BUILD_UNPACKED_BYTES {
            return Err(BuildError::new(
                span,
                BuildErrorKind::Limit {
                    what: format!(
                        "the archives ADD unpacked in this build came to {} bytes",
                        self.unpacked
                    ),
                    limit: format!("{} MiB a build", crate::limits::BUILD_UNPACKED_BYTES >> 20),
                },
            ));
        }
        let entries = archive::read_tar(&plain).map_err(|message| {
            BuildError::new(
                span,
                BuildErrorKind::Unsupported {
                    what: format!("this archive ({message})"),
                },
            )
        })?;
        let owner = target.chown.then_some(target.owner);
        let fs = &mut state.image.filesystem;
        // The destination is a directory, with or without a trailing slash.
        fs.mkdir_all(&target.dest, target.dir_meta())
            .map_err(|e| mkdir_error(e, span))?;
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
        span: Span,
    ) -> Result<(), BuildError> {
        if is_git(url) {
            self.warn(
                span,
                WarningKind::GitSource {
                    url: url.to_string(),
                },
            );
            let fs = &mut state.image.filesystem;
            return fs
                .mkdir_all(&target.dest, target.dir_meta())
                .map_err(|e| mkdir_error(e, span));
        }
        self.warn(
            span,
            WarningKind::Download {
                url: url.to_string(),
            },
        );
        // BuildKit names the file after the URL's path, `__unnamed__` when
        // the path is empty.
        let path = url
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .splitn(4, '/')
            .nth(3)
            .unwrap_or_default();
        let name = match path.rsplit('/').next() {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => "__unnamed__".to_string(),
        };
        // Mode 0600, unless --chmod says otherwise.
        let node = Node::file(Content::blob(1 << 20, url), Meta::new(0o600, 0, 0));
        let m = Matched {
            path: absolute("/", &name),
            node,
            keep: None,
        };
        place(state, &m, target, None, span)
    }
}

/// Copies one matched source to the destination, as fsutil's copy does: a
/// directory's contents merge into the destination directory; a file goes
/// inside the destination when it is a directory, else becomes it.
fn place(
    state: &mut StageState,
    m: &Matched,
    target: &Target,
    excludes: Option<&IgnoreMatcher>,
    span: Span,
) -> Result<(), BuildError> {
    let fs = &mut state.image.filesystem;
    let into = match (&m.keep, &m.node) {
        (Some(keep), _) => absolute(&target.dest, keep),
        (None, Node::Dir(_)) => target.dest.clone(),
        (None, _) if target.is_dir(fs) => absolute(&target.dest, split_parent(&m.path).1),
        (None, _) => target.dest.clone(),
    };
    let fail = |e: FsError| BuildError::new(span, BuildErrorKind::Filesystem(e));
    let existing = fs
        .resolve(&into, true)
        .ok()
        .and_then(|p| fs.get(&p).cloned());
    match &m.node {
        Node::Dir(dir) => {
            if existing
                .as_ref()
                .is_some_and(|n| !matches!(n, Node::Dir(_)))
            {
                return Err(BuildError::new(
                    span,
                    BuildErrorKind::CopyToNonDirectory { path: into },
                ));
            }
            fs.mkdir_all(&into, target.dir_meta())
                .map_err(|e| mkdir_error(e, span))?;
            write_tree(fs, &into, dir, "", target, excludes)
                .map_err(|kind| BuildError::new(span, kind))?;
        }
        other => {
            let (parent, _) = split_parent(&into);
            fs.mkdir_all(parent, target.dir_meta())
                .map_err(|e| mkdir_error(e, span))?;
            if let Some(Node::Dir(_)) = existing {
                return Err(BuildError::new(
                    span,
                    BuildErrorKind::ReplaceDirectoryWithFile { path: into },
                ));
            }
            let _ = fs.remove(&into);
            fs.put(&into, entry(other, target)).map_err(fail)?;
        }
    }
    Ok(())
}

fn mkdir_error(error: FsError, span: Span) -> BuildError {
    BuildError::new(
        span,
        BuildErrorKind::FsOp {
            op: "mkdir".into(),
            error,
        },
    )
}

/// An entry as the destination stores it: owned by the --chown owner (root
/// by default, or its own owner when copied from a stage or an image),
/// with --chmod applied, stamped with the step's time.
fn entry(node: &Node, target: &Target) -> Node {
    let mut node = match node {
        Node::Dir(d) => Node::dir(d.meta),
        other => other.clone(),
    };
    let is_dir = matches!(node, Node::Dir(_));
    let symlink = matches!(node, Node::Symlink(_));
    let meta = node.meta_mut();
    if !target.keep_owners {
        meta.uid = target.owner.0;
        meta.gid = target.owner.1;
    }
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
) -> Result<(), BuildErrorKind> {
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
                // A directory merges into a directory (through a symlink,
                // as fsutil's stat follows it); anything else is in the way.
                match fs.resolve(&path, true).ok().and_then(|p| fs.get(&p)) {
                    Some(Node::Dir(_)) => {}
                    Some(_) => return Err(BuildErrorKind::CopyToNonDirectory { path }),
                    None => {
                        // Nothing to merge with: the whole subtree goes in
                        // at once.
                        let _ = fs.remove(&path);
                        fs.put(&path, grafted(child, &rel, target, excludes))
                            .map_err(BuildErrorKind::Filesystem)?;
                        continue;
                    }
                }
                write_tree(fs, into, d, &rel, target, excludes)?;
            }
            other => {
                // A file or link replaces a file or link, never a directory.
                if let Some(Node::Dir(_)) = fs.lookup(&path, false).ok().map(|(_, n)| n) {
                    return Err(BuildErrorKind::ReplaceDirectoryWithFile { path });
                }
                let _ = fs.remove(&path);
                fs.put(&path, entry(other, target))
                    .map_err(BuildErrorKind::Filesystem)?;
            }
        }
    }
    Ok(())
}

/// `node` and everything under it as the destination stores them (see
/// `entry`), without what `excludes` leaves out; `relative` is its path
/// from the copy's source.
fn grafted(node: &Node, relative: &str, target: &Target, excludes: Option<&IgnoreMatcher>) -> Node {
    let mut out = entry(node, target);
    if let (Node::Dir(source), Node::Dir(copy)) = (node, &mut out) {
        let copy = Arc::make_mut(copy);
        for (name, child) in &source.entries {
            let rel = format!("{relative}/{name}");
            if excludes.is_some_and(|e| e.is_excluded(&rel)) {
                continue;
            }
            copy.entries
                .insert(name.clone(), grafted(child, &rel, target, excludes));
        }
    }
    out
}

/// Looks a source path up (the path itself following symlinks; `/` is the
/// root).
fn lookup(fs: &Filesystem, path: &str) -> Option<Node> {
    if path == "/" {
        return Some(Node::Dir(Arc::new(fs.root().clone())));
    }
    fs.lookup(path, true).ok().map(|(_, n)| n.clone())
}

fn not_found(fs: &Filesystem, path: &str, span: Span) -> BuildError {
    BuildError::new(
        span,
        BuildErrorKind::SourceNotFound {
            reference: cache_ref(fs),
            path: path.to_string(),
        },
    )
}

/// A name for the source's snapshot in BuildKit's shape
/// (`<worker>::<ref>`), stable for the same files.
pub(super) fn cache_ref(fs: &Filesystem) -> String {
    let worker = "7da38710-a6ce-4a7d-9049-057ba1430ef0";
    let mut seed = fs.digest().0;
    let mut id = String::new();
    for _ in 0..25 {
        let digit = (seed % 36) as u8;
        seed = (seed / 36) ^ seed.rotate_left(17).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        id.push(char::from(if digit < 10 {
            b'0' + digit
        } else {
            b'a' + digit - 10
        }));
    }
    format!("{worker}::{id}")
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
/// The directory before the first wildcard must exist (BuildKit walks it).
fn glob(fs: &Filesystem, pattern: &str, span: Span) -> Result<Vec<String>, BuildError> {
    let fixed: Vec<&str> = pattern
        .split('/')
        .filter(|s| !s.is_empty())
        .take_while(|s| !has_wildcard(s))
        .collect();
    let root = format!("/{}", fixed.join("/"));
    if root != "/" && lookup(fs, &root).is_none() {
        return Err(BuildError::new(
            span,
            BuildErrorKind::FsOp {
                op: "lstat".into(),
                error: FsError::new(super::vfs::FsErrorKind::NotFound, &root),
            },
        ));
    }
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
            if next.len() > crate::limits::GLOB_MATCHES {
                return Err(BuildError::new(
                    span,
                    BuildErrorKind::Limit {
                        what: format!(
                            "the wildcard {pattern} matches more than {} paths",
                            crate::limits::GLOB_MATCHES
                        ),
                        limit: format!("{} paths a wildcard", crate::limits::GLOB_MATCHES),
                    },
                ));
            }
        }
        results = next;
    }
    Ok(results)
}

/// An `--exclude` matcher that ran out of work answered "keep" to what it
/// no longer looked at: the step stops with an error naming the limit.
fn exclusions_held(excludes: Option<&IgnoreMatcher>, span: Span) -> Result<(), BuildError> {
    match excludes {
        Some(m) if m.exhausted() => Err(BuildError::new(
            span,
            BuildErrorKind::Limit {
                what: format!(
                    "matching the {} --exclude patterns against the paths copied took too long",
                    m.len()
                ),
                limit: format!("{} units of work", crate::limits::IGNORE_MATCH_WORK),
            },
        )),
        _ => Ok(()),
    }
}

fn exclude_matcher(patterns: &[String]) -> Option<IgnoreMatcher> {
    if patterns.is_empty() {
        return None;
    }
    Some(IgnoreMatcher::from_text(&patterns.join("\n")).0)
}

/// How big a file stands in for one an unknown image holds: the median
/// size of the programs such images ship (a static Go or Rust binary, a
/// CLI copied into another image).
pub const STAND_IN_FILE: u64 = 10_000_000;

/// A filesystem with the `paths` a COPY asks of an image nothing is known
/// of: each a program-sized placeholder (executable, as what is copied
/// out of an image mostly is), but the root and patterns, which match
/// nothing. Returns it, and the paths it holds.
pub fn stand_in_paths(paths: &[String]) -> (Filesystem, Vec<String>) {
    let mut fs = Filesystem::new();
    let mut made = Vec::new();
    for path in paths {
        let path = absolute("/", path);
        if path == "/" || path.contains(['*', '?', '[']) {
            continue;
        }
        let content = Content::blob(STAND_IN_FILE, &format!("stand-in:{path}"));
        if fs
            .place(&path, Node::file(content, Meta::executable()), Meta::dir())
            .is_ok()
        {
            made.push(path);
        }
    }
    (fs, made)
}
