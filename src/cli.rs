//! The `stagecraft` command line.

use std::io::{Read, Write};

mod analyze;
mod build;
pub mod host;
mod lessons;
pub mod terminal;

use crate::dockerfile::dump::dump;
use crate::dockerfile::instruction::Dockerfile;

const USAGE: &str = "\
Usage:
  stagecraft parse [--dump buildkit|json] FILE
  stagecraft build [-f DOCKERFILE] [--context DIR] [--target NAME]
                   [--build-arg KEY=VALUE]... [--legacy] [--strict]
                   [--json | --list-files | --inspect]
  stagecraft analyze [build options] [--json] [--lowest-efficiency F]
                   [--highest-user-wasted-percent F] [--highest-wasted-bytes N]
                   [--why PATH]...
  stagecraft lint [build options] [--json]
  stagecraft diff [build options] [--json]
                   (--layers I J | --stages A B | --with DOCKERFILE)
  stagecraft rebuild [build options] [--json] --edit PATH[=CONTENT]...
  stagecraft lessons check [DIR]
  stagecraft grade --lesson ID [--lessons DIR] [--context DIR]
                   [--answer QUESTION=LETTER]... [--json] DOCKERFILE

parse reads a Dockerfile as BuildKit does (FILE `-` reads standard input)
and prints its syntax tree: BuildKit's own dump format (the default), or
JSON with every instruction, stage and span. Problems are printed as
FILE:LINE:COL: error: MESSAGE, and the exit status is 1.

build simulates `docker build` of DIR (default: the current directory)
with DIR/Dockerfile (or -f): each stage and step with its layer's size,
then the image's layers, as `docker history` shows them. --list-files
prints every path of the image instead; --inspect the image's config and
each layer's changes with modes, owners and sizes; --json the whole
build. --legacy
builds every stage up to the target, as the classic builder did. --strict
makes stand-ins (images the catalog lacks, programs not simulated)
errors. A failure prints Dockerfile:LINE: ERROR: MESSAGE and exits 1.

analyze builds, then reports the final image: its size, the base image's
share and an estimated compressed size; each layer and stage (and what a
stage left behind); efficiency, wasted bytes and user-wasted percent as
dive computes them, with the wasteful files and the instructions that made
them; how much each instruction put in the image, and what each COPY
--from carried; lint findings; and what `docker run` would do. --why PATH
prints instead the chain of stages and instructions that put PATH in the
image, through COPY --from. --json prints the whole report. The
--lowest-efficiency, --highest-user-wasted-percent (a fraction, as dive
takes it: 0.1 is 10%) and --highest-wasted-bytes rules exit 1 when broken.

lint checks the Dockerfile and the image it builds for what makes images
big or unsafe (rules SC001 to SC016, each printed with why and the fix,
and the hadolint rule it matches); it exits 1 when it finds anything.

diff lists what was added, modified and removed, with sizes: between two
layers of the final image (numbered from 0, as analyze lists them),
two stages, or this build's image and the one another Dockerfile builds
from the same context.

rebuild builds, edits the context (PATH=CONTENT writes the file, PATH alone
appends a line to it), builds again, and prints each step as CACHED or
rebuilt with the reason of the first miss, as BuildKit's cache would.

lessons check verifies a course: the lessons built in (or DIR's *.md
but README.md): each parses, its starter builds and fails a check, its
solution passes every check with three stars. It exits 1 naming the
lesson and the check when one does not hold.

grade grades DOCKERFILE as the answer to lesson ID (built in, or from
--lessons DIR) over the lesson's files (or --context DIR): each check,
pass or fail, with why, and the stars against the reference solution.
--answer answers the lesson's questions by option letter (a, b, ...).
It exits 0 when every check passes, 1 when not.
";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DumpFormat {
    Buildkit,
    Json,
}

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
        Some("parse") => parse_command(&args[1..], stdin, stdout, stderr),
        Some("build") => build::run(&args[1..], stdout, stderr),
        Some("analyze") => analyze::run(&args[1..], stdout, stderr),
        Some("lint") => analyze::lint_command(&args[1..], stdout, stderr),
        Some("diff") => analyze::diff_command(&args[1..], stdout, stderr),
        Some("rebuild") => analyze::rebuild_command(&args[1..], stdout, stderr),
        Some("lessons") => lessons::lessons_command(&args[1..], stdout, stderr),
        Some("grade") => lessons::grade_command(&args[1..], stdout, stderr),
        Some("--help" | "-h" | "help") => {
            let _ = stdout.write_all(USAGE.as_bytes());
            0
        }
        Some("--version" | "-V") => {
            let _ = writeln!(stdout, "stagecraft {}", env!("CARGO_PKG_VERSION"));
            0
        }
        _ => usage_error(stderr, "expected a command"),
    }
}

pub(crate) fn usage_error(stderr: &mut dyn Write, message: &str) -> i32 {
    let _ = writeln!(stderr, "stagecraft: {message}\n\n{USAGE}");
    2
}

fn parse_command(
    args: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let mut format = DumpFormat::Buildkit;
    let mut file: Option<&str> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let value = match arg {
            "--dump" => {
                i += 1;
                match args.get(i) {
                    Some(v) => Some(v.as_str()),
                    None => return usage_error(stderr, "--dump needs a format: buildkit or json"),
                }
            }
            _ => arg.strip_prefix("--dump="),
        };
        if let Some(value) = value {
            format = match value {
                "buildkit" => DumpFormat::Buildkit,
                "json" => DumpFormat::Json,
                other => {
                    return usage_error(
                        stderr,
                        &format!("unknown dump format {other:?}: use buildkit or json"),
                    )
                }
            };
        } else if arg.starts_with("--") {
            return usage_error(stderr, &format!("unknown option {arg}"));
        } else if file.replace(arg).is_some() {
            return usage_error(stderr, "give one FILE");
        }
        i += 1;
    }
    let Some(file) = file else {
        return usage_error(stderr, "give a FILE, or - for standard input");
    };
    let limit = crate::limits::DOCKERFILE_BYTES;
    let source = if file == "-" {
        let mut bytes = Vec::new();
        if let Err(error) = stdin.take(limit as u64 + 1).read_to_end(&mut bytes) {
            let _ = writeln!(stderr, "stagecraft: cannot read standard input: {error}");
            return 2;
        }
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        let path = std::path::Path::new(file);
        match build::read_dockerfile(path, host::parent_of(path)) {
            Ok(source) => source,
            Err(error) => {
                let _ = writeln!(stderr, "stagecraft: {error}");
                return error.status();
            }
        }
    };
    if source.len() > limit {
        // Where the limit falls, as the build says it.
        let cut = (0..=limit)
            .rev()
            .find(|&i| source.is_char_boundary(i))
            .unwrap_or(0);
        let line = source[..cut].matches('\n').count() + 1;
        let _ = writeln!(
            stderr,
            "{}:{line}:1: error: the Dockerfile is too long: over Stagecraft's limit of {limit} bytes",
            if file == "-" { "<stdin>" } else { file }
        );
        return 1;
    }
    let dockerfile = Dockerfile::parse(&source);
    let name = if file == "-" { "<stdin>" } else { file };
    for diagnostic in &dockerfile.diagnostics {
        let _ = writeln!(stderr, "{}", diagnostic.render(name));
    }
    if dockerfile.has_errors() {
        return 1;
    }
    let out = match format {
        DumpFormat::Buildkit => dump(&dockerfile.ast.nodes),
        DumpFormat::Json => match serde_json::to_string_pretty(&dockerfile) {
            Ok(json) => json + "\n",
            Err(error) => {
                let _ = writeln!(stderr, "stagecraft: {error}");
                return 2;
            }
        },
    };
    match stdout.write_all(out.as_bytes()) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}
