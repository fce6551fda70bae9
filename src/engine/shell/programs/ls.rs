//! `ls [-la1dAR] [PATH...]`

use crate::engine::users::{group_name, user_name};
use crate::engine::vfs::{Meta, Node};

use super::super::state::{Io, Shell};
use super::common::{busybox, complain, has, options};

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let (flags, mut paths) = options(&args[1..]);
    let long = has(&flags, &["l"]);
    let all = has(&flags, &["a", "--all"]);
    let almost_all = has(&flags, &["A", "--almost-all"]);
    let directory = has(&flags, &["d", "--directory"]);
    if paths.is_empty() {
        paths.push(".".to_string());
    }
    let many = paths.len() > 1;
    let mut status = 0;
    let mut first = true;
    for path in paths {
        let full = shell.path(&path);
        let node = match shell.fs.lookup(&full, true) {
            Ok((_, node)) => node.clone(),
            Err(_) if full == "/" => Node::dir(shell.fs.root_meta()),
            Err(_) => {
                let message = if busybox(shell) {
                    format!("{path}: No such file or directory")
                } else {
                    format!("cannot access '{path}': No such file or directory")
                };
                complain(io, "ls", &message);
                status = 2;
                continue;
            }
        };
        let entries: Vec<(String, Node)> = match &node {
            Node::Dir(dir) if !directory => {
                let mut list: Vec<(String, Node)> = Vec::new();
                if all {
                    list.push((".".into(), node.clone()));
                    list.push(("..".into(), node.clone()));
                }
                list.extend(
                    dir.entries
                        .iter()
                        .filter(|(n, _)| all || almost_all || !n.starts_with('.'))
                        .map(|(n, e)| (n.clone(), e.clone())),
                );
                if many {
                    if !first {
                        io.out("\n");
                    }
                    io.out(&format!("{path}:\n"));
                }
                list
            }
            _ => vec![(path.clone(), node.clone())],
        };
        first = false;
        for (name, entry) in entries {
            if long {
                io.out(&format!("{}\n", long_line(shell, &name, &entry)));
            } else {
                io.out(&format!("{name}\n"));
            }
        }
    }
    status
}

fn long_line(shell: &Shell, name: &str, node: &Node) -> String {
    let meta = node.meta();
    let kind = match node {
        Node::Dir(_) => 'd',
        Node::Symlink(_) => 'l',
        Node::File(_) => '-',
    };
    let size = match node {
        Node::Dir(_) => 4096,
        Node::Symlink(s) => s.target.len() as u64,
        Node::File(f) => f.content.size(),
    };
    let owner = user_name(shell.fs, meta.uid).unwrap_or_else(|| meta.uid.to_string());
    let group = group_name(shell.fs, meta.gid).unwrap_or_else(|| meta.gid.to_string());
    let target = match node {
        Node::Symlink(s) => format!(" -> {}", s.target),
        _ => String::new(),
    };
    format!(
        "{kind}{} 1 {owner:<8} {group:<8} {size:>8} Jan  1 00:00 {name}{target}",
        permissions(meta)
    )
}

/// `rwxr-xr-x`, with setuid, setgid and sticky bits.
pub fn permissions(meta: Meta) -> String {
    let m = meta.mode;
    let bit = |mask: u32, c: char| if m & mask != 0 { c } else { '-' };
    let special = |x: bool, s: bool, lower: char, upper: char| match (x, s) {
        (true, true) => lower,
        (false, true) => upper,
        (true, false) => 'x',
        (false, false) => '-',
    };
    format!(
        "{}{}{}{}{}{}{}{}{}",
        bit(0o400, 'r'),
        bit(0o200, 'w'),
        special(m & 0o100 != 0, m & 0o4000 != 0, 's', 'S'),
        bit(0o040, 'r'),
        bit(0o020, 'w'),
        special(m & 0o010 != 0, m & 0o2000 != 0, 's', 'S'),
        bit(0o004, 'r'),
        bit(0o002, 'w'),
        special(m & 0o001 != 0, m & 0o1000 != 0, 't', 'T'),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn lists() {
        assert_eq!(
            debian("mkdir /d && touch /d/b /d/a /d/.h && ls /d && ls -A /d | head -1").2,
            "a\nb\n.h\n"
        );
        let (_, _, out) = debian("ls -l /etc/shadow");
        assert_eq!(
            out,
            "-rw-r----- 1 root     shadow        474 Jan  1 00:00 /etc/shadow\n"
        );
        assert_eq!(
            debian("ls /nope").2,
            "ls: cannot access '/nope': No such file or directory\n"
        );
    }
}
