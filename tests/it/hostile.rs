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
