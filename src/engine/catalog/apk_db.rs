//! Alpine's package database in an image (`/lib/apk/db/installed`, the
//! world file) and installing packages into it: what `apk` reads and
//! writes, and what the catalog uses to make Alpine images.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::catalog::dpkg::{self, PathFilter};
use crate::engine::catalog::package_archive::PackageArchive;
use crate::engine::content::Content;
use crate::engine::vfs::{split_parent, Filesystem, Meta, Node};

pub(crate) const INSTALLED: &str = "/lib/apk/db/installed";
pub(crate) const WORLD: &str = "/etc/apk/world";
pub(crate) const CACHE: &str = "/var/cache/apk";

/// What apk's database says: each package and its version and
/// dependencies (virtual packages from `--virtual` included).
#[derive(Default)]
pub(crate) struct Db {
    pub(crate) packages: BTreeMap<String, (String, Vec<String>)>,
}

impl Db {
    pub(crate) fn read(fs: &Filesystem) -> Db {
        let mut db = Db::default();
        let Some(text) = fs.read(INSTALLED).ok().and_then(|c| c.as_text()) else {
            return db;
        };
        for stanza in text.split("\n\n") {
            let mut name = None;
            let mut version = String::new();
            let mut deps = Vec::new();
            for line in stanza.lines() {
                if let Some(v) = line.strip_prefix("P:") {
                    name = Some(v.to_string());
                } else if let Some(v) = line.strip_prefix("V:") {
                    version = v.to_string();
                } else if let Some(v) = line.strip_prefix("D:") {
                    deps = v.split_whitespace().map(String::from).collect();
                }
            }
            if let Some(name) = name {
                db.packages.insert(name, (version, deps));
            }
        }
        db
    }
}

pub(crate) fn world(fs: &Filesystem) -> BTreeSet<String> {
    fs.read(WORLD)
        .ok()
        .and_then(|c| c.as_text())
        .unwrap_or_default()
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// Unpacks packages and appends them to the installed database; returns
/// the database's text, to which the caller may add more.
pub(crate) fn unpack_all(
    fs: &mut Filesystem,
    archive: &PackageArchive,
    order: &[String],
    mtime: u64,
) -> String {
    let mut text = fs
        .read(INSTALLED)
        .ok()
        .and_then(|c| c.as_text())
        .unwrap_or_default()
        .to_string();
    for name in order {
        if let Some(package) = archive.package(name) {
            dpkg::unpack(fs, package, &PathFilter::none(), mtime, dpkg::Libc::Musl);
            text.push_str(&stanza(name, &package.version, package, &[]));
        }
    }
    text
}

/// `apk add --no-cache NAMES` as an image's Dockerfile ran it: the
/// packages and their dependencies, recorded in the database and world.
pub fn install(fs: &mut Filesystem, archive: &PackageArchive, names: &[String]) {
    let installed: BTreeSet<String> = Db::read(fs).packages.keys().cloned().collect();
    let order = archive
        .resolve(names, false, &installed)
        .unwrap_or_default();
    let text = unpack_all(fs, archive, &order, 0);
    write_text(fs, INSTALLED, &text, 0);
    let mut world = world(fs);
    world.extend(names.iter().cloned());
    let world_text: String = world.iter().map(|n| format!("{n}\n")).collect();
    write_text(fs, WORLD, &world_text, 0);
}

/// `D:` lists a package's dependencies; `F:`/`R:` its directories and files.
pub(crate) fn stanza(
    name: &str,
    version: &str,
    package: &crate::engine::catalog::package_archive::Package,
    extra: &[String],
) -> String {
    let deps: Vec<String> = package
        .depends
        .iter()
        .filter_map(|g| g.first().cloned())
        .chain(extra.iter().cloned())
        .collect();
    let mut text = format!(
        "P:{name}\nV:{version}\nA:x86_64\nS:{}\nI:{}\nT:{name}\n",
        package.deb_size,
        package.installed_kb * 1024
    );
    if !deps.is_empty() {
        text.push_str(&format!("D:{}\n", deps.join(" ")));
    }
    let mut dir = String::new();
    for file in &package.files {
        let (parent, base) = split_parent(file.path());
        if parent != dir {
            dir = parent.to_string();
            text.push_str(&format!("F:{}\n", dir.trim_start_matches('/')));
        }
        text.push_str(&format!("R:{base}\nZ:Q1{}=\n", "A".repeat(26)));
    }
    text.push('\n');
    text
}

/// Directories of the base image that stay even when empty.
pub(crate) const KEEP: &[&str] = &[
    "/usr/bin",
    "/usr/lib",
    "/usr/sbin",
    "/usr/share",
    "/usr/local",
    "/var/cache",
    "/var/lib",
    "/etc/apk",
    "/lib/apk",
    "/etc/ssl",
    "/etc/ssl/certs",
];

pub(crate) fn remove_empty_parents(fs: &mut Filesystem, path: &str) {
    let mut dir = split_parent(path).0.to_string();
    while dir.matches('/').count() > 1 && !KEEP.contains(&dir.as_str()) {
        match fs.lookup(&dir, false) {
            Ok((_, Node::Dir(d))) if d.entries.is_empty() => {
                let _ = fs.remove(&dir);
            }
            _ => return,
        }
        dir = split_parent(&dir).0.to_string();
    }
}

/// `12 MiB in 20 packages`.
pub(crate) fn summary(fs: &Filesystem, archive: &PackageArchive) -> String {
    let db = Db::read(fs);
    let kb: u64 = db
        .packages
        .keys()
        .filter_map(|n| archive.package(n))
        .map(|p| p.installed_kb)
        .sum();
    format!("{} MiB in {} packages", kb / 1024, db.packages.len())
}

pub(crate) fn write_text(fs: &mut Filesystem, path: &str, text: &str, mtime: u64) {
    let _ = fs.mkdir_all(split_parent(path).0, Meta::dir());
    let _ = fs.remove(path);
    let _ = fs.put(
        path,
        Node::file(Content::text(text), Meta::file().at(mtime)),
    );
}
