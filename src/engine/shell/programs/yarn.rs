//! `yarn` (1.22, as the Node.js images ship it): install (with
//! `--frozen-lockfile` and `--production`), add, run, and cache clean, over
//! the same registry data and node_modules layout as npm. Yarn writes
//! yarn.lock, and keeps an unpacked copy of every package in its cache
//! (/usr/local/share/.cache/yarn for root in the official images) until
//! `yarn cache clean`.

use serde_json::Value;

use crate::engine::catalog::npm_registry::{self, layout, Placed};
use crate::engine::content::Content;

use super::super::state::{Io, Shell};
use super::common::write_file;
use super::node_project::{
    deps_of, install_cost, libc, note_approximated, read_json, run_with_bin, write_packages,
};

const VERSION: &str = "1.22.22";

fn cache_dir(shell: &Shell) -> String {
    if let Some(dir) = shell.var("YARN_CACHE_FOLDER") {
        return dir.to_string();
    }
    if shell.uid == 0 {
        "/usr/local/share/.cache/yarn".to_string()
    } else {
        format!(
            "{}/.cache/yarn",
            shell.var("HOME").unwrap_or("/root").trim_end_matches('/')
        )
    }
}

struct Request {
    command: String,
    operands: Vec<String>,
    frozen: bool,
    production: bool,
    silent: bool,
}

fn parse(args: &[String], shell: &Shell) -> Request {
    let mut request = Request {
        command: String::new(),
        operands: Vec::new(),
        frozen: false,
        production: shell.var("NODE_ENV") == Some("production"),
        silent: false,
    };
    for arg in &args[1..] {
        match arg.as_str() {
            "--frozen-lockfile" | "--immutable" | "--pure-lockfile" => request.frozen = true,
            "--production" | "--prod" | "--production=true" => request.production = true,
            "--production=false" => request.production = false,
            "-s" | "--silent" => request.silent = true,
            a if a.starts_with('-') => {}
            a if request.command.is_empty() => request.command = a.to_string(),
            a => request.operands.push(a.to_string()),
        }
    }
    if request.command.is_empty() {
        request.command = "install".into();
    }
    request
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    if args.iter().any(|a| a == "--version" || a == "-v") {
        io.out(&format!("{VERSION}\n"));
        return 0;
    }
    let request = parse(args, shell);
    match request.command.as_str() {
        "install" | "add" => install(shell, &request, io),
        "global" if request.operands.first().map(String::as_str) == Some("add") => {
            global_add(shell, &request.operands[1..], io)
        }
        "cache" if request.operands.first().map(String::as_str) == Some("clean") => {
            let _ = shell.fs.remove(&cache_dir(shell));
            io.out(&format!(
                "yarn cache v{VERSION}\nsuccess Cleared cache.\nDone in 0.12s.\n"
            ));
            0
        }
        "cache" if request.operands.first().map(String::as_str) == Some("dir") => {
            io.out(&format!("{}/v6\n", cache_dir(shell)));
            0
        }
        "run" => {
            let mut operands = request.operands.clone();
            if operands.is_empty() {
                return 0;
            }
            let name = operands.remove(0);
            script(shell, &name, &operands, &request, io)
        }
        name => {
            let name = name.to_string();
            script(shell, &name, &request.operands, &request, io)
        }
    }
}

/// Where `yarn global add` installs as root (the official images'
/// prefix), and where it links the programs.
const GLOBAL: &str = "/usr/local/share/.config/yarn/global";
const GLOBAL_BIN: &str = "/usr/local/bin";

/// `yarn global add NAME...`: the packages in yarn's global folder, their
/// programs linked into /usr/local/bin.
fn global_add(shell: &mut Shell, specs: &[String], io: &mut Io) -> i32 {
    let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
    let deps: Vec<(String, String)> = specs
        .iter()
        .map(|spec| {
            let (name, range) = npm_registry::split_spec(spec);
            (name.to_string(), range.unwrap_or("latest").to_string())
        })
        .collect();
    let placed = layout(&registry, &deps, &[], false, libc(shell));
    write_packages(shell, GLOBAL, &placed);
    let links = format!("{GLOBAL}/node_modules/.bin");
    let programs: Vec<String> = shell
        .fs
        .get(&links)
        .and_then(|n| n.as_dir())
        .map(|d| d.entries.keys().cloned().collect())
        .unwrap_or_default();
    for program in &programs {
        let link = format!("{GLOBAL_BIN}/{program}");
        let _ = shell.fs.remove(&link);
        let _ = shell.fs.put(
            &link,
            crate::engine::vfs::Node::symlink(
                &format!("../share/.config/yarn/global/node_modules/.bin/{program}"),
                crate::engine::vfs::Meta::symlink(),
            ),
        );
    }
    note_approximated(shell, "yarn", &placed);
    shell.work += install_cost(&placed, &registry);
    io.out(&format!(
        "yarn global v{VERSION}\n[1/4] Resolving packages...\n[2/4] Fetching packages...\n[3/4] Linking dependencies...\n[4/4] Building fresh packages...\nsuccess Installed \"{}\" with binaries:\n{}Done in 2.10s.\n",
        specs.join(", "),
        programs
            .iter()
            .map(|p| format!("      - {p}\n"))
            .collect::<String>()
    ));
    0
}

fn no_manifest(shell: &Shell, io: &mut Io) -> i32 {
    io.err(&format!(
        "error Couldn't find a package.json file in \"{}\"\ninfo Visit https://yarnpkg.com/en/docs/cli/ for documentation about this command.\n",
        shell.cwd
    ));
    1
}

fn install(shell: &mut Shell, request: &Request, io: &mut Io) -> i32 {
    let manifest_path = shell.path("package.json");
    let Some(mut package) = read_json(shell, &manifest_path) else {
        return no_manifest(shell, io);
    };
    if !request.silent {
        io.out(&format!("yarn {} v{VERSION}\n", request.command));
    }
    if request.command == "add" {
        let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
        if let Some(deps) = package.as_object_mut().map(|o| {
            o.entry("dependencies")
                .or_insert_with(|| Value::Object(Default::default()))
        }) {
            for operand in &request.operands {
                let (name, range) = npm_registry::split_spec(operand);
                let (name, range) = (name.to_string(), range.unwrap_or("latest").to_string());
                let version = registry
                    .pick(&name, &range)
                    .map(|p| p.version().to_string())
                    .unwrap_or(range);
                if let Some(deps) = deps.as_object_mut() {
                    deps.insert(name, Value::String(format!("^{version}")));
                }
            }
        }
        let text = serde_json::to_string_pretty(&package).unwrap_or_default() + "\n";
        write_file(shell, &manifest_path, Content::text(&text), 0o644);
    }
    let dependencies = deps_of(&package, "dependencies");
    let dev = deps_of(&package, "devDependencies");
    let lock_path = shell.path("yarn.lock");
    let lock = shell
        .fs
        .read(&lock_path)
        .ok()
        .and_then(|c| c.as_text().map(String::from));
    let parsed = lock.as_deref().map(super::yarn_lock::parse);
    if request.frozen {
        let all: Vec<(String, String)> = dependencies.iter().chain(&dev).cloned().collect();
        let in_sync = parsed.as_ref().is_some_and(|l| l.covers(&all));
        if !in_sync {
            io.err("error Your lockfile needs to be updated, but yarn was run with `--frozen-lockfile`.\ninfo Visit https://yarnpkg.com/en/docs/cli/install for documentation about this command.\n");
            return 1;
        }
    } else if lock.is_none() && !request.silent {
        io.out("info No lockfile found.\n");
    }
    // What the lockfile says, where there is one.
    let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
    let placed = match &parsed {
        Some(lock) => lock.layout(&registry, &dependencies, &dev),
        None => layout(&registry, &dependencies, &dev, true, libc(shell)),
    };
    let base = shell.cwd.clone();
    let cache = format!("{}/v6", cache_dir(shell));
    shell.work += install_cost(
        &placed,
        &npm_registry::registry(shell.catalog.data(), &shell.lacking),
    );
    // Every package is unpacked into the cache, then copied into
    // node_modules unless only devDependencies need it.
    let cached: Vec<Placed> = placed
        .iter()
        .map(|p| {
            let key = format!("npm-{}-{}", p.source.replace('/', "-"), p.version);
            Placed {
                path: format!("{key}/node_modules/{}", p.source),
                ..p.clone()
            }
        })
        .collect();
    write_packages(shell, &cache, &cached);
    let installed: Vec<Placed> = placed
        .iter()
        .filter(|p| !(request.production && p.dev))
        .cloned()
        .collect();
    write_packages(shell, &base, &installed);
    write_file(
        shell,
        &format!(
            "{}/node_modules/.yarn-integrity",
            base.trim_end_matches('/')
        ),
        Content::blob(
            400 + 60 * placed.len() as u64,
            &format!("yarn-integrity:{}", placed.len()),
        ),
        0o644,
    );
    if lock.is_none() {
        write_lock(shell, &lock_path, &dependencies, &dev, &placed);
    }
    if !request.silent {
        io.out("[1/4] Resolving packages...\n[2/4] Fetching packages...\n[3/4] Linking dependencies...\n[4/4] Building fresh packages...\n");
        if lock.is_none() {
            io.out("success Saved lockfile.\n");
        }
        io.out("Done in 4.21s.\n");
    }
    0
}

fn write_lock(
    shell: &mut Shell,
    path: &str,
    dependencies: &[(String, String)],
    dev: &[(String, String)],
    placed: &[Placed],
) {
    let mut text = String::from(
        "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n",
    );
    let mut entries: Vec<(String, &Placed)> = Vec::new();
    for (name, range) in dependencies.iter().chain(dev) {
        if let Some(p) = placed.iter().find(|p| &p.name == name) {
            entries.push((format!("{name}@{range}"), p));
        }
    }
    for p in placed {
        if !entries.iter().any(|(_, e)| e.path == p.path) {
            entries.push((format!("{}@^{}", p.name, p.version), p));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, p) in entries {
        text.push_str(&format!(
            "\"{key}\":\n  version \"{}\"\n  resolved \"https://registry.yarnpkg.com/{}/-/{}-{}.tgz\"\n\n",
            p.version,
            p.source,
            p.source.rsplit('/').next().unwrap_or(&p.source),
            p.version
        ));
    }
    write_file(shell, path, Content::text(&text), 0o644);
}

fn script(shell: &mut Shell, name: &str, extra: &[String], request: &Request, io: &mut Io) -> i32 {
    let manifest_path = shell.path("package.json");
    let Some(package) = read_json(shell, &manifest_path) else {
        return no_manifest(shell, io);
    };
    let Some(body) = package
        .get("scripts")
        .and_then(|s| s.get(name))
        .and_then(Value::as_str)
        .map(String::from)
    else {
        io.out(&format!("yarn run v{VERSION}\n"));
        io.err(&format!(
            "error Command \"{name}\" not found.\ninfo Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.\n"
        ));
        return 1;
    };
    let command = std::iter::once(body)
        .chain(extra.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    if !request.silent {
        io.out(&format!("yarn run v{VERSION}\n$ {command}\n"));
    }
    let status = run_with_bin(shell, command, io);
    if status == 0 && !request.silent {
        io.out("Done in 2.10s.\n");
    } else if status != 0 {
        io.err(&format!(
            "error Command failed with exit code {status}.\ninfo Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.\n"
        ));
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    const APP: &str = "mkdir -p /app && cd /app && echo '{\"name\":\"api\",\"version\":\"1.0.0\",\"scripts\":{\"hello\":\"echo hello\"},\"dependencies\":{\"express\":\"^4.19.2\"},\"devDependencies\":{\"typescript\":\"^5.4.5\"}}' > package.json && ";

    fn size_under(fs: &crate::engine::vfs::Filesystem, dir: &str) -> u64 {
        fs.walk_under(dir).iter().map(|(_, n)| n.size()).sum()
    }

    #[test]
    fn yarn_installs_writes_its_lockfile_and_keeps_a_cache() {
        let (fs, status, output, _) = run_in("node:20", &format!("{APP}yarn install"));
        assert_eq!(status, 0, "{output}");
        assert!(output.contains("info No lockfile found."), "{output}");
        assert!(output.contains("success Saved lockfile."), "{output}");
        assert!(fs.exists("/app/node_modules/express/package.json"));
        assert!(fs.exists("/app/node_modules/typescript/package.json"));
        let lock = fs.read("/app/yarn.lock").unwrap();
        assert!(lock.as_text().unwrap().contains("\"express@^4.19.2\":"));
        let modules = size_under(&fs, "/app/node_modules");
        let cache = size_under(&fs, "/usr/local/share/.cache/yarn");
        assert!(
            cache >= modules * 9 / 10,
            "cache {cache} vs node_modules {modules}"
        );
        // --production leaves devDependencies out; cache clean empties the cache.
        let (fs, status, _, _) = run_in(
            "node:20",
            &format!("{APP}yarn install --production && yarn cache clean"),
        );
        assert_eq!(status, 0);
        assert!(!fs.exists("/app/node_modules/typescript"));
        assert!(fs.exists("/app/node_modules/express"));
        assert_eq!(size_under(&fs, "/usr/local/share/.cache/yarn"), 0);
    }

    #[test]
    fn the_lockfile_decides_the_versions() {
        // The registry data's newest ms is 2.1.x; the lockfile says 2.0.0,
        // and debug's own ms 2.1.2 goes under debug.
        let lock = "# yarn lockfile v1\n\nms@^2.0.0:\n  version \"2.0.0\"\n\ndebug@^4.3.0:\n  version \"4.3.4\"\n  dependencies:\n    ms \"2.1.2\"\n\nms@2.1.2:\n  version \"2.1.2\"\n";
        let (fs, status, output, _) = run_in(
            "node:20-alpine",
            &format!("mkdir /app && cd /app && echo '{{\"name\":\"a\",\"dependencies\":{{\"ms\":\"^2.0.0\",\"debug\":\"^4.3.0\"}}}}' > package.json && printf '{lock}' > yarn.lock && yarn install --frozen-lockfile"),
        );
        assert_eq!(status, 0, "{output}");
        let version = |path: &str| {
            fs.read(path)
                .ok()
                .and_then(|c| c.as_text().map(String::from))
                .unwrap_or_default()
        };
        assert!(
            version("/app/node_modules/ms/package.json").contains("\"2.0.0\""),
            "{output}"
        );
        assert!(
            version("/app/node_modules/debug/node_modules/ms/package.json").contains("\"2.1.2\"")
        );
        assert!(version("/app/node_modules/debug/package.json").contains("\"4.3.4\""));
    }

    #[test]
    fn frozen_lockfile_needs_a_lockfile_in_sync() {
        let (_, status, output, _) = run_in(
            "node:20-alpine",
            &format!("{APP}yarn install --frozen-lockfile"),
        );
        assert_eq!(status, 1);
        assert!(
            output.contains("error Your lockfile needs to be updated, but yarn was run with `--frozen-lockfile`."),
            "{output}"
        );
        let (_, status, output, _) = run_in(
            "node:20-alpine",
            &format!("{APP}yarn install >/dev/null && rm -rf node_modules && yarn install --frozen-lockfile && yarn hello"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(output.contains("$ echo hello\nhello\n"), "{output}");
        let (_, status, output, _) = run_in("node:20", "mkdir /e && cd /e && yarn install");
        assert_eq!(status, 1);
        assert!(
            output.contains("error Couldn't find a package.json file in \"/e\""),
            "{output}"
        );
    }
}
