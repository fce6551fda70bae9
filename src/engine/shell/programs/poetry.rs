//! `poetry`, as Dockerfiles use it: `poetry install` from `poetry.lock`
//! (`--no-root`, `--only`, `--with`, `--without`, 1.x's `--no-dev`,
//! extras), into a virtual environment of Poetry's cache, the project's
//! `.venv` (`virtualenvs.in-project`) or the system's Python
//! (`virtualenvs.create false`, by `poetry config` or POETRY_VIRTUALENVS_*
//! variables); `poetry export`, `build`, `run`, `lock`, `config` and
//! `--version`; and Poetry's own installer (`curl ... | python3 -`).

use serde_json::Value;

use crate::engine::catalog::pypi::canonical;
use crate::engine::content::Content;
use crate::engine::vfs::{split_parent, Meta, Node};

use super::super::state::{Io, Shell};
use super::common::write_file;
use super::pip::{locate, Python};
use super::python_lock::{self, Platform, Selection};
use super::python_project;
use super::toml;
use super::uv::{install_locked, Cache};

const VERSION: &str = "1.8.3";

fn home(shell: &Shell) -> String {
    shell.var("HOME").unwrap_or("/root").to_string()
}

fn config_path(shell: &Shell) -> String {
    match shell.var("POETRY_CONFIG_DIR") {
        Some(dir) => format!("{dir}/config.toml"),
        None => format!("{}/.config/pypoetry/config.toml", home(shell)),
    }
}

fn cache_dir(shell: &Shell) -> String {
    shell
        .var("POETRY_CACHE_DIR")
        .map_or(format!("{}/.cache/pypoetry", home(shell)), String::from)
}

/// A setting: its POETRY_ variable first, then `poetry config`'s file.
fn setting(shell: &Shell, key: &str) -> Option<String> {
    let variable = format!(
        "POETRY_{}",
        key.replace(['.', '-'], "_").to_ascii_uppercase()
    );
    if let Some(v) = shell.var(&variable) {
        return Some(v.to_string());
    }
    let text = shell
        .fs
        .read(&config_path(shell))
        .ok()?
        .as_text()?
        .to_string();
    let config = toml::parse(&text).ok()?;
    let mut value = &config;
    for part in key.split('.') {
        value = value.get(part)?;
    }
    Some(match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn is_false(value: Option<String>) -> bool {
    value.is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "false" | "0" | "no"))
}

fn is_true(value: Option<String>) -> bool {
    value.is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
}

/// `poetry ...`.
pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let words: Vec<&str> = args[1..]
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let flags: Vec<&str> = args[1..]
        .iter()
        .map(String::as_str)
        .filter(|a| a.starts_with('-'))
        .collect();
    if words.is_empty() && flags.iter().any(|f| *f == "--version" || *f == "-V") {
        io.out(&format!("Poetry (version {VERSION})\n"));
        return 0;
    }
    match words.first().copied() {
        Some("config") => config(shell, &words[1..], &flags),
        Some("install") => install(shell, args, io),
        Some("lock") => 0,
        Some("export") => export(shell, args, io),
        Some("build") => build(shell, io),
        Some("run") => {
            let start = args
                .iter()
                .position(|a| a == "run")
                .map_or(args.len(), |i| i + 1);
            let argv: Vec<String> = args[start..].to_vec();
            let Some(root) = python_project::root(shell) else {
                return no_project(shell, io);
            };
            let env = environment_path(shell, &root);
            let path = shell.var("PATH").unwrap_or_default().to_string();
            if let Some(env) = env {
                shell.export("PATH", Some(&format!("{env}/bin:{path}")));
            }
            let flow = super::exec(shell, &argv, io);
            let status = shell.settle(flow);
            shell.export("PATH", Some(&path));
            status
        }
        Some(other) => {
            shell.note(format!(
                "poetry {other}: not simulated; assumed to succeed with no file changes"
            ));
            0
        }
        None => {
            io.out(&format!(
                "Poetry (version {VERSION})\n\nUsage:\n  command [options] [arguments]\n"
            ));
            0
        }
    }
}

/// `poetry config KEY VALUE`: into Poetry's config.toml.
fn config(shell: &mut Shell, words: &[&str], flags: &[&str]) -> i32 {
    let [key, value, ..] = words else { return 0 };
    let path = config_path(shell);
    let mut text = shell
        .fs
        .read(&path)
        .ok()
        .and_then(|c| c.as_text().map(String::from))
        .unwrap_or_default();
    let (table, leaf) = key.rsplit_once('.').unwrap_or(("", key));
    let literal = if matches!(*value, "true" | "false") {
        value.to_string()
    } else {
        format!("\"{value}\"")
    };
    text.push_str(&format!("\n[{table}]\n{leaf} = {literal}\n"));
    if flags.contains(&"--local") {
        if let Some(root) = python_project::root(shell) {
            write_file(
                shell,
                &format!("{root}/poetry.toml"),
                Content::text(&text),
                0o644,
            );
            return 0;
        }
    }
    write_file(shell, &path, Content::text(&text), 0o644);
    0
}

fn no_project(shell: &Shell, io: &mut Io) -> i32 {
    io.err(&format!(
        "\nPoetry could not find a pyproject.toml file in {} or its parents\n",
        shell.cwd
    ));
    1
}

/// Where the project's environment is, when one is made: None for the
/// system's Python (`virtualenvs.create false`).
fn environment_path(shell: &Shell, root: &str) -> Option<String> {
    if is_false(setting(shell, "virtualenvs.create")) {
        return None;
    }
    if is_true(setting(shell, "virtualenvs.in-project"))
        || shell.fs.exists(&format!("{root}/.venv/pyvenv.cfg"))
    {
        return Some(format!("{root}/.venv"));
    }
    let base = setting(shell, "virtualenvs.path")
        .unwrap_or_else(|| format!("{}/virtualenvs", cache_dir(shell)));
    let name = split_parent(root).1;
    let name = if name.is_empty() { "project" } else { name };
    Some(format!("{base}/{}-Kp2dW7ls-py3.12", canonical(name)))
}

/// The selection `poetry install`'s flags make: every non-optional group
/// by default.
fn selection(args: &[String], lock: &Value, project: &Value) -> Selection {
    let mut groups: Vec<String> = lock["package"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| match p.get("groups") {
            Some(g) => g
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect(),
            None => vec![p["category"].as_str().unwrap_or("main").to_string()],
        })
        .filter(|g| g != "main")
        .collect();
    groups.sort();
    groups.dedup();
    let optional =
        |g: &str| project["tool"]["poetry"]["group"][g]["optional"].as_bool() == Some(true);
    groups.retain(|g| !optional(g));
    let mut s = Selection::default();
    let mut rest = args.iter();
    let list = |v: &str| {
        v.split(',')
            .map(|g| g.trim().to_string())
            .collect::<Vec<_>>()
    };
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .unwrap_or_default()
        };
        match flag {
            "--no-dev" => groups.retain(|g| g != "dev"),
            "--without" => {
                let without = list(&value());
                groups.retain(|g| !without.contains(g));
            }
            "--with" => groups.extend(list(&value())),
            "--only" => {
                let only = list(&value());
                s.no_main = !only.iter().any(|g| g == "main");
                groups = only.into_iter().filter(|g| g != "main").collect();
            }
            "--only-root" => {
                s.no_main = true;
                groups.clear();
            }
            "-E" | "--extras" => s.extras.extend(
                value()
                    .split([' ', ','])
                    .filter(|e| !e.is_empty())
                    .map(String::from),
            ),
            "--all-extras" => s.all_extras = true,
            _ => {}
        }
    }
    s.groups = groups;
    s
}

fn read_toml(shell: &Shell, path: &str, io: &mut Io) -> Option<Value> {
    python_project::read_toml(shell, path, io, |path, e| {
        format!("\n{path}: TOML parse error at {e}\n")
    })
}

/// `poetry install`.
fn install(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let Some(root) = python_project::root(shell) else {
        return no_project(shell, io);
    };
    let Some(project) = read_toml(shell, &format!("{root}/pyproject.toml"), io) else {
        return 1;
    };
    let lock_path = format!("{root}/poetry.lock");
    let lock = if shell.fs.exists(&lock_path) {
        let Some(lock) = read_toml(shell, &lock_path, io) else {
            return 1;
        };
        io.out("Installing dependencies from lock file\n\n");
        lock
    } else {
        io.out("Updating dependencies\nResolving dependencies...\n\nWriting lock file\n\n");
        let lock = resolve(shell, &project);
        let text: String = lock["package"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| format!("[[package]]\nname = \"{}\"\nversion = \"{}\"\noptional = false\ngroups = [\"main\"]\nfiles = []\n\n", p["name"].as_str().unwrap_or_default(), p["version"].as_str().unwrap_or_default()))
            .collect();
        write_file(shell, &lock_path, Content::text(&text), 0o644);
        lock
    };
    let selection = selection(args, &lock, &project);
    let Some(py) = python_for(shell, &root, io) else {
        return 1;
    };
    let musl = shell.fs.exists("/lib/ld-musl-x86_64.so.1");
    let packages = python_lock::poetry(
        &lock,
        &project,
        &selection,
        &Platform {
            python: &py.version,
            musl,
        },
    );
    let cache = Some(Cache {
        dir: cache_dir(shell),
        kind: "artifacts",
    });
    let done = match install_locked(shell, &py, &packages, true, cache, "poetry", io) {
        Ok(done) => done,
        Err(status) => return status,
    };
    io.out(&format!(
        "Package operations: {} installs, 0 updates, 0 removals\n\n{}",
        done.len(),
        done.iter()
            .map(|(n, v)| format!("  - Installing {n} ({v})\n"))
            .collect::<String>()
    ));
    if !args.iter().any(|a| a == "--no-root") {
        install_root(shell, &py, &root, &project, io);
    }
    0
}

/// The packages a project without a lockfile resolves to, from the PyPI
/// data: `[tool.poetry.dependencies]` or `[project].dependencies`.
fn resolve(shell: &Shell, project: &Value) -> Value {
    let mut requirements: Vec<crate::engine::catalog::pypi::Requirement> = project["project"]
        ["dependencies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(crate::engine::catalog::pypi::parse_requirement)
        .collect();
    if let Some(deps) = project["tool"]["poetry"]["dependencies"].as_object() {
        requirements.extend(
            deps.keys()
                .filter(|k| *k != "python")
                .filter_map(|k| crate::engine::catalog::pypi::parse_requirement(k)),
        );
    }
    let index = crate::engine::catalog::pypi::index(shell.catalog.data(), &shell.lacking);
    let (order, missing) = index.resolve(&requirements);
    let packages: Vec<Value> = order
        .iter()
        .chain(&missing)
        .map(|name| {
            let version = index.project(name).map_or("0".to_string(), |p| p.version.clone());
            serde_json::json!({"name": name, "version": version, "groups": ["main"], "optional": false, "files": []})
        })
        .collect();
    serde_json::json!({ "package": packages })
}

/// The interpreter to install with: the project's environment (made,
/// with pip, when missing) or, with `virtualenvs.create false`, the
/// first Python on PATH.
fn python_for(shell: &mut Shell, root: &str, io: &mut Io) -> Option<Python> {
    let system = ["python3", "python"]
        .iter()
        .find_map(|n| super::find_program(shell, n))
        .and_then(|p| locate(shell, &p));
    let Some(env) = environment_path(shell, root) else {
        if system.is_none() {
            io.err("\nPoetry could not find a Python executable\n");
        }
        return system;
    };
    if !shell.fs.exists(&format!("{env}/pyvenv.cfg")) {
        let py = system?;
        io.out(&format!(
            "Creating virtualenv {} in {}\n",
            split_parent(&env).1,
            split_parent(&env).0
        ));
        super::pip::venv(shell, &py, std::slice::from_ref(&env), io);
    }
    locate(shell, &format!("{env}/bin/python"))
}

fn install_root(shell: &mut Shell, py: &Python, root: &str, project: &Value, io: &mut Io) {
    let (name, version) = name_version(project);
    let how = python_project::Install {
        name: &name,
        version: &version,
        copied: false,
        installer: "poetry",
        pth: format!("{}.pth", canonical(&name).replace('-', "_")),
    };
    python_project::install(shell, py, root, project, &how);
    io.out(&format!(
        "\nInstalling the current project: {name} ({version})\n"
    ));
}

/// The project's name and version: Poetry's table, or PEP 621's.
fn name_version(project: &Value) -> (String, String) {
    let field = |key: &str, default: &str| {
        project["tool"]["poetry"][key]
            .as_str()
            .or_else(|| project["project"][key].as_str())
            .unwrap_or(default)
            .to_string()
    };
    (field("name", "project"), field("version", "0.1.0"))
}

/// `poetry export -f requirements.txt [-o FILE] [--without-hashes]`.
fn export(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let Some(root) = python_project::root(shell) else {
        return no_project(shell, io);
    };
    let Some(project) = read_toml(shell, &format!("{root}/pyproject.toml"), io) else {
        return 1;
    };
    let Some(lock) = read_toml(shell, &format!("{root}/poetry.lock"), io) else {
        io.err("\nThe lock file does not exist. Running lock.\n");
        return 1;
    };
    let mut selection = selection(args, &lock, &project);
    // export leaves the groups out unless asked (`--with`, `--only`).
    if !args
        .iter()
        .any(|a| a.starts_with("--with") && !a.starts_with("--without") || a.starts_with("--only"))
    {
        selection.groups.clear();
    }
    let packages = python_lock::poetry(
        &lock,
        &project,
        &selection,
        &Platform {
            python: "3.12",
            musl: false,
        },
    );
    let hashes = !args.iter().any(|a| a == "--without-hashes");
    let text: String = packages
        .iter()
        .map(|p| {
            let hash = if hashes { " \\\n    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000" } else { "" };
            format!("{}=={} ; python_version >= \"3.8\"{hash}\n", p.name, p.version)
        })
        .collect();
    let output = args
        .iter()
        .position(|a| a == "-o" || a == "--output")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("--output=").map(String::from))
        });
    match output {
        Some(file) => {
            let path = shell.path(&file);
            write_file(shell, &path, Content::text(&text), 0o644);
        }
        None => io.out(&text),
    }
    0
}

/// `poetry build`: the project's wheel and sdist in dist/.
fn build(shell: &mut Shell, io: &mut Io) -> i32 {
    let Some(root) = python_project::root(shell) else {
        return no_project(shell, io);
    };
    let Some(project) = read_toml(shell, &format!("{root}/pyproject.toml"), io) else {
        return 1;
    };
    let (name, version) = name_version(&project);
    let stem = format!("{}-{version}", canonical(&name).replace('-', "_"));
    let source: u64 = shell
        .fs
        .walk_under(&root)
        .iter()
        .filter(|(p, _)| p.ends_with(".py"))
        .filter_map(|(p, _)| shell.fs.read(&format!("{root}/{p}")).ok().map(|c| c.size()))
        .sum();
    for file in [format!("{stem}-py3-none-any.whl"), format!("{stem}.tar.gz")] {
        write_file(
            shell,
            &format!("{root}/dist/{file}"),
            Content::blob(source / 3 + 1_000, &format!("poetry-build:{file}")),
            0o644,
        );
        io.out(&format!("  - Built {file}\n"));
    }
    0
}

/// Poetry's official installer, piped into Python: Poetry in its own
/// environment, `poetry` linked into POETRY_HOME/bin or ~/.local/bin.
pub(super) fn install_self(shell: &mut Shell, py: &Python, io: &mut Io) -> i32 {
    let (env, bin) = match shell.var("POETRY_HOME") {
        Some(home) => (format!("{home}/venv"), format!("{home}/bin")),
        None => (
            format!("{}/.local/share/pypoetry/venv", home(shell)),
            format!("{}/.local/bin", home(shell)),
        ),
    };
    super::pip::venv(shell, py, std::slice::from_ref(&env), io);
    let site = format!("{env}/lib/python{}/site-packages", py.version);
    write_file(
        shell,
        &format!("{site}/poetry/part-01.py"),
        Content::blob(19_500_000, "poetry-install-self"),
        0o644,
    );
    let program = format!("{env}/bin/poetry");
    write_file(
        shell,
        &program,
        Content::text(&format!("#!{env}/bin/python\nimport sys\nfrom poetry.console.application import main\nif __name__ == '__main__':\n    sys.exit(main())\n")),
        0o755,
    );
    let _ = shell.fs.mkdir_all(&bin, shell.new_meta(0o755));
    let link = format!("{bin}/poetry");
    let _ = shell.fs.remove(&link);
    let _ = shell
        .fs
        .put(&link, Node::symlink(&program, Meta::symlink()));
    io.out(&format!(
        "Retrieving Poetry metadata\n\n# Welcome to Poetry!\n\nInstalling Poetry ({VERSION}): Done\n\nPoetry ({VERSION}) is installed now. Great!\n\nTo get started you need Poetry's bin directory ({bin}) in your `PATH`\nenvironment variable.\n"
    ));
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    const PROJECT: &str = "mkdir -p /app && cd /app && printf '[tool.poetry]\\nname = \"svc\"\\nversion = \"1.2.0\"\\n\\n[tool.poetry.dependencies]\\npython = \"^3.12\"\\nflask = \"^3\"\\n\\n[tool.poetry.group.dev.dependencies]\\npytest = \"^8\"\\n' > pyproject.toml && printf '[[package]]\\nname = \"flask\"\\nversion = \"3.0.3\"\\noptional = false\\ngroups = [\"main\"]\\nfiles = [{file = \"flask-3.0.3-py3-none-any.whl\", hash = \"sha256:1\"}]\\n\\n[[package]]\\nname = \"pytest\"\\nversion = \"8.2.0\"\\noptional = false\\ngroups = [\"dev\"]\\nfiles = []\\n' > poetry.lock && ";

    #[test]
    fn poetry_installs_the_lock_by_group_where_configured() {
        let (fs, status, output, _) = run_in(
            "python:3.12-slim",
            &format!("pip install -q poetry && {PROJECT}poetry config virtualenvs.create false && poetry install --no-root --only main --no-interaction"),
        );
        assert_eq!(status, 0, "{output}");
        let site = "/usr/local/lib/python3.12/site-packages";
        assert!(
            fs.exists(&format!("{site}/flask-3.0.3.dist-info/METADATA")),
            "{output}"
        );
        assert!(!fs.exists(&format!("{site}/pytest-8.2.0.dist-info/METADATA")));
        assert!(!fs.exists(&format!("{site}/svc.pth")), "--no-root");
        assert!(
            output.contains("Package operations: 1 installs"),
            "{output}"
        );
        // In the project's .venv, dev included, the project installed.
        let (fs, status, output, _) = run_in(
            "python:3.12-slim",
            &format!("pip install -q poetry && {PROJECT}POETRY_VIRTUALENVS_IN_PROJECT=true poetry install"),
        );
        assert_eq!(status, 0, "{output}");
        let site = "/app/.venv/lib/python3.12/site-packages";
        assert!(
            fs.exists(&format!("{site}/pytest-8.2.0.dist-info/METADATA")),
            "{output}"
        );
        assert!(fs.exists(&format!("{site}/svc.pth")));
        assert!(fs.exists("/root/.cache/pypoetry/artifacts/flask/flask-3.0.3-py3-none-any.whl"));
    }

    #[test]
    fn poetry_export_and_the_official_installer() {
        let (fs, status, output, _) = run_in(
            "python:3.12-slim",
            &format!("apt-get update >/dev/null && apt-get install -y curl >/dev/null && curl -sSL https://install.python-poetry.org | POETRY_HOME=/opt/poetry python3 - && {PROJECT}/opt/poetry/bin/poetry export -f requirements.txt --output requirements.txt --without-hashes"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/opt/poetry/venv/bin/poetry"));
        let text = fs
            .read("/app/requirements.txt")
            .unwrap()
            .as_text()
            .unwrap()
            .to_string();
        assert!(text.starts_with("flask==3.0.3"), "{text}");
        assert!(!text.contains("pytest"), "{text}");
        let (_, status, output, _) = run_in(
            "python:3.12-slim",
            "pip install -q poetry && mkdir /w && cd /w && poetry install",
        );
        assert_eq!(status, 1);
        assert!(
            output.contains("Poetry could not find a pyproject.toml file in /w or its parents"),
            "{output}"
        );
    }
}
