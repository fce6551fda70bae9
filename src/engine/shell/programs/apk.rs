//! `apk`, Alpine's package manager: add (with --no-cache, --virtual,
//! --update), del, update, info and cache, over /lib/apk/db/installed
//! and /etc/apk/world, from the release's archive (catalog/apk/). Without
//! --no-cache the package indexes stay in /var/cache/apk.

use std::collections::BTreeSet;

use crate::engine::catalog::apk_db::{
    remove_empty_parents, summary, unpack_all, world, write_text, Db, CACHE, INSTALLED, WORLD,
};
use crate::engine::catalog::package_archive::{self, PackageArchive};
use crate::engine::content::Content;
use crate::engine::vfs::{Meta, Node};

use super::super::cost;
use super::super::state::{Io, Shell};

const MIRROR: &str = "https://dl-cdn.alpinelinux.org/alpine/v3.19";

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut command = String::new();
    let mut names = Vec::new();
    let mut no_cache = false;
    let mut update = false;
    let mut virtual_name = None;
    let mut quiet = false;
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--no-cache" => no_cache = true,
            "-U" | "--update-cache" | "--update" => update = true,
            "-t" | "--virtual" => virtual_name = rest.next().cloned(),
            a if a.starts_with("--virtual=") => virtual_name = Some(a[10..].to_string()),
            "-q" | "--quiet" => quiet = true,
            a if a.starts_with('-') => {}
            a if command.is_empty() => command = a.to_string(),
            a => names.push(a.to_string()),
        }
    }
    let writes = matches!(
        command.as_str(),
        "add" | "del" | "update" | "upgrade" | "fix"
    );
    if writes && shell.uid != 0 {
        io.err("ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n");
        return 99;
    }
    let os_release = shell
        .fs
        .read("/etc/os-release")
        .ok()
        .and_then(|c| c.as_text())
        .unwrap_or_default()
        .to_string();
    let archive = match package_archive::for_release(
        &os_release,
        shell.catalog.data(),
        &shell.lacking,
    ) {
        Some(a) if a.distribution.starts_with("alpine") => a,
        _ => {
            shell.note(format!(
                "{}: Stagecraft has apk package data for Alpine 3.19 only; assumed to succeed with no file changes",
                args.join(" ")
            ));
            return 0;
        }
    };
    let archive: &PackageArchive = &archive;
    let version = os_release
        .lines()
        .find_map(|l| l.strip_prefix("VERSION_ID="))
        .unwrap_or_default()
        .to_string();
    if !version.starts_with("3.19") && matches!(command.as_str(), "add" | "update") {
        shell.note(format!(
            "apk: Stagecraft has package data for Alpine 3.19; it stands in for Alpine {version} (versions and sizes may differ)"
        ));
    }
    match command.as_str() {
        "update" => {
            fetch_indexes(shell, archive, false, io);
            io.out(&format!(
                "v3.19.1-0-g0000000 [{MIRROR}/main]\nv3.19.1-0-g0000000 [{MIRROR}/community]\nOK: 22983 distinct packages available\n"
            ));
            0
        }
        "add" => {
            if update || !indexes_cached(shell, archive) {
                fetch_indexes(shell, archive, no_cache, io);
            }
            add(shell, archive, &names, virtual_name, quiet, io)
        }
        "del" => del(shell, archive, &names, io),
        "info" => {
            for name in Db::read(shell.fs).packages.keys() {
                io.out(&format!("{name}\n"));
            }
            0
        }
        "cache" => {
            if names.first().map(String::as_str) == Some("clean") {
                let cached: Vec<String> = shell
                    .fs
                    .walk_under(CACHE)
                    .into_iter()
                    .map(|(p, _)| format!("{CACHE}/{p}"))
                    .filter(|p| p.ends_with(".apk"))
                    .collect();
                for path in cached {
                    let _ = shell.fs.remove(&path);
                }
            }
            0
        }
        "upgrade" | "fix" => {
            io.out(&format!("OK: {}\n", summary(shell.fs, archive)));
            0
        }
        "" => {
            io.err("apk-tools 2.14.0, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n");
            1
        }
        other => {
            io.err(&format!("apk: applet '{other}' not found\n"));
            1
        }
    }
}

fn indexes_cached(shell: &Shell, archive: &PackageArchive) -> bool {
    archive
        .lists
        .iter()
        .all(|(name, _)| shell.fs.exists(&format!("{CACHE}/{name}")))
}

/// Fetches the main and community indexes; they stay in /var/cache/apk
/// unless --no-cache.
fn fetch_indexes(shell: &mut Shell, archive: &PackageArchive, no_cache: bool, io: &mut Io) {
    shell.work += cost::APK_UPDATE;
    for repository in ["main", "community"] {
        io.out(&format!(
            "fetch {MIRROR}/{repository}/x86_64/APKINDEX.tar.gz\n"
        ));
    }
    if no_cache {
        return;
    }
    let clock = shell.clock;
    let _ = shell.fs.mkdir_all(CACHE, Meta::dir());
    for (name, size) in &archive.lists {
        let path = format!("{CACHE}/{name}");
        let _ = shell.fs.remove(&path);
        let _ = shell.fs.put(
            &path,
            Node::file(
                Content::blob(*size, &format!("apkindex:{name}")),
                Meta::file().at(clock),
            ),
        );
    }
}

/// A package name as apk reads one: letters, digits and `._+-`, not
/// starting with a sign (a path, a space or nothing is no name).
fn valid_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'))
        && !name.contains("..")
}

/// Package names Alpine dropped (apk fails on them, as it does): Python 2
/// and its pip.
const REMOVED: &[&str] = &["python", "python2", "python2-dev", "py-pip", "py2-pip"];

/// Packages the Alpine data lacks, installed as estimates: each one
/// placeholder file of the median size of the packages the data has, and
/// a warning; their database records.
fn estimate(
    shell: &mut Shell,
    archive: &PackageArchive,
    names: &[String],
    quiet: bool,
    io: &mut Io,
) -> String {
    if names.is_empty() {
        return String::new();
    }
    let mut sizes: Vec<u64> = archive
        .names()
        .filter_map(|n| archive.package(n))
        .map(|p| p.installed_kb)
        .collect();
    sizes.sort_unstable();
    let kb = sizes.get(sizes.len() / 2).copied().unwrap_or(500);
    let mut text = String::new();
    for name in names {
        if !quiet {
            io.out(&format!("Installing {name} (estimated)\n"));
        }
        let path = format!("/usr/share/{name}/FILES-NOT-SIMULATED");
        super::common::write_file(
            shell,
            &path,
            Content::blob(kb * 1024, &format!("apk:{name}")),
            0o644,
        );
        text.push_str(&format!(
            "P:{name}\nV:0\nA:x86_64\nS:0\nI:{}\nT:not in Stagecraft's Alpine data\n\n",
            kb * 1024
        ));
    }
    shell.note(format!(
        "apk add {}: not in Stagecraft's Alpine data ({} packages of 3.19); one placeholder file of {} (the median package) stands in for each, and its real size may differ",
        names.join(" "),
        sizes.len(),
        crate::engine::image::human_size(kb * 1024)
    ));
    text
}

fn add(
    shell: &mut Shell,
    archive: &PackageArchive,
    names: &[String],
    virtual_name: Option<String>,
    quiet: bool,
    io: &mut Io,
) -> i32 {
    let db = Db::read(shell.fs);
    let installed: BTreeSet<String> = db.packages.keys().cloned().collect();
    // `name=1.2`, `name>1.2`, `name@edge` select by name here.
    let wanted: Vec<String> = names
        .iter()
        .map(|n| {
            n.split(['=', '<', '>', '~', '@'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    if let Some(bad) = names
        .iter()
        .zip(&wanted)
        .find(|(_, name)| !valid_name(name))
        .map(|(given, _)| given)
    {
        io.err(&format!(
            "ERROR: '{bad}' is not a valid world dependency, format is name(@tag)([<>~=]version)\n"
        ));
        return 1;
    }
    let unknown: Vec<&String> = wanted
        .iter()
        .filter(|n| archive.package(n).is_none() && !installed.contains(*n))
        .collect();
    // Names Alpine no longer has fail as apk fails; any other name the
    // data lacks is a real package Stagecraft has not measured.
    let gone: Vec<&&String> = unknown
        .iter()
        .filter(|n| REMOVED.contains(&n.as_str()))
        .collect();
    if !gone.is_empty() {
        io.err("ERROR: unable to select packages:\n");
        for name in gone {
            io.err(&format!(
                "  {name} (no such package):\n    required by: world[{name}]\n"
            ));
        }
        return 1;
    }
    let estimated: Vec<String> = unknown.into_iter().cloned().collect();
    let wanted: Vec<String> = wanted
        .into_iter()
        .filter(|n| !estimated.contains(n))
        .collect();
    let order = archive
        .resolve(&wanted, false, &installed)
        .unwrap_or_default();
    let total = order.len() + usize::from(virtual_name.is_some());
    let clock = shell.clock;
    let (fetched, unpacked) = order
        .iter()
        .filter_map(|n| archive.package(n))
        .fold((0, 0), |(f, u), p| {
            (f + p.deb_size, u + p.installed_kb * 1024)
        });
    shell.work += cost::packages(order.len(), fetched, unpacked);
    if !quiet {
        for (i, name) in order.iter().enumerate() {
            let version = archive.package(name).map_or("", |p| p.version.as_str());
            io.out(&format!(
                "({}/{total}) Installing {name} ({version})\n",
                i + 1
            ));
        }
    }
    let mut text = unpack_all(shell.fs, archive, &order, clock);
    text.push_str(&estimate(shell, archive, &estimated, quiet, io));
    let mut world = world(shell.fs);
    match &virtual_name {
        Some(v) => {
            let version = "20240101.000000";
            if !quiet {
                io.out(&format!("({total}/{total}) Installing {v} ({version})\n"));
            }
            text.push_str(&format!(
                "P:{v}\nV:{version}\nA:noarch\nS:0\nI:0\nT:virtual meta package\nD:{}\n\n",
                wanted.join(" ")
            ));
            world.insert(v.clone());
        }
        None => world.extend(wanted.iter().chain(&estimated).cloned()),
    }
    write_text(shell.fs, INSTALLED, &text, clock);
    let world_text: String = world.iter().map(|n| format!("{n}\n")).collect();
    write_text(shell.fs, WORLD, &world_text, clock);
    if !quiet && !order.is_empty() {
        io.out("Executing busybox-1.36.1-r15.trigger\n");
        if order.iter().any(|n| n == "ca-certificates") {
            io.out("Executing ca-certificates-20240226-r0.trigger\n");
        }
    }
    io.out(&format!("OK: {}\n", summary(shell.fs, archive)));
    0
}

fn del(shell: &mut Shell, archive: &PackageArchive, names: &[String], io: &mut Io) -> i32 {
    let mut world = world(shell.fs);
    for name in names {
        if !world.remove(name) {
            io.err(&format!(
                "WARNING: {name}: No such package in world, not removed\n"
            ));
        }
    }
    let db = Db::read(shell.fs);
    // Everything the world still needs, through dependencies.
    let mut needed = BTreeSet::new();
    let mut stack: Vec<String> = world.iter().cloned().collect();
    stack.extend(archive.base.iter().cloned());
    while let Some(name) = stack.pop() {
        if !needed.insert(name.clone()) {
            continue;
        }
        if let Some((_, deps)) = db.packages.get(&name) {
            stack.extend(deps.iter().cloned());
        }
        if let Some(p) = archive.package(&name) {
            stack.extend(p.depends.iter().filter_map(|g| g.first().cloned()));
        }
    }
    let gone: BTreeSet<String> = db
        .packages
        .keys()
        .filter(|n| !needed.contains(*n))
        .cloned()
        .collect();
    let clock = shell.clock;
    let total = gone.len();
    for (i, name) in gone.iter().enumerate() {
        let version = db.packages.get(name).map_or("", |(v, _)| v.as_str());
        io.out(&format!("({}/{total}) Purging {name} ({version})\n", i + 1));
        if let Some(package) = archive.package(name) {
            for file in package.files.iter().rev() {
                let _ = shell.fs.remove(file.path());
                remove_empty_parents(shell.fs, file.path());
            }
        }
    }
    let text = shell
        .fs
        .read(INSTALLED)
        .ok()
        .and_then(|c| c.as_text())
        .unwrap_or_default()
        .to_string();
    let kept: Vec<&str> = text
        .split("\n\n")
        .filter(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("P:"))
                .is_some_and(|p| !gone.contains(p))
        })
        .collect();
    let mut kept_text = kept.join("\n\n");
    kept_text.push_str("\n\n");
    write_text(shell.fs, INSTALLED, &kept_text, clock);
    let world_text: String = world.iter().map(|n| format!("{n}\n")).collect();
    write_text(shell.fs, WORLD, &world_text, clock);
    io.out(&format!("OK: {}\n", summary(shell.fs, archive)));
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::{Db, CACHE};

    #[test]
    fn add_keeps_the_index_unless_no_cache() {
        let (fs, status, output) = alpine("apk add curl");
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/usr/bin/curl"));
        assert!(output.contains("Installing libcurl (8.5.0-r0)"), "{output}");
        assert!(!fs.walk_under(CACHE).is_empty());
        assert!(Db::read(&fs).packages.contains_key("curl"));
        let (fs, status, _) = alpine("apk add --no-cache curl");
        assert_eq!(status, 0);
        assert!(fs.walk_under(CACHE).is_empty());
        assert!(super::world(&fs).contains("curl"));
    }

    #[test]
    fn virtual_packages_are_removed_together() {
        let (fs, status, output) =
            alpine("apk add --no-cache --virtual .build-deps gcc musl-dev && apk del .build-deps");
        assert_eq!(status, 0, "{output}");
        assert!(output.contains("Installing .build-deps"), "{output}");
        assert!(output.contains("Purging gcc"), "{output}");
        assert!(!fs.exists("/usr/bin/gcc"));
        assert!(!Db::read(&fs).packages.contains_key("musl-dev"));
        assert!(Db::read(&fs).packages.contains_key("musl"));
    }

    #[test]
    fn packages_the_data_lacks_are_estimated_with_a_warning() {
        let (fs, status, output, warnings) = super::super::test_support::run_in(
            "alpine:3.19",
            "apk add --no-cache build-base freetype-dev && apk info -e freetype-dev",
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/usr/share/freetype-dev/FILES-NOT-SIMULATED"));
        assert!(fs.exists("/usr/bin/gcc") && fs.exists("/usr/include/stdio.h"));
        assert!(super::world(&fs).contains("freetype-dev"));
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("apk add freetype-dev: not in Stagecraft's Alpine data")),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_name_that_is_no_package_name_is_refused_not_estimated() {
        for name in ["../../etc/evil", "'a b'", "''"] {
            let (fs, status, output) = alpine(&format!("apk add --no-cache {name}"));
            assert_eq!(status, 1, "{name}: {output}");
            assert!(
                output.contains("is not a valid world dependency"),
                "{output}"
            );
            assert!(fs.get("/etc/evil").is_none());
        }
    }

    #[test]
    fn unknown_packages_fail() {
        let (_, status, output) = alpine("apk add --no-cache python");
        assert_eq!(status, 1);
        assert!(
            output.contains("ERROR: unable to select packages:\n  python (no such package):\n    required by: world[python]"),
            "{output}"
        );
    }
}
