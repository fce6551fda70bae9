//! yarn.lock, version 1 (`"name@range", "name@range2":` then `version
//! "x"` and `dependencies:`) and Berry's YAML (`"name@npm:range":` then
//! `version: x`): which version each `name@range` resolved to and what it
//! depends on, and the tree yarn lays out from it in node_modules (each
//! package as high as it can go, as yarn's hoisting does).

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::engine::catalog::npm_registry::{Placed, Registry};

/// One resolved package: its version, and its dependencies as
/// `(name, range)`.
#[derive(Clone, Debug, Default)]
struct Entry {
    version: String,
    deps: Vec<(String, String)>,
}

/// The lockfile: each `name@range` key to its entry.
pub(crate) struct Lock {
    entries: HashMap<String, Entry>,
}

/// Berry writes `name@npm:^1.0.0`; version 1 writes `name@^1.0.0`.
fn normalize(key: &str) -> String {
    key.trim().trim_matches('"').replacen("@npm:", "@", 1)
}

fn unquote(text: &str) -> String {
    text.trim().trim_matches('"').to_string()
}

/// Reads either format; entries with no version are left out.
pub(crate) fn parse(text: &str) -> Lock {
    let mut entries = HashMap::new();
    let mut keys: Vec<String> = Vec::new();
    let mut entry = Entry::default();
    let mut in_deps = false;
    let flush =
        |keys: &mut Vec<String>, entry: &mut Entry, entries: &mut HashMap<String, Entry>| {
            if !entry.version.is_empty() {
                for key in keys.iter() {
                    entries.insert(key.clone(), entry.clone());
                }
            }
            keys.clear();
            *entry = Entry::default();
        };
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let content = line.trim();
        if indent == 0 {
            flush(&mut keys, &mut entry, &mut entries);
            in_deps = false;
            if let Some(head) = content.strip_suffix(':') {
                if head != "__metadata" {
                    keys = head.split(", ").map(normalize).collect();
                }
            }
            continue;
        }
        if indent <= 2 {
            in_deps = content.starts_with("dependencies:")
                || content.starts_with("optionalDependencies:");
            if let Some(version) = content
                .strip_prefix("version ")
                .or_else(|| content.strip_prefix("version: "))
            {
                entry.version = unquote(version);
            }
            continue;
        }
        if in_deps {
            // `"name" "range"` (v1) or `name: "npm:range"` (Berry).
            let (name, range) = match content.split_once(": ") {
                Some((n, r)) => (
                    unquote(n),
                    unquote(r).trim_start_matches("npm:").to_string(),
                ),
                None => match content.rsplit_once(' ') {
                    Some((n, r)) => (unquote(n), unquote(r)),
                    None => continue,
                },
            };
            entry.deps.push((name, range));
        }
    }
    flush(&mut keys, &mut entry, &mut entries);
    Lock { entries }
}

impl Lock {
    fn get(&self, name: &str, range: &str) -> Option<&Entry> {
        self.entries.get(&format!("{name}@{range}"))
    }

    /// Whether every dependency is locked (what `--frozen-lockfile` asks).
    pub(crate) fn covers(&self, dependencies: &[(String, String)]) -> bool {
        dependencies.iter().all(|(n, r)| self.get(n, r).is_some())
    }

    /// The tree from the lockfile: production dependencies first, then
    /// (unless `production`) development ones; a version another already
    /// holds at the top goes under the package that needs it. A
    /// dependency the lockfile lacks is resolved from the registry data.
    pub(crate) fn layout(
        &self,
        registry: &Registry,
        dependencies: &[(String, String)],
        dev: &[(String, String)],
    ) -> Vec<Placed> {
        let mut placed: BTreeMap<String, Placed> = BTreeMap::new();
        let mut top: HashMap<String, String> = HashMap::new();
        for (roots, is_dev) in [(dependencies, false), (dev, true)] {
            // Breadth first: the project's own dependencies take the top.
            let mut queue: VecDeque<(String, String, String)> = roots
                .iter()
                .map(|(n, r)| (String::new(), n.clone(), r.clone()))
                .collect();
            while let Some((parent, name, range)) = queue.pop_front() {
                let version = match self.get(&name, &range) {
                    Some(entry) => entry.version.clone(),
                    None => match registry.pick(&name, &range) {
                        Some(pick) => pick.version().to_string(),
                        None => range.trim_start_matches(['^', '~', '=']).to_string(),
                    },
                };
                let path = match top.get(&name) {
                    None => {
                        top.insert(name.clone(), version.clone());
                        format!("node_modules/{name}")
                    }
                    Some(v) if *v == version => format!("node_modules/{name}"),
                    Some(_) if parent.is_empty() => format!("node_modules/{name}"),
                    Some(_) => format!("{parent}/node_modules/{name}"),
                };
                if let Some(existing) = placed.get_mut(&path) {
                    existing.dev &= is_dev;
                    continue;
                }
                let known = registry.manifest(&name, &version).is_some();
                placed.insert(
                    path.clone(),
                    Placed {
                        name: name.clone(),
                        source: name.clone(),
                        version: version.clone(),
                        path: path.clone(),
                        dev: is_dev,
                        stand_in: !known && registry.has(&name),
                        unknown: !registry.has(&name),
                    },
                );
                let deps = self
                    .get(&name, &range)
                    .map(|e| e.deps.clone())
                    .unwrap_or_default();
                queue.extend(deps.into_iter().map(|(n, r)| (path.clone(), n, r)));
            }
        }
        placed.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_version_1_and_berry() {
        let v1 = "# yarn lockfile v1\n\n\n\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.12.13\":\n  version \"7.18.6\"\n  resolved \"https://r/x.tgz\"\n  dependencies:\n    \"@babel/highlight\" \"^7.18.6\"\n\n\"@babel/highlight@^7.18.6\":\n  version \"7.18.9\"\n";
        let lock = parse(v1);
        assert_eq!(
            lock.get("@babel/code-frame", "^7.12.13").unwrap().version,
            "7.18.6"
        );
        assert_eq!(
            lock.get("@babel/code-frame", "^7.0.0").unwrap().deps,
            [("@babel/highlight".to_string(), "^7.18.6".to_string())]
        );
        assert!(lock.covers(&[("@babel/highlight".into(), "^7.18.6".into())]));
        let berry = "__metadata:\n  version: 6\n\n\"express@npm:^4.18.0\":\n  version: 4.18.2\n  resolution: \"express@npm:4.18.2\"\n  dependencies:\n    ms: \"npm:2.0.0\"\n  languageName: node\n\n\"ms@npm:2.0.0\":\n  version: 2.0.0\n";
        let lock = parse(berry);
        assert_eq!(lock.get("express", "^4.18.0").unwrap().version, "4.18.2");
        assert_eq!(
            lock.get("express", "^4.18.0").unwrap().deps,
            [("ms".to_string(), "2.0.0".to_string())]
        );
        assert_eq!(lock.get("ms", "2.0.0").unwrap().version, "2.0.0");
    }
}
