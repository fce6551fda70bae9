//! The in-memory filesystem of a build: directories, regular files and
//! symlinks with mode, owner and content. Directories are shared between
//! snapshots and copied only when written (copy-on-write), so a snapshot is
//! one pointer copy and a build's memory grows with what changed.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::Serialize;

use super::content::Content;

/// Linux's limit on symlinks followed while resolving one path.
pub const MAX_SYMLINK_HOPS: usize = crate::limits::SYMLINK_HOPS;

/// Permission bits (including setuid, setgid, sticky), owner, and a
/// logical modification time: the build step that last wrote or changed the
/// entry. Like a real mtime it makes an entry that was written again (even
/// with the same bytes) or re-`chmod`ed part of the next layer, as overlay
/// filesystems copy it up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Meta {
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub mtime: u64,
}

impl Meta {
    pub const fn new(mode: u32, uid: u32, gid: u32) -> Meta {
        Meta {
            mode,
            uid,
            gid,
            mtime: 0,
        }
    }

    pub const fn at(self, mtime: u64) -> Meta {
        Meta { mtime, ..self }
    }

    pub const fn dir() -> Meta {
        Meta::new(0o755, 0, 0)
    }

    pub const fn file() -> Meta {
        Meta::new(0o644, 0, 0)
    }

    pub const fn executable() -> Meta {
        Meta::new(0o755, 0, 0)
    }

    pub const fn symlink() -> Meta {
        Meta::new(0o777, 0, 0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    File,
    Dir,
    Symlink,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub meta: Meta,
    pub content: Content,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symlink {
    pub meta: Meta,
    pub target: String,
}

/// A directory. Its `id` tells a directory apart from another one later
/// made at the same path (which image layers record as an opaque
/// directory); copies made by copy-on-write keep it.
#[derive(Clone, Debug)]
pub struct Dir {
    pub meta: Meta,
    pub entries: BTreeMap<String, Node>,
    id: u64,
}

static NEXT_DIR_ID: AtomicU64 = AtomicU64::new(1);

impl Dir {
    pub fn new(meta: Meta) -> Dir {
        Dir {
            meta,
            entries: BTreeMap::new(),
            id: NEXT_DIR_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// A new directory holding `entries`.
    pub fn with_entries(meta: Meta, entries: BTreeMap<String, Node>) -> Dir {
        let mut dir = Dir::new(meta);
        dir.entries = entries;
        dir
    }

    /// Whether `other` is this directory (or a copy-on-write copy of it),
    /// rather than one made anew.
    pub fn same_directory(&self, other: &Dir) -> bool {
        self.id == other.id
    }
}

impl Default for Dir {
    fn default() -> Self {
        Dir::new(Meta::dir())
    }
}

/// Directories compare by what they hold, not by identity: level by level
/// (a tree of any depth, no recursion), a shared directory at once.
impl PartialEq for Dir {
    fn eq(&self, other: &Dir) -> bool {
        let mut pending: Vec<(&Dir, &Dir)> = vec![(self, other)];
        while let Some((a, b)) = pending.pop() {
            if a.meta != b.meta || a.entries.len() != b.entries.len() {
                return false;
            }
            for ((name_a, a), (name_b, b)) in a.entries.iter().zip(&b.entries) {
                if name_a != name_b {
                    return false;
                }
                match (a, b) {
                    (Node::Dir(a), Node::Dir(b)) if !Arc::ptr_eq(a, b) => pending.push((a, b)),
                    (Node::Dir(_), Node::Dir(_)) => {}
                    (a, b) if !a.same_entry(b) => return false,
                    _ => {}
                }
            }
        }
        true
    }
}

/// Dropped a level at a time: a tree thousands of directories deep would
/// overflow the stack if each level dropped the next.
impl Drop for Dir {
    fn drop(&mut self) {
        if !self.entries.values().any(|n| matches!(n, Node::Dir(_))) {
            return;
        }
        let mut pending: Vec<Arc<Dir>> = Vec::new();
        let take = |entries: &mut BTreeMap<String, Node>, pending: &mut Vec<Arc<Dir>>| {
            for node in std::mem::take(entries).into_values() {
                if let Node::Dir(d) = node {
                    pending.push(d);
                }
            }
        };
        take(&mut self.entries, &mut pending);
        while let Some(dir) = pending.pop() {
            // Shared with another tree: only the count goes down.
            if let Ok(mut dir) = Arc::try_unwrap(dir) {
                take(&mut dir.entries, &mut pending);
            }
        }
    }
}

impl Eq for Dir {}

impl Default for Meta {
    fn default() -> Self {
        Meta::dir()
    }
}

#[derive(Clone, Debug, Eq)]
pub enum Node {
    File(File),
    Dir(Arc<Dir>),
    Symlink(Symlink),
}

impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        match (self, other) {
            (Node::Dir(a), Node::Dir(b)) => Arc::ptr_eq(a, b) || a == b,
            (a, b) => a.same_entry(b),
        }
    }
}

impl Node {
    pub fn file(content: Content, meta: Meta) -> Node {
        Node::File(File { meta, content })
    }

    pub fn dir(meta: Meta) -> Node {
        Node::Dir(Arc::new(Dir::new(meta)))
    }

    pub fn symlink(target: &str, meta: Meta) -> Node {
        Node::Symlink(Symlink {
            meta,
            target: target.to_string(),
        })
    }

    pub fn kind(&self) -> Kind {
        match self {
            Node::File(_) => Kind::File,
            Node::Dir(_) => Kind::Dir,
            Node::Symlink(_) => Kind::Symlink,
        }
    }

    pub fn meta(&self) -> Meta {
        match self {
            Node::File(f) => f.meta,
            Node::Dir(d) => d.meta,
            Node::Symlink(s) => s.meta,
        }
    }

    pub fn meta_mut(&mut self) -> &mut Meta {
        match self {
            Node::File(f) => &mut f.meta,
            Node::Dir(d) => &mut Arc::make_mut(d).meta,
            Node::Symlink(s) => &mut s.meta,
        }
    }

    /// Bytes the entry stores: a regular file's size, 0 otherwise.
    pub fn size(&self) -> u64 {
        match self {
            Node::File(f) => f.content.size(),
            _ => 0,
        }
    }

    pub fn as_dir(&self) -> Option<&Dir> {
        match self {
            Node::Dir(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_file(&self) -> Option<&File> {
        match self {
            Node::File(f) => Some(f),
            _ => None,
        }
    }

    /// Same entry, ignoring what lies below a directory.
    pub fn same_entry(&self, other: &Node) -> bool {
        match (self, other) {
            (Node::File(a), Node::File(b)) => a == b,
            (Node::Symlink(a), Node::Symlink(b)) => a == b,
            (Node::Dir(a), Node::Dir(b)) => a.meta == b.meta,
            _ => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FsErrorKind {
    NotFound,
    NotADirectory,
    IsADirectory,
    AlreadyExists,
    SymlinkLoop,
    DirectoryNotEmpty,
    InvalidArgument,
    /// A path past Linux's `PATH_MAX`, or a name past `NAME_MAX`.
    NameTooLong,
    /// An entry deeper than [`crate::limits::PATH_DEPTH`] directories.
    TooDeep,
}

/// A filesystem error, worded as Linux's `strerror`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FsError {
    pub kind: FsErrorKind,
    pub path: String,
}

impl FsError {
    pub fn new(kind: FsErrorKind, path: &str) -> FsError {
        FsError {
            kind,
            path: path.to_string(),
        }
    }

    /// The `strerror` text alone.
    pub fn reason(&self) -> &'static str {
        match self.kind {
            FsErrorKind::NotFound => "No such file or directory",
            FsErrorKind::NotADirectory => "Not a directory",
            FsErrorKind::IsADirectory => "Is a directory",
            FsErrorKind::AlreadyExists => "File exists",
            FsErrorKind::SymlinkLoop => "Too many levels of symbolic links",
            FsErrorKind::DirectoryNotEmpty => "Directory not empty",
            FsErrorKind::InvalidArgument => "Invalid argument",
            FsErrorKind::NameTooLong => "File name too long",
            FsErrorKind::TooDeep => {
                "File name too long (deeper than Stagecraft's limit of 512 directory levels)"
            }
        }
    }
}

impl FsError {
    /// The error as Go prints it (`lstat /x: no such file or directory`).
    pub fn go_text(&self, op: &str) -> String {
        let reason = self.reason();
        let mut lower = reason[..1].to_lowercase();
        lower.push_str(&reason[1..]);
        format!("{op} {}: {lower}", self.path)
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason())
    }
}

impl std::error::Error for FsError {}

/// Linux's longest path a call takes, its terminating NUL included.
pub const PATH_MAX: usize = 4096;
/// Linux's longest name of one entry.
pub const NAME_MAX: usize = 255;

/// `ENAMETOOLONG` for a path Linux would refuse: past `PATH_MAX`, or with
/// a name past `NAME_MAX`. It also keeps a tree made by name from growing
/// deeper than about 2,000 levels.
pub fn check_length(path: &str) -> Result<(), FsError> {
    if path.len() >= PATH_MAX
        || (path.len() > NAME_MAX && Slashes::new(path).any(|c| c.len() > NAME_MAX))
    {
        let shown: String = path.chars().take(64).collect();
        return Err(FsError::new(
            FsErrorKind::NameTooLong,
            &format!("{shown}..."),
        ));
    }
    Ok(())
}

/// How many directories down a clean absolute path is (`/a/b`: 2).
fn depth_of(path: &str) -> usize {
    components(path).count()
}

/// How many levels lie below `node`: 0 for a file, a link or an empty
/// directory, one more than its deepest entry's for a directory. Counted
/// without recursion.
fn height(node: &Node) -> usize {
    let Node::Dir(dir) = node else {
        return 0;
    };
    let mut deepest = 0;
    let mut pending: Vec<(&Dir, usize)> = vec![(dir, 0)];
    while let Some((dir, level)) = pending.pop() {
        for child in dir.entries.values() {
            deepest = deepest.max(level + 1);
            if let Node::Dir(d) = child {
                pending.push((d, level + 1));
            }
        }
    }
    deepest
}

/// Refuses to put `node` at the clean absolute `path` when it, or an
/// entry below it, would be deeper than Stagecraft's limit: every walk of
/// a tree (copying, finding, comparing layers, showing it) then fits the
/// page's stack.
fn check_depth(path: &str, node: Option<&Node>) -> Result<(), FsError> {
    let limit = crate::limits::PATH_DEPTH;
    let depth = depth_of(path);
    if depth > limit || depth + node.map_or(0, height) > limit {
        let shown: String = path.chars().take(64).collect();
        return Err(FsError::new(FsErrorKind::TooDeep, &format!("{shown}...")));
    }
    Ok(())
}

/// `path` made absolute against `cwd` and cleaned lexically (`.`, `..`,
/// repeated slashes), as Go's `path.Join` would.
pub fn absolute(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{}", cwd.trim_end_matches('/'), path)
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The parent directory and last component of an absolute clean path.
pub fn split_parent(path: &str) -> (&str, &str) {
    // By byte: names are short, and a call to memrchr costs more.
    match path.bytes().rposition(|b| b == b'/') {
        Some(0) => ("/", &path[1..]),
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("/", path),
    }
}

/// The directory at a canonical path below `root`, writable (shared
/// directories on the way copied).
fn dir_mut_in<'a>(root: &'a mut Arc<Dir>, canonical: &str) -> Result<&'a mut Dir, FsError> {
    let mut dir = Arc::make_mut(root);
    // The path up to component `n`, for an error.
    let walked = |n: usize| {
        let parts: Vec<&str> = components(canonical).take(n + 1).collect();
        format!("/{}", parts.join("/"))
    };
    for (n, part) in components(canonical).enumerate() {
        dir = match dir.entries.get_mut(part) {
            Some(Node::Dir(d)) => Arc::make_mut(d),
            Some(_) => return Err(FsError::new(FsErrorKind::NotADirectory, &walked(n))),
            None => return Err(FsError::new(FsErrorKind::NotFound, &walked(n))),
        };
    }
    Ok(dir)
}

/// Walks `names` down from `dir`, making each missing directory with
/// `meta`; None when one of them is not a directory.
fn make_dirs<'a, 'n>(
    mut dir: &'a mut Dir,
    names: impl IntoIterator<Item = &'n str>,
    meta: Meta,
) -> Option<&'a mut Dir> {
    for name in names {
        let entry = dir
            .entries
            .entry(name.to_string())
            .or_insert_with(|| Node::dir(meta));
        dir = match entry {
            Node::Dir(d) => Arc::make_mut(d),
            _ => return None,
        };
    }
    Some(dir)
}

fn components(path: &str) -> impl DoubleEndedIterator<Item = &str> + Clone {
    Slashes::new(path).filter(|c| !c.is_empty() && *c != ".")
}

/// `path.split('/')`, by byte: quicker on the short names of a path than
/// the general search.
#[derive(Clone, Debug)]
struct Slashes<'a> {
    rest: Option<&'a str>,
}

impl<'a> Slashes<'a> {
    fn new(path: &'a str) -> Slashes<'a> {
        Slashes { rest: Some(path) }
    }
}

impl<'a> Iterator for Slashes<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        Some(match rest.bytes().position(|b| b == b'/') {
            Some(i) => {
                self.rest = Some(&rest[i + 1..]);
                &rest[..i]
            }
            None => {
                self.rest = None;
                rest
            }
        })
    }
}

impl<'a> DoubleEndedIterator for Slashes<'a> {
    fn next_back(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        Some(match rest.bytes().rposition(|b| b == b'/') {
            Some(i) => {
                self.rest = Some(&rest[..i]);
                &rest[i + 1..]
            }
            None => {
                self.rest = None;
                rest
            }
        })
    }
}

/// A whole filesystem tree. Cloning it is a snapshot: O(1), sharing every
/// directory until one side writes to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filesystem {
    root: Arc<Dir>,
    /// Bytes read and written through it, for the shell to charge to the
    /// program that moved them.
    traffic: Traffic,
}

/// Bytes of real content read from and written to a filesystem. Not part
/// of what the filesystem is: equal whatever they count.
#[derive(Debug, Default)]
pub struct Traffic {
    read: AtomicU64,
    written: AtomicU64,
    /// Entries put, removed or changed.
    changes: AtomicU64,
    /// Entries refused for Stagecraft's depth limit: the shell stops the
    /// script with that limit's name (a program would only print it).
    too_deep: AtomicU64,
}

impl Traffic {
    fn change(&self) {
        self.changes.fetch_add(1, Ordering::Relaxed);
    }

    fn add(counter: &AtomicU64, node: &Node) {
        if let Node::File(f) = node {
            if let Some(data) = f.content.data() {
                counter.fetch_add(data.len() as u64, Ordering::Relaxed);
            }
        }
    }
}

impl Clone for Traffic {
    fn clone(&self) -> Traffic {
        Traffic::default()
    }
}

impl PartialEq for Traffic {
    fn eq(&self, _: &Traffic) -> bool {
        true
    }
}

impl Eq for Traffic {}

impl Default for Filesystem {
    fn default() -> Self {
        Filesystem::new()
    }
}

impl Filesystem {
    /// An empty filesystem: just `/`, mode 0755, owned by root.
    pub fn new() -> Filesystem {
        Filesystem {
            root: Arc::new(Dir::default()),
            traffic: Traffic::default(),
        }
    }

    /// The filesystem whose root is `root`.
    pub fn from_root(root: Dir) -> Filesystem {
        Filesystem {
            root: Arc::new(root),
            traffic: Traffic::default(),
        }
    }

    pub fn root(&self) -> &Dir {
        &self.root
    }

    /// Bytes of real content read and written since it was made (or
    /// copied): `(read, written)`.
    pub fn traffic(&self) -> (u64, u64) {
        (
            self.traffic.read.load(Ordering::Relaxed),
            self.traffic.written.load(Ordering::Relaxed),
        )
    }

    /// Entries put, removed or changed since it was made (or copied).
    pub fn changes(&self) -> u64 {
        self.traffic.changes.load(Ordering::Relaxed)
    }

    /// Entries refused for being deeper than Stagecraft's limit since it
    /// was made (or copied).
    pub fn refused_too_deep(&self) -> u64 {
        self.traffic.too_deep.load(Ordering::Relaxed)
    }

    /// [`check_depth`], counting a refusal.
    fn depth_ok(&self, path: &str, node: Option<&Node>) -> Result<(), FsError> {
        check_depth(path, node).inspect_err(|_| {
            self.traffic.too_deep.fetch_add(1, Ordering::Relaxed);
        })
    }

    /// Whether both share the very same tree (no write since the snapshot).
    pub fn shares_root_with(&self, other: &Filesystem) -> bool {
        Arc::ptr_eq(&self.root, &other.root)
    }

    /// The entry at an absolute path, without following any symlink.
    pub fn get(&self, path: &str) -> Option<&Node> {
        let mut dir: &Dir = &self.root;
        let mut parts = components(path).peekable();
        let mut node: Option<&Node> = None;
        while let Some(part) = parts.next() {
            let next = dir.entries.get(part)?;
            if parts.peek().is_some() {
                dir = next.as_dir()?;
            }
            node = Some(next);
        }
        node
    }

    /// The directory at a canonical path.
    fn dir_at(&self, canonical: &str) -> Option<&Dir> {
        if canonical == "/" {
            return Some(&self.root);
        }
        self.get(canonical).and_then(Node::as_dir)
    }

    /// The root directory's entry.
    pub fn root_meta(&self) -> Meta {
        self.root.meta
    }

    /// Resolves `path` (absolute) as Linux does: symlinks in the middle are
    /// always followed, the last one only when `follow_last`. The last
    /// component need not exist. Returns the canonical path.
    pub fn resolve(&self, path: &str, follow_last: bool) -> Result<String, FsError> {
        check_length(path)?;
        match self.resolve_plain(path, follow_last) {
            Some(canonical) => Ok(canonical),
            None => self.resolve_walk(path, follow_last),
        }
    }

    /// [`Filesystem::resolve`] of any path.
    fn resolve_walk(&self, path: &str, follow_last: bool) -> Result<String, FsError> {
        // Components still to walk (last first), the canonical components
        // so far, and the directory each of them is: one walk, no
        // allocation per component.
        let mut pending: Vec<&str> = components(path).rev().collect();
        let mut stack: Vec<&str> = Vec::new();
        let mut dirs: Vec<&Dir> = vec![self.root.as_ref()];
        let join = |stack: &[&str]| format!("/{}", stack.join("/"));
        let mut hops = 0;
        while let Some(part) = pending.pop() {
            if part == ".." {
                if stack.pop().is_some() {
                    dirs.pop();
                }
                continue;
            }
            let is_last = pending.is_empty();
            let dir = dirs[dirs.len() - 1];
            match dir.entries.get(part) {
                None => {
                    stack.push(part);
                    if is_last {
                        return Ok(join(&stack));
                    }
                    return Err(FsError::new(FsErrorKind::NotFound, &join(&stack)));
                }
                Some(Node::Symlink(link)) if !is_last || follow_last => {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return Err(FsError::new(FsErrorKind::SymlinkLoop, path));
                    }
                    if link.target.starts_with('/') {
                        stack.clear();
                        dirs.truncate(1);
                    }
                    pending.extend(components(&link.target).rev());
                }
                Some(Node::Dir(d)) => {
                    stack.push(part);
                    dirs.push(d.as_ref());
                }
                Some(Node::Symlink(_)) => stack.push(part),
                Some(Node::File(_)) => {
                    stack.push(part);
                    if !is_last {
                        return Err(FsError::new(FsErrorKind::NotADirectory, &join(&stack)));
                    }
                }
            }
        }
        Ok(join(&stack))
    }

    /// [`Filesystem::resolve`] of the common case, in one walk with no
    /// bookkeeping: `path` is clean (absolute, with no empty, `.` or `..`
    /// component) and names no symlink to follow, so it is its own
    /// canonical path. None for any other path, the errors included.
    fn resolve_plain(&self, path: &str, follow_last: bool) -> Option<String> {
        let rest = path.strip_prefix('/')?;
        if rest.is_empty() {
            return Some(String::from("/"));
        }
        let mut dir: &Dir = &self.root;
        let mut parts = Slashes::new(rest);
        let mut part = parts.next()?;
        loop {
            if matches!(part, "" | "." | "..") {
                return None;
            }
            let next = parts.next();
            match (dir.entries.get(part), next) {
                (Some(Node::Dir(d)), Some(_)) => dir = d.as_ref(),
                (Some(Node::Symlink(_)), None) if follow_last => return None,
                (Some(_) | None, None) => return Some(path.to_string()),
                (Some(Node::File(_) | Node::Symlink(_)) | None, Some(_)) => return None,
            }
            part = next?;
        }
    }

    /// The entry `path` names, following symlinks as `resolve` does.
    pub fn lookup(&self, path: &str, follow_last: bool) -> Result<(String, &Node), FsError> {
        let canonical = self.resolve(path, follow_last)?;
        if canonical == "/" {
            return Err(FsError::new(FsErrorKind::IsADirectory, "/"));
        }
        match self.get(&canonical) {
            Some(node) => Ok((canonical, node)),
            None => Err(FsError::new(FsErrorKind::NotFound, path)),
        }
    }

    /// Whether `path` names an existing entry (following symlinks).
    pub fn exists(&self, path: &str) -> bool {
        self.resolve(path, true)
            .map(|p| p == "/" || self.get(&p).is_some())
            .unwrap_or(false)
    }

    /// Whether `path` (following symlinks) is a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        match self.resolve(path, true) {
            Ok(p) if p == "/" => true,
            Ok(p) => matches!(self.get(&p), Some(Node::Dir(_))),
            Err(_) => false,
        }
    }

    /// The directory at a canonical path, writable; shared directories on
    /// the way are copied.
    fn dir_mut(&mut self, canonical: &str) -> Result<&mut Dir, FsError> {
        dir_mut_in(&mut self.root, canonical)
    }

    /// The entry at a canonical path, writable.
    pub fn node_mut(&mut self, canonical: &str) -> Option<&mut Node> {
        let (parent, name) = split_parent(canonical);
        self.dir_mut(parent).ok()?.entries.get_mut(name)
    }

    /// Places `node` at `path` (the parent's symlinks followed, the last
    /// component not), replacing what was there. The parent must exist.
    pub fn put(&mut self, path: &str, node: Node) -> Result<(), FsError> {
        let canonical = self.resolve(path, false)?;
        if canonical == "/" {
            return match node {
                Node::Dir(d) => {
                    self.root = d;
                    Ok(())
                }
                _ => Err(FsError::new(FsErrorKind::IsADirectory, "/")),
            };
        }
        self.depth_ok(&canonical, Some(&node))?;
        Traffic::add(&self.traffic.written, &node);
        self.traffic.change();
        let (parent, name) = split_parent(&canonical);
        let dir = self.dir_mut(parent)?;
        dir.entries.insert(name.to_string(), node);
        Ok(())
    }

    /// Removes the entry at `path` (a symlink itself, not its target) if
    /// `goes` says so of it, in one walk; whether it went.
    pub fn remove_if(
        &mut self,
        path: &str,
        goes: impl FnOnce(&Node) -> bool,
    ) -> Result<bool, FsError> {
        let canonical = self.resolve(path, false)?;
        if canonical == "/" {
            return Ok(false);
        }
        let (parent, name) = split_parent(&canonical);
        if !self.get(&canonical).is_some_and(goes) {
            return Ok(false);
        }
        let dir = self.dir_mut(parent)?;
        Ok(dir.entries.remove(name).is_some())
    }

    /// Places `node` at `path` as [`Filesystem::put`] does, unless a
    /// directory is there (then nothing changes and the answer is false):
    /// how a package manager unpacks a file, in one walk.
    pub fn put_unless_dir(&mut self, path: &str, node: Node) -> Result<bool, FsError> {
        let canonical = self.resolve(path, false)?;
        if canonical == "/" {
            return Ok(false);
        }
        self.depth_ok(&canonical, Some(&node))?;
        Traffic::add(&self.traffic.written, &node);
        self.traffic.change();
        let (parent, name) = split_parent(&canonical);
        let dir = self.dir_mut(parent)?;
        if let Some(Node::Dir(_)) = dir.entries.get(name) {
            return Ok(false);
        }
        dir.entries.insert(name.to_string(), node);
        Ok(true)
    }

    /// Places each `(relative path, node)` of `entries` under the directory
    /// `path` names (made, with its missing parents, if need be; symlinks
    /// on the way to it followed), making the missing directories between
    /// with `dir_meta`: a program that writes a whole tree (a package
    /// manager's install) in one walk to it, not one a file. Each entry
    /// replaces what was at its place and counts as [`Filesystem::put`]'s
    /// would; one too deep, or whose path climbs (`..`), is left out. Below
    /// a symlink, an entry is put as [`Filesystem::put`] puts it.
    pub fn put_under(
        &mut self,
        path: &str,
        entries: Vec<(String, Node)>,
        dir_meta: Meta,
    ) -> Result<(), FsError> {
        self.mkdir_all(path, dir_meta)?;
        let canonical = self.resolve(path, true)?;
        let mut full = canonical.trim_end_matches('/').to_string();
        let base = full.len();
        let mut kept = Vec::with_capacity(entries.len());
        for (rel, node) in entries {
            full.truncate(base);
            full.push('/');
            full.push_str(&rel);
            if self.depth_ok(&full, Some(&node)).is_ok() {
                kept.push((rel, node));
            }
        }
        let traffic = &self.traffic;
        let top = dir_mut_in(&mut self.root, &canonical)?;
        // Those with a symlink on the way: put as `put` would, after.
        let mut linked = Vec::new();
        for (rel, node) in kept {
            let (parent, name) = split_parent(&rel);
            if matches!(name, "" | "." | "..") || components(parent).any(|c| c == "..") {
                continue;
            }
            match make_dirs(top, components(parent), dir_meta) {
                Some(dir) => {
                    Traffic::add(&traffic.written, &node);
                    traffic.change();
                    dir.entries.insert(name.to_string(), node);
                }
                None => linked.push((rel, node)),
            }
        }
        for (rel, node) in linked {
            full.truncate(base);
            full.push('/');
            full.push_str(&rel);
            let _ = self.mkdir_all(split_parent(&full).0, dir_meta);
            let _ = self.put(&full, node);
        }
        Ok(())
    }

    /// Runs `change` on the directory `path` names (symlinks followed),
    /// writable: many changes in one directory for one walk.
    pub fn with_dir<R>(
        &mut self,
        path: &str,
        change: impl FnOnce(&mut Dir) -> R,
    ) -> Result<R, FsError> {
        let canonical = self.resolve(path, true)?;
        let dir = self.dir_mut(&canonical)?;
        Ok(change(dir))
    }

    /// Places `node` at the clean absolute `path` without following any
    /// symlink, making missing parent directories with `dir_meta`: how a
    /// tree is filled from a list of paths. A parent that is not a
    /// directory is an error.
    pub fn place(&mut self, path: &str, node: Node, dir_meta: Meta) -> Result<(), FsError> {
        check_length(path)?;
        self.depth_ok(path, Some(&node))?;
        let (parent, name) = split_parent(path);
        if name.is_empty() {
            return Err(FsError::new(FsErrorKind::InvalidArgument, path));
        }
        let dir = make_dirs(Arc::make_mut(&mut self.root), components(parent), dir_meta)
            .ok_or_else(|| FsError::new(FsErrorKind::NotADirectory, parent))?;
        match (dir.entries.get_mut(name), node) {
            // A directory already there keeps its contents.
            (Some(Node::Dir(old)), Node::Dir(new)) => Arc::make_mut(old).meta = new.meta,
            (_, node) => {
                dir.entries.insert(name.to_string(), node);
            }
        }
        Ok(())
    }

    /// Writes a regular file, following a symlink at `path` as `open(2)`
    /// does. An existing directory there is an error.
    pub fn write_file(&mut self, path: &str, content: Content, meta: Meta) -> Result<(), FsError> {
        let canonical = self.resolve(path, true)?;
        if matches!(self.get(&canonical), Some(Node::Dir(_))) || canonical == "/" {
            return Err(FsError::new(FsErrorKind::IsADirectory, path));
        }
        self.put(&canonical, Node::file(content, meta))
    }

    /// `mkdir -p`: creates missing directories with `meta`; existing ones
    /// are kept as they are.
    pub fn mkdir_all(&mut self, path: &str, meta: Meta) -> Result<(), FsError> {
        check_length(path)?;
        // `..` may take it back up: only the clean path is measured.
        self.depth_ok(&absolute("/", path), None)?;
        // Most often the directory is there already: one walk (with no
        // link on the way), else one lookup, not one per component.
        if path == "/" || matches!(self.get(path), Some(Node::Dir(_))) {
            return Ok(());
        }
        if let Ok(canonical) = self.resolve(path, true) {
            if let Some(Node::Dir(_)) = self.get(&canonical) {
                return Ok(());
            }
        }
        // The directories already there, walked once from the root (not
        // looked up again from it for each component, which costs the
        // depth squared).
        let mut current = String::from("/");
        let mut parts = components(path);
        let mut dir: &Dir = &self.root;
        loop {
            let mut ahead = parts.clone();
            let Some(part) = ahead.next() else {
                return Ok(());
            };
            let Some(Node::Dir(next)) = (part != "..").then(|| dir.entries.get(part)).flatten()
            else {
                break;
            };
            if current.len() > 1 {
                current.push('/');
            }
            current.push_str(part);
            dir = next;
            parts = ahead;
        }
        while let Some(part) = parts.next() {
            let entry = match part {
                ".." => None,
                _ => self.dir_at(&current).map(|d| d.entries.get(part)),
            };
            match entry {
                // A directory: no symlink to follow, no lookup to make.
                Some(Some(Node::Dir(_))) => {
                    if current.len() > 1 {
                        current.push('/');
                    }
                    current.push_str(part);
                    continue;
                }
                // The rest is all new: made in one walk.
                Some(None) => {
                    let rest: Vec<&str> = std::iter::once(part).chain(parts.clone()).collect();
                    if !rest.contains(&"..") {
                        let dir = self.dir_mut(&current)?;
                        return make_dirs(dir, rest, meta)
                            .map(|_| ())
                            .ok_or_else(|| FsError::new(FsErrorKind::NotADirectory, path));
                    }
                }
                _ => {}
            }
            let next = absolute(&current, part);
            let canonical = self.resolve(&next, true)?;
            match self.get(&canonical) {
                Some(Node::Dir(_)) => {}
                Some(_) => return Err(FsError::new(FsErrorKind::NotADirectory, &next)),
                None if canonical == "/" => {}
                None => self.put(&canonical, Node::dir(meta))?,
            }
            current = canonical;
        }
        Ok(())
    }

    /// Removes the entry at `path` (a symlink itself, not its target) and
    /// everything below it; returns it.
    pub fn remove(&mut self, path: &str) -> Result<Node, FsError> {
        let canonical = self.resolve(path, false)?;
        if canonical == "/" {
            return Err(FsError::new(FsErrorKind::InvalidArgument, "/"));
        }
        self.traffic.change();
        let (parent, name) = split_parent(&canonical);
        let dir = self.dir_mut(parent)?;
        dir.entries
            .remove(name)
            .ok_or_else(|| FsError::new(FsErrorKind::NotFound, path))
    }

    /// Changes the mode or owner of what `path` names (following a final
    /// symlink when `follow_last`).
    pub fn set_meta(
        &mut self,
        path: &str,
        follow_last: bool,
        change: impl FnOnce(&mut Meta),
    ) -> Result<(), FsError> {
        let canonical = self.resolve(path, follow_last)?;
        self.traffic.change();
        if canonical == "/" {
            change(&mut Arc::make_mut(&mut self.root).meta);
            return Ok(());
        }
        match self.node_mut(&canonical) {
            Some(node) => {
                change(node.meta_mut());
                Ok(())
            }
            None => Err(FsError::new(FsErrorKind::NotFound, path)),
        }
    }

    /// Reads a regular file's content (following symlinks).
    pub fn read(&self, path: &str) -> Result<&Content, FsError> {
        match self.lookup(path, true)? {
            (_, node @ Node::File(f)) => {
                Traffic::add(&self.traffic.read, node);
                Ok(&f.content)
            }
            (_, Node::Dir(_)) => Err(FsError::new(FsErrorKind::IsADirectory, path)),
            (_, Node::Symlink(_)) => Err(FsError::new(FsErrorKind::NotFound, path)),
        }
    }

    /// Every entry below `/`, depth first in name order, with its path.
    pub fn walk(&self) -> Vec<(String, &Node)> {
        let mut out = Vec::new();
        walk_dir("", &self.root, &mut out);
        out
    }

    /// What [`Filesystem::walk`] lists below the directory at canonical
    /// `path` (no symlink followed), with whole paths; nothing when no
    /// such directory is there.
    pub fn walk_from(&self, path: &str) -> Vec<(String, &Node)> {
        let mut out = Vec::new();
        if path == "/" {
            walk_dir("", &self.root, &mut out);
        } else if let Some(Node::Dir(dir)) = self.get(path) {
            walk_dir(path.trim_end_matches('/'), dir, &mut out);
        }
        out
    }

    /// Every entry below the directory at canonical `path`, with paths
    /// relative to it.
    pub fn walk_under(&self, path: &str) -> Vec<(String, &Node)> {
        let mut out = Vec::new();
        let dir = if path == "/" {
            Some(self.root.as_ref())
        } else {
            self.get(path).and_then(Node::as_dir)
        };
        if let Some(dir) = dir {
            walk_dir("", dir, &mut out);
            // Relative: without the leading slash.
            for (path, _) in &mut out {
                path.remove(0);
            }
        }
        out
    }

    /// A digest of the paths and file contents (for names that must stay
    /// the same for the same files).
    pub fn digest(&self) -> super::content::Digest {
        let mut digester = super::content::Digester::new();
        for (path, node) in self.walk() {
            digester.part(&path);
            if let Node::File(f) = node {
                digester.update(&f.content.digest().0.to_le_bytes());
            }
        }
        digester.finish()
    }

    /// Number of entries and bytes of regular files.
    pub fn totals(&self) -> (usize, u64) {
        let mut count = 0;
        let mut bytes = 0;
        count_dir(&self.root, &mut count, &mut bytes);
        (count, bytes)
    }
}

/// Every entry below `dir`, depth first in name order, each path `prefix`
/// and the names down to it: with a stack of its own, so a tree of any
/// depth walks in a loop.
fn walk_dir<'a>(prefix: &str, dir: &'a Dir, out: &mut Vec<(String, &'a Node)>) {
    type Level<'a> = (String, std::collections::btree_map::Iter<'a, String, Node>);
    let mut stack: Vec<Level<'a>> = vec![(prefix.to_string(), dir.entries.iter())];
    while let Some((prefix, entries)) = stack.last_mut() {
        let Some((name, node)) = entries.next() else {
            stack.pop();
            continue;
        };
        let mut path = String::with_capacity(prefix.len() + 1 + name.len());
        path.push_str(prefix);
        path.push('/');
        path.push_str(name);
        if let Node::Dir(d) = node {
            out.push((path.clone(), node));
            stack.push((path, d.entries.iter()));
        } else {
            out.push((path, node));
        }
    }
}

fn count_dir(dir: &Dir, count: &mut usize, bytes: &mut u64) {
    let mut pending = vec![dir];
    while let Some(dir) = pending.pop() {
        for node in dir.entries.values() {
            *count += 1;
            *bytes += node.size();
            if let Node::Dir(d) = node {
                pending.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs() -> Filesystem {
        let mut fs = Filesystem::new();
        fs.mkdir_all("/usr/bin", Meta::dir()).unwrap();
        fs.mkdir_all("/etc", Meta::dir()).unwrap();
        fs.write_file(
            "/usr/bin/busybox",
            Content::blob(900_000, "busybox"),
            Meta::executable(),
        )
        .unwrap();
        fs.put("/bin", Node::symlink("usr/bin", Meta::symlink()))
            .unwrap();
        fs.put("/usr/bin/sh", Node::symlink("busybox", Meta::symlink()))
            .unwrap();
        fs.write_file("/etc/hostname", Content::text("box\n"), Meta::file())
            .unwrap();
        fs
    }

    #[test]
    fn put_unless_dir_replaces_files_and_links_but_not_directories() {
        let mut fs = fs();
        let file = || Node::file(Content::text("new\n"), Meta::file());
        // Through the /bin link to /usr/bin, over the busybox file.
        assert_eq!(fs.put_unless_dir("/bin/busybox", file()), Ok(true));
        assert_eq!(
            fs.read("/usr/bin/busybox").unwrap().as_text(),
            Some("new\n")
        );
        // A link itself is replaced, not followed.
        assert_eq!(fs.put_unless_dir("/usr/bin/sh", file()), Ok(true));
        assert!(matches!(fs.get("/usr/bin/sh"), Some(Node::File(_))));
        // A directory stays, and so does what is in it.
        assert_eq!(fs.put_unless_dir("/usr/bin", file()), Ok(false));
        assert!(fs.get("/usr/bin/busybox").is_some());
        assert!(fs.put_unless_dir("/missing/x", file()).is_err());
        // remove_if asks of the entry itself (a link is not followed).
        let empty_dir = |n: &Node| matches!(n, Node::Dir(d) if d.entries.is_empty());
        assert_eq!(fs.remove_if("/usr/bin", empty_dir), Ok(false));
        assert_eq!(
            fs.remove_if("/bin", |n| matches!(n, Node::Symlink(_))),
            Ok(true)
        );
        assert!(fs.get("/bin").is_none() && fs.get("/usr/bin/busybox").is_some());
        assert_eq!(fs.remove_if("/nothing", |_| true), Ok(false));
    }

    #[test]
    fn put_under_writes_a_tree_as_a_put_a_file_would() {
        let entries = || {
            let text = |t: &str| Node::file(Content::text(t), Meta::file());
            vec![
                ("pkg/package.json".to_string(), text("{}\n")),
                ("pkg/lib/a.js".to_string(), text("a\n")),
                ("pkg/lib/b.js".to_string(), text("bb\n")),
                ("pkg/lib/a.js".to_string(), text("again\n")),
                (
                    "bin/tool".to_string(),
                    Node::symlink("../pkg/lib/a.js", Meta::symlink()),
                ),
                // Through a link, as put goes: into /etc.
                ("link/through".to_string(), text("t\n")),
            ]
        };
        let mut base = fs();
        base.mkdir_all("/opt/base", Meta::dir()).unwrap();
        base.put("/opt/base/link", Node::symlink("/etc", Meta::symlink()))
            .unwrap();
        let (mut batch, mut each) = (base.clone(), base.clone());
        batch
            .put_under("/opt/base", entries(), Meta::dir())
            .unwrap();
        for (rel, node) in entries() {
            let path = format!("/opt/base/{rel}");
            each.mkdir_all(split_parent(&path).0, Meta::dir()).unwrap();
            each.put(&path, node).unwrap();
        }
        assert!(batch == each);
        assert_eq!(batch.read("/etc/through").unwrap().as_text(), Some("t\n"));
        assert_eq!(batch.traffic().1, each.traffic().1);
        // A path that climbs out is left out; a missing base is made.
        let mut climbs = base.clone();
        let out = vec![(
            "../out".to_string(),
            Node::file(Content::text("x"), Meta::file()),
        )];
        climbs.put_under("/opt/new", out, Meta::dir()).unwrap();
        assert!(climbs.get("/opt/out").is_none() && climbs.get("/opt/new").is_some());
    }

    #[test]
    fn resolves_symlinks_like_linux() {
        let fs = fs();
        assert_eq!(fs.resolve("/bin/sh", true).unwrap(), "/usr/bin/busybox");
        assert_eq!(fs.resolve("/bin/sh", false).unwrap(), "/usr/bin/sh");
        // `..` after a symlink is taken physically, as Linux does.
        assert_eq!(
            fs.resolve("/bin/../etc/hostname", true).unwrap_err().path,
            "/usr/etc"
        );
        assert_eq!(fs.resolve("/bin/new", true).unwrap(), "/usr/bin/new");
        assert_eq!(
            fs.resolve("/etc/hostname/x", true).unwrap_err().kind,
            FsErrorKind::NotADirectory
        );
        assert_eq!(
            fs.resolve("/nope/x", true).unwrap_err().kind,
            FsErrorKind::NotFound
        );
        assert_eq!(fs.read("/bin/sh").unwrap().size(), 900_000);
    }

    #[test]
    fn the_plain_walk_agrees_with_the_full_one() {
        let fs = fs();
        let parts = [
            "", ".", "..", "usr", "bin", "busybox", "sh", "etc", "hostname", "new",
        ];
        let mut paths = vec![String::from("/"), String::new(), String::from("usr")];
        for a in parts {
            for b in parts {
                for c in parts {
                    paths.push(format!("/{a}/{b}/{c}"));
                    paths.push(format!("/{a}/{b}"));
                    paths.push(format!("{a}/{b}/{c}/"));
                }
            }
        }
        let mut plain = 0;
        for path in &paths {
            for follow in [true, false] {
                let walked = fs.resolve_walk(path, follow);
                if let Some(canonical) = fs.resolve_plain(path, follow) {
                    plain += 1;
                    assert_eq!(Ok(canonical), walked, "{path} {follow}");
                }
                assert_eq!(fs.resolve(path, follow), walked, "{path} {follow}");
            }
        }
        // The plain walk took the common case: clean paths, no link followed.
        assert!(plain > 20, "{plain}");
        assert_eq!(
            fs.resolve_plain("/usr/bin/sh", false),
            Some("/usr/bin/sh".into())
        );
        assert_eq!(fs.resolve_plain("/usr/bin/sh", true), None);
        assert_eq!(fs.resolve_plain("/bin/sh", false), None);
        assert_eq!(fs.resolve_plain("/usr/bin/", true), None);
    }

    #[test]
    fn a_walk_from_a_directory_is_the_whole_walk_under_it() {
        let fs = fs();
        let all = fs.walk();
        for dir in ["/", "/usr", "/usr/bin", "/usr/", "/etc"] {
            let prefix = format!("{}/", dir.trim_end_matches('/'));
            let under: Vec<&String> = all
                .iter()
                .map(|(p, _)| p)
                .filter(|p| p.starts_with(&prefix))
                .collect();
            let from = fs.walk_from(dir);
            assert_eq!(from.iter().map(|(p, _)| p).collect::<Vec<_>>(), under);
        }
        // A link is not followed, a file has nothing below it.
        assert!(fs.walk_from("/bin").is_empty());
        assert!(fs.walk_from("/etc/hostname").is_empty());
        assert!(fs.walk_from("/nothing").is_empty());
    }

    #[test]
    fn slashes_split_as_str_split_does() {
        for text in [
            "",
            "/",
            "//",
            "a",
            "/a",
            "a/",
            "/usr/lib/x",
            "a//b/",
            "é/ü/",
            "/./../",
        ] {
            let split: Vec<&str> = text.split('/').collect();
            assert_eq!(Slashes::new(text).collect::<Vec<_>>(), split, "{text:?}");
            let back: Vec<&str> = text.split('/').rev().collect();
            assert_eq!(
                Slashes::new(text).rev().collect::<Vec<_>>(),
                back,
                "{text:?}"
            );
            // From both ends at once.
            let (mut ours, mut std) = (Slashes::new(text), text.split('/'));
            for front in [true, false, false, true, true, false, true] {
                let (a, b) = if front {
                    (ours.next(), std.next())
                } else {
                    (ours.next_back(), std.next_back())
                };
                assert_eq!(a, b, "{text:?}");
            }
        }
        assert_eq!(split_parent("/usr/bin"), ("/usr", "bin"));
        assert_eq!(split_parent("/usr"), ("/", "usr"));
        assert_eq!(split_parent("usr"), ("/", "usr"));
    }

    #[test]
    fn symlink_loops_stop_with_an_error() {
        let mut fs = Filesystem::new();
        fs.put("/a", Node::symlink("b", Meta::symlink())).unwrap();
        fs.put("/b", Node::symlink("/a", Meta::symlink())).unwrap();
        let err = fs.resolve("/a", true).unwrap_err();
        assert_eq!(err.kind, FsErrorKind::SymlinkLoop);
        assert_eq!(err.to_string(), "/a: Too many levels of symbolic links");
        assert!(!fs.exists("/a/x"));
    }

    #[test]
    fn snapshots_share_until_written() {
        let mut base = fs();
        let snapshot = base.clone();
        assert!(base.shares_root_with(&snapshot));
        base.write_file("/etc/motd", Content::text("hi"), Meta::file())
            .unwrap();
        assert!(!base.shares_root_with(&snapshot));
        assert!(snapshot.get("/etc/motd").is_none());
        // The untouched /usr subtree is still the same allocation.
        let (Some(Node::Dir(a)), Some(Node::Dir(b))) = (base.get("/usr"), snapshot.get("/usr"))
        else {
            panic!()
        };
        assert!(Arc::ptr_eq(a, b));
    }

    #[test]
    fn mkdir_remove_and_meta() {
        let mut fs = fs();
        fs.mkdir_all("/app/data/x", Meta::new(0o700, 1000, 1000))
            .unwrap();
        assert_eq!(fs.get("/app/data").unwrap().meta().uid, 1000);
        assert_eq!(
            fs.mkdir_all("/etc/hostname/x", Meta::dir())
                .unwrap_err()
                .kind,
            FsErrorKind::NotADirectory
        );
        fs.set_meta("/etc/hostname", true, |m| m.mode = 0o600)
            .unwrap();
        assert_eq!(fs.get("/etc/hostname").unwrap().meta().mode, 0o600);
        assert_eq!(fs.remove("/bin").unwrap().kind(), Kind::Symlink);
        assert!(fs.exists("/usr/bin/busybox"));
        let (count, bytes) = fs.totals();
        assert_eq!(bytes, 900_000 + 4);
        assert_eq!(count, fs.walk().len());
        assert_eq!(
            fs.write_file("/etc", Content::empty(), Meta::file())
                .unwrap_err()
                .kind,
            FsErrorKind::IsADirectory
        );
    }

    #[test]
    fn mkdir_all_follows_links_and_dot_dots_and_makes_the_rest() {
        let mut fs = fs();
        // /bin is a link to /usr/bin: the new directories go there.
        fs.mkdir_all("/bin/tools/new", Meta::new(0o700, 5, 5))
            .unwrap();
        assert_eq!(fs.get("/bin").unwrap().kind(), Kind::Symlink);
        assert_eq!(fs.get("/usr/bin/tools/new").unwrap().meta().uid, 5);
        // `..` after a new directory: that one is made, `..` is not.
        fs.mkdir_all("/opt/a/../b/c", Meta::dir()).unwrap();
        assert!(fs.is_dir("/opt/a") && fs.is_dir("/opt/b/c"));
        assert!(fs.get("/opt/a/..").is_none());
        // An existing directory keeps its owner.
        fs.mkdir_all("/usr/bin/tools/new/deeper", Meta::dir())
            .unwrap();
        assert_eq!(fs.get("/usr/bin/tools/new").unwrap().meta().uid, 5);
        assert_eq!(
            fs.mkdir_all("/etc/hostname/x/y", Meta::dir()).unwrap_err(),
            FsError::new(FsErrorKind::NotADirectory, "/etc/hostname")
        );
    }

    #[test]
    fn absolute_paths() {
        assert_eq!(absolute("/app", "src/../bin/"), "/app/bin");
        assert_eq!(absolute("/app", "/x//y/."), "/x/y");
        assert_eq!(absolute("/", ".."), "/");
        assert_eq!(split_parent("/a/b"), ("/a", "b"));
        assert_eq!(split_parent("/a"), ("/", "a"));
    }
}
