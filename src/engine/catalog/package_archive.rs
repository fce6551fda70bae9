//! A distribution's packages as its package manager sees them: versions,
//! sizes, dependencies and file lists. Debian bookworm's come from the real
//! archive (catalog/debian.py into catalog/apt/); Alpine's are documented
//! approximations (catalog/alpine.py into catalog/apk/). `apt-get`, `apk`
//! and the catalog's images install from them.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

use super::data::{DataStore, Lacking};
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
    files: Vec<Vec<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
struct RawArchive {
    distribution: String,
    base: Vec<String>,
    lists: Vec<(String, u64)>,
    others: HashMap<String, u64>,
    #[serde(rename = "virtual")]
    virtuals: HashMap<String, Vec<String>>,
    packages: HashMap<String, RawPackage>,
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

/// A release's packages.
#[derive(Debug)]
pub struct PackageArchive {
    pub distribution: String,
    /// The packages of the release's official image.
    pub base: Vec<String>,
    /// What `apt-get update` writes to /var/lib/apt/lists: names and sizes.
    pub lists: Vec<(String, u64)>,
    packages: HashMap<String, Package>,
    /// Packages the archive has but whose files are not listed: their
    /// installed size in KiB.
    others: HashMap<String, u64>,
    virtuals: HashMap<String, Vec<String>>,
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
    pub fn from_json(text: &str) -> Result<PackageArchive, String> {
        let raw: RawArchive = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let packages = raw
            .packages
            .into_iter()
            .map(|(name, p)| {
                let mut depends = p.pre_depends;
                depends.extend(p.depends);
                let files: Vec<PackageFile> =
                    p.files.iter().filter_map(|f| file_entry(f)).collect();
                let package = Package {
                    name: name.clone(),
                    version: p.version,
                    installed_kb: p.installed_kb,
                    deb_size: p.deb_size,
                    priority: p.priority,
                    section: p.section,
                    depends,
                    recommends: p.recommends,
                    provides: p.provides,
                    essential: p.essential,
                    dir_runs: dir_runs(&files),
                    files,
                };
                (name, package)
            })
            .collect();
        Ok(PackageArchive {
            distribution: raw.distribution,
            base: raw.base,
            lists: raw.lists,
            packages,
            others: raw.others,
            virtuals: raw.virtuals,
        })
    }

    /// No packages: what stands in until the data is at hand.
    fn empty(distribution: &str) -> PackageArchive {
        PackageArchive {
            distribution: distribution.to_string(),
            base: Vec::new(),
            lists: Vec::new(),
            packages: HashMap::new(),
            others: HashMap::new(),
            virtuals: HashMap::new(),
        }
    }

    pub fn package(&self, name: &str) -> Option<&Package> {
        self.packages.get(name)
    }

    /// The installed size (KiB) of a package the archive has without its
    /// file list.
    pub fn size_only(&self, name: &str) -> Option<u64> {
        self.others.get(name).copied()
    }

    /// The real package a name means: itself, or the one package
    /// providing it.
    pub fn real_name(&self, name: &str) -> Result<String, Unresolvable> {
        if self.packages.contains_key(name) || self.others.contains_key(name) {
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
        if let Some(package) = self.packages.get(name) {
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
            if self.packages.contains_key(alternative) || self.others.contains_key(alternative) {
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

fn file_entry(raw: &[serde_json::Value]) -> Option<PackageFile> {
    let text = |i: usize| raw.get(i).and_then(|v| v.as_str());
    let number = |i: usize| raw.get(i).and_then(|v| v.as_u64());
    let mode = |i: usize| text(i).and_then(|m| u32::from_str_radix(m, 8).ok());
    let path = text(1)?.to_string();
    Some(match text(0)? {
        "f" => PackageFile::File {
            path,
            mode: mode(2)?,
            size: number(3)?,
            owner: (number(4).unwrap_or(0) as u32, number(5).unwrap_or(0) as u32),
        },
        "d" => PackageFile::Dir {
            path,
            mode: mode(2)?,
            owner: (number(3).unwrap_or(0) as u32, number(4).unwrap_or(0) as u32),
        },
        "l" => PackageFile::Symlink {
            path,
            target: text(2)?.to_string(),
        },
        "h" => PackageFile::Hardlink {
            path,
            target: text(2)?.to_string(),
        },
        _ => return None,
    })
}

/// The data file of Debian 12's archive.
pub const DEBIAN_BOOKWORM: &str = "apt/debian-bookworm.json.gz";
/// The data file of Alpine 3.19's archive.
pub const ALPINE_3_19: &str = "apk/alpine-3.19.json.gz";

/// An archive of the catalog's data; while its file is not at hand (noted
/// in `lacking`) an empty one of `release` stands in for the build.
fn archive(data: &DataStore, lacking: &Lacking, path: &str, release: &str) -> Arc<PackageArchive> {
    data.parsed(path, lacking, PackageArchive::from_json)
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
