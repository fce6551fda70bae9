//! The catalog's data files (catalog/: the image index, each layer's
//! files, the package archives), by their path under catalog/. Native
//! builds embed them all (build.rs). The WebAssembly build embeds only
//! the index: a build asks for what it needs, what is absent is noted in
//! the build's own [`Lacking`] (the Build reports it), and the app fetches
//! it, hands it to the catalog's [`DataStore`] and builds again, so the
//! first page downloads no image data and an image brings only its own.

use std::any::Any;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::sync::{Arc, Mutex};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_data.rs"));
}

/// The data files one build (or one grading, one quiz round) asked for
/// and did not find: its own list, which the page fetches before it
/// builds again. Two builds in flight each keep theirs.
#[derive(Debug, Default)]
pub struct Lacking(RefCell<BTreeSet<String>>);

impl Lacking {
    pub fn note(&self, path: &str) {
        self.0.borrow_mut().insert(path.to_string());
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    /// The paths, in order.
    pub fn paths(&self) -> Vec<String> {
        self.0.borrow().iter().cloned().collect()
    }

    pub fn extend(&self, paths: impl IntoIterator<Item = String>) {
        self.0.borrow_mut().extend(paths);
    }
}

/// A data file's bytes: embedded in the binary (never copied), or
/// handed over by the page.
#[derive(Clone)]
pub enum DataBytes {
    Embedded(&'static [u8]),
    Provided(Arc<[u8]>),
}

impl std::ops::Deref for DataBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            DataBytes::Embedded(bytes) => bytes,
            DataBytes::Provided(bytes) => bytes,
        }
    }
}

impl From<Vec<u8>> for DataBytes {
    fn from(bytes: Vec<u8>) -> DataBytes {
        DataBytes::Provided(Arc::from(bytes))
    }
}

/// The catalog's data files: the embedded ones, those handed over since
/// (the browser fetches what a build lacked), and what was parsed of them.
/// A value the catalog owns: builds see it through their catalog.
pub struct DataStore {
    /// Whether the files embedded in this binary are at hand.
    embedded: bool,
    provided: Mutex<HashMap<String, Arc<[u8]>>>,
    /// A data file parsed once, by path (package archives, registries).
    parsed: Mutex<HashMap<String, Arc<dyn Any + Send + Sync>>>,
}

impl Default for DataStore {
    fn default() -> DataStore {
        DataStore::new()
    }
}

impl DataStore {
    /// The embedded files, and what is provided later.
    pub fn new() -> DataStore {
        DataStore {
            embedded: true,
            provided: Mutex::default(),
            parsed: Mutex::default(),
        }
    }

    /// Only what is provided: a native build's view of data as the page
    /// first has it (nothing but what it fetched).
    pub fn fetched_only() -> DataStore {
        DataStore {
            embedded: false,
            ..DataStore::new()
        }
    }

    /// A data file's bytes; None (and noted in `lacking`) when not at hand.
    pub fn get(&self, path: &str, lacking: &Lacking) -> Option<DataBytes> {
        if let Some((_, bytes)) = embedded::EMBEDDED
            .iter()
            .find(|(name, _)| self.embedded && *name == path)
        {
            return Some(DataBytes::Embedded(bytes));
        }
        let provided = self.provided.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bytes) = provided.get(path) {
            return Some(DataBytes::Provided(bytes.clone()));
        }
        lacking.note(path);
        None
    }

    /// Whether a data file is at hand (noted in `lacking` when not).
    pub fn has(&self, path: &str, lacking: &Lacking) -> bool {
        self.get(path, lacking).is_some()
    }

    /// A data file's text, gunzipped when its name ends in `.gz`.
    pub fn text(&self, path: &str, lacking: &Lacking) -> Option<Result<String, String>> {
        Some(text_of(path, &self.get(path, lacking)?))
    }

    /// A data file parsed once and kept. None while the file is not at
    /// hand (noted in `lacking`: the page fetches it and builds again) or
    /// when it does not parse; the caller's stand-in serves that build.
    pub fn parsed<T: Any + Send + Sync>(
        &self,
        path: &str,
        lacking: &Lacking,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Arc<T>> {
        self.parsed_bytes(path, lacking, |bytes| parse(&text_of(path, &bytes)?))
    }

    /// A data file read from its bytes once and kept, as [`parsed`]
    /// does from its text.
    ///
    /// [`parsed`]: DataStore::parsed
    pub fn parsed_bytes<T: Any + Send + Sync>(
        &self,
        path: &str,
        lacking: &Lacking,
        parse: impl FnOnce(DataBytes) -> Result<T, String>,
    ) -> Option<Arc<T>> {
        if let Some(value) = self
            .parsed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return value.clone().downcast::<T>().ok();
        }
        let value: Arc<T> = Arc::new(parse(self.get(path, lacking)?).ok()?);
        self.parsed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), value.clone());
        Some(value)
    }

    /// A registry kept as shards (`DIR/shards/00.json.gz` to `3f`, a
    /// package in the shard its name's FNV-1a hash picks): every shard's
    /// packages merged into one value, kept once all were at hand. The
    /// shards not at hand are noted in `lacking` (the page fetches them
    /// in one round and builds again); the build meanwhile gets `empty`.
    pub fn sharded<T: Any + Send + Sync>(
        &self,
        dir: &str,
        lacking: &Lacking,
        merge: impl Fn(&mut T, &str) -> Result<(), String>,
        empty: impl FnOnce() -> T,
    ) -> Arc<T> {
        let key = format!("{dir}/shards");
        if let Some(value) = self
            .parsed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            if let Ok(value) = value.clone().downcast::<T>() {
                return value;
            }
        }
        // Every shard's absence noted at once (the page fetches them in
        // one round); until all are here, nothing is parsed: this build
        // runs again with them.
        let missing = (0..SHARDS)
            .filter(|&shard| !self.has(&shard_path(dir, shard), lacking))
            .count();
        let mut value = empty();
        let mut complete = missing == 0;
        for shard in (0..SHARDS).filter(|_| missing == 0) {
            match self.text(&shard_path(dir, shard), lacking) {
                Some(Ok(text)) => complete &= merge(&mut value, &text).is_ok(),
                _ => complete = false,
            }
        }
        let value = Arc::new(value);
        if complete {
            self.parsed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, value.clone());
        }
        value
    }

    /// Hands over a fetched data file.
    pub fn provide(&self, path: &str, bytes: Vec<u8>) {
        self.provided
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), Arc::from(bytes));
    }

    /// A digest of the data files and of the engine's source (build.rs):
    /// what the images kept in an image store were built from.
    pub fn built_from() -> u64 {
        embedded::BUILT_FROM
    }

    /// Whether every data file is embedded (native builds).
    pub fn complete() -> bool {
        embedded::EMBEDDED.len() > 1
    }
}

/// A data file's bytes as text, gunzipped when its name ends in `.gz`.
fn text_of(path: &str, bytes: &[u8]) -> Result<String, String> {
    if path.ends_with(".gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map(|_| text)
            .map_err(|e| format!("{path}: {e}"))
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|e| format!("{path}: {e}"))
    }
}

/// How many shards a sharded registry has.
pub const SHARDS: u32 = 64;

/// The shard of a registry that holds `name` (npm's name as written,
/// PyPI's normalized): FNV-1a (32-bit) of its bytes, modulo [`SHARDS`].
pub fn shard_of(name: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % SHARDS
}

/// The path of a registry's shard.
pub fn shard_path(dir: &str, shard: u32) -> String {
    format!("{dir}/shards/{shard:02x}.json.gz")
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_registry_package_is_in_the_shard_its_name_hashes_to() {
        let store = super::DataStore::new();
        let lacking = super::Lacking::default();
        for dir in ["npm", "pypi"] {
            let mut count = 0;
            for shard in 0..super::SHARDS {
                let text = store
                    .text(&super::shard_path(dir, shard), &lacking)
                    .unwrap()
                    .unwrap();
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                for name in value["packages"].as_object().unwrap().keys() {
                    assert_eq!(super::shard_of(name), shard, "{dir}: {name}");
                    count += 1;
                }
            }
            assert!(count > 2_000, "{dir}: {count} packages");
        }
        assert!(lacking.is_empty());
    }

    use super::*;

    #[test]
    fn native_builds_embed_every_data_file() {
        let store = DataStore::new();
        let lacking = Lacking::default();
        assert!(DataStore::complete());
        assert!(store.get("catalog.json", &lacking).is_some());
        assert!(store
            .get("layers/golang-1.22-toolchain.json", &lacking)
            .is_some());
        let archive = store.get("apt/debian-bookworm.pack", &lacking).unwrap();
        assert!(archive.starts_with(b"SCPACK"));
        assert!(lacking.is_empty());
    }

    #[test]
    fn absent_files_are_noted_by_the_one_that_asked_until_provided() {
        let store = DataStore::new();
        let (first, second) = (Lacking::default(), Lacking::default());
        assert!(store.get("layers/no-such-layer.json", &first).is_none());
        assert_eq!(first.paths(), ["layers/no-such-layer.json"]);
        // The other build's list is its own.
        assert!(second.is_empty());
        store.provide("layers/no-such-layer.json", b"[]".to_vec());
        assert_eq!(
            store
                .text("layers/no-such-layer.json", &second)
                .unwrap()
                .unwrap(),
            "[]"
        );
        assert!(second.is_empty());
        // Parsed once, then kept.
        let parsed = store
            .parsed("layers/no-such-layer.json", &second, |t| Ok(t.len()))
            .unwrap();
        assert_eq!(*parsed, 2);
        let again = store
            .parsed("layers/no-such-layer.json", &second, |_| Ok(0usize))
            .unwrap();
        assert_eq!(*again, 2);
        assert!(store
            .parsed("layers/absent.json", &second, |t| Ok(t.len()))
            .is_none());
        assert_eq!(second.paths(), ["layers/absent.json"]);
    }
}
