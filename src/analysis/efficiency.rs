//! Image efficiency exactly as dive computes it (filetree/efficiency.go),
//! so that the numbers agree with the tool learners meet next.
//!
//! Every leaf entry of every layer (a file, an empty directory, a link, a
//! whiteout) is a sighting of its path. A sighting's size is the entry's
//! size; a whiteout's is what it hides: the size of everything under the
//! path in the layers below (0 for a file, whose whiteout dive sizes from
//! its own empty tar entry). For each path, D is the sum of its sightings
//! and m the smallest. Then:
//!
//! - efficiency = sum(m) / sum(D), 1.0 when nothing was seen;
//! - wasted bytes = sum(D) over paths seen in two or more layers;
//! - user-wasted percent = wasted bytes / the size of every layer but the
//!   first.
//!
//! Beyond dive: reclaimable bytes = sum(D - m), what squashing the layers
//! would save; and the same figures with the whole base image as one first
//! layer, so that waste inside the base image is not the learner's.

use serde::Serialize;

use crate::engine::layer::{Change, ChangeKind};
use crate::engine::vfs::Kind;

/// A path seen in more than one layer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WastefulPath {
    pub path: String,
    /// Sightings, one per layer that has the path.
    pub count: usize,
    /// D: the sum of its sizes over those layers.
    pub total_bytes: u64,
    /// m: the smallest of them.
    pub min_bytes: u64,
    /// The layers (indices in the image) that have it.
    pub layers: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Efficiency {
    pub score: f64,
    pub wasted_bytes: u64,
    /// wasted bytes / the bytes of every layer but the first (a fraction,
    /// as dive's `highestUserWastedPercent` takes it).
    pub user_wasted_percent: f64,
    /// sum(D - m): what flattening the layers would save.
    pub reclaimable_bytes: u64,
    /// Paths seen in two or more layers, the largest total first.
    pub wasteful: Vec<WastefulPath>,
}

#[derive(Clone, Default)]
struct PathData {
    total: u64,
    min: u64,
    /// The first layer that has the path, and how many do.
    first: usize,
    count: usize,
    /// The others, in order (most paths have none, and no allocation).
    more: Vec<usize>,
    /// The sightings in layers above the base image.
    user_total: u64,
    user_min: u64,
    user_count: usize,
}

impl PathData {
    fn see(&mut self, index: usize, size: u64, user: bool) {
        if self.count == 0 {
            self.min = size;
            self.first = index;
        } else {
            self.min = self.min.min(size);
            self.more.push(index);
        }
        self.count += 1;
        self.total += size;
        if user {
            self.user_min = if self.user_count == 0 {
                size
            } else {
                self.user_min.min(size)
            };
            self.user_count += 1;
            self.user_total += size;
        }
    }
}

pub(crate) use crate::fxhash::FxMap;

/// The stacked filesystem below a layer: path -> (is a directory, size).
type Stack<'a> = FxMap<&'a str, (bool, u64)>;

pub(crate) fn is_under(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/'
}

/// The filesystem the layers stack up, as the figures need it.
trait Lower<'a> {
    fn get(&self, path: &str) -> Option<(bool, u64)>;
    /// The size of `path` and everything under it. Only a whiteout asks,
    /// so a scan is cheap enough.
    fn size_under(&self, path: &str) -> u64;
    /// Takes away what is under `path`, and `path` too unless `keep_self`.
    fn remove_under(&mut self, path: &'a str, keep_self: bool);
    /// Puts an entry at `path`: a file or link over a directory hides what
    /// was in it.
    fn insert(&mut self, path: &'a str, entry: (bool, u64));
}

impl<'a> Lower<'a> for Stack<'a> {
    fn get(&self, path: &str) -> Option<(bool, u64)> {
        FxMap::get(self, path).copied()
    }

    fn size_under(&self, path: &str) -> u64 {
        self.iter()
            .filter(|(p, _)| **p == path || is_under(p, path))
            .map(|(_, (_, s))| s)
            .sum()
    }

    fn remove_under(&mut self, path: &'a str, keep_self: bool) {
        // Only a directory has anything under it.
        if matches!(Lower::get(self, path), Some((true, _))) {
            self.retain(|p, _| !is_under(p, path));
        }
        if !keep_self {
            self.remove(path);
        }
    }

    fn insert(&mut self, path: &'a str, entry: (bool, u64)) {
        let before = FxMap::insert(self, path, entry);
        if !entry.0 && matches!(before, Some((true, _))) {
            self.retain(|p, _| !is_under(p, path));
        }
    }
}

/// The layers above a base image, over that image's files (kept once for
/// every build on it): what changed, and the base directories whose
/// contents are gone.
struct Overlay<'a, 'b> {
    base: &'b FxMap<String, (bool, u64)>,
    /// None: taken away.
    upper: FxMap<&'a str, Option<(bool, u64)>>,
    /// Everything of the base strictly under these is gone.
    hidden: Vec<&'a str>,
}

impl<'a> Overlay<'a, '_> {
    fn base_has(&self, path: &str) -> bool {
        !self.hidden.iter().any(|h| is_under(path, h))
    }

    /// Takes away everything strictly under `path`, of both.
    fn hide_under(&mut self, path: &'a str) {
        self.upper.retain(|p, _| !is_under(p, path));
        self.hidden.push(path);
    }
}

impl<'a> Lower<'a> for Overlay<'a, '_> {
    fn get(&self, path: &str) -> Option<(bool, u64)> {
        match self.upper.get(path) {
            Some(entry) => *entry,
            None if self.base_has(path) => self.base.get(path).copied(),
            None => None,
        }
    }

    fn size_under(&self, path: &str) -> u64 {
        let within = |p: &str| p == path || is_under(p, path);
        let upper: u64 = self
            .upper
            .iter()
            .filter(|(p, _)| within(p))
            .filter_map(|(_, e)| e.map(|(_, s)| s))
            .sum();
        let base: u64 = self
            .base
            .iter()
            .filter(|(p, _)| within(p) && !self.upper.contains_key(p.as_str()) && self.base_has(p))
            .map(|(_, (_, s))| s)
            .sum();
        upper + base
    }

    fn remove_under(&mut self, path: &'a str, keep_self: bool) {
        if matches!(self.get(path), Some((true, _))) {
            self.hide_under(path);
        }
        if !keep_self {
            self.upper.insert(path, None);
        }
    }

    fn insert(&mut self, path: &'a str, entry: (bool, u64)) {
        let before = self.get(path);
        self.upper.insert(path, Some(entry));
        if !entry.0 && matches!(before, Some((true, _))) {
            self.hide_under(path);
        }
    }
}

/// The bytes a tar entry of this change holds: files only (directories
/// and links are headers).
fn entry_size(change: &Change) -> u64 {
    match &change.entry {
        Some(e) if e.kind == Kind::File => e.size,
        _ => 0,
    }
}

/// Sights the leaves of layer `index` (calling `see` with each path, its
/// size and whether the layer is above the base), then lands the layer on
/// `stack`.
fn sight_and_land<'a>(
    index: usize,
    changes: &[&'a Change],
    user: bool,
    stack: &mut impl Lower<'a>,
    mut see: impl FnMut(&'a str, usize, u64, bool),
) {
    for (i, change) in changes.iter().enumerate() {
        let path = change.path.as_str();
        let whiteout = matches!(change.kind, ChangeKind::Deleted | ChangeKind::Opaque);
        // Only leaves count: an entry with nothing of this layer under
        // it. A layer lists a directory right before what is under it, so
        // its first descendant is the next change.
        let has_children = changes
            .get(i + 1)
            .is_some_and(|next| is_under(&next.path, path));
        if !whiteout && has_children {
            continue;
        }
        let size = if whiteout {
            match stack.get(path) {
                Some((true, _)) => stack.size_under(path),
                _ => 0,
            }
        } else {
            entry_size(change)
        };
        see(path, index, size, user);
    }
    // Then the layer lands on the stack.
    for change in changes {
        let path = change.path.as_str();
        match change.kind {
            ChangeKind::Deleted => stack.remove_under(path, false),
            ChangeKind::Opaque => stack.remove_under(path, true),
            ChangeKind::Added | ChangeKind::Modified => {
                let dir = change.entry.as_ref().is_some_and(|e| e.kind == Kind::Dir);
                stack.insert(path, (dir, entry_size(change)));
            }
        }
    }
}

/// Computes dive's figures over `layers` (each a layer's changes, bottom
/// first, in the order `layer::diff` makes them: a directory right before
/// what is under it) whose sizes are `layer_sizes`.
pub fn efficiency(layers: &[Vec<&Change>], layer_sizes: &[u64]) -> Efficiency {
    efficiencies(layers, layer_sizes, 0).0
}

/// dive's figures over `layers`, and the same with the first `base_count`
/// layers (the base image) squashed into one. The second costs little:
/// a path only the base image has is one sighting of its final size, so
/// only the paths the later layers touch are counted apart.
pub fn efficiencies(
    layers: &[Vec<&Change>],
    layer_sizes: &[u64],
    base_count: usize,
) -> (Efficiency, Efficiency) {
    let all: usize = layers.iter().map(Vec::len).sum();
    let mut paths: FxMap<&str, PathData> = FxMap::default();
    paths.reserve(all);
    let mut stack = Stack::default();
    stack.reserve(all);
    // The base image's files: the stack once its layers are down.
    let mut base: Option<Stack> = (base_count == 0).then(Stack::default);
    for (index, changes) in layers.iter().enumerate() {
        if index == base_count && base.is_none() {
            base = Some(stack.clone());
        }
        sight_and_land(
            index,
            changes,
            index >= base_count,
            &mut stack,
            |p, i, s, u| {
                paths.entry(p).or_default().see(i, s, u);
            },
        );
    }
    let base = base.unwrap_or_else(|| stack.clone());
    let mut all_paths = Figures::default();
    let mut over_base = OverBase::new(
        base.values().filter(|(dir, _)| !dir).map(|(_, s)| s).sum(),
        base_count,
    );
    // The directories of the base with something under them, when asked.
    let mut base_parents: Option<FxMap<&str, ()>> = None;
    for (path, data) in paths {
        all_paths.add(path, &data);
        if data.user_count > 0 {
            over_base.add(path, &data, |path| match base.get(path) {
                Some((false, size)) => BaseEntry::File(*size),
                Some((true, _)) => {
                    let parents =
                        base_parents.get_or_insert_with(|| parents_of(base.keys().copied()));
                    BaseEntry::Dir {
                        leaf: !parents.contains_key(path),
                    }
                }
                None => BaseEntry::None,
            });
        }
    }
    finish(all_paths, over_base, layer_sizes)
}

/// What [`efficiencies`] works out of a base image's layers alone: every
/// build on the image starts from it, so it is worked out once.
pub struct BaseFigures {
    paths: FxMap<String, PathData>,
    /// The base image's files: path -> (is a directory, size).
    stack: FxMap<String, (bool, u64)>,
    /// The directories of `stack` with something under them.
    parents: FxMap<String, ()>,
    /// The figures over the base layers' paths alone.
    all: Figures,
    /// The bytes of the files of `stack`.
    files_bytes: u64,
}

impl BaseFigures {
    /// The figures of `layers`, a base image's.
    pub fn of(layers: &[Vec<&Change>]) -> BaseFigures {
        let mut paths: FxMap<&str, PathData> = FxMap::default();
        let mut stack = Stack::default();
        for (index, changes) in layers.iter().enumerate() {
            sight_and_land(index, changes, false, &mut stack, |p, i, s, u| {
                paths.entry(p).or_default().see(i, s, u);
            });
        }
        let mut all = Figures::default();
        for (path, data) in &paths {
            all.add(path, data);
        }
        BaseFigures {
            paths: paths.into_iter().map(|(p, d)| (p.to_string(), d)).collect(),
            parents: parents_of(stack.keys().copied())
                .into_keys()
                .map(|p| (p.to_string(), ()))
                .collect(),
            files_bytes: stack.values().filter(|(dir, _)| !dir).map(|(_, s)| s).sum(),
            stack: stack.into_iter().map(|(p, e)| (p.to_string(), e)).collect(),
            all,
        }
    }
}

/// [`efficiencies`] of `layers`, whose first `base_count` are the base
/// image that `base` was worked out of: only the layers above it are read.
pub fn efficiencies_over(
    base: &BaseFigures,
    layers: &[Vec<&Change>],
    layer_sizes: &[u64],
    base_count: usize,
) -> (Efficiency, Efficiency) {
    let mut touched: FxMap<&str, PathData> = FxMap::default();
    let mut stack = Overlay {
        base: &base.stack,
        upper: FxMap::default(),
        hidden: Vec::new(),
    };
    for (index, changes) in layers.iter().enumerate().skip(base_count) {
        sight_and_land(index, changes, true, &mut stack, |p, i, s, u| {
            touched
                .entry(p)
                .or_insert_with(|| base.paths.get(p).cloned().unwrap_or_default())
                .see(i, s, u);
        });
    }
    // The base's figures, with the paths seen again taken out and counted
    // anew.
    let mut all_paths = base.all.clone();
    all_paths
        .wasteful
        .retain(|w| !touched.contains_key(w.path.as_str()));
    let mut over_base = OverBase::new(base.files_bytes, base_count);
    for (path, data) in touched {
        if let Some(before) = base.paths.get(path) {
            all_paths.take(before);
        }
        all_paths.add(path, &data);
        if data.user_count > 0 {
            over_base.add(path, &data, |path| match base.stack.get(path) {
                Some((false, size)) => BaseEntry::File(*size),
                Some((true, _)) => BaseEntry::Dir {
                    leaf: !base.parents.contains_key(path),
                },
                None => BaseEntry::None,
            });
        }
    }
    finish(all_paths, over_base, layer_sizes)
}

/// A path's entry in the squashed base image.
enum BaseEntry {
    File(u64),
    /// A directory: a leaf (a sighting, of size 0) when it is empty.
    Dir {
        leaf: bool,
    },
    None,
}

/// Totals over paths, and the paths seen twice or more.
#[derive(Clone, Default)]
struct Figures {
    minimum: u64,
    discovered: u64,
    wasted: u64,
    wasteful: Vec<WastefulPath>,
}

impl Figures {
    /// Counts a path over every layer.
    fn add(&mut self, path: &str, data: &PathData) {
        self.minimum += data.min;
        self.discovered += data.total;
        if data.count >= 2 {
            self.wasted += data.total;
            let mut layers = vec![data.first];
            layers.extend(&data.more);
            self.wasteful.push(WastefulPath {
                path: path.to_string(),
                count: data.count,
                total_bytes: data.total,
                min_bytes: data.min,
                layers,
            });
        }
    }

    /// Takes back the sums of a path [`Figures::add`] counted (its entry
    /// in `wasteful` is the caller's to drop).
    fn take(&mut self, data: &PathData) {
        self.minimum -= data.min;
        self.discovered -= data.total;
        if data.count >= 2 {
            self.wasted -= data.total;
        }
    }

    fn efficiency(mut self, user_bytes: u64) -> Efficiency {
        self.wasteful
            .sort_by(|a, b| b.total_bytes.cmp(&a.total_bytes).then(a.path.cmp(&b.path)));
        Efficiency {
            score: if self.discovered == 0 {
                1.0
            } else {
                self.minimum as f64 / self.discovered as f64
            },
            wasted_bytes: self.wasted,
            user_wasted_percent: if user_bytes == 0 {
                0.0
            } else {
                self.wasted as f64 / user_bytes as f64
            },
            reclaimable_bytes: self.discovered - self.minimum,
            wasteful: self.wasteful,
        }
    }
}

/// The figures with the base image squashed into one first layer: every
/// file of the base once, at its final size, with the paths the later
/// layers touch taken out and counted with their sightings there.
struct OverBase {
    figures: Figures,
    base_count: usize,
}

impl OverBase {
    fn new(base_files_bytes: u64, base_count: usize) -> OverBase {
        OverBase {
            figures: Figures {
                minimum: base_files_bytes,
                discovered: base_files_bytes,
                ..Figures::default()
            },
            base_count,
        }
    }

    /// Counts a path the later layers have.
    fn add(&mut self, path: &str, data: &PathData, base: impl FnOnce(&str) -> BaseEntry) {
        let figures = &mut self.figures;
        // Its sighting in the squashed base, if it is a leaf there.
        let in_base = match base(path) {
            BaseEntry::File(size) => {
                figures.minimum -= size;
                figures.discovered -= size;
                Some(size)
            }
            BaseEntry::Dir { leaf } => leaf.then_some(0),
            BaseEntry::None => None,
        };
        let (mut total, mut min, mut count) = (data.user_total, data.user_min, data.user_count);
        if let Some(size) = in_base {
            total += size;
            min = min.min(size);
            count += 1;
        }
        figures.minimum += min;
        figures.discovered += total;
        if count >= 2 {
            figures.wasted += total;
            // Numbered as that image's layers: the squashed base is 0.
            let base_count = self.base_count;
            let layers = in_base
                .map(|_| 0)
                .into_iter()
                .chain(
                    std::iter::once(data.first)
                        .chain(data.more.iter().copied())
                        .filter(|&i| i >= base_count)
                        .map(|i| i + 1 - base_count),
                )
                .collect();
            figures.wasteful.push(WastefulPath {
                path: path.to_string(),
                count,
                total_bytes: total,
                min_bytes: min,
                layers,
            });
        }
    }
}

/// Both sets of figures, with the user-wasted percent over the layers
/// above the first (all) and above the base (over the base).
fn finish(
    all_paths: Figures,
    over_base: OverBase,
    layer_sizes: &[u64],
) -> (Efficiency, Efficiency) {
    let user_bytes: u64 = layer_sizes.iter().skip(over_base.base_count.max(1)).sum();
    let first_size = layer_sizes.first().copied().unwrap_or(0);
    let all_user: u64 = layer_sizes.iter().sum::<u64>() - first_size;
    (
        all_paths.efficiency(all_user),
        over_base.figures.efficiency(user_bytes),
    )
}

/// The directories that have something under them, of a set of paths
/// that holds every directory above each of its paths.
fn parents_of<'a>(paths: impl Iterator<Item = &'a str>) -> FxMap<&'a str, ()> {
    let mut parents = FxMap::default();
    for path in paths {
        if let Some(cut) = path.rfind('/').filter(|&i| i > 0) {
            parents.insert(&path[..cut], ());
        }
    }
    parents
}

/// The changes of `layers` squashed into one: the entries that are left
/// (what `efficiencies` counts the base image as, computed the long way).
pub fn squash<'a>(layers: &[Vec<&'a Change>]) -> Vec<&'a Change> {
    let mut entries: FxMap<&str, &Change> = FxMap::default();
    entries.reserve(layers.iter().map(Vec::len).sum());
    for changes in layers {
        for &change in changes {
            match change.kind {
                ChangeKind::Deleted | ChangeKind::Opaque => {
                    entries.retain(|p, _| !is_under(p, &change.path));
                    if change.kind == ChangeKind::Deleted {
                        entries.remove(change.path.as_str());
                    }
                }
                ChangeKind::Added | ChangeKind::Modified => {
                    let dir = |c: &Change| c.entry.as_ref().is_some_and(|e| e.kind == Kind::Dir);
                    let before = entries.insert(change.path.as_str(), change);
                    // A file or a link where a directory was hides what
                    // was in it.
                    if !dir(change) && before.is_some_and(dir) {
                        entries.retain(|p, _| !is_under(p, &change.path));
                    }
                }
            }
        }
    }
    // In a layer's order: a directory right before what is under it
    // (paths compared with `/` lowest).
    let mut left: Vec<&Change> = entries.into_values().collect();
    left.sort_by(|a, b| {
        let key = |c: u8| if c == b'/' { 0 } else { c };
        a.path.bytes().map(key).cmp(b.path.bytes().map(key))
    });
    left
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::layer::EntryInfo;

    pub(crate) use crate::engine::layer::tests::random_stacks;

    fn file(path: &str, size: u64) -> Change {
        Change {
            path: path.into(),
            kind: ChangeKind::Added,
            entry: Some(EntryInfo {
                kind: Kind::File,
                size,
                mode: 0o644,
                uid: 0,
                gid: 0,
                target: None,
                digest: None,
            }),
        }
    }

    fn dir(path: &str) -> Change {
        Change {
            path: path.into(),
            kind: ChangeKind::Added,
            entry: Some(EntryInfo::dir()),
        }
    }

    fn gone(path: &str) -> Change {
        Change {
            path: path.into(),
            kind: ChangeKind::Deleted,
            entry: None,
        }
    }

    fn run(layers: &[Vec<Change>]) -> Efficiency {
        let refs: Vec<Vec<&Change>> = layers.iter().map(|l| l.iter().collect()).collect();
        let sizes: Vec<u64> = layers
            .iter()
            .map(|l| l.iter().map(entry_size).sum())
            .collect();
        efficiency(&refs, &sizes)
    }

    /// Squashing keeps what replaying the layers keeps, entry for entry.
    #[test]
    fn squashing_is_replaying() {
        for layers in random_stacks(300) {
            let refs: Vec<Vec<&Change>> = layers.iter().map(|l| l.iter().collect()).collect();
            let squashed: crate::engine::layer::Replayed = squash(&refs)
                .into_iter()
                .filter_map(|c| Some((c.path.clone(), c.entry.clone()?)))
                .collect();
            let replayed = crate::engine::layer::replay(layers.iter().map(Vec::as_slice));
            assert_eq!(squashed, replayed, "{layers:#?}");
        }
    }

    /// The figures over a kept base agree with the long way, for every
    /// split of random layers into base and layers above.
    #[test]
    fn figures_over_a_kept_base_are_the_long_way_s() {
        let mut compared = 0;
        for layers in random_stacks(300) {
            let refs: Vec<Vec<&Change>> = layers.iter().map(|l| l.iter().collect()).collect();
            let sizes: Vec<u64> = layers
                .iter()
                .map(|l| l.iter().map(Change::size).sum())
                .collect();
            for base_count in 1..=refs.len() {
                let base = BaseFigures::of(&refs[..base_count]);
                let long = efficiencies(&refs, &sizes, base_count);
                let kept = efficiencies_over(&base, &refs, &sizes, base_count);
                assert_eq!(kept, long, "{layers:#?} base {base_count}");
                compared += 1;
            }
        }
        assert!(compared > 600, "{compared}");
    }

    #[test]
    fn an_empty_image_is_fully_efficient() {
        let e = run(&[]);
        assert_eq!(e.score, 1.0);
        assert_eq!(e.wasted_bytes, 0);
    }

    #[test]
    fn an_overwritten_file() {
        // Layer 0: /base (1000) and /app/a (100). Layer 1: /app/a again
        // (300). Paths: /base D=1000 m=1000; /app/a D=400 m=100. /app is
        // not a leaf in layer 0, and absent from layer 1.
        let e = run(&[
            vec![file("/base", 1000), dir("/app"), file("/app/a", 100)],
            vec![file("/app/a", 300)],
        ]);
        assert_eq!(e.score, 1100.0 / 1400.0);
        assert_eq!(e.wasted_bytes, 400);
        // User layers: only layer 1, 300 bytes.
        assert_eq!(e.user_wasted_percent, 400.0 / 300.0);
        assert_eq!(e.reclaimable_bytes, 300);
        assert_eq!(e.wasteful[0].path, "/app/a");
        assert_eq!(e.wasteful[0].layers, vec![0, 1]);
    }

    #[test]
    fn a_file_deleted_later() {
        // The whiteout of a file sizes 0: D = 500 + 0, m = 0. dive counts
        // all 500 bytes as wasted; reclaimable is also 500, and the
        // efficiency is 1000 / 1500.
        let e = run(&[
            vec![file("/keep", 1000)],
            vec![file("/tmp.tar", 500)],
            vec![gone("/tmp.tar")],
        ]);
        assert_eq!(e.score, 1000.0 / 1500.0);
        assert_eq!(e.wasted_bytes, 500);
        assert_eq!(e.reclaimable_bytes, 500);
        assert_eq!(e.user_wasted_percent, 500.0 / 500.0);
    }

    #[test]
    fn a_directory_replaced_by_a_whiteout() {
        // Layer 1 adds /cache with two files (200 + 300); layer 2 deletes
        // the directory: its whiteout counts the lower size, 500. Paths:
        // /cache/x D=200, /cache/y D=300 (one sighting each), /cache D=500
        // (the whiteout; /cache was not a leaf in layer 1). Wasted is 0:
        // no path was seen twice. Efficiency = (200+300+500)/(200+300+500)
        // = 1, though the bytes still ship: dive's blind spot.
        let e = run(&[
            vec![file("/keep", 1000)],
            vec![dir("/cache"), file("/cache/x", 200), file("/cache/y", 300)],
            vec![gone("/cache")],
        ]);
        assert_eq!(e.wasted_bytes, 0);
        assert_eq!(e.score, 1.0);
        assert_eq!(e.reclaimable_bytes, 0);
    }

    #[test]
    fn a_chmod_only_change_duplicates_the_whole_file() {
        // chmod rewrites the file into the next layer: D = 2 * 4000,
        // m = 4000. Wasted counts both copies (8000), reclaimable one (4000):
        // here the figures differ as they should.
        let mut again = file("/app/server", 4000);
        again.kind = ChangeKind::Modified;
        if let Some(e) = again.entry.as_mut() {
            e.mode = 0o755;
        }
        let e = run(&[vec![file("/app/server", 4000)], vec![again]]);
        assert_eq!(e.wasted_bytes, 8000);
        assert_eq!(e.reclaimable_bytes, 4000);
        assert_eq!(e.score, 0.5);
        assert_eq!(e.user_wasted_percent, 2.0);
    }

    #[test]
    fn squashing_keeps_what_is_left() {
        let lower = [dir("/a"), file("/a/x", 10), file("/b", 5)];
        let upper = [gone("/a"), file("/c", 7)];
        let squashed = squash(&[lower.iter().collect(), upper.iter().collect()]);
        let mut paths: Vec<&str> = squashed.iter().map(|c| c.path.as_str()).collect();
        paths.sort();
        assert_eq!(paths, vec!["/b", "/c"]);
    }

    #[test]
    fn over_the_base_matches_squashing_the_long_way() {
        use crate::engine::catalog::builtin;
        use crate::engine::{build, BuildContext, BuildOptions};
        let result = build(
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/* /usr/share/doc && chmod 700 /usr/bin/curl\nRUN mkdir -p /var/log/apt && touch /etc/passwd\n",
            &BuildContext::empty(),
            &BuildOptions::default(),
            builtin(),
        );
        let image = result.image().expect("an image");
        let layers: Vec<Vec<&Change>> = image
            .layers
            .iter()
            .map(|l| l.changes.iter().collect())
            .collect();
        let sizes: Vec<u64> = image.layers.iter().map(|l| l.size).collect();
        let base = image.base_layer_count();
        let (all, over_base) = efficiencies(&layers, &sizes, base);
        assert_eq!(all, efficiency(&layers, &sizes));
        let mut squashed = vec![squash(&layers[..base])];
        squashed.extend(layers[base..].iter().cloned());
        let mut squashed_sizes = vec![sizes[..base].iter().sum::<u64>()];
        squashed_sizes.extend(&sizes[base..]);
        let long_way = efficiency(&squashed, &squashed_sizes);
        assert_eq!(over_base.wasted_bytes, long_way.wasted_bytes);
        assert_eq!(over_base.reclaimable_bytes, long_way.reclaimable_bytes);
        assert!((over_base.score - long_way.score).abs() < 1e-12);
        assert_eq!(over_base.user_wasted_percent, long_way.user_wasted_percent);
        assert_eq!(over_base.wasteful, long_way.wasteful);
        // The lists removed in a later layer are waste of this Dockerfile.
        assert!(over_base.wasted_bytes > 0);
    }
}
