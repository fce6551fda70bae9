//! `cat [FILE...]`

use super::super::state::{Io, Shell};
use super::common::{complain, options};

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let (_, files) = options(&args[1..]);
    if files.is_empty() {
        let input = std::mem::take(&mut io.stdin);
        io.out_bytes(&input);
        return 0;
    }
    let mut status = 0;
    for file in files {
        if file == "-" {
            let input = std::mem::take(&mut io.stdin);
            io.out_bytes(&input);
            continue;
        }
        match shell.fs.read(&shell.path(&file)) {
            Ok(content) => {
                if let Some(bytes) = content.data() {
                    io.out_bytes(bytes);
                }
            }
            Err(e) => {
                complain(io, "cat", &format!("{file}: {}", e.reason()));
                status = 1;
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn concatenates() {
        assert_eq!(
            debian("cat /etc/hostname /etc/debian_version").2,
            "localhost\n12.15\n"
        );
        assert_eq!(debian("echo piped | cat").2, "piped\n");
        assert_eq!(
            debian("cat /nope").2,
            "cat: /nope: No such file or directory\n"
        );
    }
}
