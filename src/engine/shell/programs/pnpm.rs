//! `pnpm` (and `corepack`, which puts it on PATH), as Dockerfiles use
//! it: `pnpm install` from `pnpm-lock.yaml` (lockfile versions 5 to 9:
//! the importer's dependencies and everything they lock, `--prod`,
//! `--frozen-lockfile`, which CI=true implies), `pnpm fetch`, scripts
//! (`pnpm run build`, `pnpm build`) with node_modules/.bin on PATH, and
//! `--version`. Packages go where pnpm puts them: each in
//! `node_modules/.pnpm/NAME@VERSION/node_modules/NAME`, the project's own
//! dependencies linked at the top of node_modules; the store
//! (`~/.local/share/pnpm/store`, PNPM_HOME, `--store-dir`) holds their
//! index (its files are hard links to the same bytes, stored once in a
//! layer).

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::catalog::npm_registry::{self, Placed};
use crate::engine::content::Content;
use crate::engine::vfs::{Meta, Node};

use super::super::state::{Io, Shell};
use super::common::write_file;
use super::node_project::{
    install_cost, note_approximated, read_json, run_with_bin, write_packages,
};

const VERSION: &str = "9.15.0";

/// `pnpm ...`.
pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let words: Vec<&str> = args[1..]
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    if words.is_empty() && (has("--version") || has("-v")) {
        io.out(&format!("{VERSION}\n"));
        return 0;
    }
    match words.first().copied() {
        Some("install" | "i") => install(shell, args, false, io),
        Some("fetch") => install(shell, args, true, io),
        Some("run" | "run-script") => match words.get(1) {
            Some(script) => script_of(shell, script, &words[2..], io),
            None => 0,
        },
        Some("exec") => {
            let start = args
                .iter()
                .position(|a| a == "exec")
                .map_or(args.len(), |i| i + 1);
            run_with_bin(shell, args[start..].join(" "), io)
        }
        Some("add" | "prune" | "store" | "config" | "setup" | "deploy" | "env") | None => {
            shell.note(format!(
                "pnpm {}: not simulated; assumed to succeed with no file changes",
                args[1..].join(" ")
            ));
            0
        }
        // `pnpm build`, `pnpm test`: a script of package.json.
        Some(script) => script_of(shell, script, &words[1..], io),
    }
}

fn script_of(shell: &mut Shell, name: &str, rest: &[&str], io: &mut Io) -> i32 {
    let path = shell.path("package.json");
    let Some(package) = read_json(shell, &path) else {
        io.err(&format!(
            " ERR_PNPM_NO_IMPORTER_MANIFEST_FOUND  No package.json (or package.yaml, or package.json5) was found in \"{}\".\n",
            shell.cwd
        ));
        return 1;
    };
    let Some(script) = package["scripts"][name].as_str().map(String::from) else {
        // No such script: pnpm runs the project's program of that name.
        let bin = format!(
            "{}/node_modules/.bin/{name}",
            shell.cwd.trim_end_matches('/')
        );
        if shell.fs.exists(&bin) {
            let command: Vec<&str> = std::iter::once(name).chain(rest.iter().copied()).collect();
            return run_with_bin(shell, command.join(" "), io);
        }
        io.err(&format!(
            " ERR_PNPM_NO_SCRIPT  Missing script: {name}\n\nCommand \"{name}\" not found.\n"
        ));
        return 1;
    };
    io.out(&format!(
        "\n> {}@{} {name} {}\n> {script}\n\n",
        package["name"].as_str().unwrap_or(""),
        package["version"].as_str().unwrap_or(""),
        shell.cwd
    ));
    run_with_bin(shell, script, io)
}

/// A package the lockfile holds.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    name: String,
    version: String,
}

/// What pnpm-lock.yaml says: the importer's dependencies (production and
/// development), and each locked package's own dependencies.
#[derive(Default, Debug)]
struct Lock {
    prod: Vec<Key>,
    dev: Vec<Key>,
    deps: BTreeMap<Key, Vec<Key>>,
}

/// `1.2.3(react@18.2.0)` is 1.2.3; v5's `/name/1.2.3` and v6's
/// `/name@1.2.3` and v9's `name@1.2.3` are keys.
fn bare_version(text: &str) -> String {
    text.split('(')
        .next()
        .unwrap_or(text)
        .trim()
        .trim_matches('\'')
        .trim_matches('"')
        .to_string()
}

fn key_of(text: &str) -> Option<Key> {
    let text = text
        .trim()
        .trim_matches('\'')
        .trim_matches('"')
        .trim_start_matches('/');
    let text = text.split('(').next().unwrap_or(text);
    // `@scope/name@1.0.0`, `name@1.0.0`, or v5's `name/1.0.0`.
    let at = text
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '@')
        .map(|(i, _)| i);
    let (name, version) = match at {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => {
            let i = text.rfind('/')?;
            (&text[..i], &text[i + 1..])
        }
    };
    (!name.is_empty() && !version.is_empty()).then(|| Key {
        name: name.to_string(),
        version: version.to_string(),
    })
}

/// Reads the lockfile's YAML by indentation: enough for the importers'
/// maps and the packages' (or v9's snapshots') dependency maps.
fn parse_lock(text: &str) -> Lock {
    let mut lock = Lock::default();
    // The path of keys at each indentation.
    let mut path: Vec<(usize, String)> = Vec::new();
    // v9 lists an importer's dependency as `name:` then `version: x`.
    let mut pending: Option<(bool, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim_end();
        if trimmed.trim().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        let indent = trimmed.len() - trimmed.trim_start().len();
        let content = trimmed.trim_start();
        let Some((key, value)) = split_key(content) else {
            continue;
        };
        while path.last().is_some_and(|(i, _)| *i >= indent) {
            path.pop();
        }
        let parents: Vec<&str> = path.iter().map(|(_, k)| k.as_str()).collect();
        let section = parents.first().copied().unwrap_or("");
        let in_importer = section == "importers" && parents.get(1) == Some(&".")
            || section == "dependencies"
            || section == "devDependencies"
            || section == "optionalDependencies";
        // Importer dependencies: top level (v5) or importers/./... (v6+).
        let group = if section == "importers" {
            parents.get(2).copied()
        } else if parents.is_empty() {
            None
        } else {
            Some(section)
        };
        let group_is = |g: Option<&str>| {
            matches!(
                g,
                Some("dependencies" | "optionalDependencies" | "devDependencies")
            )
        };
        if in_importer
            && group_is(group)
            && parents.len() == if section == "importers" { 3 } else { 1 }
        {
            let dev = group == Some("devDependencies");
            if value.is_empty() {
                pending = Some((dev, key.clone()));
            } else if let Some(k) = key_of(&format!("{key}@{}", bare_version(&value))) {
                if dev {
                    lock.dev.push(k)
                } else {
                    lock.prod.push(k)
                }
            }
        } else if in_importer
            && key == "version"
            && parents.len() == if section == "importers" { 4 } else { 2 }
        {
            if let Some((dev, name)) = pending.take() {
                if let Some(k) = key_of(&format!("{name}@{}", bare_version(&value))) {
                    if dev {
                        lock.dev.push(k)
                    } else {
                        lock.prod.push(k)
                    }
                }
            }
        } else if matches!(section, "packages" | "snapshots") && parents.len() == 1 {
            if let Some(k) = key_of(&key) {
                lock.deps.entry(k).or_default();
            }
        } else if matches!(section, "packages" | "snapshots")
            && parents.len() == 3
            && matches!(parents[2], "dependencies" | "optionalDependencies")
        {
            if let (Some(owner), Some(dep)) = (
                key_of(parents[1]),
                key_of(&format!("{key}@{}", bare_version(&value))),
            ) {
                let list = lock.deps.entry(owner).or_default();
                if !list.contains(&dep) {
                    list.push(dep);
                }
            }
        }
        path.push((indent, key));
    }
    lock
}

/// `key: value` (quoted keys unquoted); None for list items.
fn split_key(content: &str) -> Option<(String, String)> {
    if content.starts_with("- ") {
        return None;
    }
    let (key, value) = if let Some(rest) = content.strip_prefix('\'') {
        let end = rest.find('\'')?;
        (&rest[..end], rest[end + 1..].trim_start_matches(':'))
    } else if let Some(rest) = content.strip_prefix('"') {
        let end = rest.find('"')?;
        (&rest[..end], rest[end + 1..].trim_start_matches(':'))
    } else {
        let at = content
            .find(": ")
            .or_else(|| content.strip_suffix(':').map(|k| k.len()))?;
        (&content[..at], content[at..].trim_start_matches(':'))
    };
    Some((key.to_string(), value.trim().to_string()))
}

/// The packages installed: the importer's (dev too unless `prod`) and
/// everything they lock, each marked dev when only dev needs it.
fn closure(lock: &Lock, prod: bool) -> Vec<(Key, bool)> {
    let mut out: BTreeMap<Key, bool> = BTreeMap::new();
    let walk = |roots: &[Key], dev: bool, out: &mut BTreeMap<Key, bool>| {
        let mut stack: Vec<Key> = roots.to_vec();
        let mut seen = BTreeSet::new();
        while let Some(key) = stack.pop() {
            if !seen.insert(key.clone()) {
                continue;
            }
            let entry = out.entry(key.clone()).or_insert(dev);
            *entry &= dev;
            stack.extend(lock.deps.get(&key).into_iter().flatten().cloned());
        }
    };
    walk(&lock.prod, false, &mut out);
    if !prod {
        walk(&lock.dev, true, &mut out);
    }
    out.into_iter().collect()
}

fn store_dir(shell: &Shell, args: &[String]) -> String {
    if let Some(i) = args.iter().position(|a| a == "--store-dir") {
        if let Some(dir) = args.get(i + 1) {
            return shell.path(dir);
        }
    }
    if let Some(dir) = args.iter().find_map(|a| a.strip_prefix("--store-dir=")) {
        return shell.path(dir);
    }
    match shell.var("PNPM_HOME") {
        Some(home) => format!("{home}/store"),
        None => format!(
            "{}/.local/share/pnpm/store",
            shell.var("HOME").unwrap_or("/root")
        ),
    }
}

/// `pnpm install` (or, `fetch_only`, `pnpm fetch`: the store alone).
fn install(shell: &mut Shell, args: &[String], fetch_only: bool, io: &mut Io) -> i32 {
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let root = shell.cwd.trim_end_matches('/').to_string();
    let manifest = read_json(shell, &format!("{root}/package.json"));
    if manifest.is_none() && !fetch_only {
        io.err(&format!(
            " ERR_PNPM_NO_PKG_MANIFEST  No package.json found in {}\n",
            shell.cwd
        ));
        return 1;
    }
    let lock_text = shell
        .fs
        .read(&format!("{root}/pnpm-lock.yaml"))
        .ok()
        .and_then(|c| c.as_text().map(String::from));
    let ci = shell
        .var("CI")
        .is_some_and(|v| !v.is_empty() && v != "false");
    let frozen = (has("--frozen-lockfile") || ci || fetch_only) && !has("--no-frozen-lockfile");
    let lock = match lock_text {
        Some(text) => parse_lock(&text),
        None if frozen => {
            io.err(" ERR_PNPM_NO_LOCKFILE  Cannot install with \"frozen-lockfile\" because pnpm-lock.yaml is absent\n\nNote that in CI environments this setting is true by default. If you still need to run install in such cases, use \"pnpm install --no-frozen-lockfile\"\n");
            return 1;
        }
        None => from_manifest(shell, manifest.as_ref()),
    };
    if frozen && !fetch_only {
        if let Some(package) = &manifest {
            let declared: Vec<String> = ["dependencies", "devDependencies"]
                .iter()
                .flat_map(|f| {
                    package[*f]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(n, _)| n.clone())
                })
                .collect();
            let locked: Vec<&str> = lock
                .prod
                .iter()
                .chain(&lock.dev)
                .map(|k| k.name.as_str())
                .collect();
            if let Some(missing) = declared.iter().find(|n| !locked.contains(&n.as_str())) {
                io.err(&format!(" ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with \"frozen-lockfile\" because pnpm-lock.yaml is not up to date with <ROOT>/package.json\n\nNote that in CI environments this setting is true by default. If you still need to run install in such cases, use \"pnpm install --no-frozen-lockfile\"\n\n    Failure reason:\n    specifiers in the lockfile don't match specifiers in package.json:\n* 1 dependencies were added: {missing}\n"));
                return 1;
            }
        }
    }
    let prod = has("--prod") || has("-P") || shell.var("NODE_ENV") == Some("production");
    let packages = closure(&lock, prod && !fetch_only);
    let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
    let placed: Vec<Placed> = packages
        .iter()
        .map(|(key, dev)| {
            let known = registry.manifest(&key.name, &key.version).is_some();
            Placed {
                name: key.name.clone(),
                source: key.name.clone(),
                version: key.version.clone(),
                path: format!(
                    "node_modules/.pnpm/{}@{}/node_modules/{}",
                    key.name.replace('/', "+"),
                    key.version,
                    key.name
                ),
                dev: *dev,
                stand_in: !known && registry.has(&key.name),
                unknown: !registry.has(&key.name),
            }
        })
        .collect();
    shell.work += install_cost(&placed, &registry);
    let store = store_dir(shell, args);
    for p in &placed {
        write_file(
            shell,
            &format!(
                "{store}/v3/index/{}@{}.json",
                p.name.replace('/', "+"),
                p.version
            ),
            Content::blob(
                200 + 40 * p.name.len() as u64,
                &format!("pnpm-store:{}@{}", p.name, p.version),
            ),
            0o644,
        );
    }
    note_approximated(shell, "pnpm", &placed);
    if fetch_only {
        io.out(&format!(
            "Progress: resolved {0}, reused 0, downloaded {0}, added 0, done\n",
            placed.len()
        ));
        return 0;
    }
    write_packages(shell, &root, &placed);
    link_direct(shell, &root, &lock, prod, &registry);
    write_file(
        shell,
        &format!("{root}/node_modules/.modules.yaml"),
        Content::text(&format!(
            "layoutVersion: 5\npackageManager: pnpm@{VERSION}\nstoreDir: {store}/v3\n"
        )),
        0o644,
    );
    io.out(&format!(
        "Lockfile is up to date, resolution step is skipped\nPackages: +{}\nProgress: resolved {0}, reused 0, downloaded {0}, added {0}, done\n\ndone in 2.1s\n",
        placed.len()
    ));
    0
}

/// The project's own dependencies, linked at the top of node_modules,
/// and their programs in node_modules/.bin.
fn link_direct(
    shell: &mut Shell,
    root: &str,
    lock: &Lock,
    prod: bool,
    registry: &npm_registry::Registry,
) {
    let direct: Vec<&Key> = lock
        .prod
        .iter()
        .chain(if prod { [].iter() } else { lock.dev.iter() })
        .collect();
    for key in direct {
        let store_path = format!(
            ".pnpm/{}@{}/node_modules/{}",
            key.name.replace('/', "+"),
            key.version,
            key.name
        );
        let link = format!("{root}/node_modules/{}", key.name);
        let depth = key.name.matches('/').count();
        let target = format!("{}{store_path}", "../".repeat(depth));
        let _ = shell.fs.mkdir_all(
            crate::engine::vfs::split_parent(&link).0,
            shell.new_meta(0o755),
        );
        let _ = shell.fs.remove(&link);
        let _ = shell.fs.put(&link, Node::symlink(&target, Meta::symlink()));
        let bins = super::node_project::bins(registry, &key.name, &key.version);
        for (bin, target) in bins {
            let path = format!("{root}/node_modules/.bin/{bin}");
            let _ = shell
                .fs
                .mkdir_all(&format!("{root}/node_modules/.bin"), shell.new_meta(0o755));
            let _ = shell.fs.remove(&path);
            let target = format!("../{store_path}/{}", target.trim_start_matches("./"));
            let _ = shell.fs.put(&path, Node::symlink(&target, Meta::symlink()));
        }
    }
}

/// No lockfile (and not frozen): the manifest's ranges resolved from the
/// registry data, one level deep per package, as the lock pnpm writes.
fn from_manifest(shell: &Shell, manifest: Option<&serde_json::Value>) -> Lock {
    let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
    let mut lock = Lock::default();
    let Some(package) = manifest else { return lock };
    let pick = |name: &str, range: &str| Key {
        name: name.to_string(),
        version: registry
            .pick(name, range)
            .map_or_else(|| "0.0.0".to_string(), |p| p.version().to_string()),
    };
    for (field, dev) in [("dependencies", false), ("devDependencies", true)] {
        for (name, range) in package[field].as_object().into_iter().flatten() {
            let key = pick(name, range.as_str().unwrap_or("*"));
            if dev {
                lock.dev.push(key)
            } else {
                lock.prod.push(key)
            }
        }
    }
    let mut stack: Vec<Key> = lock.prod.iter().chain(&lock.dev).cloned().collect();
    while let Some(key) = stack.pop() {
        if lock.deps.contains_key(&key) {
            continue;
        }
        let deps: Vec<Key> = registry
            .manifest(&key.name, &key.version)
            .map(|m| m.deps.iter().map(|(n, r)| pick(n, r)).collect())
            .unwrap_or_default();
        stack.extend(deps.iter().cloned());
        lock.deps.insert(key, deps);
    }
    lock
}

/// `corepack ...`: `enable` puts pnpm, pnpx, yarn and yarnpkg on PATH;
/// `corepack pnpm ...` runs pnpm; `prepare`/`install` fetch nothing here.
pub fn corepack(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    match args.get(1).map(String::as_str) {
        Some("enable") => {
            let dir = args
                .iter()
                .position(|a| a == "--install-directory")
                .and_then(|i| args.get(i + 1).cloned())
                .unwrap_or_else(|| "/usr/local/bin".to_string());
            let only: Vec<&String> = args[2..]
                .iter()
                .filter(|a| !a.starts_with('-'))
                .filter(|a| Some(*a) != args.get(3).filter(|_| args[2] == "--install-directory"))
                .collect();
            for (name, tool) in [
                ("pnpm", "pnpm.js"),
                ("pnpx", "pnpx.js"),
                ("yarn", "yarn.js"),
                ("yarnpkg", "yarn.js"),
            ] {
                if !only.is_empty() && !only.iter().any(|o| name.starts_with(o.as_str())) {
                    continue;
                }
                let shim = format!("/usr/local/lib/node_modules/corepack/dist/{tool}");
                if !shell.fs.exists(&shim) {
                    write_file(shell, &shim, Content::text("#!/usr/bin/env node\nrequire('./lib/corepack.cjs').runMain(['pnpm', ...process.argv.slice(2)]);\n"), 0o755);
                }
                let link = format!("{dir}/{name}");
                let _ = shell.fs.remove(&link);
                let _ = shell.fs.put(&link, Node::symlink(&shim, Meta::symlink()));
            }
            0
        }
        Some("pnpm") => run(shell, &args[1..], io),
        Some("yarn") => super::yarn::run(shell, &args[1..], io),
        Some("--version" | "-v") => {
            io.out("0.29.4\n");
            0
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;
    use super::{closure, parse_lock};

    const V9: &str = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      express:\n        specifier: ^4.19.2\n        version: 4.19.2\n    devDependencies:\n      typescript:\n        specifier: ^5.4.0\n        version: 5.4.5\n\npackages:\n\n  express@4.19.2:\n    resolution: {integrity: sha512-x}\n\n  ms@2.0.0:\n    resolution: {integrity: sha512-y}\n\n  typescript@5.4.5:\n    resolution: {integrity: sha512-z}\n    hasBin: true\n\nsnapshots:\n\n  express@4.19.2:\n    dependencies:\n      ms: 2.0.0\n\n  ms@2.0.0: {}\n\n  typescript@5.4.5: {}\n";

    #[test]
    fn odd_lockfile_keys_are_skipped_not_a_panic() {
        for text in [
            "packages:\n  '':\n  /:\n  é@:\n  @:\n  'ü@1':\n    dependencies:\n      '': x\n",
            "importers:\n  .:\n    dependencies:\n      x:\n        version:\n",
            "- a\n: b\n'",
        ] {
            let lock = parse_lock(text);
            let _ = closure(&lock, false);
        }
        assert_eq!(
            super::key_of("ü@1").map(|k| k.version),
            Some("1".to_string())
        );
        assert!(super::key_of("").is_none());
    }

    #[test]
    fn reads_lockfiles_of_v6_and_v9() {
        let lock = parse_lock(V9);
        let names = |prod| {
            closure(&lock, prod)
                .into_iter()
                .map(|(k, dev)| {
                    format!("{}@{}{}", k.name, k.version, if dev { " dev" } else { "" })
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(false),
            ["express@4.19.2", "ms@2.0.0", "typescript@5.4.5 dev"]
        );
        assert_eq!(names(true), ["express@4.19.2", "ms@2.0.0"]);
        let v6 = "lockfileVersion: '6.0'\n\ndependencies:\n  '@scope/x':\n    specifier: ^1\n    version: 1.2.0(react@18.2.0)\n\npackages:\n\n  /@scope/x@1.2.0(react@18.2.0):\n    resolution: {integrity: sha512-a}\n    dependencies:\n      left-pad: 1.3.0\n    dev: false\n\n  /left-pad@1.3.0:\n    resolution: {integrity: sha512-b}\n    dev: false\n";
        let lock = parse_lock(v6);
        let got: Vec<String> = closure(&lock, true)
            .into_iter()
            .map(|(k, _)| format!("{}@{}", k.name, k.version))
            .collect();
        assert_eq!(got, ["@scope/x@1.2.0", "left-pad@1.3.0"]);
    }

    #[test]
    fn pnpm_installs_the_lock_through_corepack() {
        let script = format!(
            "mkdir /app && cd /app && echo '{{\"name\":\"app\",\"version\":\"1.0.0\",\"scripts\":{{\"build\":\"echo built > out.txt\"}},\"dependencies\":{{\"express\":\"^4.19.2\"}},\"devDependencies\":{{\"typescript\":\"^5.4.0\"}}}}' > package.json && printf '{}' > pnpm-lock.yaml && corepack enable && pnpm install --frozen-lockfile && pnpm run build",
            V9.replace('\n', "\\n").replace('\'', "'\"'\"'")
        );
        let (fs, status, output, _) = run_in("node:20-slim", &script);
        assert_eq!(status, 0, "{output}");
        assert!(
            fs.exists("/app/node_modules/.pnpm/express@4.19.2/node_modules/express/package.json"),
            "{output}"
        );
        assert!(
            fs.exists("/app/node_modules/express/package.json"),
            "the direct dependency, linked"
        );
        assert!(fs.exists("/app/node_modules/.pnpm/ms@2.0.0/node_modules/ms/package.json"));
        assert!(fs.exists("/app/node_modules/.bin/tsc"));
        assert!(fs.exists("/app/out.txt"), "the build script ran");
        assert!(fs.exists("/root/.local/share/pnpm/store/v3/index/express@4.19.2.json"));
        // --prod leaves development packages out; without the lock, CI fails.
        let prod = script.replace(
            "--frozen-lockfile && pnpm run build",
            "--prod --frozen-lockfile",
        );
        let (fs, status, output, _) = run_in("node:20-slim", &prod);
        assert_eq!(status, 0, "{output}");
        assert!(!fs.exists(
            "/app/node_modules/.pnpm/typescript@5.4.5/node_modules/typescript/package.json"
        ));
        let (_, status, output, _) = run_in("node:20-slim", "mkdir /app && cd /app && echo '{\"name\":\"a\"}' > package.json && corepack enable && CI=true pnpm install");
        assert_eq!(status, 1);
        assert!(output.contains("ERR_PNPM_NO_LOCKFILE"), "{output}");
    }
}
