//! `cp [-r] [-a|-p] [-f] [-n] [-L|-P] [-T] SOURCE... DEST`

use std::sync::Arc;

use crate::engine::vfs::{split_parent, Dir, Meta, Node};

use super::super::state::{Io, Shell};
use super::common::{complain, has, options, quoted};

struct Options {
    recursive: bool,
    preserve: bool,
    no_clobber: bool,
    dereference: bool,
    no_target_directory: bool,
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let (flags, mut operands) = options(&args[1..]);
    let archive = has(&flags, &["a", "--archive"]);
    let recursive = archive || has(&flags, &["r", "R", "--recursive"]);
    let opts = Options {
        recursive,
        preserve: archive || has(&flags, &["p", "--preserve"]),
        no_clobber: has(&flags, &["n", "--no-clobber"]),
        // Recursive copies keep links unless told otherwise.
        dereference: has(&flags, &["L", "--dereference"])
            || (!recursive && !has(&flags, &["P", "d", "--no-dereference"])),
        no_target_directory: has(&flags, &["T", "--no-target-directory"]),
    };
    if operands.len() < 2 {
        complain(io, "cp", "missing file operand");
        return 1;
    }
    let dest = operands.pop().unwrap_or_default();
    let dest_path = shell.path(&dest);
    let dest_is_dir = !opts.no_target_directory && shell.fs.is_dir(&dest_path);
    if operands.len() > 1 && !dest_is_dir {
        complain(
            io,
            "cp",
            &format!("target {} is not a directory", quoted(shell, &dest)),
        );
        return 1;
    }
    let mut status = 0;
    for source in operands {
        let from = shell.path(&source);
        let node = match shell.fs.lookup(&from, opts.dereference) {
            Ok((_, node)) => node.clone(),
            Err(_) if from == "/" => Node::Dir(Arc::new(shell.fs.root().clone())),
            Err(_) => {
                complain(
                    io,
                    "cp",
                    &format!(
                        "cannot stat {}: No such file or directory",
                        quoted(shell, &source)
                    ),
                );
                status = 1;
                continue;
            }
        };
        if matches!(node, Node::Dir(_)) && !opts.recursive {
            complain(
                io,
                "cp",
                &format!(
                    "-r not specified; omitting directory {}",
                    quoted(shell, &source)
                ),
            );
            status = 1;
            continue;
        }
        // `src/.` copies the contents of src.
        let contents_only = source.ends_with("/.") || source == ".";
        let to = if dest_is_dir && !contents_only {
            format!(
                "{}/{}",
                dest_path.trim_end_matches('/'),
                split_parent(&from).1
            )
        } else {
            dest_path.clone()
        };
        if let Err(message) = copy(shell, &node, &to, &opts) {
            complain(io, "cp", &message);
            status = 1;
        }
    }
    status
}

/// Copies `node` to `to`, merging into an existing directory.
fn copy(shell: &mut Shell, node: &Node, to: &str, opts: &Options) -> Result<(), String> {
    // Each entry copied is a step: copying a tree into itself again and
    // again stops at the step limit, not when memory runs out.
    if !shell.spend(1) {
        return Err(format!(
            "cannot copy to '{to}': stopped at Stagecraft's step limit"
        ));
    }
    let existing = shell.fs.lookup(to, true).ok().map(|(_, n)| n.clone());
    match node {
        Node::Dir(dir) => {
            match existing {
                Some(Node::Dir(_)) => {}
                Some(_) => {
                    return Err(format!(
                        "cannot overwrite non-directory '{to}' with directory"
                    ))
                }
                None => {
                    let meta = copied_meta(shell, dir.meta, opts, 0o777);
                    shell
                        .fs
                        .put(to, Node::Dir(Arc::new(Dir::new(meta))))
                        .map_err(|e| format!("cannot create directory '{to}': {}", e.reason()))?;
                }
            }
            for (name, child) in &dir.entries {
                copy(
                    shell,
                    child,
                    &format!("{}/{name}", to.trim_end_matches('/')),
                    opts,
                )?;
            }
            Ok(())
        }
        Node::File(file) => {
            if existing.is_some() && opts.no_clobber {
                return Ok(());
            }
            let meta = match existing {
                Some(Node::Dir(_)) => {
                    return Err(format!(
                        "cannot overwrite directory '{to}' with non-directory"
                    ))
                }
                Some(Node::File(old)) if !opts.preserve => old.meta.at(shell.clock),
                _ => copied_meta(shell, file.meta, opts, 0o666),
            };
            shell
                .fs
                .write_file(to, file.content.clone(), meta)
                .map_err(|e| format!("cannot create regular file '{to}': {}", e.reason()))
        }
        Node::Symlink(link) => {
            let _ = shell.fs.remove(to);
            shell
                .fs
                .put(
                    to,
                    Node::symlink(&link.target, Meta::symlink().at(shell.clock)),
                )
                .map_err(|e| format!("cannot create symbolic link '{to}': {}", e.reason()))
        }
    }
}

/// The new entry's mode and owner: kept with -p/-a, else the source mode
/// less the umask, owned by the user running cp.
fn copied_meta(shell: &Shell, source: Meta, opts: &Options, _create: u32) -> Meta {
    if opts.preserve {
        source.at(shell.clock)
    } else {
        shell.new_meta(source.mode)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn copies_files_and_trees() {
        let (fs, status, out) = debian("mkdir -p /src/sub && echo a > /src/a && echo b > /src/sub/b && cp -r /src /dst && cp /src/a /tmp && cp -a /src/. /merged");
        assert_eq!((status, out.as_str()), (0, ""));
        assert_eq!(fs.read("/dst/sub/b").unwrap().as_text(), Some("b\n"));
        assert_eq!(fs.read("/tmp/a").unwrap().as_text(), Some("a\n"));
        assert!(fs.exists("/merged/sub/b"));
        assert_eq!(
            debian("cp /etc /x").2,
            "cp: -r not specified; omitting directory '/etc'\n"
        );
        assert_eq!(
            debian("cp /nope /x").2,
            "cp: cannot stat '/nope': No such file or directory\n"
        );
        assert_eq!(
            debian("cp /etc/hostname /etc/os-release /nodir").2,
            "cp: target '/nodir' is not a directory\n"
        );
    }
}
