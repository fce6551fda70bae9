//! A Python project as uv and Poetry see it: the nearest pyproject.toml
//! up from the working directory, read as TOML, and the project installed
//! into an environment (editable: a `.pth` file pointing at its source;
//! or copied), with its dist-info and console scripts.

use serde_json::Value;

use crate::engine::catalog::pypi::canonical;
use crate::engine::content::Content;
use crate::engine::vfs::split_parent;

use super::super::state::{Io, Shell};
use super::common::write_file;
use super::pip::Python;
use super::toml;

/// The directory of the nearest pyproject.toml, up from the working
/// directory.
pub(super) fn root(shell: &Shell) -> Option<String> {
    nearest(shell, "pyproject.toml")
}

/// The nearest directory, up from the working directory, that holds
/// `relative` (`pyproject.toml`, `.venv/pyvenv.cfg`).
pub(super) fn nearest(shell: &Shell, relative: &str) -> Option<String> {
    let mut dir = shell.cwd.trim_end_matches('/').to_string();
    loop {
        if shell.fs.exists(&format!("{dir}/{relative}")) {
            return Some(if dir.is_empty() { "/".into() } else { dir });
        }
        if dir.is_empty() {
            return None;
        }
        dir = split_parent(&dir).0.trim_end_matches('/').to_string();
    }
}

/// A TOML file read; None when absent, or (said in the tool's words by
/// `wording`) when it does not parse.
pub(super) fn read_toml(
    shell: &Shell,
    path: &str,
    io: &mut Io,
    wording: impl Fn(&str, &str) -> String,
) -> Option<Value> {
    let text = shell.fs.read(path).ok()?.as_text()?.to_string();
    match toml::parse(&text) {
        Ok(value) => Some(value),
        Err(e) => {
            io.err(&wording(path, &e));
            None
        }
    }
}

/// How the project is installed.
pub(super) struct Install<'a> {
    pub name: &'a str,
    pub version: &'a str,
    /// Copied into site-packages rather than linked to its source.
    pub copied: bool,
    /// The installer's name, for INSTALLER.
    pub installer: &'a str,
    /// The `.pth` file's name (uv: `_NAME.pth`, Poetry: `NAME.pth`).
    pub pth: String,
}

/// Installs the project at `root` into the environment of `py`, with
/// the console scripts of `[project.scripts]` or `[tool.poetry.scripts]`.
pub(super) fn install(shell: &mut Shell, py: &Python, root: &str, project: &Value, how: &Install) {
    let module = canonical(how.name).replace('-', "_");
    let site = py.site.clone();
    let source = if shell.fs.exists(&format!("{root}/src")) {
        format!("{root}/src")
    } else {
        root.to_string()
    };
    if how.copied {
        let size: u64 = shell
            .fs
            .walk_under(&source)
            .iter()
            .filter(|(p, _)| p.ends_with(".py"))
            .filter_map(|(p, _)| {
                shell
                    .fs
                    .read(&format!("{source}/{p}"))
                    .ok()
                    .map(|c| c.size())
            })
            .sum();
        write_file(
            shell,
            &format!("{site}/{module}/__init__.py"),
            Content::blob(size.max(1), &format!("project:{}", how.name)),
            0o644,
        );
    } else {
        write_file(
            shell,
            &format!("{site}/{}", how.pth),
            Content::text(&format!("{source}\n")),
            0o644,
        );
    }
    let info = format!("{site}/{module}-{}.dist-info", how.version);
    write_file(
        shell,
        &format!("{info}/METADATA"),
        Content::text(&format!(
            "Metadata-Version: 2.3\nName: {}\nVersion: {}\n",
            how.name, how.version
        )),
        0o644,
    );
    write_file(
        shell,
        &format!("{info}/INSTALLER"),
        Content::text(&format!("{}\n", how.installer)),
        0o644,
    );
    let scripts = project["project"]["scripts"]
        .as_object()
        .or_else(|| project["tool"]["poetry"]["scripts"].as_object());
    for (script, target) in scripts.into_iter().flatten() {
        let (module_path, function) = target
            .as_str()
            .unwrap_or("main:main")
            .split_once(':')
            .unwrap_or(("main", "main"));
        write_file(
            shell,
            &format!("{}/{script}", py.bin),
            Content::text(&format!(
                "#!{}\n# -*- coding: utf-8 -*-\nimport sys\nfrom {module_path} import {function}\nif __name__ == \"__main__\":\n    sys.exit({function}())\n",
                py.executable
            )),
            0o755,
        );
    }
}
