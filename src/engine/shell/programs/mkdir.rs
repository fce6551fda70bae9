//! `mkdir [-p] [-m MODE] DIR...`

use crate::engine::vfs::{split_parent, Node};

use super::super::state::{Io, Shell};
use super::common::{busybox, complain, quoted};
use crate::engine::mode::apply_mode;

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut parents = false;
    let mut mode: Option<String> = None;
    let mut dirs = Vec::new();
    let mut it = args[1..].iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-p" | "--parents" => parents = true,
            "-v" | "--verbose" => {}
            "-m" | "--mode" => mode = it.next().cloned(),
            a if a.starts_with("--mode=") => mode = Some(a[7..].to_string()),
            a if a.starts_with("-m") => mode = Some(a[2..].to_string()),
            a if a.starts_with('-')
                && a.len() > 1
                && a[1..].chars().all(|c| c == 'p' || c == 'v') =>
            {
                parents = true
            }
            _ => dirs.push(arg.clone()),
        }
    }
    if dirs.is_empty() {
        complain(io, "mkdir", "missing operand");
        return 1;
    }
    let verb = if busybox(shell) {
        "can't create directory"
    } else {
        "cannot create directory"
    };
    let mut status = 0;
    for dir in dirs {
        let path = shell.path(&dir);
        let final_mode = match &mode {
            Some(m) => match apply_mode(0o777 & !shell.umask, true, m) {
                Some(mode) => mode,
                None => {
                    complain(io, "mkdir", &format!("invalid mode {}", quoted(shell, m)));
                    return 1;
                }
            },
            None => 0o777 & !shell.umask,
        };
        let exists = shell.fs.lookup(&path, true).ok().map(|(_, n)| n.clone());
        match exists {
            Some(Node::Dir(_)) if parents => continue,
            Some(_) => {
                complain(
                    io,
                    "mkdir",
                    &format!("{verb} {}: File exists", quoted(shell, &dir)),
                );
                status = 1;
                continue;
            }
            None => {}
        }
        let (parent, _) = split_parent(&path);
        if !parents && !shell.fs.is_dir(parent) {
            complain(
                io,
                "mkdir",
                &format!("{verb} {}: No such file or directory", quoted(shell, &dir)),
            );
            status = 1;
            continue;
        }
        if !parents {
            if let Ok((_, node)) = shell.fs.lookup(parent, true) {
                if !shell.can_write(node.meta()) {
                    complain(
                        io,
                        "mkdir",
                        &format!("{verb} {}: Permission denied", quoted(shell, &dir)),
                    );
                    status = 1;
                    continue;
                }
            }
        }
        let meta = shell.new_meta(0o777);
        if let Err(e) = shell.fs.mkdir_all(&path, meta) {
            complain(
                io,
                "mkdir",
                &format!("{verb} {}: {}", quoted(shell, &dir), e.reason()),
            );
            status = 1;
            continue;
        }
        let clock = shell.clock;
        let _ = shell.fs.set_meta(&path, true, |m| {
            m.mode = final_mode;
            m.mtime = clock;
        });
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn makes_directories() {
        let (fs, status, _) = debian("mkdir -p /app/a/b && mkdir -m 700 /app/secret");
        assert_eq!(status, 0);
        assert!(fs.is_dir("/app/a/b"));
        assert_eq!(fs.get("/app/secret").unwrap().meta().mode, 0o700);
        assert_eq!(fs.get("/app/a").unwrap().meta().mode, 0o755);
    }

    #[test]
    fn reports_like_coreutils_and_busybox() {
        assert_eq!(
            debian("mkdir /x/y").2,
            "mkdir: cannot create directory '/x/y': No such file or directory\n"
        );
        assert_eq!(
            debian("mkdir /etc").2,
            "mkdir: cannot create directory '/etc': File exists\n"
        );
        assert_eq!(
            alpine("mkdir /x/y").2,
            "mkdir: can't create directory /x/y: No such file or directory\n"
        );
    }
}
