//! A base image written down once built, and read back without building it
//! again: what the command line keeps in its image store, as Docker keeps
//! the images it pulled. Building a large image from its packages (a few
//! hundred, tens of thousands of files) is most of what a short command
//! costs; reading its snapshot is a few milliseconds.
//!
//! The snapshot holds what the packages made: every layer's changes and the
//! filesystem after the last. The filesystem is read back at once; each
//! layer's changes (with their size) only when first read, as most
//! commands build on an image's files and never list its layers. What the catalog says of the image (its
//! name, config, each layer's command) is read from the catalog as ever.
//! Snapshots are postcard-encoded, after a header that names the format and
//! the data they were built from, and a checksum of the rest: a snapshot of
//! other data or damaged is not read, and the image is built instead.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::engine::content::{Content, Digest};
use crate::engine::layer::{Change, ChangeKind, Changes, EntryInfo};
use crate::engine::vfs::{Dir, Filesystem, Kind, Meta, Node};

/// The first line of every snapshot; the number changes with the format.
const MAGIC: &[u8] = b"stagecraft image snapshot 5\n";

/// Where built images are kept between runs (the command line's is a
/// directory of snapshots in the user's cache). A store that fails to
/// read or write is as one that is empty. (The page keeps none: nothing
/// of this reaches its bundle.)
pub trait ImageStore: Send + Sync {
    /// The image kept under `key`, if one is, of this data and engine.
    fn load(&self, key: &str) -> Option<Snapshot>;
    /// Keeps an image's layers' changes and its filesystem under `key`.
    fn save(&self, key: &str, layers: &[&[Change]], filesystem: &Filesystem);
}

/// The layers' changes (decoded when first read) and the filesystem
/// after them.
#[derive(Debug)]
pub struct Snapshot {
    pub layers: Vec<Changes>,
    pub filesystem: Filesystem,
}

/// What is written: strings and bytes borrowed from the image when
/// written, from the snapshot's bytes when read.
#[derive(Serialize)]
struct Encoded<'a> {
    layers: Vec<EncodedLayer<'a>>,
    root: EncodedMeta,
    /// The tree below the root, parents before their entries, each with
    /// its depth (the root's entries are at 1): flat, so that reading it
    /// back needs no recursion, however a damaged snapshot nests.
    tree: Vec<EncodedItem<'a>>,
}

/// A layer: the bytes its changes add, and its changes, encoded on their
/// own (a list of [`EncodedChange`]) to be decoded when first read.
#[derive(Serialize, Deserialize)]
struct EncodedLayer<'a> {
    size: u64,
    changes: &'a [u8],
}

#[derive(Serialize, Deserialize)]
struct EncodedChange<'a> {
    path: &'a str,
    kind: u8,
    #[serde(borrow)]
    entry: Option<EncodedEntry<'a>>,
}

#[derive(Serialize, Deserialize)]
struct EncodedEntry<'a> {
    kind: u8,
    size: u64,
    mode: u32,
    uid: u32,
    gid: u32,
    target: Option<&'a str>,
    digest: Option<u64>,
}

#[derive(Serialize, Deserialize)]
struct EncodedMeta(u32, u32, u32, u64);

#[derive(Serialize, Deserialize)]
struct EncodedItem<'a> {
    depth: u32,
    name: &'a str,
    #[serde(borrow)]
    node: EncodedNode<'a>,
}

#[derive(Serialize, Deserialize)]
enum EncodedNode<'a> {
    File {
        meta: EncodedMeta,
        size: u64,
        digest: u64,
        bytes: Option<&'a [u8]>,
        /// A package's program: its language, and its loader and
        /// libraries (none: static).
        program: Option<EncodedProgram<'a>>,
    },
    /// Its entries follow it, one level deeper.
    Dir(EncodedMeta),
    Symlink {
        meta: EncodedMeta,
        target: &'a str,
    },
}

#[derive(Serialize, Deserialize)]
struct EncodedProgram<'a> {
    language: &'a str,
    loader: Option<(&'a str, Vec<&'a str>)>,
}

/// A program a snapshot keeps: one whose sources say nothing (a
/// package's); None for content it cannot keep.
fn encode_program(content: &Content) -> Result<Option<EncodedProgram<'_>>, ()> {
    let Some(executable) = content.executable() else {
        return Ok(None);
    };
    if !executable.facts.is_empty() {
        return Err(());
    }
    let loader = match &executable.linkage {
        crate::engine::content::Linkage::Static => None,
        crate::engine::content::Linkage::Dynamic {
            interpreter,
            libraries,
        } => Some((
            interpreter.as_str(),
            libraries.iter().map(String::as_str).collect(),
        )),
    };
    Ok(Some(EncodedProgram {
        language: &executable.language,
        loader,
    }))
}

fn decode_program(program: EncodedProgram<'_>) -> crate::engine::content::Executable {
    let linkage = match program.loader {
        None => crate::engine::content::Linkage::Static,
        Some((interpreter, libraries)) => crate::engine::content::Linkage::Dynamic {
            interpreter: interpreter.to_string(),
            libraries: libraries.into_iter().map(String::from).collect(),
        },
    };
    crate::engine::content::Executable::new(program.language, linkage)
}

/// Why a snapshot is not read.
#[derive(Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Another format, or built from other data.
    Stale,
    /// Its checksum does not match, or it does not decode.
    Damaged(String),
}

/// The snapshot of an image built from the data whose digest is `data`;
/// none when a file holds what a snapshot does not keep (a compiled
/// program's facts, a download's origin).
pub fn encode(layers: &[&[Change]], filesystem: &Filesystem, data: u64) -> Option<Vec<u8>> {
    let lists = layers
        .iter()
        .map(|changes| {
            let list: Vec<EncodedChange> = changes.iter().map(encode_change).collect();
            Some((
                changes.iter().map(Change::size).sum(),
                postcard::to_allocvec(&list).ok()?,
            ))
        })
        .collect::<Option<Vec<(u64, Vec<u8>)>>>()?;
    let encoded = Encoded {
        layers: lists
            .iter()
            .map(|(size, changes)| EncodedLayer {
                size: *size,
                changes,
            })
            .collect(),
        root: encode_meta(filesystem.root().meta),
        tree: encode_tree(filesystem.root())?,
    };
    let body = postcard::to_allocvec(&encoded).ok()?;
    let mut bytes = header(data, &body);
    bytes.extend_from_slice(&body);
    Some(bytes)
}

/// Reads a snapshot [`encode`] wrote from the data whose digest is `data`.
pub fn decode(bytes: &[u8], data: u64) -> Result<Snapshot, Unreadable> {
    let stale = || Unreadable::Stale;
    let rest = bytes.strip_prefix(MAGIC).ok_or_else(stale)?;
    let (data_of, rest) = take_u64(rest).ok_or_else(stale)?;
    if data_of != data {
        return Err(Unreadable::Stale);
    }
    let (digest, body) = take_u64(rest).ok_or_else(|| Unreadable::Damaged("no digest".into()))?;
    if checksum(body) != digest {
        return Err(Unreadable::Damaged("digest does not match".into()));
    }
    // Each change and each entry of the tree is decoded as it is read:
    // no list of encoded items in between.
    let why = Cell::new(None);
    let mut reader = postcard::Deserializer::from_bytes(body);
    let (layers, root) = (&mut reader)
        .deserialize_struct("Encoded", &["layers", "root", "tree"], Body { why: &why })
        .map_err(|e: postcard::Error| {
            Unreadable::Damaged(why.get().map_or_else(|| e.to_string(), String::from))
        })?;
    Ok(Snapshot {
        layers,
        filesystem: Filesystem::from_root(root),
    })
}

fn header(data: u64, body: &[u8]) -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&data.to_le_bytes());
    bytes.extend_from_slice(&checksum(body).to_le_bytes());
    bytes
}

/// The CRC-32 of a snapshot's body (what gzip uses to find damage): a
/// vector of bytes at a time, where the content digest goes a byte at a
/// time.
fn checksum(body: &[u8]) -> u64 {
    let mut crc = flate2::Crc::new();
    crc.update(body);
    u64::from(crc.sum())
}

fn take_u64(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let (head, rest) = bytes.split_at_checked(8)?;
    Some((u64::from_le_bytes(head.try_into().ok()?), rest))
}

const KINDS: [Kind; 3] = [Kind::File, Kind::Dir, Kind::Symlink];
const CHANGE_KINDS: [ChangeKind; 4] = [
    ChangeKind::Added,
    ChangeKind::Modified,
    ChangeKind::Deleted,
    ChangeKind::Opaque,
];

fn index_of<T: PartialEq>(all: &[T], value: &T) -> u8 {
    all.iter().position(|v| v == value).unwrap_or(0) as u8
}

fn encode_change(change: &Change) -> EncodedChange<'_> {
    EncodedChange {
        path: &change.path,
        kind: index_of(&CHANGE_KINDS, &change.kind),
        entry: change.entry.as_ref().map(|e| EncodedEntry {
            kind: index_of(&KINDS, &e.kind),
            size: e.size,
            mode: e.mode,
            uid: e.uid,
            gid: e.gid,
            target: e.target.as_deref(),
            digest: e.digest.map(|d| d.0),
        }),
    }
}

fn decode_change(change: EncodedChange) -> Option<Change> {
    let entry = match change.entry {
        Some(e) => Some(EntryInfo {
            kind: *KINDS.get(e.kind as usize)?,
            size: e.size,
            mode: e.mode,
            uid: e.uid,
            gid: e.gid,
            target: e.target.map(String::from),
            digest: e.digest.map(Digest),
        }),
        None => None,
    };
    Some(Change {
        path: change.path.to_string(),
        kind: *CHANGE_KINDS.get(change.kind as usize)?,
        entry,
    })
}

fn encode_meta(meta: Meta) -> EncodedMeta {
    EncodedMeta(meta.mode, meta.uid, meta.gid, meta.mtime)
}

fn decode_meta(meta: EncodedMeta) -> Meta {
    Meta::new(meta.0, meta.1, meta.2).at(meta.3)
}

/// The tree below `root`, parents first; none if a file holds what a
/// snapshot does not keep.
fn encode_tree(root: &Dir) -> Option<Vec<EncodedItem<'_>>> {
    let mut tree = Vec::new();
    // Each directory's entries, last first, with their depth.
    let mut pending: Vec<(u32, &str, &Node)> = root
        .entries
        .iter()
        .rev()
        .map(|(name, node)| (1, name.as_str(), node))
        .collect();
    while let Some((depth, name, node)) = pending.pop() {
        let node = match node {
            Node::File(f) => {
                let c = &f.content;
                if c.origin().is_some() {
                    return None;
                }
                EncodedNode::File {
                    meta: encode_meta(f.meta),
                    size: c.size(),
                    digest: c.digest().0,
                    bytes: c.data(),
                    program: encode_program(c).ok()?,
                }
            }
            Node::Dir(d) => {
                pending.extend(
                    d.entries
                        .iter()
                        .rev()
                        .map(|(name, node)| (depth + 1, name.as_str(), node)),
                );
                EncodedNode::Dir(encode_meta(d.meta))
            }
            Node::Symlink(l) => EncodedNode::Symlink {
                meta: encode_meta(l.meta),
                target: &l.target,
            },
        };
        tree.push(EncodedItem { depth, name, node });
    }
    Some(tree)
}

/// A directory being read back: its name, its meta, its entries so far.
type Filling = (String, Meta, Vec<(String, Node)>);

/// The tree read back an entry at a time, parents first: the directories
/// still being filled, the root first, each with its entries so far (in
/// order, so that its map is built at once).
struct TreeBuilder {
    open: Vec<Filling>,
}

impl TreeBuilder {
    fn new(root: Meta) -> TreeBuilder {
        TreeBuilder {
            open: vec![(String::new(), root, Vec::new())],
        }
    }

    /// The innermost open directory closed (into its parent, or as the
    /// root when it is the last).
    fn close(&mut self) -> Option<Dir> {
        let (name, meta, entries) = self.open.pop()?;
        let dir = Dir::with_entries(meta, entries.into_iter().collect::<BTreeMap<_, _>>());
        match self.open.last_mut() {
            Some(parent) => {
                parent.2.push((name, Node::Dir(Arc::new(dir))));
                None
            }
            None => Some(dir),
        }
    }

    /// Adds the next entry; none if it is deeper than the directory before
    /// it allows.
    fn push(&mut self, item: EncodedItem<'_>) -> Option<()> {
        let depth = item.depth as usize;
        if depth == 0 || depth > self.open.len() {
            return None;
        }
        while self.open.len() > depth {
            self.close();
        }
        let name = item.name.to_string();
        let node = match item.node {
            EncodedNode::File {
                meta,
                size,
                digest,
                bytes,
                program,
            } => {
                let content = Content::restored(size, Digest(digest), bytes.map(Arc::from));
                let content = match program {
                    Some(program) => content.with_executable(decode_program(program)),
                    None => content,
                };
                Node::file(content, decode_meta(meta))
            }
            EncodedNode::Dir(meta) => {
                self.open.push((name, decode_meta(meta), Vec::new()));
                return Some(());
            }
            EncodedNode::Symlink { meta, target } => Node::symlink(target, decode_meta(meta)),
        };
        self.open.last_mut()?.2.push((name, node));
        Some(())
    }

    /// The root, every directory closed.
    fn finish(mut self) -> Option<Dir> {
        loop {
            if let Some(root) = self.close() {
                return Some(root);
            }
            if self.open.is_empty() {
                return None;
            }
        }
    }
}

/// Reads a snapshot's body (what [`Encoded`] wrote): the layers' changes
/// and the root directory. `why` keeps the reason a body that decodes is
/// refused (the format's own errors carry no message of ours).
struct Body<'w> {
    why: &'w Cell<Option<&'static str>>,
}

impl<'w> Body<'w> {
    fn refuse<E: de::Error>(&self, why: &'static str) -> E {
        self.why.set(Some(why));
        E::custom(why)
    }
}

impl<'de, 'w> Visitor<'de> for Body<'w> {
    type Value = (Vec<Changes>, Dir);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an image snapshot")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let short = |n| de::Error::invalid_length(n, &"layers, root and tree");
        let layers: Vec<EncodedLayer<'de>> = seq.next_element()?.ok_or_else(|| short(0))?;
        let root: EncodedMeta = seq.next_element()?.ok_or_else(|| short(1))?;
        let root = seq
            .next_element_seed(Tree(&self, decode_meta(root)))?
            .ok_or_else(|| short(2))?;
        let layers = layers
            .into_iter()
            .map(|layer| {
                let bytes = layer.changes.to_vec();
                // The whole snapshot matched its checksum: only a forged
                // one fails to decode here, and its layer lists nothing.
                Changes::later(layer.size, move || {
                    ChangeList
                        .deserialize(&mut postcard::Deserializer::from_bytes(&bytes))
                        .unwrap_or_default()
                })
            })
            .collect();
        Ok((layers, root))
    }
}

/// A layer's changes, each decoded as it is read.
struct ChangeList;

impl<'de> DeserializeSeed<'de> for ChangeList {
    type Value = Vec<Change>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ChangeList {
    type Value = Vec<Change>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a layer's changes")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // The count is the snapshot's word: trusted only as far as a
        // bounded first allocation.
        let mut changes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(change) = seq.next_element::<EncodedChange>()? {
            changes.push(
                decode_change(change).ok_or_else(|| de::Error::custom("unknown kind of change"))?,
            );
        }
        Ok(changes)
    }
}

/// The tree below the root.
struct Tree<'b, 'w>(&'b Body<'w>, Meta);

impl<'de> DeserializeSeed<'de> for Tree<'_, '_> {
    type Value = Dir;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Tree<'_, '_> {
    type Value = Dir;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a tree")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let nest = "the tree's depths do not nest";
        let mut tree = TreeBuilder::new(self.1);
        while let Some(item) = seq.next_element::<EncodedItem>()? {
            tree.push(item).ok_or_else(|| self.0.refuse(nest))?;
        }
        tree.finish().ok_or_else(|| self.0.refuse(nest))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::*;
    use crate::engine::catalog::{builtin, Catalog, DataCatalog};
    use crate::engine::{build, BuildContext, BuildOptions};

    #[test]
    fn every_catalog_image_reads_back_as_it_was_built() {
        for reference in builtin().references() {
            let image = builtin().resolve(&reference).image().clone();
            let layers: Vec<&[Change]> = image.layers.iter().map(|l| &l.changes[..]).collect();
            let bytes = encode(&layers, &image.filesystem, 7)
                .unwrap_or_else(|| panic!("{reference} cannot be kept"));
            let kept = decode(&bytes, 7).unwrap();
            assert!(kept.filesystem == image.filesystem, "{reference}");
            assert_eq!(kept.layers.len(), layers.len(), "{reference}");
            for (kept, built) in kept.layers.iter().zip(&layers) {
                assert_eq!(&kept[..], *built, "{reference}");
            }
        }
    }

    #[test]
    fn a_snapshot_of_other_data_or_damaged_is_not_read() {
        let image = builtin().resolve("alpine:3.19").image().clone();
        let layers: Vec<&[Change]> = image.layers.iter().map(|l| &l.changes[..]).collect();
        let bytes = encode(&layers, &image.filesystem, 1).unwrap();
        assert_eq!(decode(&bytes, 2).unwrap_err(), Unreadable::Stale);
        assert_eq!(decode(b"something else", 1).unwrap_err(), Unreadable::Stale);
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(matches!(decode(&flipped, 1), Err(Unreadable::Damaged(_))));
        for cut in [MAGIC.len() + 4, MAGIC.len() + 12, bytes.len() / 2] {
            assert!(decode(&bytes[..cut], 1).is_err(), "cut at {cut}");
        }
        // A body that matches its digest but is not a snapshot.
        let mut forged = header(1, b"\x05junk");
        forged.extend_from_slice(b"\x05junk");
        assert!(matches!(decode(&forged, 1), Err(Unreadable::Damaged(_))));
    }

    fn forged(tree: Vec<EncodedItem<'_>>) -> Vec<u8> {
        let encoded = Encoded {
            layers: Vec::new(),
            root: encode_meta(Meta::dir()),
            tree,
        };
        let body = postcard::to_allocvec(&encoded).unwrap();
        let mut bytes = header(9, &body);
        bytes.extend_from_slice(&body);
        bytes
    }

    #[test]
    fn a_snapshot_nested_deeper_than_any_image_reads_without_recursion() {
        // 200,000 directories, one in the next: read level by level.
        let tree = (1..=200_000)
            .map(|depth| EncodedItem {
                depth,
                name: "d",
                node: EncodedNode::Dir(encode_meta(Meta::dir())),
            })
            .collect();
        let kept = decode(&forged(tree), 9).unwrap();
        assert!(kept.filesystem.get("/d/d/d/d").is_some());
        // An entry deeper than the directory before it allows: damaged.
        let bad = vec![EncodedItem {
            depth: 2,
            name: "x",
            node: EncodedNode::Symlink {
                meta: encode_meta(Meta::symlink()),
                target: "/",
            },
        }];
        assert!(matches!(
            decode(&forged(bad), 9),
            Err(Unreadable::Damaged(_))
        ));
    }

    #[test]
    fn a_layers_changes_are_decoded_when_first_read() {
        let image = builtin().resolve("alpine:3.19").image().clone();
        let layers: Vec<&[Change]> = image.layers.iter().map(|l| &l.changes[..]).collect();
        let kept = decode(&encode(&layers, &image.filesystem, 1).unwrap(), 1).unwrap();
        // Their size is known before they are.
        for (kept, built) in kept.layers.iter().zip(&image.layers) {
            assert_eq!(kept.size(), built.size);
            assert_eq!(&kept[..], &built.changes[..]);
        }
        // A forged layer (its checksum right, a change of no known kind)
        // lists nothing when read.
        let bad = postcard::to_allocvec(&vec![EncodedChange {
            path: "/x",
            kind: 9,
            entry: None,
        }])
        .unwrap();
        let encoded = Encoded {
            layers: vec![EncodedLayer {
                size: 5,
                changes: &bad,
            }],
            root: encode_meta(Meta::dir()),
            tree: Vec::new(),
        };
        let body = postcard::to_allocvec(&encoded).unwrap();
        let mut bytes = header(9, &body);
        bytes.extend_from_slice(&body);
        let kept = decode(&bytes, 9).unwrap();
        assert_eq!(kept.layers[0].size(), 5);
        assert!(kept.layers[0].is_empty());
    }

    /// A store in memory (of the data whose digest is `built_from`) that
    /// counts the snapshots it was given.
    #[derive(Default)]
    struct Kept {
        snapshots: HashMap<String, Vec<u8>>,
        saves: usize,
        built_from: u64,
    }

    #[derive(Clone, Default)]
    struct Memory(Arc<Mutex<Kept>>);

    impl Memory {
        fn saves(&self) -> usize {
            self.0.lock().unwrap().saves
        }

        /// The same snapshots, read as a program of other data would.
        fn built_from(&self, data: u64) -> Memory {
            self.0.lock().unwrap().built_from = data;
            self.clone()
        }
    }

    impl ImageStore for Memory {
        fn load(&self, key: &str) -> Option<Snapshot> {
            let kept = self.0.lock().unwrap();
            decode(kept.snapshots.get(key)?, kept.built_from).ok()
        }
        fn save(&self, key: &str, layers: &[&[Change]], filesystem: &Filesystem) {
            let mut kept = self.0.lock().unwrap();
            let bytes = encode(layers, filesystem, kept.built_from).unwrap();
            kept.saves += 1;
            kept.snapshots.insert(key.to_string(), bytes);
        }
    }

    #[test]
    fn a_kept_image_builds_as_the_image_built_from_its_packages() {
        let store = Memory::default();
        let first = DataCatalog::shipped().with_store(Box::new(store.built_from(3)));
        first.resolve("golang:1.22");
        assert_eq!(store.saves(), 1, "built once, kept");
        let second = DataCatalog::shipped().with_store(Box::new(store.clone()));
        let kept = second.resolve("golang:1.22").image().clone();
        assert_eq!(store.saves(), 1, "read back, not built again");
        let built = builtin().resolve("golang:1.22").image().clone();
        assert!(kept.filesystem == built.filesystem);
        assert_eq!(kept.size(), built.size());
        // Other data: built again and kept anew.
        let other = DataCatalog::shipped().with_store(Box::new(store.built_from(4)));
        other.resolve("golang:1.22");
        assert_eq!(store.saves(), 2);

        let dockerfile = "FROM golang:1.22\n\
            RUN apt-get update && apt-get install -y --no-install-recommends jq \\\n \
             && rm -rf /var/lib/apt/lists/*\n\
            RUN go version > /version && rm -rf /usr/share/doc\n";
        let options = BuildOptions::default();
        let context = BuildContext::empty();
        let over_kept = build(dockerfile, &context, &options, &second);
        let over_built = build(dockerfile, &context, &options, builtin());
        assert!(over_kept.error.is_none(), "{:?}", over_kept.error);
        assert_eq!(
            serde_json::to_value(&over_kept).unwrap(),
            serde_json::to_value(&over_built).unwrap()
        );
    }
}
