//! Stagecraft's limits (src/limits.rs): each stops the build with an error
//! that names the limit and the line, quickly.

use stagecraft::engine::catalog::builtin;
use stagecraft::engine::{build, BuildContext, BuildOptions, ContextEntry};
use stagecraft::limits;

fn error_of(dockerfile: &str, context: &BuildContext) -> (usize, String) {
    let b = build(dockerfile, context, &BuildOptions::default(), builtin());
    let e = b.error.expect("a limit error");
    (e.span.start.line, e.to_string())
}

#[test]
fn too_many_instructions_stop_at_the_first_past_the_limit() {
    let text = format!("FROM alpine:3.19\n{}", "RUN true\n".repeat(100_000));
    let (line, message) = error_of(&text, &BuildContext::empty());
    assert_eq!(line, limits::INSTRUCTIONS + 1);
    assert!(
        message.contains("the Dockerfile has more than 5000 instructions"),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "over Stagecraft's limit of {} instructions",
            limits::INSTRUCTIONS
        )),
        "{message}"
    );
    // Stopped before building anything.
    let b = build(
        &text,
        &BuildContext::empty(),
        &BuildOptions::default(),
        builtin(),
    );
    assert!(b.stages.is_empty());
}

#[test]
fn a_dockerfile_over_the_size_limit_stops_at_the_line_past_it() {
    let line = "RUN echo 0123456789012345678901234567890123456789\n";
    let text = format!(
        "FROM alpine:3.19\n{}",
        line.repeat(limits::DOCKERFILE_BYTES / line.len() + 10)
    );
    let (at, message) = error_of(&text, &BuildContext::empty());
    assert!(
        message.contains(&format!(
            "over Stagecraft's limit of {} bytes",
            limits::DOCKERFILE_BYTES
        )),
        "{message}"
    );
    let expected = text[..limits::DOCKERFILE_BYTES].matches('\n').count() + 1;
    assert_eq!(at, expected);
}

#[test]
fn a_runaway_loop_names_the_loop_limit_and_its_line() {
    let (line, message) = error_of(
        "FROM alpine:3.19\nRUN echo start\nRUN while true; do echo x; done\n",
        &BuildContext::empty(),
    );
    assert_eq!(line, 3);
    assert!(message.contains("turns of one loop"), "{message}");
}

/// Many RUNs, each within its own step limit, still stop at the build's:
/// the page's thread is not held for the sum of them.
#[test]
fn the_runs_of_a_build_share_one_step_budget() {
    let digits = "0 1 2 3 4 5 6 7 8 9";
    let run = format!(
        "RUN for a in {digits}; do for b in {digits}; do for c in {digits}; do for d in {digits}; do :; :; done; done; done; done\n"
    );
    // One such RUN is well within a RUN's limit.
    let one = build(
        &format!("FROM alpine:3.19\n{run}"),
        &BuildContext::empty(),
        &BuildOptions::default(),
        builtin(),
    );
    assert!(one.error.is_none(), "{:?}", one.error);
    let runs = 40;
    let text = format!("FROM alpine:3.19\n{}", run.repeat(runs));
    let (line, message) = error_of(&text, &BuildContext::empty());
    assert!(
        message.contains(&format!(
            "the RUN scripts of this build took too many steps in all: over Stagecraft's limit of {} steps a build",
            limits::BUILD_SHELL_STEPS
        )),
        "{message}"
    );
    // About 22,000 steps a RUN: the budget runs out in the fourteenth.
    assert!((3..=runs + 1).contains(&line), "line {line}");
    assert!(line > 10, "line {line}");
}

#[test]
fn a_context_over_the_file_limit_is_refused() {
    let entries: Vec<(String, ContextEntry)> = (0..limits::CONTEXT_FILES + 1)
        .map(|i| (format!("f{i}"), ContextEntry::text("")))
        .collect();
    let context = BuildContext::from_entries(entries, "Dockerfile");
    let (_, message) = error_of("FROM alpine:3.19\nCOPY . /\n", &context);
    assert!(message.contains("the build context has"), "{message}");
}

#[test]
fn every_limit_is_listed() {
    let all = limits::all();
    assert!(all.len() >= 10);
    assert!(all
        .iter()
        .any(|l| l.what.contains("instructions") && l.value == limits::INSTRUCTIONS.to_string()));
}

#[test]
fn a_wildcard_matching_too_much_names_the_limit() {
    let files = limits::GLOB_MATCHES + 5;
    let entries: Vec<(String, ContextEntry)> = (0..files)
        .map(|i| (format!("d/f{i}.txt"), ContextEntry::text("")))
        .collect();
    let context = BuildContext::from_entries(entries, "Dockerfile");
    let (line, message) = error_of("FROM alpine:3.19\nCOPY d/*.txt /x/\n", &context);
    assert_eq!(line, 2);
    assert!(message.contains("paths a wildcard"), "{message}");
}

#[test]
fn files_sized_past_the_disk_stop_the_run_not_the_simulator() {
    // Two files of u64::MAX bytes once overflowed the layer's sum.
    for script in [
        "dd if=/dev/zero of=/a bs=1T count=99999999 && dd if=/dev/zero of=/b bs=1T count=99999999",
        "truncate -s +18446744073709551615 /x && truncate -s +18446744073709551615 /x",
        "fallocate -l 1T /a && fallocate -l 1T /b && fallocate -l 1T /c",
    ] {
        let text = format!("FROM debian:bookworm-slim\nRUN {script}\n");
        let b = build(
            &text,
            &BuildContext::empty(),
            &BuildOptions::default(),
            builtin(),
        );
        match b.image() {
            Some(image) => assert!(image.size() <= 4 * limits::DISK_BYTES, "{script}"),
            None => {
                let error = b.error.expect("an error").to_string();
                assert!(error.contains("did not complete successfully"), "{error}");
            }
        }
    }
}
