//! Layers as changesets, the way image layers store them: entries added or
//! modified in their entirety, deletions as whiteouts, and an opaque
//! whiteout for a directory whose lower contents are all gone.

use std::sync::Arc;

use serde::Serialize;

use super::content::Digest;
use super::vfs::{Dir, Filesystem, Kind, Node};

/// A layer's changes, shared by every image built on the layer, with a
/// slot for a figure the analysis derives from them: a base image's layers
/// are analysed in every build on it, and their changes never change.
///
/// A base image read back from a snapshot has its layers' changes still
/// encoded: they are decoded the first time they are read (most commands
/// build on a base image's files and never list its layers).
#[derive(Default)]
pub struct Changes {
    list: std::sync::OnceLock<Box<[Change]>>,
    /// Makes the list the first time it is read.
    later: Option<Box<Later>>,
    /// The bytes they add, known without the list.
    size: u64,
    compressed: std::sync::OnceLock<u64>,
}

type Later = dyn Fn() -> Vec<Change> + Send + Sync;

impl Changes {
    /// The changes `make` gives, adding `size` bytes, made the first time
    /// they are read.
    pub fn later(size: u64, make: impl Fn() -> Vec<Change> + Send + Sync + 'static) -> Changes {
        Changes {
            list: std::sync::OnceLock::new(),
            later: Some(Box::new(make)),
            size,
            compressed: std::sync::OnceLock::new(),
        }
    }

    /// The bytes the changes add to the layer.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The estimated compressed size, worked out by `estimate` the first
    /// time it is asked for.
    pub fn compressed(&self, estimate: impl FnOnce(&[Change]) -> u64) -> u64 {
        *self.compressed.get_or_init(|| estimate(self))
    }
}

impl From<Vec<Change>> for Changes {
    fn from(list: Vec<Change>) -> Changes {
        Changes {
            size: list.iter().map(Change::size).sum(),
            list: std::sync::OnceLock::from(list.into_boxed_slice()),
            later: None,
            compressed: std::sync::OnceLock::new(),
        }
    }
}

impl std::ops::Deref for Changes {
    type Target = [Change];

    fn deref(&self) -> &[Change] {
        self.list.get_or_init(|| match &self.later {
            Some(make) => make().into_boxed_slice(),
            None => Box::default(),
        })
    }
}

impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Changes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Modified,
    /// A whiteout (`.wh.NAME`): hides the entry of lower layers.
    Deleted,
    /// An opaque whiteout (`DIR/.wh..wh..opq`): hides all lower contents of
    /// the directory.
    Opaque,
}

/// An entry as a layer stores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryInfo {
    #[serde(rename = "type")]
    pub kind: Kind,
    pub size: u64,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<Digest>,
}

impl EntryInfo {
    /// A directory of mode 0755 owned by root, as made when a path needs
    /// its parents.
    pub fn dir() -> EntryInfo {
        EntryInfo {
            kind: Kind::Dir,
            size: 0,
            mode: 0o755,
            uid: 0,
            gid: 0,
            target: None,
            digest: None,
        }
    }

    pub fn of(node: &Node) -> EntryInfo {
        let meta = node.meta();
        let (target, digest) = match node {
            Node::Symlink(s) => (Some(s.target.clone()), None),
            Node::File(f) => (None, Some(f.content.digest())),
            Node::Dir(_) => (None, None),
        };
        EntryInfo {
            kind: node.kind(),
            size: node.size(),
            mode: meta.mode,
            uid: meta.uid,
            gid: meta.gid,
            target,
            digest,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
    /// The entry stored (none for whiteouts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<EntryInfo>,
}

impl Change {
    /// Bytes this change adds to the layer.
    pub fn size(&self) -> u64 {
        self.entry.as_ref().map_or(0, |e| e.size)
    }

    /// The path as it appears in the layer's tar: whiteouts named
    /// `.wh.NAME`, opaque directories `DIR/.wh..wh..opq`.
    pub fn stored_path(&self) -> String {
        match self.kind {
            ChangeKind::Deleted => {
                let (parent, name) = super::vfs::split_parent(&self.path);
                format!("{}/.wh.{name}", parent.trim_end_matches('/'))
            }
            ChangeKind::Opaque => format!("{}/.wh..wh..opq", self.path.trim_end_matches('/')),
            _ => self.path.clone(),
        }
    }
}

/// The entries a stack of layers leaves, by absolute path (`/` itself is
/// not listed), as the layers stored them.
pub type Replayed = std::collections::BTreeMap<String, EntryInfo>;

/// The layers' changes applied in order: what an image's filesystem is
/// after them. The one statement of how a stack of layers adds up; the
/// analyses that keep their own faster index are tested against it.
pub fn replay<'a>(layers: impl IntoIterator<Item = &'a [Change]>) -> Replayed {
    let mut state = Replayed::new();
    for changes in layers {
        for change in changes {
            apply(&mut state, change);
        }
    }
    state
}

/// Applies one change to `state`, as an overlay filesystem reads a
/// layer: a whiteout hides the path and everything under it; an opaque
/// directory hides everything under it (it stays); an entry stored whole
/// replaces the path, and one that is not a directory hides what was
/// under the path too. Returns the entries it hid, by path.
pub fn apply(state: &mut Replayed, change: &Change) -> Vec<(String, EntryInfo)> {
    let path = super::vfs::absolute("/", &change.path);
    let mut hidden = Vec::new();
    match change.kind {
        ChangeKind::Added | ChangeKind::Modified => {
            let Some(info) = &change.entry else {
                return hidden;
            };
            if info.kind != Kind::Dir {
                hidden = remove_under(state, &path);
            }
            state.insert(path, info.clone());
        }
        ChangeKind::Deleted => {
            if let Some(info) = state.remove(&path) {
                hidden.push((path.clone(), info));
            }
            hidden.extend(remove_under(state, &path));
        }
        ChangeKind::Opaque => hidden = remove_under(state, &path),
    }
    hidden
}

/// Takes out every entry under directory `dir`.
fn remove_under(state: &mut Replayed, dir: &str) -> Vec<(String, EntryInfo)> {
    let prefix = format!("{}/", dir.trim_end_matches('/'));
    let under: Vec<String> = state
        .range(prefix.clone()..)
        .take_while(|(p, _)| p.starts_with(&prefix))
        .map(|(p, _)| p.clone())
        .collect();
    under
        .into_iter()
        .filter_map(|p| state.remove(&p).map(|info| (p, info)))
        .collect()
}

/// The changes that turn `lower` into `upper`, in path order. Directories
/// both share are skipped without being read, so the cost follows the
/// changes, not the size of the tree.
pub fn diff(lower: &Filesystem, upper: &Filesystem) -> Vec<Change> {
    let mut out = Vec::new();
    if !lower.shares_root_with(upper) {
        diff_dir("", lower.root(), upper.root(), &mut out);
    }
    out
}

/// The total bytes of a list of changes.
pub fn changes_size(changes: &[Change]) -> u64 {
    changes.iter().map(Change::size).sum()
}

fn diff_dir(path: &str, lower: &Dir, upper: &Dir, out: &mut Vec<Change>) {
    // A directory removed and made again hides everything below it.
    if !upper.same_directory(lower) && !lower.entries.is_empty() {
        out.push(Change {
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
            kind: ChangeKind::Opaque,
            entry: None,
        });
        for (name, node) in &upper.entries {
            added(join(path, name), node, out);
        }
        return;
    }
    let mut lower_iter = lower.entries.iter().peekable();
    let mut upper_iter = upper.entries.iter().peekable();
    loop {
        let order = match (lower_iter.peek(), upper_iter.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((l, _)), Some((u, _))) => l.cmp(u),
        };
        match order {
            std::cmp::Ordering::Less => {
                let Some((name, _)) = lower_iter.next() else {
                    break;
                };
                out.push(Change {
                    path: join(path, name),
                    kind: ChangeKind::Deleted,
                    entry: None,
                });
            }
            std::cmp::Ordering::Greater => {
                let Some((name, node)) = upper_iter.next() else {
                    break;
                };
                added(join(path, name), node, out);
            }
            std::cmp::Ordering::Equal => {
                let (Some((name, l)), Some((_, u))) = (lower_iter.next(), upper_iter.next()) else {
                    break;
                };
                // The child's path is made only for a change.
                match (l, u) {
                    (Node::Dir(a), Node::Dir(b)) => {
                        if Arc::ptr_eq(a, b) {
                            continue;
                        }
                        let child = join(path, name);
                        if a.meta != b.meta {
                            out.push(change(child.clone(), ChangeKind::Modified, u));
                        }
                        diff_dir(&child, a, b, out);
                    }
                    (_, Node::Dir(_)) => {
                        // A directory replaces a file: stored whole.
                        added_as(join(path, name), u, ChangeKind::Modified, out);
                    }
                    (l, u) => {
                        if !l.same_entry(u) {
                            out.push(change(join(path, name), ChangeKind::Modified, u));
                        }
                    }
                }
            }
        }
    }
}

/// `path/name`.
fn join(path: &str, name: &str) -> String {
    let mut joined = String::with_capacity(path.len() + 1 + name.len());
    joined.push_str(path);
    joined.push('/');
    joined.push_str(name);
    joined
}

fn change(path: String, kind: ChangeKind, node: &Node) -> Change {
    Change {
        path,
        kind,
        entry: Some(EntryInfo::of(node)),
    }
}

fn added(path: String, node: &Node, out: &mut Vec<Change>) {
    added_as(path, node, ChangeKind::Added, out);
}

/// The entry and, for a directory, everything below it.
fn added_as(path: String, node: &Node, kind: ChangeKind, out: &mut Vec<Change>) {
    out.push(change(path, kind, node));
    if let Node::Dir(d) = node {
        let at = out.len() - 1;
        for (name, child) in &d.entries {
            let path = join(&out[at].path, name);
            added(path, child, out);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::content::Content;
    use crate::engine::vfs::Meta;

    /// Layers made by random changes to a filesystem, with the filesystem
    /// they end on (files, directories
    /// removed, made again, replaced by files), as `layer::diff` makes
    /// them: `count` stacks of two to six layers each.
    pub(crate) fn random_stacks_with_fs(count: usize) -> Vec<(Vec<Vec<Change>>, Filesystem)> {
        use crate::engine::content::Content;
        use crate::engine::vfs::Node;
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let dirs = ["/a", "/a/b", "/a/b/c", "/d", "/d/e"];
        let names = ["x", "y", "z"];
        let mut stacks = Vec::new();
        for _ in 0..count {
            let mut fs = Filesystem::new();
            let mut layers: Vec<Vec<Change>> = Vec::new();
            for _ in 0..(2 + next(5)) {
                let before = fs.clone();
                for _ in 0..(1 + next(6)) {
                    let dir = dirs[next(dirs.len() as u64) as usize];
                    let name = names[next(names.len() as u64) as usize];
                    let path = format!("{dir}/{name}");
                    match next(6) {
                        0 | 1 => {
                            let _ = fs.mkdir_all(dir, Meta::dir());
                            let size = 1 + next(1000);
                            let file = Node::file(Content::blob(size, &path), Meta::file());
                            let _ = fs.put(&path, file);
                        }
                        2 => {
                            let _ = fs.remove(dir);
                        }
                        3 => {
                            // Removed and made again: an opaque directory.
                            let _ = fs.remove(dir);
                            let _ = fs.mkdir_all(dir, Meta::dir());
                        }
                        4 => {
                            // A file where a directory was.
                            let _ = fs.remove(dir);
                            let _ = fs.put(dir, Node::file(Content::blob(7, dir), Meta::file()));
                        }
                        _ => {
                            let _ = fs.remove(&path);
                        }
                    }
                }
                layers.push(diff(&before, &fs));
            }
            stacks.push((layers, fs));
        }
        stacks
    }

    /// The layers alone.
    pub(crate) fn random_stacks(count: usize) -> Vec<Vec<Vec<Change>>> {
        random_stacks_with_fs(count)
            .into_iter()
            .map(|(layers, _)| layers)
            .collect()
    }

    /// Replaying the layers gives back the filesystem they were made from,
    /// entry for entry: whiteouts, opaque directories, a file where a
    /// directory was.
    #[test]
    fn replaying_layers_gives_the_filesystem_they_were_made_from() {
        let mut compared = 0;
        for (layers, fs) in random_stacks_with_fs(300) {
            let replayed = replay(layers.iter().map(Vec::as_slice));
            let walked: Replayed = fs
                .walk()
                .into_iter()
                .map(|(path, node)| (path, EntryInfo::of(node)))
                .collect();
            assert_eq!(replayed, walked, "{layers:#?}");
            compared += 1;
        }
        assert_eq!(compared, 300);
    }

    #[test]
    fn applying_a_change_says_what_it_hid() {
        let mut state = Replayed::new();
        let file = |path: &str| Change {
            path: path.into(),
            kind: ChangeKind::Added,
            entry: Some(EntryInfo {
                kind: Kind::File,
                ..EntryInfo::dir()
            }),
        };
        let dir = |path: &str| Change {
            path: path.into(),
            kind: ChangeKind::Added,
            entry: Some(EntryInfo::dir()),
        };
        for c in [
            dir("/a"),
            file("/a/x"),
            dir("/a/b"),
            file("/a/b/y"),
            file("/ab"),
        ] {
            apply(&mut state, &c);
        }
        let hidden =
            |v: Vec<(String, EntryInfo)>| v.into_iter().map(|(p, _)| p).collect::<Vec<_>>();
        // A file where /a/b was hides what was under it; /ab is not under /a.
        assert_eq!(hidden(apply(&mut state, &file("/a/b"))), ["/a/b/y"]);
        let opaque = Change {
            path: "/a".into(),
            kind: ChangeKind::Opaque,
            entry: None,
        };
        assert_eq!(hidden(apply(&mut state, &opaque)), ["/a/b", "/a/x"]);
        assert_eq!(state.keys().collect::<Vec<_>>(), ["/a", "/ab"]);
        let whiteout = Change {
            path: "a".into(),
            kind: ChangeKind::Deleted,
            entry: None,
        };
        assert_eq!(hidden(apply(&mut state, &whiteout)), ["/a"]);
        assert_eq!(state.keys().collect::<Vec<_>>(), ["/ab"]);
    }

    fn base() -> Filesystem {
        let mut fs = Filesystem::new();
        fs.mkdir_all("/app/lib", Meta::dir()).unwrap();
        fs.write_file("/app/lib/a.so", Content::blob(1000, "a"), Meta::file())
            .unwrap();
        fs.write_file("/app/lib/b.so", Content::blob(2000, "b"), Meta::file())
            .unwrap();
        fs.write_file("/app/main", Content::blob(500, "main"), Meta::executable())
            .unwrap();
        fs.mkdir_all("/usr/share/doc", Meta::dir()).unwrap();
        fs
    }

    fn summary(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| format!("{:?} {} {}", c.kind, c.stored_path(), c.size()))
            .collect()
    }

    #[test]
    fn nothing_changed_is_an_empty_layer() {
        let a = base();
        let mut b = a.clone();
        assert!(diff(&a, &b).is_empty());
        b.mkdir_all("/app/lib", Meta::dir()).unwrap();
        assert!(diff(&a, &b).is_empty(), "mkdir -p of an existing directory");
    }

    #[test]
    fn added_modified_and_whiteouts() {
        let lower = base();
        let mut upper = lower.clone();
        upper
            .write_file("/app/config.yml", Content::text("port: 80\n"), Meta::file())
            .unwrap();
        upper.remove("/app/lib/a.so").unwrap();
        upper
            .set_meta("/app/main", true, |m| m.mode = 0o700)
            .unwrap();
        upper.remove("/usr/share/doc").unwrap();
        let changes = diff(&lower, &upper);
        assert_eq!(
            summary(&changes),
            [
                "Added /app/config.yml 9",
                "Deleted /app/lib/.wh.a.so 0",
                "Modified /app/main 500",
                "Deleted /usr/share/.wh.doc 0",
            ]
        );
        assert_eq!(
            changes_size(&changes),
            509,
            "a chmod stores the whole file again"
        );
    }

    #[test]
    fn a_replaced_directory_is_opaque() {
        let lower = base();
        let mut upper = lower.clone();
        upper.remove("/app/lib").unwrap();
        upper.mkdir_all("/app/lib", Meta::dir()).unwrap();
        upper
            .write_file("/app/lib/c.so", Content::blob(7, "c"), Meta::file())
            .unwrap();
        assert_eq!(
            summary(&diff(&lower, &upper)),
            ["Opaque /app/lib/.wh..wh..opq 0", "Added /app/lib/c.so 7"]
        );
    }

    #[test]
    fn emptying_a_directory_file_by_file_is_whiteouts() {
        let lower = base();
        let mut upper = lower.clone();
        upper.remove("/app/lib/a.so").unwrap();
        upper.remove("/app/lib/b.so").unwrap();
        assert_eq!(
            summary(&diff(&lower, &upper)),
            ["Deleted /app/lib/.wh.a.so 0", "Deleted /app/lib/.wh.b.so 0"]
        );
    }

    #[test]
    fn a_new_directory_brings_its_contents() {
        let lower = base();
        let mut upper = lower.clone();
        upper.mkdir_all("/srv/www", Meta::dir()).unwrap();
        upper
            .write_file(
                "/srv/www/index.html",
                Content::text("<h1>hi</h1>"),
                Meta::file(),
            )
            .unwrap();
        assert_eq!(
            summary(&diff(&lower, &upper)),
            [
                "Added /srv 0",
                "Added /srv/www 0",
                "Added /srv/www/index.html 11"
            ]
        );
    }

    #[test]
    fn a_file_replaced_by_a_directory() {
        let lower = base();
        let mut upper = lower.clone();
        upper.remove("/app/main").unwrap();
        upper.mkdir_all("/app/main/bin", Meta::dir()).unwrap();
        assert_eq!(
            summary(&diff(&lower, &upper)),
            ["Modified /app/main 0", "Added /app/main/bin 0"]
        );
    }
}
