//! A distribution's packages as its package manager sees them: versions,
//! sizes, dependencies and file lists. Debian bookworm's come from the real
//! archive (catalog/debian.py into catalog/apt/); Alpine's are documented
//! approximations (catalog/alpine.py into catalog/apk/). `apt-get`, `apk`
//! and the catalog's images install from them. Each is a pack
//! (catalog/pack.py, [`Pack`]): the index is read when the archive is
//! opened, a package's record when the package is first asked for.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use super::data::{DataBytes, DataStore, Lacking};
use super::pack::{Pack, SortedLines};
use crate::engine::vfs::split_parent;

/// One file, directory or link a package ships.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageFile {
    File {
        path: String,
        mode: u32,
        size: u64,
        owner: (u32, u32),
    },
    /// A directory with a mode or owner other than 0755 root.
    Dir {
        path: String,
        mode: u32,
        owner: (u32, u32),
    },
    Symlink {
        path: String,
        target: String,
    },
    /// A hard link to another file of the package.
    Hardlink {
        path: String,
        target: String,
    },
}

impl PackageFile {
    pub fn path(&self) -> &str {
        match self {
            PackageFile::File { path, .. }
            | PackageFile::Dir { path, .. }
            | PackageFile::Symlink { path, .. }
            | PackageFile::Hardlink { path, .. } => path,
        }
    }
}

#[derive(Debug, Deserialize)]
struct RawPackage {
    version: String,
    installed_kb: u64,
    deb_size: u64,
    priority: String,
    section: String,
    #[serde(default)]
    pre_depends: Vec<Vec<String>>,
    #[serde(default)]
    depends: Vec<Vec<String>>,
    #[serde(default)]
    recommends: Vec<Vec<String>>,
    #[serde(default)]
    provides: Vec<String>,
    #[serde(default)]
    essential: bool,
    files: Vec<RawFile>,
}

/// A pack's header: the archive's small parts and where each package's
/// record is.
#[derive(Debug, Deserialize)]
struct Header {
    distribution: String,
    base: Vec<String>,
    lists: Vec<(String, u64)>,
    #[serde(rename = "virtual")]
    virtuals: HashMap<String, Vec<String>>,
    /// `[name, block, start, length]`.
    index: Vec<(String, usize, usize, usize)>,
    /// The blocks of `name size` lines, sorted: each block's first name
    /// and number.
    others: Vec<(String, usize)>,
}

/// A package of the archive.
#[derive(Clone, Debug)]
pub struct Package {
    pub name: String,
    pub version: String,
    pub installed_kb: u64,
    pub deb_size: u64,
    pub priority: String,
    pub section: String,
    /// Groups of alternatives (`a | b`), Pre-Depends first.
    pub depends: Vec<Vec<String>>,
    pub recommends: Vec<Vec<String>>,
    pub provides: Vec<String>,
    pub essential: bool,
    pub files: Vec<PackageFile>,
    /// `files` in runs that share a parent directory (as a package lists
    /// them): what dpkg's removal walks, a directory at a time.
    dir_runs: Vec<Range<usize>>,
}

impl Package {
    fn from_raw(name: &str, raw: RawPackage) -> Package {
        let mut depends = raw.pre_depends;
        depends.extend(raw.depends);
        let files: Vec<PackageFile> = raw.files.into_iter().filter_map(|f| f.0).collect();
        Package {
            name: name.to_string(),
            version: raw.version,
            installed_kb: raw.installed_kb,
            deb_size: raw.deb_size,
            priority: raw.priority,
            section: raw.section,
            depends,
            recommends: raw.recommends,
            provides: raw.provides,
            essential: raw.essential,
            dir_runs: dir_runs(&files),
            files,
        }
    }

    /// Each run of files in one directory: the directory, and the files.
    pub fn dir_runs(&self) -> impl DoubleEndedIterator<Item = (&str, &[PackageFile])> {
        self.dir_runs.iter().filter_map(|run| {
            let files = self.files.get(run.clone())?;
            Some((split_parent(files.first()?.path()).0, files))
        })
    }
}

/// The runs of `files` whose paths share a parent directory.
fn dir_runs(files: &[PackageFile]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=files.len() {
        let same = files
            .get(i)
            .is_some_and(|f| split_parent(f.path()).0 == split_parent(files[start].path()).0);
        if !same {
            runs.push(start..i);
            start = i;
        }
    }
    runs
}

/// Where a package's record is, and the package once read.
#[derive(Debug)]
struct Slot {
    block: usize,
    start: usize,
    length: usize,
    package: OnceLock<Option<Package>>,
}

/// A release's packages.
#[derive(Debug)]
pub struct PackageArchive {
    pub distribution: String,
    /// The packages of the release's official image.
    pub base: Vec<String>,
    /// What `apt-get update` writes to /var/lib/apt/lists: names and sizes.
    pub lists: Vec<(String, u64)>,
    /// Packages with files, by name: their slot.
    index: HashMap<String, usize>,
    slots: Vec<Slot>,
    /// The blocks of packages the archive has but whose files are not
    /// listed, with their installed size in KiB (by first name), and where
    /// each one's lines start once read.
    others: Vec<(String, usize)>,
    other_lines: Vec<OnceLock<Vec<u32>>>,
    virtuals: HashMap<String, Vec<String>>,
    pack: Option<Pack>,
}

/// Why a package cannot be installed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolvable {
    /// Not in the archive at all: `E: Unable to locate package NAME`.
    Unknown(String),
    /// A virtual package several real ones provide:
    /// `E: Package 'NAME' has no installation candidate`.
    Virtual(String, Vec<String>),
}

impl PackageArchive {
    /// Opens a pack: its header is read, its packages when asked for.
    pub fn open(bytes: DataBytes) -> Result<PackageArchive, String> {
        let pack = Pack::open(bytes)?;
        let header: Header = serde_json::from_slice(pack.header()).map_err(|e| e.to_string())?;
        let mut index = HashMap::with_capacity(header.index.len());
        let mut slots = Vec::with_capacity(header.index.len());
        for (name, block, start, length) in header.index {
            index.insert(name, slots.len());
            slots.push(Slot {
                block,
                start,
                length,
                package: OnceLock::new(),
            });
        }
        let other_lines = header.others.iter().map(|_| OnceLock::new()).collect();
        Ok(PackageArchive {
            distribution: header.distribution,
            base: header.base,
            lists: header.lists,
            index,
            slots,
            others: header.others,
            other_lines,
            virtuals: header.virtuals,
            pack: Some(pack),
        })
    }

    /// No packages: what stands in until the data is at hand.
    fn empty(distribution: &str) -> PackageArchive {
        PackageArchive {
            distribution: distribution.to_string(),
            base: Vec::new(),
            lists: Vec::new(),
            index: HashMap::new(),
            slots: Vec::new(),
            others: Vec::new(),
            other_lines: Vec::new(),
            virtuals: HashMap::new(),
            pack: None,
        }
    }

    /// A package with its files, read from its record the first time.
    pub fn package(&self, name: &str) -> Option<&Package> {
        let slot = self.slots.get(*self.index.get(name)?)?;
        slot.package
            .get_or_init(|| {
                let record = self
                    .pack
                    .as_ref()?
                    .record(slot.block, slot.start, slot.length)?;
                let raw: RawPackage = serde_json::from_slice(record).ok()?;
                Some(Package::from_raw(name, raw))
            })
            .as_ref()
    }

    /// Whether the archive lists the package with its files.
    fn has_files(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// Whether the archive has the package at all.
    fn has(&self, name: &str) -> bool {
        self.has_files(name) || self.size_only(name).is_some()
    }

    /// The installed size (KiB) of a package the archive has without its
    /// file list.
    pub fn size_only(&self, name: &str) -> Option<u64> {
        // The last block whose first name is not after `name`.
        let at = self
            .others
            .partition_point(|(first, _)| first.as_str() <= name)
            .checked_sub(1)?;
        let text = self.pack.as_ref()?.block(self.others[at].1)?;
        let starts = self
            .other_lines
            .get(at)?
            .get_or_init(|| SortedLines::line_starts(text));
        SortedLines::new(text, starts).get(name)?.parse().ok()
    }

    /// The packages listed with their files.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(String::as_str)
    }

    /// How many blocks of the archive's pack were read so far.
    pub fn blocks_read(&self) -> usize {
        self.pack.as_ref().map_or(0, Pack::blocks_read)
    }

    /// The real package a name means: itself, or the one package
    /// providing it.
    pub fn real_name(&self, name: &str) -> Result<String, Unresolvable> {
        if self.has(name) {
            return Ok(name.to_string());
        }
        match self.virtuals.get(name).map(Vec::as_slice) {
            Some([one]) => Ok(one.clone()),
            Some(many) if !many.is_empty() => {
                Err(Unresolvable::Virtual(name.to_string(), many.to_vec()))
            }
            _ => Err(Unresolvable::Unknown(name.to_string())),
        }
    }

    /// The packages `apt-get install names` adds to `installed`, in the
    /// order dpkg would unpack them (dependencies first), following
    /// Depends and Pre-Depends, and Recommends when asked: the first
    /// alternative of a group that the archive has, unless one is installed
    /// or chosen already.
    pub fn resolve(
        &self,
        names: &[String],
        recommends: bool,
        installed: &BTreeSet<String>,
    ) -> Result<Vec<String>, Unresolvable> {
        let mut chosen: BTreeSet<String> = BTreeSet::new();
        let mut order = Vec::new();
        for name in names {
            let real = self.real_name(name)?;
            self.visit(&real, recommends, installed, &mut chosen, &mut order);
        }
        Ok(order)
    }

    fn visit(
        &self,
        name: &str,
        recommends: bool,
        installed: &BTreeSet<String>,
        chosen: &mut BTreeSet<String>,
        order: &mut Vec<String>,
    ) {
        if installed.contains(name) || !chosen.insert(name.to_string()) {
            return;
        }
        if let Some(package) = self.package(name) {
            let groups = package.depends.iter().chain(
                recommends
                    .then_some(&package.recommends)
                    .into_iter()
                    .flatten(),
            );
            for group in groups {
                if let Some(pick) = self.pick(group, installed, chosen) {
                    self.visit(&pick, recommends, installed, chosen, order);
                }
            }
        }
        order.push(name.to_string());
    }

    /// The alternative of a dependency group to install, if any is needed.
    fn pick(
        &self,
        group: &[String],
        installed: &BTreeSet<String>,
        chosen: &BTreeSet<String>,
    ) -> Option<String> {
        let satisfied = |name: &String| {
            installed.contains(name)
                || chosen.contains(name)
                || self
                    .providers(name)
                    .any(|p| installed.contains(p) || chosen.contains(p))
        };
        if group.iter().any(satisfied) {
            return None;
        }
        for alternative in group {
            if self.has(alternative) {
                // Debian's images hold usr-is-merged, not usrmerge.
                return Some(if alternative == "usrmerge" {
                    "usr-is-merged".to_string()
                } else {
                    alternative.clone()
                });
            }
            if let Some(first) = self.providers(alternative).next() {
                return Some(first.to_string());
            }
        }
        None
    }

    fn providers<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        self.virtuals
            .get(name)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

/// One entry of a package's file list, read straight from its array:
/// `["f", path, mode, size, uid?, gid?]`, `["d", path, mode, uid?, gid?]`,
/// `["l", path, target]`, `["h", path, target]` (`mode` in octal). An
/// entry of another kind, or malformed, reads as None and is left out.
#[derive(Debug)]
struct RawFile(Option<PackageFile>);

impl<'de> Deserialize<'de> for RawFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RawFile, D::Error> {
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = RawFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a file entry array")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawFile, A::Error> {
                let kind: std::borrow::Cow<str> = seq.next_element()?.unwrap_or_default();
                let path: Option<String> = seq.next_element()?;
                let entry = match (kind.as_ref(), path) {
                    ("f" | "d", Some(path)) => {
                        let mode: Option<std::borrow::Cow<str>> = seq.next_element()?;
                        let mode = mode.and_then(|m| u32::from_str_radix(&m, 8).ok());
                        let size: Option<u64> = if kind == "f" {
                            seq.next_element()?
                        } else {
                            Some(0)
                        };
                        let uid: Option<u64> = seq.next_element()?;
                        let gid: Option<u64> = seq.next_element()?;
                        let owner = (uid.unwrap_or(0) as u32, gid.unwrap_or(0) as u32);
                        match (mode, size) {
                            (Some(mode), Some(size)) if kind == "f" => Some(PackageFile::File {
                                path,
                                mode,
                                size,
                                owner,
                            }),
                            (Some(mode), Some(_)) => Some(PackageFile::Dir { path, mode, owner }),
                            _ => None,
                        }
                    }
                    ("l" | "h", Some(path)) => {
                        let target: Option<String> = seq.next_element()?;
                        target.map(|target| {
                            if kind == "l" {
                                PackageFile::Symlink { path, target }
                            } else {
                                PackageFile::Hardlink { path, target }
                            }
                        })
                    }
                    _ => None,
                };
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(RawFile(entry))
            }
        }
        d.deserialize_seq(Entry)
    }
}

/// The data file of Debian 12's archive.
pub const DEBIAN_BOOKWORM: &str = "apt/debian-bookworm.pack";
/// The data file of Alpine 3.19's archive.
pub const ALPINE_3_19: &str = "apk/alpine-3.19.pack";

/// An archive of the catalog's data; while its file is not at hand (noted
/// in `lacking`) an empty one of `release` stands in for the build.
fn archive(data: &DataStore, lacking: &Lacking, path: &str, release: &str) -> Arc<PackageArchive> {
    data.parsed_bytes(path, lacking, PackageArchive::open)
        .unwrap_or_else(|| Arc::new(PackageArchive::empty(release)))
}

/// Debian 12 (bookworm), amd64, main.
pub fn debian_bookworm(data: &DataStore, lacking: &Lacking) -> Arc<PackageArchive> {
    archive(data, lacking, DEBIAN_BOOKWORM, "debian-bookworm")
}

/// Alpine Linux 3.19, x86_64, main and community (approximated).
pub fn alpine_3_19(data: &DataStore, lacking: &Lacking) -> Arc<PackageArchive> {
    archive(data, lacking, ALPINE_3_19, "alpine-3.19")
}

/// The archive for an image, by its /etc/os-release.
pub fn for_release(
    os_release: &str,
    data: &DataStore,
    lacking: &Lacking,
) -> Option<Arc<PackageArchive>> {
    let value = |key: &str| {
        os_release.lines().find_map(|l| {
            l.strip_prefix(key)
                .and_then(|v| v.strip_prefix('='))
                .map(|v| v.trim_matches('"').to_string())
        })
    };
    match value("ID")?.as_str() {
        "debian" if value("VERSION_CODENAME")? == "bookworm" => {
            Some(debian_bookworm(data, lacking))
        }
        // No Ubuntu data: Debian bookworm's packages stand in.
        "ubuntu" => Some(debian_bookworm(data, lacking)),
        // Alpine 3.19's data stands in for the other 3.x releases.
        "alpine" if value("VERSION_ID")?.starts_with("3.") => Some(alpine_3_19(data, lacking)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_archive_loads_with_real_packages() {
        let archive = debian_bookworm(&DataStore::new(), &Lacking::default());
        assert_eq!(archive.distribution, "debian-bookworm");
        let curl = archive.package("curl").expect("curl");
        assert!(curl.version.starts_with("7.88.1"), "{}", curl.version);
        assert!(curl.files.iter().any(
            |f| matches!(f, PackageFile::File { path, mode: 0o755, .. } if path == "/usr/bin/curl")
        ));
        assert!(archive.base.contains(&"dash".to_string()));
        assert!(archive.size_only("0ad").is_some());
    }

    #[test]
    fn every_record_reads_and_a_base_install_reads_only_its_own_blocks() {
        for path in [DEBIAN_BOOKWORM, ALPINE_3_19] {
            let store = DataStore::new();
            let lacking = Lacking::default();
            let archive = store
                .parsed_bytes(path, &lacking, PackageArchive::open)
                .expect("the archive opens");
            assert_eq!(archive.blocks_read(), 0, "{path}: nothing read on opening");
            let total = archive.pack.as_ref().map_or(0, Pack::block_count);
            for name in &archive.base {
                assert!(
                    archive.package(name).is_some(),
                    "{path}: base package {name}"
                );
            }
            // The image's own packages come first, in blocks of their own.
            assert!(
                archive.blocks_read() * 4 <= total.max(4),
                "{path}: {} of {total} blocks read for the base",
                archive.blocks_read()
            );
            let names: Vec<String> = archive.names().map(str::to_string).collect();
            assert!(names.len() > 100, "{path}: {}", names.len());
            for name in &names {
                let package = archive
                    .package(name)
                    .unwrap_or_else(|| panic!("{path}: {name}"));
                assert_eq!(&package.name, name);
                assert!(!package.version.is_empty(), "{path}: {name}");
            }
        }
        let debian = debian_bookworm(&DataStore::new(), &Lacking::default());
        // Size-only packages are found in their sorted block.
        assert!(debian.size_only("0ad").is_some());
        assert!(debian.size_only("zzz-no-such-package").is_none());
        assert!(debian.size_only("curl").is_none(), "curl has its files");
        assert!(debian.size_only("").is_none());
        // Each of them, from the first block to the last, and one block
        // read for one name.
        let fresh = debian_bookworm(&DataStore::new(), &Lacking::default());
        assert!(
            fresh.others.len() > 4,
            "{} blocks of size-only packages",
            fresh.others.len()
        );
        for (first, _) in &fresh.others {
            assert!(fresh.size_only(first).is_some(), "{first}");
        }
        let one = debian_bookworm(&DataStore::new(), &Lacking::default());
        assert!(one.size_only("0ad").is_some());
        assert_eq!(one.blocks_read(), 1, "one name, one block");
    }

    #[test]
    fn file_entries_read_as_their_kind() {
        let read = |json: &str| serde_json::from_str::<RawFile>(json).map(|f| f.0);
        let file = |path: &str, mode, size, owner| PackageFile::File {
            path: path.into(),
            mode,
            size,
            owner,
        };
        assert_eq!(
            read(r#"["f","/usr/bin/curl","0755",1234]"#).unwrap(),
            Some(file("/usr/bin/curl", 0o755, 1234, (0, 0)))
        );
        assert_eq!(
            read(r#"["f","/etc/shadow","0640",5,0,42]"#).unwrap(),
            Some(file("/etc/shadow", 0o640, 5, (0, 42)))
        );
        assert_eq!(
            read(r#"["d","/var/mail","2775",0,8]"#).unwrap(),
            Some(PackageFile::Dir {
                path: "/var/mail".into(),
                mode: 0o2775,
                owner: (0, 8)
            })
        );
        assert_eq!(
            read(r#"["l","/bin/sh","dash"]"#).unwrap(),
            Some(PackageFile::Symlink {
                path: "/bin/sh".into(),
                target: "dash".into()
            })
        );
        assert_eq!(
            read(r#"["h","/usr/bin/a","/usr/bin/b"]"#).unwrap(),
            Some(PackageFile::Hardlink {
                path: "/usr/bin/a".into(),
                target: "/usr/bin/b".into()
            })
        );
        // Unknown kinds and bad modes are left out; extra items are skipped.
        assert_eq!(read(r#"["x","/a",1,2,3]"#).unwrap(), None);
        assert_eq!(read(r#"["f","/a","9z",1]"#).unwrap(), None);
        assert_eq!(read(r#"["l","/a"]"#).unwrap(), None);
        assert_eq!(read(r#"[]"#).unwrap(), None);
        assert_eq!(
            read(r#"["f","/a","0644",1,0,0,"more",[1]]"#).unwrap(),
            Some(file("/a", 0o644, 1, (0, 0)))
        );
        assert!(read(r#"{"f":1}"#).is_err());
    }

    #[test]
    fn resolution_follows_dependencies_and_recommends() {
        let archive = debian_bookworm(&DataStore::new(), &Lacking::default());
        let base: BTreeSet<String> = archive.base.iter().cloned().collect();
        let plain = archive
            .resolve(&names(&["curl"]), false, &base)
            .expect("curl resolves");
        assert!(plain.contains(&"libcurl4".to_string()));
        // Dependencies come before what needs them.
        let at = |n: &str| plain.iter().position(|p| p == n);
        assert!(at("libcurl4") < at("curl"));
        let with = archive.resolve(&names(&["curl"]), true, &base).unwrap();
        assert!(with.contains(&"ca-certificates".to_string()));
        assert!(!plain.contains(&"ca-certificates".to_string()));
        assert!(!with.iter().any(|p| base.contains(p)));
        assert_eq!(
            archive.resolve(&names(&["no-such-package"]), true, &base),
            Err(Unresolvable::Unknown("no-such-package".into()))
        );
    }

    #[test]
    fn releases_are_found_by_os_release() {
        let text = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_CODENAME=bookworm\n";
        assert!(for_release(text, &DataStore::new(), &Lacking::default()).is_some());
        assert_eq!(
            for_release(
                "ID=alpine\nVERSION_ID=3.19.1\n",
                &DataStore::new(),
                &Lacking::default()
            )
            .map(|a| a.distribution.clone())
            .as_deref(),
            Some("alpine-3.19")
        );
        assert!(for_release(
            "ID=fedora\nVERSION_ID=40\n",
            &DataStore::new(),
            &Lacking::default()
        )
        .is_none());
    }
}
