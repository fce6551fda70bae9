//! The catalog's data files (catalog/: the image index, each layer's
//! files, the package archives), by their path under catalog/. Native
//! builds embed them all (build.rs). The WebAssembly build embeds only
//! the index: a build asks for what it needs, what is absent is noted,
//! and the app fetches it (`missing`, then `provide`) and builds again, so
//! the first page downloads no image data and an image brings only its
//! own.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::sync::{Arc, Mutex, OnceLock};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_data.rs"));
}

#[derive(Default)]
struct Store {
    provided: HashMap<String, Arc<[u8]>>,
    missing: BTreeSet<String>,
}

fn store() -> &'static Mutex<Store> {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(Mutex::default)
}

/// A data file's bytes; None (and noted as missing) when not at hand.
pub fn get(path: &str) -> Option<Arc<[u8]>> {
    if let Some((_, bytes)) = embedded::EMBEDDED.iter().find(|(name, _)| *name == path) {
        return Some(Arc::from(*bytes));
    }
    let mut store = store().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(bytes) = store.provided.get(path) {
        return Some(bytes.clone());
    }
    store.missing.insert(path.to_string());
    None
}

/// A data file's text, gunzipped when its name ends in `.gz`.
pub fn text(path: &str) -> Option<Result<String, String>> {
    let bytes = get(path)?;
    let mut text = String::new();
    let result = if path.ends_with(".gz") {
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .map(|_| text)
            .map_err(|e| format!("{path}: {e}"))
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|e| format!("{path}: {e}"))
    };
    Some(result)
}

/// A data file parsed once, kept in `cell`. Until the file is at hand
/// (or when it does not parse) `fallback` stands in, kept in `stand_in`,
/// and the file is noted missing: a build over it is redone once the app
/// has fetched it.
pub fn parsed<T>(
    cell: &'static OnceLock<T>,
    stand_in: &'static OnceLock<T>,
    path: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
    fallback: impl FnOnce() -> T,
) -> &'static T {
    if let Some(value) = cell.get() {
        return value;
    }
    match text(path).map(|t| t.and_then(|t| parse(&t))) {
        Some(Ok(value)) => cell.get_or_init(|| value),
        _ => stand_in.get_or_init(fallback),
    }
}

/// Hands over a fetched data file.
pub fn provide(path: &str, bytes: Vec<u8>) {
    let mut store = store().lock().unwrap_or_else(|e| e.into_inner());
    store.missing.remove(path);
    store.provided.insert(path.to_string(), Arc::from(bytes));
}

/// The data files asked for and not at hand since the last call.
pub fn take_missing() -> Vec<String> {
    let mut store = store().lock().unwrap_or_else(|e| e.into_inner());
    std::mem::take(&mut store.missing).into_iter().collect()
}

/// Whether some data file was asked for and is not at hand (without
/// taking the list, as `take_missing` does).
pub fn any_missing() -> bool {
    let store = store().lock().unwrap_or_else(|e| e.into_inner());
    !store.missing.is_empty()
}

/// Whether every data file is embedded (native builds).
pub fn complete() -> bool {
    embedded::EMBEDDED.len() > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_builds_embed_every_data_file() {
        assert!(complete());
        assert!(get("catalog.json").is_some());
        assert!(get("layers/golang-1.22-toolchain.json").is_some());
        let archive = text("apt/debian-bookworm.json.gz").unwrap().unwrap();
        assert!(archive.starts_with('{'));
    }

    #[test]
    fn absent_files_are_noted_until_provided() {
        assert!(get("layers/no-such-layer.json").is_none());
        assert!(take_missing().contains(&"layers/no-such-layer.json".to_string()));
        provide("layers/no-such-layer.json", b"[]".to_vec());
        assert_eq!(text("layers/no-such-layer.json").unwrap().unwrap(), "[]");
        assert!(!take_missing().contains(&"layers/no-such-layer.json".to_string()));
    }
}
