//! `mv [-f] SOURCE... DEST`

use crate::engine::vfs::split_parent;

use super::super::state::{Io, Shell};
use super::common::{complain, options, quoted};

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let (_, mut operands) = options(&args[1..]);
    if operands.len() < 2 {
        complain(io, "mv", "missing file operand");
        return 1;
    }
    let dest = operands.pop().unwrap_or_default();
    let dest_path = shell.path(&dest);
    let dest_is_dir = shell.fs.is_dir(&dest_path);
    if operands.len() > 1 && !dest_is_dir {
        complain(
            io,
            "mv",
            &format!("target {} is not a directory", quoted(shell, &dest)),
        );
        return 1;
    }
    let mut status = 0;
    for source in operands {
        let from = shell.path(&source);
        let node = match shell.fs.lookup(&from, false) {
            Ok((_, node)) => node.clone(),
            Err(_) => {
                complain(
                    io,
                    "mv",
                    &format!(
                        "cannot stat {}: No such file or directory",
                        quoted(shell, &source)
                    ),
                );
                status = 1;
                continue;
            }
        };
        let to = if dest_is_dir {
            format!(
                "{}/{}",
                dest_path.trim_end_matches('/'),
                split_parent(&from).1
            )
        } else {
            dest_path.clone()
        };
        if to == from || to.starts_with(&format!("{from}/")) {
            complain(
                io,
                "mv",
                &format!(
                    "cannot move {} to a subdirectory of itself",
                    quoted(shell, &source)
                ),
            );
            status = 1;
            continue;
        }
        if let Err(e) = shell.fs.put(&to, node) {
            complain(
                io,
                "mv",
                &format!("cannot move {}: {}", quoted(shell, &source), e.reason()),
            );
            status = 1;
            continue;
        }
        let _ = shell.fs.remove(&from);
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn moves() {
        let (fs, status, _) = debian("mkdir /a /b && touch /a/f && mv /a/f /b/ && mv /b /c");
        assert_eq!(status, 0);
        assert!(fs.exists("/c/f"));
        assert!(!fs.exists("/a/f") && !fs.exists("/b"));
        assert_eq!(
            debian("mv /nope /tmp").2,
            "mv: cannot stat '/nope': No such file or directory\n"
        );
    }
}
