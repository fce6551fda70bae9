//! dpkg over the virtual filesystem: which packages an image has (its
//! /var/lib/dpkg/status), unpacking a package's files (minus what
//! /etc/dpkg/dpkg.cfg.d excludes, as in the slim images), and the records
//! and logs an install leaves: status, info/*.list and *.md5sums,
//! extended_states, dpkg.log and apt's history.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::fxhash::FxSet;

use super::package_archive::{Package, PackageArchive, PackageFile};
use crate::engine::content::Content;
use crate::engine::shell::pattern::Pattern;
use crate::engine::vfs::{split_parent, Filesystem, Meta, Node};

pub const STATUS: &str = "/var/lib/dpkg/status";
pub const EXTENDED_STATES: &str = "/var/lib/apt/extended_states";
const DPKG_LOG: &str = "/var/log/dpkg.log";
const HISTORY_LOG: &str = "/var/log/apt/history.log";
const TERM_LOG: &str = "/var/log/apt/term.log";
const INFO: &str = "/var/lib/dpkg/info";
/// The time dpkg's logs show (the simulation has no clock).
const LOG_TIME: &str = "2024-06-01 12:00:00";

/// The packages the image's dpkg database says are installed.
pub fn installed(fs: &Filesystem) -> BTreeSet<String> {
    let Some(text) = fs.read(STATUS).ok().and_then(|c| c.as_text()) else {
        return BTreeSet::new();
    };
    stanzas(text)
        .filter(|s| field(s, "Status").is_some_and(|v| v.ends_with(" installed")))
        .filter_map(|s| field(s, "Package").map(String::from))
        .collect()
}

/// The packages marked as installed automatically (as dependencies).
pub fn auto_installed(fs: &Filesystem) -> BTreeSet<String> {
    let Some(text) = fs.read(EXTENDED_STATES).ok().and_then(|c| c.as_text()) else {
        return BTreeSet::new();
    };
    stanzas(text)
        .filter(|s| field(s, "Auto-Installed") == Some("1"))
        .filter_map(|s| field(s, "Package").map(String::from))
        .collect()
}

/// The stanzas of a dpkg database file: the text between blank lines, as
/// `text.split("\n\n")` gives them (the same non-overlapping cuts),
/// found a vector of bytes at a time.
fn stanzas(text: &str) -> impl Iterator<Item = &str> {
    let mut cuts = memchr::memmem::find_iter(text.as_bytes(), b"\n\n");
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        Some(match cuts.next() {
            Some(at) => {
                start = Some(at + 2);
                &text[from..at]
            }
            None => {
                start = None;
                &text[from..]
            }
        })
    })
    .filter(|s| !s.trim().is_empty())
}

fn field<'a>(stanza: &'a str, name: &str) -> Option<&'a str> {
    stanza.lines().find_map(|line| {
        line.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(':'))
            .map(str::trim)
    })
}

/// dpkg's path filters (`path-exclude=GLOB`, `path-include=GLOB`) from
/// /etc/dpkg/dpkg.cfg.d; the last rule that matches a path decides.
pub struct PathFilter {
    rules: Vec<(bool, Pattern)>,
}

impl PathFilter {
    pub fn read(fs: &Filesystem) -> PathFilter {
        let mut filter = PathFilter::none();
        for (_, node) in fs.walk_under("/etc/dpkg/dpkg.cfg.d") {
            if let Some(text) = node.as_file().and_then(|f| f.content.as_text()) {
                filter.add(text);
            }
        }
        filter
    }

    /// Rules from dpkg configuration text (`path-exclude GLOB` lines).
    pub fn parse(text: &str) -> PathFilter {
        let mut filter = PathFilter::none();
        filter.add(text);
        filter
    }

    fn add(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.trim();
            let (include, rest) = if let Some(r) = line.strip_prefix("path-exclude") {
                (false, r)
            } else if let Some(r) = line.strip_prefix("path-include") {
                (true, r)
            } else {
                continue;
            };
            let glob = rest.trim_start_matches(['=', ' ', '\t']).trim();
            if !glob.is_empty() {
                self.rules.push((include, Pattern::new(glob)));
            }
        }
    }

    /// No filters (what package managers other than dpkg do).
    pub fn none() -> PathFilter {
        PathFilter { rules: Vec::new() }
    }

    pub fn excludes(&self, path: &str) -> bool {
        self.rules
            .iter()
            .rev()
            .find(|(_, p)| p.matches(path))
            .is_some_and(|(include, _)| !include)
    }
}

/// What an install wrote.
#[derive(Debug, Default)]
pub struct Installed {
    pub packages: Vec<String>,
    /// Packages the archive knows only by size: one placeholder file each.
    pub estimated: Vec<String>,
}

/// What ca-certificates' postinst generates.
const CA_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Unpacks and configures `names` (in order), marking `auto` ones as
/// installed automatically; `mtime` stamps what changes.
pub fn install(
    fs: &mut Filesystem,
    archive: &PackageArchive,
    names: &[String],
    auto: &BTreeSet<String>,
    mtime: u64,
) -> Installed {
    let filter = PathFilter::read(fs);
    let mut done = Installed::default();
    let mut status = fs
        .read(STATUS)
        .ok()
        .and_then(|c| c.as_text())
        .unwrap_or_default()
        .to_string();
    let mut log = text_of(fs, DPKG_LOG);
    let mut libraries = false;
    for name in names {
        let stanza = match archive.package(name) {
            Some(package) => {
                let unpacked = unpack(fs, package, &filter, mtime, Libc::Glibc);
                libraries |= unpacked.libraries;
                write_info(fs, package, &unpacked, mtime);
                done.packages.push(name.clone());
                status_stanza(package)
            }
            None => {
                let kb = archive.size_only(name).unwrap_or(0);
                let path = format!("/usr/share/{name}/FILES-NOT-SIMULATED");
                let _ = fs.mkdir_all(split_parent(&path).0, Meta::dir().at(mtime));
                let _ = fs.put(
                    &path,
                    Node::file(
                        Content::blob(kb * 1024, &format!("deb:{name}")),
                        Meta::file().at(mtime),
                    ),
                );
                done.estimated.push(name.clone());
                format!(
                    "Package: {name}\nStatus: install ok installed\nInstalled-Size: {kb}\nArchitecture: amd64\nVersion: unknown\nDescription: {name} (files not simulated)\n"
                )
            }
        };
        if !status.is_empty() && !status.ends_with("\n\n") {
            status.push('\n');
        }
        status.push_str(&stanza);
        status.push('\n');
        let version = archive.package(name).map_or("unknown", |p| &p.version);
        let _ = write!(
            log,
            "{LOG_TIME} install {name}:amd64 <none> {version}\n\
             {LOG_TIME} status half-installed {name}:amd64 {version}\n\
             {LOG_TIME} status unpacked {name}:amd64 {version}\n\
             {LOG_TIME} configure {name}:amd64 {version} <none>\n\
             {LOG_TIME} status half-configured {name}:amd64 {version}\n\
             {LOG_TIME} status installed {name}:amd64 {version}\n"
        );
    }
    write_text(fs, STATUS, &status, mtime);
    write_text(fs, DPKG_LOG, &log, mtime);
    mark_auto(fs, names.iter().filter(|n| auto.contains(*n)), mtime);
    if names.iter().any(|n| n == "ca-certificates") {
        // Its postinst (update-ca-certificates) writes the bundle that
        // curl, wget and OpenSSL read.
        let _ = fs.mkdir_all("/etc/ssl/certs", Meta::dir().at(mtime));
        let _ = fs.put(
            CA_BUNDLE,
            Node::file(
                Content::blob(213_000, "ca-certificates.crt"),
                Meta::file().at(mtime),
            ),
        );
    }
    if libraries {
        // ldconfig's trigger rewrites the cache of shared libraries.
        let size = fs.read("/etc/ld.so.cache").map_or(0, |c| c.size()) + 64 * names.len() as u64;
        let _ = fs.put(
            "/etc/ld.so.cache",
            Node::file(
                Content::blob(size, &format!("ld.so.cache:{mtime}")),
                Meta::file().at(mtime),
            ),
        );
    }
    done
}

/// Removes `names` (their files, except conffiles under /etc unless
/// `purge`), and their dpkg records.
pub fn remove(
    fs: &mut Filesystem,
    archive: &PackageArchive,
    names: &BTreeSet<String>,
    purge: bool,
    mtime: u64,
) {
    let keep: BTreeSet<String> = installed(fs)
        .into_iter()
        .filter(|n| !names.contains(n))
        .collect();
    // Paths of the removed packages still owned by a package that stays,
    // and the directories a staying package has files in: one pass over
    // the staying packages' files, looking up, inserting little.
    let removed_paths: FxSet<&str> = names
        .iter()
        .filter_map(|n| archive.package(n))
        .flat_map(|p| p.files.iter().map(PackageFile::path))
        .collect();
    let removed_parents: FxSet<&str> = names
        .iter()
        .filter_map(|n| archive.package(n))
        .flat_map(|p| p.dir_runs().map(|(parent, _)| parent))
        .collect();
    let mut owned: FxSet<&str> = FxSet::default();
    let mut kept_dirs: FxSet<&str> = FxSet::default();
    // A directory at a time: only one the removed packages have files in
    // can hold one of theirs.
    for (parent, files) in keep
        .iter()
        .filter_map(|n| archive.package(n))
        .flat_map(Package::dir_runs)
    {
        if removed_parents.contains(parent) {
            for path in files.iter().map(PackageFile::path) {
                if removed_paths.contains(path) {
                    owned.insert(path);
                }
            }
        }
        // Deepest first: once one is known, so are those above it.
        for dir in ancestors(files[0].path()) {
            if !kept_dirs.insert(dir) {
                break;
            }
        }
    }
    let mut emptied: BTreeSet<&str> = BTreeSet::new();
    let mut log = text_of(fs, DPKG_LOG);
    for name in names {
        if let Some(package) = archive.package(name) {
            for (_, files) in package.dir_runs() {
                for dir in ancestors(files[0].path()) {
                    if !kept_dirs.contains(dir) {
                        emptied.insert(dir);
                    }
                }
            }
            // Children before their directory, which goes only once empty;
            // a directory's entries together, in one walk to it.
            let mut names: Vec<&str> = Vec::new();
            for (parent, files) in package.dir_runs().rev() {
                for path in files.iter().rev().map(PackageFile::path) {
                    if owned.contains(path) || (!purge && path.starts_with("/etc/")) {
                        continue;
                    }
                    match split_parent(path).1 {
                        "" | "." | ".." => {
                            remove_unused(fs, parent, &mut names);
                            let _ = fs.remove_if(path, unused);
                        }
                        name => names.push(name),
                    }
                }
                remove_unused(fs, parent, &mut names);
            }
            log.push_str(&format!(
                "{LOG_TIME} remove {name}:amd64 {} <none>\n",
                package.version
            ));
        } else {
            let _ = fs.remove(&format!("/usr/share/{name}"));
        }
        for suffix in ["list", "md5sums"] {
            let _ = fs.remove(&format!("{INFO}/{name}.{suffix}"));
        }
    }
    // dpkg removes the directories it made that are empty now, deepest
    // first.
    for dir in emptied.iter().rev() {
        let _ = fs.remove_if(
            dir,
            |node| matches!(node, Node::Dir(d) if d.entries.is_empty()),
        );
    }
    let status = fs
        .read(STATUS)
        .ok()
        .and_then(|c| c.as_text())
        .unwrap_or_default()
        .to_string();
    let kept: Vec<&str> = stanzas(&status)
        .filter(|s| field(s, "Package").is_none_or(|p| !names.contains(p)))
        .collect();
    let mut text = kept.join("\n\n");
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    write_text(fs, STATUS, &text.replace("\n\n\n", "\n\n"), mtime);
    write_text(fs, DPKG_LOG, &log, mtime);
    let auto = auto_installed(fs);
    let remaining: Vec<&String> = auto.iter().filter(|n| !names.contains(*n)).collect();
    write_extended_states(fs, &remaining, mtime);
}

/// The directories above a path, nearest first, up to (not including)
/// the root's children.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = path;
    std::iter::from_fn(move || {
        rest = &rest[..rest.rfind('/')?];
        // A slash after the first: not the root nor one of its children.
        (rest.rfind('/')? > 0).then_some(rest)
    })
}

/// What unpacking a package wrote.
#[derive(Debug, Default)]
pub struct Unpacked {
    /// Whether it brought shared libraries.
    pub libraries: bool,
    /// The sizes of its info/NAME.list (a line a path) and NAME.md5sums
    /// (a line a regular file), as dpkg writes them.
    list_bytes: u64,
    sums_bytes: u64,
}

/// The C library a distribution's packages are built against: its
/// programs need that loader and library in the image they run in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Libc {
    Glibc,
    Musl,
}

impl Libc {
    /// How a package's program links: dynamically, to this C library.
    pub fn linkage(self) -> crate::engine::content::Linkage {
        let (interpreter, library) = match self {
            Libc::Glibc => ("/lib64/ld-linux-x86-64.so.2", "libc.so.6"),
            Libc::Musl => ("/lib/ld-musl-x86_64.so.1", "libc.musl-x86_64.so.1"),
        };
        crate::engine::content::Linkage::Dynamic {
            interpreter: interpreter.into(),
            libraries: vec![library.into()],
        }
    }
}

/// Whether a package's file is a compiled program: executable, in a
/// directory of programs, and not a library or a script by its name.
fn is_program(path: &str, mode: u32) -> bool {
    let (dir, name) = split_parent(path);
    mode & 0o111 != 0
        && matches!(
            dir,
            "/bin" | "/sbin" | "/usr/bin" | "/usr/sbin" | "/usr/local/bin" | "/usr/local/sbin"
        )
        && !name.contains(".so")
        && ![".sh", ".py", ".pl", ".rb", ".js"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Writes a package's files (but those `filter` excludes); its programs
/// are linked against `libc`.
pub fn unpack(
    fs: &mut Filesystem,
    package: &Package,
    filter: &PathFilter,
    mtime: u64,
    libc: Libc,
) -> Unpacked {
    let mut done = Unpacked::default();
    let identity = format!("deb:{}:{}", package.name, package.version);
    let mut blob_identity = String::new();
    // The parent made last: a package lists a directory's files together,
    // so they are put in a batch, in one walk to their directory.
    let mut made: Option<&str> = None;
    let mut batch = Batch::default();
    for file in &package.files {
        let path = file.path();
        if filter.excludes(path) {
            continue;
        }
        done.list_bytes += path.len() as u64 + 1;
        if matches!(file, PackageFile::File { .. }) {
            // `<32 hex digits>  path-without-leading-slash\n`
            done.sums_bytes += 32 + 2 + path.len() as u64;
        }
        let parent = split_parent(path).0;
        if made != Some(parent) {
            batch.put_all(fs);
            let _ = fs.mkdir_all(parent, Meta::dir().at(mtime));
            made = Some(parent);
        }
        match file {
            PackageFile::Dir { mode, owner, .. } => {
                batch.put_all(fs);
                let _ = fs.mkdir_all(path, Meta::dir().at(mtime));
                let meta = Meta::new(*mode, owner.0, owner.1).at(mtime);
                let _ = fs.set_meta(path, true, |m| *m = meta);
            }
            PackageFile::File {
                mode, size, owner, ..
            } => {
                done.libraries = done.libraries || path.contains(".so");
                blob_identity.clear();
                blob_identity.push_str(&identity);
                blob_identity.push(':');
                blob_identity.push_str(path);
                let content = if is_program(path, *mode) {
                    Content::program(
                        *size,
                        &blob_identity,
                        crate::engine::content::Executable::new("c", libc.linkage()),
                    )
                } else {
                    Content::blob(*size, &blob_identity)
                };
                let node = Node::file(content, Meta::new(*mode, owner.0, owner.1).at(mtime));
                batch.put(fs, path, node);
            }
            PackageFile::Symlink { target, .. } => {
                batch.put(fs, path, Node::symlink(target, Meta::symlink().at(mtime)));
            }
            PackageFile::Hardlink { target, .. } => {
                batch.put_all(fs);
                if let Ok((_, node)) = fs.lookup(target, false).map(|(c, n)| (c, n.clone())) {
                    replace(fs, path, node);
                }
            }
        }
    }
    batch.put_all(fs);
    done
}

/// Files and links for one directory, put there in one walk (each as
/// [`replace`] would: over a file or link, never over a directory).
#[derive(Default)]
struct Batch<'a> {
    parent: &'a str,
    entries: Vec<(&'a str, Node)>,
}

impl<'a> Batch<'a> {
    fn put(&mut self, fs: &mut Filesystem, path: &'a str, node: Node) {
        let (parent, name) = split_parent(path);
        if matches!(name, "" | "." | "..") {
            self.put_all(fs);
            replace(fs, path, node);
            return;
        }
        if parent != self.parent {
            self.put_all(fs);
            self.parent = parent;
        }
        self.entries.push((name, node));
    }

    fn put_all(&mut self, fs: &mut Filesystem) {
        if self.entries.is_empty() {
            return;
        }
        let entries = std::mem::take(&mut self.entries);
        let _ = fs.with_dir(self.parent, |dir| {
            for (name, node) in entries {
                if !matches!(dir.entries.get(name), Some(Node::Dir(_))) {
                    dir.entries.insert(name.to_string(), node);
                }
            }
        });
    }
}

/// Whether dpkg removes `node`: anything but a directory still holding
/// something.
fn unused(node: &Node) -> bool {
    match node {
        Node::Dir(d) => d.entries.is_empty(),
        _ => true,
    }
}

/// Removes the `names` of directory `parent` that are [`unused`].
fn remove_unused(fs: &mut Filesystem, parent: &str, names: &mut Vec<&str>) {
    if names.is_empty() {
        return;
    }
    // Written (so copied, when shared) only when something goes.
    let dir = match fs.resolve(parent, true) {
        Ok(canonical) if canonical == "/" => Some(fs.root()),
        Ok(canonical) => fs.get(&canonical).and_then(Node::as_dir),
        Err(_) => None,
    };
    if !dir.is_some_and(|d| names.iter().any(|n| d.entries.get(*n).is_some_and(unused))) {
        names.clear();
        return;
    }
    let _ = fs.with_dir(parent, |dir| {
        for name in names.iter() {
            // One lookup: a directory still holding something (rare) goes
            // back.
            if let Some(node) = dir.entries.remove(*name) {
                if !unused(&node) {
                    dir.entries.insert(name.to_string(), node);
                }
            }
        }
    });
    names.clear();
}

/// Puts `node` at `path`, over a file or link (never over a directory).
fn replace(fs: &mut Filesystem, path: &str, node: Node) {
    let _ = fs.put_unless_dir(path, node);
}

/// /var/lib/dpkg/info/NAME.list and NAME.md5sums, of what `unpacked`
/// says was written.
fn write_info(fs: &mut Filesystem, package: &Package, unpacked: &Unpacked, mtime: u64) {
    let _ = fs.mkdir_all(INFO, Meta::dir());
    for (suffix, size) in [
        ("list", unpacked.list_bytes),
        ("md5sums", unpacked.sums_bytes),
    ] {
        let path = format!("{INFO}/{}.{suffix}", package.name);
        replace(
            fs,
            &path,
            Node::file(
                Content::blob(size, &format!("{path}:{}", package.version)),
                Meta::file().at(mtime),
            ),
        );
    }
}

fn status_stanza(package: &Package) -> String {
    let mut text = format!(
        "Package: {}\nStatus: install ok installed\nPriority: {}\nSection: {}\nInstalled-Size: {}\nMaintainer: Debian <debian-devel@lists.debian.org>\nArchitecture: amd64\nVersion: {}\n",
        package.name, package.priority, package.section, package.installed_kb, package.version
    );
    if package.essential {
        text.push_str("Essential: yes\n");
    }
    if !package.provides.is_empty() {
        text.push_str(&format!("Provides: {}\n", package.provides.join(", ")));
    }
    if !package.depends.is_empty() {
        let groups: Vec<String> = package.depends.iter().map(|g| g.join(" | ")).collect();
        text.push_str(&format!("Depends: {}\n", groups.join(", ")));
    }
    text.push_str(&format!(
        "Description: {} (Debian bookworm)\n",
        package.name
    ));
    text
}

fn mark_auto<'a>(fs: &mut Filesystem, names: impl Iterator<Item = &'a String>, mtime: u64) {
    let mut auto: Vec<String> = auto_installed(fs).into_iter().collect();
    auto.extend(names.cloned());
    auto.sort();
    auto.dedup();
    let refs: Vec<&String> = auto.iter().collect();
    write_extended_states(fs, &refs, mtime);
}

fn write_extended_states(fs: &mut Filesystem, auto: &[&String], mtime: u64) {
    let text: String = auto
        .iter()
        .map(|n| format!("Package: {n}\nArchitecture: amd64\nAuto-Installed: 1\n\n"))
        .collect();
    if text.is_empty() && fs.read(EXTENDED_STATES).is_err() {
        return;
    }
    write_text(fs, EXTENDED_STATES, &text, mtime);
}

/// Appends apt's record of a command to history.log and term.log.
pub fn log_history(fs: &mut Filesystem, command: &str, installed: &[String], mtime: u64) {
    let mut history = text_of(fs, HISTORY_LOG);
    let list: Vec<String> = installed.iter().map(|n| format!("{n}:amd64")).collect();
    history.push_str(&format!(
        "\nStart-Date: {LOG_TIME}\nCommandline: {command}\nInstall: {}\nEnd-Date: {LOG_TIME}\n",
        list.join(", ")
    ));
    write_text(fs, HISTORY_LOG, &history, mtime);
    let term = fs.read(TERM_LOG).map_or(0, |c| c.size()) + 400 * installed.len() as u64 + 200;
    let _ = fs.mkdir_all("/var/log/apt", Meta::dir());
    let _ = fs.put(
        TERM_LOG,
        Node::file(
            Content::blob(term, &format!("term.log:{mtime}")),
            Meta::new(0o640, 0, 4).at(mtime),
        ),
    );
}

fn text_of(fs: &Filesystem, path: &str) -> String {
    fs.read(path)
        .ok()
        .and_then(|c| c.as_text())
        .unwrap_or_default()
        .to_string()
}

fn write_text(fs: &mut Filesystem, path: &str, text: &str, mtime: u64) {
    let _ = fs.mkdir_all(split_parent(path).0, Meta::dir());
    let meta = fs
        .lookup(path, true)
        .ok()
        .map(|(_, n)| n.meta())
        .unwrap_or_else(Meta::file);
    let _ = fs.remove(path);
    let _ = fs.put(path, Node::file(Content::text(text), meta.at(mtime)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::data::{DataStore, Lacking};
    use crate::engine::catalog::package_archive::debian_bookworm;

    fn base() -> Filesystem {
        let archive = debian_bookworm(&DataStore::new(), &Lacking::default());
        let mut fs = Filesystem::new();
        for (link, target) in [
            ("/bin", "usr/bin"),
            ("/sbin", "usr/sbin"),
            ("/lib", "usr/lib"),
        ] {
            fs.mkdir_all(&format!("/{target}"), Meta::dir()).unwrap();
            fs.put(link, Node::symlink(target, Meta::symlink()))
                .unwrap();
        }
        install(&mut fs, &archive, &archive.base, &BTreeSet::new(), 0);
        fs
    }

    #[test]
    fn the_base_set_installs_through_the_merged_usr() {
        let fs = base();
        assert!(fs.exists("/usr/bin/dash"));
        assert_eq!(
            installed(&fs).len(),
            debian_bookworm(&DataStore::new(), &Lacking::default())
                .base
                .len()
        );
        let (_, bytes) = fs.totals();
        assert!((100e6..130e6).contains(&(bytes as f64)), "{bytes}");
    }

    #[test]
    fn installs_record_status_logs_and_auto_marks() {
        let mut fs = base();
        let archive = debian_bookworm(&DataStore::new(), &Lacking::default());
        let names: Vec<String> = archive
            .resolve(&["curl".into()], false, &installed(&fs))
            .unwrap();
        let auto: BTreeSet<String> = names.iter().filter(|n| *n != "curl").cloned().collect();
        install(&mut fs, &archive, &names, &auto, 5);
        assert!(installed(&fs).contains("curl"));
        assert!(fs.exists("/usr/bin/curl"));
        assert!(fs.exists("/var/lib/dpkg/info/curl.list"));
        assert!(auto_installed(&fs).contains("libcurl4"));
        assert!(!auto_installed(&fs).contains("curl"));
        assert!(text_of(&fs, DPKG_LOG).contains("status installed curl:amd64"));
        let remove_set: BTreeSet<String> = ["curl".to_string()].into();
        remove(&mut fs, &archive, &remove_set, false, 6);
        assert!(!fs.exists("/usr/bin/curl"));
        assert!(!installed(&fs).contains("curl"));
        assert!(installed(&fs).contains("libcurl4"));
    }

    #[test]
    fn a_purge_takes_back_what_the_install_unpacked() {
        let mut fs = base();
        let archive = debian_bookworm(&DataStore::new(), &Lacking::default());
        let paths = |fs: &Filesystem| -> BTreeSet<String> {
            fs.walk_under("/")
                .into_iter()
                .map(|(path, _)| path)
                .filter(|p| !p.starts_with("var/lib/dpkg") && !p.starts_with("var/log"))
                .collect()
        };
        let before = paths(&fs);
        let names: Vec<String> = archive
            .resolve(&["gcc".into(), "curl".into()], false, &installed(&fs))
            .unwrap();
        install(&mut fs, &archive, &names, &BTreeSet::new(), 5);
        let with = paths(&fs);
        assert!(
            with.len() > before.len() + 500,
            "{} {}",
            before.len(),
            with.len()
        );
        // Files in a directory the base has too, in one that only the
        // install made, and a directory shared with a package that stays.
        assert!(fs.exists("/usr/bin/gcc-12"));
        assert!(fs.exists("/usr/lib/gcc/x86_64-linux-gnu/12/cc1"));
        assert!(before.contains("usr/lib/x86_64-linux-gnu"));
        let purged: BTreeSet<String> = names.into_iter().collect();
        remove(&mut fs, &archive, &purged, true, 6);
        let after = paths(&fs);
        let left: Vec<&String> = after.difference(&before).collect();
        let lost: Vec<&String> = before.difference(&after).collect();
        assert!(left.is_empty(), "{left:?}");
        assert!(lost.is_empty(), "{lost:?}");
    }

    #[test]
    fn stanzas_are_split_at_blank_lines() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\nb",
            "a\n\nb",
            "a\n\n\nb\n",
            "a\n\n\n\nb\n\n",
            "\n\na\nb\n\n c\n\n\n",
            "Package: x\nStatus: y\n\nPackage: z\n",
        ] {
            let split: Vec<&str> = text
                .split("\n\n")
                .filter(|s| !s.trim().is_empty())
                .collect();
            assert_eq!(stanzas(text).collect::<Vec<_>>(), split, "{text:?}");
        }
    }

    #[test]
    fn ancestors_stop_above_the_root_s_children() {
        let all = |path| ancestors(path).collect::<Vec<_>>();
        assert_eq!(all("/usr/lib/x/libx.so"), ["/usr/lib/x", "/usr/lib"]);
        assert_eq!(all("/usr/lib/"), ["/usr/lib"]);
        assert!(all("/usr/bin").is_empty());
        assert!(all("/usr").is_empty());
        assert!(all("/").is_empty());
        assert!(all("usr/bin").is_empty());
    }

    #[test]
    fn path_filters_keep_docs_out_of_slim_images() {
        let mut fs = Filesystem::new();
        fs.mkdir_all("/etc/dpkg/dpkg.cfg.d", Meta::dir()).unwrap();
        fs.write_file(
            "/etc/dpkg/dpkg.cfg.d/docker",
            Content::text("path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude=/usr/share/man/*\n"),
            Meta::file(),
        )
        .unwrap();
        let filter = PathFilter::read(&fs);
        assert!(filter.excludes("/usr/share/doc/curl/changelog.gz"));
        assert!(!filter.excludes("/usr/share/doc/curl/copyright"));
        assert!(filter.excludes("/usr/share/man/man1/curl.1.gz"));
        assert!(!filter.excludes("/usr/bin/curl"));
    }
}
