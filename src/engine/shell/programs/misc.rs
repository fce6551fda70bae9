//! Small programs: `env`, `id`, `whoami`, `basename`, `dirname`, `uname`,
//! `nproc`, `hostname`, `date`, `sleep`, `which`, `readlink`, `realpath`,
//! `mktemp`, and the stand-alone copies of shell builtins.

use crate::engine::content::Content;
use crate::engine::users::{group_name, user_name};
use crate::engine::vfs::split_parent;

use super::super::state::{Flow, Io, Shell};
use super::common::complain;
use super::find_program;

/// `/bin/echo`, `/usr/bin/test`...: the builtin of the same name.
pub fn builtin_program(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    match super::super::builtins::run(shell, args, io) {
        Some(Flow::Normal(status)) | Some(Flow::Exit(status)) => status,
        _ => 0,
    }
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let rest = &args[1..];
    match args[0].as_str() {
        "env" => env(shell, rest, io),
        "id" => {
            let user = user_name(shell.fs, shell.uid).unwrap_or_else(|| shell.uid.to_string());
            let group = group_name(shell.fs, shell.gid).unwrap_or_else(|| shell.gid.to_string());
            let text = match rest.first().map(String::as_str) {
                Some("-u") => shell.uid.to_string(),
                Some("-g") => shell.gid.to_string(),
                Some("-un") | Some("-nu") => user,
                Some("-gn") | Some("-ng") => group,
                _ => format!(
                    "uid={}({user}) gid={}({group}) groups={}({group})",
                    shell.uid, shell.gid, shell.gid
                ),
            };
            io.out(&format!("{text}\n"));
            0
        }
        "whoami" => {
            let user = user_name(shell.fs, shell.uid).unwrap_or_else(|| shell.uid.to_string());
            io.out(&format!("{user}\n"));
            0
        }
        "basename" => basename(rest, io),
        "dirname" => {
            let Some(path) = rest.first() else {
                complain(io, "dirname", "missing operand");
                return 1;
            };
            let trimmed = path.trim_end_matches('/');
            let dir = match trimmed.rfind('/') {
                Some(0) => "/".to_string(),
                Some(i) => trimmed[..i].to_string(),
                None => ".".to_string(),
            };
            io.out(&format!("{dir}\n"));
            0
        }
        "uname" => {
            let text = match rest.first().map(String::as_str) {
                Some("-m") | Some("-p") => "x86_64",
                Some("-r") => "6.1.0",
                Some("-a") => "Linux buildkitsandbox 6.1.0 #1 SMP x86_64 GNU/Linux",
                _ => "Linux",
            };
            io.out(&format!("{text}\n"));
            0
        }
        "nproc" => {
            io.out("2\n");
            0
        }
        "hostname" => {
            io.out("buildkitsandbox\n");
            0
        }
        "date" => {
            io.out("Thu Jan  1 00:00:00 UTC 1970\n");
            0
        }
        "sleep" | "sync" | "ldconfig" => 0,
        "which" => {
            let mut status = 0;
            for name in rest.iter().filter(|a| !a.starts_with('-')) {
                match find_program(shell, name) {
                    Some(path) => io.out(&format!("{path}\n")),
                    None => status = 1,
                }
            }
            status
        }
        "readlink" | "realpath" => readlink(shell, &args[0], rest, io),
        "mktemp" => mktemp(shell, rest, io),
        _ => 0,
    }
}

/// `env`: the environment, or a program run with more of it.
fn env(shell: &mut Shell, rest: &[String], io: &mut Io) -> i32 {
    let mut assignments = Vec::new();
    let mut ignore_environment = false;
    let mut i = 0;
    while i < rest.len() {
        if rest[i] == "-i" || rest[i] == "-" || rest[i] == "--ignore-environment" {
            ignore_environment = true;
            i += 1;
            continue;
        }
        match rest[i].split_once('=') {
            Some((k, v)) if !k.is_empty() => assignments.push((k.to_string(), v.to_string())),
            _ => break,
        }
        i += 1;
    }
    if i == rest.len() {
        let mut env = if ignore_environment {
            Vec::new()
        } else {
            shell.environment()
        };
        for (k, v) in assignments {
            env.retain(|(key, _)| key != &k);
            env.push((k, v));
        }
        for (k, v) in env {
            io.out(&format!("{k}={v}\n"));
        }
        return 0;
    }
    if !shell.spend(shell.vars_cost()) {
        return 1;
    }
    let saved = shell.vars.clone();
    for (k, v) in &assignments {
        shell.export(k, Some(v));
    }
    let flow = super::exec(shell, &rest[i..], io);
    shell.vars = saved;
    shell.settle(flow)
}

/// `readlink` and `realpath`: where a link points, or a path made absolute.
fn readlink(shell: &mut Shell, program: &str, rest: &[String], io: &mut Io) -> i32 {
    let canonicalize = program == "realpath" || rest.iter().any(|a| a == "-f" || a == "-e");
    let mut status = 0;
    for path in rest.iter().filter(|a| !a.starts_with('-')) {
        let full = shell.path(path);
        if canonicalize {
            match shell.fs.resolve(&full, true) {
                Ok(p) => io.out(&format!("{p}\n")),
                Err(_) => status = 1,
            }
        } else {
            match shell.fs.get(&full) {
                Some(crate::engine::vfs::Node::Symlink(s)) => io.out(&format!("{}\n", s.target)),
                _ => status = 1,
            }
        }
    }
    status
}

/// `mktemp`: a new file (or directory, -d) under /tmp.
fn mktemp(shell: &mut Shell, rest: &[String], io: &mut Io) -> i32 {
    let directory = rest.iter().any(|a| a == "-d");
    let path = format!("/tmp/tmp.{:010}", shell.steps);
    let meta = shell.new_meta(if directory { 0o700 } else { 0o600 });
    let made = if directory {
        shell.fs.mkdir_all(&path, meta)
    } else {
        shell.fs.write_file(&path, Content::empty(), meta)
    };
    match made {
        Ok(()) => {
            io.out(&format!("{path}\n"));
            0
        }
        Err(e) => {
            complain(io, "mktemp", &e.to_string());
            1
        }
    }
}

/// `basename`: the last part of a path, a suffix dropped.
fn basename(rest: &[String], io: &mut Io) -> i32 {
    let Some(path) = rest.first() else {
        complain(io, "basename", "missing operand");
        return 1;
    };
    let trimmed = path.trim_end_matches('/');
    let mut base = split_parent(if trimmed.is_empty() { "/" } else { trimmed })
        .1
        .to_string();
    if let Some(suffix) = rest.get(1) {
        if base.len() > suffix.len() {
            if let Some(b) = base.strip_suffix(suffix.as_str()) {
                base = b.to_string();
            }
        }
    }
    io.out(&format!("{}\n", if base.is_empty() { "/" } else { &base }));
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn small_programs() {
        assert_eq!(
            debian("id; whoami; basename /a/b.tar.gz .gz; dirname /a/b/c").2,
            "uid=0(root) gid=0(root) groups=0(root)\nroot\nb.tar\n/a/b\n"
        );
        assert_eq!(debian("env -i A=1 B=2").2, "A=1\nB=2\n");
        assert_eq!(debian("which sh bash").2, "/usr/bin/sh\n/usr/bin/bash\n");
        assert_eq!(debian("readlink -f /bin/sh").2, "/usr/bin/dash\n");
    }
}
