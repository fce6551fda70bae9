//! `git`: no network is reached, so `git clone` makes a placeholder
//! repository (a .git directory of PACK_SIZE and a README) and says so in
//! a warning. `--depth 1` keeps the pack small, as a shallow clone does.

use crate::engine::content::Content;

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::write_file;

/// The packed history of a placeholder clone, and of a shallow one.
const PACK_SIZE: u64 = 2_000_000;
const SHALLOW_PACK_SIZE: u64 = 300_000;

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    match args.get(1).map(String::as_str) {
        Some("--version" | "version") => {
            io.out("git version 2.39.5\n");
            0
        }
        Some("clone") => clone(shell, &args[2..], io),
        _ => {
            shell.note(format!(
                "{}: not simulated; assumed to succeed with no file changes",
                args.join(" ")
            ));
            0
        }
    }
}

fn clone(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut operands = Vec::new();
    let mut shallow = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--depth" => {
                shallow = true;
                rest.next();
            }
            "-b" | "--branch" | "-o" | "--origin" | "-c" | "--config" | "--filter" => {
                rest.next();
            }
            a if a.starts_with("--depth=") => shallow = true,
            a if a.starts_with('-') => {}
            _ => operands.push(arg.clone()),
        }
    }
    let Some(url) = operands.first().cloned() else {
        io.err("fatal: You must specify a repository to clone.\n\nusage: git clone [<options>] [--] <repo> [<dir>]\n");
        return 129;
    };
    let name = operands.get(1).cloned().unwrap_or_else(|| {
        url.trim_end_matches('/')
            .rsplit(['/', ':'])
            .next()
            .unwrap_or("repository")
            .trim_end_matches(".git")
            .to_string()
    });
    let dir = shell.path(&name);
    if shell.fs.walk_under(&dir).iter().any(|_| true) {
        io.err(&format!(
            "fatal: destination path '{name}' already exists and is not an empty directory.\n"
        ));
        return 128;
    }
    io.err(&format!("Cloning into '{name}'...\n"));
    shell.note(format!(
        "git clone {url}: Stagecraft cannot fetch repositories; a placeholder checkout (a README and {} of history) stands in",
        if shallow { "300 kB" } else { "2 MB" }
    ));
    let pack = if shallow {
        SHALLOW_PACK_SIZE
    } else {
        PACK_SIZE
    };
    shell.work += cost::download(pack);
    write_file(
        shell,
        &format!("{dir}/.git/objects/pack/pack-placeholder.pack"),
        Content::blob(pack, &format!("git-pack:{url}")),
        0o444,
    );
    write_file(
        shell,
        &format!("{dir}/.git/HEAD"),
        Content::text("ref: refs/heads/main\n"),
        0o644,
    );
    write_file(
        shell,
        &format!("{dir}/.git/config"),
        Content::text(&format!(
            "[core]\n\trepositoryformatversion = 0\n[remote \"origin\"]\n\turl = {url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
        )),
        0o644,
    );
    write_file(
        shell,
        &format!("{dir}/README.md"),
        Content::text(&format!(
            "# {name}\n\nA placeholder for a clone of {url}: Stagecraft does not fetch repositories.\n"
        )),
        0o644,
    );
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    #[test]
    fn clone_makes_a_placeholder_and_says_so() {
        let (fs, status, output, warnings) = run_in(
            "golang:1.22",
            "cd /src 2>/dev/null || mkdir /src && cd /src && git clone --depth 1 https://github.com/acme/tool.git",
        );
        assert_eq!(status, 0, "{output}");
        assert!(output.contains("Cloning into 'tool'..."), "{output}");
        assert!(fs.exists("/src/tool/README.md"));
        let pack = fs
            .read("/src/tool/.git/objects/pack/pack-placeholder.pack")
            .unwrap()
            .size();
        assert_eq!(pack, super::SHALLOW_PACK_SIZE);
        assert!(warnings.iter().any(|w| w.contains("placeholder checkout")));
        // Cloning again into the same place fails as git does.
        let (_, status, output, _) = run_in(
            "golang:1.22",
            "mkdir -p /x/tool/a && cd /x && git clone https://github.com/acme/tool",
        );
        assert_eq!(status, 128);
        assert!(
            output.contains("destination path 'tool' already exists"),
            "{output}"
        );
    }

    #[test]
    fn git_is_absent_from_slim_images() {
        let (_, status, output, _) = run_in(
            "debian:bookworm-slim",
            "git clone https://github.com/acme/tool",
        );
        assert_eq!(status, 127);
        assert!(output.contains("git: not found"), "{output}");
    }
}
