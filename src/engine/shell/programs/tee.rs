//! `tee [-a] FILE...`

use super::super::state::{Io, Shell};
use super::common::{complain, has, options};

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let (flags, files) = options(&args[1..]);
    let append = has(&flags, &["a", "--append"]);
    let input = std::mem::take(&mut io.stdin);
    let mut status = 0;
    for file in files {
        let path = shell.path(&file);
        let written = shell
            .open_for_write(&path, !append)
            .and_then(|()| shell.append_file(&path, &input));
        if let Err(message) = written {
            complain(io, "tee", &format!("{file}: {message}"));
            status = 1;
        }
    }
    io.out_bytes(&input);
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn copies_input_to_files() {
        let (fs, status, out) = debian("echo a | tee /x && echo b | tee -a /x >/dev/null");
        assert_eq!((status, out.as_str()), (0, "a\n"));
        assert_eq!(fs.read("/x").unwrap().as_text(), Some("a\nb\n"));
    }
}
