//! The host's files, as the command line reads them: a Dockerfile, a build
//! context, a course's lessons. Any of them may be a student's submission
//! on a grading machine, so every command reads them here, one way:
//!
//! - a context is read as `docker build`'s client sends one: a link is kept
//!   as a link, never followed;
//! - a file the command is named (a Dockerfile, a lesson) is read when it
//!   is a regular file, or a link to one that stays inside the directories
//!   the command was given; a link out of them is refused;
//! - nothing but a regular file is opened for reading (a pipe would hang
//!   the command, a device would never end), and none is read past
//!   Stagecraft's limits: the context's sizes are added up from the
//!   directory before any file is read, and what `.dockerignore` leaves
//!   out is never read at all;
//! - a name that is not UTF-8 is kept, its odd bytes written `\xNN`, apart
//!   from every other name.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::dockerfile::ignore::{ignore_file_for, IgnoreMatcher};
use crate::engine::content::{Content, Digester};
use crate::engine::context::{BuildContext, ContextEntry};
use crate::limits;

/// Files larger than this are kept as their size and digest only.
pub const MAX_REAL_BYTES: u64 = 4 << 20;

/// Why a host file or directory was not read.
#[derive(Debug)]
pub enum HostError {
    /// The system refused, or the path is not there.
    Io { path: String, error: io::Error },
    /// A link that leads out of the directories the command was given.
    LinkOutside { path: String },
    /// Not a regular file (a directory, a pipe, a device...).
    NotRegular { path: String, what: &'static str },
    /// A file over the limit for what it is.
    TooBig {
        path: String,
        size: u64,
        limit: usize,
    },
    /// The context directory past one of Stagecraft's limits.
    Context { what: String, limit: String },
}

impl HostError {
    /// The command's exit status: 2 when a path it was given is not there
    /// (a usage error), 1 for a refusal of what is there.
    pub fn status(&self) -> i32 {
        match self {
            HostError::Io { error, .. } if error.kind() == io::ErrorKind::NotFound => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Io { path, error } => write!(f, "cannot read {path}: {error}"),
            HostError::LinkOutside { path } => write!(
                f,
                "cannot read {path}: it is a symbolic link that leads out of the directory it is in, and Stagecraft follows no link out of the files it is given"
            ),
            HostError::NotRegular { path, what } => {
                write!(f, "cannot read {path}: it is {what}, not a regular file")
            }
            HostError::TooBig { path, size, limit } => write!(
                f,
                "cannot read {path}: it is {size} bytes, over Stagecraft's limit of {limit} bytes"
            ),
            HostError::Context { what, limit } => write!(
                f,
                "{what}: over Stagecraft's limit of {limit} (a simulation limit, not Docker's)"
            ),
        }
    }
}

impl std::error::Error for HostError {}

fn io_error(path: &str) -> impl FnOnce(io::Error) -> HostError + '_ {
    move |error| HostError::Io {
        path: path.to_string(),
        error,
    }
}

/// What a file type is, in words.
fn kind_of(t: fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

/// Opens `path` for reading when it is a regular file: without following
/// a link, and without waiting on a pipe.
fn open_regular(path: &Path, shown: &str) -> Result<fs::File, HostError> {
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|error| {
            // A link put in the file's place since it was looked at.
            if error.raw_os_error() == Some(libc::ELOOP) {
                HostError::LinkOutside {
                    path: shown.to_string(),
                }
            } else {
                io_error(shown)(error)
            }
        })?;
    let meta = file.metadata().map_err(io_error(shown))?;
    if !meta.file_type().is_file() {
        return Err(HostError::NotRegular {
            path: shown.to_string(),
            what: kind_of(meta.file_type()),
        });
    }
    Ok(file)
}

/// Reads the regular file at `path`, or the one a link there leads to
/// when it stays inside one of the directories `inside`: at most `limit`
/// bytes. Returns the bytes, and whether they are the whole file.
pub fn read_file(
    path: &Path,
    inside: &[&Path],
    limit: usize,
) -> Result<(Vec<u8>, bool), HostError> {
    let shown = path.display().to_string();
    let meta = fs::symlink_metadata(path).map_err(io_error(&shown))?;
    let real = if meta.file_type().is_symlink() {
        let outside = || HostError::LinkOutside {
            path: shown.clone(),
        };
        let real = fs::canonicalize(path).map_err(|_| outside())?;
        let stays = inside
            .iter()
            .filter_map(|dir| fs::canonicalize(dir).ok())
            .any(|dir| real.starts_with(dir));
        if !stays {
            return Err(outside());
        }
        real
    } else {
        path.to_path_buf()
    };
    let file = open_regular(&real, &shown)?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error(&shown))?;
    let whole = bytes.len() <= limit;
    bytes.truncate(limit);
    Ok((bytes, whole))
}

/// Reads a text file (a lesson, a Dockerfile to compare with) whole, or
/// refuses it past `limit` bytes.
pub fn read_text(path: &Path, inside: &[&Path], limit: usize) -> Result<String, HostError> {
    let (bytes, whole) = read_file(path, inside, limit)?;
    if !whole {
        let size = fs::metadata(path).map_or(limit as u64 + 1, |m| m.len());
        return Err(HostError::TooBig {
            path: path.display().to_string(),
            size,
            limit,
        });
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The directory holding `path` (`.` for a bare name).
pub fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A file name as the context keeps it: its text, or, when it is not
/// UTF-8, its text with each stray byte written `\xNN`.
fn name_of(name: &std::ffi::OsStr) -> (String, bool) {
    let bytes = name.as_bytes();
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), true);
    }
    let mut out = String::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                break;
            }
            Err(error) => {
                let (good, bad) = rest.split_at(error.valid_up_to());
                out.push_str(&String::from_utf8_lossy(good));
                let n = error.error_len().unwrap_or(bad.len());
                for b in &bad[..n] {
                    out.push_str(&format!("\\x{b:02x}"));
                }
                rest = &bad[n..];
            }
        }
    }
    (out, false)
}

/// Reads the directory `dir` into a build context for the Dockerfile at
/// `dockerfile` (a path in the context), with `edits` made first, before
/// `.dockerignore` applies: `(path, Some(text))` writes the file, `(path,
/// None)` appends a line to it.
pub fn read_context(
    dir: &Path,
    dockerfile: &str,
    edits: &[(String, Option<String>)],
) -> Result<BuildContext, HostError> {
    read_context_beside(dir, dockerfile, edits, None)
}

/// [`read_context`] for a Dockerfile outside the context: `beside` is the
/// `<Dockerfile>.dockerignore` next to it, if there is one (see
/// [`ignore_file_beside`]), which wins over the context's own.
pub fn read_context_beside(
    dir: &Path,
    dockerfile: &str,
    edits: &[(String, Option<String>)],
    beside: Option<(String, String)>,
) -> Result<BuildContext, HostError> {
    let shown = dir.display().to_string();
    let meta = fs::metadata(dir).map_err(io_error(&shown))?;
    if !meta.is_dir() {
        return Err(HostError::NotRegular {
            path: shown,
            what: "not a directory",
        });
    }
    let matcher = match &beside {
        Some((_, text)) => Some(IgnoreMatcher::from_text(text).0),
        None => ignore_matcher(dir, dockerfile, edits),
    };
    let mut walk = Walk {
        matcher,
        entries: Vec::new(),
        seen: HashSet::new(),
        warnings: Vec::new(),
        visited: 0,
        files: 0,
        bytes: 0,
    };
    walk.run(dir)?;
    let mut entries = walk.entries;
    for (path, text) in edits {
        let path = path.trim_start_matches("./").to_string();
        let old = entries.iter().position(|(p, _)| *p == path);
        let new_text = match (text, old.map(|i| &entries[i].1)) {
            (Some(text), _) => text.clone(),
            (None, Some(ContextEntry::File { content, .. })) => {
                format!("{}\n", content.as_text().unwrap_or_default())
            }
            (None, _) => "\n".to_string(),
        };
        let entry = ContextEntry::text(&new_text);
        match old {
            Some(i) => entries[i].1 = entry,
            None => entries.push((path, entry)),
        }
    }
    let beside = beside.map(|(name, text)| (name, Content::text(&text)));
    let mut context = BuildContext::from_entries_beside(entries, dockerfile, beside);
    context.warnings.extend(walk.warnings);
    Ok(context)
}

/// The `<Dockerfile>.dockerignore` beside a Dockerfile at `dockerfile` on
/// the host: its name (as the Dockerfile's path was given) and its text,
/// when it is a regular file. (Past the ignore file's size limit, the
/// context refuses it as it refuses an oversized `.dockerignore`.)
pub fn ignore_file_beside(dockerfile: &Path) -> Option<(String, String)> {
    let mut name = dockerfile.as_os_str().to_os_string();
    name.push(".dockerignore");
    let path = PathBuf::from(name);
    let regular = fs::symlink_metadata(&path).ok()?.file_type().is_file();
    if !regular {
        return None;
    }
    let (bytes, _) = read_file(&path, &[], limits::IGNORE_FILE_BYTES + 1).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Some((path.display().to_string(), text))
}

/// The `.dockerignore` that will apply, compiled, so that the walk reads
/// nothing it leaves out. Only a regular file within its size limit: the
/// context applies no other (and says why), so the walk must not either.
fn ignore_matcher(
    dir: &Path,
    dockerfile: &str,
    edits: &[(String, Option<String>)],
) -> Option<IgnoreMatcher> {
    let edited = |p: &str| edits.iter().any(|(e, _)| e.trim_start_matches("./") == p);
    let regular =
        |p: &str| fs::symlink_metadata(dir.join(p)).is_ok_and(|m| m.file_type().is_file());
    let file = ignore_file_for(dockerfile, |p| regular(p) || edited(p))?;
    // An edited ignore file: the walk reads everything (the context
    // filters by the edited text).
    if edited(&file) {
        return None;
    }
    let path = dir.join(&file);
    let (bytes, whole) = read_file(&path, &[dir], limits::IGNORE_FILE_BYTES).ok()?;
    if !whole {
        return None;
    }
    let text = String::from_utf8(bytes).ok()?;
    Some(IgnoreMatcher::from_text(&text).0)
}

struct Walk {
    matcher: Option<IgnoreMatcher>,
    entries: Vec<(String, ContextEntry)>,
    /// Context paths so far, to keep two names apart.
    seen: HashSet<String>,
    warnings: Vec<String>,
    /// Directory entries looked at.
    visited: usize,
    /// Files and directories kept, and their bytes.
    files: usize,
    bytes: u64,
}

impl Walk {
    fn excluded(&self, path: &str) -> bool {
        self.matcher.as_ref().is_some_and(|m| m.is_excluded(path))
    }

    /// Walks `root` without recursion (a deep tree is a loop, not a
    /// stack), children in name order.
    fn run(&mut self, root: &Path) -> Result<(), HostError> {
        let mut stack: Vec<(PathBuf, String)> = vec![(root.to_path_buf(), String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let shown = dir.display().to_string();
            let mut children: Vec<fs::DirEntry> = fs::read_dir(&dir)
                .map_err(io_error(&shown))?
                .collect::<Result<_, _>>()
                .map_err(io_error(&shown))?;
            self.visited += children.len();
            if self.visited > limits::CONTEXT_VISITED {
                return Err(HostError::Context {
                    what: format!(
                        "the context directory {} has more than {} entries to look at",
                        root.display(),
                        limits::CONTEXT_VISITED
                    ),
                    limit: format!("{} entries", limits::CONTEXT_VISITED),
                });
            }
            children.sort_by_key(fs::DirEntry::file_name);
            let mut subdirs = Vec::new();
            for child in children {
                if let Some(sub) = self.visit(&child, &prefix)? {
                    subdirs.push(sub);
                }
            }
            // Popped in name order.
            stack.extend(subdirs.into_iter().rev());
        }
        Ok(())
    }

    /// Adds one entry; a directory to walk comes back.
    fn visit(
        &mut self,
        child: &fs::DirEntry,
        prefix: &str,
    ) -> Result<Option<(PathBuf, String)>, HostError> {
        let (name, utf8) = name_of(&child.file_name());
        let path = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let shown = child.path().display().to_string();
        if path.len() > limits::CONTEXT_PATH_BYTES {
            return Err(HostError::Context {
                what: format!("the context path {shown} is {} bytes", path.len()),
                limit: format!("{} bytes", limits::CONTEXT_PATH_BYTES),
            });
        }
        if !utf8 {
            self.warnings.push(format!(
                "the context has a name that is not UTF-8; Stagecraft calls it {path}"
            ));
        }
        if !self.seen.insert(path.clone()) {
            self.warnings.push(format!(
                "left {shown} out of the context: its name, not UTF-8, reads as {path}, which another entry has"
            ));
            return Ok(None);
        }
        // Not following a link: DirEntry's metadata is lstat's.
        let meta = child.metadata().map_err(io_error(&shown))?;
        let kind = meta.file_type();
        let mode = meta.permissions().mode() & 0o7777;
        let excluded = self.excluded(&path);
        if kind.is_symlink() {
            let target = fs::read_link(child.path()).map_err(io_error(&shown))?;
            let (target, _) = name_of(target.as_os_str());
            self.keep(&path, 0, excluded)?;
            self.entries.push((path, ContextEntry::Symlink { target }));
            return Ok(None);
        }
        if kind.is_dir() {
            self.keep(&path, 0, excluded)?;
            self.entries
                .push((path.clone(), ContextEntry::Dir { mode }));
            // Nothing under an excluded directory can come back without a
            // `!` pattern: its files are never looked at.
            let skip = excluded && self.matcher.as_ref().is_some_and(|m| !m.has_exclusions());
            return Ok((!skip).then(|| (child.path(), path)));
        }
        if !kind.is_file() {
            self.warnings.push(format!(
                "left {path} out of the context: it is {}, and Stagecraft copies only files, directories and links",
                kind_of(kind)
            ));
            return Ok(None);
        }
        let size = meta.len();
        self.keep(&path, size, excluded)?;
        // The ignore file is read even when it lists itself: BuildKit
        // reads it before it leaves anything out.
        let ignore_file = path.trim_start_matches('/') == ".dockerignore";
        let content = if excluded && !ignore_file {
            // Left out by .dockerignore: never read.
            Content::blob(size, "excluded by .dockerignore")
        } else {
            read_content(&child.path(), &shown, size)?
        };
        self.entries
            .push((path, ContextEntry::File { content, mode }));
        Ok(None)
    }

    /// Counts a kept entry against the context's limits, before reading it.
    fn keep(&mut self, path: &str, size: u64, excluded: bool) -> Result<(), HostError> {
        if excluded {
            return Ok(());
        }
        self.files += 1;
        self.bytes += size;
        if self.files > limits::CONTEXT_FILES {
            return Err(HostError::Context {
                what: format!(
                    "the build context has more than {} files and directories (at {path})",
                    limits::CONTEXT_FILES
                ),
                limit: limits::CONTEXT_FILES.to_string(),
            });
        }
        if self.bytes > limits::CONTEXT_BYTES as u64 {
            return Err(HostError::Context {
                what: format!(
                    "the build context is more than {} bytes (at {path})",
                    limits::CONTEXT_BYTES
                ),
                limit: format!("{} bytes", limits::CONTEXT_BYTES),
            });
        }
        Ok(())
    }
}

/// A regular file's content: its bytes up to [`MAX_REAL_BYTES`], else its
/// size and digest, read a piece at a time.
fn read_content(path: &Path, shown: &str, size: u64) -> Result<Content, HostError> {
    let file = open_regular(path, shown)?;
    // No more than the size looked at before: a file that grows since is
    // not read past it.
    let mut reader = file.take(size);
    if size <= MAX_REAL_BYTES {
        let mut bytes = Vec::with_capacity(size as usize);
        reader.read_to_end(&mut bytes).map_err(io_error(shown))?;
        return Ok(Content::bytes(bytes));
    }
    let mut digester = Digester::new();
    let mut buffer = vec![0; 64 << 10];
    let mut read = 0u64;
    loop {
        let n = reader.read(&mut buffer).map_err(io_error(shown))?;
        if n == 0 {
            break;
        }
        digester.update(&buffer[..n]);
        read += n as u64;
    }
    Ok(Content::large(read, digester.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let a = name_of(std::ffi::OsStr::from_bytes(b"a\xff.txt"));
        let b = name_of(std::ffi::OsStr::from_bytes(b"a\xfe.txt"));
        assert_eq!(a, ("a\\xff.txt".to_string(), false));
        assert_eq!(b, ("a\\xfe.txt".to_string(), false));
        assert_eq!(
            name_of(std::ffi::OsStr::new("été")),
            ("été".to_string(), true)
        );
    }
}
