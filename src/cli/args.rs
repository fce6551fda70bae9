//! What the commands share: the usage text, the build flags every
//! building command takes, reading the Dockerfile, and how an error or a
//! warning is printed.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::host;
use super::images::catalog as builtin;
use crate::engine::build::Build;
use crate::engine::{build, BuildContext, BuildOptions};

pub(crate) const USAGE: &str = "\
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
  stagecraft lessons check [-v] [DIR]
  stagecraft grade --lesson ID [--lessons DIR] [--context DIR]
                   [--answer QUESTION=LETTER]... [--json] DOCKERFILE

parse reads a Dockerfile as BuildKit does (FILE `-` reads standard input)
and prints its syntax tree: BuildKit's own dump format (the default), or
JSON with every instruction, stage and span. Problems are printed as
FILE:LINE:COL: error: MESSAGE, and the exit status is 1. It reads any
number of instructions (building stops at 5,000, a simulation limit).

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
big or unsafe (rules SC001 to SC019, each printed with why and the fix,
and the hadolint rule it matches); it exits 1 when it finds anything, and 3
when the Dockerfile does not build (saying which rules it could check only
up to the failure).

diff lists what was added, modified and removed, with sizes: between two
layers of the final image (numbered from 0, as analyze lists them),
two stages, or this build's image and the one another Dockerfile builds
from the same context.

rebuild builds, edits the context (PATH=CONTENT writes the file, PATH alone
appends a line to it), builds again, and prints each step as CACHED or
rebuilt with the reason of the first miss, as BuildKit's cache would.

lessons check verifies a course: the lessons built in (or DIR's *.md
but README.md): each parses, its starter builds and fails a check, its
solution passes every check with three stars and draws no note, and
each of its (at least three) known wrong solutions fails. It exits 1
naming the lesson and the check when one does not hold. -v shows what
failed each wrong solution.

grade grades DOCKERFILE as the answer to lesson ID (built in, or from
--lessons DIR) over the lesson's files (or --context DIR): each check,
pass or fail, with why, and the stars against the reference solution.
--answer answers the lesson's questions by option letter (a, b, ...).
It exits 0 when every check passes, 1 when not.

A base image is built from its packages the first time a command uses
it, then kept, as Docker keeps pulled images, in
$XDG_CACHE_HOME/stagecraft/images (or ~/.cache/stagecraft/images); the
next commands read it back. STAGECRAFT_IMAGE_CACHE=DIR keeps them in DIR,
STAGECRAFT_IMAGE_CACHE=off not at all.
";

pub(crate) fn usage_error(stderr: &mut dyn Write, message: &str) -> i32 {
    let _ = writeln!(stderr, "stagecraft: {message}\n\n{USAGE}");
    2
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    Report,
    Json,
    ListFiles,
    Inspect,
}

/// A build the command line asked for, done.
pub(crate) struct Built {
    pub build: Build,
    pub source: String,
    pub context: BuildContext,
    /// The context directory, and the Dockerfile's path in it.
    pub context_dir: PathBuf,
    pub dockerfile_in_context: String,
    pub options: BuildOptions,
    /// The Dockerfile as messages name it.
    pub name: String,
    pub output: Output,
}

impl Built {
    pub fn json(&self) -> bool {
        self.output == Output::Json
    }
}

impl Drop for Built {
    /// A command exits right after its build: taking apart the stages'
    /// trees (tens of thousands of entries over a large image) would cost
    /// as much as a short command's own work. A thread takes them apart
    /// while the command ends, and the exit does not wait for it.
    fn drop(&mut self) {
        let stages = std::mem::take(&mut self.build.stages);
        let files = std::mem::take(&mut self.context.files);
        let spawned = std::thread::Builder::new().spawn(move || drop((stages, files)));
        // No thread to be had: taken apart here.
        drop(spawned);
    }
}

/// Reads the build flags (`-f`, `--context`, `--target`, `--build-arg`,
/// `--legacy`, `--strict`, the output flags), the Dockerfile and the
/// context, and builds. Err is the exit status, the message written.
pub(crate) fn build_from_args(args: &[String], stderr: &mut dyn Write) -> Result<Built, i32> {
    let mut dockerfile: Option<PathBuf> = None;
    let mut context = PathBuf::from(".");
    let mut options = BuildOptions::default();
    let mut output = Output::Report;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg, None),
        };
        let mut value = || -> Option<String> {
            if inline.is_some() {
                return inline.clone();
            }
            i += 1;
            args.get(i).cloned()
        };
        match flag {
            "-f" | "--file" => match value() {
                Some(v) => dockerfile = Some(PathBuf::from(v)),
                None => return Err(usage_error(stderr, "-f needs a Dockerfile")),
            },
            "--context" => match value() {
                Some(v) => context = PathBuf::from(v),
                None => return Err(usage_error(stderr, "--context needs a directory")),
            },
            "--target" => match value() {
                Some(v) => options.target = Some(v),
                None => return Err(usage_error(stderr, "--target needs a stage name")),
            },
            "--build-arg" => match value() {
                Some(v) => {
                    let (k, val) = v.split_once('=').unwrap_or((v.as_str(), ""));
                    options.build_args.push((k.to_string(), val.to_string()));
                }
                None => return Err(usage_error(stderr, "--build-arg needs KEY=VALUE")),
            },
            "--legacy" => options.legacy_builder = true,
            "--strict" => options.strict = true,
            "--json" => output = Output::Json,
            "--list-files" => output = Output::ListFiles,
            "--inspect" => output = Output::Inspect,
            other if other.starts_with('-') => {
                return Err(usage_error(stderr, &format!("unknown option {other}")))
            }
            // `stagecraft build DIR`, as `docker build DIR`.
            other => context = PathBuf::from(other),
        }
        i += 1;
    }
    let dockerfile_path = dockerfile
        .clone()
        .unwrap_or_else(|| context.join("Dockerfile"));
    let source = match read_dockerfile(&dockerfile_path, &context) {
        Ok(source) => source,
        Err(error) => {
            let _ = writeln!(stderr, "stagecraft: {error}");
            return Err(error.status());
        }
    };
    let in_context = relative_to(&dockerfile_path, &context);
    // A Dockerfile outside the context brings its own ignore file, if any.
    let beside = match in_context {
        Some(_) => None,
        None => host::ignore_file_beside(&dockerfile_path),
    };
    let name_in_context = in_context.unwrap_or_else(|| "Dockerfile".to_string());
    let context_tree = match host::read_context_beside(&context, &name_in_context, &[], beside) {
        Ok(c) => c,
        Err(error) => {
            let _ = writeln!(stderr, "stagecraft: {error}");
            return Err(error.status());
        }
    };
    let result = build(&source, &context_tree, &options, builtin());
    let dockerfile_in_context = name_in_context.clone();
    let name = dockerfile
        .as_deref()
        .map_or_else(|| "Dockerfile".to_string(), |p| p.display().to_string());
    Ok(Built {
        build: result,
        source,
        context: context_tree,
        context_dir: context,
        dockerfile_in_context,
        options,
        name,
        output,
    })
}

/// Writes the build's error (with what its process printed, when
/// `with_output`); the exit status: 0 without an error, else 1.
pub(crate) fn report_error(
    result: &Build,
    name: &str,
    with_output: bool,
    stderr: &mut dyn Write,
) -> i32 {
    match &result.error {
        None => 0,
        Some(error) => {
            if !error.output.is_empty() && with_output {
                let _ = stderr.write_all(error.output.as_bytes());
            }
            let place = if error.line() > 0 {
                format!("{name}:{}", error.line())
            } else {
                name.to_string()
            };
            let _ = writeln!(stderr, "{place}: ERROR: {error}");
            1
        }
    }
}

pub(crate) fn warning_line(name: &str, line: usize, message: &str) -> String {
    if line > 0 {
        format!("{name}:{line}: WARNING: {message}")
    } else {
        format!("{name}: WARNING: {message}")
    }
}

/// Reads a Dockerfile given to a command: a regular file, or a link to
/// one inside `context` or the Dockerfile's own directory. No more than
/// the limit and a byte is read: the build says where the limit falls.
pub(crate) fn read_dockerfile(path: &Path, context: &Path) -> Result<String, host::HostError> {
    let (bytes, _) = host::read_file(
        path,
        &[context, host::parent_of(path)],
        crate::limits::DOCKERFILE_BYTES + 1,
    )?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn relative_to(path: &Path, dir: &Path) -> Option<String> {
    let path = path.canonicalize().ok()?;
    let dir = dir.canonicalize().ok()?;
    Some(path.strip_prefix(dir).ok()?.to_string_lossy().into_owned())
}
