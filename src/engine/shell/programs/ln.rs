//! `ln [-sfn] TARGET LINK` (or `ln TARGET... DIR`).

use crate::engine::vfs::{split_parent, Meta, Node};

use super::super::state::{Io, Shell};
use super::common::{complain, has, options, quoted};

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let (flags, operands) = options(&args[1..]);
    let symbolic = has(&flags, &["s", "--symbolic"]);
    let force = has(&flags, &["f", "--force"]);
    let no_dereference = has(&flags, &["n", "--no-dereference", "T"]);
    if operands.is_empty() {
        complain(io, "ln", "missing file operand");
        return 1;
    }
    let (targets, dest) = if operands.len() == 1 {
        (operands.clone(), ".".to_string())
    } else {
        let (last, rest) = operands
            .split_last()
            .map(|(l, r)| (l.clone(), r.to_vec()))
            .unwrap_or_default();
        (rest, last)
    };
    let dest_path = shell.path(&dest);
    let dest_is_dir = !no_dereference && shell.fs.is_dir(&dest_path);
    let mut status = 0;
    for target in targets {
        let link = if dest_is_dir {
            format!(
                "{}/{}",
                dest_path.trim_end_matches('/'),
                split_parent(&shell.path(&target)).1
            )
        } else {
            dest_path.clone()
        };
        if shell.fs.lookup(&link, false).is_ok() {
            if !force {
                complain(
                    io,
                    "ln",
                    &format!(
                        "failed to create {} link {}: File exists",
                        if symbolic { "symbolic" } else { "hard" },
                        quoted(shell, &link)
                    ),
                );
                status = 1;
                continue;
            }
            let _ = shell.fs.remove(&link);
        }
        let node = if symbolic {
            Node::symlink(&target, Meta::symlink().at(shell.clock))
        } else {
            match shell.fs.lookup(&shell.path(&target), true) {
                Ok((_, node @ Node::File(_))) => node.clone(),
                Ok(_) => {
                    complain(
                        io,
                        "ln",
                        &format!(
                            "{}: hard link not allowed for directory",
                            quoted(shell, &target)
                        ),
                    );
                    status = 1;
                    continue;
                }
                Err(_) => {
                    complain(
                        io,
                        "ln",
                        &format!(
                            "failed to access {}: No such file or directory",
                            quoted(shell, &target)
                        ),
                    );
                    status = 1;
                    continue;
                }
            }
        };
        if let Err(e) = shell.fs.put(&link, node) {
            complain(
                io,
                "ln",
                &format!(
                    "failed to create link {}: {}",
                    quoted(shell, &link),
                    e.reason()
                ),
            );
            status = 1;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::engine::vfs::Node;

    #[test]
    fn links() {
        let (fs, status, _) = debian("mkdir /opt/app && ln -s /opt/app/bin/app /usr/local/bin/app && ln -sf /x /usr/local/bin/app && ln -s /etc/hostname /opt/app/");
        assert_eq!(status, 0);
        assert!(matches!(fs.get("/usr/local/bin/app"), Some(Node::Symlink(s)) if s.target == "/x"));
        assert!(matches!(
            fs.get("/opt/app/hostname"),
            Some(Node::Symlink(_))
        ));
        assert_eq!(
            debian("ln -s a /etc/hostname").2,
            "ln: failed to create symbolic link '/etc/hostname': File exists\n"
        );
    }
}
