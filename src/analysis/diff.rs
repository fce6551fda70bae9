//! Differences between two points of builds: two layers of an image (the
//! filesystem after each), two stages, or the final images of two builds.
//! What was added, modified and removed, with sizes, the largest first.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::engine::content::Digest;
use crate::engine::image::Image;
use crate::engine::layer::replay;
use crate::engine::vfs::Kind;

/// A path as a filesystem holds it, for comparing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    size: u64,
    digest: Option<Digest>,
    mode: u32,
    owner: (u32, u32),
}

/// The filesystem after the first `upto` layers of `image`, as entries.
type State = BTreeMap<String, Entry>;

fn state(image: &Image, upto: usize) -> State {
    replay(image.layers.iter().take(upto).map(|l| &l.changes[..]))
        .into_iter()
        .map(|(path, e)| {
            let entry = Entry {
                kind: e.kind,
                size: e.size,
                digest: e.digest,
                mode: e.mode,
                owner: (e.uid, e.gid),
            };
            (path, entry)
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Modified {
    pub path: String,
    pub old_bytes: u64,
    pub new_bytes: u64,
    /// Only the mode or owner changed: the bytes are the same.
    pub metadata_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Paths only in the second, with their sizes.
    pub added: Vec<(String, u64)>,
    pub modified: Vec<Modified>,
    /// Paths only in the first, with their sizes.
    pub removed: Vec<(String, u64)>,
    pub added_bytes: u64,
    pub removed_bytes: u64,
    /// The second's size minus the first's.
    pub net_bytes: i64,
}

fn compare(a: &State, b: &State) -> Diff {
    let mut diff = Diff {
        added: Vec::new(),
        modified: Vec::new(),
        removed: Vec::new(),
        added_bytes: 0,
        removed_bytes: 0,
        net_bytes: 0,
    };
    for (path, new) in b {
        match a.get(path) {
            None => {
                diff.added_bytes += new.size;
                diff.added.push((path.clone(), new.size));
            }
            Some(old)
                if old != new
                    && !(old.kind == Kind::Dir
                        && new.kind == Kind::Dir
                        && old.mode == new.mode
                        && old.owner == new.owner) =>
            {
                diff.modified.push(Modified {
                    path: path.clone(),
                    old_bytes: old.size,
                    new_bytes: new.size,
                    metadata_only: old.digest == new.digest
                        && old.kind == new.kind
                        && old.size == new.size,
                });
            }
            Some(_) => {}
        }
    }
    for (path, old) in a {
        if !b.contains_key(path) {
            diff.removed_bytes += old.size;
            diff.removed.push((path.clone(), old.size));
        }
    }
    let size = |s: &State| s.values().map(|e| e.size).sum::<u64>() as i64;
    diff.net_bytes = size(b) - size(a);
    diff.added.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    diff.removed
        .sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    diff.modified.sort_by(|x, y| {
        y.new_bytes
            .max(y.old_bytes)
            .cmp(&x.new_bytes.max(x.old_bytes))
            .then(x.path.cmp(&y.path))
    });
    diff
}

/// The filesystem after layer `from` against after layer `to` (indices
/// in `image.layers`).
pub fn layers(image: &Image, from: usize, to: usize) -> Diff {
    compare(&state(image, from + 1), &state(image, to + 1))
}

/// One image against another: two stages, or the final images of two
/// builds.
pub fn images(a: &Image, b: &Image) -> Diff {
    compare(&state(a, a.layers.len()), &state(b, b.layers.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::builtin;
    use crate::engine::{build, BuildContext, BuildOptions, ContextEntry};

    #[test]
    fn layers_and_stages_differ_by_what_changed() {
        let b = build(
            "FROM alpine:3.19 AS one\nCOPY a /data/a\nRUN echo hi > /data/b\nRUN rm /data/b && chmod 600 /data/a && echo more >> /etc/motd\n\nFROM alpine:3.19\nRUN echo x > /x\n",
            &BuildContext::from_entries(
                [("a", ContextEntry::text(&"z".repeat(5000)))],
                "Dockerfile",
            ),
            &BuildOptions {
                target: Some("one".into()),
                ..BuildOptions::default()
            },
            builtin(),
        );
        assert!(b.error.is_none(), "{:?}", b.error);
        let image = b.image().expect("image");
        let n = image.layers.len();
        let d = layers(image, n - 2, n - 1);
        assert_eq!(d.removed, vec![("/data/b".to_string(), 3)]);
        assert!(d.added.is_empty(), "{d:?}");
        let a = d
            .modified
            .iter()
            .find(|m| m.path == "/data/a")
            .expect("/data/a");
        assert!(a.metadata_only);
        assert_eq!((a.old_bytes, a.new_bytes), (5000, 5000));
        let motd = d
            .modified
            .iter()
            .find(|m| m.path == "/etc/motd")
            .expect("motd");
        assert!(!motd.metadata_only && motd.new_bytes == motd.old_bytes + 5);
        assert_eq!(d.net_bytes, 5 - 3);
        // The stage against a sibling built from the same base.
        let legacy = build(
            "FROM alpine:3.19\nRUN echo x > /x\n",
            &BuildContext::empty(),
            &BuildOptions::default(),
            builtin(),
        );
        let d = images(image, legacy.image().expect("image"));
        assert!(d.added.contains(&("/x".to_string(), 2)));
        assert!(d.removed.iter().any(|(p, s)| p == "/data/a" && *s == 5000));
    }
}
