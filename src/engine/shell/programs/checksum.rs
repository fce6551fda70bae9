//! `sha256sum`, `sha512sum`, `sha1sum`, `md5sum`: with `-c`, each listed
//! file is checked (`NAME: OK`, or `FAILED open or read` when it is not
//! there); without, each file's line is printed. Stagecraft computes no
//! real hash (a download's bytes are not even held), so a listed file
//! that is there is taken to match: what the check catches is a file
//! missing, a name mistyped or a download that did not happen. A note
//! says when a download was taken on trust.

use super::super::state::{Io, Shell};

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let name = args[0].rsplit('/').next().unwrap_or(&args[0]).to_string();
    let check = args[1..].iter().any(|a| a == "-c" || a == "--check");
    let quiet = args[1..].iter().any(|a| a == "--quiet" || a == "--status");
    let operands: Vec<&String> = args[1..]
        .iter()
        .filter(|a| !a.starts_with('-') || *a == "-")
        .collect();
    if !check {
        let mut status = 0;
        for file in operands {
            match shell.fs.read(&shell.path(file)) {
                Ok(content) => {
                    let digest = content.digest().to_string();
                    let sum: String = digest.chars().cycle().take(hex_len(&name)).collect();
                    io.out(&format!("{sum}  {file}\n"));
                }
                Err(_) => {
                    io.err(&format!("{name}: {file}: No such file or directory\n"));
                    status = 1;
                }
            }
        }
        return status;
    }
    // The list: standard input, or the files named.
    let mut lists = String::new();
    if operands.is_empty() || operands.iter().any(|o| *o == "-") {
        lists.push_str(&String::from_utf8_lossy(&io.stdin));
    }
    for file in operands.iter().filter(|o| **o != "-") {
        match shell
            .fs
            .read(&shell.path(file))
            .ok()
            .and_then(|c| c.as_text().map(str::to_string))
        {
            Some(text) => lists.push_str(&text),
            None => {
                io.err(&format!("{name}: {file}: No such file or directory\n"));
                return 1;
            }
        }
    }
    let mut unreadable = 0;
    let mut downloads = Vec::new();
    for line in lists.lines().filter(|l| !l.trim().is_empty()) {
        let Some((_, file)) = line.split_once(char::is_whitespace) else {
            continue;
        };
        let file = file.trim_start().trim_start_matches('*');
        match shell.fs.read(&shell.path(file)) {
            Ok(content) => {
                if content.origin().is_some() {
                    downloads.push(file.to_string());
                }
                if !quiet {
                    io.out(&format!("{file}: OK\n"));
                }
            }
            Err(_) => {
                io.err(&format!("{name}: {file}: No such file or directory\n"));
                io.out(&format!("{file}: FAILED open or read\n"));
                unreadable += 1;
            }
        }
    }
    if !downloads.is_empty() {
        shell.note(format!(
            "{name} -c: {} is a download Stagecraft does not hold byte by byte; taken to match its published sum",
            downloads.join(", ")
        ));
    }
    if unreadable > 0 {
        let files = if unreadable == 1 { "file" } else { "files" };
        io.err(&format!(
            "{name}: WARNING: {unreadable} listed {files} could not be read\n"
        ));
        return 1;
    }
    0
}

/// The length in hex digits of the tool's sums.
fn hex_len(name: &str) -> usize {
    match name {
        "md5sum" => 32,
        "sha1sum" => 40,
        "sha512sum" => 128,
        _ => 64,
    }
}
