//! `uv` (and `uvx`), Astral's Python package manager, as a Dockerfile
//! uses it: `uv sync` from `uv.lock` (groups, extras, `--locked`,
//! `--frozen`, `--no-install-project`, UV_PROJECT_ENVIRONMENT), `uv pip
//! install` into a virtual environment or `--system`, `uv venv`, `uv run`,
//! `uv python install`, `uv tool install`, `uv export` and `uv cache
//! clean`. Packages come from the lockfile, sized from the PyPI data or,
//! where it lacks them, from the wheel sizes the lockfile records. uv's
//! cache (`~/.cache/uv`, UV_CACHE_DIR, `--no-cache`, UV_NO_CACHE) keeps
//! the wheels unpacked; bytecode is compiled only when asked
//! (`--compile-bytecode`, UV_COMPILE_BYTECODE).

use serde_json::Value;

use crate::engine::catalog::pypi::{self, canonical, parse_requirement, Distribution, Project};
use crate::engine::content::Content;
use crate::engine::vfs::split_parent;

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::write_file;
use super::pip::{install_project, locate, Python};
use super::python_lock::{self, Locked, Platform, Selection};
use super::python_project;

/// The uv every simulated `uv` is.
const VERSION: &str = "0.5.11";
/// A managed CPython (python-build-standalone's stripped install).
const MANAGED_PYTHON: &str = "3.12.8";
const MANAGED_PYTHON_BYTES: u64 = 92_000_000;
/// Unpacked bytes per downloaded byte of a wheel the PyPI data lacks
/// (the median of the measured wheels).
const UNPACKED_PER_DOWNLOAD: f64 = 2.9;

/// The options every subcommand takes.
#[derive(Default)]
struct Options {
    words: Vec<String>,
    no_cache: bool,
    cache_dir: Option<String>,
    python: Option<String>,
    quiet: bool,
    system: bool,
    locked: bool,
    frozen: bool,
    no_install_project: bool,
    no_editable: bool,
    selection: Selection,
    compile: bool,
    files: Vec<String>,
    target: Option<String>,
    output: Option<String>,
}

fn truthy(shell: &Shell, name: &str) -> bool {
    shell
        .var(name)
        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
}

fn options(shell: &Shell, args: &[String]) -> Options {
    let mut o = Options {
        no_cache: truthy(shell, "UV_NO_CACHE"),
        cache_dir: shell.var("UV_CACHE_DIR").map(String::from),
        python: shell.var("UV_PYTHON").map(String::from),
        system: truthy(shell, "UV_SYSTEM_PYTHON"),
        locked: truthy(shell, "UV_LOCKED"),
        frozen: truthy(shell, "UV_FROZEN"),
        no_install_project: truthy(shell, "UV_NO_INSTALL_PROJECT"),
        compile: truthy(shell, "UV_COMPILE_BYTECODE"),
        ..Options::default()
    };
    let mut dev = !truthy(shell, "UV_NO_DEV");
    let mut groups: Vec<String> = Vec::new();
    let mut no_groups: Vec<String> = Vec::new();
    let mut rest = args[1..].iter();
    let value = |arg: &str, rest: &mut std::slice::Iter<String>| -> Option<String> {
        match arg.split_once('=') {
            Some((_, v)) => Some(v.to_string()),
            None => rest.next().cloned(),
        }
    };
    while let Some(arg) = rest.next() {
        let flag = arg.split('=').next().unwrap_or(arg);
        match flag {
            "--no-cache" | "-n" => o.no_cache = true,
            "--cache-dir" => o.cache_dir = value(arg, &mut rest),
            "--python" | "-p" => o.python = value(arg, &mut rest),
            "-q" | "--quiet" | "-qq" => o.quiet = true,
            "--system" => o.system = true,
            "--locked" => o.locked = true,
            "--frozen" => o.frozen = true,
            "--no-install-project" | "--no-install-workspace" => o.no_install_project = true,
            "--no-editable" => o.no_editable = true,
            "--no-dev" => dev = false,
            "--dev" => dev = true,
            "--only-dev" => {
                o.selection.no_main = true;
                dev = true;
            }
            "--group" => groups.extend(value(arg, &mut rest)),
            "--no-group" => no_groups.extend(value(arg, &mut rest)),
            "--only-group" => {
                o.selection.no_main = true;
                dev = false;
                groups.extend(value(arg, &mut rest));
            }
            "--extra" => o.selection.extras.extend(value(arg, &mut rest)),
            "--all-extras" => o.selection.all_extras = true,
            "--compile-bytecode" | "--compile" => o.compile = true,
            "-r" | "--requirement" | "--requirements" => o.files.extend(value(arg, &mut rest)),
            "--target" | "--prefix" => o.target = value(arg, &mut rest),
            "-o" | "--output-file" => o.output = value(arg, &mut rest),
            "--index-url" | "--extra-index-url" | "-i" | "--link-mode" | "--directory"
            | "--project" | "--package" | "--format" | "--python-platform" | "--resolution"
            | "--index" | "-c" | "--constraint" | "--with" | "--from" => {
                if !arg.contains('=') {
                    rest.next();
                }
            }
            a if a.starts_with('-') => {}
            _ => o.words.push(arg.clone()),
        }
    }
    if dev {
        groups.push("dev".into());
    }
    groups.retain(|g| !no_groups.contains(g));
    o.selection.groups = groups;
    o
}

/// `uv ...` and `uvx ...`.
pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let invoked = split_parent(&args[0]).1.to_string();
    if invoked == "uvx" {
        let mut tool = vec!["uv".to_string(), "tool".into(), "run".into()];
        tool.extend(args[1..].iter().cloned());
        return run(shell, &tool, io);
    }
    let o = options(shell, args);
    let words: Vec<&str> = o.words.iter().map(String::as_str).collect();
    match words.as_slice() {
        _ if args.iter().skip(1).any(|a| a == "--version" || a == "-V") && words.is_empty() => {
            io.out(&format!("uv {VERSION}\n"));
            0
        }
        ["version", ..] | ["self", "version", ..] => {
            io.out(&format!("uv {VERSION}\n"));
            0
        }
        ["venv", rest @ ..] => venv(shell, &o, rest.first().copied(), io),
        ["sync", ..] => sync(shell, &o, io),
        ["lock", ..] => lock(shell, &o, io),
        ["run", command @ ..] => run_in_project(shell, &o, command, args, io),
        ["pip", "install" | "sync", packages @ ..] => pip_install(shell, &o, packages, io),
        ["pip", "freeze" | "list", ..] => {
            let Some(py) = environment(shell, &o, io) else {
                return 2;
            };
            super::pip::pip(shell, &[py.executable.clone(), "freeze".into()], io)
        }
        ["pip", "uninstall", ..] | ["pip", "compile", ..] | ["pip", "check", ..] => {
            shell.note(format!(
                "uv {}: not simulated; assumed to succeed with no file changes",
                words.join(" ")
            ));
            0
        }
        ["python", "install", versions @ ..] => {
            let version = versions.first().copied().unwrap_or(MANAGED_PYTHON);
            managed_python(shell, version, io);
            0
        }
        ["python", "pin", version, ..] => {
            let path = format!("{}/.python-version", shell.cwd.trim_end_matches('/'));
            write_file(shell, &path, Content::text(&format!("{version}\n")), 0o644);
            0
        }
        ["python", "find", ..] => match interpreter(shell, &o, io) {
            Some(py) => {
                io.out(&format!("{}\n", py.executable));
                0
            }
            None => 2,
        },
        ["tool", "install", spec, ..] => tool_install(shell, &o, spec, io),
        ["tool", "run", spec, rest @ ..] => {
            tool_install(shell, &o, spec, io);
            let tool = parse_requirement(spec).map_or(spec.to_string(), |r| r.name);
            let mut argv = vec![tool];
            argv.extend(rest.iter().map(|s| s.to_string()));
            exec_with_venv(shell, None, &argv, io)
        }
        ["export", ..] => export(shell, &o, io),
        ["cache", "clean" | "prune", ..] => {
            let dir = cache_dir(shell, &o);
            let _ = shell.fs.remove(&dir);
            io.err(&format!("Clearing cache at: {dir}\n"));
            0
        }
        ["cache", "dir", ..] => {
            io.out(&format!("{}\n", cache_dir(shell, &o)));
            0
        }
        [] => {
            io.err("An extremely fast Python package manager.\n\nUsage: uv [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n");
            2
        }
        _ => {
            shell.note(format!(
                "uv {}: not simulated; assumed to succeed with no file changes",
                words.join(" ")
            ));
            0
        }
    }
}

fn cache_dir(shell: &Shell, o: &Options) -> String {
    if let Some(dir) = &o.cache_dir {
        return shell.path(dir);
    }
    let home = shell.var("HOME").unwrap_or("/root");
    match shell.var("XDG_CACHE_HOME") {
        Some(xdg) if !xdg.is_empty() => format!("{xdg}/uv"),
        _ => format!("{home}/.cache/uv"),
    }
}

/// The interpreter uv uses: `--python` (a path or a version), the
/// first Python on PATH, a managed one; downloaded as uv does when
/// there is none (unless UV_PYTHON_DOWNLOADS=never).
fn interpreter(shell: &mut Shell, o: &Options, io: &mut Io) -> Option<Python> {
    if let Some(wanted) = &o.python {
        if wanted.contains('/') {
            return locate(shell, wanted);
        }
        let name = format!(
            "python{}",
            wanted.split('.').take(2).collect::<Vec<_>>().join(".")
        );
        if let Some(py) = super::find_program(shell, &name).and_then(|p| locate(shell, &p)) {
            return Some(py);
        }
    } else {
        for name in ["python3", "python"] {
            if let Some(py) = super::find_program(shell, name).and_then(|p| locate(shell, &p)) {
                return Some(py);
            }
        }
    }
    if let Some(found) = managed_installed(shell) {
        return locate(shell, &found);
    }
    if shell
        .var("UV_PYTHON_DOWNLOADS")
        .is_some_and(|v| v == "never" || v == "manual")
    {
        io.err("error: No interpreter found in virtual environments, managed installations, or search path\n");
        return None;
    }
    let version = o
        .python
        .clone()
        .unwrap_or_else(|| MANAGED_PYTHON.to_string());
    let path = managed_python(shell, &version, io);
    locate(shell, &path)
}

fn managed_root(shell: &Shell) -> String {
    match shell.var("UV_PYTHON_INSTALL_DIR") {
        Some(dir) => shell.path(dir),
        None => format!(
            "{}/.local/share/uv/python",
            shell.var("HOME").unwrap_or("/root")
        ),
    }
}

fn managed_installed(shell: &Shell) -> Option<String> {
    let root = managed_root(shell);
    shell
        .fs
        .walk_under(&root)
        .into_iter()
        .map(|(p, _)| format!("{root}/{p}"))
        .find(|p| p.ends_with("/bin/python3") && shell.fs.exists(p))
}

/// `uv python install`: python-build-standalone's CPython, unpacked under
/// the managed directory; its path.
fn managed_python(shell: &mut Shell, version: &str, io: &mut Io) -> String {
    let full = match version.matches('.').count() {
        0 | 1 if version.starts_with("3.") => match version {
            "3.13" => "3.13.1".to_string(),
            "3.11" => "3.11.11".to_string(),
            "3.10" => "3.10.16".to_string(),
            _ => MANAGED_PYTHON.to_string(),
        },
        2 => version.to_string(),
        _ => MANAGED_PYTHON.to_string(),
    };
    let minor: String = full.split('.').take(2).collect::<Vec<_>>().join(".");
    let libc = if shell.fs.exists("/lib/ld-musl-x86_64.so.1") {
        "musl"
    } else {
        "gnu"
    };
    let dir = format!("{}/cpython-{full}-linux-x86_64-{libc}", managed_root(shell));
    let executable = format!("{dir}/bin/python{minor}");
    if shell.fs.exists(&executable) {
        return executable;
    }
    let identity = format!("uv-python-{full}");
    write_file(
        shell,
        &executable,
        Content::blob(MANAGED_PYTHON_BYTES / 20, &identity),
        0o755,
    );
    for (i, share) in [8u64, 6, 3, 2].iter().enumerate() {
        write_file(
            shell,
            &format!("{dir}/lib/python{minor}/part-{i}.py"),
            Content::blob(
                MANAGED_PYTHON_BYTES / 20 * share,
                &format!("{identity}:{i}"),
            ),
            0o644,
        );
    }
    write_file(
        shell,
        &format!("{dir}/lib/libpython{minor}.so.1.0"),
        Content::blob(
            MANAGED_PYTHON_BYTES - MANAGED_PYTHON_BYTES / 20 * 20,
            &format!("{identity}:so"),
        ),
        0o755,
    );
    for name in ["python3", "python"] {
        let link = format!("{dir}/bin/{name}");
        let _ = shell.fs.put(
            &link,
            crate::engine::vfs::Node::symlink(
                &format!("python{minor}"),
                crate::engine::vfs::Meta::symlink(),
            ),
        );
    }
    shell.work += cost::install(1, MANAGED_PYTHON_BYTES / 3);
    io.err(&format!(
        "Installed Python {full} in 1.2s\n + cpython-{full}-linux-x86_64-{libc}\n"
    ));
    executable
}

/// `uv venv [PATH]`: an environment without pip.
fn venv(shell: &mut Shell, o: &Options, path: Option<&str>, io: &mut Io) -> i32 {
    let Some(py) = interpreter(shell, o, io) else {
        return 2;
    };
    let root = path.unwrap_or(".venv").to_string();
    io.err(&format!(
        "Using CPython {}.0 interpreter at: {}\nCreating virtual environment at: {root}\nActivate with: source {root}/bin/activate\n",
        py.version, py.executable
    ));
    make_venv(shell, &py, &root, io)
}

fn make_venv(shell: &mut Shell, py: &Python, root: &str, io: &mut Io) -> i32 {
    let status = super::pip::venv(
        shell,
        py,
        &["--without-pip".to_string(), root.to_string()],
        io,
    );
    let root = shell.path(root);
    write_file(
        shell,
        &format!("{root}/.gitignore"),
        Content::text("*\n"),
        0o644,
    );
    write_file(
        shell,
        &format!("{root}/CACHEDIR.TAG"),
        Content::text("Signature: 8a477f597d28d172789f06886806bc55\n"),
        0o644,
    );
    status
}

fn read_toml(shell: &Shell, path: &str, io: &mut Io) -> Option<Value> {
    python_project::read_toml(shell, path, io, |path, e| {
        format!("error: Failed to parse: `{path}`\n  Caused by: TOML parse error at {e}\n")
    })
}

/// The project's environment: UV_PROJECT_ENVIRONMENT or `.venv`, made
/// with the interpreter when missing; a Python prefix there (such as
/// `/usr/local`) is used as it is.
/// Where the project's environment is: UV_PROJECT_ENVIRONMENT (absolute,
/// or relative to the project), else the project's `.venv`.
fn environment_path(shell: &Shell, root: &str) -> String {
    match shell.var("UV_PROJECT_ENVIRONMENT") {
        Some(dir) if dir.starts_with('/') => dir.trim_end_matches('/').to_string(),
        Some(dir) if !dir.is_empty() => shell.path(&format!("{root}/{dir}")),
        _ => format!("{root}/.venv"),
    }
}

fn project_environment(shell: &mut Shell, o: &Options, root: &str, io: &mut Io) -> Option<Python> {
    let env = environment_path(shell, root);
    if shell.fs.exists(&format!("{env}/pyvenv.cfg")) {
        return locate(shell, &format!("{env}/bin/python"));
    }
    for name in ["python3", "python"] {
        let candidate = format!("{env}/bin/{name}");
        if shell.fs.exists(&candidate) {
            return locate(shell, &candidate);
        }
    }
    let py = interpreter(shell, o, io)?;
    if !o.quiet {
        io.err(&format!(
            "Using CPython {}.0 interpreter at: {}\nCreating virtual environment at: {}\n",
            py.version, py.executable, env
        ));
    }
    if make_venv(shell, &py, &env, io) != 0 {
        return None;
    }
    locate(shell, &format!("{env}/bin/python"))
}

/// `uv sync`: the lockfile's packages, then the project itself (editable).
fn sync(shell: &mut Shell, o: &Options, io: &mut Io) -> i32 {
    let Some(root) = python_project::root(shell) else {
        io.err("error: No `pyproject.toml` found in current directory or any parent directory\n");
        return 2;
    };
    let Some(project) = read_toml(shell, &format!("{root}/pyproject.toml"), io) else {
        return 2;
    };
    let lock_path = format!("{root}/uv.lock");
    let lock = if shell.fs.exists(&lock_path) {
        let Some(lock) = read_toml(shell, &lock_path, io) else {
            return 2;
        };
        if o.locked && !lock_matches(&lock, &project) {
            io.err("error: The lockfile at `uv.lock` needs to be updated, but `--locked` was provided. To update the lockfile, run `uv lock`.\n");
            return 2;
        }
        lock
    } else if o.locked || o.frozen {
        io.err("error: Unable to find lockfile at `uv.lock`. To create a lockfile, run `uv lock` or `uv sync`.\n");
        return 2;
    } else {
        let lock = resolve_lock(shell, &project);
        write_lock(shell, &lock_path, &lock);
        lock
    };
    let Some(py) = project_environment(shell, o, &root, io) else {
        return 2;
    };
    let musl = shell.fs.exists("/lib/ld-musl-x86_64.so.1");
    let platform = Platform {
        python: &py.version,
        musl,
    };
    let (packages, projects) = python_lock::uv(&lock, &o.selection, &platform);
    let status = install_with_uv(shell, o, &py, &packages, io);
    if status != 0 {
        return status;
    }
    if !o.no_install_project {
        for (name, version) in projects {
            let how = python_project::Install {
                name: &name,
                version: &version,
                copied: o.no_editable,
                installer: "uv",
                pth: format!("_{}.pth", canonical(&name).replace('-', "_")),
            };
            python_project::install(shell, &py, &root, &project, &how);
        }
    }
    0
}

/// Whether the lockfile was made from this pyproject.toml: every
/// dependency the project declares is locked as one of its own.
fn lock_matches(lock: &Value, project: &Value) -> bool {
    let Some(declared) = project["project"]["dependencies"].as_array() else {
        return true;
    };
    let locked: Vec<String> = lock["package"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| {
            p["source"]
                .get("editable")
                .or_else(|| p["source"].get("virtual"))
                .is_some()
        })
        .flat_map(|p| p["dependencies"].as_array().into_iter().flatten())
        .filter_map(|d| d["name"].as_str().map(canonical))
        .collect();
    if locked.is_empty() {
        return true;
    }
    declared
        .iter()
        .filter_map(Value::as_str)
        .filter_map(parse_requirement)
        .all(|r| locked.contains(&canonical(&r.name)))
}

/// A lockfile for a project that has none: its dependencies resolved
/// from the PyPI data, as `uv lock` would write it.
fn resolve_lock(shell: &Shell, project: &Value) -> Value {
    let requirements: Vec<pypi::Requirement> = project["project"]["dependencies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(parse_requirement)
        .collect();
    let index = pypi::index(shell.catalog.data(), &shell.lacking);
    let (order, missing) = index.resolve(&requirements);
    let name = project["project"]["name"].as_str().unwrap_or("project");
    let version = project["project"]["version"].as_str().unwrap_or("0.1.0");
    let mut packages = vec![serde_json::json!({
        "name": name, "version": version, "source": {"editable": "."},
        "dependencies": requirements.iter().map(|r| serde_json::json!({"name": r.name})).collect::<Vec<_>>(),
    })];
    for name in order.iter().chain(&missing) {
        let project = index.project(name);
        packages.push(serde_json::json!({
            "name": name,
            "version": project.map_or("0", |p| p.version.as_str()),
            "source": {"registry": "https://pypi.org/simple"},
            "dependencies": project.map(|p| p.deps.iter().map(|d| serde_json::json!({"name": d})).collect::<Vec<_>>()).unwrap_or_default(),
        }));
    }
    serde_json::json!({"version": 1, "package": packages})
}

fn write_lock(shell: &mut Shell, path: &str, lock: &Value) {
    let mut text = String::from("version = 1\nrequires-python = \">=3.8\"\n");
    for package in lock["package"].as_array().into_iter().flatten() {
        text.push_str(&format!(
            "\n[[package]]\nname = \"{}\"\nversion = \"{}\"\n",
            package["name"].as_str().unwrap_or_default(),
            package["version"].as_str().unwrap_or_default()
        ));
    }
    write_file(shell, path, Content::text(&text), 0o644);
}

/// Where an installer keeps what it downloads: the directory, and the
/// subdirectory its unpacked wheels (uv) or downloads (Poetry) go in.
pub(super) struct Cache {
    pub dir: String,
    pub kind: &'static str,
}

/// Installs locked packages into an environment; the `+ name==version`
/// lines, or the exit status of a failure (a source build without a
/// compiler; `--strict` and a package with no size anywhere).
pub(super) fn install_locked(
    shell: &mut Shell,
    py: &Python,
    packages: &[Locked],
    compile: bool,
    cache: Option<Cache>,
    program: &str,
    io: &mut Io,
) -> Result<Vec<(String, String)>, i32> {
    let index = pypi::index(shell.catalog.data(), &shell.lacking);
    let musl = shell.fs.exists("/lib/ld-musl-x86_64.so.1");
    let have_gcc = super::find_program(shell, "gcc").is_some();
    let mut estimated: Vec<String> = Vec::new();
    let mut fetched = 0;
    let mut done = Vec::new();
    for locked in packages {
        // Already there at this version (a second sync): audited, kept.
        let module = canonical(&locked.name).replace('-', "_");
        if shell.fs.exists(&format!(
            "{}/{module}-{}.dist-info/METADATA",
            py.site, locked.version
        )) {
            continue;
        }
        let (project, dist, exact) = sized(&index, locked, musl);
        if !exact {
            estimated.push(format!("{}=={}", locked.name, locked.version));
        }
        if locked.build && !have_gcc && dist.build && !pypi::extensions_optional(&locked.name) {
            io.err(&format!(
                "  × Failed to build `{}=={}`\n  ├─▶ The build backend returned an error\n  ╰─▶ Call to `setuptools.build_meta.build_wheel` failed (exit status: 1)\n      error: command 'gcc' failed: No such file or directory\n",
                locked.name, locked.version
            ));
            return Err(1);
        }
        fetched += dist.download;
        install_project(
            shell,
            &project,
            &dist,
            &py.site.clone(),
            &py.bin.clone(),
            py,
            "",
            true,
            compile,
        );
        if let Some(cache) = &cache {
            let module = canonical(&project.name).replace('-', "_");
            let (path, size) = match cache.kind {
                "archive-v0" => (
                    format!("{module}-{}/{module}/part-01.py", project.version),
                    dist.size,
                ),
                _ => (
                    format!(
                        "{module}/{}",
                        locked
                            .file
                            .clone()
                            .or(dist.wheel.clone())
                            .unwrap_or_else(|| format!("{module}-{}.whl", project.version))
                    ),
                    dist.download,
                ),
            };
            write_file(
                shell,
                &format!("{}/{}/{path}", cache.dir, cache.kind),
                Content::blob(
                    size,
                    &format!("{program}-cache:{}-{}", project.name, project.version),
                ),
                0o644,
            );
        }
        done.push((canonical(&locked.name), locked.version.clone()));
    }
    if shell.strict {
        if let Some(first) = estimated.first() {
            io.err(&format!("error: --strict: {first} is not in Stagecraft's PyPI data and its lockfile entry gives no size\n"));
            return Err(1);
        }
    }
    note_estimated(shell, program, &estimated);
    shell.work += cost::install(packages.len(), fetched);
    Ok(done)
}

/// `uv sync`'s install, with uv's output.
fn install_with_uv(
    shell: &mut Shell,
    o: &Options,
    py: &Python,
    packages: &[Locked],
    io: &mut Io,
) -> i32 {
    let cache = (!o.no_cache).then(|| Cache {
        dir: cache_dir(shell, o),
        kind: "archive-v0",
    });
    let done = match install_locked(shell, py, packages, o.compile, cache, "uv", io) {
        Ok(done) => done,
        Err(status) => return status,
    };
    if !o.quiet && done.is_empty() {
        io.err(&format!(
            "Resolved {} packages in 1ms\nAudited {} packages in 0.05ms\n",
            packages.len() + 1,
            packages.len()
        ));
    } else if !o.quiet {
        let lines: String = done.iter().map(|(n, v)| format!(" + {n}=={v}\n")).collect();
        io.err(&format!(
            "Resolved {} packages in 1ms\nPrepared {} packages in 1.1s\nInstalled {} packages in 12ms\n{lines}",
            done.len() + 1,
            done.len(),
            done.len()
        ));
    }
    0
}

/// The project and distribution that stand for a locked package: the
/// PyPI data's (resized to the lockfile's wheel where it records one),
/// or an estimate from the wheel's size; and whether the size is known.
fn sized(index: &pypi::Index, locked: &Locked, musl: bool) -> (Project, Distribution, bool) {
    let known = index.project(&locked.name).and_then(|p| {
        let dist = if musl {
            p.musl.clone()
        } else {
            p.glibc.clone()
        }?;
        Some((p.clone(), dist))
    });
    match (known, locked.download) {
        (Some((mut project, mut dist)), download) => {
            if let Some(download) = download.filter(|_| project.version != locked.version) {
                let ratio = dist.size as f64 / dist.download.max(1) as f64;
                dist.size = (download as f64 * ratio) as u64;
                dist.download = download;
            }
            project.version = locked.version.clone();
            (project, dist, true)
        }
        (None, Some(download)) => {
            let mut project = index.estimate(&locked.name, &locked.version);
            project.scripts.clear();
            let mut dist = project.glibc.clone().unwrap_or_else(empty_dist);
            dist.size = (download as f64 * UNPACKED_PER_DOWNLOAD) as u64;
            dist.download = download;
            dist.files = (dist.size / 12_000).clamp(1, 400);
            dist.wheel = locked.file.clone();
            (project, dist, true)
        }
        (None, None) => {
            let project = index.estimate(&locked.name, &locked.version);
            let dist = project.glibc.clone().unwrap_or_else(empty_dist);
            (project, dist, false)
        }
    }
}

fn empty_dist() -> Distribution {
    Distribution {
        wheel: None,
        sdist: None,
        size: 0,
        files: 1,
        download: 0,
        build: false,
    }
}

fn note_estimated(shell: &mut Shell, program: &str, estimated: &[String]) {
    if estimated.is_empty() {
        return;
    }
    let mut named: Vec<String> = estimated.iter().take(5).cloned().collect();
    if estimated.len() > 5 {
        named.push(format!("{} more", estimated.len() - 5));
    }
    shell.note(format!(
        "{program}: {} locked package{} not in Stagecraft's PyPI data and without a size in the lockfile ({}); each is installed as the median pure-Python wheel: the image may differ by their real size",
        estimated.len(),
        if estimated.len() == 1 { " is" } else { "s are" },
        named.join(", ")
    ));
}

/// The environment `uv pip` installs into: `--system`'s interpreter, or
/// the active or nearest virtual environment.
fn environment(shell: &mut Shell, o: &Options, io: &mut Io) -> Option<Python> {
    if o.system || o.target.is_some() {
        return interpreter(shell, o, io);
    }
    if let Some(venv) = shell.var("VIRTUAL_ENV").map(String::from) {
        if shell.fs.exists(&format!("{venv}/pyvenv.cfg")) {
            return locate(shell, &format!("{venv}/bin/python"));
        }
    }
    if let Some(dir) = python_project::nearest(shell, ".venv/pyvenv.cfg") {
        return locate(
            shell,
            &format!("{}/.venv/bin/python", dir.trim_end_matches('/')),
        );
    }
    io.err("error: No virtual environment found; run `uv venv` to create an environment, or pass `--system` to install into a non-virtual environment\n");
    None
}

/// `uv pip install`: pip's resolution, in uv's environment and cache.
fn pip_install(shell: &mut Shell, o: &Options, packages: &[&str], io: &mut Io) -> i32 {
    let Some(py) = environment(shell, o, io) else {
        return 2;
    };
    let mut argv = vec![
        py.executable.clone(),
        "-m".into(),
        "pip".into(),
        "install".into(),
        "--no-cache-dir".into(),
    ];
    if py.venv.is_none() {
        argv.push("--break-system-packages".into());
    }
    if let Some(target) = &o.target {
        argv.extend(["--target".to_string(), target.clone()]);
    }
    for file in &o.files {
        argv.extend(["-r".to_string(), file.clone()]);
    }
    argv.extend(packages.iter().map(|p| p.to_string()));
    // pip's own messages are not uv's: keep only its status.
    let mut quiet = Io::default();
    let status = super::pip::python(shell, &argv, &mut quiet);
    io.err(&String::from_utf8_lossy(&quiet.stderr).replace("ERROR: ", "error: "));
    if status == 0 && !o.quiet {
        io.err("Resolved packages in 1ms\nInstalled packages in 10ms\n");
    }
    status
}

fn lock(shell: &mut Shell, o: &Options, io: &mut Io) -> i32 {
    let Some(root) = python_project::root(shell) else {
        io.err("error: No `pyproject.toml` found in current directory or any parent directory\n");
        return 2;
    };
    let path = format!("{root}/uv.lock");
    if shell.fs.exists(&path) {
        return 0;
    }
    if o.locked || o.frozen {
        io.err("error: Unable to find lockfile at `uv.lock`. To create a lockfile, run `uv lock` or `uv sync`.\n");
        return 2;
    }
    let Some(project) = read_toml(shell, &format!("{root}/pyproject.toml"), io) else {
        return 2;
    };
    let lock = resolve_lock(shell, &project);
    write_lock(shell, &path, &lock);
    0
}

/// `uv export`: the locked packages as a requirements file.
fn export(shell: &mut Shell, o: &Options, io: &mut Io) -> i32 {
    let Some(root) = python_project::root(shell) else {
        io.err("error: No `pyproject.toml` found in current directory or any parent directory\n");
        return 2;
    };
    let Some(lock) = read_toml(shell, &format!("{root}/uv.lock"), io) else {
        io.err("error: Unable to find lockfile at `uv.lock`. To create a lockfile, run `uv lock` or `uv sync`.\n");
        return 2;
    };
    let platform = Platform {
        python: "3.12",
        musl: false,
    };
    let (packages, _) = python_lock::uv(&lock, &o.selection, &platform);
    let text: String = packages
        .iter()
        .map(|p| format!("{}=={}\n", p.name, p.version))
        .collect();
    match &o.output {
        Some(file) => {
            let path = shell.path(file);
            write_file(shell, &path, Content::text(&text), 0o644);
        }
        None => io.out(&text),
    }
    0
}

/// `uv tool install SPEC`: an environment of its own, its programs linked
/// into UV_TOOL_BIN_DIR (`~/.local/bin`).
fn tool_install(shell: &mut Shell, o: &Options, spec: &str, io: &mut Io) -> i32 {
    let Some(requirement) = parse_requirement(spec) else {
        return 2;
    };
    let home = shell.var("HOME").unwrap_or("/root").to_string();
    let tools = shell
        .var("UV_TOOL_DIR")
        .map_or(format!("{home}/.local/share/uv/tools"), String::from);
    let bin = shell
        .var("UV_TOOL_BIN_DIR")
        .map_or(format!("{home}/.local/bin"), String::from);
    let env = format!("{tools}/{}", requirement.name);
    if !shell.fs.exists(&format!("{env}/pyvenv.cfg")) {
        let Some(py) = interpreter(shell, o, io) else {
            return 2;
        };
        make_venv(shell, &py, &env, io);
    }
    let Some(py) = locate(shell, &format!("{env}/bin/python")) else {
        return 2;
    };
    let argv = vec![
        py.executable.clone(),
        "-m".into(),
        "pip".into(),
        "install".into(),
        "-q".into(),
        "--no-cache-dir".into(),
        spec.to_string(),
    ];
    let mut quiet = Io::default();
    let status = super::pip::python(shell, &argv, &mut quiet);
    if status != 0 {
        io.err(&String::from_utf8_lossy(&quiet.stderr));
        return status;
    }
    let programs: Vec<String> = shell
        .fs
        .walk_under(&py.bin)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| !p.contains('/') && !p.starts_with("python") && !p.starts_with("activate"))
        .collect();
    for program in &programs {
        let link = format!("{bin}/{program}");
        let _ = shell.fs.mkdir_all(&bin, shell.new_meta(0o755));
        let _ = shell.fs.remove(&link);
        let _ = shell.fs.put(
            &link,
            crate::engine::vfs::Node::symlink(
                &format!("{}/{program}", py.bin),
                crate::engine::vfs::Meta::symlink(),
            ),
        );
    }
    if !o.quiet {
        io.err(&format!(
            "Installed {} executable{}: {}\n",
            programs.len(),
            if programs.len() == 1 { "" } else { "s" },
            programs.join(", ")
        ));
    }
    0
}

/// `uv run CMD`: syncs the project (unless `--no-sync`), then runs the
/// command with the environment's programs first on PATH.
fn run_in_project(
    shell: &mut Shell,
    o: &Options,
    command: &[&str],
    args: &[String],
    io: &mut Io,
) -> i32 {
    // The command is everything after `run` and its options, verbatim.
    let start = args
        .iter()
        .position(|a| a == "run")
        .map_or(args.len(), |i| i + 1);
    let mut rest = args[start..].iter().skip_while(|a| a.starts_with('-'));
    let argv: Vec<String> = rest.by_ref().cloned().collect();
    if argv.is_empty() && command.is_empty() {
        io.err("error: the following required arguments were not provided:\n  <COMMAND>\n");
        return 2;
    }
    let no_sync = args.iter().any(|a| a == "--no-sync") || truthy(shell, "UV_NO_SYNC");
    let env = match python_project::root(shell) {
        Some(_) if !no_sync => {
            let status = sync(shell, o, io);
            if status != 0 {
                return status;
            }
            python_project::root(shell).map(|root| environment_path(shell, &root))
        }
        Some(root) => Some(environment_path(shell, &root)),
        None => None,
    };
    exec_with_venv(shell, env.as_deref(), &argv, io)
}

fn exec_with_venv(shell: &mut Shell, env: Option<&str>, argv: &[String], io: &mut Io) -> i32 {
    let path = shell.var("PATH").unwrap_or_default().to_string();
    if let Some(env) = env {
        shell.export("PATH", Some(&format!("{env}/bin:{path}")));
    }
    let flow = super::exec(shell, argv, io);
    let status = shell.settle(flow);
    shell.export("PATH", Some(&path));
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{run_in, run_in_mode};

    /// A project with a lockfile: fastapi (in the PyPI data) and a
    /// package the data lacks, whose wheel size the lockfile records.
    const PROJECT: &str = "mkdir -p /app/src/demo && cd /app && printf '[project]\\nname = \"demo\"\\nversion = \"0.2.0\"\\ndependencies = [\"fastapi\", \"tinypkg\"]\\n\\n[project.scripts]\\nhello = \"demo:hello\"\\n\\n[dependency-groups]\\ndev = [\"ruff\"]\\n' > pyproject.toml && printf 'version = 1\\n\\n[[package]]\\nname = \"demo\"\\nversion = \"0.2.0\"\\nsource = { editable = \".\" }\\ndependencies = [{ name = \"fastapi\" }, { name = \"tinypkg\" }, { name = \"pywin32\", marker = \"sys_platform == '\"'\"'win32'\"'\"'\" }]\\n\\n[package.dev-dependencies]\\ndev = [{ name = \"ruff\" }]\\n\\n[[package]]\\nname = \"fastapi\"\\nversion = \"0.115.0\"\\nsource = { registry = \"https://pypi.org/simple\" }\\nwheels = [{ url = \"https://f/fastapi-0.115.0-py3-none-any.whl\", size = 94000 }]\\n\\n[[package]]\\nname = \"tinypkg\"\\nversion = \"1.0.0\"\\nsource = { registry = \"https://pypi.org/simple\" }\\nwheels = [{ url = \"https://f/tinypkg-1.0.0-py3-none-any.whl\", size = 1000000 }]\\n\\n[[package]]\\nname = \"ruff\"\\nversion = \"0.6.2\"\\nsource = { registry = \"https://pypi.org/simple\" }\\nwheels = [{ url = \"https://f/ruff-0.6.2-py3-none-manylinux_2_17_x86_64.whl\", size = 9000000 }]\\n\\n[[package]]\\nname = \"pywin32\"\\nversion = \"306\"\\nsource = { registry = \"https://pypi.org/simple\" }\\n' > uv.lock && ";

    #[test]
    fn uv_sync_installs_the_lockfile_into_the_project_venv() {
        let (fs, status, output, warnings) = run_in(
            "ghcr.io/astral-sh/uv:python3.12-bookworm-slim",
            &format!("{PROJECT}uv sync --locked --no-dev && uv sync --locked --no-dev"),
        );
        assert_eq!(status, 0, "{output}");
        let site = "/app/.venv/lib/python3.12/site-packages";
        assert!(
            fs.exists(&format!("{site}/fastapi-0.115.0.dist-info/METADATA")),
            "{output}"
        );
        // Sized from the lockfile's wheel: 1 MB downloaded, unpacked ~2.9 MB.
        let tiny: u64 = fs
            .walk_under(&format!("{site}/tinypkg"))
            .iter()
            .filter_map(|(p, _)| {
                fs.read(&format!("{site}/tinypkg/{p}"))
                    .ok()
                    .map(|c| c.size())
            })
            .sum();
        assert!(tiny > 2_000_000, "{tiny}");
        assert!(
            !fs.exists(&format!("{site}/ruff-0.6.2.dist-info/METADATA")),
            "--no-dev"
        );
        assert!(
            !fs.exists(&format!("{site}/pywin32-306.dist-info/METADATA")),
            "a win32 marker"
        );
        assert!(
            fs.exists(&format!("{site}/_demo.pth")),
            "the project, editable"
        );
        assert!(fs.exists("/app/.venv/bin/hello"));
        assert!(fs.exists("/app/.venv/pyvenv.cfg"));
        assert!(!fs.exists("/app/.venv/bin/pip"), "uv's venvs have no pip");
        assert!(output.contains("Audited 2 packages"), "{output}");
        assert!(fs.exists("/root/.cache/uv/archive-v0/fastapi-0.115.0/fastapi/part-01.py"));
        assert!(warnings.is_empty(), "{warnings:?}");
        // The dev group by default.
        let (fs, status, output, _) = run_in(
            "ghcr.io/astral-sh/uv:python3.12-bookworm-slim",
            &format!("{PROJECT}UV_NO_CACHE=1 uv sync --frozen"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/app/.venv/lib/python3.12/site-packages/ruff-0.6.2.dist-info/METADATA"));
        assert!(fs.walk_under("/root/.cache/uv").is_empty());
    }

    #[test]
    fn uv_project_environment_is_where_sync_installs_and_run_looks() {
        let (fs, status, output, _) = run_in(
            "ghcr.io/astral-sh/uv:python3.12-bookworm-slim",
            &format!("{PROJECT}export UV_PROJECT_ENVIRONMENT=/opt/venv && uv sync --frozen --no-dev && uv run --no-sync hello"),
        );
        assert!(
            fs.exists("/opt/venv/lib/python3.12/site-packages/fastapi-0.115.0.dist-info/METADATA"),
            "{output}"
        );
        assert!(!fs.exists("/app/.venv/pyvenv.cfg"));
        // `hello` is found in /opt/venv/bin (Python is not run: status 0).
        assert_eq!(status, 0, "{output}");
        assert!(!output.contains("hello: not found"), "{output}");
    }

    #[test]
    fn uv_fails_as_uv_does() {
        let image = "ghcr.io/astral-sh/uv:python3.12-bookworm-slim";
        let (_, status, output, _) = run_in(image, "mkdir /app && cd /app && uv sync");
        assert_eq!(status, 2);
        assert!(
            output.contains(
                "error: No `pyproject.toml` found in current directory or any parent directory"
            ),
            "{output}"
        );
        let (_, status, output, _) = run_in(image, "mkdir /app && cd /app && printf '[project]\\nname = \"x\"\\nversion = \"1\"\\ndependencies = []\\n' > pyproject.toml && uv sync --locked");
        assert_eq!(status, 2);
        assert!(output.contains("error: Unable to find lockfile at `uv.lock`. To create a lockfile, run `uv lock` or `uv sync`."), "{output}");
        let (_, status, output, _) = run_in(image, "uv pip install flask");
        assert_eq!(status, 2);
        assert!(
            output.contains("error: No virtual environment found"),
            "{output}"
        );
        // A lockfile made for other dependencies.
        let (_, status, output, _) = run_in(image, &format!("{PROJECT}sed -i 's/\"tinypkg\"]/\"tinypkg\", \"django\"]/' pyproject.toml && uv sync --locked"));
        assert_eq!(status, 2, "{output}");
        assert!(
            output.contains("needs to be updated, but `--locked` was provided"),
            "{output}"
        );
    }

    #[test]
    fn uv_pip_venv_python_and_the_installer() {
        let (fs, status, output, _) = run_in(
            "python:3.12-slim",
            "apt-get update >/dev/null && apt-get install -y curl >/dev/null && curl -LsSf https://astral.sh/uv/install.sh | sh && /root/.local/bin/uv venv /opt/venv && VIRTUAL_ENV=/opt/venv /root/.local/bin/uv pip install flask && /root/.local/bin/uv pip install --system gunicorn",
        );
        assert_eq!(status, 0, "{output}");
        assert_eq!(fs.read("/root/.local/bin/uv").unwrap().size(), 36_700_000);
        assert!(fs.exists("/opt/venv/lib/python3.12/site-packages/flask/part-01.py"));
        assert!(fs.exists("/usr/local/lib/python3.12/site-packages/gunicorn/part-01.py"));
        // No Python in the image: uv downloads a managed one.
        let (fs, status, output, _) = run_in(
            "debian:bookworm-slim",
            "cp /dev/null /tmp/x; mkdir -p /usr/local/bin && truncate -s 100 /usr/local/bin/uv && chmod +x /usr/local/bin/uv && uv python install 3.12 && uv venv /v",
        );
        assert_eq!(status, 0, "{output}");
        assert!(
            fs.exists(
                "/root/.local/share/uv/python/cpython-3.12.8-linux-x86_64-gnu/bin/python3.12"
            ),
            "{output}"
        );
        assert!(fs.exists("/v/pyvenv.cfg"));
        // Strict: a locked package with no size anywhere is an error.
        let (_, status, output, _) = run_in_mode(
            "ghcr.io/astral-sh/uv:python3.12-bookworm-slim",
            "mkdir /app && cd /app && printf '[project]\\nname = \"x\"\\nversion = \"1\"\\ndependencies = [\"nosize\"]\\n' > pyproject.toml && printf '[[package]]\\nname = \"x\"\\nversion = \"1\"\\nsource = { virtual = \".\" }\\ndependencies = [{ name = \"nosize\" }]\\n\\n[[package]]\\nname = \"nosize\"\\nversion = \"1\"\\n' > uv.lock && uv sync --locked",
            true,
        );
        assert_eq!(status, 1, "{output}");
        assert!(output.contains("--strict: nosize==1"), "{output}");
    }
}
