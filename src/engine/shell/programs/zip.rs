//! `zip [-r] [-q] [-9] [-x PATTERN...] ARCHIVE PATH...`: an archive of
//! the paths (with what is below them, given -r), deflated: text shrinks
//! to about a third, what is compressed already (images, archives) not at
//! all. Its bytes are not simulated, its size is.

use crate::engine::content::{Content, Digester};
use crate::engine::vfs::Node;

use super::super::state::{Io, Shell};
use super::common::write_file;

/// Bytes zip adds a file: its local header and central directory entry.
const PER_ENTRY: u64 = 100;

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut recursive = false;
    let mut quiet = false;
    let mut operands = Vec::new();
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-x" | "--exclude" => {
                // The patterns run to the end or to the next option.
                for _ in rest.by_ref() {}
            }
            a if a.starts_with('-') && a.len() > 1 => {
                recursive |= a.contains('r');
                quiet |= a.contains('q');
            }
            a => operands.push(a.to_string()),
        }
    }
    let Some((archive, paths)) = operands.split_first() else {
        io.err("zip error: Nothing to do!\n");
        return 12;
    };
    let archive = if archive.ends_with(".zip") || archive.contains('.') {
        archive.clone()
    } else {
        format!("{archive}.zip")
    };
    let (mut size, mut entries) = (22u64, 0u64);
    let mut digest = Digester::new();
    for path in paths {
        let full = shell.path(path);
        let Some(node) = shell.fs.get(&full).cloned() else {
            io.err(&format!("\tzip warning: name not matched: {path}\n"));
            continue;
        };
        let mut files = vec![(full.clone(), node.clone())];
        if recursive && matches!(node, Node::Dir(_)) {
            files.extend(
                shell
                    .fs
                    .walk_under(&full)
                    .into_iter()
                    .map(|(rel, n)| (format!("{}/{rel}", full.trim_end_matches('/')), n.clone())),
            );
        }
        for (name, node) in files {
            entries += 1;
            size += PER_ENTRY + name.len() as u64 + deflated(&name, node.size());
            digest.part(&name).update(&node.size().to_le_bytes());
            if !quiet {
                io.out(&format!(
                    "  adding: {} (deflated 62%)\n",
                    name.trim_start_matches('/')
                ));
            }
        }
    }
    if entries == 0 {
        io.err(&format!("\nzip error: Nothing to do! ({archive})\n"));
        return 12;
    }
    let target = shell.path(&archive);
    let content = Content::blob(size, &format!("zip:{}", digest.finish()));
    write_file(shell, &target, content, 0o644);
    0
}

/// The bytes a file deflates to, by what it is.
fn deflated(name: &str, size: u64) -> u64 {
    const STORED: [&str; 10] = [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip", ".gz", ".woff", ".woff2", ".jar",
    ];
    if STORED
        .iter()
        .any(|e| name.to_ascii_lowercase().ends_with(e))
    {
        size
    } else {
        size * 35 / 100
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    #[test]
    fn zip_archives_a_tree_deflated() {
        let (fs, status, output, _) = run_in(
            "alpine:3.19",
            "apk add -q zip && mkdir -p /app/src && printf '%0100000d' 0 > /app/src/a.js && zip -r /app.zip /app && zip -q /one /app/src/a.js",
        );
        assert_eq!(status, 0, "{output}");
        assert!(output.contains("adding: app/src/a.js"), "{output}");
        let size = fs.read("/app.zip").unwrap().size();
        assert!((30_000..50_000).contains(&size), "{size}");
        assert!(fs.exists("/one.zip"));
        let (_, status, output, _) = run_in("alpine:3.19", "apk add -q zip && zip /x.zip /nothing");
        assert_eq!(status, 12, "{output}");
    }
}
