//! `stagecraft parse`: a Dockerfile's syntax tree, as BuildKit dumps it
//! or as JSON.

use std::io::{Read, Write};

use super::args::{read_dockerfile, usage_error};
use super::host;
use crate::dockerfile::dump::dump;
use crate::dockerfile::instruction::Dockerfile;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DumpFormat {
    Buildkit,
    Json,
}

pub fn run(
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
        match read_dockerfile(path, host::parent_of(path)) {
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
    // Parsing is linear: the page's cap on instructions (a limit of the
    // simulation) does not apply to reading one.
    let dockerfile = Dockerfile::parse_limited(&source, usize::MAX);
    let name = if file == "-" { "<stdin>" } else { file };
    for diagnostic in &dockerfile.diagnostics {
        let _ = writeln!(stderr, "{}", diagnostic.render(name));
    }
    // As BuildKit's parser: the tree is printed whenever the parser
    // accepts the text. Problems in the instructions (an unknown flag, a
    // CMD before any FROM) come after parsing: on standard error, status 1.
    if dockerfile.ast.diagnostics.iter().any(|d| d.is_error()) {
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
        Ok(()) => i32::from(dockerfile.has_errors()),
        Err(_) => 2,
    }
}
