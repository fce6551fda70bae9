//! Python lockfiles as uv and Poetry read them: `uv.lock` (its packages,
//! their dependencies, extras and dependency groups, and the wheels with
//! their sizes) and `poetry.lock` (packages by group or category, the
//! files they may install). What `uv sync` or `poetry install` installs
//! is what the lockfile says, for CPython on Linux x86_64.

use std::collections::HashMap;

use serde_json::Value;

use crate::engine::catalog::pep508::{holds, Environment};
use crate::engine::catalog::pypi::canonical;

/// One package a lockfile installs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Locked {
    pub name: String,
    pub version: String,
    /// The wheel (or sdist) this platform gets.
    pub file: Option<String>,
    /// Its download size, when the lockfile records it (uv.lock does).
    pub download: Option<u64>,
    /// Only a source distribution fits: it is built (a compiler may be needed).
    pub build: bool,
}

/// What to install: the groups, the extras.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selection {
    /// Leave out the project's main dependencies (`--only-group`, `--only dev`).
    pub no_main: bool,
    /// The dependency groups to install.
    pub groups: Vec<String>,
    pub extras: Vec<String>,
    pub all_extras: bool,
}

/// The interpreter and C library the packages are chosen for.
pub(crate) struct Platform<'a> {
    pub python: &'a str,
    pub musl: bool,
}

/// `uv.lock`: the packages `uv sync` installs for the selection, and the
/// projects of the workspace itself (name, version) apart.
pub(crate) fn uv(
    lock: &Value,
    selection: &Selection,
    platform: &Platform,
) -> (Vec<Locked>, Vec<(String, String)>) {
    let packages: Vec<&Value> = lock["package"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let local = |p: &Value| {
        let source = &p["source"];
        source
            .get("editable")
            .or_else(|| source.get("virtual"))
            .and_then(Value::as_str)
            == Some(".")
    };
    let roots: Vec<&Value> = packages.iter().copied().filter(|p| local(p)).collect();
    let mut queue: Vec<(String, Option<String>, Vec<String>)> = Vec::new();
    let no_extras: Vec<String> = Vec::new();
    let env = Environment {
        python: platform.python,
        extras: &no_extras,
    };
    for root in &roots {
        let mut edges: Vec<&Value> = Vec::new();
        if !selection.no_main {
            edges.extend(list(&root["dependencies"]));
            if let Some(optional) = root["optional-dependencies"].as_object() {
                for (extra, deps) in optional {
                    if selection.all_extras
                        || selection
                            .extras
                            .iter()
                            .any(|e| canonical(e) == canonical(extra))
                    {
                        edges.extend(list(deps));
                    }
                }
            }
        }
        if let Some(groups) = root["dev-dependencies"].as_object() {
            for (group, deps) in groups {
                if selection.groups.iter().any(|g| g == group) {
                    edges.extend(list(deps));
                }
            }
        }
        queue.extend(edges.into_iter().filter_map(|d| edge(d, &env)));
    }
    // The packages by name, and the extras each (name, version) was
    // visited with: a lockfile of any size is walked in linear time.
    let mut by_name: HashMap<String, Vec<&Value>> = HashMap::new();
    for package in &packages {
        if let Some(name) = package["name"].as_str() {
            by_name.entry(canonical(name)).or_default().push(package);
        }
    }
    let mut seen: HashMap<(String, String), Vec<String>> = HashMap::new();
    let mut out: Vec<Locked> = Vec::new();
    while let Some((name, version, extras)) = queue.pop() {
        let Some(package) = by_name.get(&canonical(&name)).and_then(|all| {
            all.iter().copied().find(|p| {
                version
                    .as_deref()
                    .is_none_or(|v| p["version"].as_str() == Some(v))
            })
        }) else {
            continue;
        };
        if local(package) {
            continue;
        }
        let key_name = canonical(&name);
        let key_version = package["version"].as_str().unwrap_or_default().to_string();
        let known = seen.get_mut(&(key_name.clone(), key_version.clone()));
        let new_extras: Vec<String> = match known {
            Some(had) => {
                let fresh: Vec<String> = extras
                    .iter()
                    .filter(|e| !had.contains(e))
                    .cloned()
                    .collect();
                if fresh.is_empty() {
                    continue;
                }
                had.extend(fresh.iter().cloned());
                fresh
            }
            None => {
                seen.insert((key_name, key_version), extras.clone());
                out.push(uv_package(package, platform));
                queue.extend(
                    list(&package["dependencies"])
                        .into_iter()
                        .filter_map(|d| edge(d, &env)),
                );
                extras
            }
        };
        for extra in new_extras {
            if let Some(deps) = package["optional-dependencies"].get(&extra) {
                queue.extend(list(deps).into_iter().filter_map(|d| edge(d, &env)));
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    let projects = roots
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or_default().to_string(),
                r["version"].as_str().unwrap_or("0.0.0").to_string(),
            )
        })
        .collect();
    (out, projects)
}

fn list(value: &Value) -> Vec<&Value> {
    value
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// A dependency entry `{ name, version?, extra?, marker? }`, when its
/// marker holds here.
fn edge(dep: &Value, env: &Environment) -> Option<(String, Option<String>, Vec<String>)> {
    if let Some(marker) = dep["marker"].as_str() {
        if !holds(marker, env) {
            return None;
        }
    }
    let extras = list(&dep["extra"])
        .into_iter()
        .filter_map(Value::as_str)
        .map(String::from)
        .collect();
    Some((
        dep["name"].as_str()?.to_string(),
        dep["version"].as_str().map(String::from),
        extras,
    ))
}

fn uv_package(package: &Value, platform: &Platform) -> Locked {
    let name = package["name"].as_str().unwrap_or_default().to_string();
    let version = package["version"].as_str().unwrap_or_default().to_string();
    let wheels: Vec<(String, Option<u64>)> = list(&package["wheels"])
        .into_iter()
        .filter_map(|w| Some((file_name(w)?, w["size"].as_u64())))
        .collect();
    if let Some((file, size)) = best_wheel(wheels.iter().map(|(f, s)| (f.as_str(), *s)), platform) {
        return Locked {
            name,
            version,
            file: Some(file.to_string()),
            download: size,
            build: false,
        };
    }
    let sdist = &package["sdist"];
    Locked {
        name,
        version,
        file: file_name(sdist),
        download: sdist["size"].as_u64(),
        build: !sdist.is_null(),
    }
}

fn file_name(entry: &Value) -> Option<String> {
    let url = entry["url"]
        .as_str()
        .or_else(|| entry["path"].as_str())
        .or_else(|| entry["file"].as_str())?;
    let name = url.rsplit('/').next()?;
    Some(name.split('#').next().unwrap_or(name).to_string())
}

/// The wheel pip or uv would pick here: the interpreter's own tag first,
/// then the stable ABI, then pure Python.
fn best_wheel<'a>(
    wheels: impl Iterator<Item = (&'a str, Option<u64>)>,
    platform: &Platform,
) -> Option<(&'a str, Option<u64>)> {
    let ours = format!("cp{}", platform.python.replace('.', ""));
    let minor: u32 = platform
        .python
        .split('.')
        .nth(1)
        .and_then(|m| m.parse().ok())
        .unwrap_or(12);
    wheels
        .filter_map(|(file, size)| {
            let stem = file.strip_suffix(".whl")?;
            let parts: Vec<&str> = stem.rsplitn(4, '-').collect();
            let [plat, abi, py, ..] = parts[..] else {
                return None;
            };
            let plat_fits = plat.split('.').any(|p| {
                p == "any"
                    || (p.ends_with("x86_64")
                        && if platform.musl {
                            p.starts_with("musllinux")
                        } else {
                            p.starts_with("manylinux") || p == "linux_x86_64"
                        })
            });
            if !plat_fits {
                return None;
            }
            let score = py
                .split('.')
                .filter_map(|tag| {
                    if tag == ours && abi != "abi3" {
                        Some(4)
                    } else if abi == "abi3" {
                        let from: u32 = tag.strip_prefix("cp3")?.parse().ok()?;
                        (from <= minor).then_some(3)
                    } else if tag == "py3" || tag == "py2" && py.contains("py3") {
                        Some(if plat == "any" { 1 } else { 2 })
                    } else {
                        None
                    }
                })
                .max()?;
            Some((score, file, size))
        })
        .max_by_key(|(score, _, _)| *score)
        .map(|(_, file, size)| (file, size))
}

/// `poetry.lock`: the packages `poetry install` installs for the
/// selection (groups of Poetry 2's `groups`, or 1.x's `category`), the
/// optional ones only for the extras asked for.
pub(crate) fn poetry(
    lock: &Value,
    project: &Value,
    selection: &Selection,
    platform: &Platform,
) -> Vec<Locked> {
    let no_extras: Vec<String> = Vec::new();
    let env = Environment {
        python: platform.python,
        extras: &no_extras,
    };
    // The packages the asked-for extras name.
    let extra_packages: Vec<String> = project["tool"]["poetry"]["extras"]
        .as_object()
        .map(|extras| {
            extras
                .iter()
                .filter(|(e, _)| {
                    selection.all_extras
                        || selection
                            .extras
                            .iter()
                            .any(|x| canonical(x) == canonical(e))
                })
                .flat_map(|(_, names)| {
                    list(names)
                        .into_iter()
                        .filter_map(Value::as_str)
                        .map(canonical)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out: Vec<Locked> = list(&lock["package"])
        .into_iter()
        .filter(|p| {
            let name = p["name"].as_str().map(canonical).unwrap_or_default();
            let groups: Vec<String> = match p.get("groups") {
                Some(groups) => list(groups)
                    .into_iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect(),
                None => vec![p["category"].as_str().unwrap_or("main").to_string()],
            };
            let wanted = groups.iter().any(|g| {
                if g == "main" {
                    !selection.no_main
                } else {
                    selection.groups.contains(g)
                }
            });
            let optional =
                p["optional"].as_bool().unwrap_or(false) && !extra_packages.contains(&name);
            let marker_ok = match &p["markers"] {
                Value::String(m) => holds(m, &env),
                Value::Object(by_group) => groups.iter().any(|g| {
                    by_group
                        .get(g)
                        .and_then(Value::as_str)
                        .is_none_or(|m| holds(m, &env))
                }),
                _ => true,
            };
            wanted && !optional && marker_ok
        })
        .map(|p| {
            let files: Vec<String> = list(&p["files"])
                .into_iter()
                .filter_map(file_name)
                .collect();
            let wheel = best_wheel(files.iter().map(|f| (f.as_str(), None)), platform)
                .map(|(f, _)| f.to_string());
            let sdist = files
                .iter()
                .find(|f| f.ends_with(".tar.gz") || f.ends_with(".zip"))
                .cloned();
            Locked {
                name: p["name"].as_str().unwrap_or_default().to_string(),
                version: p["version"].as_str().unwrap_or_default().to_string(),
                build: wheel.is_none() && sdist.is_some(),
                file: wheel.or(sdist),
                download: None,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::shell::programs::toml;

    const UV_LOCK: &str = r#"
version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "fastapi", extra = ["standard"] },
    { name = "colorama", marker = "sys_platform == 'win32'" },
]

[package.dev-dependencies]
dev = [{ name = "ruff" }]

[[package]]
name = "fastapi"
version = "0.115.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "pydantic" }]
wheels = [{ url = "https://files/fastapi-0.115.0-py3-none-any.whl", size = 94000 }]

[package.optional-dependencies]
standard = [{ name = "uvicorn" }]

[[package]]
name = "pydantic"
version = "2.9.0"
source = { registry = "https://pypi.org/simple" }
wheels = [
    { url = "https://files/pydantic_core-2.9.0-cp312-cp312-musllinux_1_1_x86_64.whl", size = 2000 },
    { url = "https://files/pydantic_core-2.9.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", size = 3000 },
    { url = "https://files/pydantic_core-2.9.0-cp313-cp313-manylinux_2_17_x86_64.whl", size = 4000 },
    { url = "https://files/pydantic_core-2.9.0-cp312-cp312-win_amd64.whl", size = 5000 },
]

[[package]]
name = "uvicorn"
version = "0.30.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files/uvicorn-0.30.0.tar.gz", size = 700 }

[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "ruff"
version = "0.6.2"
source = { registry = "https://pypi.org/simple" }
"#;

    fn names(locked: &[Locked]) -> Vec<&str> {
        locked.iter().map(|l| l.name.as_str()).collect()
    }

    #[test]
    fn uv_lock_installs_the_closure_with_extras_groups_and_markers() {
        let lock = toml::parse(UV_LOCK).unwrap();
        let glibc = Platform {
            python: "3.12",
            musl: false,
        };
        let dev = Selection {
            groups: vec!["dev".into()],
            ..Selection::default()
        };
        let (all, projects) = uv(&lock, &dev, &glibc);
        assert_eq!(names(&all), ["fastapi", "pydantic", "ruff", "uvicorn"]);
        assert_eq!(projects, [("app".to_string(), "0.1.0".to_string())]);
        let (prod, _) = uv(&lock, &Selection::default(), &glibc);
        assert_eq!(names(&prod), ["fastapi", "pydantic", "uvicorn"]);
        let pydantic = &prod[1];
        assert_eq!(pydantic.download, Some(3000));
        assert!(pydantic
            .file
            .as_deref()
            .unwrap()
            .contains("cp312-cp312-manylinux"));
        assert!(prod[2].build, "uvicorn has only an sdist");
        let (musl, _) = uv(
            &lock,
            &Selection::default(),
            &Platform {
                python: "3.12",
                musl: true,
            },
        );
        assert_eq!(musl[1].download, Some(2000));
        let only_dev = Selection {
            no_main: true,
            groups: vec!["dev".into()],
            ..Selection::default()
        };
        assert_eq!(names(&uv(&lock, &only_dev, &glibc).0), ["ruff"]);
    }

    #[test]
    fn a_huge_lockfile_is_walked_in_linear_time() {
        let n = 50_000;
        let mut text = String::from("[[package]]\nname = \"root\"\nversion = \"1\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"p0\" }]\n");
        for i in 0..n {
            text.push_str(&format!("\n[[package]]\nname = \"p{i}\"\nversion = \"1\"\ndependencies = [{{ name = \"p{}\" }}]\n", i + 1));
        }
        let lock = toml::parse(&text).unwrap();
        let (got, _) = uv(
            &lock,
            &Selection::default(),
            &Platform {
                python: "3.12",
                musl: false,
            },
        );
        assert_eq!(got.len(), n);
    }

    #[test]
    fn poetry_lock_installs_by_group_and_extra() {
        let lock = toml::parse("[[package]]\nname = \"flask\"\nversion = \"3.0.0\"\noptional = false\ngroups = [\"main\"]\nfiles = [\n  {file = \"flask-3.0.0-py3-none-any.whl\", hash = \"sha256:1\"},\n  {file = \"flask-3.0.0.tar.gz\", hash = \"sha256:2\"},\n]\n\n[[package]]\nname = \"pytest\"\nversion = \"8.0.0\"\noptional = false\ncategory = \"dev\"\nfiles = []\n\n[[package]]\nname = \"gunicorn\"\nversion = \"22.0.0\"\noptional = true\ngroups = [\"main\"]\nfiles = [{file = \"gunicorn-22.0.0.tar.gz\", hash = \"sha256:3\"}]\n\n[[package]]\nname = \"pywin32\"\nversion = \"306\"\noptional = false\ngroups = [\"main\"]\nmarkers = \"sys_platform == \\\"win32\\\"\"\nfiles = []\n").unwrap();
        let project = toml::parse("[tool.poetry.extras]\nserver = [\"gunicorn\"]\n").unwrap();
        let glibc = Platform {
            python: "3.12",
            musl: false,
        };
        let main = Selection::default();
        let got = poetry(&lock, &project, &main, &glibc);
        assert_eq!(names(&got), ["flask"]);
        assert_eq!(got[0].file.as_deref(), Some("flask-3.0.0-py3-none-any.whl"));
        let all = Selection {
            groups: vec!["dev".into()],
            extras: vec!["server".into()],
            ..Selection::default()
        };
        let got = poetry(&lock, &project, &all, &glibc);
        assert_eq!(names(&got), ["flask", "gunicorn", "pytest"]);
        assert!(got[1].build);
    }
}
