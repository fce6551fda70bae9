//! `chmod [-R] MODE FILE...`, octal or symbolic (`u+x,go-w`, `a=rX`).

use crate::engine::vfs::Node;

use super::super::state::{Io, Shell};
use super::common::{complain, quoted};
use crate::engine::mode::apply_mode;

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut recursive = false;
    let mut operands = Vec::new();
    for arg in &args[1..] {
        match arg.as_str() {
            "-R" | "--recursive" => recursive = true,
            "-v" | "-c" | "-f" | "--verbose" | "--changes" | "--silent" | "--quiet" => {}
            _ => operands.push(arg.clone()),
        }
    }
    if operands.len() < 2 {
        complain(io, "chmod", "missing operand");
        return 1;
    }
    let spec = operands.remove(0);
    if apply_mode(0o644, false, &spec).is_none() {
        complain(
            io,
            "chmod",
            &format!("invalid mode: {}", quoted(shell, &spec)),
        );
        return 1;
    }
    let mut status = 0;
    for file in operands {
        let path = shell.path(&file);
        let canonical = match shell.fs.lookup(&path, true) {
            Ok((canonical, _)) => canonical,
            Err(_) if path == "/" => "/".to_string(),
            Err(e) => {
                complain(
                    io,
                    "chmod",
                    &format!("cannot access {}: {}", quoted(shell, &file), e.reason()),
                );
                status = 1;
                continue;
            }
        };
        let mut targets = vec![canonical.clone()];
        if recursive {
            targets.extend(
                shell
                    .fs
                    .walk_under(&canonical)
                    .into_iter()
                    .filter(|(_, n)| !matches!(n, Node::Symlink(_)))
                    .map(|(p, _)| crate::engine::vfs::absolute(&canonical, &p)),
            );
        }
        for target in targets {
            let Some(node) = shell
                .fs
                .get(&target)
                .cloned()
                .or_else(|| (target == "/").then(|| Node::dir(shell.fs.root_meta())))
            else {
                continue;
            };
            if shell.uid != 0 && node.meta().uid != shell.uid {
                complain(
                    io,
                    "chmod",
                    &format!(
                        "changing permissions of {}: Operation not permitted",
                        quoted(shell, &file)
                    ),
                );
                status = 1;
                continue;
            }
            let is_dir = matches!(node, Node::Dir(_));
            let mode = apply_mode(node.meta().mode, is_dir, &spec).unwrap_or(node.meta().mode);
            let clock = shell.clock;
            let _ = shell.fs.set_meta(&target, false, |m| {
                m.mode = mode;
                m.mtime = clock;
            });
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::apply_mode;

    #[test]
    fn modes() {
        assert_eq!(apply_mode(0o644, false, "755"), Some(0o755));
        assert_eq!(apply_mode(0o644, false, "u+x"), Some(0o744));
        assert_eq!(apply_mode(0o644, false, "+x"), Some(0o755));
        assert_eq!(apply_mode(0o777, false, "go-w"), Some(0o755));
        assert_eq!(apply_mode(0o600, false, "a=rX"), Some(0o444));
        assert_eq!(apply_mode(0o700, true, "a=rX"), Some(0o555));
        assert_eq!(apply_mode(0o644, false, "u+s"), Some(0o4644));
        assert_eq!(apply_mode(0o640, false, "o=g"), Some(0o644));
        assert_eq!(apply_mode(0o644, false, "8"), None);
        assert_eq!(apply_mode(0o644, false, "u+q"), None);
        assert_eq!(apply_mode(0o644, false, "99999"), None);
    }

    #[test]
    fn changes_files_and_trees() {
        let (fs, status, _) =
            debian("mkdir -p /app/bin && touch /app/bin/run && chmod -R 750 /app && chmod +t /tmp");
        assert_eq!(status, 0);
        assert_eq!(fs.get("/app/bin/run").unwrap().meta().mode, 0o750);
        assert_eq!(fs.get("/tmp").unwrap().meta().mode, 0o1777);
        assert_eq!(
            debian("chmod 755 /nope").2,
            "chmod: cannot access '/nope': No such file or directory\n"
        );
        assert_eq!(debian("chmod z /etc").2, "chmod: invalid mode: 'z'\n");
    }
}
