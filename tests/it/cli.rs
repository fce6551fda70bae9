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
    // The parser accepts these lines (BuildKit's parser takes an unknown
    // instruction as one whose arguments it ignores): the tree is printed,
    // and the instructions' problems go to standard error, status 1.
    let (status, out, err) = run(&["parse", "-"], "FROM alpine\n  COPY onlyone\nFRM x\n");
    assert_eq!(status, 1);
    assert_eq!(out, "(from \"alpine\")\n(copy \"onlyone\")\n(frm \"\")\n");
    assert_eq!(
        err,
        "<stdin>:2:3: error: COPY requires at least two arguments, but only one was provided. Destination could not be determined.\n\
         <stdin>:3:1: error: unknown instruction: FRM (did you mean FROM?)\n"
    );
}

#[test]
fn the_tree_is_printed_whenever_the_parser_accepts_the_text() {
    // A CMD before any FROM and an unknown flag: BuildKit's parser tests
    // expect their trees.
    let (status, out, err) = run(
        &["parse", "-"],
        "CMD echo hi\nFROM alpine\nRUN --foo=bar echo\n",
    );
    assert_eq!(status, 1);
    assert_eq!(
        out,
        "(cmd \"echo hi\")\n(from \"alpine\")\n(run [\"--foo=bar\"] \"echo\")\n"
    );
    assert_eq!(
        err,
        "<stdin>:1:1: error: no build stage in current context\n<stdin>:3:5: error: unknown flag: --foo\n"
    );
    // What the parser itself refuses prints no tree.
    let (status, out, _) = run(&["parse", "-"], "# just a comment\n");
    assert_eq!((status, out.as_str()), (1, ""));
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

/// A build context on disk, removed when dropped.
struct TempContext(std::path::PathBuf);

impl TempContext {
    fn new(name: &str, files: &[(&str, &str)]) -> TempContext {
        let dir =
            std::env::temp_dir().join(format!("stagecraft-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        TempContext(dir)
    }

    fn path(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for TempContext {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const TWO_STAGES: &str = "FROM golang:1.22 AS build
WORKDIR /src
COPY main.go .
RUN mkdir -p /out && echo binary > /out/app

FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT [\"/app\"]
";

#[test]
fn build_reports_stages_steps_and_history() {
    let ctx = TempContext::new(
        "report",
        &[("Dockerfile", TWO_STAGES), ("main.go", "package main\n")],
    );
    let (status, out, err) = run(&["build", &ctx.path()], "");
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("[build 3/4] line 3: COPY main.go .  13B\n"),
        "{out}"
    );
    assert!(
        out.contains("[stage-1 2/3] line 7: COPY --from=build /out/app /app  7B\n"),
        "{out}"
    );
    assert!(
        out.contains("image: 7B in 1 layers (0B from base images)\n"),
        "{out}"
    );
    assert!(
        out.contains("7B         COPY /out/app /app # buildkit\n"),
        "{out}"
    );
}

#[test]
fn build_lists_files_and_prints_json() {
    let ctx = TempContext::new(
        "list",
        &[("Dockerfile", TWO_STAGES), ("main.go", "package main\n")],
    );
    let (status, out, _) = run(&["build", "--list-files", "--context", &ctx.path()], "");
    assert_eq!(status, 0);
    assert_eq!(out, "/app\n");
    let (status, out, _) = run(&["build", "--json", &ctx.path()], "");
    assert_eq!(status, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["final"]["size"], 7);
    let app = &json["final"]["files"][0];
    assert_eq!(app["path"], "/app");
    assert_eq!(app["type"], "file");
    assert_eq!(app["size"], 7);
    assert_eq!(app["mode"], 0o644);
    assert_eq!(app["uid"], 0);
    assert_eq!(app["gid"], 0);
    // --target stops at the build stage.
    let (status, out, _) = run(
        &["build", "--target", "build", "--list-files", &ctx.path()],
        "",
    );
    assert_eq!(status, 0);
    assert!(
        out.contains("/src/main.go\n") && out.contains("/usr/local/go/"),
        "{out}"
    );
}

#[test]
fn build_failures_name_the_line_and_exit_1() {
    let ctx = TempContext::new(
        "fail",
        &[(
            "Dockerfile",
            "FROM alpine:3.19\nARG TOOL=go\nRUN $TOOL build\n",
        )],
    );
    let (status, _, err) = run(&["build", "--list-files", &ctx.path()], "");
    assert_eq!(status, 1);
    assert!(err.contains("/bin/sh: go: not found\n"), "{err}");
    assert!(
        err.ends_with(
            "Dockerfile:3: ERROR: process \"/bin/sh -c $TOOL build\" did not complete successfully: exit code: 127\n"
        ),
        "{err}"
    );
    // A build argument fixes it: `true` exists.
    let (status, _, err) = run(&["build", "--build-arg", "TOOL=true", &ctx.path()], "");
    assert_eq!(status, 0, "{err}");
}

#[test]
fn build_with_a_dockerfile_elsewhere_and_strict_mode() {
    let ctx = TempContext::new(
        "file",
        &[("app/Dockerfile.prod", "FROM python:3.99\n"), ("app/x", "")],
    );
    let dockerfile = format!("{}/app/Dockerfile.prod", ctx.path());
    let (status, _, err) = run(&["build", "-f", &dockerfile, &ctx.path()], "");
    assert_eq!(status, 0);
    assert!(err.is_empty(), "{err}");
    let (status, _, err) = run(&["build", "--strict", "-f", &dockerfile, &ctx.path()], "");
    assert_eq!(status, 1);
    assert!(
        err.ends_with("Dockerfile.prod:1: ERROR: failed to resolve source metadata for docker.io/library/python:3.99: docker.io/library/python:3.99: not found\n"),
        "{err}"
    );
    assert_eq!(run(&["build", "--target"], "").0, 2);
    assert_eq!(run(&["build", "--bogus"], "").0, 2);
}

const WASTEFUL: &str = "FROM alpine:3.19
COPY --chmod=644 big.bin /big.bin
RUN chmod 755 /big.bin
CMD [\"/big.bin\"]
";

#[test]
fn analyze_reports_dive_figures_and_fails_on_thresholds() {
    let big = "x".repeat(100_000);
    let ctx = TempContext::new("analyze", &[("Dockerfile", WASTEFUL), ("big.bin", &big)]);
    let (status, out, err) = run(&["analyze", &ctx.path()], "");
    assert_eq!(status, 0, "{err}");
    // The chmod copies the whole file into a second layer: dive counts
    // both copies as wasted, squashing would reclaim one.
    assert!(
        out.contains("  wastedBytes: 200000 bytes (200kB)\n"),
        "{out}"
    );
    assert!(out.contains("  reclaimable: 100kB"), "{out}");
    assert!(out.contains("      2         200kB  /big.bin\n"), "{out}");
    assert!(
        out.contains("line 3: RUN /bin/sh -c chmod 755 /big.bin"),
        "{out}"
    );
    assert!(
        out.contains("Result:PASS [Total:3] [Passed:0] [Failed:0] [Warn:0] [Skipped:3]"),
        "{out}"
    );
    let (status, out, _) = run(
        &[
            "analyze",
            &ctx.path(),
            "--lowest-efficiency",
            "0.99",
            "--highest-user-wasted-percent",
            "0.1",
        ],
        "",
    );
    assert_eq!(status, 1);
    assert!(
        out.contains("  FAIL: highestUserWastedPercent: 1.0000 (limit 0.1)\n"),
        "{out}"
    );
    assert!(out.contains("  FAIL: lowestEfficiency"), "{out}");
    assert!(out.contains("Result:FAIL"), "{out}");
    // JSON: the whole report.
    let (status, out, _) = run(&["analyze", &ctx.path(), "--json"], "");
    assert_eq!(status, 0);
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["efficiency"]["wasted_bytes"], 200_000);
    // /big.bin is text with no #! line: the kernel cannot run it.
    assert_eq!(report["run"]["verdict"], "fails");
    assert_eq!(report["run"]["message"], "exec /big.bin: exec format error");
    let (status, _, err) = run(&["analyze", &ctx.path(), "--lowest-efficiency", "high"], "");
    assert_eq!(status, 2);
    assert!(
        err.contains("--lowest-efficiency needs a fraction from 0 to 1"),
        "{err}"
    );
    // Not a number dive could compare with: refused, not taken as a rule
    // that always holds.
    for odd in ["NaN", "nan", "inf", "-0.5", "1.5"] {
        let (status, _, err) = run(&["analyze", &ctx.path(), "--lowest-efficiency", odd], "");
        assert_eq!(status, 2, "{odd}: {err}");
        let (status, _, _) = run(
            &["analyze", &ctx.path(), "--highest-user-wasted-percent", odd],
            "",
        );
        assert_eq!(status, 2, "{odd}");
    }
}

#[test]
fn lint_prints_findings_with_their_fix_and_exits_1() {
    let ctx = TempContext::new(
        "lint",
        &[("Dockerfile", "FROM alpine\nRUN apk add curl\nUSER nobody\n")],
    );
    let (status, out, err) = run(&["lint", &ctx.path()], "");
    assert_eq!(status, 1, "{err}");
    assert!(
        out.contains(
            "Dockerfile:1: SC001 unpinned-base: alpine has no tag: it means alpine:latest\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Dockerfile:2: SC004 apk-cache: apk add without --no-cache\n"),
        "{out}"
    );
    assert!(out.contains("  Also: hadolint DL3019\n"), "{out}");
    let clean = TempContext::new(
        "lint-clean",
        &[(
            "Dockerfile",
            "FROM alpine:3.19\nRUN apk add --no-cache curl\nUSER nobody\n",
        )],
    );
    let (status, out, _) = run(&["lint", &clean.path()], "");
    assert_eq!(status, 0, "{out}");
    assert!(out.is_empty(), "{out}");
    // A Dockerfile that does not build: findings up to the failure, what
    // could not be checked, and a status of its own.
    let broken = TempContext::new(
        "lint-broken",
        &[(
            "Dockerfile",
            "FROM alpine\nRUN apk add curl\nRUN exit 4\nRUN apk add git\n",
        )],
    );
    let (status, out, err) = run(&["lint", &broken.path()], "");
    assert_eq!(status, 3, "{out}{err}");
    assert!(out.contains("Dockerfile:1: SC001"), "{out}");
    assert!(err.contains("Dockerfile:3: ERROR:"), "{err}");
    assert!(
        err.contains("lint: the build stopped at line 3: the rules that read what the build made"),
        "{err}"
    );
    let (status, out, _) = run(&["lint", "--json", &broken.path()], "");
    assert_eq!(status, 3);
    assert!(out.contains("\"SC001\""), "{out}");
}

#[test]
fn parse_reads_more_instructions_than_a_build_may_run() {
    let mut text = String::from("FROM alpine:3.19\n");
    for i in 0..6_000 {
        text.push_str(&format!("ENV A{i}={i}\n"));
    }
    let ctx = TempContext::new("parse-long", &[("Dockerfile", text.as_str())]);
    let file = format!("{}/Dockerfile", ctx.path());
    let (status, out, err) = run(&["parse", &file], "");
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("(env \"A5999\" \"5999\" \"=\")"),
        "{}",
        &out[out.len().saturating_sub(200)..]
    );
    // Building it meets the simulation's limit, said as such.
    let (status, _, err) = run(&["build", &ctx.path()], "");
    assert_eq!(status, 1);
    assert!(
        err.contains("over Stagecraft's limit of 5000 instructions"),
        "{err}"
    );
}

#[test]
fn analyze_names_what_put_a_file_there() {
    let ctx = TempContext::new(
        "why",
        &[("Dockerfile", TWO_STAGES), ("main.go", "package main\n")],
    );
    let (status, out, err) = run(&["analyze", &ctx.path(), "--why", "/app"], "");
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        out,
        "/app\n  [stage-1] /app line 7: COPY --from=build /out/app /app\n  [build] /out/app line 4: RUN mkdir -p /out && echo binary > /out/app\n"
    );
    let (_, out, _) = run(&["analyze", &ctx.path()], "");
    assert!(
        out.contains("[stage-1] line 7: COPY --from=build carried 7B in 1 files"),
        "{out}"
    );
    assert!(
        out.contains("Lint\n  line 6: SC013 runs-as-root: the final stage runs as root\n"),
        "{out}"
    );
}

#[test]
fn diff_compares_stages_and_dockerfiles() {
    let ctx = TempContext::new(
        "diff",
        &[
            ("Dockerfile", "FROM alpine:3.19 AS a\nRUN echo one > /one\n\nFROM a AS b\nRUN rm /one && echo two > /two\n"),
            ("Other.dockerfile", "FROM alpine:3.19\nRUN echo three > /three\n"),
        ],
    );
    let (status, out, err) = run(&["diff", &ctx.path(), "--stages", "a", "b"], "");
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("+        4B  /two\n"), "{out}");
    assert!(out.contains("-        4B  /one\n"), "{out}");
    assert!(
        out.ends_with("1 added (4B), 0 modified, 1 removed (4B); net +0B\n"),
        "{out}"
    );
    let other = format!("{}/Other.dockerfile", ctx.path());
    let (status, out, err) = run(&["diff", &ctx.path(), "--with", &other], "");
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("+        6B  /three\n") && out.contains("-        4B  /two\n"),
        "{out}"
    );
    let (status, _, err) = run(&["diff", &ctx.path()], "");
    assert_eq!(status, 2);
    assert!(
        err.contains("give --layers I J, --stages A B or --with DOCKERFILE"),
        "{err}"
    );
}

#[test]
fn rebuild_shows_what_the_cache_keeps() {
    let ctx = TempContext::new(
        "rebuild",
        &[
            ("Dockerfile", "FROM alpine:3.19\nWORKDIR /app\nCOPY deps.txt .\nRUN cat deps.txt > /installed\nCOPY . .\nRUN ls > /listing\n"),
            ("deps.txt", "a\n"),
            ("main.sh", "echo hi\n"),
        ],
    );
    let (status, out, err) = run(&["rebuild", &ctx.path(), "--edit", "main.sh=echo bye"], "");
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("[stage-0] line 3: CACHED COPY deps.txt .\n"),
        "{out}"
    );
    assert!(
        out.contains("[stage-0] line 4: CACHED RUN cat deps.txt > /installed\n"),
        "{out}"
    );
    assert!(
        out.contains("[stage-0] line 5: COPY . .\n    rebuilt: `COPY . .` changed: /app/main.sh\n"),
        "{out}"
    );
    assert!(
        out.contains("    rebuilt: a step before it was rebuilt"),
        "{out}"
    );
    let (status, _, err) = run(&["rebuild", &ctx.path()], "");
    assert_eq!(status, 2);
    assert!(err.contains("give at least one --edit"), "{err}");
}

#[test]
fn a_dockerfile_outside_the_context_brings_its_own_ignore_file() {
    // ctx/ is the context; docker/app.Dockerfile is outside it, with
    // docker/app.Dockerfile.dockerignore beside it, which wins over the
    // context's own .dockerignore (BuildKit reads it from the
    // Dockerfile's directory).
    let dir = TempContext::new(
        "outside-ignore",
        &[
            ("ctx/keep.txt", "keep\n"),
            ("ctx/secret.env", "TOKEN=1\n"),
            ("ctx/.dockerignore", "keep.txt\n"),
            ("docker/app.Dockerfile", "FROM scratch\nCOPY . /\n"),
            ("docker/app.Dockerfile.dockerignore", "*.env\n"),
        ],
    );
    let context = format!("{}/ctx", dir.path());
    let file = format!("{}/docker/app.Dockerfile", dir.path());
    let (status, out, err) = run(
        &["build", "--list-files", "--context", &context, "-f", &file],
        "",
    );
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("keep.txt"), "{out}");
    assert!(!out.contains("secret.env"), "{out}");
    // Without it, the context's .dockerignore applies.
    std::fs::remove_file(format!("{file}.dockerignore")).expect("rm");
    let (status, out, err) = run(
        &["build", "--list-files", "--context", &context, "-f", &file],
        "",
    );
    assert_eq!(status, 0, "{err}");
    assert!(
        !out.contains("keep.txt") && out.contains("secret.env"),
        "{out}"
    );
}

#[test]
fn an_ignore_file_beside_that_is_a_link_is_not_followed() {
    let dir = TempContext::new(
        "outside-ignore-link",
        &[
            ("ctx/keep.txt", "keep\n"),
            ("docker/app.Dockerfile", "FROM scratch\nCOPY . /\n"),
            ("elsewhere/everything", "*\n"),
        ],
    );
    let file = format!("{}/docker/app.Dockerfile", dir.path());
    std::os::unix::fs::symlink(
        format!("{}/elsewhere/everything", dir.path()),
        format!("{file}.dockerignore"),
    )
    .expect("symlink");
    let context = format!("{}/ctx", dir.path());
    let (status, out, err) = run(
        &["build", "--list-files", "--context", &context, "-f", &file],
        "",
    );
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("keep.txt"), "{out}");
}

#[test]
fn an_ignore_file_that_lists_itself_still_applies() {
    let dir = TempContext::new(
        "ignore-itself",
        &[
            ("keep.txt", "keep\n"),
            ("secret.env", "TOKEN=1\n"),
            (".dockerignore", "*.env\n.dockerignore\nDockerfile\n"),
            ("Dockerfile", "FROM scratch\nCOPY . /\n"),
        ],
    );
    let (status, out, err) = run(&["build", "--list-files", &dir.path()], "");
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("keep.txt"), "{out}");
    assert!(
        !out.contains("secret.env") && !out.contains(".dockerignore"),
        "{out}"
    );
}
