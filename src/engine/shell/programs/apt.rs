//! `apt-get` and `apt`: update, install, remove, purge, autoremove, clean
//! and upgrade over the image's dpkg database, from the release's archive
//! (catalog/apt/). What it leaves is what the real one leaves: the lists
//! in /var/lib/apt/lists until removed, dpkg's records and logs, and the
//! .deb files unless the image's docker-clean setting removes them.

use std::collections::BTreeSet;

use crate::engine::catalog::dpkg;
use crate::engine::catalog::package_archive::{self, PackageArchive, Unresolvable};
use crate::engine::content::Content;
use crate::engine::vfs::{Meta, Node};

use super::super::cost;
use super::super::state::{Io, Shell};

const LISTS: &str = "/var/lib/apt/lists";
const ARCHIVES: &str = "/var/cache/apt/archives";
const DOCKER_CLEAN: &str = "/etc/apt/apt.conf.d/docker-clean";

/// The parsed command line.
#[derive(Default)]
struct Request {
    command: String,
    packages: Vec<String>,
    yes: bool,
    recommends: bool,
    purge: bool,
    /// `--auto-remove`: remove and purge also take the dependencies
    /// nothing needs any more.
    auto_remove: bool,
    quiet: u32,
}

fn parse(args: &[String]) -> Result<Request, String> {
    let mut request = Request {
        recommends: true,
        ..Request::default()
    };
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-y" | "--yes" | "--assume-yes" | "--force-yes" => request.yes = true,
            "-q" | "--quiet" => request.quiet += 1,
            "-qq" => request.quiet += 2,
            "--no-install-recommends" => request.recommends = false,
            "--install-recommends" => request.recommends = true,
            "--purge" => request.purge = true,
            "--auto-remove" | "--autoremove" => request.auto_remove = true,
            "-o" | "-c" | "-t" | "--target-release" => {
                if let Some(value) = rest.next() {
                    apply_option(&mut request, value);
                }
            }
            a if a.starts_with("-o") => apply_option(&mut request, &a[2..]),
            a if a.starts_with("--option=") => apply_option(&mut request, &a[9..]),
            a if a.starts_with("--") => {
                if !known_long_option(a) {
                    return Err(format!(
                        "Command line option {a} is not understood in combination with the other options"
                    ));
                }
            }
            a if a.starts_with('-') && a.len() > 1 => {
                for c in a[1..].chars() {
                    match c {
                        'y' => request.yes = true,
                        'q' => request.quiet += 1,
                        'f' | 'm' | 'V' | 'u' | 's' | 'd' | 'b' => {}
                        other => return Err(format!("Command line option '{other}' [from {a}] is not understood in combination with the other options.")),
                    }
                }
            }
            a if request.command.is_empty() => request.command = a.to_string(),
            a => request.packages.push(a.to_string()),
        }
    }
    if request.quiet >= 2 {
        // -qq implies -y.
        request.yes = true;
    }
    Ok(request)
}

/// apt-get's long options (a boolean one also as `--no-NAME`); any other
/// stops apt-get before it does anything, as a typo does in Docker.
fn known_long_option(arg: &str) -> bool {
    const KNOWN: &[&str] = &[
        "allow-change-held-packages",
        "allow-downgrades",
        "allow-releaseinfo-change",
        "allow-remove-essential",
        "allow-unauthenticated",
        "arch-only",
        "assume-no",
        "assume-yes",
        "auto-remove",
        "autoremove",
        "build",
        "compile",
        "config-file",
        "default-release",
        "download-only",
        "dry-run",
        "fix-broken",
        "fix-missing",
        "force-yes",
        "help",
        "host-architecture",
        "ignore-hold",
        "ignore-missing",
        "indep-only",
        "install-recommends",
        "install-suggests",
        "just-print",
        "list-cleanup",
        "mark-auto",
        "no-act",
        "only-source",
        "only-upgrade",
        "option",
        "print-uris",
        "purge",
        "quiet",
        "recon",
        "reinstall",
        "show-progress",
        "show-upgraded",
        "simulate",
        "target-release",
        "trivial-only",
        "upgrade",
        "verbose-versions",
        "version",
        "with-new-pkgs",
        "yes",
        "download",
        "remove",
        "allow-insecure-repositories",
        "update",
    ];
    let name = arg.trim_start_matches('-');
    let name = name.split_once('=').map_or(name, |(n, _)| n);
    // `--` alone ends the options.
    name.is_empty()
        || KNOWN.contains(&name)
        || name.strip_prefix("no-").is_some_and(|n| KNOWN.contains(&n))
}

fn apply_option(request: &mut Request, option: &str) {
    let (key, value) = option.split_once('=').unwrap_or((option, ""));
    let on = matches!(value.to_lowercase().as_str(), "1" | "true" | "yes");
    match key.to_lowercase().as_str() {
        "apt::get::assume-yes" => request.yes = on,
        "apt::install-recommends" => request.recommends = on,
        "apt::get::automaticremove" => request.auto_remove = on,
        _ => {}
    }
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let apt = args[0] == "apt";
    if apt {
        io.err(
            "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n",
        );
    }
    let request = match parse(args) {
        Ok(r) => r,
        Err(message) => {
            io.err(&format!("E: {message}\n"));
            return 100;
        }
    };
    let needs_root = !matches!(request.command.as_str(), "" | "help" | "--help" | "-h");
    if needs_root && shell.uid != 0 {
        if request.command == "update" || request.command == "clean" {
            io.err("E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n");
        } else {
            io.err("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n");
        }
        return 100;
    }
    let os_release = shell
        .fs
        .read("/etc/os-release")
        .ok()
        .and_then(|c| c.as_text())
        .unwrap_or_default()
        .to_string();
    let Some(archive) =
        package_archive::for_release(&os_release, shell.catalog.data(), &shell.lacking)
    else {
        shell.note(format!(
            "{}: Stagecraft has package data for Debian bookworm only; assumed to succeed with no file changes",
            args.join(" ")
        ));
        return 0;
    };
    let archive: &PackageArchive = &archive;
    if os_release.lines().any(|l| l == "ID=ubuntu") && request.command == "install" {
        shell.note(
            "apt-get: Stagecraft has no Ubuntu package data; Debian bookworm's packages stand in (names and sizes are close, versions differ)".to_string(),
        );
    }
    match request.command.as_str() {
        "update" => update(shell, archive, &request, io),
        "install" | "reinstall" => install(shell, archive, &request, args, io),
        "remove" | "purge" => {
            let purge = request.purge || request.command == "purge";
            let status = remove(shell, archive, &request, purge, io);
            if status != 0 || !request.auto_remove {
                return status;
            }
            autoremove(shell, archive, purge, io)
        }
        "autoremove" | "autopurge" => {
            let purge = request.purge || request.command == "autopurge";
            autoremove(shell, archive, purge, io)
        }
        "clean" | "autoclean" => {
            clean(shell);
            0
        }
        "upgrade" | "dist-upgrade" | "full-upgrade" => {
            reading(io, request.quiet);
            io.out("Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
            0
        }
        "" => {
            io.err("E: No operation specified\n");
            100
        }
        other => {
            io.err(&format!("E: Invalid operation {other}\n"));
            100
        }
    }
}

fn reading(io: &mut Io, quiet: u32) {
    if quiet < 2 {
        io.out(
            "Reading package lists...\nBuilding dependency tree...\nReading state information...\n",
        );
    }
}

fn update(shell: &mut Shell, archive: &PackageArchive, request: &Request, io: &mut Io) -> i32 {
    let clock = shell.clock;
    let _ = shell.fs.mkdir_all(LISTS, Meta::dir().at(clock));
    let _ = shell.fs.mkdir_all(
        &format!("{LISTS}/partial"),
        Meta::new(0o700, 42, 0).at(clock),
    );
    let mut fetched = 0;
    for (i, (name, size)) in archive.lists.iter().enumerate() {
        let path = format!("{LISTS}/{name}");
        let _ = shell.fs.remove(&path);
        let _ = shell.fs.put(
            &path,
            Node::file(
                Content::blob(*size, &format!("apt-list:{name}")),
                Meta::file().at(clock),
            ),
        );
        fetched += size;
        if request.quiet == 0 {
            io.out(&format!(
                "Get:{} {} [{}]\n",
                i + 1,
                list_url(name),
                kilobytes(*size)
            ));
        }
    }
    let lock = format!("{LISTS}/lock");
    let _ = shell.fs.remove(&lock);
    let _ = shell.fs.put(
        &lock,
        Node::file(Content::empty(), Meta::new(0o640, 0, 0).at(clock)),
    );
    if !shell.fs.exists(DOCKER_CLEAN) {
        // Without docker-clean, apt keeps its binary caches.
        for (name, share) in [("pkgcache.bin", 55), ("srcpkgcache.bin", 50)] {
            let size = fetched * share / 100;
            let _ = shell.fs.put(
                &format!("/var/cache/apt/{name}"),
                Node::file(
                    Content::blob(size, &format!("{name}:{clock}")),
                    Meta::file().at(clock),
                ),
            );
        }
    }
    shell.work += cost::APT_UPDATE + cost::download(fetched);
    if request.quiet == 0 {
        io.out(&format!("Fetched {} in 1s\n", kilobytes(fetched)));
    }
    if request.quiet < 2 {
        io.out("Reading package lists...\n");
    }
    0
}

/// `deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4`
/// -> `http://deb.debian.org/debian bookworm/main amd64 Packages`.
fn list_url(name: &str) -> String {
    let (site, rest) = name.split_once("_dists_").unwrap_or((name, ""));
    let site = site.replacen('_', "/", 1);
    let suite = rest.split('_').next().unwrap_or_default();
    if rest.ends_with("InRelease") {
        format!("http://{site} {suite} InRelease")
    } else {
        format!("http://{site} {suite}/main amd64 Packages")
    }
}

/// Sizes as apt's SizeToStr prints them: `512 B`, `55.4 kB`, `8793 kB`,
/// `18.8 MB`.
fn kilobytes(bytes: u64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"];
    let mut size = bytes as f64;
    for (i, unit) in units.iter().enumerate() {
        let unit = if i == 0 { "B" } else { unit };
        if size < 100.0 && i != 0 {
            return format!("{size:.1} {unit}");
        }
        if size < 10_000.0 {
            return format!("{size:.0} {unit}");
        }
        size /= 1000.0;
    }
    format!("{size:.0} PB")
}

fn lists_present(shell: &Shell) -> bool {
    shell
        .fs
        .walk_under(LISTS)
        .iter()
        .any(|(path, _)| path.contains("_Packages"))
}

/// `name`, `name=version`, `name/release`, `name:amd64`.
fn package_name(arg: &str) -> &str {
    let end = arg.find(['=', '/']).unwrap_or(arg.len());
    arg[..end].trim_end_matches(":amd64")
}

fn install(
    shell: &mut Shell,
    archive: &PackageArchive,
    request: &Request,
    args: &[String],
    io: &mut Io,
) -> i32 {
    reading(io, request.quiet);
    let installed = dpkg::installed(shell.fs);
    let lists = lists_present(shell);
    let Some(wanted) = wanted_packages(archive, request, &installed, lists, io) else {
        return 100;
    };
    let order = match archive.resolve(&wanted, request.recommends, &installed) {
        Ok(order) => order,
        Err(Unresolvable::Unknown(name) | Unresolvable::Virtual(name, _)) => {
            io.err(&format!("E: Unable to locate package {name}\n"));
            return 100;
        }
    };
    if order.is_empty() {
        io.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        return 0;
    }
    let extra: Vec<&String> = order.iter().filter(|n| !wanted.contains(n)).collect();
    let mut new_sorted = order.clone();
    new_sorted.sort();
    if request.quiet < 2 {
        if !extra.is_empty() {
            let mut extra_sorted: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
            extra_sorted.sort();
            io.out("The following additional packages will be installed:\n");
            io.out(&wrap(&extra_sorted));
        }
        io.out("The following NEW packages will be installed:\n");
        io.out(&wrap(&new_sorted));
    }
    let download: u64 = order
        .iter()
        .filter_map(|n| archive.package(n))
        .map(|p| p.deb_size)
        .sum();
    let kb: u64 = order
        .iter()
        .map(|n| {
            archive
                .package(n)
                .map_or_else(|| archive.size_only(n).unwrap_or(0), |p| p.installed_kb)
        })
        .sum();
    io.out(&format!(
        "0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.\nNeed to get {} of archives.\nAfter this operation, {} of additional disk space will be used.\n",
        order.len(),
        kilobytes(download),
        kilobytes(kb * 1024)
    ));
    if !extra.is_empty() && !request.yes {
        // No terminal to answer on: apt takes the silence as a no.
        io.out("Do you want to continue? [Y/n] Abort.\n");
        return 1;
    }
    shell.work += cost::packages(order.len(), download, kb * 1024);
    if request.quiet == 0 {
        for (i, name) in order.iter().enumerate() {
            if let Some(p) = archive.package(name) {
                io.out(&format!(
                    "Get:{} http://deb.debian.org/debian bookworm/main amd64 {name} amd64 {} [{}]\n",
                    i + 1,
                    p.version,
                    kilobytes(p.deb_size)
                ));
            }
        }
        io.out(&format!("Fetched {} in 1s\n", kilobytes(download)));
    }
    if !installed.contains("apt-utils") && !order.iter().any(|n| n == "apt-utils") {
        io.err("debconf: delaying package configuration, since apt-utils is not installed\n");
    }
    let auto: BTreeSet<String> = extra.iter().map(|s| s.to_string()).collect();
    let clock = shell.clock;
    let done = dpkg::install(shell.fs, archive, &order, &auto, clock);
    for name in &order {
        let version = archive
            .package(name)
            .map_or("unknown", |p| p.version.as_str());
        io.out(&format!(
            "Selecting previously unselected package {name}.\nUnpacking {name} ({version}) ...\n"
        ));
    }
    for name in &order {
        let version = archive
            .package(name)
            .map_or("unknown", |p| p.version.as_str());
        io.out(&format!("Setting up {name} ({version}) ...\n"));
    }
    for name in &done.estimated {
        shell.note(format!(
            "apt-get install {name}: its files are not in Stagecraft's package data; one placeholder file of its installed size stands in"
        ));
    }
    keep_debs(shell, archive, &order, clock);
    dpkg::log_history(shell.fs, &args.join(" "), &order, clock);
    0
}

/// The real packages the command names, each message apt prints for one
/// it cannot install; None when any could not be.
fn wanted_packages(
    archive: &PackageArchive,
    request: &Request,
    installed: &BTreeSet<String>,
    lists: bool,
    io: &mut Io,
) -> Option<Vec<String>> {
    let mut wanted = Vec::new();
    let mut failed = false;
    for arg in &request.packages {
        let name = package_name(arg);
        if installed.contains(name) {
            let version = archive.package(name).map_or("", |p| p.version.as_str());
            io.out(&format!(
                "{name} is already the newest version ({version}).\n"
            ));
            continue;
        }
        if !lists {
            io.err(&format!("E: Unable to locate package {name}\n"));
            failed = true;
            continue;
        }
        match archive.real_name(name) {
            Ok(real) => wanted.push(real),
            Err(Unresolvable::Unknown(_)) => {
                io.err(&format!("E: Unable to locate package {name}\n"));
                failed = true;
            }
            Err(Unresolvable::Virtual(_, providers)) => {
                io.out(&format!(
                    "Package {name} is a virtual package provided by:\n{}\nYou should explicitly select one to install.\n\n",
                    providers
                        .iter()
                        .map(|p| format!(
                            "  {p} {}",
                            archive.package(p).map_or("", |x| x.version.as_str())
                        ))
                        .collect::<Vec<_>>()
                        .join("\n")
                ));
                io.err(&format!(
                    "E: Package '{name}' has no installation candidate\n"
                ));
                failed = true;
            }
        }
    }
    (!failed).then_some(wanted)
}

/// Unless the image's docker-clean hook is there, the downloaded
/// packages stay in apt's cache.
fn keep_debs(shell: &mut Shell, archive: &PackageArchive, order: &[String], clock: u64) {
    if !shell.fs.exists(DOCKER_CLEAN) {
        let _ = shell.fs.mkdir_all(ARCHIVES, Meta::dir());
        for name in order {
            if let Some(p) = archive.package(name) {
                let file = format!(
                    "{ARCHIVES}/{name}_{}_amd64.deb",
                    p.version.replace(':', "%3a")
                );
                let _ = shell.fs.put(
                    &file,
                    Node::file(
                        Content::blob(p.deb_size, &format!("deb-file:{name}:{}", p.version)),
                        Meta::file().at(clock),
                    ),
                );
            }
        }
    }
}

/// apt's package lists: two spaces in, wrapped before 80 columns.
fn wrap(names: &[String]) -> String {
    let mut out = String::new();
    let mut line = String::from(" ");
    for name in names {
        if line.len() + 1 + name.len() > 79 && line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(name);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

fn remove(
    shell: &mut Shell,
    archive: &PackageArchive,
    request: &Request,
    purge: bool,
    io: &mut Io,
) -> i32 {
    reading(io, request.quiet);
    let installed = dpkg::installed(shell.fs);
    let mut names = BTreeSet::new();
    for arg in &request.packages {
        let name = package_name(arg);
        if installed.contains(name) {
            names.insert(name.to_string());
        } else if archive.real_name(name).is_ok() {
            io.out(&format!(
                "Package '{name}' is not installed, so not removed\n"
            ));
        } else {
            io.err(&format!("E: Unable to locate package {name}\n"));
            return 100;
        }
    }
    if names
        .iter()
        .any(|n| archive.package(n).is_some_and(|p| p.essential))
    {
        io.err("E: Removing essential system-critical packages is not permitted. This might break the system.\n");
        return 100;
    }
    finish_removal(shell, archive, &names, purge, request.yes, io)
}

fn finish_removal(
    shell: &mut Shell,
    archive: &PackageArchive,
    names: &BTreeSet<String>,
    purge: bool,
    yes: bool,
    io: &mut Io,
) -> i32 {
    if names.is_empty() {
        io.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        return 0;
    }
    let list: Vec<String> = names
        .iter()
        .map(|n| if purge { format!("{n}*") } else { n.clone() })
        .collect();
    io.out("The following packages will be REMOVED:\n");
    io.out(&wrap(&list));
    let kb: u64 = names
        .iter()
        .filter_map(|n| archive.package(n))
        .map(|p| p.installed_kb)
        .sum();
    io.out(&format!(
        "0 upgraded, 0 newly installed, {} to remove and 0 not upgraded.\nAfter this operation, {} disk space will be freed.\n",
        names.len(),
        kilobytes(kb * 1024)
    ));
    if !yes {
        io.out("Do you want to continue? [Y/n] Abort.\n");
        return 1;
    }
    let clock = shell.clock;
    dpkg::remove(shell.fs, archive, names, purge, clock);
    for name in names {
        let version = archive
            .package(name)
            .map_or("unknown", |p| p.version.as_str());
        io.out(&format!("Removing {name} ({version}) ...\n"));
    }
    0
}

/// Removes the packages installed as dependencies that nothing
/// installed by hand needs any more.
fn autoremove(shell: &mut Shell, archive: &PackageArchive, purge: bool, io: &mut Io) -> i32 {
    reading(io, 0);
    let installed = dpkg::installed(shell.fs);
    let auto = dpkg::auto_installed(shell.fs);
    let manual: Vec<String> = installed
        .iter()
        .filter(|n| !auto.contains(*n))
        .cloned()
        .collect();
    // Everything the manual packages need, Recommends included.
    let needed: BTreeSet<String> = archive
        .resolve(&manual, true, &BTreeSet::new())
        .unwrap_or_default()
        .into_iter()
        .collect();
    let unneeded: BTreeSet<String> = auto
        .iter()
        .filter(|n| installed.contains(*n) && !needed.contains(*n))
        .cloned()
        .collect();
    finish_removal(shell, archive, &unneeded, purge, true, io)
}

fn clean(shell: &mut Shell) {
    let debs: Vec<String> = shell
        .fs
        .walk_under(ARCHIVES)
        .into_iter()
        .map(|(p, _)| format!("{ARCHIVES}/{p}"))
        .filter(|p| p.ends_with(".deb"))
        .collect();
    for path in debs {
        let _ = shell.fs.remove(&path);
    }
    for name in ["pkgcache.bin", "srcpkgcache.bin"] {
        let _ = shell.fs.remove(&format!("/var/cache/apt/{name}"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::engine::catalog::dpkg;

    #[test]
    fn install_needs_the_lists_first() {
        let (fs, status, output) = debian("apt-get install -y curl");
        assert_eq!(status, 100);
        assert!(
            output.contains("E: Unable to locate package curl\n"),
            "{output}"
        );
        assert!(!dpkg::installed(&fs).contains("curl"));
        let (_, status, output) = debian("apt-get install -y bash");
        assert_eq!(status, 0, "{output}");
        assert!(
            output.contains("bash is already the newest version"),
            "{output}"
        );
    }

    #[test]
    fn update_and_install_leave_lists_and_records() {
        let (fs, status, output) = debian("apt-get update && apt-get install -y curl");
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/usr/bin/curl"));
        assert!(dpkg::installed(&fs).contains("libcurl4"));
        assert!(fs.exists(
            "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"
        ));
        assert!(output.contains("The following NEW packages will be installed:"));
        assert!(output.contains("Setting up curl (7.88.1"));
        // docker-clean: no .deb stays behind.
        assert!(!fs
            .walk_under("/var/cache/apt/archives")
            .iter()
            .any(|(p, _)| p.ends_with(".deb")));
    }

    #[test]
    fn without_docker_clean_the_debs_stay_until_cleaned() {
        let script = "rm /etc/apt/apt.conf.d/docker-clean && apt-get update -qq && apt-get install -y -qq make > /dev/null";
        let (fs, status, output) = debian(script);
        assert_eq!(status, 0, "{output}");
        let debs = |fs: &crate::engine::vfs::Filesystem| {
            fs.walk_under("/var/cache/apt/archives")
                .iter()
                .filter(|(p, _)| p.ends_with(".deb"))
                .count()
        };
        assert_eq!(debs(&fs), 1);
        assert!(fs.exists("/var/cache/apt/pkgcache.bin"));
        let (fs, status, _) = debian(&format!("{script} && apt-get clean"));
        assert_eq!(status, 0);
        assert_eq!(debs(&fs), 0);
        assert!(!fs.exists("/var/cache/apt/pkgcache.bin"));
    }

    #[test]
    fn without_yes_apt_asks_and_aborts() {
        let (fs, status, output) = debian("apt-get update -qq; apt-get install curl");
        assert_eq!(status, 1);
        assert!(
            output.ends_with("Do you want to continue? [Y/n] Abort.\n"),
            "{output}"
        );
        assert!(!fs.exists("/usr/bin/curl"));
    }

    #[test]
    fn unknown_packages_fail() {
        let (_, status, output) = debian("apt-get update -qq && apt-get install -y no-such-thing");
        assert_eq!(status, 100);
        assert!(
            output.contains("E: Unable to locate package no-such-thing"),
            "{output}"
        );
    }

    #[test]
    fn a_misspelt_long_option_stops_apt_get() {
        // The shell fuzz target's slow input: a typo that apt-get refuses
        // before installing anything.
        let (fs, status, output) =
            debian("apt-get update -qq && apt-get --no-install-reocmenmds install -y git");
        assert_eq!(status, 100);
        assert!(
            output.contains("E: Command line option --no-install-reocmenmds is not understood in combination with the other options"),
            "{output}"
        );
        assert!(!fs.exists("/usr/bin/git"));
        let (_, status, output) = debian(
            "apt-get update -qq && apt-get --no-install-recommends --no-install-suggests \
             --target-release=bookworm -o Dpkg::Use-Pty=0 install -y -qq curl",
        );
        assert_eq!(status, 0, "{output}");
    }

    #[test]
    fn remove_and_autoremove() {
        let (fs, status, output) = debian(
            "apt-get update -qq && apt-get install -y -qq --no-install-recommends curl && apt-get purge -y curl && apt-get autoremove -y",
        );
        assert_eq!(status, 0, "{output}");
        assert!(!fs.exists("/usr/bin/curl"));
        assert!(!dpkg::installed(&fs).contains("libcurl4"), "{output}");
        assert!(dpkg::installed(&fs).contains("bash"));
    }

    #[test]
    fn purge_with_auto_remove_takes_the_dependencies_too() {
        let (fs, status, output) = debian(
            "apt-get update -qq && apt-get install -y -qq --no-install-recommends curl && apt-get purge -y --auto-remove curl",
        );
        assert_eq!(status, 0, "{output}");
        assert!(!fs.exists("/usr/bin/curl"));
        assert!(!dpkg::installed(&fs).contains("libcurl4"), "{output}");
        assert!(dpkg::installed(&fs).contains("bash"));
    }
}
