//! The `stagecraft` command line: one file per command, the argument
//! helpers they share in `args.rs`, the host reader in `host.rs`.

use std::io::{Read, Write};

mod analyze;
mod args;
mod build;
pub mod host;
mod images;
mod lessons;
mod parse;
pub mod terminal;

use args::usage_error;

/// Runs the command line; returns the exit status.
pub fn run(
    args: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    // Whatever a submission makes the commands print reaches a terminal:
    // escape sequences in it are shown, not acted on.
    let mut stdout = terminal::Escaped::new(stdout);
    let mut stderr = terminal::Escaped::new(stderr);
    let status = dispatch(args, stdin, &mut stdout, &mut stderr);
    let flushed = stdout.flush().and(stderr.flush());
    if flushed.is_err() && status == 0 {
        return 2;
    }
    status
}

fn dispatch(
    args: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    match args.first().map(String::as_str) {
        Some("parse") => parse::run(&args[1..], stdin, stdout, stderr),
        Some("build") => build::run(&args[1..], stdout, stderr),
        Some("analyze") => analyze::run(&args[1..], stdout, stderr),
        Some("lint") => analyze::lint_command(&args[1..], stdout, stderr),
        Some("diff") => analyze::diff_command(&args[1..], stdout, stderr),
        Some("rebuild") => analyze::rebuild_command(&args[1..], stdout, stderr),
        Some("lessons") => lessons::lessons_command(&args[1..], stdout, stderr),
        Some("grade") => lessons::grade_command(&args[1..], stdout, stderr),
        Some("--help" | "-h" | "help") => {
            let _ = stdout.write_all(args::USAGE.as_bytes());
            0
        }
        Some("--version" | "-V") => {
            let _ = writeln!(stdout, "stagecraft {}", env!("CARGO_PKG_VERSION"));
            0
        }
        _ => usage_error(stderr, "expected a command"),
    }
}
