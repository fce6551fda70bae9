//! `stagecraft build`: a simulated `docker build` of a directory.

use std::io::Write;

use serde::Serialize;

use super::args::{build_from_args, report_error, warning_line, Built, Output};
use crate::engine::build::{Build, StageBase, StageStatus};
use crate::engine::image::{human_size, FileEntry};

pub fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let built: Built = match build_from_args(args, stderr) {
        Ok(built) => built,
        Err(status) => return status,
    };
    let (result, name, output) = (&built.build, &built.name, built.output);
    let printed = match output {
        Output::Report => report(result, stdout),
        Output::ListFiles => match result.image() {
            Some(image) => stdout.write_all(image.listing().as_bytes()),
            None => Ok(()),
        },
        Output::Json => write_json(result, stdout),
        Output::Inspect => stdout.write_all(crate::engine::inspect::inspect(result).as_bytes()),
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
                    name,
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
                warning_line(name, warning.line(), &warning.to_string())
            );
        }
    }
    report_error(
        result,
        name,
        matches!(output, Output::Json | Output::ListFiles),
        stderr,
    )
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
        // A stand-in base says what it does to the size.
        for warning in build
            .warnings
            .iter()
            .filter(|w| w.line() == stage.line && w.kind.code() == "stand_in_image")
        {
            writeln!(out, "    warning: {warning}")?;
        }
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
