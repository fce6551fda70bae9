//! `tar -c|-x|-t [-z|-j|-J] [-v] -f ARCHIVE [-C DIR] [--strip-components=N] [PATH...]`

use crate::engine::archive::{self, EntryKind, TarEntry};
use crate::engine::content::{Content, Digester};
use crate::engine::vfs::{absolute, split_parent, Meta, Node};

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::{complain, write_file};
use super::download::{self, Item};

/// Unpacks a well-known download (its files by size) under `base`.
fn unpack_listed(
    shell: &mut Shell,
    base: &str,
    files: &[Item],
    strip: usize,
    (list, extract): (bool, bool),
    io: &mut Io,
) -> i32 {
    let bytes: u64 = files
        .iter()
        .map(|item| match item {
            Item::File(_, size) => *size,
            _ => 0,
        })
        .sum();
    shell.work += cost::unpack(bytes);
    for item in files {
        let (Item::File(path, _) | Item::Text(path, _) | Item::Link(path, _)) = *item;
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() <= strip {
            continue;
        }
        let relative = parts[strip..].join("/");
        if list {
            io.out(&format!("{relative}\n"));
        }
        if !extract {
            continue;
        }
        let full = absolute(base, &relative);
        let executable = relative.contains("bin/") || relative.contains("/tool/");
        let mode = if executable { 0o755 } else { 0o644 };
        match *item {
            Item::Link(_, target) => {
                let _ = shell
                    .fs
                    .mkdir_all(split_parent(&full).0, shell.new_meta(0o755));
                let _ = shell.fs.remove(&full);
                let _ = shell.fs.put(&full, Node::symlink(target, Meta::symlink()));
            }
            Item::Text(_, text) => write_file(shell, &full, Content::text(text), mode),
            Item::File(_, size) => write_file(
                shell,
                &full,
                Content::blob(size, &format!("archive:{path}")),
                mode,
            ),
        }
    }
    0
}

/// What a tar command line asks for.
#[derive(Clone)]
struct Request {
    mode: Option<char>,
    file: Option<String>,
    directory: Option<String>,
    compress: bool,
    verbose: bool,
    strip: usize,
    keep_owner: bool,
    paths: Vec<String>,
}

/// Reads tar's options: bundled letters (`-xzf`, or `xzf` first),
/// long options, and the paths.
fn request(shell: &Shell, args: &[String]) -> Request {
    let mut mode = None;
    let mut file: Option<String> = None;
    let mut directory: Option<String> = None;
    let mut compress = false;
    let mut verbose = false;
    let mut strip = 0usize;
    let mut keep_owner = shell.uid == 0;
    let mut paths = Vec::new();
    let mut rest = args[1..].iter().peekable();
    let mut first = true;
    while let Some(arg) = rest.next() {
        let letters: Option<&str> = if let Some(f) =
            arg.strip_prefix('-').filter(|f| !f.starts_with('-'))
        {
            Some(f)
        } else if first && !arg.starts_with('-') && arg.chars().all(|c| "cxtzjJvfCop".contains(c)) {
            Some(arg.as_str())
        } else {
            None
        };
        first = false;
        if let Some(letters) = letters {
            for c in letters.chars() {
                match c {
                    'c' | 'x' | 't' => mode = Some(c),
                    'z' | 'j' | 'J' => compress = true,
                    'v' => verbose = true,
                    'o' => keep_owner = false,
                    'f' => file = rest.next().cloned(),
                    'C' => directory = rest.next().cloned(),
                    _ => {}
                }
            }
            continue;
        }
        if let Some(n) = arg.strip_prefix("--strip-components=") {
            strip = n.parse().unwrap_or(0);
        } else if arg == "--no-same-owner" {
            keep_owner = false;
        } else if let Some(d) = arg.strip_prefix("--directory=") {
            directory = Some(d.to_string());
        } else if let Some(f) = arg.strip_prefix("--file=") {
            file = Some(f.to_string());
        } else if !arg.starts_with('-') {
            paths.push(arg.clone());
        }
    }
    Request {
        mode,
        file,
        directory,
        compress,
        verbose,
        strip,
        keep_owner,
        paths,
    }
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let request = request(shell, args);
    let directory = request.directory.clone();
    let base = shell.path(directory.as_deref().unwrap_or("."));
    match request.mode {
        Some('x') | Some('t') => unpack(shell, io, &request, &base),
        Some('c') => create(shell, io, &request, &base),
        _ => {
            complain(
                io,
                "tar",
                "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options",
            );
            2
        }
    }
}

/// `tar -x` and `tar -t`: an archive unpacked (or listed) under `base`.
fn unpack(shell: &mut Shell, io: &mut Io, request: &Request, base: &str) -> i32 {
    let Request {
        mode,
        file,
        verbose,
        strip,
        keep_owner,
        ..
    } = request.clone();
    let listed = match file.as_deref() {
        None | Some("-") => download::archive_files(None, &io.stdin),
        Some(f) => shell
            .fs
            .read(&shell.path(f))
            .ok()
            .and_then(|c| download::archive_files(Some(c), &[])),
    };
    if let Some(files) = listed {
        return unpack_listed(
            shell,
            base,
            files,
            strip,
            (mode == Some('t') || verbose, mode == Some('x')),
            io,
        );
    }
    let bytes = match file.as_deref() {
        None | Some("-") => std::mem::take(&mut io.stdin),
        Some(f) => match shell.fs.read(&shell.path(f)) {
            Ok(content) => match content.data() {
                Some(b) => b.to_vec(),
                None => {
                    shell.note(format!(
                        "tar: {f}: contents not simulated; nothing extracted"
                    ));
                    return 0;
                }
            },
            Err(_) => {
                complain(
                    io,
                    "tar",
                    &format!("{f}: Cannot open: No such file or directory"),
                );
                complain(io, "tar", "Error is not recoverable: exiting now");
                return 2;
            }
        },
    };
    let plain = match archive::decompress(&bytes) {
        Ok(plain) => plain,
        Err(_) => {
            complain(io, "tar", "This does not look like a tar archive");
            return 2;
        }
    };
    // Unpacking is work for each byte and each entry.
    if !shell.spend((plain.len() / crate::limits::SHELL_TEXT_PER_STEP) as u64) {
        return 2;
    }
    let entries = match archive::read_tar(&plain) {
        Ok(e) => e,
        Err(_) => {
            complain(io, "tar", "This does not look like a tar archive");
            return 2;
        }
    };
    if !shell.spend(entries.len() as u64) {
        return 2;
    }
    let entries: Vec<TarEntry> = entries
        .into_iter()
        .filter_map(|mut e| {
            let parts: Vec<&str> = e.path.split('/').filter(|p| !p.is_empty()).collect();
            if parts.len() <= strip {
                return None;
            }
            e.path = parts[strip..].join("/");
            Some(e)
        })
        .collect();
    if mode == Some('t') || verbose {
        for e in &entries {
            let slash = if matches!(e.kind, EntryKind::Dir) {
                "/"
            } else {
                ""
            };
            io.out(&format!("{}{slash}\n", e.path));
        }
    }
    if mode == Some('t') {
        return 0;
    }
    let owner = (!keep_owner).then_some((shell.uid, shell.gid));
    shell.work += cost::unpack(
        entries
            .iter()
            .map(|e| match &e.kind {
                archive::EntryKind::File(bytes) => bytes.len() as u64,
                _ => 0,
            })
            .sum(),
    );
    match archive::unpack(shell.fs, base, &entries, owner, shell.clock) {
        Ok(_) => 0,
        Err(message) => {
            complain(io, "tar", &message);
            2
        }
    }
}

/// `tar -c`: an archive of `paths` under `base`, written to the file or standard output.
fn create(shell: &mut Shell, io: &mut Io, request: &Request, base: &str) -> i32 {
    let Request {
        file,
        compress,
        verbose,
        paths,
        ..
    } = request.clone();
    let mut entries = Vec::new();
    let mut blob_bytes = 0u64;
    let mut identity = Digester::new();
    for path in &paths {
        let full = crate::engine::vfs::absolute(base, path);
        let Ok((canonical, node)) = shell.fs.lookup(&full, false).map(|(c, n)| (c, n.clone()))
        else {
            complain(
                io,
                "tar",
                &format!("{path}: Cannot stat: No such file or directory"),
            );
            return 2;
        };
        let mut items = vec![(path.trim_end_matches('/').to_string(), node.clone())];
        if let Node::Dir(_) = node {
            for (rel, child) in shell.fs.walk_under(&canonical) {
                items.push((
                    format!("{}/{rel}", path.trim_end_matches('/')),
                    child.clone(),
                ));
            }
        }
        for (name, node) in items {
            let meta = node.meta();
            let kind = match &node {
                Node::Dir(_) => EntryKind::Dir,
                Node::Symlink(s) => EntryKind::Symlink(s.target.clone()),
                Node::File(f) => match f.content.data() {
                    Some(d) => EntryKind::File(d.to_vec()),
                    None => {
                        blob_bytes += f.content.size();
                        identity.part(&name).part(&f.content.digest().to_string());
                        EntryKind::File(Vec::new())
                    }
                },
            };
            if verbose {
                io.out(&format!("{name}\n"));
            }
            entries.push(TarEntry {
                path: name,
                kind,
                mode: meta.mode,
                uid: meta.uid,
                gid: meta.gid,
            });
        }
    }
    let mut tar = archive::write_tar(&entries);
    // GNU tar fills its last 10240-byte record; busybox does not.
    if shell.flavor != crate::engine::catalog::ShellFlavor::Ash {
        tar.resize(tar.len().div_ceil(10240) * 10240, 0);
    }
    let content = if blob_bytes > 0 {
        // Large binaries are not simulated byte by byte: the archive
        // is its estimated size.
        let total = tar.len() as u64 + blob_bytes;
        let size = if compress { total * 45 / 100 } else { total };
        Content::blob(
            size,
            &identity
                .part(&format!("{}", tar.len()))
                .finish()
                .to_string(),
        )
    } else if compress {
        Content::bytes(archive::gzip(&tar))
    } else {
        Content::bytes(tar)
    };
    let Some(out) = file.filter(|f| f != "-") else {
        io.stdout
            .extend_from_slice(content.data().unwrap_or_default());
        return 0;
    };
    let meta = shell.new_meta(0o666);
    match shell.fs.write_file(&shell.path(&out), content, meta) {
        Ok(()) => 0,
        Err(e) => {
            complain(io, "tar", &format!("{out}: Cannot open: {}", e.reason()));
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn creates_and_extracts() {
        let (fs, status, out) = debian("mkdir -p /src/app && echo hi > /src/app/a && cd /src && tar -czf /tmp/app.tgz app && mkdir /dst && tar -xzf /tmp/app.tgz -C /dst && tar -tzf /tmp/app.tgz");
        assert_eq!(status, 0, "{out}");
        assert_eq!(out, "app/\napp/a\n");
        assert_eq!(fs.read("/dst/app/a").unwrap().as_text(), Some("hi\n"));
        let (fs, status, _) = debian("mkdir -p /s/x/y && echo z > /s/x/y/f && tar -cf /t.tar -C /s x && mkdir /d && tar -xf /t.tar -C /d --strip-components=1");
        assert_eq!(status, 0);
        assert!(fs.exists("/d/y/f"));
        assert_eq!(debian("tar -xf /nope.tar").2, "tar: /nope.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n");
    }
}
