//! The command line's catalog, and where it keeps the base images it
//! built: a directory in the user's cache, as Docker keeps the images it
//! pulled. The first command over `node:20` builds the image from its
//! packages (tens of milliseconds); the next ones read its snapshot.
//!
//! `STAGECRAFT_IMAGE_CACHE` names the directory, or turns the store `off`;
//! by default it is `$XDG_CACHE_HOME/stagecraft/images` (or
//! `~/.cache/stagecraft/images`). A snapshot is read only if it was built
//! from the same data and engine as this program (see
//! `engine::catalog::snapshot`); one that fails to read is built again.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::engine::catalog::data::DataStore;
use crate::engine::catalog::snapshot::{self, ImageStore, Snapshot};
use crate::engine::catalog::DataCatalog;
use crate::engine::layer::Change;
use crate::engine::vfs::Filesystem;

/// A snapshot larger than this is not read (the largest image's is a
/// few MiB).
const MAX_SNAPSHOT: u64 = 256 << 20;

/// The catalog every command builds over.
pub fn catalog() -> &'static DataCatalog {
    static CATALOG: OnceLock<DataCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let catalog = DataCatalog::shipped();
        match store_dir(|name| std::env::var_os(name)) {
            Some(dir) => catalog.with_store(Box::new(DiskStore {
                dir,
                built_from: DataStore::built_from(),
            })),
            None => catalog,
        }
    })
}

/// The store's directory, from the environment `env` reads.
fn store_dir(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("STAGECRAFT_IMAGE_CACHE") {
        return (dir != "off").then(|| PathBuf::from(dir));
    }
    let cache = var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|home| Path::new(&home).join(".cache")))?;
    Some(cache.join("stagecraft").join("images"))
}

/// Snapshots as files, one an image, of the data and engine whose digest
/// is `built_from`.
pub struct DiskStore {
    pub dir: PathBuf,
    pub built_from: u64,
}

impl DiskStore {
    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.snapshot"))
    }

    fn read(&self, key: &str) -> Option<Vec<u8>> {
        use std::io::Read;
        let file = std::fs::File::open(self.path(key)).ok()?;
        if !file.metadata().ok()?.is_file() {
            return None;
        }
        let length = file.metadata().ok()?.len().min(MAX_SNAPSHOT);
        let mut bytes = Vec::with_capacity(length as usize);
        file.take(MAX_SNAPSHOT).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }

    /// Written beside and renamed into place: a command reading it at the
    /// same time sees the old snapshot or the new one, never half of one.
    fn write(&self, key: &str, bytes: &[u8]) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let path = self.path(key);
        let partial = self
            .dir
            .join(format!(".{key}.{}.partial", std::process::id()));
        if std::fs::write(&partial, bytes).is_ok() && std::fs::rename(&partial, &path).is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }
}

impl ImageStore for DiskStore {
    fn load(&self, key: &str) -> Option<Snapshot> {
        snapshot::decode(&self.read(key)?, self.built_from).ok()
    }

    fn save(&self, key: &str, layers: &[&[Change]], filesystem: &Filesystem) {
        if let Some(bytes) = snapshot::encode(layers, filesystem, self.built_from) {
            self.write(key, &bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_is_in_the_user_cache_unless_named_or_off() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        assert_eq!(
            store_dir(env(&[("HOME", "/home/a")])),
            Some(PathBuf::from("/home/a/.cache/stagecraft/images"))
        );
        assert_eq!(
            store_dir(env(&[("HOME", "/home/a"), ("XDG_CACHE_HOME", "/c")])),
            Some(PathBuf::from("/c/stagecraft/images"))
        );
        assert_eq!(
            store_dir(env(&[
                ("HOME", "/home/a"),
                ("STAGECRAFT_IMAGE_CACHE", "/s")
            ])),
            Some(PathBuf::from("/s"))
        );
        assert_eq!(
            store_dir(env(&[
                ("HOME", "/home/a"),
                ("STAGECRAFT_IMAGE_CACHE", "off")
            ])),
            None
        );
        assert_eq!(store_dir(env(&[])), None);
    }

    #[test]
    fn snapshots_are_files_written_whole() {
        let dir = std::env::temp_dir().join(format!("stagecraft-images-{}", std::process::id()));
        let store = DiskStore {
            dir: dir.clone(),
            built_from: 1,
        };
        assert_eq!(store.read("golang-1.22"), None);
        store.write("golang-1.22", b"first");
        store.write("golang-1.22", b"second");
        assert_eq!(store.read("golang-1.22").as_deref(), Some(&b"second"[..]));
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["golang-1.22.snapshot"], "no partial file left");
        // A directory where the file should be: nothing is read.
        std::fs::create_dir(store.path("busybox-1.36")).unwrap();
        assert_eq!(store.read("busybox-1.36"), None);
        // A kept image, read back by this program, not by one of other data.
        use crate::engine::catalog::Catalog;
        let image = crate::engine::catalog::builtin()
            .resolve("alpine:3.19")
            .image()
            .clone();
        let layers: Vec<&[Change]> = image.layers.iter().map(|l| &l.changes[..]).collect();
        store.save("alpine-3.19", &layers, &image.filesystem);
        assert!(store.load("alpine-3.19").unwrap().filesystem == image.filesystem);
        let other = DiskStore {
            dir: dir.clone(),
            built_from: 2,
        };
        assert!(other.load("alpine-3.19").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
