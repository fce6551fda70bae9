//! What `docker run IMAGE` would do, step by step: the user, the command
//! (ENTRYPOINT then CMD), the program found on PATH, its execute bit for
//! that user, its interpreter or dynamic loader, its shared libraries, and
//! the script or jar an interpreter is given. The verdict is "runs" or the
//! first failure, in Docker's words, with a plain explanation.

use serde::Serialize;

use crate::engine::content::{Executable, Linkage, LIBRARY_DIRS};
use crate::engine::image::Image;
use crate::engine::source_facts::SourceFacts;
use crate::engine::users::find_user;
use crate::engine::vfs::{absolute, split_parent, Filesystem, Node};

const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// How Docker's errors from the runtime begin.
const OCI: &str = "docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process:";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckStep {
    pub check: String,
    pub ok: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Runs,
    Fails {
        /// What Docker (or the program) prints.
        message: String,
        /// Why, in plain words, and what to do.
        explanation: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunCheck {
    /// The command the container runs.
    pub command: Vec<String>,
    pub user: String,
    pub steps: Vec<CheckStep>,
    /// What does not stop it starting but will surprise (a port EXPOSE
    /// does not name).
    pub notes: Vec<String>,
    /// The files whose code the container runs: the program, and the
    /// script, jar or module an interpreter is given (through an
    /// entrypoint script's `exec "$@"` and a shell form's `sh -c`).
    pub entry: Vec<String>,
    /// The files the app reads as it starts, as its source names them
    /// and where they are in the image.
    pub reads: Vec<(String, String)>,
    /// The port the app's source listens on, when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listens: Option<String>,
    #[serde(flatten)]
    pub verdict: Verdict,
}

struct Checker<'a> {
    fs: &'a Filesystem,
    exposed: Vec<String>,
    steps: Vec<CheckStep>,
    notes: Vec<String>,
    entry: Vec<String>,
    reads: Vec<(String, String)>,
    listens: Option<String>,
}

impl Checker<'_> {
    fn entry(&mut self, path: &str) {
        if !self.entry.iter().any(|p| p == path) {
            self.entry.push(path.to_string());
        }
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    fn pass(&mut self, check: String) {
        self.steps.push(CheckStep { check, ok: true });
    }

    fn fail(&mut self, check: String, message: String, explanation: String) -> Verdict {
        self.steps.push(CheckStep { check, ok: false });
        Verdict::Fails {
            message,
            explanation,
        }
    }
}

/// Whether `uid`/`gid` may execute a file of `mode` owned by `owner`.
fn may_execute(mode: u32, owner: (u32, u32), uid: u32, gid: u32) -> bool {
    if uid == 0 {
        return mode & 0o111 != 0;
    }
    let bits = if owner.0 == uid {
        mode >> 6
    } else if owner.1 == gid {
        mode >> 3
    } else {
        mode
    };
    bits & 0o1 != 0
}

fn find_on_path(fs: &Filesystem, path_var: &str, cwd: &str, name: &str) -> Option<String> {
    if name.contains('/') {
        return Some(absolute(cwd, name));
    }
    path_var.split(':').find_map(|dir| {
        let candidate = absolute(cwd, &format!("{dir}/{name}"));
        matches!(fs.lookup(&candidate, true), Ok((_, Node::File(_)))).then_some(candidate)
    })
}

/// Checks the image as `docker run IMAGE ARGS...` would start it: ARGS
/// replace CMD.
pub fn run_check_with(image: &Image, args: &[String]) -> RunCheck {
    let mut with = image.clone();
    with.config.cmd = Some(args.to_vec());
    run_check(&with)
}

/// The port the command's arguments give the app, over what its source
/// defaults to: `--port 8080`, `--port=8080`, or a bind address
/// (`-b 0.0.0.0:8000`, `--bind :8000`, `--listen 0.0.0.0:8000`).
fn port_argument(command: &[String]) -> Option<String> {
    let digits = |v: &str| {
        let port = v.rsplit(':').next().unwrap_or(v);
        (!port.is_empty() && port.len() <= 5 && port.chars().all(|c| c.is_ascii_digit()))
            .then(|| port.to_string())
    };
    let mut found = None;
    let mut words = command.iter().peekable();
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
            _ => (word.as_str(), None),
        };
        let takes_port = matches!(flag, "--port" | "--http-port" | "--server.port");
        let takes_address = matches!(flag, "-b" | "--bind" | "--listen" | "--host-port");
        if takes_port || takes_address {
            let value = inline.or_else(|| words.peek().map(|v| v.to_string()));
            let port = value.as_deref().and_then(|v| {
                if takes_port {
                    v.chars().all(|c| c.is_ascii_digit()).then(|| v.to_string())
                } else {
                    v.contains(':').then(|| digits(v)).flatten()
                }
            });
            found = port.or(found);
        }
    }
    found
}

/// Checks the image as `docker run IMAGE` would start it.
pub fn run_check(image: &Image) -> RunCheck {
    let config = &image.config;
    let fs = &image.filesystem;
    let mut command: Vec<String> = config.entrypoint.clone().unwrap_or_default();
    command.extend(config.cmd.clone().unwrap_or_default());
    let user_spec = config.user.clone().unwrap_or_else(|| "root".into());
    let mut checker = Checker {
        fs,
        exposed: config.exposed_ports.iter().cloned().collect(),
        steps: Vec::new(),
        notes: Vec::new(),
        entry: Vec::new(),
        reads: Vec::new(),
        listens: None,
    };
    let verdict = check(&mut checker, image, &command, &user_spec);
    if let Some(port) = port_argument(&command) {
        checker.listens = Some(port);
    }
    RunCheck {
        command,
        user: user_spec,
        steps: checker.steps,
        notes: checker.notes,
        entry: checker.entry,
        reads: checker.reads,
        listens: checker.listens,
        verdict,
    }
}

fn check(c: &mut Checker, image: &Image, command: &[String], user_spec: &str) -> Verdict {
    let config = &image.config;
    let (user_part, group_part) = user_spec.split_once(':').unwrap_or((user_spec, ""));
    // With no USER the container runs as uid 0, passwd or not.
    let default_root = config.user.is_none().then(crate::engine::users::User::root);
    let Some(user) = default_root.or_else(|| find_user(c.fs, user_part)) else {
        return c.fail(
            format!("user {user_part} exists"),
            format!("docker: Error response from daemon: unable to find user {user_part}: no matching entries in passwd file."),
            format!("USER names {user_part}, but /etc/passwd has no such user. Create it in the image (useradd or adduser) or give a numeric id."),
        );
    };
    let gid = group_part
        .parse()
        .ok()
        .or_else(|| crate::engine::users::find_group(c.fs, group_part))
        .unwrap_or(user.gid);
    c.pass(format!(
        "runs as {} (uid {}, gid {gid})",
        user.name, user.uid
    ));
    check_command(c, image, command, &user, gid)
}

fn check_command(
    c: &mut Checker,
    image: &Image,
    command: &[String],
    user: &crate::engine::users::User,
    gid: u32,
) -> Verdict {
    let config = &image.config;
    let Some(program) = command.first() else {
        return c.fail(
            "a command to run".into(),
            "docker: Error response from daemon: No command specified.".into(),
            "The image has neither ENTRYPOINT nor CMD: give one in the final stage.".into(),
        );
    };
    c.pass(format!("command: {}", shell_words(command)));
    let cwd = config.working_dir_or_root().to_string();
    let path_var = config.env_value("PATH").unwrap_or(DEFAULT_PATH).to_string();
    let Some(path) = find_on_path(c.fs, &path_var, &cwd, program) else {
        return c.fail(
            format!("{program} is on PATH"),
            format!("{OCI} exec: \"{program}\": executable file not found in $PATH: unknown."),
            format!("No directory of PATH ({path_var}) has {program}. Install it, copy it in from the build stage, or name it by its full path."),
        );
    };
    let node = match program_file(c, &path, program, command) {
        Ok(file) => file,
        Err(failed) => return failed,
    };
    c.pass(format!("{program} is {path}"));
    c.entry(&path);
    if !may_execute(
        node.meta.mode,
        (node.meta.uid, node.meta.gid),
        user.uid,
        gid,
    ) {
        return c.fail(
            format!("{} may execute {path}", user.name),
            format!("{OCI} exec: \"{program}\": permission denied: unknown."),
            format!(
                "{path} has mode {:o}, owned by {}:{}; user {} (uid {}) has no execute permission. chmod +x it (COPY --chmod=755) or run as its owner.",
                node.meta.mode & 0o7777,
                node.meta.uid,
                node.meta.gid,
                user.name,
                user.uid
            ),
        );
    }
    c.pass(format!(
        "{} may execute it (mode {:o})",
        user.name,
        node.meta.mode & 0o7777
    ));
    if let Some(failed) = check_format(c, &path, &node.content) {
        return failed;
    }
    // A compiled program's loader and libraries come first: without them
    // it never starts.
    if let Some(failed) = node
        .content
        .executable()
        .and_then(|executable| check_linking(c, &path, executable))
    {
        return failed;
    }
    if let Some(failed) = check_foreground(c, &path, command) {
        return failed;
    }
    if let Some(failed) = check_server_writes(c, &path, (user.uid, gid)) {
        return failed;
    }
    // A compiled program: what its source says it reads, writes and
    // listens on.
    if let Some(executable) = node.content.executable() {
        return check_facts(
            c,
            &executable.facts,
            &path,
            &executable.language,
            &cwd,
            (user.uid, gid),
        );
    } else if let Some(text) = node.content.as_text() {
        // A script: its #! line names the interpreter.
        if let Some(line) = text.lines().next().and_then(|l| l.strip_prefix("#!")) {
            let mut words = line.split_whitespace();
            let interpreter = words.next().unwrap_or_default().to_string();
            let (shown, missing) = if split_parent(&interpreter).1 == "env" {
                let name = words.next().unwrap_or_default().to_string();
                let found = c.fs.exists(&interpreter)
                    && find_on_path(c.fs, &path_var, &cwd, &name).is_some_and(|p| c.fs.exists(&p));
                (format!("{interpreter} {name}"), !found)
            } else {
                (interpreter.clone(), !c.fs.exists(&interpreter))
            };
            if missing {
                return c.fail(
                    format!("its interpreter {shown} is there"),
                    format!("exec {path}: no such file or directory"),
                    format!("{path} is a script for {shown}, which the final image does not have. Install the interpreter, or change the #! line to one the image has (Alpine has /bin/sh, not /bin/bash)."),
                );
            }
            c.pass(format!("its interpreter {shown} is there"));
            // An entrypoint script that ends in `exec "$@"` runs the rest
            // of the command: check that next.
            if text.contains("exec \"$@\"") && command.len() > 1 {
                c.pass(format!("{path} runs the rest of the command"));
                return check_command(c, image, &command[1..], user, gid);
            }
            if shown.contains("python") {
                return check_python_app(c, command, &cwd, (user.uid, gid));
            }
        }
    }
    // A shell given one simple command (`CMD node server.js` is
    // `/bin/sh -c "node server.js"`) runs it: check that command.
    if let Some(inner) = shell_command(&path, command) {
        c.pass(format!("{path} -c runs {}", shell_words(&inner)));
        // `sh -c SCRIPT a b`: a and b are the script's $0 and $1, which a
        // script without `$` never reads (a shell-form ENTRYPOINT and a
        // CMD, or arguments to docker run).
        if command.len() > 3 && !command[2].trim_end().ends_with("\"$@\"") {
            c.note(format!(
                "{} reach the shell as $0 and up, and `{}` never reads them: a shell-form ENTRYPOINT ignores CMD and the arguments given to docker run; write it in exec form (ENTRYPOINT [\"...\"]) to pass them on",
                shell_words(&command[3..]),
                command[2].trim()
            ));
        }
        return check_command(c, image, &inner, user, gid);
    }
    check_argument(c, command, &path, &cwd, (user.uid, gid))
}

/// The command line the program that finally starts gets, for
/// `docker run IMAGE ARGS...` (ARGS replace CMD; none keeps it): through
/// a shell's `-c` script (whose own arguments are only $0 and up) and an
/// entrypoint script's `exec "$@"`.
pub fn final_command(image: &Image, args: &[String]) -> Vec<String> {
    let config = &image.config;
    let mut command: Vec<String> = config.entrypoint.clone().unwrap_or_default();
    if args.is_empty() {
        command.extend(config.cmd.clone().unwrap_or_default());
    } else {
        command.extend(args.iter().cloned());
    }
    let cwd = config.working_dir_or_root().to_string();
    let path_var = config.env_value("PATH").unwrap_or(DEFAULT_PATH).to_string();
    // Each step drops a word or rewrites a script: bounded by the length.
    for _ in 0..command.len() + 8 {
        let Some(program) = command.first() else {
            break;
        };
        let Some(path) = find_on_path(&image.filesystem, &path_var, &cwd, program) else {
            break;
        };
        if let Some(inner) = shell_command(&path, &command) {
            command = inner;
            continue;
        }
        let script = image
            .filesystem
            .read(&path)
            .ok()
            .and_then(|c| c.as_text().map(str::to_string));
        match script {
            Some(text)
                if text.starts_with("#!") && text.contains("exec \"$@\"") && command.len() > 1 =>
            {
                command.remove(0);
            }
            _ => break,
        }
    }
    command
}

/// The command a shell runs for `sh -c "WORDS"`, when WORDS is one simple
/// command (no expansions, operators or redirections), with a leading
/// `exec` dropped.
fn shell_command(path: &str, command: &[String]) -> Option<Vec<String>> {
    let shell = split_parent(path).1;
    if !matches!(shell, "sh" | "bash" | "ash" | "dash") || command.len() < 3 || command[1] != "-c" {
        return None;
    }
    let script = command[2].trim();
    // `exec node server.js "$@"`: the script's own arguments after $0
    // follow the command.
    let (script, passes_args) = match script.strip_suffix("\"$@\"") {
        Some(head) => (head.trim_end(), true),
        None => (script, false),
    };
    if script.contains([
        '$', '`', ';', '|', '&', '<', '>', '(', ')', '\\', '\'', '"', '\n', '*', '?',
    ]) {
        return None;
    }
    let mut words: Vec<String> = script.split_whitespace().map(str::to_string).collect();
    if words.first().map(String::as_str) == Some("exec") {
        words.remove(0);
    }
    if passes_args {
        words.extend(command.iter().skip(4).cloned());
    }
    (!words.is_empty()).then_some(words)
}

/// A Python program started through a console script (gunicorn, uvicorn,
/// flask): the `module:attribute` it is given is the app, a module file
/// beside the WORKDIR (or under `--chdir`).
fn check_python_app(c: &mut Checker, command: &[String], cwd: &str, ids: (u32, u32)) -> Verdict {
    let mut dir = cwd.to_string();
    let mut words = command[1..].iter();
    let mut module = None;
    while let Some(word) = words.next() {
        match word.as_str() {
            "--chdir" => {
                if let Some(d) = words.next() {
                    dir = absolute(cwd, d);
                }
            }
            w if w.starts_with("--chdir=") => dir = absolute(cwd, &w["--chdir=".len()..]),
            w if w.starts_with('-') => {}
            w => {
                if let Some((name, attribute)) = w.split_once(':') {
                    let is_name = |s: &str| {
                        !s.is_empty()
                            && s.split('.').all(|p| {
                                !p.is_empty()
                                    && p.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                                    && !p.starts_with(|ch: char| ch.is_ascii_digit())
                            })
                    };
                    if is_name(name) && is_name(attribute.trim_end_matches("()")) {
                        module = Some(name.replace('.', "/"));
                        break;
                    }
                }
            }
        }
    }
    let Some(module) = module else {
        return Verdict::Runs;
    };
    let candidates = [
        format!("{}/{module}.py", dir.trim_end_matches('/')),
        format!("{}/{module}/__init__.py", dir.trim_end_matches('/')),
    ];
    let Some(file) = candidates.iter().find(|p| c.fs.exists(p)).cloned() else {
        let name = module.replace('/', ".");
        return c.fail(
            format!("the module {name} is there"),
            format!("ModuleNotFoundError: No module named '{name}'"),
            format!("The command loads the app from the module {name}, and {} has neither {module}.py nor {module}/__init__.py. Copy the app's code in, and check the WORKDIR.", dir),
        );
    };
    c.pass(format!("{file} is there"));
    c.entry(&file);
    python_module_facts(c, &file, dir.as_str(), ids)
}

/// What a Python module reads and writes as it starts.
fn python_module_facts(c: &mut Checker, file: &str, cwd: &str, ids: (u32, u32)) -> Verdict {
    let facts =
        c.fs.read(file)
            .ok()
            .and_then(|content| content.as_text().map(SourceFacts::scan))
            .unwrap_or_default();
    check_facts(c, &facts, file, "python", cwd, ids)
}

/// An empty file, or text without a `#!` line (a source file), is no
/// program: the kernel cannot tell its format.
fn check_format(
    c: &mut Checker,
    path: &str,
    content: &crate::engine::content::Content,
) -> Option<Verdict> {
    let unrunnable_text = content.as_text().is_some_and(|t| !t.starts_with("#!"));
    if content.size() == 0 || unrunnable_text {
        return Some(c.fail(
            format!("{path} is a program"),
            format!("exec {path}: exec format error"),
            if content.size() == 0 {
                format!("{path} is an empty file: nothing built it. Copy the program the build makes there, or start that one.")
            } else {
                format!("{path} is a text file with no #! line (a source file?), not a program. Copy the program the build compiles from it, or start a script with its interpreter.")
            },
        ));
    }
    None
}

/// The file `program` resolved to, or how `docker run` fails: a
/// directory, or nothing there.
fn program_file(
    c: &mut Checker,
    path: &str,
    program: &str,
    command: &[String],
) -> Result<crate::engine::vfs::File, Verdict> {
    match c.fs.lookup(path, true) {
        Ok((_, Node::File(file))) => Ok(file.clone()),
        Ok(_) => Err(c.fail(
            format!("{path} is a file"),
            format!("{OCI} exec: \"{program}\": permission denied: unknown."),
            format!("{path} is a directory, not a program."),
        )),
        Err(_) => {
            let shell_form =
                program == "/bin/sh" && command.get(1).map(String::as_str) == Some("-c");
            let explanation = if shell_form {
                "The command is in shell form (CMD node server.js), which Docker runs as /bin/sh -c, and this image has no shell (scratch or distroless). Use the exec form: CMD [\"/app/server\"].".to_string()
            } else {
                format!("Nothing is at {path} in the final image. Was it built in another stage and not copied in with COPY --from?")
            };
            Err(c.fail(
                format!("{path} exists"),
                format!(
                    "{OCI} exec: \"{program}\": stat {path}: no such file or directory: unknown."
                ),
                explanation,
            ))
        }
    }
}

/// A server that forks into the background unless told not to: how to
/// keep it in the foreground (words of its command line, or a line of its
/// configuration file).
struct Daemon {
    program: &'static str,
    foreground: &'static [&'static str],
    config: Option<(&'static str, &'static str)>,
    fix: &'static str,
}

const DAEMONS: &[Daemon] = &[
    Daemon {
        program: "nginx",
        foreground: &["daemon off"],
        config: Some(("/etc/nginx/nginx.conf", "daemon off")),
        fix: "CMD [\"nginx\", \"-g\", \"daemon off;\"]",
    },
    Daemon {
        program: "httpd",
        foreground: &["-DFOREGROUND", "-D FOREGROUND"],
        config: None,
        fix: "CMD [\"httpd\", \"-DFOREGROUND\"] (the httpd image's httpd-foreground)",
    },
    Daemon {
        program: "apache2",
        foreground: &["-DFOREGROUND", "-D FOREGROUND"],
        config: None,
        fix: "CMD [\"apache2ctl\", \"-D\", \"FOREGROUND\"]",
    },
    Daemon {
        program: "sshd",
        foreground: &["-D"],
        config: None,
        fix: "CMD [\"/usr/sbin/sshd\", \"-D\"]",
    },
    Daemon {
        program: "crond",
        foreground: &["-f"],
        config: None,
        fix: "CMD [\"crond\", \"-f\"]",
    },
    Daemon {
        program: "php-fpm",
        foreground: &["-F", "--nodaemonize"],
        config: Some(("/usr/local/etc/php-fpm.d/docker.conf", "daemonize = no")),
        fix: "CMD [\"php-fpm\", \"-F\"]",
    },
];

/// A daemon started without its foreground switch goes to the background,
/// and the container stops with its main process: at once, status 0.
fn check_foreground(c: &mut Checker, path: &str, command: &[String]) -> Option<Verdict> {
    let name = split_parent(path).1;
    let daemon = DAEMONS.iter().find(|d| {
        name == d.program
            || name.strip_prefix(d.program).is_some_and(|v| {
                v.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
            })
    })?;
    let line = command.get(1..).unwrap_or_default().join(" ");
    let by_argument = daemon.foreground.iter().any(|f| {
        if f.contains(' ') {
            line.contains(f)
        } else {
            line.split_whitespace().any(|w| w == *f)
        }
    });
    let by_config = daemon.config.is_some_and(|(file, directive)| {
        c.fs.read(file)
            .ok()
            .and_then(|t| {
                t.as_text()
                    .map(|t| t.lines().any(|l| l.trim_start().starts_with(directive)))
            })
            .unwrap_or(false)
    });
    if by_argument || by_config {
        c.pass(format!("{name} stays in the foreground"));
        return None;
    }
    Some(c.fail(
        format!("{name} stays in the foreground"),
        format!("the container exits at once (Exited (0)): {name} went to the background"),
        format!("{name} forks into the background unless told not to, and a container lives only as long as its main process: that process exits as soon as the server has forked, and Docker stops the container. Keep it in the foreground: {}.", daemon.fix),
    ))
}

/// What a stock server writes as it starts, before it serves: its
/// temporary directories and its pid file (nginx's, unless its
/// configuration moves them, as the unprivileged images do).
const SERVER_WRITES: &[(&str, &[(&str, &str)])] = &[(
    "nginx",
    &[
        (
            "/var/cache/nginx",
            "nginx: [emerg] mkdir() \"/var/cache/nginx/client_temp\" failed (13: Permission denied)",
        ),
        (
            "/var/run",
            "nginx: [emerg] open() \"/var/run/nginx.pid\" failed (13: Permission denied)",
        ),
    ],
)];

/// A stock server run as a user who may not write where it writes at
/// start stops there.
fn check_server_writes(c: &mut Checker, path: &str, ids: (u32, u32)) -> Option<Verdict> {
    let name = split_parent(path).1;
    let (_, writes) = SERVER_WRITES.iter().find(|(program, _)| *program == name)?;
    // A configuration that moves the pid file and temp paths (text we
    // can read, naming /tmp) is the unprivileged setup.
    let moved =
        c.fs.read("/etc/nginx/nginx.conf")
            .ok()
            .and_then(|t| {
                t.as_text()
                    .map(|t| t.contains("pid /tmp") || t.contains("pid  /tmp"))
            })
            .unwrap_or(false);
    if moved {
        return None;
    }
    for (dir, error) in *writes {
        let writable =
            c.fs.lookup(dir, true)
                .is_ok_and(|(_, node)| crate::engine::users::may_write(&node.meta(), ids));
        if !writable {
            return Some(c.fail(
                format!("{name} may write {dir}"),
                error.to_string(),
                format!("{name} writes in {dir} as it starts, and uid {} may not. The stock image runs it as root (its workers then switch to the nginx user); to run it unprivileged, use an image made for that (nginxinc/nginx-unprivileged) or give the user {dir} and move the pid file to /tmp in the configuration.", ids.0),
            ));
        }
        c.pass(format!("{name} may write {dir}"));
    }
    None
}

/// A compiled program's loader and libraries, for a dynamic one: the
/// failure when the image lacks one.
fn check_linking(c: &mut Checker, path: &str, executable: &Executable) -> Option<Verdict> {
    if let Linkage::Dynamic {
        interpreter,
        libraries,
    } = &executable.linkage
    {
        if !c.fs.exists(interpreter) {
            let libc = if interpreter.contains("musl") {
                "musl"
            } else {
                "glibc"
            };
            return Some(c.fail(
                format!("its loader {interpreter} exists"),
                format!("exec {path}: no such file or directory"),
                format!("{path} is a {} program linked against {libc}; it needs {interpreter}, which this image lacks (a glibc program on Alpine or scratch, or a musl one on Debian). The file is there: the loader is not. Build it statically (CGO_ENABLED=0, the musl target, -static), install this image's own build of it (apk add, apt-get install) rather than copying another distribution's, or use a base image with {libc}.", executable.language),
            ));
        }
        c.pass(format!("its loader {interpreter} is there"));
        for library in libraries {
            let found = LIBRARY_DIRS
                .iter()
                .any(|dir| c.fs.exists(&format!("{dir}/{library}")));
            if !found {
                return Some(c.fail(
                    format!("library {library} is there"),
                    format!("{path}: error while loading shared libraries: {library}: cannot open shared object file: No such file or directory"),
                    format!("{path} was linked with {library}, which the final image does not have. Install the runtime package that ships it, or use a base image that has it (distroless/cc for libstdc++ and libgcc_s)."),
                ));
            }
        }
        if !libraries.is_empty() {
            c.pass(format!("its libraries are there: {}", libraries.join(", ")));
        }
    } else {
        c.pass("statically linked: needs nothing from the image".into());
    }
    None
}

/// An interpreter's script or jar must exist; a Node.js app's
/// dependencies must be installed beside it.
fn check_argument(
    c: &mut Checker,
    command: &[String],
    path: &str,
    cwd: &str,
    (uid, gid): (u32, u32),
) -> Verdict {
    let name = split_parent(path).1;
    let args: Vec<&String> = command[1..]
        .iter()
        .filter(|a| !a.starts_with('-'))
        .collect();
    let (script, message) = match name {
        n if n.starts_with("node") => {
            let Some(script) = args.first() else {
                return Verdict::Runs;
            };
            let full = absolute(cwd, script);
            (full.clone(), format!("Error: Cannot find module '{full}'"))
        }
        n if n.starts_with("python") => {
            if let Some(at) = command.iter().position(|a| a == "-m") {
                return python_module(c, command.get(at + 1), cwd, (uid, gid));
            }
            let Some(script) = args.first() else {
                return Verdict::Runs;
            };
            let full = absolute(cwd, script);
            (
                full.clone(),
                format!("{n}: can't open file '{full}': [Errno 2] No such file or directory"),
            )
        }
        "java" => {
            let Some(jar) = command
                .iter()
                .position(|a| a == "-jar")
                .and_then(|i| command.get(i + 1))
            else {
                return Verdict::Runs;
            };
            (
                absolute(cwd, jar),
                format!("Error: Unable to access jarfile {jar}"),
            )
        }
        _ => return Verdict::Runs,
    };
    if !c.fs.exists(&script) {
        return c.fail(
            format!("{script} exists"),
            message,
            format!("{name} is given {script}, which is not in the final image. Copy it in (COPY --from=build ...), and check the WORKDIR it is relative to."),
        );
    }
    c.pass(format!("{script} is there"));
    c.entry(&script);
    if name.starts_with("node") {
        let dir = split_parent(&script).0.to_string();
        if let Some(missing) = missing_node_dependency(c.fs, &dir) {
            return c.fail(
                format!("the dependency {missing} is installed"),
                format!("Error: Cannot find module '{missing}'"),
                format!("{dir}/package.json depends on {missing}, but no node_modules beside the app has it. Run npm ci in the image, or copy node_modules in from the build stage."),
            );
        }
    }
    // The files the script reads as it starts, and the port it listens on.
    let facts =
        c.fs.read(&script)
            .ok()
            .and_then(|content| content.as_text().map(SourceFacts::scan))
            .unwrap_or_default();
    let language = if name.starts_with("node") {
        "node"
    } else if name.starts_with("python") {
        "python"
    } else {
        "java"
    };
    check_facts(c, &facts, &script, language, cwd, (uid, gid))
}

/// `python -m MODULE`: the module is the app when it is a file of the
/// WORKDIR (`MODULE.py`, `MODULE/__main__.py`); an installed module
/// (`-m flask`, `-m http.server`) is found on sys.path, which is not
/// checked.
fn python_module(c: &mut Checker, module: Option<&String>, cwd: &str, ids: (u32, u32)) -> Verdict {
    let Some(module) = module else {
        return Verdict::Runs;
    };
    let path = module.replace('.', "/");
    let root = cwd.trim_end_matches('/');
    let candidates = [
        format!("{root}/{path}.py"),
        format!("{root}/{path}/__main__.py"),
    ];
    match candidates.iter().find(|p| c.fs.exists(p)).cloned() {
        Some(file) => {
            c.pass(format!("{file} is there"));
            c.entry(&file);
            python_module_facts(c, &file, cwd, ids)
        }
        None => Verdict::Runs,
    }
}

/// How a language's program words a failed open: (missing, denied).
fn open_errors(language: &str, file: &str) -> (String, String) {
    match language {
        "node" => (
            format!("Error: ENOENT: no such file or directory, open '{file}'"),
            format!("Error: EACCES: permission denied, open '{file}'"),
        ),
        "python" => (
            format!("FileNotFoundError: [Errno 2] No such file or directory: '{file}'"),
            format!("PermissionError: [Errno 13] Permission denied: '{file}'"),
        ),
        "go" => (
            format!("open {file}: no such file or directory"),
            format!("open {file}: permission denied"),
        ),
        "rust" => (
            "Error: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }"
                .to_string(),
            "Error: Os { code: 13, kind: PermissionDenied, message: \"Permission denied\" }"
                .to_string(),
        ),
        _ => (
            format!("{file}: No such file or directory"),
            format!("{file}: Permission denied"),
        ),
    }
}

/// The files a program reads and writes as it starts, and its port:
/// what its source says (`facts`), against the final image.
fn check_facts(
    c: &mut Checker,
    facts: &SourceFacts,
    program: &str,
    language: &str,
    cwd: &str,
    (uid, gid): (u32, u32),
) -> Verdict {
    let source = if matches!(language, "node" | "python" | "java") {
        program.to_string()
    } else {
        format!("{program} (its {language} source, as compiled)")
    };
    for file in &facts.reads {
        let full = absolute(cwd, file);
        if !c.fs.exists(&full) {
            return c.fail(
                format!("{full}, which the app reads at start, exists"),
                open_errors(language, file).0,
                format!("{source} reads {file} (relative to the WORKDIR, {cwd}) when it starts, and the final image does not have it. Copy it in (a multi-stage build copies only what COPY --from names), or check the WORKDIR."),
            );
        }
        c.pass(format!("{full}, which the app reads at start, is there"));
        c.reads.push((file.clone(), full));
    }
    for file in &facts.writes {
        let full = absolute(cwd, file);
        // The file if it is there, else the directory it goes in.
        let (target, what) = match c.fs.lookup(&full, true) {
            Ok((_, node)) => (Some(node.meta()), full.clone()),
            Err(_) => {
                let dir = split_parent(&full).0.to_string();
                (c.fs.lookup(&dir, true).ok().map(|(_, n)| n.meta()), dir)
            }
        };
        let writable =
            target.is_some_and(|meta| crate::engine::users::may_write(&meta, (uid, gid)));
        if !writable {
            let (missing, denied) = open_errors(language, file);
            let (message, why) = if target.is_some() {
                (denied, format!("{what} is not writable by uid {uid}"))
            } else {
                (missing, format!("{what} does not exist"))
            };
            return c.fail(
                format!("the app may write {full}"),
                message,
                {
                    let dir = split_parent(&full).0;
                    format!("{source} writes {file} when it starts, and {why}. Create the directory in the image and give it to the app's user (`RUN mkdir -p {dir} && chown {uid}:{gid} {dir}`, or `COPY --chown={uid}:{gid}`).")
                },
            );
        }
        c.pass(format!("the app may write {full}"));
    }
    if let Some(port) = &facts.port {
        c.listens = Some(port.clone());
        let exposed = &c.exposed;
        if exposed.is_empty()
            || exposed
                .iter()
                .any(|p| p.split('/').next() == Some(port.as_str()))
        {
            c.pass(format!("the app listens on {port}"));
        } else {
            c.note(format!(
                "the app listens on {port}, but the image exposes {}: `docker run -p` with the exposed port reaches nothing",
                exposed.join(", ")
            ));
        }
    }
    Verdict::Runs
}

/// The first dependency of `dir/package.json` that no node_modules on the
/// way up to / has.
fn missing_node_dependency(fs: &Filesystem, dir: &str) -> Option<String> {
    let text = fs
        .read(&format!("{dir}/package.json"))
        .ok()?
        .as_text()?
        .to_string();
    let package: serde_json::Value = serde_json::from_str(&text).ok()?;
    let deps = package.get("dependencies")?.as_object()?;
    deps.keys()
        .find(|name| {
            let mut at = dir.to_string();
            loop {
                if fs.exists(&format!("{}/node_modules/{name}", at.trim_end_matches('/'))) {
                    return false;
                }
                if at.is_empty() || at == "/" {
                    return true;
                }
                at = split_parent(&at).0.to_string();
            }
        })
        .cloned()
}

fn shell_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            if w.is_empty() || w.contains([' ', '"', '\'', '$']) {
                format!("{w:?}")
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_in_the_arguments_is_where_the_app_listens() {
        let words = |text: &str| -> Vec<String> { text.split(' ').map(String::from).collect() };
        let port = |text: &str| port_argument(&words(text));
        assert_eq!(port("node server.js --port 9090"), Some("9090".into()));
        assert_eq!(port("uvicorn app:app --port=8000"), Some("8000".into()));
        assert_eq!(
            port("gunicorn -b 0.0.0.0:8000 app:app"),
            Some("8000".into())
        );
        assert_eq!(port("gunicorn --bind=:5000 app:app"), Some("5000".into()));
        assert_eq!(port("server --port http"), None);
        assert_eq!(port("server -b 8000"), None);
    }
}
