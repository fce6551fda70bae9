//! The inputs the fuzz targets (fuzz/) found bugs with, and the scripts
//! that showed what a bug's fix must also stop, kept as files in
//! tests/fixtures/fuzz/TARGET/ and run the way the target runs them: no
//! panic, the same result twice, and the outcome the fix gave.

use std::path::Path;

use stagecraft::dockerfile::ignore::IgnoreMatcher;
use stagecraft::dockerfile::parser::parse;
use stagecraft::engine::catalog::{builtin, Catalog};
use stagecraft::engine::shell::interp::{Abort, Flow, Io, Shell};
use stagecraft::engine::vfs::Filesystem;

/// The shell target's images: a first byte below 8 picks one.
const IMAGES: &[&str] = &[
    "busybox:1.36",
    "alpine:3.19",
    "debian:bookworm",
    "python:3.12-slim",
    "node:20-alpine",
    "golang:1.22-alpine",
    "ubuntu:24.04",
    "rust:1.75-slim",
];

/// What a script run gave back.
pub(crate) struct Ran {
    pub flow: Flow,
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub warnings: Vec<String>,
    pub fs: Filesystem,
}

/// Runs `script` as root in a copy of `image`, with the image's
/// environment, stopping after `step_limit` steps if given.
pub(crate) fn run_in(image: &str, script: &str, step_limit: Option<u64>) -> Ran {
    let base = builtin().resolve(image).image().clone();
    let mut fs = base.filesystem.clone();
    let mut sh = Shell::new(
        &mut fs,
        stagecraft::engine::catalog::builtin(),
        base.shell,
        "/bin/sh",
    );
    for (k, v) in base.config.env_pairs() {
        sh.export(&k, Some(&v));
    }
    sh.clock = 1;
    if let Some(limit) = step_limit {
        sh.step_limit = limit;
    }
    let mut io = Io::default();
    let flow = sh.run_script(script, &mut io);
    let warnings = sh.warnings.iter().map(|w| w.to_string()).collect();
    drop(sh);
    Ran {
        flow,
        stdout: io.stdout,
        stderr: String::from_utf8_lossy(&io.stderr).into_owned(),
        warnings,
        fs,
    }
}

/// A shell target input: a first byte below 8 picks the image.
fn run_script(data: &[u8]) -> Ran {
    let (image, script) = match data.first() {
        Some(&b) if (b as usize) < IMAGES.len() => (IMAGES[b as usize], &data[1..]),
        _ => ("alpine:3.19", data),
    };
    let script = std::str::from_utf8(script).expect("shell inputs are UTF-8");
    run_in(image, script, None)
}

fn fixture(target: &str, name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs a shell fixture twice, checks the runs agree, and gives the first.
fn shell(name: &str) -> Ran {
    let data = fixture("shell", name);
    let first = run_script(&data);
    let second = run_script(&data);
    assert_eq!(first.flow, second.flow, "{name}: the same flow twice");
    assert_eq!(first.stdout, second.stdout, "{name}: the same stdout twice");
    assert_eq!(first.stderr, second.stderr, "{name}: the same stderr twice");
    assert!(first.fs == second.fs, "{name}: the same filesystem twice");
    first
}

#[test]
fn every_shell_fixture_has_its_outcome_checked() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/shell");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the shell fixtures")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let checked = [
        "apt-misspelt-option",
        "apt-misspelt-option-awk",
        "arithmetic-nested-deeply",
        "eval-evals-itself",
        "expansions-nested-deeply",
        "file-grows-in-a-loop",
        "function-calls-itself",
        "many-words-in-a-loop",
        "many-words-in-a-loop-slow",
        "npm-non-ascii-name",
        "npm-non-ascii-name-minimized",
        "printf-huge-width",
        "printf-huge-width-minimized",
        "printf-in-a-loop",
        "sh-runs-itself",
        "source-sources-itself",
        "subshells-nested-deeply",
        "variable-doubles",
    ];
    assert_eq!(
        names, checked,
        "a new fixture needs its outcome in a test here"
    );
}

#[test]
fn a_printf_width_past_the_limit_is_refused() {
    for name in ["printf-huge-width", "printf-huge-width-minimized"] {
        let ran = shell(name);
        assert!(ran.stderr.contains("printf"), "{name}: {}", ran.stderr);
        assert!(
            ran.stdout.len() < 1 << 21,
            "{name}: no padding past the limit"
        );
    }
}

#[test]
fn npm_refuses_a_name_that_once_panicked() {
    let ran = shell("npm-non-ascii-name-minimized");
    assert_eq!(ran.flow, Flow::Exit(1));
    assert!(
        ran.stderr.contains(
            "npm ERR! Invalid package name \"ѕ\" of package \"ѕ@*\": name can only contain URL-friendly characters."
        ),
        "{}",
        ran.stderr
    );
    // The long input (several commands after the npm one) ends too.
    let ran = shell("npm-non-ascii-name");
    assert_ne!(ran.flow.status(), 0);
}

#[test]
fn apt_get_stops_at_a_misspelt_option_before_installing() {
    for name in ["apt-misspelt-option", "apt-misspelt-option-awk"] {
        let ran = shell(name);
        assert!(
            ran.stderr.contains(
                "E: Command line option --no-install-reocmenmds is not understood in combination with the other options"
            ),
            "{name}: {}",
            ran.stderr
        );
        assert!(!ran.fs.exists("/usr/bin/git"), "{name}");
    }
}

/// Nesting past the limit stops the script rather than the stack. The
/// runs go on a thread with a 4 MiB stack: this unoptimised build's
/// frames are about four times the optimised ones, which must fit in
/// 1 MiB (the browser test opens such a script in the app itself).
#[test]
fn scripts_that_call_themselves_stop_at_the_nesting_limit() {
    for name in [
        "function-calls-itself",
        "source-sources-itself",
        "eval-evals-itself",
        "sh-runs-itself",
    ] {
        assert_eq!(
            on_a_small_stack(name).0,
            Flow::Abort(Abort::NestingLimit(stagecraft::limits::SHELL_NESTING)),
            "{name}"
        );
    }
}

/// Nesting written out in the script: refused when parsed or stopped
/// when expanded, never a stack overflow.
#[test]
fn scripts_nested_deeply_in_their_text_are_refused() {
    let limit = stagecraft::limits::SHELL_NESTING;
    let ran = on_a_small_stack("subshells-nested-deeply");
    assert_eq!(ran.0, Flow::Exit(2));
    assert!(
        ran.1.contains(&format!(
            "Syntax error: nesting deeper than {limit} levels (a Stagecraft limit) unexpected"
        )),
        "{}",
        ran.1
    );
    let ran = on_a_small_stack("arithmetic-nested-deeply");
    assert_eq!(ran.0, Flow::Exit(2));
    assert!(
        ran.1.contains(&format!(
            "arithmetic expression: nesting deeper than {limit} levels (a Stagecraft limit)"
        )),
        "{}",
        ran.1
    );
    let ran = on_a_small_stack("expansions-nested-deeply");
    assert_eq!(ran.0, Flow::Abort(Abort::NestingLimit(limit)));
}

/// A shell fixture's flow and stderr, run on a 4 MiB stack (see above).
fn on_a_small_stack(name: &'static str) -> (Flow, String) {
    std::thread::Builder::new()
        .stack_size(4 << 20)
        .spawn(move || {
            let ran = shell(name);
            (ran.flow, ran.stderr)
        })
        .expect("a thread")
        .join()
        .unwrap_or_else(|_| panic!("{name}: the thread failed"))
}

/// A loop whose commands have many words (tee to a dozen files, tar and
/// sed with long arguments) ran its 10,000 turns in 5 s under the fuzzer,
/// past its timeout: each word is a step now, and the step limit stops it
/// long before.
#[test]
fn a_loop_of_commands_with_many_words_stops_at_the_step_limit() {
    for name in ["many-words-in-a-loop", "many-words-in-a-loop-slow"] {
        let ran = shell(name);
        assert_eq!(
            ran.flow,
            Flow::Abort(Abort::StepLimit(stagecraft::limits::SHELL_STEPS)),
            "{name}"
        );
    }
    // A command's words are counted: the same loop with a one-word
    // command runs about three times as many turns before the same limit.
    let turns = |command: &str| {
        let script = format!("i=0; while :; do i=$((i+1)); echo $i >/t; {command}; done");
        let ran = run_in("alpine:3.19", &script, Some(1_000));
        assert_eq!(ran.flow, Flow::Abort(Abort::StepLimit(1_000)), "{command}");
        ran.fs
            .read("/t")
            .ok()
            .and_then(|c| c.as_text())
            .map(|t| t.trim().parse::<u32>().unwrap_or(0))
    };
    let short = turns("true").unwrap_or(0);
    let long = turns("true a b c d e f g h i j k l").unwrap_or(0);
    assert!(
        long * 2 < short,
        "{long} turns with twelve words, {short} with none"
    );
}

#[test]
fn text_that_keeps_growing_stops_at_its_limit() {
    for (name, what) in [
        ("variable-doubles", "a variable"),
        ("printf-in-a-loop", "the output of a command"),
        ("file-grows-in-a-loop", "a file written by a redirection"),
    ] {
        let ran = shell(name);
        match ran.flow {
            Flow::Abort(Abort::TextLimit { what: got, limit }) => {
                assert_eq!((got, limit), (what, stagecraft::limits::SHELL_TEXT_BYTES));
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn a_build_names_the_nesting_and_text_limits_and_their_line() {
    use stagecraft::engine::{build, BuildContext, BuildOptions};
    for (script, words) in [
        (
            "f(){ f; }; f",
            "nested commands, functions, eval, . or sh -c too deeply",
        ),
        (
            "a=x; while :; do a=$a$a; done",
            "a variable in the RUN script grew too big",
        ),
    ] {
        let dockerfile = format!("FROM alpine:3.19\nRUN {script}\n");
        let result = build(
            &dockerfile,
            &BuildContext::empty(),
            &BuildOptions::default(),
            builtin(),
        );
        let error = result.error.expect("the build stops");
        assert_eq!(error.span.start.line, 2, "{script}");
        let text = error.to_string();
        assert!(text.contains(words), "{script}: {text}");
    }
}

/// One line of a megabyte: positions no longer count from the line's
/// start each time (that made parsing quadratic in the line's length).
#[test]
fn a_dockerfile_of_one_long_line_parses() {
    let mut text = String::from("FROM alpine\nRUN echo");
    while text.len() < stagecraft::limits::DOCKERFILE_BYTES - 16 {
        text.push_str(" é$x");
    }
    let ast = parse(&text);
    assert_eq!(ast.nodes.len(), 2);
    let run = &ast.nodes[1];
    assert_eq!(run.span.start.line, 2);
    assert_eq!(
        run.span.end.column,
        text.lines().nth(1).map_or(0, |l| l.chars().count()) + 1
    );
}

/// A path a thousand directories deep: each ancestor is a slice, not a
/// freshly joined string (that made matching quadratic in the depth).
#[test]
fn a_deep_path_is_decided_by_its_ancestors() {
    let (matcher, _) = IgnoreMatcher::from_text("a/a\n!a/a/**/keep\n");
    let deep = format!("{}keep", "a/".repeat(1000));
    assert_eq!(matcher.deciding_line(&deep), Some((false, 2)));
    let other = format!("{}drop", "a/".repeat(1000));
    assert_eq!(matcher.deciding_line(&other), Some((true, 1)));
}
