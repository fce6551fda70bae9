//! Hostile submissions through the command line: a student's directory on
//! a grading machine, with links out of it, pipes, devices, names that are
//! not UTF-8 and terminal escapes. Nothing of the host outside the
//! directory is ever printed, nothing hangs, and every command ends with a
//! clear message. Each run goes on a thread with a 1 MiB stack, the
//! browser's.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use stagecraft::cli;

/// What a command printed, and its exit status.
struct Ran {
    status: i32,
    out: String,
    err: String,
}

impl Ran {
    fn all(&self) -> String {
        format!("{}{}", self.out, self.err)
    }
}

/// Runs the command line on a thread with a 1 MiB stack.
fn run(args: &[&str]) -> Ran {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let mut out = Vec::new();
            let mut err = Vec::new();
            let status = cli::run(&args, &mut &b""[..], &mut out, &mut err);
            Ran {
                status,
                out: String::from_utf8_lossy(&out).into_owned(),
                err: String::from_utf8_lossy(&err).into_owned(),
            }
        })
        .expect("a thread")
        .join()
        .expect("the command returned")
}

/// A directory of its own under the system's temporary directory, with a
/// secret beside the submission: a file no command may print.
struct Scene {
    root: PathBuf,
}

/// What the secret file holds.
/// A first line a script could have, so that a check naming a script's
/// interpreter would print it.
const SECRET: &str = "#!root:$6$SECRET-HASH-8d1f:19000:0:99999:7:::";

impl Scene {
    fn new(name: &str) -> Scene {
        let root =
            std::env::temp_dir().join(format!("stagecraft-hostile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("submission")).expect("mkdir");
        std::fs::create_dir_all(root.join("host/private")).expect("mkdir");
        std::fs::write(root.join("host/shadow"), format!("{SECRET}\nmore\n")).expect("secret");
        std::fs::write(root.join("host/private/key"), SECRET).expect("secret");
        Scene { root }
    }

    fn dir(&self) -> PathBuf {
        self.root.join("submission")
    }

    fn secret(&self) -> PathBuf {
        self.root.join("host/shadow")
    }

    fn write(&self, path: &str, text: &str) -> &Scene {
        let path = self.dir().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    fn link(&self, path: &str, target: &Path) -> &Scene {
        let path = self.dir().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        symlink(target, path).expect("symlink");
        self
    }

    fn fifo(&self, path: &str) -> &Scene {
        let path = self.dir().join(path);
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        self
    }

    fn path(&self, rel: &str) -> String {
        self.dir().join(rel).display().to_string()
    }
}

impl Drop for Scene {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The Dockerfile that made the grading machine print a linked file's
/// first line: the file becomes the image's program, and the run check
/// names its script's `#!` interpreter.
const RUN_AS_SCRIPT: &str =
    "FROM alpine:3.19\nCOPY --chmod=755 . /app/\nENTRYPOINT [\"/app/notes.txt\"]\n";

fn assert_no_secret(ran: &Ran, what: &str) {
    assert!(
        !ran.all().contains("SECRET-HASH"),
        "{what}: a host file's bytes were printed:\n{}",
        ran.all()
    );
}

#[test]
fn a_link_to_a_host_file_stays_a_link_in_every_command() {
    let scene = Scene::new("link-file");
    scene
        .write("Dockerfile", RUN_AS_SCRIPT)
        .link("notes.txt", &scene.secret());
    let dir = scene.dir().display().to_string();
    let dockerfile = scene.path("Dockerfile");
    for args in [
        vec!["build", dir.as_str()],
        vec!["build", "--json", dir.as_str()],
        vec!["build", "--inspect", dir.as_str()],
        vec!["analyze", dir.as_str()],
        vec!["lint", dir.as_str()],
        vec![
            "grade",
            "--lesson",
            "artifact-and-config",
            "--context",
            dir.as_str(),
            dockerfile.as_str(),
        ],
    ] {
        let ran = run(&args);
        assert!(ran.status == 0 || ran.status == 1, "{args:?}: {}", ran.err);
        assert_no_secret(&ran, &format!("{args:?}"));
    }
    // The image holds the link itself, as Docker's context sends it.
    let ran = run(&["build", "--list-files", &dir]);
    assert!(ran.out.contains("/app/notes.txt"), "{}", ran.out);
}

#[test]
fn a_link_to_a_host_directory_pulls_nothing_in() {
    let scene = Scene::new("link-dir");
    scene
        .write("Dockerfile", "FROM alpine:3.19\nCOPY . /ctx/\n")
        .link("private", &scene.root.join("host/private"))
        .link("loop", Path::new("."))
        .link("up", Path::new(".."))
        .link("zero", Path::new("/dev/zero"));
    let ran = run(&["build", "--list-files", &scene.dir().display().to_string()]);
    assert_eq!(ran.status, 0, "{}", ran.err);
    assert_no_secret(&ran, "build --list-files");
    let listed: Vec<&str> = ran.out.lines().filter(|l| l.contains("/ctx/")).collect();
    // The links are there, as links; nothing under them.
    for name in ["private", "loop", "up", "zero"] {
        assert!(
            listed.iter().any(|l| l.contains(&format!("/ctx/{name}"))),
            "{name}: {listed:?}"
        );
        assert!(
            !listed.iter().any(|l| l.contains(&format!("/ctx/{name}/"))),
            "{name}: {listed:?}"
        );
    }
}

#[test]
fn a_dockerfile_that_links_out_is_refused_and_not_echoed() {
    let scene = Scene::new("dockerfile-link");
    scene.link("Dockerfile", &scene.secret());
    let dir = scene.dir().display().to_string();
    let dockerfile = scene.path("Dockerfile");
    for args in [
        vec!["build", dir.as_str()],
        vec!["parse", dockerfile.as_str()],
        vec![
            "grade",
            "--lesson",
            "first-multi-stage",
            dockerfile.as_str(),
        ],
        vec![
            "grade",
            "--lesson",
            "first-multi-stage",
            "--context",
            dir.as_str(),
            dockerfile.as_str(),
        ],
    ] {
        let ran = run(&args);
        assert_eq!(ran.status, 1, "{args:?}: {}", ran.all());
        assert_no_secret(&ran, &format!("{args:?}"));
        assert!(
            ran.err.contains("symbolic link that leads out of"),
            "{args:?}: {}",
            ran.err
        );
    }
    // A link that stays in the directory is followed, as docker's client
    // follows it.
    let scene = Scene::new("dockerfile-link-inside");
    scene
        .write(
            "docker/app.Dockerfile",
            "FROM alpine:3.19\nRUN echo inside\n",
        )
        .link("Dockerfile", Path::new("docker/app.Dockerfile"));
    let ran = run(&["build", &scene.dir().display().to_string()]);
    assert_eq!(ran.status, 0, "{}", ran.err);
    assert!(ran.out.contains("RUN echo inside"), "{}", ran.out);
}

#[test]
fn pipes_and_devices_are_never_opened() {
    let scene = Scene::new("fifo");
    scene
        .write("Dockerfile", "FROM alpine:3.19\nCOPY . /ctx/\n")
        .write("app.txt", "hello\n")
        .fifo("pipe");
    let dir = scene.dir().display().to_string();
    let ran = run(&["build", "--list-files", &dir]);
    assert_eq!(ran.status, 0, "{}", ran.err);
    assert!(ran.out.contains("/ctx/app.txt"), "{}", ran.out);
    assert!(!ran.out.contains("/ctx/pipe"), "{}", ran.out);
    assert!(
        ran.err
            .contains("left pipe out of the context: it is a named pipe"),
        "{}",
        ran.err
    );
    // A Dockerfile that is a pipe, or a device.
    let scene = Scene::new("fifo-dockerfile");
    scene.fifo("Dockerfile");
    for args in [
        vec!["build".to_string(), scene.dir().display().to_string()],
        vec!["parse".to_string(), scene.path("Dockerfile")],
        vec!["parse".to_string(), "/dev/zero".to_string()],
        vec![
            "grade".to_string(),
            "--lesson".to_string(),
            "first-multi-stage".to_string(),
            "/dev/zero".to_string(),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let ran = run(&args);
        assert_eq!(ran.status, 1, "{args:?}: {}", ran.all());
        assert!(
            ran.err.contains("not a regular file"),
            "{args:?}: {}",
            ran.err
        );
    }
}

#[test]
fn names_that_are_not_utf8_stay_two_files() {
    use std::os::unix::ffi::OsStrExt;
    let scene = Scene::new("names");
    scene.write("Dockerfile", "FROM alpine:3.19\nCOPY . /ctx/\n");
    for (name, text) in [(&b"a\xff.txt"[..], "first"), (&b"a\xfe.txt"[..], "second")] {
        let path = scene.dir().join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, text).expect("write");
    }
    let ran = run(&["build", "--list-files", &scene.dir().display().to_string()]);
    assert_eq!(ran.status, 0, "{}", ran.err);
    // Printed escaped, once each.
    assert!(ran.out.contains("/ctx/a\\xff.txt"), "{}", ran.out);
    assert!(ran.out.contains("/ctx/a\\xfe.txt"), "{}", ran.out);
    assert!(ran.err.contains("not UTF-8"), "{}", ran.err);
}

#[test]
fn terminal_escapes_from_a_submission_are_shown_not_acted_on() {
    let scene = Scene::new("escapes");
    scene
        .write(
            "Dockerfile",
            "FROM alpine:3.19\nRUN printf '\\033[2J\\033[HPassed\\r\\n' && exit 3\n\u{1b}[31mBOOM\u{202e}\n",
        )
        .write("\u{1b}]0;title\u{7}.txt", "x");
    let dir = scene.dir().display().to_string();
    let dockerfile = scene.path("Dockerfile");
    for args in [
        vec!["build", dir.as_str()],
        vec!["parse", dockerfile.as_str()],
        vec!["lint", dir.as_str()],
        vec![
            "grade",
            "--lesson",
            "first-multi-stage",
            dockerfile.as_str(),
        ],
    ] {
        let ran = run(&args);
        let all = ran.all();
        assert!(
            !all.chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}'),
            "{args:?}: {all:?}"
        );
        assert!(all.contains("\\u001b"), "{args:?}: {all}");
    }
    // The RUN's own output, escaped, in the failing build's report.
    let ran = run(&["build", &dir]);
    assert_eq!(ran.status, 1);
    assert!(
        ran.err
            .contains("ERROR: unknown instruction: \\u001b[31mBOOM\\u202e"),
        "{}",
        ran.err
    );
}

#[test]
fn a_big_file_left_out_by_dockerignore_is_never_read() {
    let scene = Scene::new("big-excluded");
    scene
        .write("Dockerfile", "FROM alpine:3.19\nCOPY . /ctx/\n")
        .write(".dockerignore", "big.bin\n")
        .write("app.txt", "hello\n");
    // A 3 GB file, sparse: reading it would cost 3 GB of memory.
    let big = std::fs::File::create(scene.dir().join("big.bin")).expect("create");
    big.set_len(3 << 30).expect("set_len");
    drop(big);
    let dir = scene.dir().display().to_string();
    // The real binary, under a 1 GB address-space limit.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000; ulimit -s 1024; exec '{}' build --list-files '{dir}'",
            env!("CARGO_BIN_EXE_stagecraft")
        ))
        .output()
        .expect("sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("/ctx/app.txt"));
    assert!(!stdout.contains("big.bin"));
    // Not left out, it is over the context's limit before a byte is read.
    std::fs::write(scene.dir().join(".dockerignore"), "").expect("write");
    let ran = run(&["build", &dir]);
    assert_eq!(ran.status, 1, "{}", ran.all());
    assert!(
        ran.err
            .contains("the build context is more than 16777216 bytes (at big.bin)"),
        "{}",
        ran.err
    );
}

#[test]
fn a_dockerignore_over_4_mib_still_applies_or_is_refused_by_name() {
    let scene = Scene::new("big-ignore");
    let mut ignore = String::from("secret.txt\n");
    // 300 KiB of comments: applied.
    ignore.push_str(&"# padding padding padding padding padding padding\n".repeat(6000));
    scene
        .write("Dockerfile", "FROM alpine:3.19\nCOPY . /ctx/\n")
        .write("secret.txt", "s")
        .write("app.txt", "a")
        .write(".dockerignore", &ignore);
    let dir = scene.dir().display().to_string();
    let ran = run(&["build", "--list-files", &dir]);
    assert_eq!(ran.status, 0, "{}", ran.err);
    assert!(!ran.out.contains("secret.txt"), "{}", ran.out);
    // 5 MiB: past the limit, which the build names.
    ignore.push_str(&"#".repeat(5 << 20));
    scene.write(".dockerignore", &ignore);
    let ran = run(&["build", &dir]);
    assert_eq!(ran.status, 1, "{}", ran.all());
    assert!(
        ran.err.contains(".dockerignore is 5")
            && ran.err.contains("over Stagecraft's limit of 1048576 bytes"),
        "{}",
        ran.err
    );
}

#[test]
fn lesson_files_that_cannot_be_read_are_said_so() {
    let scene = Scene::new("lessons");
    scene.link("lessons/stolen.md", &scene.secret());
    let lessons = scene.path("lessons");
    let ran = run(&["lessons", "check", &lessons]);
    assert_eq!(ran.status, 1, "{}", ran.all());
    assert_no_secret(&ran, "lessons check");
    assert!(ran.err.contains("stolen.md"), "{}", ran.err);
    scene.write("Dockerfile", "FROM alpine:3.19\n");
    let ran = run(&[
        "grade",
        "--lesson",
        "x",
        "--lessons",
        &lessons,
        &scene.path("Dockerfile"),
    ]);
    assert_eq!(ran.status, 1, "{}", ran.all());
    assert_no_secret(&ran, "grade --lessons");
    assert!(ran.err.contains("stolen.md"), "{}", ran.err);
}

// ---------------------------------------------------------------------
// Hostile Dockerfiles and contexts, built in-process on a 1 MiB stack:
// each of the kinds the hostile-input review found (crashes, hangs and
// memory, wrong results), with its reproducer. Each must end, with the
// outcome named here.

use stagecraft::engine::catalog::builtin;
use stagecraft::engine::{build, BuildContext, BuildOptions, ContextEntry};

/// How a hostile build must end.
enum Ends {
    /// Built, with no error.
    Built,
    /// An error (or a RUN's output) containing this.
    Error(&'static str),
}

struct Case {
    name: &'static str,
    dockerfile: String,
    files: Vec<(String, ContextEntry)>,
    ends: Ends,
}

fn case(name: &'static str, dockerfile: impl Into<String>, ends: Ends) -> Case {
    Case {
        name,
        dockerfile: dockerfile.into(),
        files: Vec::new(),
        ends,
    }
}

/// Builds `case` on a thread with the browser's 1 MiB stack.
fn check(case: Case) {
    let name = case.name;
    let outcome = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let context = BuildContext::from_entries(case.files, "Dockerfile");
            let result = build(
                &case.dockerfile,
                &context,
                &BuildOptions::default(),
                builtin(),
            );
            let error = result
                .error
                .as_ref()
                .map(|e| format!("line {}: {e}\n{}", e.line(), e.output));
            let outputs: String = result
                .stages
                .iter()
                .flat_map(|s| &s.steps)
                .map(|s| format!("{}\n", s.output))
                .collect();
            (error, outputs, case.ends)
        })
        .expect("a thread")
        .join();
    let (error, outputs, ends) = outcome.unwrap_or_else(|_| panic!("{name}: the build crashed"));
    match ends {
        Ends::Built => assert!(
            error.is_none(),
            "{name}: {}",
            error
                .unwrap_or_default()
                .chars()
                .take(600)
                .collect::<String>()
        ),
        Ends::Error(words) => {
            let text = format!("{}\n{outputs}", error.unwrap_or_default());
            // What the build said, cut short: a hostile line is long.
            let shown: String = text.chars().take(600).collect();
            assert!(text.contains(words), "{name}: wanted {words:?} in\n{shown}");
        }
    }
}

fn deep(levels: usize) -> String {
    vec!["a"; levels].join("/")
}

/// Doubles `$x` from 16 bytes `times` times, in a RUN script.
fn doubled(times: usize) -> String {
    let turns: Vec<String> = (1..=times).map(|i| i.to_string()).collect();
    format!(
        "x=aaaaaaaaaaaaaaaa; for i in {}; do x=$x$x; done",
        turns.join(" ")
    )
}

#[test]
fn what_overflowed_the_stack_stops_at_a_named_limit() {
    let nested = format!("{}x{}", "${v:-".repeat(1000), "}".repeat(1000));
    for case in [
        case(
            "substitutions nested a thousand deep",
            format!("FROM alpine:3.19\nENV v={nested}\n"),
            Ends::Error("substitutions nested deeper than 100 levels"),
        ),
        case(
            "the same in a COPY destination",
            format!("FROM alpine:3.19\nCOPY Dockerfile {nested}\n"),
            Ends::Error("substitutions nested deeper than 100 levels"),
        ),
        case(
            "a WORKDIR ten thousand deep",
            format!("FROM alpine:3.19\nWORKDIR /{}\n", deep(10_000)),
            Ends::Error("File name too long"),
        ),
        case(
            "mkdir -p past the depth limit",
            format!("FROM alpine:3.19\nRUN mkdir -p /{}\n", deep(1500)),
            Ends::Error("over Stagecraft's limit of 512 directory levels"),
        ),
        case(
            "a directory made a level at a time",
            "FROM alpine:3.19\nRUN i=0; while [ $i -lt 9000 ]; do mkdir a && cd a; i=$((i+1)); done\n",
            Ends::Error("512 directory levels"),
        ),
        case(
            "a test of ten thousand negations",
            format!("FROM alpine:3.19\nRUN [ {}a ]\n", "! ".repeat(10_000)),
            Ends::Built,
        ),
        case(
            "a test of nested parentheses",
            format!("FROM alpine:3.19\nRUN [ {}a{} ]\n", "\\( ".repeat(5000), " \\)".repeat(5000)),
            Ends::Error("parentheses nested deeper than 100 levels"),
        ),
        case(
            "find with ten thousand negations",
            format!("FROM alpine:3.19\nRUN find /tmp {}-name x\n", "! ".repeat(10_000)),
            Ends::Built,
        ),
        case(
            "find with a long chain of tests",
            format!("FROM alpine:3.19\nRUN find /tmp {}\n", "-name x ".repeat(20_000)),
            Ends::Built,
        ),
        case(
            "find with nested parentheses",
            format!("FROM alpine:3.19\nRUN find /tmp {}-name x{}\n", "\\( ".repeat(5000), " \\)".repeat(5000)),
            Ends::Error("parentheses nested deeper than 100 levels"),
        ),
        case(
            "grep -E with thousands of groups",
            format!("FROM alpine:3.19\nRUN echo x | grep -E '{}a{}' || true\n", "(".repeat(3000), ")*".repeat(3000)),
            Ends::Built,
        ),
        case(
            "sed -E with thousands of groups",
            format!("FROM alpine:3.19\nRUN echo x | sed -E 's/{}/b/'\n", "(a)".repeat(5000)),
            Ends::Built,
        ),
    ] {
        check(case);
    }
}

#[test]
fn make_stops_at_what_refers_to_itself() {
    let makefile = |text: &str| {
        let mut c = case(
            "make",
            "FROM alpine:3.19\nRUN apk add make\nWORKDIR /src\nCOPY Makefile .\nRUN make\n",
            Ends::Built,
        );
        c.files = vec![("Makefile".into(), ContextEntry::text(text))];
        c
    };
    let mut itself = makefile("A = $(A)\nall:\n\techo $(A)\n");
    itself.name = "a variable that refers to itself";
    itself.ends = Ends::Error("Recursive variable 'A' references itself (eventually)");
    check(itself);
    let mut circular = makefile("a: b\n\techo a\nb: a\n\techo b\n");
    circular.name = "circular prerequisites";
    circular.ends = Ends::Error("Circular b <- a dependency dropped.");
    check(circular);
    let mut doubling = String::from("A0 = xxxxxxxxxxxxxxxx\n");
    for i in 1..=40 {
        doubling.push_str(&format!("A{i} = $(A{})$(A{})\n", i - 1, i - 1));
    }
    doubling.push_str("all:\n\t@echo $(A40)\n");
    let mut doubles = makefile(&doubling);
    doubles.name = "variables that double a line";
    doubles.ends = Ends::Error("make: ***");
    check(doubles);
}

#[test]
fn what_hung_or_filled_memory_stops_at_a_named_limit() {
    let mut args = String::from("FROM alpine:3.19\nARG");
    for i in 0..100_000 {
        args.push_str(&format!(" A{i}=x"));
    }
    args.push_str("\nLABEL last=$A99999\n");
    for case in [
        case(
            "ENV doubling itself",
            format!("FROM alpine:3.19\nENV A=xxxxxxxxxxxxxxxx\n{}", "ENV A=$A$A\n".repeat(40)),
            Ends::Error("the environment of this stage (its ENV and ARG values) grew to"),
        ),
        case(
            "ARG doubling itself",
            format!("FROM alpine:3.19\nARG A=xxxxxxxxxxxxxxxx\n{}", "ARG A=$A$A\n".repeat(40)),
            Ends::Error("over Stagecraft's limit of 1048576 bytes"),
        ),
        case(
            "thousands of ARGs in a stage",
            format!(
                "FROM alpine:3.19\n{}RUN echo $A4899\n",
                (0..4900).map(|i| format!("ARG A{i}={i}\n")).collect::<String>()
            ),
            Ends::Built,
        ),
        case(
            "thousands of global ARGs",
            format!(
                "{}FROM alpine:3.19\n",
                (0..4900).map(|i| format!("ARG A{i}={i}\n")).collect::<String>()
            ),
            Ends::Built,
        ),
        case("a hundred thousand ARGs on one line", args, Ends::Built),
        case(
            "a word that copies a big value many times",
            format!(
                "FROM alpine:3.19\nARG A=xxxxxxxxxxxxxxxx\n{}LABEL x=\"{}\"\n",
                "ARG A=$A$A\n".repeat(15),
                "${A%%x*}".repeat(5000)
            ),
            Ends::Error("did more work than Stagecraft's limit"),
        ),
        case(
            "a suffix trimmed from a huge value",
            format!("FROM alpine:3.19\nRUN {}; Y=${{x%b*[c]}}; Y=${{x%%?*b}}\n", doubled(19)),
            Ends::Built,
        ),
        case(
            "a glob that multiplies",
            "FROM alpine:3.19\nRUN echo /*/../*/../*/../*/../*/../*/../*\n",
            Ends::Error("matched too many paths: over Stagecraft's limit of 10000 paths"),
        ),
        case(
            "sed -i in a loop",
            format!("FROM alpine:3.19\nRUN {}; echo \"$x\" > /f; while :; do sed -i p /f; done\n", doubled(16)),
            Ends::Error("a simulation limit"),
        ),
        case(
            "unquoted expansion in a loop",
            format!("FROM alpine:3.19\nRUN {}; i=0; while [ $i -lt 9000 ]; do : $x; i=$((i+1)); done\n", "x=\"a a a a a a a a a a a a a a a a\"; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19; do x=\"$x $x\"; done"),
            Ends::Error("stopped after 100000 steps"),
        ),
        case(
            "one word of three hundred copies",
            format!("FROM alpine:3.19\nRUN {}; : \"{}\"\n", doubled(20), "$x".repeat(300)),
            Ends::Error("grew too big"),
        ),
        case(
            "printf widths that add up",
            "FROM alpine:3.19\nRUN f=%1048576s; for i in 1 2 3 4 5 6 7 8 9 10 11; do f=$f$f; done; printf \"$f\" | wc -c\n",
            Ends::Error("the output of a command in the RUN script grew too big"),
        ),
        case(
            "cut with thousands of fields",
            "FROM alpine:3.19\nRUN f=1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do f=$f,$f; done; x=\"a\\\\n\"; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do x=\"$x$x\"; done; printf \"$x\" | cut -f \"$f\" | wc -c\n",
            Ends::Error("a simulation limit"),
        ),
        case(
            "tr with a million-character range",
            format!("FROM alpine:3.19\nRUN {}; echo $x | tr \"b-\u{10ffff}\" c | wc -c\n", doubled(14)),
            Ends::Built,
        ),
        case(
            "case with a long pattern over a big subject",
            format!("FROM alpine:3.19\nRUN {}; case \"$x\" in *{}b) echo m;; esac\n", doubled(19), "a".repeat(2000)),
            Ends::Error("stopped after 100000 steps"),
        ),
        case(
            "arithmetic naming a big variable many times",
            format!("FROM alpine:3.19\nRUN x=\"                \"; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19; do x=\"$x$x\"; done; x=\"$x 1\"; echo $(({}1))\n", "x+".repeat(3000)),
            Ends::Error("stopped after 100000 steps"),
        ),
        case(
            "pipelines that copy big variables",
            format!("FROM alpine:3.19\nRUN {}; y=$x; z=$x; while :; do : | :; done\n", doubled(20)),
            Ends::Error("a simulation limit"),
        ),
        case(
            "find -exec find",
            "FROM debian:bookworm\nRUN find /usr -exec find /usr \";\" | wc -l\n",
            Ends::Error("a simulation limit"),
        ),
        case(
            "cp -r into itself again and again",
            "FROM alpine:3.19\nRUN mkdir /x && touch /x/f && for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do cp -r /x /x/d$i; done\n",
            Ends::Error("a simulation limit"),
        ),
        case(
            "one file named many times",
            format!("FROM alpine:3.19\nRUN {}; echo \"$x\" > /f; unset x; wc -c {}\n", doubled(19), "/f ".repeat(200)),
            Ends::Error("a simulation limit"),
        ),
        case(
            "a chain of stages that copy the last one whole",
            format!(
                "FROM golang:1.22 AS s0\n{}",
                (1..200)
                    .map(|i| format!("FROM golang:1.22 AS s{i}\nCOPY --from=s{} / /\n", i - 1))
                    .collect::<String>()
            ),
            Ends::Error("over Stagecraft's limit of 500000 paths a build"),
        ),
    ] {
        check(case);
    }
}

#[test]
fn what_gave_wrong_results_is_right() {
    check(case(
        "exit with a word",
        "FROM alpine:3.19\nRUN exit abc\n",
        Ends::Error("exit code: 2"),
    ));
    check(case(
        "exit with a word, BusyBox's words",
        "FROM alpine:3.19\nRUN exit abc\n",
        Ends::Error("/bin/sh: exit: line 1: Illegal number: abc"),
    ));
    check(case(
        "exit with a word, dash's words",
        "FROM debian:bookworm\nRUN exit abc\n",
        Ends::Error("/bin/sh: 1: exit: Illegal number: abc"),
    ));
    check(case(
        "exit wraps at 256",
        "FROM alpine:3.19\nRUN exit 300\n",
        Ends::Error("exit code: 44"),
    ));
    // A .dockerignore past its limit is refused by name, not ignored.
    let mut big = case(
        "a .dockerignore over the limit",
        "FROM alpine:3.19\nCOPY . /ctx/\n",
        Ends::Error(".dockerignore is 5000008 bytes: over Stagecraft's limit of 1048576 bytes"),
    );
    big.files = vec![
        (
            ".dockerignore".into(),
            ContextEntry::text(&format!("secret\n{}\n", "#".repeat(5_000_000))),
        ),
        ("secret".into(), ContextEntry::text("s")),
    ];
    check(big);
    // Many patterns: a limit on the work, by name.
    let mut many = case(
        "sixty thousand wildcard patterns",
        "FROM alpine:3.19\nCOPY . /ctx/\n",
        Ends::Error("took too long: over Stagecraft's limit of 5000000 units of work"),
    );
    many.files = vec![(
        ".dockerignore".into(),
        ContextEntry::text(
            &(0..60_000)
                .map(|i| format!("*a{i}*b*c*\n"))
                .collect::<String>(),
        ),
    )];
    many.files
        .extend((0..2000).map(|i| (format!("f{i}"), ContextEntry::text("x"))));
    check(many);
}

/// The command itself, as a grading machine runs it: the real binary under
/// a 1 MiB stack and 4 GB of memory, on submissions that crashed or hung
/// it. Each ends with 0 or 1 (lint: 3 when it does not build), and prints
/// no terminal control.
#[test]
fn the_binary_ends_every_hostile_submission_with_0_or_1() {
    let scene = Scene::new("binary");
    let cases = [
        format!(
            "FROM alpine:3.19\nENV v={}x{}\n",
            "${v:-".repeat(1000),
            "}".repeat(1000)
        ),
        format!("FROM alpine:3.19\nWORKDIR /{}\n", deep(10_000)),
        format!("FROM alpine:3.19\nRUN mkdir -p /{}\n", deep(1500)),
        format!(
            "FROM alpine:3.19\nRUN echo x | sed -E 's/{}/b/'\n",
            "(a)".repeat(5000)
        ),
        "FROM alpine:3.19\nRUN echo /*/../*/../*/../*/../*/../*/../*\n".to_string(),
        format!("FROM alpine:3.19\nENV A=x\n{}", "ENV A=$A$A\n".repeat(40)),
        "FROM alpine:3.19\nRUN printf '\\033]0;pwned\\007\\033[2J' && exit abc\n".to_string(),
    ];
    for (i, dockerfile) in cases.iter().enumerate() {
        let dir = scene.dir().join(format!("case{i}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("Dockerfile"), dockerfile).expect("write");
        for command in ["build", "analyze", "lint"] {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "ulimit -s 1024; ulimit -v 4000000; exec '{}' {command} '{}'",
                    env!("CARGO_BIN_EXE_stagecraft"),
                    dir.display()
                ))
                .output()
                .expect("sh");
            let code = out.status.code();
            assert!(
                matches!(code, Some(0 | 1)) || (command == "lint" && code == Some(3)),
                "case {i} {command}: {code:?} {}",
                String::from_utf8_lossy(&out.stderr)
                    .chars()
                    .take(300)
                    .collect::<String>()
            );
            let printed = [out.stdout, out.stderr].concat();
            assert!(
                !printed
                    .iter()
                    .any(|&b| b == 0x1b || b == b'\r' || b == 0x07),
                "case {i} {command}: a raw terminal control was printed"
            );
        }
    }
}
