//! `touch [-c] FILE...`: creates files, or marks them changed.

use crate::engine::content::Content;
use crate::engine::vfs::split_parent;

use super::super::state::{Io, Shell};
use super::common::{complain, has, options, quoted};

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let (flags, files) = options(&args[1..]);
    let no_create = has(&flags, &["c", "--no-create"]);
    let mut status = 0;
    for file in files {
        let path = shell.path(&file);
        if shell.fs.exists(&path) {
            let clock = shell.clock;
            let _ = shell.fs.set_meta(&path, true, |m| m.mtime = clock);
            continue;
        }
        if no_create {
            continue;
        }
        let (parent, _) = split_parent(&path);
        if !shell.fs.is_dir(parent) {
            complain(
                io,
                "touch",
                &format!(
                    "cannot touch {}: No such file or directory",
                    quoted(shell, &file)
                ),
            );
            status = 1;
            continue;
        }
        let meta = shell.new_meta(0o666);
        if let Err(e) = shell.fs.write_file(&path, Content::empty(), meta) {
            complain(
                io,
                "touch",
                &format!("cannot touch {}: {}", quoted(shell, &file), e.reason()),
            );
            status = 1;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn creates_or_marks_changed() {
        let (fs, status, _) = debian("touch /new /etc/hostname");
        assert_eq!(status, 0);
        assert_eq!(fs.read("/new").unwrap().size(), 0);
        assert_eq!(fs.get("/etc/hostname").unwrap().meta().mtime, 1);
        assert_eq!(
            debian("touch /nope/x").2,
            "touch: cannot touch '/nope/x': No such file or directory\n"
        );
    }
}
