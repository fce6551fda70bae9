//! `stagecraft build`: a simulated `docker build` of a directory.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{host, usage_error};
use crate::engine::build::{Build, StageBase, StageStatus};
use crate::engine::catalog::builtin;
use crate::engine::image::{human_size, FileEntry};
use crate::engine::{build, BuildContext, BuildOptions};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
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
    output: Output,
}

impl Built {
    pub fn json(&self) -> bool {
        self.output == Output::Json
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
    let name_in_context =
        relative_to(&dockerfile_path, &context).unwrap_or_else(|| "Dockerfile".to_string());
    let context_tree = match host::read_context(&context, &name_in_context, &[]) {
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

pub fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let Built {
        build: result,
        name,
        output,
        ..
    } = match build_from_args(args, stderr) {
        Ok(built) => built,
        Err(status) => return status,
    };
    let printed = match output {
        Output::Report => report(&result, stdout),
        Output::ListFiles => match result.image() {
            Some(image) => stdout.write_all(image.listing().as_bytes()),
            None => Ok(()),
        },
        Output::Json => write_json(&result, stdout),
        Output::Inspect => stdout.write_all(crate::engine::inspect::inspect(&result).as_bytes()),
    };
    if printed.is_err() {
        return 2;
    }
    for diagnostic in result.diagnostics.iter().filter(|d| !d.is_error()) {
        if matches!(output, Output::Json | Output::ListFiles) {
            let _ = writeln!(
                stderr,
                "{}",
                warning_line(
                    &name,
                    diagnostic.span.start.line,
                    &diagnostic.kind.to_string()
                )
            );
        }
    }
    for warning in &result.warnings {
        if matches!(output, Output::Json | Output::ListFiles) {
            let _ = writeln!(
                stderr,
                "{}",
                warning_line(&name, warning.line(), &warning.to_string())
            );
        }
    }
    report_error(
        &result,
        &name,
        matches!(output, Output::Json | Output::ListFiles),
        stderr,
    )
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

fn warning_line(name: &str, line: usize, message: &str) -> String {
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

/// The `docker build` style report: stages, steps with sizes, warnings,
/// then the image's layers.
fn report(build: &Build, out: &mut dyn Write) -> std::io::Result<()> {
    let context = &build.context;
    writeln!(
        out,
        "context: {} in {} entries{}",
        human_size(context.size),
        context.entries,
        match &context.ignore_file {
            Some(f) => format!(", {} excluded by {f}", context.excluded.len()),
            None => String::new(),
        }
    )?;
    for stage in &build.stages {
        let name = &stage.display_name;
        match stage.status {
            StageStatus::Skipped => {
                writeln!(out, "[{name}] skipped: the target does not need this stage")?;
                continue;
            }
            StageStatus::NotReached => {
                writeln!(out, "[{name}] not built: the build stopped before it")?;
                continue;
            }
            _ => {}
        }
        let total = stage.steps.len() + 1;
        let base = match &stage.base {
            Some(StageBase::Scratch) => "scratch".to_string(),
            Some(StageBase::Stage { index }) => {
                format!("stage {}", build.stages[*index].display_name)
            }
            Some(StageBase::Image {
                used,
                requested,
                exact,
            }) => {
                if *exact {
                    used.clone()
                } else {
                    format!("{used} (for {requested})")
                }
            }
            None => "?".to_string(),
        };
        let base_size = stage.image.as_ref().map_or(0, |i| i.base_size());
        writeln!(
            out,
            "[{name} 1/{total}] line {}: FROM {base}  {}",
            stage.line,
            human_size(base_size)
        )?;
        for (i, step) in stage.steps.iter().enumerate() {
            let size = if step.layer.is_some() {
                human_size(step.size)
            } else {
                "(config)".to_string()
            };
            let trigger = if step.trigger {
                " (ONBUILD trigger)"
            } else {
                ""
            };
            writeln!(
                out,
                "[{name} {}/{total}] line {}: {}{trigger}  {size}",
                i + 2,
                step.line,
                one_line(&step.instruction)
            )?;
            for line in step.output.lines().take(20) {
                writeln!(out, "    | {line}")?;
            }
            for warning in &step.warnings {
                writeln!(out, "    warning: {warning}")?;
            }
        }
    }
    for warning in build.warnings.iter().filter(|w| w.line() == 0) {
        writeln!(out, "warning: {warning}")?;
    }
    // Build checks, as docker build lists them after the build.
    let checks: Vec<_> = build.diagnostics.iter().filter(|d| !d.is_error()).collect();
    if !checks.is_empty() {
        let s = if checks.len() == 1 { "" } else { "s" };
        writeln!(out, "{} warning{s} found:", checks.len())?;
        for check in checks {
            writeln!(out, " - {} (line {})", check.kind, check.span.start.line)?;
        }
    }
    if let Some(error) = &build.error {
        for line in error.output.lines().take(40) {
            writeln!(out, "    | {line}")?;
        }
        return Ok(());
    }
    let Some(image) = build.image() else {
        return Ok(());
    };
    writeln!(out)?;
    writeln!(
        out,
        "image: {} in {} layers ({} from base images)",
        human_size(image.size()),
        image.layers.len(),
        human_size(image.base_size())
    )?;
    writeln!(out, "{:<10} CREATED BY", "SIZE")?;
    for layer in image.layers.iter().rev() {
        writeln!(
            out,
            "{:<10} {}",
            human_size(layer.size),
            one_line(&layer.created_by)
        )?;
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 100 {
        format!("{}...", flat.chars().take(97).collect::<String>())
    } else {
        flat
    }
}

#[derive(Serialize)]
struct FinalImage<'a> {
    size: u64,
    files: Vec<FileEntry>,
    config: &'a crate::engine::config::ImageConfig,
    history: &'a [crate::engine::config::History],
}

#[derive(Serialize)]
struct JsonBuild<'a> {
    #[serde(flatten)]
    build: &'a Build,
    #[serde(rename = "final")]
    image: Option<FinalImage<'a>>,
}

fn write_json(build: &Build, out: &mut dyn Write) -> std::io::Result<()> {
    let image = build.image().map(|image| FinalImage {
        size: image.size(),
        files: image.files(),
        config: &image.config,
        history: &image.history,
    });
    let json =
        serde_json::to_string_pretty(&JsonBuild { build, image }).map_err(std::io::Error::other)?;
    out.write_all(json.as_bytes())?;
    out.write_all(b"\n")
}
