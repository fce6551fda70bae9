//! The command line, as a learner runs it.

use stagecraft::cli;

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = cli::run(&args, &mut stdin.as_bytes(), &mut out, &mut err);
    (
        status,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

#[test]
fn dumps_stdin_in_buildkit_format() {
    let (status, out, err) = run(&["parse", "-"], "FROM alpine AS build\nRUN echo hi\n");
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "(from \"alpine\" \"AS\" \"build\")\n(run \"echo hi\")\n"
    );
}

#[test]
fn dumps_json_with_stages_and_spans() {
    let (status, out, _) = run(&["parse", "--dump", "json", "-"], "FROM alpine\nCOPY a b\n");
    assert_eq!(status, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(
        json["stages"][0]["from"]["command"]["image"]["value"],
        "alpine"
    );
    assert_eq!(
        json["stages"][0]["instructions"][0]["command"]["instruction"],
        "copy"
    );
    assert_eq!(
        json["stages"][0]["instructions"][0]["keyword_span"]["start"]["line"],
        2
    );
    let (status, out2, _) = run(&["parse", "--dump=json", "-"], "FROM alpine\nCOPY a b\n");
    assert_eq!((status, out2), (0, out));
}

#[test]
fn errors_go_to_stderr_with_line_and_column() {
    let (status, out, err) = run(&["parse", "-"], "FROM alpine\n  COPY onlyone\nFRM x\n");
    assert_eq!(status, 1);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "<stdin>:2:3: error: COPY requires at least two arguments, but only one was provided. Destination could not be determined.\n\
         <stdin>:3:1: error: unknown instruction: FRM (did you mean FROM?)\n"
    );
}

#[test]
fn warnings_do_not_fail() {
    let (status, out, err) = run(&["parse", "-"], "FROM a\nRUN x \\\n\n  y\n");
    assert_eq!(status, 0);
    assert_eq!(out, "(from \"a\")\n(run \"x   y\")\n");
    assert_eq!(
        err,
        "<stdin>:3:1: warning: NoEmptyContinuation: Empty continuation line\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[], "").0, 2);
    assert_eq!(run(&["parse"], "").0, 2);
    assert_eq!(run(&["parse", "--dump", "yaml", "-"], "").0, 2);
    assert_eq!(run(&["parse", "a", "b"], "").0, 2);
    let (status, _, err) = run(&["parse", "/no/such/Dockerfile"], "");
    assert_eq!(status, 2);
    assert!(err.contains("cannot read /no/such/Dockerfile"), "{err}");
    assert_eq!(run(&["--help"], "").0, 0);
}
