//! `pip` and `python`: pip install (packages, -r, --no-cache-dir, --user,
//! --target, --break-system-packages), uninstall, freeze; `python -m venv`
//! and `python -m pip`. Packages come from the PyPI data (catalog/pypi/):
//! the image's libc picks the wheel, a package without one is built from
//! source (which needs gcc), Debian's own Python refuses system-wide
//! installs (PEP 668), and downloads stay in ~/.cache/pip unless
//! --no-cache-dir.

use crate::engine::catalog::pypi::{self, parse_requirement, Requirement};
use crate::engine::content::Content;
use crate::engine::vfs::{split_parent, Meta, Node};

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::write_file as write;
use super::find_program;

/// The Python a pip or python command runs with.
pub(super) struct Python {
    /// `/usr/local/bin/python3.12`, `/opt/venv/bin/python`, `/usr/bin/python3.11`.
    pub executable: String,
    /// `3.12`.
    pub version: String,
    /// Where packages go.
    pub site: String,
    /// Where console scripts go.
    pub bin: String,
    /// A virtual environment's root.
    pub venv: Option<String>,
    /// Debian's packaged Python (PEP 668 applies).
    pub debian: bool,
}

fn python_version_of(shell: &Shell, name: &str) -> String {
    let digits: String = name.trim_start_matches("python").to_string();
    if digits.contains('.') {
        return digits;
    }
    if let Some(v) = shell.var("PYTHON_VERSION") {
        return v.split('.').take(2).collect::<Vec<_>>().join(".");
    }
    "3.11".to_string()
}

/// Finds the Python behind a pip or python command (`invoked` as run).
pub(super) fn locate(shell: &Shell, invoked: &str) -> Option<Python> {
    let path = if invoked.contains('/') {
        shell.path(invoked)
    } else {
        find_program(shell, invoked)?
    };
    let dir = split_parent(&path).0.to_string();
    // A virtual environment: bin/ beside pyvenv.cfg.
    let root = split_parent(&dir).0.to_string();
    if shell.fs.exists(&format!("{root}/pyvenv.cfg")) {
        let cfg = shell
            .fs
            .read(&format!("{root}/pyvenv.cfg"))
            .ok()
            .and_then(|c| c.as_text())
            .unwrap_or_default()
            .to_string();
        let version = cfg
            .lines()
            .find_map(|l| l.strip_prefix("version = "))
            .map(|v| v.split('.').take(2).collect::<Vec<_>>().join("."))
            .unwrap_or_else(|| "3.12".into());
        return Some(Python {
            executable: format!("{dir}/python"),
            site: format!("{root}/lib/python{version}/site-packages"),
            bin: dir,
            version,
            venv: Some(root),
            debian: false,
        });
    }
    let canonical = shell.fs.resolve(&path, true).unwrap_or(path.clone());
    let name = split_parent(&canonical).1.to_string();
    let name = if name.starts_with("python") {
        name
    } else {
        // pip's script: its shebang names the Python.
        let text = shell
            .fs
            .read(&canonical)
            .ok()
            .and_then(|c| c.as_text())
            .unwrap_or_default()
            .to_string();
        text.strip_prefix("#!")
            .and_then(|l| l.lines().next())
            .map(|l| split_parent(l.trim()).1.to_string())
            .filter(|n| n.starts_with("python"))
            .unwrap_or_else(|| "python3".into())
    };
    let version = python_version_of(shell, &name);
    let local = dir.starts_with("/usr/local");
    let debian = !local && shell.fs.exists("/etc/debian_version");
    Some(Python {
        executable: format!("{dir}/python{version}"),
        site: if local || !debian {
            format!("/usr/local/lib/python{version}/site-packages")
        } else {
            format!("/usr/local/lib/python{version}/dist-packages")
        },
        bin: "/usr/local/bin".to_string(),
        version,
        venv: None,
        debian,
    })
}

/// `python ...`: `--version`, `-m venv`, `-m pip`; other programs are not
/// run.
pub fn python(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let Some(py) = locate(shell, &args[0]) else {
        return 127;
    };
    match args.get(1).map(String::as_str) {
        Some("-V" | "--version") => {
            let full = shell
                .var("PYTHON_VERSION")
                .map(String::from)
                .unwrap_or_else(|| format!("{}.2", py.version));
            io.out(&format!("Python {full}\n"));
            0
        }
        Some("-m") => match args.get(2).map(String::as_str) {
            Some("venv") => venv(shell, &py, &args[3..], io),
            Some("pip") => {
                let mut rest = vec![args[0].clone()];
                rest.extend(args[3..].iter().cloned());
                pip_with(shell, py, &rest, io)
            }
            Some(module) => {
                shell.note(format!(
                    "python -m {module}: Python is not run by Stagecraft; assumed to succeed with no file changes"
                ));
                0
            }
            None => {
                io.err("Argument expected for the -m option\n");
                2
            }
        },
        // A script piped in: Poetry's installer is known.
        Some("-") | None if args.len() <= 2 && super::download::piped_url(&io.stdin).is_some() => {
            let url = super::download::piped_url(&io.stdin).unwrap_or_default();
            if url.starts_with("https://install.python-poetry.org") {
                return super::poetry::install_self(shell, &py, io);
            }
            shell.note(format!(
                "{}: a script from standard input is not run by Stagecraft; assumed to succeed with no file changes",
                args.join(" ")
            ));
            0
        }
        Some(script) if !script.starts_with('-') => {
            let tool = split_parent(script).1;
            if matches!(tool, "pip" | "pip3") || tool.starts_with("pip3.") {
                let mut rest = vec![tool.to_string()];
                rest.extend(args[2..].iter().cloned());
                // The script's own location decides the environment.
                let py = locate(shell, script).unwrap_or(py);
                return pip_with(shell, py, &rest, io);
            }
            // A console script of a tool Stagecraft simulates (poetry,
            // uv installed by pip) is that tool.
            if !tool.starts_with("python") {
                if let Some(run) = super::lookup(tool)
                    .filter(|_| matches!(tool, "poetry" | "uv" | "uvx" | "mkdocs"))
                {
                    let mut rest = vec![tool.to_string()];
                    rest.extend(args[2..].iter().cloned());
                    return run(shell, &rest, io);
                }
            }
            let path = shell.path(script);
            if !shell.fs.exists(&path) {
                io.err(&format!(
                    "{}: can't open file '{path}': [Errno 2] No such file or directory\n",
                    split_parent(&args[0]).1
                ));
                return 2;
            }
            shell.note(format!(
                "python {script}: Python is not run by Stagecraft; assumed to succeed with no file changes"
            ));
            0
        }
        _ => {
            shell.note(format!(
                "{}: Python is not run by Stagecraft; assumed to succeed with no file changes",
                args.join(" ")
            ));
            0
        }
    }
}

pub(super) fn venv(shell: &mut Shell, py: &Python, args: &[String], io: &mut Io) -> i32 {
    let Some(target) = args.iter().find(|a| !a.starts_with('-')) else {
        io.err("usage: venv [-h] [--system-site-packages] [--symlinks | --copies] [--clear]\n            [--upgrade] [--without-pip] [--prompt PROMPT] [--upgrade-deps]\n            ENV_DIR [ENV_DIR ...]\nvenv: error: the following arguments are required: ENV_DIR\n");
        return 2;
    };
    let root = shell.path(target);
    let with_pip = !args.iter().any(|a| a == "--without-pip");
    if py.debian
        && with_pip
        && !crate::engine::catalog::dpkg::installed(shell.fs)
            .contains(&format!("python{}-venv", py.version))
    {
        io.out(&format!(
            "The virtual environment was not created successfully because ensurepip is not\navailable.  On Debian/Ubuntu systems, you need to install the python3-venv\npackage using the following command.\n\n    apt install python{}-venv\n\nYou may need to use sudo with that command.  After installing the python3-venv\npackage, recreate your virtual environment.\n\nFailing command: {root}/bin/python{}\n\n",
            py.version, py.version
        ));
        return 1;
    }
    let version = &py.version;
    let home = split_parent(&py.executable).0.to_string();
    write(
        shell,
        &format!("{root}/pyvenv.cfg"),
        Content::text(&format!(
            "home = {home}\ninclude-system-site-packages = false\nversion = {version}.4\nexecutable = {}\ncommand = {} -m venv {root}\n",
            py.executable, py.executable
        )),
        0o644,
    );
    let bin = format!("{root}/bin");
    for name in ["python", "python3", &format!("python{version}")] {
        link(shell, &format!("{bin}/{name}"), &py.executable);
    }
    write(
        shell,
        &format!("{bin}/activate"),
        Content::text(&format!(
            "# This file must be used with \"source bin/activate\" *from bash*\nVIRTUAL_ENV={root}\nexport VIRTUAL_ENV\nPATH=\"$VIRTUAL_ENV/bin:$PATH\"\nexport PATH\n"
        )),
        0o644,
    );
    let _ = shell.fs.mkdir_all(
        &format!("{root}/lib/python{version}/site-packages"),
        shell.new_meta(0o755),
    );
    link(shell, &format!("{root}/lib64"), "lib");
    if with_pip {
        // ensurepip installs its bundled pip into the environment.
        let site = format!("{root}/lib/python{version}/site-packages");
        spread(shell, &format!("{site}/pip"), 12_400_000, 8, "venv-pip");
        write(
            shell,
            &format!("{site}/pip-24.0.dist-info/RECORD"),
            Content::blob(90_000, "venv-pip-record"),
            0o644,
        );
        for name in ["pip", "pip3", &format!("pip{version}")] {
            write(
                shell,
                &format!("{bin}/{name}"),
                Content::text(&format!(
                    "#!{bin}/python\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom pip._internal.cli.main import main\nif __name__ == \"__main__\":\n    sys.argv[0] = re.sub(r\"(-script\\.pyw|\\.exe)?$\", \"\", sys.argv[0])\n    sys.exit(main())\n"
                )),
                0o755,
            );
        }
    }
    0
}

/// `pip ...` as run by its own name.
pub fn pip(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let Some(py) = locate(shell, &args[0]) else {
        return 127;
    };
    pip_with(shell, py, args, io)
}

/// `pip uninstall NAME...`.
fn uninstall(shell: &mut Shell, py: &Python, names: &[String], io: &mut Io) -> i32 {
    for name in names {
        let canonical = pypi::canonical(name);
        let dir = format!("{}/{}", py.site, canonical.replace('-', "_"));
        if shell.fs.remove(&dir).is_err() {
            io.out(&format!(
                "WARNING: Skipping {name} as it is not installed.\n"
            ));
            continue;
        }
        remove_dist_info(shell, py, &canonical);
        io.out(&format!("Successfully uninstalled {name}\n"));
    }
    0
}

fn pip_with(shell: &mut Shell, py: Python, args: &[String], io: &mut Io) -> i32 {
    let PipArgs {
        command,
        operands,
        files,
        no_cache,
        user,
        target,
        prefix,
        break_system,
        quiet,
        cache_dir,
    } = pip_args(shell, args);
    match command.as_str() {
        "install" => {}
        "freeze" | "list" => {
            for (name, version) in installed(shell, &py) {
                io.out(&format!("{name}=={version}\n"));
            }
            return 0;
        }
        "--version" | "-V" | "" if args.iter().any(|a| a == "--version" || a == "-V") => {
            io.out(&format!(
                "pip 24.0 from {}/pip (python {})\n",
                py.site, py.version
            ));
            return 0;
        }
        "config" => return super::pip_config::config(shell, &operands, io),
        "cache" => return super::pip_config::cache(shell, &operands, cache_dir, io),
        "uninstall" => return uninstall(shell, &py, &operands, io),
        _ => {
            shell.note(format!(
                "pip {command}: not simulated; assumed to succeed with no file changes"
            ));
            return 0;
        }
    }
    // PEP 668: Debian's Python is the system's.
    if py.debian
        && py.venv.is_none()
        && !user
        && target.is_none()
        && prefix.is_none()
        && !break_system
    {
        let marker = format!("/usr/lib/python{}/EXTERNALLY-MANAGED", py.version);
        if shell.fs.exists(&marker) {
            io.err(&externally_managed(&py.version));
            return 1;
        }
    }
    let requirements = match requirements(shell, &operands, &files, io) {
        Ok(requirements) => requirements,
        Err(status) => return status,
    };
    let index = pypi::index(shell.catalog.data(), &shell.lacking);
    let (order, missing) = index.resolve(&requirements);
    // What the data lacks is installed as an estimate (PyPI likely has
    // it); strict, it is an error, in pip's words.
    if let (true, Some(name)) = (shell.strict, missing.first()) {
        io.out(&format!("Collecting {name}\n"));
        io.err(&format!(
            "ERROR: Could not find a version that satisfies the requirement {name} (from versions: none)\nERROR: No matching distribution found for {name}\nstagecraft: --strict: {name} is not in Stagecraft's PyPI data\n"
        ));
        return 1;
    }
    let estimates = estimates(shell, &index, &missing, &requirements);
    let musl = shell.fs.exists("/lib/ld-musl-x86_64.so.1");
    let have_gcc = find_program(shell, "gcc").is_some();
    let (site, bin, default_cache) =
        destinations(shell, &py, target.as_deref(), prefix.as_deref(), user);
    let cache = cache_dir.map_or(default_cache, |dir| shell.path(&dir));
    let no_cache = no_cache || cache_refused(shell, &cache, io);
    for requirement in &requirements {
        if let Some(project) = index.project(&requirement.name) {
            if !pypi::satisfies(&project.version, &requirement.specifier) {
                shell.note(format!(
                    "pip: {}{} is not in Stagecraft's PyPI data; {} {} (the version it has) stands in",
                    requirement.name, requirement.specifier, project.name, project.version
                ));
            }
        }
    }
    let mut done = Vec::new();
    let mut fetched = 0;
    let projects = order
        .iter()
        .filter_map(|name| index.project(name))
        .chain(&estimates);
    let mut names = Vec::new();
    for project in projects {
        names.push(project.name.clone());
        let dist = if musl { &project.musl } else { &project.glibc };
        let Some(dist) = dist else { continue };
        let file = dist
            .wheel
            .clone()
            .or_else(|| dist.sdist.clone())
            .unwrap_or_default();
        fetched += dist.download;
        if !quiet {
            io.out(&format!(
                "Collecting {}\n  Downloading {file} ({})\n",
                project.name,
                kilobytes(dist.download)
            ));
        }
        if dist.build && !have_gcc {
            if !pypi::extensions_optional(&project.name) {
                wheel_fails(io, &project.name);
                return 1;
            }
            shell.note(format!(
                "pip: {} is built from source without a compiler: its C extensions are optional and it installs as pure Python (slower, a little smaller)",
                project.name
            ));
        }
        install_project(
            shell,
            project,
            dist,
            &site,
            &bin,
            &py,
            cache.as_str(),
            no_cache,
            true,
        );
        done.push(format!("{}-{}", project.name, project.version));
    }
    shell.work += cost::install(done.len(), fetched);
    if !quiet {
        io.out(&format!(
            "Installing collected packages: {}\nSuccessfully installed {}\n",
            names.join(", "),
            done.join(" ")
        ));
    }
    if shell.uid == 0 && py.venv.is_none() {
        io.err("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv\n");
    }
    0
}

/// What stands in for the projects `missing` from the data: an estimate
/// each (pinned to the version the requirement names), with a warning.
fn estimates(
    shell: &mut Shell,
    index: &pypi::Index,
    missing: &[String],
    requirements: &[pypi::Requirement],
) -> Vec<pypi::Project> {
    let estimates: Vec<pypi::Project> = missing
        .iter()
        .map(|name| {
            let requirement = requirements
                .iter()
                .find(|r| pypi::canonical(&r.name) == *name);
            let pinned = requirement
                .and_then(|r| r.specifier.trim().strip_prefix("=="))
                .map(|v| v.trim().to_string());
            let spelled = requirement.map_or(name.as_str(), |r| r.name.as_str());
            index.estimate(spelled, pinned.as_deref().unwrap_or("0"))
        })
        .collect();
    for estimate in &estimates {
        let size = estimate.glibc.as_ref().map_or(0, |d| d.size);
        shell.note(format!(
            "pip: {} is not in Stagecraft's PyPI data; installed as an estimate of {} (the median pure-Python wheel, with a program of its name), without its dependencies: the image may differ by the real size of it and of what it requires",
            estimate.name,
            kilobytes(size)
        ));
    }
    estimates
}

/// Where an install goes: site-packages, the scripts' directory, and
/// pip's cache (`--target`, `--user` or the interpreter's own).
fn destinations(
    shell: &Shell,
    py: &Python,
    target: Option<&str>,
    prefix: Option<&str>,
    user: bool,
) -> (String, String, String) {
    let home = shell.var("HOME").unwrap_or("/root");
    let prefix = prefix.map(|p| shell.path(p).trim_end_matches('/').to_string());
    let site = match (target, &prefix, user) {
        (Some(t), _, _) => shell.path(t),
        (None, Some(p), _) => format!("{p}/lib/python{}/site-packages", py.version),
        (None, None, true) => format!("{home}/.local/lib/python{}/site-packages", py.version),
        (None, None, false) => py.site.clone(),
    };
    let bin = match (&prefix, user) {
        (Some(p), _) => format!("{p}/bin"),
        (None, true) => format!("{home}/.local/bin"),
        (None, false) => py.bin.clone(),
    };
    (site, bin, super::pip_config::default_cache(shell))
}

/// A cache pip may not write (in a read-only mount) is turned off, with
/// pip's warning.
fn cache_refused(shell: &Shell, cache: &str, io: &mut Io) -> bool {
    let refused = shell.is_read_only(cache);
    if refused {
        io.err(&format!("WARNING: The directory '{cache}' or its parent directory is not owned or is not writable by the current user. The cache has been disabled. Check the permissions and owner of that directory. If executing pip with sudo, you should use sudo's -H flag.\n"));
    }
    refused
}

/// What a pip command line asks for.
struct PipArgs {
    command: String,
    operands: Vec<String>,
    /// Requirements files (`-r`).
    files: Vec<String>,
    no_cache: bool,
    user: bool,
    target: Option<String>,
    /// `--prefix DIR`: DIR/lib/pythonX.Y/site-packages and DIR/bin.
    prefix: Option<String>,
    break_system: bool,
    quiet: bool,
    /// `--cache-dir DIR`, or PIP_CACHE_DIR.
    cache_dir: Option<String>,
}

/// Reads pip's options (and PIP_NO_CACHE_DIR, PIP_CACHE_DIR,
/// PIP_BREAK_SYSTEM_PACKAGES).
fn pip_args(shell: &Shell, args: &[String]) -> PipArgs {
    let mut command = String::new();
    let mut operands = Vec::new();
    let mut files = Vec::new();
    let settings = super::pip_config::cache_settings(shell);
    let mut no_cache = settings.no_cache
        || shell
            .var("PIP_NO_CACHE_DIR")
            .is_some_and(|v| matches!(v, "1" | "true" | "on" | "yes" | "off" | "0" | "false"));
    let mut user = false;
    let mut target: Option<String> = None;
    let mut prefix: Option<String> = None;
    let mut break_system = shell
        .var("PIP_BREAK_SYSTEM_PACKAGES")
        .is_some_and(|v| v == "1");
    let mut quiet = false;
    let mut cache_dir = shell
        .var("PIP_CACHE_DIR")
        .map(str::to_string)
        .or(settings.cache_dir);
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-r" | "--requirement" | "-c" | "--constraint" => {
                if let Some(f) = rest.next() {
                    if arg == "-r" || arg == "--requirement" {
                        files.push(f.clone());
                    }
                }
            }
            a if a.starts_with("--requirement=") => files.push(a[14..].to_string()),
            "--no-cache-dir" | "--no-cache" => no_cache = true,
            "--cache-dir" => cache_dir = rest.next().cloned(),
            a if a.starts_with("--cache-dir=") => cache_dir = Some(a[12..].to_string()),
            "--user" => user = true,
            "-t" | "--target" => target = rest.next().cloned(),
            a if a.starts_with("--target=") => target = Some(a[9..].to_string()),
            "--prefix" => prefix = rest.next().cloned(),
            a if a.starts_with("--prefix=") => prefix = Some(a[9..].trim_matches('"').to_string()),
            "--break-system-packages" => break_system = true,
            "-q" | "--quiet" | "-qq" => quiet = true,
            "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" => {
                rest.next();
            }
            a if a.starts_with('-') => {}
            a if command.is_empty() => command = a.to_string(),
            a => operands.push(a.to_string()),
        }
    }
    PipArgs {
        command,
        operands,
        files,
        no_cache,
        user,
        target,
        prefix,
        break_system,
        quiet,
        cache_dir,
    }
}

/// The requirements named on the command line and in `-r` files; Err is
/// the exit status when a file cannot be read or there are none.
fn requirements(
    shell: &Shell,
    operands: &[String],
    files: &[String],
    io: &mut Io,
) -> Result<Vec<Requirement>, i32> {
    let mut requirements: Vec<Requirement> = operands
        .iter()
        .filter_map(|o| parse_requirement(o))
        .collect();
    for file in files {
        let path = shell.path(file);
        let Some(text) = shell.fs.read(&path).ok().and_then(|c| c.as_text()) else {
            io.err(&format!(
                "ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{file}'\n"
            ));
            return Err(1);
        };
        let text = text.to_string();
        requirements.extend(text.lines().filter_map(parse_requirement));
    }
    if requirements.is_empty() {
        io.err(
            "ERROR: You must give at least one requirement to install (see \"pip help install\")\n",
        );
        return Err(1);
    }
    Ok(requirements)
}

/// A source distribution with C code, and no compiler: pip's words.
fn wheel_fails(io: &mut Io, name: &str) {
    io.out(&format!(
        "  Preparing metadata (setup.py): started\n  Preparing metadata (setup.py): finished with status 'done'\nBuilding wheels for collected packages: {}\n  Building wheel for {} (setup.py): started\n  Building wheel for {} (setup.py): finished with status 'error'\n",
        name, name, name
    ));
    io.err(&format!(
        "  error: subprocess-exited-with-error\n  \n  × python setup.py bdist_wheel did not run successfully.\n  │ exit code: 1\n  ╰─> [3 lines of output]\n      running build_ext\n      building '{}' extension\n      error: command 'gcc' failed: No such file or directory\n      [end of output]\n  \n  note: This error originates from a subprocess, and is likely not a problem with pip.\n  ERROR: Failed building wheel for {}\nERROR: Could not build wheels for {}, which is required to install pyproject.toml-based projects\n",
        name, name, name
    ));
}

fn externally_managed(version: &str) -> String {
    format!(
        "error: externally-managed-environment\n\n× This environment is externally managed\n╰─> To install Python packages system-wide, try apt install\n    python3-xyz, where xyz is the package you are trying to\n    install.\n    \n    If you wish to install a non-Debian-packaged Python package,\n    create a virtual environment using python3 -m venv path/to/venv.\n    Then use path/to/venv/bin/python3 and path/to/venv/bin/pip. Make\n    sure you have python3-full installed.\n    \n    If you wish to install a non-Debian packaged Python application,\n    it may be easiest to use pipx install xyz, which will manage a\n    virtual environment for you. Make sure you have pipx installed.\n    \n    See /usr/share/doc/python{version}/README.venv for more information.\n\nnote: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.\nhint: See PEP 668 for the detailed specification.\n"
    )
}

/// A project's files: its package directory (with the bytecode pip
/// compiles, about a quarter more), its dist-info, its scripts, and the
/// download in pip's cache.
#[allow(clippy::too_many_arguments)]
pub(super) fn install_project(
    shell: &mut Shell,
    project: &pypi::Project,
    dist: &pypi::Distribution,
    site: &str,
    bin: &str,
    py: &Python,
    cache: &str,
    no_cache: bool,
    bytecode: bool,
) {
    let module = pypi::canonical(&project.name).replace('-', "_");
    let identity = format!("pypi:{}-{}", project.name, project.version);
    let size = dist.size + u64::from(bytecode) * dist.size / 4;
    let count = dist.files.clamp(1, 8);
    spread(shell, &format!("{site}/{module}"), size, count, &identity);
    let info = format!("{site}/{module}-{}.dist-info", project.version);
    write(
        shell,
        &format!("{info}/METADATA"),
        Content::text(&format!(
            "Metadata-Version: 2.1\nName: {}\nVersion: {}\n",
            project.name, project.version
        )),
        0o644,
    );
    write(
        shell,
        &format!("{info}/INSTALLER"),
        Content::text("pip\n"),
        0o644,
    );
    write(
        shell,
        &format!("{info}/RECORD"),
        Content::blob(dist.files * 90, &format!("{identity}:RECORD")),
        0o644,
    );
    for script in &project.scripts {
        write(
            shell,
            &format!("{bin}/{script}"),
            Content::text(&format!(
                "#!{}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom {module} import main\nif __name__ == \"__main__\":\n    sys.exit(main())\n",
                py.executable
            )),
            0o755,
        );
    }
    if !no_cache {
        let digest = crate::engine::content::Digest::of(identity.as_bytes()).to_string();
        let (a, rest) = digest.split_at(2.min(digest.len()));
        write(
            shell,
            &format!("{cache}/http-v2/{a}/{rest}.body"),
            Content::blob(dist.download, &format!("{identity}:cache")),
            0o644,
        );
        if dist.build {
            write(
                shell,
                &format!(
                    "{cache}/wheels/{a}/{rest}/{module}-{}-cp312-cp312-linux_x86_64.whl",
                    project.version
                ),
                Content::blob(dist.size / 3, &format!("{identity}:wheel")),
                0o644,
            );
        }
    }
}

fn installed(shell: &Shell, py: &Python) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, _) in shell.fs.walk_under(&py.site) {
        let name = split_parent(&path).1;
        if let Some(stem) = name.strip_suffix(".dist-info") {
            if let Some((n, v)) = stem.rsplit_once('-') {
                out.push((n.to_string(), v.to_string()));
            }
        }
    }
    out.sort();
    out
}

fn remove_dist_info(shell: &mut Shell, py: &Python, canonical: &str) {
    let module = canonical.replace('-', "_");
    let infos: Vec<String> = shell
        .fs
        .walk_under(&py.site)
        .into_iter()
        .map(|(p, _)| format!("{}/{p}", py.site))
        .filter(|p| {
            let name = split_parent(p).1;
            name.starts_with(&format!("{module}-")) && name.ends_with(".dist-info")
        })
        .collect();
    for path in infos {
        let _ = shell.fs.remove(&path);
    }
}

/// `size` bytes in `count` files under `dir`.
fn spread(shell: &mut Shell, dir: &str, size: u64, count: u64, identity: &str) {
    for i in 0..count {
        let part = size / count + u64::from(i == 0) * (size % count);
        write(
            shell,
            &format!("{dir}/part-{:02}.py", i + 1),
            Content::blob(part, &format!("{identity}:{i}")),
            0o644,
        );
    }
}

pub(super) fn kilobytes(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.0} kB", (bytes as f64 / 1e3).max(1.0))
    }
}

fn link(shell: &mut Shell, path: &str, target: &str) {
    let _ = shell
        .fs
        .mkdir_all(split_parent(path).0, shell.new_meta(0o755));
    let _ = shell.fs.remove(path);
    let _ = shell.fs.put(path, Node::symlink(target, Meta::symlink()));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{run_in, run_in_mode};

    #[test]
    fn pip_installs_into_site_packages_and_caches() {
        let (fs, status, output, _) = run_in("python:3.12-slim", "pip install flask");
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/usr/local/lib/python3.12/site-packages/flask/part-01.py"));
        assert!(fs.exists("/usr/local/bin/flask"));
        assert!(!fs.walk_under("/root/.cache/pip").is_empty());
        assert!(output.contains("Successfully installed"), "{output}");
        assert!(
            output.contains("WARNING: Running pip as the 'root' user"),
            "{output}"
        );
        let (fs, status, _, _) = run_in("python:3.12-slim", "pip install --no-cache-dir flask");
        assert_eq!(status, 0);
        assert!(fs.walk_under("/root/.cache/pip").is_empty());
    }

    #[test]
    fn the_cache_goes_where_cache_dir_or_pip_cache_dir_says() {
        for script in [
            "pip install --cache-dir /pipcache flask",
            "pip install --cache-dir=/pipcache flask",
            "PIP_CACHE_DIR=/pipcache pip install flask",
        ] {
            let (fs, status, output, _) = run_in("python:3.12-slim", script);
            assert_eq!(status, 0, "{output}");
            assert!(!fs.walk_under("/pipcache").is_empty(), "{script}");
            assert!(fs.walk_under("/root/.cache/pip").is_empty(), "{script}");
        }
    }

    #[test]
    fn pips_configuration_and_cache_commands_move_or_empty_its_cache() {
        for script in [
            "printf '[global]\\nno-cache-dir = false\\n' > /etc/pip.conf && pip install flask",
            "pip config set global.no-cache-dir true && pip install flask",
            "pip install flask && pip cache purge",
        ] {
            let (fs, status, output, _) = run_in("python:3.12-slim", script);
            assert_eq!(status, 0, "{output}");
            let kept: u64 = fs
                .walk_under("/root/.cache/pip")
                .iter()
                .map(|(_, n)| n.size())
                .sum();
            assert_eq!(kept, 0, "{script}");
        }
        let (fs, status, output, _) =
            run_in("python:3.12-slim", "XDG_CACHE_HOME=/xdg pip install flask");
        assert_eq!(status, 0, "{output}");
        assert!(!fs.walk_under("/xdg/pip").is_empty());
    }

    #[test]
    fn source_builds_need_a_compiler() {
        let (_, status, output, _) = run_in("python:3.12-slim", "pip install psycopg2");
        assert_eq!(status, 1);
        assert!(output.contains("error: command 'gcc' failed"), "{output}");
        let (_, status, output, _) = run_in("python:3.12-slim", "pip install psycopg2-binary");
        assert_eq!(status, 0, "{output}");
    }

    #[test]
    fn a_project_the_data_lacks_is_an_estimate_or_strict_an_error() {
        let (fs, status, output, warnings) = run_in(
            "python:3.12-slim",
            "pip install flask not-on-pypi-x==7.3.1 && pip freeze",
        );
        assert_eq!(status, 0, "{output}");
        assert!(output.contains("Successfully installed"), "{output}");
        assert!(output.contains("not_on_pypi_x==7.3.1"), "{output}");
        assert!(fs.exists("/usr/local/lib/python3.12/site-packages/not_on_pypi_x/part-01.py"));
        assert!(fs.exists("/usr/local/bin/not-on-pypi-x"));
        assert!(fs.exists("/usr/local/lib/python3.12/site-packages/flask/part-01.py"));
        let warning = warnings
            .iter()
            .find(|w| w.contains("not-on-pypi-x"))
            .unwrap();
        assert!(warning.contains("installed as an estimate of"), "{warning}");
        assert!(warning.contains("may differ by the real size"), "{warning}");
        let (_, status, output, _) =
            run_in_mode("python:3.12-slim", "pip install no-such-project-x", true);
        assert_eq!(status, 1);
        assert!(
            output.contains("No matching distribution found for no-such-project-x"),
            "{output}"
        );
        assert!(output.contains("--strict"), "{output}");
    }

    #[test]
    fn a_prefix_holds_the_packages_and_their_programs() {
        let (fs, status, output, _) =
            run_in("python:3.12-slim", "pip install --prefix=/install flask");
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/install/lib/python3.12/site-packages/flask/part-01.py"));
        assert!(fs.exists("/install/bin/flask"));
        assert!(!fs.exists("/usr/local/lib/python3.12/site-packages/flask"));
    }

    #[test]
    fn venvs_hold_their_own_packages() {
        let (fs, status, output, _) = run_in(
            "python:3.12-slim",
            "python -m venv /opt/venv && /opt/venv/bin/pip install requests",
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/opt/venv/pyvenv.cfg"));
        assert!(fs.exists("/opt/venv/lib/python3.12/site-packages/requests/part-01.py"));
        assert!(!output.contains("root' user"), "{output}");
    }

    #[test]
    fn debian_python_is_externally_managed() {
        let (_, status, output, _) = run_in(
            "debian:bookworm",
            "apt-get update -qq && apt-get install -y -qq python3 python3-pip >/dev/null && pip install flask",
        );
        assert_eq!(status, 1, "{output}");
        assert!(
            output.contains("error: externally-managed-environment"),
            "{output}"
        );
    }
}
