//! What the programs share: reading their flags, writing a file as the
//! shell's user, and wording messages as GNU or BusyBox does.

use crate::engine::catalog::ShellFlavor;
use crate::engine::content::Content;
use crate::engine::vfs::{split_parent, Node};

use super::super::state::{Io, Shell};

/// Splits `args` (after the program name) into short flags and operands;
/// `--` ends the flags and long options are kept whole among the flags.
pub fn options(args: &[String]) -> (Vec<String>, Vec<String>) {
    let mut flags = Vec::new();
    let mut operands = Vec::new();
    let mut rest = args.iter();
    for arg in rest.by_ref() {
        if arg == "--" {
            break;
        }
        if arg.starts_with("--") {
            flags.push(arg.clone());
        } else if arg.len() > 1 && arg.starts_with('-') {
            flags.extend(arg[1..].chars().map(|c| c.to_string()));
        } else {
            operands.push(arg.clone());
        }
    }
    operands.extend(rest.cloned());
    (flags, operands)
}

/// Whether a flag (`r`, or a long `--recursive`) is among `flags`.
pub fn has(flags: &[String], names: &[&str]) -> bool {
    flags.iter().any(|f| names.contains(&f.as_str()))
}

/// Writes a file (replacing what is there), making its parents; owned
/// by the shell's user.
pub fn write_file(shell: &mut Shell, path: &str, content: Content, mode: u32) {
    let meta = shell.new_meta(mode);
    let _ = shell
        .fs
        .mkdir_all(split_parent(path).0, shell.new_meta(0o755));
    // `put` replaces whatever is there (a link itself, not its target).
    let _ = shell.fs.put(path, Node::file(content, meta));
}

/// `prog: message` on standard error.
pub fn complain(io: &mut Io, program: &str, message: &str) {
    io.err(&format!("{program}: {message}\n"));
}

/// Whether the image's tools are BusyBox (worded differently from GNU).
pub fn busybox(shell: &Shell) -> bool {
    shell.flavor == ShellFlavor::Ash
}

/// GNU quotes paths in messages; BusyBox does not.
pub fn quoted(shell: &Shell, path: &str) -> String {
    if busybox(shell) {
        path.to_string()
    } else {
        format!("'{path}'")
    }
}
