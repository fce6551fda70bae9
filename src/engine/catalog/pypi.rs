//! Python packages measured from the real PyPI (catalog/pypi.py into
//! catalog/pypi/): each package's latest release, what its wheel for
//! glibc or musl unpacks to, or that it must be built from source there;
//! its requirements and console scripts.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::data::{DataStore, Lacking};

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct Distribution {
    /// The wheel's (or sdist's) file name.
    #[serde(default)]
    pub wheel: Option<String>,
    #[serde(default)]
    pub sdist: Option<String>,
    /// Bytes unpacked.
    pub size: u64,
    pub files: u64,
    /// Bytes downloaded (what pip's cache keeps).
    pub download: u64,
    /// No wheel: pip builds it, which needs a C compiler.
    #[serde(default)]
    pub build: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Project {
    /// The name as the project spells it.
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub deps: Vec<String>,
    #[serde(default)]
    pub scripts: Vec<String>,
    pub glibc: Option<Distribution>,
    pub musl: Option<Distribution>,
}

#[derive(Debug, Deserialize)]
pub struct Index {
    packages: BTreeMap<String, Project>,
}

/// The index's projects, as measured, from the shards of
/// catalog/pypi/shards; while some are not at hand (noted in `lacking`),
/// an empty index serves the build.
pub fn index(data: &DataStore, lacking: &Lacking) -> Arc<Index> {
    data.sharded(
        "pypi",
        lacking,
        |index: &mut Index, text| {
            let shard: Index = serde_json::from_str(text).map_err(|e| e.to_string())?;
            index.packages.extend(shard.packages);
            Ok(())
        },
        || Index {
            packages: BTreeMap::new(),
        },
    )
}

/// Projects whose C extensions are optional: built from source without
/// a compiler, their setup falls back to pure Python (with a warning)
/// instead of failing. From each project's setup.py or build backend.
const OPTIONAL_EXTENSIONS: &[&str] = &[
    "aiohttp",
    "frozenlist",
    "markupsafe",
    "msgpack",
    "multidict",
    "mysql-connector",
    "pymongo",
    "pyrsistent",
    "pyyaml",
    "simplejson",
    "sqlalchemy",
    "watchdog",
    "wrapt",
    "yarl",
];

/// Whether a project installs from source without a compiler.
pub fn extensions_optional(name: &str) -> bool {
    OPTIONAL_EXTENSIONS.contains(&canonical(name).as_str())
}

/// PEP 503's normalized name: `Flask_SQLAlchemy` -> `flask-sqlalchemy`.
pub fn canonical(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            dash = true;
        } else {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// One line of a requirements file or a `pip install` argument:
/// `flask`, `Flask==3.0.0`, `requests>=2,<3`, `uvicorn[standard]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub name: String,
    pub specifier: String,
}

pub fn parse_requirement(text: &str) -> Option<Requirement> {
    let text = text.split('#').next()?.split(';').next()?.trim();
    if text.is_empty() || text.starts_with('-') {
        return None;
    }
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    let name = &text[..end];
    if name.is_empty() {
        return None;
    }
    let rest = text[end..].trim();
    let rest = match rest.strip_prefix('[') {
        Some(r) => r.split_once(']').map_or("", |(_, after)| after).trim(),
        None => rest,
    };
    Some(Requirement {
        name: canonical(name),
        specifier: rest
            .trim_start_matches(['(', ' '])
            .trim_end_matches(')')
            .to_string(),
    })
}

fn release(text: &str) -> Vec<u64> {
    text.trim()
        .split('.')
        .map_while(|p| {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

fn compare(a: &[u64], b: &[u64]) -> std::cmp::Ordering {
    let n = a.len().max(b.len());
    let get = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    (0..n)
        .map(|i| get(a, i).cmp(&get(b, i)))
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

/// Whether `version` meets a PEP 440 specifier set (`>=2,<3`, `==1.4.*`,
/// `~=2.2`).
pub fn satisfies(version: &str, specifier: &str) -> bool {
    let v = release(version);
    specifier
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .all(|clause| {
            let op_len = clause
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(clause.len());
            let (op, want) = clause.split_at(op_len);
            let op = op.trim();
            if let Some(prefix) = want.strip_suffix(".*") {
                let p = release(prefix);
                let matches = v.len() >= p.len() && v[..p.len()] == p[..];
                return if op == "!=" { !matches } else { matches };
            }
            let w = release(want);
            let order = compare(&v, &w);
            match op {
                "==" | "===" => order.is_eq(),
                "!=" => order.is_ne(),
                ">=" => order.is_ge(),
                "<=" => order.is_le(),
                ">" => order.is_gt(),
                "<" => order.is_lt(),
                "~=" => {
                    let mut upper = w[..w.len().saturating_sub(1)].to_vec();
                    if let Some(last) = upper.last_mut() {
                        *last += 1;
                    }
                    order.is_ge() && compare(&v, &upper).is_lt()
                }
                _ => true,
            }
        })
}

impl Index {
    pub fn project(&self, name: &str) -> Option<&Project> {
        self.packages.get(&canonical(name))
    }

    /// What stands in for a project the data lacks: the median wheel of
    /// the projects that need no compiler (the most common kind), named
    /// `name` at `version`, with no dependencies, and a program named
    /// after it (as tools are: `mkdocs`, `gunicorn`, `black`).
    pub fn estimate(&self, name: &str, version: &str) -> Project {
        let mut wheels: Vec<&Distribution> = self
            .packages
            .values()
            .filter_map(|p| p.glibc.as_ref())
            .filter(|d| !d.build)
            .collect();
        wheels.sort_by_key(|d| d.size);
        let median = wheels.get(wheels.len() / 2).map_or(
            Distribution {
                wheel: None,
                sdist: None,
                size: 500_000,
                files: 40,
                download: 150_000,
                build: false,
            },
            |d| Distribution {
                wheel: None,
                sdist: None,
                size: d.size,
                files: d.files,
                download: d.download,
                build: false,
            },
        );
        let wheel = format!(
            "{}-{version}-py3-none-any.whl",
            canonical(name).replace('-', "_")
        );
        let dist = Distribution {
            wheel: Some(wheel),
            ..median
        };
        Project {
            name: name.to_string(),
            version: version.to_string(),
            deps: Vec::new(),
            scripts: vec![canonical(name)],
            glibc: Some(dist.clone()),
            musl: Some(dist),
        }
    }

    /// The requirements and everything they require, dependencies first;
    /// the names the index lacks come back apart.
    pub fn resolve(&self, roots: &[Requirement]) -> (Vec<String>, Vec<String>) {
        let mut order = Vec::new();
        let mut missing = Vec::new();
        let mut seen = BTreeSet::new();
        for root in roots {
            self.visit(&root.name, &mut seen, &mut order, &mut missing);
        }
        (order, missing)
    }

    fn visit(
        &self,
        name: &str,
        seen: &mut BTreeSet<String>,
        order: &mut Vec<String>,
        missing: &mut Vec<String>,
    ) {
        if !seen.insert(name.to_string()) {
            return;
        }
        match self.packages.get(name) {
            Some(project) => {
                for dep in &project.deps {
                    self.visit(dep, seen, order, missing);
                }
                order.push(name.to_string());
            }
            None => missing.push(name.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_and_specifiers() {
        assert_eq!(
            parse_requirement("Flask_SQLAlchemy>=3.0 ; python_version > '3.8'  # db"),
            Some(Requirement {
                name: "flask-sqlalchemy".into(),
                specifier: ">=3.0".into()
            })
        );
        assert_eq!(
            parse_requirement("uvicorn[standard]==0.30.1").map(|r| r.specifier),
            Some("==0.30.1".into())
        );
        assert_eq!(parse_requirement("-r base.txt"), None);
        assert!(satisfies("2.31.0", ">=2,<3"));
        assert!(!satisfies("3.0.0", ">=2,<3"));
        assert!(satisfies("1.4.7", "==1.4.*"));
        assert!(satisfies("2.2.5", "~=2.2"));
        assert!(!satisfies("3.0", "~=2.2"));
        assert!(satisfies("3.1.3", ""));
    }

    #[test]
    fn the_index_resolves_dependencies_first() {
        let index = index(&DataStore::new(), &Lacking::default());
        let (order, missing) = index.resolve(&[parse_requirement("flask").unwrap()]);
        assert!(missing.is_empty(), "{missing:?}");
        let at = |n: &str| order.iter().position(|p| p == n);
        assert!(at("werkzeug") < at("flask"), "{order:?}");
        assert!(
            index
                .project("psycopg2")
                .unwrap()
                .glibc
                .as_ref()
                .unwrap()
                .build
        );
        assert!(
            !index
                .project("psycopg2-binary")
                .unwrap()
                .glibc
                .as_ref()
                .unwrap()
                .build
        );
    }
}
