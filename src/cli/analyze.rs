//! `stagecraft analyze`: builds, then reports the final image's sizes,
//! efficiency and waste (as dive computes them) and whether it runs; or
//! the same `Report` as JSON. `--lowest-efficiency`,
//! `--highest-user-wasted-percent` and `--highest-wasted-bytes` fail the
//! command (exit 1) as dive's CI mode does, so a course's CI can use it.

use std::io::Write;

use super::args::{build_from_args, report_error, usage_error};
use crate::analysis::{analyze, Report, Verdict};
use crate::engine::image::human_size;

/// dive's rules and whether each holds.
#[derive(Default)]
struct Rules {
    lowest_efficiency: Option<f64>,
    highest_user_wasted_percent: Option<f64>,
    highest_wasted_bytes: Option<u64>,
}

fn parse_number<T: std::str::FromStr>(
    flag: &str,
    value: Option<&String>,
    stderr: &mut dyn Write,
) -> Result<T, i32> {
    value
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| usage_error(stderr, &format!("{flag} needs a number")))
}

/// A fraction, as dive's rules take them: a number from 0 to 1 (NaN and
/// the infinities are none).
fn parse_fraction(flag: &str, value: Option<&String>, stderr: &mut dyn Write) -> Result<f64, i32> {
    match value.and_then(|v| v.parse::<f64>().ok()) {
        Some(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(usage_error(
            stderr,
            &format!("{flag} needs a fraction from 0 to 1 (0.9 is 90%)"),
        )),
    }
}

pub fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let mut rules = Rules::default();
    let mut why: Vec<String> = Vec::new();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let (flag, inline) = match args[i].split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (args[i].clone(), None),
        };
        if flag == "--why" {
            let value = match inline {
                Some(v) => Some(v),
                None => {
                    i += 1;
                    args.get(i).cloned()
                }
            };
            match value {
                Some(path) => why.push(path),
                None => return usage_error(stderr, "--why needs a path of the image"),
            }
            i += 1;
            continue;
        }
        let is_rule = matches!(
            flag.as_str(),
            "--lowest-efficiency" | "--highest-user-wasted-percent" | "--highest-wasted-bytes"
        );
        if !is_rule {
            rest.push(args[i].clone());
            i += 1;
            continue;
        }
        let value = match inline {
            Some(v) => Some(v),
            None => {
                i += 1;
                args.get(i).cloned()
            }
        };
        let parsed = match flag.as_str() {
            "--lowest-efficiency" => parse_fraction(&flag, value.as_ref(), stderr)
                .map(|v| rules.lowest_efficiency = Some(v)),
            "--highest-user-wasted-percent" => parse_fraction(&flag, value.as_ref(), stderr)
                .map(|v| rules.highest_user_wasted_percent = Some(v)),
            _ => parse_number(&flag, value.as_ref(), stderr)
                .map(|v| rules.highest_wasted_bytes = Some(v)),
        };
        if let Err(status) = parsed {
            return status;
        }
        i += 1;
    }
    let built = match build_from_args(&rest, stderr) {
        Ok(built) => built,
        Err(status) => return status,
    };
    if built.build.error.is_some() {
        return report_error(&built.build, &built.name, true, stderr);
    }
    let Some(report) = analyze(&built.context, &built.build) else {
        let _ = writeln!(stderr, "{}: no image to analyze", built.name);
        return 1;
    };
    if !why.is_empty() {
        for path in &why {
            let hops = crate::analysis::lineage::origin(&built.build, path);
            if hops.is_empty() {
                let _ = writeln!(stdout, "{path}: not in the final image");
                continue;
            }
            let _ = writeln!(stdout, "{path}");
            for hop in hops {
                let place = match &hop.base_image {
                    Some(base) => format!("from the base image {base}"),
                    None => format!("line {}", hop.line),
                };
                let _ = writeln!(
                    stdout,
                    "  [{}] {} {place}: {}",
                    hop.stage,
                    hop.path,
                    truncate(&hop.instruction, 90)
                );
            }
        }
        return 0;
    }
    let results = check_rules(&rules, &report);
    let printed = if built.json() {
        serde_json::to_string_pretty(&report)
            .map_err(std::io::Error::other)
            .and_then(|text| writeln!(stdout, "{text}"))
    } else {
        write_report(&report, &results, stdout)
    };
    if printed.is_err() {
        return 2;
    }
    if results.iter().any(|r| r.1 == Outcome::Fail) {
        if built.json() {
            for (rule, _, detail) in results.iter().filter(|r| r.1 == Outcome::Fail) {
                let _ = writeln!(stderr, "FAIL: {rule}: {detail}");
            }
        }
        return 1;
    }
    0
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    Skip,
}

fn check_rules(rules: &Rules, report: &Report) -> Vec<(&'static str, Outcome, String)> {
    let e = &report.efficiency;
    let judge = |ok: bool| if ok { Outcome::Pass } else { Outcome::Fail };
    vec![
        match rules.highest_user_wasted_percent {
            Some(limit) => (
                "highestUserWastedPercent",
                judge(e.user_wasted_percent <= limit),
                format!("{:.4} (limit {limit})", e.user_wasted_percent),
            ),
            None => (
                "highestUserWastedPercent",
                Outcome::Skip,
                "rule disabled".into(),
            ),
        },
        match rules.highest_wasted_bytes {
            Some(limit) => (
                "highestWastedBytes",
                judge(e.wasted_bytes <= limit),
                format!("{} (limit {limit})", e.wasted_bytes),
            ),
            None => ("highestWastedBytes", Outcome::Skip, "rule disabled".into()),
        },
        match rules.lowest_efficiency {
            Some(limit) => (
                "lowestEfficiency",
                judge(e.score >= limit),
                format!("{:.4} (limit {limit})", e.score),
            ),
            None => ("lowestEfficiency", Outcome::Skip, "rule disabled".into()),
        },
    ]
}

fn write_report(
    report: &Report,
    results: &[(&'static str, Outcome, String)],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_sizes(report, out)?;
    write_efficiency(report, out)?;
    write_sources(report, out)?;
    write_findings(report, out)?;
    write_results(results, out)
}

/// The image, its layers and stages, with sizes.
fn write_sizes(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &report.sizes;
    writeln!(out, "Image")?;
    writeln!(
        out,
        "  size: {} ({} from the base image, {:.0}%)",
        human_size(s.image_bytes),
        human_size(s.base_bytes),
        s.base_share * 100.0
    )?;
    writeln!(
        out,
        "  compressed (estimate): {}; {}",
        human_size(s.compressed_bytes),
        s.compression_basis
    )?;
    writeln!(out, "Layers")?;
    for layer in &s.layers {
        let origin = match (&layer.base, layer.line) {
            (Some(base), _) => base.clone(),
            (None, Some(line)) => format!("line {line}"),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "  {:>9}  {:<22} {}",
            human_size(layer.bytes),
            origin,
            truncate(&layer.created_by, 90)
        )?;
    }
    writeln!(out, "Stages")?;
    for stage in &s.stages {
        let what = if stage.target {
            "final image".to_string()
        } else if stage.left_behind_bytes > 0 {
            format!("left behind {}", human_size(stage.left_behind_bytes))
        } else {
            format!("{:?}", stage.status).to_lowercase()
        };
        writeln!(
            out,
            "  {:<20} built {:>9}  {what}",
            stage.name,
            human_size(stage.built_bytes)
        )?;
    }
    Ok(())
}

/// Efficiency and waste, as dive computes them.
fn write_efficiency(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let e = &report.efficiency;
    writeln!(out, "Efficiency (as dive computes it)")?;
    writeln!(out, "  efficiency: {:.4} %", e.score * 100.0)?;
    writeln!(
        out,
        "  wastedBytes: {} bytes ({})",
        e.wasted_bytes,
        human_size(e.wasted_bytes)
    )?;
    writeln!(
        out,
        "  userWastedPercent: {:.4} %",
        e.user_wasted_percent * 100.0
    )?;
    writeln!(
        out,
        "  reclaimable: {} (what squashing the layers would save)",
        human_size(e.reclaimable_bytes)
    )?;
    let b = &report.efficiency_over_base;
    writeln!(
        out,
        "  with the base image as one layer: efficiency {:.4} %, wasted {}, user wasted {:.4} %",
        b.score * 100.0,
        human_size(b.wasted_bytes),
        b.user_wasted_percent * 100.0
    )?;
    if !report.waste.is_empty() {
        writeln!(out, "Inefficient files")?;
        writeln!(out, "  Count  Wasted Space  File Path")?;
        for waste in &report.waste {
            writeln!(
                out,
                "  {:>5}  {:>12}  {}",
                waste.path.count,
                human_size(waste.path.total_bytes),
                waste.path.path
            )?;
            for instruction in &waste.instructions {
                writeln!(out, "                       {}", truncate(instruction, 90))?;
            }
        }
    }
    Ok(())
}

/// How long the steps take, and what put the bytes there.
fn write_sources(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let t = &report.timing;
    writeln!(
        out,
        "Time (simulated): {:.1} s with BuildKit (critical path: {}), {:.1} s with the legacy builder",
        t.buildkit_seconds,
        t.critical_path.join(" -> "),
        t.legacy_seconds
    )?;
    writeln!(out, "What put the bytes there")?;
    for c in report.contributions.iter().take(10) {
        let place = if c.line == 0 {
            "base image".to_string()
        } else {
            format!("line {}", c.line)
        };
        writeln!(
            out,
            "  {:>9}  {:>6} files  {place:<10} {}",
            human_size(c.bytes),
            c.files,
            truncate(&c.instruction, 80)
        )?;
    }
    for copy in &report.copies {
        writeln!(
            out,
            "  [{}] line {}: COPY --from={} carried {} in {} files",
            copy.stage,
            copy.line,
            copy.from,
            human_size(copy.bytes),
            copy.files
        )?;
    }
    Ok(())
}

/// Lint findings and what `docker run` would do.
fn write_findings(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    if !report.lint.is_empty() {
        writeln!(out, "Lint")?;
        for finding in &report.lint {
            writeln!(
                out,
                "  line {}: {} {}: {}",
                finding.line, finding.rule.id, finding.rule.name, finding.message
            )?;
        }
    }
    writeln!(
        out,
        "Run check: docker run {}",
        report.run.command.join(" ")
    )?;
    for step in &report.run.steps {
        writeln!(
            out,
            "  {} {}",
            if step.ok { "ok  " } else { "FAIL" },
            step.check
        )?;
    }
    match &report.run.verdict {
        Verdict::Runs => writeln!(out, "  verdict: runs")?,
        Verdict::Fails {
            message,
            explanation,
        } => {
            writeln!(out, "  verdict: fails")?;
            writeln!(out, "  {message}")?;
            writeln!(out, "  {explanation}")?;
        }
    }
    Ok(())
}

/// The rules given on the command line, as dive prints them.
fn write_results(
    results: &[(&'static str, Outcome, String)],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "Results")?;
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for (rule, outcome, detail) in results {
        match outcome {
            Outcome::Pass => {
                passed += 1;
                writeln!(out, "  PASS: {rule}")?;
            }
            Outcome::Fail => {
                failed += 1;
                writeln!(out, "  FAIL: {rule}: {detail}")?;
            }
            Outcome::Skip => {
                skipped += 1;
                writeln!(out, "  SKIP: {rule}: {detail}")?;
            }
        }
    }
    writeln!(
        out,
        "Result:{} [Total:{}] [Passed:{passed}] [Failed:{failed}] [Warn:0] [Skipped:{skipped}]",
        if failed > 0 { "FAIL" } else { "PASS" },
        results.len()
    )
}

/// `stagecraft lint`: builds (the rules read the final image), then prints
/// each finding with its explanation and fix; exit 1 when there are any.
pub fn lint_command(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let built = match build_from_args(args, stderr) {
        Ok(built) => built,
        Err(status) => return status,
    };
    let findings = crate::analysis::lint::lint(&built.context, &built.build);
    let printed = if built.json() {
        serde_json::to_string_pretty(&findings)
            .map_err(std::io::Error::other)
            .and_then(|text| writeln!(stdout, "{text}"))
    } else {
        findings.iter().try_for_each(|f| {
            writeln!(
                stdout,
                "{}:{}: {} {}: {}",
                built.name, f.line, f.rule.id, f.rule.name, f.message
            )?;
            writeln!(stdout, "  {}", f.rule.explanation)?;
            writeln!(stdout, "  Fix: {}", f.rule.fix)?;
            match f.rule.equivalent {
                Some(e) => writeln!(stdout, "  Also: {e}"),
                None => Ok(()),
            }
        })
    };
    if printed.is_err() {
        return 2;
    }
    if let Some(error) = &built.build.error {
        report_error(&built.build, &built.name, true, stderr);
        // What the image would have shown past the failure is unknown:
        // said, and its own status (findings are 1).
        let _ = writeln!(
            stderr,
            "{}: lint: the build stopped at line {}: the rules that read what the build made (what RUN's programs did, the layers' sizes, the final image) saw only what ran before it",
            built.name,
            error.line()
        );
        return LINT_NOT_BUILT;
    }
    i32::from(!findings.is_empty())
}

/// `stagecraft lint`'s status when the Dockerfile does not build.
pub const LINT_NOT_BUILT: i32 = 3;

/// `stagecraft diff`: two layers of the final image (`--layers I J`),
/// two stages (`--stages A B`), or this build's image against another
/// Dockerfile's over the same context (`--with FILE`).
pub fn diff_command(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    use crate::analysis::diff;
    let mut rest = Vec::new();
    let mut pair: Option<(String, String, String)> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            flag @ ("--layers" | "--stages") => {
                let (Some(a), Some(b)) = (args.get(i + 1), args.get(i + 2)) else {
                    return usage_error(stderr, &format!("{flag} needs two values"));
                };
                pair = Some((flag.to_string(), a.clone(), b.clone()));
                i += 3;
            }
            "--with" => {
                let Some(other) = args.get(i + 1) else {
                    return usage_error(stderr, "--with needs a Dockerfile");
                };
                pair = Some(("--with".into(), other.clone(), String::new()));
                i += 2;
            }
            _ => {
                rest.push(args[i].clone());
                i += 1;
            }
        }
    }
    let Some((kind, a, b)) = pair else {
        return usage_error(
            stderr,
            "give --layers I J, --stages A B or --with DOCKERFILE",
        );
    };
    let built = match build_from_args(&rest, stderr) {
        Ok(built) => built,
        Err(status) => return status,
    };
    if built.build.error.is_some() {
        return report_error(&built.build, &built.name, true, stderr);
    }
    let result = match kind.as_str() {
        "--layers" => {
            let Some(image) = built.build.image() else {
                return 1;
            };
            let (Ok(x), Ok(y)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                return usage_error(stderr, "--layers needs two layer numbers");
            };
            if x >= image.layers.len() || y >= image.layers.len() {
                let _ = writeln!(
                    stderr,
                    "stagecraft: the image has layers 0 to {}",
                    image.layers.len().saturating_sub(1)
                );
                return 2;
            }
            diff::layers(image, x, y)
        }
        "--stages" => {
            let find = |name: &str| {
                built.build.stages.iter().find(|s| {
                    s.display_name == name
                        || s.name.as_deref() == Some(name)
                        || s.index.to_string() == name
                })
            };
            let images = (
                find(&a).and_then(|s| s.image.as_ref()),
                find(&b).and_then(|s| s.image.as_ref()),
            );
            let (Some(x), Some(y)) = images else {
                let _ = writeln!(stderr, "stagecraft: stages {a} and {b} must both be built (use --target for a later one)");
                return 2;
            };
            diff::images(x, y)
        }
        _ => {
            let mut other_args = rest.clone();
            other_args.retain(|x| x != "-f" && x != "--file");
            other_args.push("-f".into());
            other_args.push(a.clone());
            let other = match build_from_args(&other_args, stderr) {
                Ok(o) => o,
                Err(status) => return status,
            };
            if other.build.error.is_some() {
                return report_error(&other.build, &other.name, true, stderr);
            }
            let (Some(x), Some(y)) = (built.build.image(), other.build.image()) else {
                return 1;
            };
            diff::images(x, y)
        }
    };
    let printed = if built.json() {
        serde_json::to_string_pretty(&result)
            .map_err(std::io::Error::other)
            .and_then(|text| writeln!(stdout, "{text}"))
    } else {
        write_diff(&result, stdout)
    };
    i32::from(printed.is_err()) * 2
}

fn write_diff(d: &crate::analysis::diff::Diff, out: &mut dyn Write) -> std::io::Result<()> {
    for (path, size) in &d.added {
        writeln!(out, "+ {:>9}  {path}", human_size(*size))?;
    }
    for m in &d.modified {
        if m.metadata_only {
            writeln!(
                out,
                "~ {:>9}  {} (mode or owner only: the whole file again)",
                human_size(m.new_bytes),
                m.path
            )?;
        } else {
            writeln!(
                out,
                "~ {:>9}  {} (was {})",
                human_size(m.new_bytes),
                m.path,
                human_size(m.old_bytes)
            )?;
        }
    }
    for (path, size) in &d.removed {
        writeln!(out, "- {:>9}  {path}", human_size(*size))?;
    }
    let sign = if d.net_bytes < 0 { "-" } else { "+" };
    writeln!(
        out,
        "{} added ({}), {} modified, {} removed ({}); net {sign}{}",
        d.added.len(),
        human_size(d.added_bytes),
        d.modified.len(),
        d.removed.len(),
        human_size(d.removed_bytes),
        human_size(d.net_bytes.unsigned_abs())
    )
}

/// `stagecraft rebuild --edit PATH[=CONTENT]...`: builds, makes the
/// edits to the context, builds again, and prints each step of the second
/// build as CACHED or rebuilt, with the reason of the first miss.
pub fn rebuild_command(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let mut edits: Vec<(String, Option<String>)> = Vec::new();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--edit" {
            let Some(edit) = args.get(i + 1) else {
                return usage_error(stderr, "--edit needs PATH or PATH=CONTENT");
            };
            edits.push(match edit.split_once('=') {
                Some((p, c)) => (p.to_string(), Some(c.to_string())),
                None => (edit.clone(), None),
            });
            i += 2;
        } else {
            rest.push(args[i].clone());
            i += 1;
        }
    }
    if edits.is_empty() {
        return usage_error(stderr, "give at least one --edit PATH[=CONTENT]");
    }
    let first = match build_from_args(&rest, stderr) {
        Ok(built) => built,
        Err(status) => return status,
    };
    if first.build.error.is_some() {
        return report_error(&first.build, &first.name, true, stderr);
    }
    let context =
        match super::host::read_context(&first.context_dir, &first.dockerfile_in_context, &edits) {
            Ok(c) => c,
            Err(error) => {
                let _ = writeln!(stderr, "stagecraft: {error}");
                return error.status();
            }
        };
    let second = crate::engine::build(
        &first.source,
        &context,
        &first.options,
        super::images::catalog(),
    );
    if second.error.is_some() {
        return report_error(&second, &first.name, true, stderr);
    }
    let outcomes = crate::analysis::cache::rebuild(&first.build, &second);
    let timing = crate::analysis::timing::timing(&second);
    let seconds = |line: usize, stage: &str| {
        timing
            .stages
            .iter()
            .filter(|s| s.stage == stage)
            .flat_map(|s| &s.steps)
            .find(|s| s.line == line)
            .map_or(0.0, |s| s.seconds)
    };
    let rebuilt: f64 = outcomes
        .iter()
        .filter(|o| !o.cached)
        .map(|o| seconds(o.line, &o.stage))
        .sum();
    let printed = if first.json() {
        serde_json::to_string_pretty(&outcomes)
            .map_err(std::io::Error::other)
            .and_then(|text| writeln!(stdout, "{text}"))
    } else {
        outcomes
            .iter()
            .try_for_each(|o| {
                if o.cached {
                    writeln!(
                        stdout,
                        "[{}] line {}: CACHED {}",
                        o.stage,
                        o.line,
                        truncate(&o.instruction, 80)
                    )
                } else {
                    writeln!(
                        stdout,
                        "[{}] line {}: {}\n    rebuilt: {}",
                        o.stage,
                        o.line,
                        truncate(&o.instruction, 80),
                        o.reason.as_deref().unwrap_or_default()
                    )
                }
            })
            .and_then(|()| {
                writeln!(
                    stdout,
                    "rebuild: {:.1} s of {:.1} s (simulated)",
                    rebuilt,
                    timing.stages.iter().map(|s| s.seconds).sum::<f64>()
                )
            })
    };
    i32::from(printed.is_err()) * 2
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let cut: String = text.chars().take(width - 1).collect();
    format!("{cut}…")
}
