//! What a `package-lock.json` (or `npm-shrinkwrap.json`) says is
//! installed, whatever its version: lockfileVersion 2 and 3 list each
//! package by its place in node_modules (`packages`); version 1 nests them
//! (`dependencies`, each with its own `dependencies` below it). Both read
//! as the one map npm 7 and later make of them.

use serde_json::{Map, Value};

/// The lock's packages by path (`node_modules/a/node_modules/b`), each
/// with its `version`, `name` (for an alias), `dev` and `optional` as v2
/// writes them. The root package (`""`) is left out.
pub fn packages(lock: &Value) -> Map<String, Value> {
    if let Some(packages) = lock.get("packages").and_then(Value::as_object) {
        return packages
            .iter()
            .filter(|(path, _)| !path.is_empty())
            .map(|(path, entry)| (path.clone(), entry.clone()))
            .collect();
    }
    let mut out = Map::new();
    let mut pending = vec![(String::new(), lock.get("dependencies"))];
    while let Some((prefix, dependencies)) = pending.pop() {
        let Some(dependencies) = dependencies.and_then(Value::as_object) else {
            continue;
        };
        for (name, entry) in dependencies {
            let path = format!("{prefix}node_modules/{name}");
            out.insert(path.clone(), from_v1(entry));
            pending.push((format!("{path}/"), entry.get("dependencies")));
        }
    }
    out
}

/// A version 1 entry as version 2 writes it: an alias's `npm:NAME@VERSION`
/// becomes its `name` and `version`.
fn from_v1(entry: &Value) -> Value {
    let mut out = Map::new();
    if let Some(version) = entry.get("version").and_then(Value::as_str) {
        match version
            .strip_prefix("npm:")
            .and_then(|alias| alias.rsplit_once('@'))
            .filter(|(name, _)| !name.is_empty())
        {
            Some((name, version)) => {
                out.insert("name".into(), name.into());
                out.insert("version".into(), version.into());
            }
            None => {
                out.insert("version".into(), version.into());
            }
        }
    }
    for flag in ["dev", "optional", "bundled"] {
        if entry.get(flag).and_then(Value::as_bool) == Some(true) {
            out.insert(flag.into(), true.into());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_1_nests_what_version_2_lists() {
        let v1: Value = serde_json::from_str(
            r#"{"lockfileVersion": 1, "dependencies": {
                "a": {"version": "1.0.0", "dependencies": {"b": {"version": "2.0.0", "dev": true}}},
                "sw": {"version": "npm:string-width@4.2.3"},
                "c": {"version": "3.1.0", "optional": true}
            }}"#,
        )
        .unwrap();
        let got = packages(&v1);
        let keys: Vec<&str> = got.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "node_modules/a",
                "node_modules/a/node_modules/b",
                "node_modules/c",
                "node_modules/sw"
            ]
        );
        assert_eq!(got["node_modules/a/node_modules/b"]["dev"], true);
        assert_eq!(got["node_modules/sw"]["name"], "string-width");
        assert_eq!(got["node_modules/sw"]["version"], "4.2.3");
        assert_eq!(got["node_modules/c"]["optional"], true);
    }

    #[test]
    fn version_2_and_3_are_read_as_listed() {
        let v3: Value = serde_json::from_str(
            r#"{"lockfileVersion": 3, "packages": {"": {"name": "app"},
                "node_modules/a": {"version": "1.0.0"}},
                "dependencies": {"stale": {"version": "9.9.9"}}}"#,
        )
        .unwrap();
        let got = packages(&v3);
        assert_eq!(got.keys().collect::<Vec<_>>(), ["node_modules/a"]);
    }
}
