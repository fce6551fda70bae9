//! The layer explorer's file tree, as dive draws it: an image's
//! filesystem up to a layer, each entry marked by what that layer did to
//! it (added, modified, removed by a whiteout, or unchanged), directory
//! sizes rolled up; then the rows to show for a sort, a filter, "only
//! changes" and the collapsed directories. Pure, so that the page only
//! draws the rows it scrolls to.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::image::Image;
use crate::engine::layer::{apply, replay, ChangeKind, EntryInfo, Replayed};
use crate::engine::vfs::{self, split_parent, Kind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    Added,
    Modified,
    Removed,
    Unchanged,
}

impl Mark {
    pub fn class(self) -> &'static str {
        match self {
            Mark::Added => "added",
            Mark::Modified => "modified",
            Mark::Removed => "removed",
            Mark::Unchanged => "unchanged",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeEntry {
    pub info: EntryInfo,
    pub mark: Mark,
    /// Its size, and for a directory everything under it.
    pub total: u64,
}

/// An image's files at one layer, marked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    /// By absolute path (`/usr/bin/go`); `/` itself is not listed.
    pub entries: BTreeMap<String, TreeEntry>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Name,
    /// Largest first.
    Size,
}

/// How the rows are chosen and ordered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowOptions {
    pub sort: SortBy,
    /// Only paths containing this text (and the directories above them).
    pub filter: String,
    /// Only what changed (and the directories above it).
    pub only_changes: bool,
    /// Directories whose contents are hidden.
    pub collapsed: BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub path: String,
    pub name: String,
    pub depth: usize,
    pub is_dir: bool,
    pub total: u64,
    pub mark: Mark,
    pub collapsed: bool,
    /// Where a symlink points.
    pub target: Option<String>,
}

fn parent(path: &str) -> &str {
    split_parent(path).0
}

fn absolute(path: &str) -> String {
    vfs::absolute("/", path)
}

/// The filesystem after `layers` of `image` (0 gives nothing).
pub fn state(image: &Image, layers: usize) -> Replayed {
    replay(image.layers.iter().take(layers).map(|l| &l.changes[..]))
}

impl Tree {
    /// dive's layer view: everything up to `layer`, marked by what
    /// `layer` itself did.
    pub fn at_layer(image: &Image, layer: usize) -> Tree {
        let mut before = state(image, layer);
        let mut marks: BTreeMap<String, Mark> = BTreeMap::new();
        let mut removed: BTreeMap<String, EntryInfo> = BTreeMap::new();
        if let Some(l) = image.layers.get(layer) {
            for change in l.changes.iter() {
                let path = absolute(&change.path);
                let existed = before.contains_key(&path);
                removed.extend(apply(&mut before, change));
                if let (ChangeKind::Added | ChangeKind::Modified, Some(_)) =
                    (change.kind, &change.entry)
                {
                    let mark = if existed || change.kind == ChangeKind::Modified {
                        Mark::Modified
                    } else {
                        Mark::Added
                    };
                    marks.insert(path, mark);
                }
            }
        }
        let mut tree = Tree::default();
        for (path, info) in before {
            let mark = marks.get(&path).copied().unwrap_or(Mark::Unchanged);
            tree.insert(path, info, mark);
        }
        for (path, info) in removed {
            if !tree.entries.contains_key(&path) {
                tree.insert(path, info, Mark::Removed);
            }
        }
        tree.finish();
        tree
    }

    /// Two filesystems compared: `to`'s entries marked against `from`,
    /// and what only `from` had marked removed.
    pub fn between(from: &BTreeMap<String, EntryInfo>, to: &BTreeMap<String, EntryInfo>) -> Tree {
        let mut tree = Tree::default();
        for (path, info) in to {
            let mark = match from.get(path) {
                None => Mark::Added,
                Some(old) if old == info => Mark::Unchanged,
                Some(_) => Mark::Modified,
            };
            tree.insert(path.clone(), info.clone(), mark);
        }
        for (path, info) in from {
            if !to.contains_key(path) {
                tree.insert(path.clone(), info.clone(), Mark::Removed);
            }
        }
        tree.finish();
        tree
    }

    fn insert(&mut self, path: String, info: EntryInfo, mark: Mark) {
        self.entries.insert(
            path,
            TreeEntry {
                total: info.size,
                info,
                mark,
            },
        );
    }

    /// Adds missing parent directories and rolls sizes up.
    fn finish(&mut self) {
        let paths: Vec<String> = self.entries.keys().cloned().collect();
        for path in &paths {
            let mut at = parent(path);
            while at != "/" && !self.entries.contains_key(at) {
                self.entries.insert(
                    at.to_string(),
                    TreeEntry {
                        info: EntryInfo::dir(),
                        mark: Mark::Unchanged,
                        total: 0,
                    },
                );
                at = parent(at);
            }
        }
        // Deepest first, so that each directory's total is complete
        // before its parent adds it. Removed entries do not count. A
        // directory with changes under it is modified, as dive shows it.
        let mut by_depth: Vec<(usize, String)> = self
            .entries
            .keys()
            .map(|p| (p.matches('/').count(), p.clone()))
            .collect();
        by_depth.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (_, path) in by_depth {
            let (total, mark) = match self.entries.get(&path) {
                Some(e) => (e.total, e.mark),
                None => continue,
            };
            let up = parent(&path);
            if up == "/" {
                continue;
            }
            if let Some(p) = self.entries.get_mut(up) {
                if mark != Mark::Removed {
                    p.total += total;
                }
                if mark != Mark::Unchanged && p.mark == Mark::Unchanged {
                    p.mark = Mark::Modified;
                }
            }
        }
    }

    /// The whole tree's size (what is there, not what was removed).
    pub fn total(&self) -> u64 {
        self.entries
            .iter()
            .filter(|(p, e)| parent(p) == "/" && e.mark != Mark::Removed)
            .map(|(_, e)| e.total)
            .sum()
    }

    /// The rows to show, in order.
    pub fn rows(&self, options: &RowOptions) -> Vec<Row> {
        let filter = options.filter.trim().to_lowercase();
        // Entries kept by the filter and "only changes", with the
        // directories above them.
        let mut keep: Option<BTreeSet<&str>> = None;
        if !filter.is_empty() || options.only_changes {
            let mut set = BTreeSet::new();
            for (path, entry) in &self.entries {
                let matches = (filter.is_empty() || path.to_lowercase().contains(&filter))
                    && (!options.only_changes || entry.mark != Mark::Unchanged);
                if matches {
                    let mut at = path.as_str();
                    while at != "/" && set.insert(at) {
                        at = parent(at);
                    }
                }
            }
            keep = Some(set);
        }
        let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for path in self.entries.keys() {
            if keep.as_ref().is_none_or(|k| k.contains(path.as_str())) {
                children.entry(parent(path)).or_default().push(path);
            }
        }
        if options.sort == SortBy::Size {
            for list in children.values_mut() {
                list.sort_by(|a, b| {
                    let size = |p: &str| self.entries.get(p).map_or(0, |e| e.total);
                    size(b).cmp(&size(a)).then(a.cmp(b))
                });
            }
        }
        let mut rows = Vec::new();
        let mut stack: Vec<(&str, usize)> = children
            .get("/")
            .map(|c| c.iter().rev().map(|p| (*p, 0)).collect())
            .unwrap_or_default();
        while let Some((path, depth)) = stack.pop() {
            let Some(entry) = self.entries.get(path) else {
                continue;
            };
            let is_dir = entry.info.kind == Kind::Dir;
            let collapsed = is_dir && options.collapsed.contains(path);
            rows.push(Row {
                path: path.to_string(),
                name: path.rsplit('/').next().unwrap_or(path).to_string(),
                depth,
                is_dir,
                total: entry.total,
                mark: entry.mark,
                collapsed,
                target: entry.info.target.clone(),
            });
            if is_dir && !collapsed {
                if let Some(list) = children.get(path) {
                    stack.extend(list.iter().rev().map(|p| (*p, depth + 1)));
                }
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::build::build_ok;

    fn image(dockerfile: &str) -> Image {
        build_ok(dockerfile).image().expect("image").clone()
    }

    fn marks(tree: &Tree, prefix: &str) -> Vec<(String, Mark)> {
        tree.entries
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(p, e)| (p.clone(), e.mark))
            .collect()
    }

    const STEPS: &str =
        "FROM busybox:1.36\nRUN mkdir /app && echo aaaa > /app/a && echo bbbbbb > /app/b\n";

    #[test]
    fn each_layer_marks_what_it_did() {
        let image = image(&format!(
            "{STEPS}RUN rm /app/a && echo hi > /app/b && mkdir /app/new\n"
        ));
        let tree = Tree::at_layer(&image, 2);
        assert_eq!(
            marks(&tree, "/app"),
            vec![
                ("/app".to_string(), Mark::Modified),
                ("/app/a".to_string(), Mark::Removed),
                ("/app/b".to_string(), Mark::Modified),
                ("/app/new".to_string(), Mark::Added),
            ]
        );
        // The base image's layer: /bin/sh is new; /app is not there yet.
        let first = Tree::at_layer(&image, 0);
        assert_eq!(first.entries["/bin/sh"].mark, Mark::Added);
        assert!(!first.entries.contains_key("/app"));
        // Sizes roll up; what was removed does not count.
        assert_eq!(tree.entries["/app/b"].total, 3);
        assert_eq!(
            tree.entries["/app"].total,
            3 + tree.entries["/app/new"].total + tree.entries["/app"].info.size
        );
        // The layers hold a, b, then b again: the tree only what is there.
        assert_eq!(tree.total(), image.size() - 5 - 7);
    }

    #[test]
    fn rows_sort_filter_collapse_and_show_only_changes() {
        let image = image(&format!("{STEPS}RUN echo hi > /app/c\n"));
        let tree = Tree::at_layer(&image, 2);
        let names = |rows: Vec<Row>| rows.into_iter().map(|r| r.path).collect::<Vec<_>>();
        let app = |options: RowOptions| {
            names(tree.rows(&RowOptions {
                filter: "/app".into(),
                ..options
            }))
        };
        assert_eq!(
            app(RowOptions::default()),
            ["/app", "/app/a", "/app/b", "/app/c"]
        );
        assert_eq!(
            app(RowOptions {
                sort: SortBy::Size,
                ..RowOptions::default()
            }),
            ["/app", "/app/b", "/app/a", "/app/c"]
        );
        let changes = tree.rows(&RowOptions {
            only_changes: true,
            ..RowOptions::default()
        });
        assert_eq!(names(changes), ["/app", "/app/c"]);
        let filtered = tree.rows(&RowOptions {
            filter: "APP/C".into(),
            ..RowOptions::default()
        });
        assert_eq!(names(filtered), ["/app", "/app/c"]);
        let collapsed = app(RowOptions {
            collapsed: ["/app".to_string()].into(),
            ..RowOptions::default()
        });
        assert_eq!(collapsed, ["/app"]);
        let rows = tree.rows(&RowOptions::default());
        let a = rows.iter().find(|r| r.path == "/app/a").expect("/app/a");
        assert_eq!((a.depth, a.is_dir, a.name.as_str()), (1, false, "a"));
        // Directories and files of the base are there too, unchanged.
        assert!(rows
            .iter()
            .any(|r| r.path == "/bin/sh" && r.mark == Mark::Unchanged));
    }

    #[test]
    fn two_states_compare() {
        let image = image(&format!("{STEPS}RUN rm /app/a && echo x > /app/b\n"));
        let n = image.layers.len();
        let tree = Tree::between(&state(&image, 1), &state(&image, n));
        assert_eq!(tree.entries["/bin/sh"].mark, Mark::Unchanged);
        assert_eq!(tree.entries["/app/b"].mark, Mark::Added);
        assert!(!tree.entries.contains_key("/app/a"));
        let tree = Tree::between(&state(&image, 2), &state(&image, n));
        assert_eq!(tree.entries["/app/a"].mark, Mark::Removed);
        assert_eq!(tree.entries["/app/b"].mark, Mark::Modified);
    }
}
