//! The programs a RUN calls. A command is found on PATH in the image, as
//! a real shell finds it; what the file is (a BusyBox applet, GNU
//! coreutils, a shell script) decides how it behaves. Each simulated
//! program is one module below; adding one is a file and a line in
//! `lookup`.

use crate::engine::catalog::ShellFlavor;
use crate::engine::vfs::{split_parent, Node};

use super::state::{Abort, Flow, Io, Shell};
pub use common::{busybox, complain, has, options, quoted, write_file};

mod apk;
mod apt;
mod bundler;
mod cargo;
mod cat;
mod checksum;
mod chmod;
mod chown;
mod common;
mod compiler;
mod cp;
mod dd;
mod dotnet;
mod download;
mod find;
mod git;
mod go;
mod go_sum;
mod go_test;
mod gradle;
mod java;
mod jlink;
mod ln;
mod ls;
mod make;
mod misc;
mod mkdir;
mod mkdocs;
mod mv;
mod node_project;
mod npm;
mod npm_lock;
mod pip;
mod pip_config;
mod pnpm;
mod poetry;
mod pytest_select;
mod python_lock;
mod python_project;
mod rm;
mod sed;
mod sh;
mod tar;
mod tee;
mod text;
mod toml;
mod touch;
mod users;
mod uv;
mod wasmedge;
mod yarn;
mod yarn_lock;
mod zip;

/// A program: its arguments (`args[0]` its name as invoked), its streams;
/// it returns the exit status.
pub type Program = fn(&mut Shell, &[String], &mut Io) -> i32;

/// The simulation of a program, by the name of its file or applet.
pub fn lookup(name: &str) -> Option<Program> {
    Some(match name {
        "apk" => apk::run,
        "npm" => npm::run,
        "go" => go::run,
        "cargo" => cargo::cargo,
        "rustup" => cargo::rustup,
        "java" => java::java,
        "jar" => java::jar,
        "javac" => java::javac,
        "jlink" => jlink::jlink,
        "jdeps" => jlink::jdeps,
        "mvn" => java::mvn,
        "gradle" => gradle::run,
        "dotnet" => dotnet::run,
        "node" | "nodejs" => npm::node,
        "pip" | "pip3" => pip::pip,
        "python" | "python3" => pip::python,
        n if n.starts_with("pip3.") => pip::pip,
        n if n.starts_with("python3.") && !n.ends_with("-config") => pip::python,
        "apt-get" | "apt" => apt::run,
        "curl" => download::curl,
        "gcc" | "g++" | "cc" | "c++" => compiler::run,
        "git" => git::run,
        "make" => make::run,
        "yarn" | "yarnpkg" => yarn::run,
        "uv" | "uvx" => uv::run,
        "poetry" => poetry::run,
        "pnpm" => pnpm::run,
        "mkdocs" => mkdocs::run,
        "wasmedgec" | "wasmedge" => wasmedge::run,
        "corepack" => pnpm::corepack,
        "wget" => download::wget,
        "cat" => cat::run,
        "sha256sum" | "sha512sum" | "sha1sum" | "md5sum" => checksum::run,
        "chmod" => chmod::run,
        "chown" | "chgrp" => chown::run,
        "cp" => cp::run,
        "find" => find::run,
        "ln" => ln::run,
        "ls" => ls::run,
        "mkdir" => mkdir::run,
        "mv" => mv::run,
        "rm" => rm::run,
        "rmdir" => rm::rmdir,
        "sed" => sed::run,
        "tar" => tar::run,
        "zip" => zip::run,
        "tee" => tee::run,
        "touch" => touch::run,
        "dd" => dd::dd,
        "truncate" | "fallocate" => dd::sized,
        "useradd" | "groupadd" | "adduser" | "addgroup" => users::run,
        "echo" | "printf" | "true" | "false" | "test" | "[" | "pwd" => misc::builtin_program,
        "env" | "id" | "whoami" | "basename" | "dirname" | "sleep" | "uname" | "nproc"
        | "hostname" | "date" | "which" | "readlink" | "realpath" | "mktemp" | "sync"
        | "ldconfig" => misc::run,
        "head" | "tail" | "wc" | "grep" | "egrep" | "fgrep" | "sort" | "uniq" | "tr" | "cut" => {
            text::run
        }
        _ => return None,
    })
}

/// The default PATH when the environment has none.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Where `name` is found on PATH (or the path itself, with a slash).
pub fn find_program(shell: &Shell, name: &str) -> Option<String> {
    if name.contains('/') {
        let path = shell.path(name);
        return matches!(shell.fs.lookup(&path, true), Ok((_, Node::File(_)))).then_some(path);
    }
    let path_var = shell.var("PATH").unwrap_or(DEFAULT_PATH).to_string();
    for dir in path_var.split(':') {
        let dir = if dir.is_empty() { "." } else { dir };
        let candidate = shell.path(&format!("{dir}/{name}"));
        if let Ok((_, Node::File(_))) = shell.fs.lookup(&candidate, true) {
            return Some(candidate);
        }
    }
    None
}

/// Runs a program of the image.
pub fn exec(shell: &mut Shell, argv: &[String], io: &mut Io) -> Flow {
    let name = &argv[0];
    shell.work += super::cost::COMMAND;
    let Some(path) = find_program(shell, name) else {
        let message = match shell.flavor {
            ShellFlavor::Bash if !name.contains('/') => format!("{name}: command not found"),
            _ if name.contains('/') && shell.flavor == ShellFlavor::Dash => {
                format!("{name}: not found")
            }
            _ if name.contains('/') => format!("{name}: No such file or directory"),
            _ => format!("{name}: not found"),
        };
        io.err(&format!("{}{message}\n", shell.error_prefix()));
        return Flow::Normal(127);
    };
    let Ok((canonical, Node::File(file))) =
        shell.fs.lookup(&path, true).map(|(c, n)| (c, n.clone()))
    else {
        return Flow::Normal(127);
    };
    if !shell.can_execute(file.meta) {
        io.err(&format!(
            "{}{name}: Permission denied\n",
            shell.error_prefix()
        ));
        return Flow::Normal(126);
    }
    // A program linked against a C library needs its dynamic loader: a
    // glibc binary on Alpine is "not found" though the file is there.
    if let Some(crate::engine::content::Executable {
        linkage:
            crate::engine::content::Linkage::Dynamic {
                interpreter,
                libraries,
            },
        ..
    }) = file.content.executable()
    {
        if !shell.fs.exists(interpreter) {
            let message = match shell.flavor {
                ShellFlavor::Bash => format!("{name}: cannot execute: required file not found"),
                _ => format!("{name}: not found"),
            };
            io.err(&format!("{}{message}\n", shell.error_prefix()));
            return Flow::Normal(127);
        }
        // Then the loader needs each library the program was linked with.
        if let Some(missing) = libraries.iter().find(|library| {
            !crate::engine::content::LIBRARY_DIRS
                .iter()
                .any(|dir| shell.fs.exists(&format!("{dir}/{library}")))
        }) {
            io.err(&format!(
                "{name}: error while loading shared libraries: {missing}: cannot open shared object file: No such file or directory\n"
            ));
            return Flow::Normal(127);
        }
    }
    // It runs: recorded as invoked.
    shell.programs.record(argv);
    // A grader's what-if: this program fails, as a failing test does.
    // A test runner fails only when a test runs (`go test` decides
    // itself; pytest's collection is read here).
    let go_test = split_parent(name).1 == "go" && argv.get(1).is_some_and(|a| a == "test");
    if !go_test
        && shell
            .failing
            .as_deref()
            .is_some_and(|words| crate::engine::step::invokes(argv, words))
        && (!pytest_select::is_pytest(argv) || pytest_select::runs_a_test(shell, argv))
    {
        io.err(&format!(
            "{name}: FAIL (made to fail, to see whether the build stops)\n"
        ));
        return Flow::Normal(1);
    }
    // pytest is not run, but its collection is read: selecting no test,
    // it exits 5 as pytest does.
    if pytest_select::is_pytest(argv) {
        if let pytest_select::Plan::NoneSelected(collected) = pytest_select::plan(shell, argv) {
            let (text, status) = pytest_select::no_tests_ran(collected);
            io.out(&text);
            return Flow::Normal(status);
        }
    }
    // Build tools' wrapper scripts stand for the tool itself.
    match split_parent(&canonical).1 {
        "gradlew" => return Flow::Normal(gradle::run(shell, argv, io)),
        "mvnw" => return Flow::Normal(java::mvn(shell, argv, io)),
        _ => {}
    }
    // A script: its interpreter runs it.
    if let Some(text) = file.content.as_text() {
        let text = text.to_string();
        return sh::run_script_file(shell, &path, &text, &argv[1..], io);
    }
    let file_name = split_parent(&canonical).1.to_string();
    let (program, args): (String, &[String]) = if file_name != "busybox" {
        // A program reached through an alternative (`which` ->
        // which.debianutils, `cc` -> gcc) answers to the file's name, or
        // else to the name it was called by.
        let invoked = split_parent(name).1;
        let stem = file_name.split('.').next().unwrap_or_default();
        let known = [file_name.as_str(), stem, invoked]
            .into_iter()
            .find(|n| lookup(n).is_some())
            .unwrap_or(file_name.as_str())
            .to_string();
        (known, argv)
    } else if split_parent(name).1 != "busybox" {
        // An applet, invoked through its link.
        (split_parent(name).1.to_string(), argv)
    } else if argv.len() > 1 {
        // `busybox APPLET ARGS`
        (argv[1].clone(), &argv[1..])
    } else {
        return Flow::Normal(0);
    };
    if let Some(flavor) = sh::shell_flavor(&program, &file_name) {
        return sh::run_shell(shell, flavor, &args[1..], name, io);
    }
    match lookup(&program) {
        Some(run) => {
            let mut args = args.to_vec();
            args[0] = program;
            metered(shell, io, |shell, io| run(shell, &args, io))
        }
        None => not_simulated(shell, &program, argv),
    }
}

/// Runs a program, then charges the bytes it moved as steps of the
/// script: what it read from standard input and from files, what it
/// wrote to files and printed (as text a command expands to is charged).
/// What it wrote to files counts toward the RUN's write limit too, as a
/// redirection's does. A limit the program met itself
/// ([`Shell::spend`]) stops the script now.
fn metered(shell: &mut Shell, io: &mut Io, run: impl FnOnce(&mut Shell, &mut Io) -> i32) -> Flow {
    let (read, written) = shell.fs.traffic();
    let changes = shell.fs.changes();
    let too_deep = shell.fs.refused_too_deep();
    let input = io.stdin.len();
    let output = io.stdout.len() + io.stderr.len();
    let status = run(shell, io);
    let (read_after, written_after) = shell.fs.traffic();
    let changed = shell.fs.changes().saturating_sub(changes);
    let wrote = written_after.saturating_sub(written);
    let moved = (read_after.saturating_sub(read) + wrote) as usize
        + input
        + (io.stdout.len() + io.stderr.len()).saturating_sub(output);
    if let Some(flow) = shell.stopped.take() {
        return flow;
    }
    // What it printed says why; the build names the limit.
    if shell.fs.refused_too_deep() > too_deep {
        return Flow::Abort(Abort::DepthLimit(crate::limits::PATH_DEPTH));
    }
    if io.overflow {
        return Flow::Abort(Abort::text("the output of a command"));
    }
    // Bytes as text is charged, and a step for each few entries changed
    // (`chmod -R` over a big tree in a loop).
    if let Err(flow) = shell
        .charge((moved / crate::limits::SHELL_TEXT_PER_STEP) as u64 + changed / 16)
        .and_then(|()| shell.count_written(wrote as usize))
    {
        return flow;
    }
    Flow::Normal(status)
}

/// A program Stagecraft does not model: a warning, or in strict mode the
/// end of the build.
fn not_simulated(shell: &mut Shell, program: &str, argv: &[String]) -> Flow {
    if shell.strict {
        return Flow::Abort(Abort::NotSimulated(program.to_string()));
    }
    shell
        .warnings
        .push(crate::engine::warning::WarningKind::NotSimulated {
            command: argv.join(" "),
        });
    Flow::Normal(0)
}

#[cfg(test)]
pub mod test_support {
    use crate::engine::catalog::{builtin, Catalog, ShellFlavor};
    use crate::engine::shell::state::{Io, Shell};
    use crate::engine::vfs::Filesystem;

    /// Runs `script` as root in a copy of a catalog image; returns the
    /// filesystem, status, and output (stdout then stderr).
    pub fn run_in(image: &str, script: &str) -> (Filesystem, i32, String, Vec<String>) {
        run_in_mode(image, script, false)
    }

    /// [`run_in`], with approximations errors when `strict`.
    pub fn run_in_mode(
        image: &str,
        script: &str,
        strict: bool,
    ) -> (Filesystem, i32, String, Vec<String>) {
        let base = builtin().resolve(image).image().clone();
        let mut fs = base.filesystem.clone();
        let (status, output, warnings) = {
            let mut sh = Shell::new(
                &mut fs,
                crate::engine::catalog::builtin(),
                base.shell,
                "/bin/sh",
            );
            for (k, v) in base.config.env_pairs() {
                sh.export(&k, Some(&v));
            }
            sh.clock = 1;
            sh.strict = strict;
            let mut io = Io::default();
            let status = sh.run_script(script, &mut io).status();
            let output = String::from_utf8_lossy(&io.stdout).into_owned()
                + &String::from_utf8_lossy(&io.stderr);
            (
                status,
                output,
                sh.warnings.iter().map(|w| w.to_string()).collect(),
            )
        };
        (fs, status, output, warnings)
    }

    pub fn debian(script: &str) -> (Filesystem, i32, String) {
        let (fs, status, output, _) = run_in("debian:bookworm", script);
        (fs, status, output)
    }

    pub fn alpine(script: &str) -> (Filesystem, i32, String) {
        let (fs, status, output, _) = run_in("alpine:3.19", script);
        (fs, status, output)
    }

    pub fn flavor_of(image: &str) -> ShellFlavor {
        builtin().resolve(image).image().shell
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;

    #[test]
    fn programs_must_exist_in_the_image() {
        let (_, status, out) = debian("go version");
        assert_eq!((status, out.as_str()), (127, "/bin/sh: 1: go: not found\n"));
        let (_, status, out) = alpine("apt-get update");
        assert_eq!(
            (status, out.as_str()),
            (127, "/bin/sh: apt-get: not found\n")
        );
        let (_, status, out) = debian("/opt/app/run");
        assert_eq!(
            (status, out.as_str()),
            (127, "/bin/sh: 1: /opt/app/run: not found\n")
        );
    }

    #[test]
    fn programs_not_simulated_warn() {
        let (_, status, _, warnings) = run_in("debian:bookworm", "dpkg --print-architecture");
        assert_eq!(status, 0);
        assert_eq!(
            warnings,
            ["dpkg --print-architecture: not simulated; assumed to succeed with no file changes"]
        );
    }

    #[test]
    fn busybox_applets_are_found_through_their_links() {
        let (fs, status, out) = alpine("mkdir -p /srv/www && ls /srv");
        assert_eq!((status, out.as_str()), (0, "www\n"));
        assert!(fs.is_dir("/srv/www"));
    }

    #[test]
    fn execute_permission_is_needed() {
        let (_, status, out) = debian("echo 'echo hi' > /x.sh; /x.sh; chmod +x /x.sh; /x.sh");
        assert_eq!(status, 0);
        assert_eq!(out, "hi\n/bin/sh: 1: /x.sh: Permission denied\n");
    }
}
