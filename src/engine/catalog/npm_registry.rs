//! npm packages measured from the real registry (catalog/npm.py into
//! catalog/npm/): versions, unpacked sizes and file counts, dependencies;
//! npm's version ranges; and the tree `npm install` lays out in
//! node_modules (hoisted, as npm 7 and later do).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::data::{DataStore, Lacking};

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Manifest {
    /// Unpacked bytes.
    pub size: u64,
    pub files: u64,
    /// The .tgz's size (what npm's cache keeps).
    pub tarball: u64,
    #[serde(default)]
    pub deps: BTreeMap<String, String>,
    #[serde(default)]
    pub optional: BTreeMap<String, String>,
    #[serde(default)]
    pub peers: BTreeMap<String, String>,
    #[serde(default)]
    pub libc: Vec<String>,
    #[serde(default)]
    pub os: Vec<String>,
    #[serde(default)]
    pub cpu: Vec<String>,
    #[serde(default)]
    pub bin: BTreeMap<String, String>,
    #[serde(default)]
    pub install_script: bool,
}

#[derive(Debug, Deserialize)]
struct PackageVersions {
    versions: BTreeMap<String, Manifest>,
    latest: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Registry {
    packages: HashMap<String, PackageVersions>,
}

/// The registry's packages, as measured, from the shards of
/// catalog/npm/shards; while some are not at hand (noted in `lacking`),
/// an empty registry serves the build.
pub fn registry(data: &DataStore, lacking: &Lacking) -> Arc<Registry> {
    data.sharded(
        "npm",
        lacking,
        |registry: &mut Registry, text| {
            let shard: Registry = serde_json::from_str(text).map_err(|e| e.to_string())?;
            registry.packages.extend(shard.packages);
            Ok(())
        },
        || Registry {
            packages: HashMap::new(),
        },
    )
}

/// How a range was met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// A version the range allows.
    Satisfied(String),
    /// The registry data has no version in the range: its newest stands in.
    StandIn(String),
}

impl Pick {
    pub fn version(&self) -> &str {
        match self {
            Pick::Satisfied(v) | Pick::StandIn(v) => v,
        }
    }
}

impl Registry {
    pub fn manifest(&self, name: &str, version: &str) -> Option<&Manifest> {
        self.packages.get(name)?.versions.get(version)
    }

    pub fn has(&self, name: &str) -> bool {
        self.packages.contains_key(name)
    }

    /// The version npm would pick for `range`: `latest` if it satisfies,
    /// else the highest that does.
    pub fn pick(&self, name: &str, range: &str) -> Option<Pick> {
        let package = self.packages.get(name)?;
        if let Some(latest) = &package.latest {
            if package.versions.contains_key(latest) && satisfies(latest, range) {
                return Some(Pick::Satisfied(latest.clone()));
            }
        }
        let best = package
            .versions
            .keys()
            .filter(|v| satisfies(v, range))
            .max_by_key(|v| sort_key(v));
        match best {
            Some(v) => Some(Pick::Satisfied(v.clone())),
            None => package
                .versions
                .keys()
                .max_by_key(|v| sort_key(v))
                .map(|v| Pick::StandIn(v.clone())),
        }
    }
}

type Triple = (u64, u64, u64);

fn parse_version(text: &str) -> Option<(Triple, Option<String>)> {
    let text = text.trim().trim_start_matches(['v', '=']);
    let text = text.split('+').next()?;
    let (core, pre) = match text.split_once('-') {
        Some((c, p)) => (c, Some(p.to_string())),
        None => (text, None),
    };
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let triple = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    Some((triple, pre))
}

fn sort_key(version: &str) -> (Triple, bool, String) {
    match parse_version(version) {
        Some((triple, pre)) => (triple, pre.is_none(), pre.unwrap_or_default()),
        None => ((0, 0, 0), false, String::new()),
    }
}

/// The numbers given in a partial version (`1`, `1.2`, `1.x`, `1.2.3`).
fn partial(text: &str) -> Vec<u64> {
    let text = text.trim().trim_start_matches(['v', '=']);
    let core = text.split(['-', '+']).next().unwrap_or_default();
    core.split('.')
        .map_while(|p| p.parse::<u64>().ok())
        .take(3)
        .collect()
}

fn padded(parts: &[u64]) -> Triple {
    (
        parts.first().copied().unwrap_or(0),
        parts.get(1).copied().unwrap_or(0),
        parts.get(2).copied().unwrap_or(0),
    )
}

/// The version after the last given number (`1.2` -> 1.3.0).
fn bumped(parts: &[u64]) -> Triple {
    let mut up = parts.to_vec();
    if let Some(last) = up.last_mut() {
        *last += 1;
    }
    padded(&up)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ge,
    Gt,
    Lt,
    Le,
}

/// A range as alternatives (`||`), each a list of tests.
fn comparators(range: &str) -> Vec<Vec<(Op, Triple)>> {
    let mut out = Vec::new();
    for alternative in range.split("||") {
        let alternative = alternative.trim();
        let mut tests = Vec::new();
        let words: Vec<&str> = alternative.split_whitespace().collect();
        if words.len() == 3 && words[1] == "-" {
            let lo = partial(words[0]);
            let hi = partial(words[2]);
            tests.push((Op::Ge, padded(&lo)));
            if hi.len() == 3 {
                tests.push((Op::Le, padded(&hi)));
            } else if !hi.is_empty() {
                tests.push((Op::Lt, bumped(&hi)));
            }
            out.push(tests);
            continue;
        }
        // `>= 1.2` is one comparator: join an operator with its version.
        let mut tokens = Vec::new();
        let mut pending = String::new();
        for word in words {
            if word.chars().all(|c| "<>=^~".contains(c)) {
                pending.push_str(word);
            } else {
                tokens.push(format!("{pending}{word}"));
                pending.clear();
            }
        }
        for token in tokens {
            let op_len = token
                .find(|c: char| !"<>=^~".contains(c))
                .unwrap_or(token.len());
            let (op, version) = token.split_at(op_len);
            let parts = partial(version);
            let p = padded(&parts);
            match op {
                "" | "=" => {
                    if parts.len() == 3 {
                        tests.push((Op::Eq, p));
                    } else if !parts.is_empty() {
                        tests.push((Op::Ge, p));
                        tests.push((Op::Lt, bumped(&parts)));
                    }
                }
                "^" => {
                    tests.push((Op::Ge, p));
                    let upper = if p.0 > 0 || parts.len() == 1 {
                        (p.0 + 1, 0, 0)
                    } else if p.1 > 0 || parts.len() == 2 {
                        (0, p.1 + 1, 0)
                    } else {
                        (0, 0, p.2 + 1)
                    };
                    tests.push((Op::Lt, upper));
                }
                "~" | "~>" => {
                    tests.push((Op::Ge, p));
                    let upper = if parts.len() >= 2 {
                        (p.0, p.1 + 1, 0)
                    } else {
                        (p.0 + 1, 0, 0)
                    };
                    tests.push((Op::Lt, upper));
                }
                ">" if parts.len() < 3 && !parts.is_empty() => tests.push((Op::Ge, bumped(&parts))),
                "<=" if parts.len() < 3 && !parts.is_empty() => {
                    tests.push((Op::Lt, bumped(&parts)))
                }
                ">=" => tests.push((Op::Ge, p)),
                ">" => tests.push((Op::Gt, p)),
                "<" => tests.push((Op::Lt, p)),
                "<=" => tests.push((Op::Le, p)),
                _ => {}
            }
        }
        out.push(tests);
    }
    out
}

/// Whether `version` is in npm's `range`.
pub fn satisfies(version: &str, range: &str) -> bool {
    let Some((triple, pre)) = parse_version(version) else {
        return false;
    };
    let range = range.trim();
    if matches!(range, "" | "*" | "latest" | "x" | "X") {
        return pre.is_none();
    }
    if let Some(pre) = pre {
        // A prerelease matches only a range naming a prerelease of the
        // same version, at or below it.
        return range
            .split(|c: char| c.is_whitespace() || "<>=^~|,".contains(c))
            .filter_map(parse_version)
            .any(|(named, named_pre)| {
                named == triple
                    && named_pre.is_some_and(|p| {
                        sort_key(&format!("0.0.0-{p}")) <= sort_key(&format!("0.0.0-{pre}"))
                    })
            });
    }
    comparators(range).iter().any(|tests| {
        !tests.is_empty()
            && tests.iter().all(|(op, want)| match op {
                Op::Eq => triple == *want,
                Op::Ge => triple >= *want,
                Op::Gt => triple > *want,
                Op::Lt => triple < *want,
                Op::Le => triple <= *want,
            })
    })
}

/// One package placed in node_modules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The directory's name (an alias's, for `npm:` dependencies).
    pub name: String,
    /// The package in the registry.
    pub source: String,
    pub version: String,
    /// `node_modules/a` or `node_modules/a/node_modules/b`.
    pub path: String,
    /// Only needed by devDependencies.
    pub dev: bool,
    pub stand_in: bool,
    /// Not in the registry data: an estimate stands in.
    pub unknown: bool,
}

/// The tree npm lays out for a package.json's dependencies: each package
/// as high as it can go (the top node_modules unless another version
/// holds that place), dependencies before devDependencies.
pub fn layout(
    registry: &Registry,
    dependencies: &[(String, String)],
    dev_dependencies: &[(String, String)],
    include_dev: bool,
    libc: &str,
) -> Vec<Placed> {
    let mut placed: BTreeMap<String, Placed> = BTreeMap::new();
    let mut groups = vec![(dependencies.to_vec(), false)];
    if include_dev {
        groups.push((dev_dependencies.to_vec(), true));
    }
    for (roots, dev) in groups {
        let mut queue: Vec<(String, String, String)> = roots
            .into_iter()
            .map(|(name, range)| (String::new(), name, range))
            .collect();
        let mut next = 0;
        while next < queue.len() {
            let (parent, name, range) = queue[next].clone();
            next += 1;
            // `"alias": "npm:real-name@range"` installs real-name as alias.
            let (source, range) = match range.strip_prefix("npm:") {
                Some(spec) => match split_spec(spec) {
                    (name, Some(range)) => (name.to_string(), range.to_string()),
                    (name, None) => (name.to_string(), "*".to_string()),
                },
                None => (name.clone(), range),
            };
            let pick = registry.pick(&source, &range);
            let (version, stand_in) = match &pick {
                Some(Pick::Satisfied(v)) => (v.clone(), false),
                Some(Pick::StandIn(v)) => (v.clone(), true),
                None => (range.trim_start_matches(['^', '~', '=']).to_string(), false),
            };
            let top = format!("node_modules/{name}");
            let path = match placed.get(&top) {
                None => top,
                Some(p) if p.version == version => continue,
                Some(_) => {
                    let nested = format!("{parent}/node_modules/{name}");
                    let nested = nested.trim_start_matches('/').to_string();
                    if placed.get(&nested).is_some_and(|p| p.version == version) {
                        continue;
                    }
                    nested
                }
            };
            placed.insert(
                path.clone(),
                Placed {
                    name: name.clone(),
                    source: source.clone(),
                    version: version.clone(),
                    path: path.clone(),
                    dev,
                    stand_in,
                    unknown: pick.is_none(),
                },
            );
            let Some(manifest) = registry.manifest(&source, &version) else {
                continue;
            };
            let mut deps: Vec<(String, String)> = manifest
                .deps
                .iter()
                .chain(manifest.peers.iter())
                .map(|(n, r)| (n.clone(), r.clone()))
                .collect();
            for (n, r) in &manifest.optional {
                let fits = registry
                    .pick(n, r)
                    .and_then(|p| registry.manifest(n, p.version()).cloned())
                    .is_some_and(|m| runs_on(&m, libc));
                if fits {
                    deps.push((n.clone(), r.clone()));
                }
            }
            for (n, r) in deps {
                queue.push((path.clone(), n, r));
            }
        }
    }
    placed.into_values().collect()
}

/// Whether a platform-specific package runs on linux/x64 with `libc`.
fn runs_on(manifest: &Manifest, libc: &str) -> bool {
    let os = manifest.os.is_empty() || manifest.os.iter().any(|o| o == "linux");
    let cpu = manifest.cpu.is_empty() || manifest.cpu.iter().any(|c| c == "x64");
    let libc_ok = manifest.libc.is_empty() || manifest.libc.iter().any(|l| l == libc);
    os && cpu && libc_ok
}

/// Splits `name@range` or `@scope/name@range` at the `@` that starts the
/// range; a leading `@` belongs to the scope. Any text is taken: an empty
/// or non-ASCII name comes back as it is, for the registry to refuse.
pub fn split_spec(spec: &str) -> (&str, Option<&str>) {
    let scope = usize::from(spec.starts_with('@'));
    match spec[scope..].find('@') {
        Some(i) => (&spec[..scope + i], Some(&spec[scope + i + 1..])),
        None => (spec, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_npm_reads_them() {
        for (version, range, expected) in [
            ("1.2.3", "^1.0.0", true),
            ("2.0.0", "^1.0.0", false),
            ("0.2.5", "^0.2.3", true),
            ("0.3.0", "^0.2.3", false),
            ("0.0.4", "^0.0.3", false),
            ("1.2.9", "~1.2.3", true),
            ("1.3.0", "~1.2.3", false),
            ("1.5.0", ">=1.2.0 <2", true),
            ("1.5.0", ">= 1.2.0 < 2", true),
            ("2.1.0", "1.x || 2.x", true),
            ("3.0.0", "1 - 2", false),
            ("2.9.9", "1 - 2", true),
            ("1.0.0-beta", "^1.0.0", false),
            ("1.0.0-beta.2", "^1.0.0-beta.2", true),
            ("1.0.0-beta.1", "^1.0.0-beta.2", false),
            ("4.17.21", "*", true),
            ("1.2.3", "1.2", true),
            ("5.0.0", ">4", true),
            ("4.9.0", ">4", false),
        ] {
            assert_eq!(satisfies(version, range), expected, "{version} {range}");
        }
    }

    #[test]
    fn layouts_hoist_and_filter_platforms() {
        let registry = registry(&DataStore::new(), &Lacking::default());
        let deps = vec![("express".to_string(), "*".to_string())];
        let tree = layout(&registry, &deps, &[], true, "glibc");
        assert!(tree.iter().any(|p| p.path == "node_modules/express"));
        assert!(tree.len() > 20, "{}", tree.len());
        assert!(tree.iter().all(|p| !p.dev));
        let next = vec![("next".to_string(), "*".to_string())];
        let glibc = layout(&registry, &next, &[], true, "glibc");
        assert!(glibc.iter().any(|p| p.name == "@next/swc-linux-x64-gnu"));
        assert!(!glibc.iter().any(|p| p.name == "@next/swc-linux-x64-musl"));
        let musl = layout(&registry, &next, &[], true, "musl");
        assert!(musl.iter().any(|p| p.name == "@next/swc-linux-x64-musl"));
    }
}
