//! `rm [-rf] PATH...` and `rmdir DIR...`

use crate::engine::vfs::Node;

use super::super::state::{Io, Shell};
use super::common::{busybox, complain, has, options, quoted};

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let (flags, paths) = options(&args[1..]);
    let recursive = has(&flags, &["r", "R", "--recursive"]);
    let force = has(&flags, &["f", "--force"]);
    let dirs = has(&flags, &["d", "--dir"]);
    if paths.is_empty() && !force {
        complain(io, "rm", "missing operand");
        return 1;
    }
    let mut status = 0;
    for path in paths {
        let full = shell.path(&path);
        if full == "/" && recursive {
            complain(io, "rm", "it is dangerous to operate recursively on '/'");
            status = 1;
            continue;
        }
        let node = match shell.fs.lookup(&full, false) {
            Ok((_, node)) => node.clone(),
            Err(_) => {
                if !force {
                    let message = if busybox(shell) {
                        format!("can't remove '{path}': No such file or directory")
                    } else {
                        format!("cannot remove '{path}': No such file or directory")
                    };
                    complain(io, "rm", &message);
                    status = 1;
                }
                continue;
            }
        };
        if let Node::Dir(d) = &node {
            if !(recursive || dirs && d.entries.is_empty()) {
                let message = if busybox(shell) {
                    format!("'{path}' is a directory")
                } else {
                    format!("cannot remove {}: Is a directory", quoted(shell, &path))
                };
                complain(io, "rm", &message);
                status = 1;
                continue;
            }
        }
        let (parent, _) = crate::engine::vfs::split_parent(&full);
        let writable = shell
            .fs
            .lookup(parent, true)
            .map(|(_, p)| shell.can_write(p.meta()))
            .unwrap_or(true);
        if !writable {
            complain(
                io,
                "rm",
                &format!("cannot remove {}: Permission denied", quoted(shell, &path)),
            );
            status = 1;
            continue;
        }
        if let Err(e) = shell.fs.remove(&full) {
            complain(
                io,
                "rm",
                &format!("cannot remove {}: {}", quoted(shell, &path), e.reason()),
            );
            status = 1;
        }
    }
    status
}

pub fn rmdir(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let (flags, paths) = options(&args[1..]);
    let parents = has(&flags, &["p", "--parents"]);
    let mut status = 0;
    for path in paths {
        let mut current = shell.path(&path);
        loop {
            match shell.fs.lookup(&current, false).map(|(_, n)| n.clone()) {
                Ok(Node::Dir(d)) if d.entries.is_empty() => {
                    let _ = shell.fs.remove(&current);
                }
                Ok(Node::Dir(_)) => {
                    complain(
                        io,
                        "rmdir",
                        &format!(
                            "failed to remove {}: Directory not empty",
                            quoted(shell, &path)
                        ),
                    );
                    status = 1;
                    break;
                }
                Ok(_) => {
                    complain(
                        io,
                        "rmdir",
                        &format!("failed to remove {}: Not a directory", quoted(shell, &path)),
                    );
                    status = 1;
                    break;
                }
                Err(_) => {
                    complain(
                        io,
                        "rmdir",
                        &format!(
                            "failed to remove {}: No such file or directory",
                            quoted(shell, &path)
                        ),
                    );
                    status = 1;
                    break;
                }
            }
            let (parent, _) = crate::engine::vfs::split_parent(&current);
            if !parents || parent == "/" {
                break;
            }
            current = parent.to_string();
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn removes_files_and_trees() {
        let (fs, status, _) = debian("rm -rf /var/lib/dpkg/info /etc/hostname && rm -f /nope");
        assert_eq!(status, 0);
        assert!(!fs.exists("/var/lib/dpkg/info"));
        assert!(!fs.exists("/etc/hostname"));
        assert_eq!(
            debian("rm /etc").2,
            "rm: cannot remove '/etc': Is a directory\n"
        );
        assert_eq!(
            debian("rm /nope").2,
            "rm: cannot remove '/nope': No such file or directory\n"
        );
        assert_eq!(
            debian("rmdir /etc").2,
            "rmdir: failed to remove '/etc': Directory not empty\n"
        );
        assert_eq!(
            debian("rm -rf /").2,
            "rm: it is dangerous to operate recursively on '/'\n"
        );
    }
}
