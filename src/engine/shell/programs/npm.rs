//! `npm` (10.7, as Node.js 20 ships it): install, ci, run, start, test,
//! prune, cache clean, init; and `node`, which runs npm's and yarn's
//! scripts and answers `--version`. Packages come from the registry data
//! (catalog/npm/); node_modules is laid out as npm does, the tarballs land
//! in npm's cache (~/.npm/_cacache) unless it is cleaned, and --omit=dev
//! (or NODE_ENV=production) leaves the devDependencies out.

use serde_json::Value;

use crate::engine::catalog::npm_registry::{self, layout, Placed};
use crate::engine::content::Content;
use crate::engine::vfs::{split_parent, Meta, Node};

use super::super::state::{Io, Shell};
use super::node_project::{
    deps_of, install_cost, libc, note_approximated, read_json, run_with_bin, write, write_packages,
};

const LOG: &str = "2024-06-01T12_00_00_000Z-debug-0.log";

/// `node`: its version, npm and yarn through their scripts, and any
/// other script as not simulated.
pub fn node(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let version = shell.var("NODE_VERSION").unwrap_or("20.15.1").to_string();
    match args.get(1).map(String::as_str) {
        Some("-v" | "--version") => {
            io.out(&format!("v{version}\n"));
            0
        }
        Some(script) => {
            // The script as a file (through links: /usr/local/bin/npm is
            // npm-cli.js).
            let canonical = shell
                .fs
                .resolve(&shell.path(script), true)
                .unwrap_or_else(|_| script.to_string());
            let tool = split_parent(&canonical).1.to_string();
            let mut rest = vec![match tool.as_str() {
                "npm-cli.js" | "npm" => "npm".to_string(),
                "npx-cli.js" | "npx" => "npx".to_string(),
                "corepack.js" | "corepack.cjs" | "corepack" => {
                    let mut rest = vec!["corepack".to_string()];
                    rest.extend(args[2..].iter().cloned());
                    return super::pnpm::corepack(shell, &rest, io);
                }
                "pnpm.js" | "pnpm.cjs" | "pnpm" => {
                    let mut rest = vec!["pnpm".to_string()];
                    rest.extend(args[2..].iter().cloned());
                    return super::pnpm::run(shell, &rest, io);
                }
                "yarn.js" | "yarn.cjs" | "yarn" => {
                    let mut rest = vec!["yarn".to_string()];
                    rest.extend(args[2..].iter().cloned());
                    return super::yarn::run(shell, &rest, io);
                }
                _ if super::bundler::tool_of(&canonical).is_some() => {
                    let tool = super::bundler::tool_of(&canonical).unwrap_or_default();
                    return super::bundler::run(shell, tool, &args[2..], io);
                }
                _ if canonical.contains("/node_modules/typescript/") && tool == "tsc" => {
                    return tsc(shell, io);
                }
                other => {
                    let path = shell.path(script);
                    if !script.starts_with('-') && !shell.fs.exists(&path) {
                        io.err(&format!(
                            "node:internal/modules/cjs/loader:1148\n  throw err;\n  ^\n\nError: Cannot find module '{path}'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)\n\nNode.js v{version}\n"
                        ));
                        return 1;
                    }
                    shell.note(format!(
                        "node {other}: JavaScript is not run by Stagecraft; assumed to succeed with no file changes"
                    ));
                    return 0;
                }
            }];
            rest.extend(args[2..].iter().cloned());
            match rest[0].as_str() {
                "npm" => run(shell, &rest, io),
                _ => npx(shell, &rest, io),
            }
        }
        None => 0,
    }
}

/// `tsc`: each .ts file of src/ compiled to a .js file in dist/.
fn tsc(shell: &mut Shell, io: &mut Io) -> i32 {
    let root = shell.cwd.trim_end_matches('/').to_string();
    if !shell.fs.exists(&format!("{root}/tsconfig.json")) {
        io.out("Version 5.5.4\ntsc: The TypeScript Compiler - Version 5.5.4\n");
        return 1;
    }
    let sources: Vec<(String, u64)> = shell
        .fs
        .walk_under(&format!("{root}/src"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".ts") && !p.ends_with(".d.ts"))
        .map(|(p, n)| (p, n.size()))
        .collect();
    for (rel, size) in sources {
        let out = format!("{root}/dist/{}.js", rel.trim_end_matches(".ts"));
        write(
            shell,
            &out,
            Content::blob(size, &format!("tsc:{rel}:{size}")),
        );
    }
    0
}

fn npx(shell: &mut Shell, args: &[String], _io: &mut Io) -> i32 {
    shell.note(format!(
        "{}: not simulated; assumed to succeed with no file changes",
        args.join(" ")
    ));
    0
}

/// The command line, once read.
#[derive(Default)]
struct Request {
    command: String,
    operands: Vec<String>,
    omit_dev: bool,
    global: bool,
    force: bool,
    silent: bool,
    yes: bool,
}

fn parse(args: &[String], shell: &Shell) -> Request {
    let mut request = Request {
        omit_dev: shell.var("NODE_ENV") == Some("production"),
        ..Request::default()
    };
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--omit=dev" | "--production" | "--only=prod" | "--only=production" => {
                request.omit_dev = true
            }
            "--omit" => {
                if rest.next().map(String::as_str) == Some("dev") {
                    request.omit_dev = true;
                }
            }
            "--include=dev" | "--production=false" => request.omit_dev = false,
            "-g" | "--global" => request.global = true,
            "-f" | "--force" => request.force = true,
            "-s" | "--silent" | "--quiet" | "--loglevel=silent" => request.silent = true,
            "-y" | "--yes" => request.yes = true,
            a if a.starts_with('-') => {}
            a if request.command.is_empty() => request.command = a.to_string(),
            a => request.operands.push(a.to_string()),
        }
    }
    request
}

/// The user configuration npm reads (where a registry token goes):
/// `--userconfig FILE`, else NPM_CONFIG_USERCONFIG (any case), else
/// `~/.npmrc`.
fn userconfig(shell: &Shell, args: &[String]) -> String {
    let mut words = args.iter();
    let mut found = None;
    while let Some(word) = words.next() {
        if word == "--userconfig" {
            found = words.next().cloned();
        } else if let Some(value) = word.strip_prefix("--userconfig=") {
            found = Some(value.to_string());
        }
    }
    let found = found
        .or_else(|| shell.var("NPM_CONFIG_USERCONFIG").map(String::from))
        .or_else(|| shell.var("npm_config_userconfig").map(String::from))
        .unwrap_or_else(|| format!("{}/.npmrc", shell.var("HOME").unwrap_or("/root")));
    shell.path(&found)
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let request = parse(args, shell);
    match request.command.as_str() {
        "" | "help" => {
            io.out("npm <command>\n\nUsage:\n\nnpm install        install all the dependencies in your project\nnpm run <foo>      run the script named <foo>\n");
            1
        }
        "-v" | "--version" | "version" => {
            io.out("10.7.0\n");
            0
        }
        "install" | "i" | "add" | "ci" | "clean-install" => {
            let config = userconfig(shell, args);
            shell.programs.reads.push(config);
            install(shell, &request, io)
        }
        "run" | "run-script" | "start" | "test" | "t" => run_script(shell, &request, io),
        "prune" => prune(shell, &request, io),
        "cache" => {
            if request.operands.first().map(String::as_str) == Some("clean") {
                if !request.force {
                    io.err("npm ERR! As of npm@5, the npm cache self-heals from corruption issues\nnpm ERR! by treating integrity mismatches as cache misses.  As a result,\nnpm ERR! data extracted from the cache is guaranteed to be valid.  If you\nnpm ERR! want to make sure everything is consistent, use `npm cache verify`\nnpm ERR! instead.  Deleting the cache can only make npm go slower, and is\nnpm ERR! not likely to correct any problems you may be encountering!\nnpm ERR! \nnpm ERR! If you're sure you want to delete the entire cache, rerun this command\nnpm ERR! with --force.\n");
                    return 1;
                }
                let cache = format!("{}/_cacache", cache_dir(shell));
                let _ = shell.fs.remove(&cache);
            }
            0
        }
        "init" => {
            let path = shell.path("package.json");
            let name = split_parent(&shell.cwd).1.to_string();
            let text = format!(
                "{{\n  \"name\": \"{}\",\n  \"version\": \"1.0.0\",\n  \"main\": \"index.js\",\n  \"scripts\": {{\n    \"test\": \"echo \\\"Error: no test specified\\\" && exit 1\"\n  }},\n  \"license\": \"ISC\"\n}}\n",
                if name.is_empty() { "app" } else { &name }
            );
            write(shell, &path, Content::text(&text));
            io.out(&format!("Wrote to {path}:\n\n{text}\n"));
            0
        }
        other => {
            shell.note(format!(
                "npm {other}: not simulated; assumed to succeed with no file changes"
            ));
            0
        }
    }
}

fn cache_dir(shell: &Shell) -> String {
    format!(
        "{}/.npm",
        shell.var("HOME").unwrap_or("/root").trim_end_matches('/')
    )
}

fn enoent(shell: &mut Shell, path: &str, io: &mut Io) -> i32 {
    log_file(shell);
    io.err(&format!(
        "npm ERR! code ENOENT\nnpm ERR! syscall open\nnpm ERR! path {path}\nnpm ERR! errno -2\nnpm ERR! enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{path}'\nnpm ERR! enoent This is related to npm not being able to find a file.\nnpm ERR! enoent\n\nnpm ERR! A complete log of this run can be found in: {}/_logs/{LOG}\n",
        cache_dir(shell)
    ));
    254
}

fn install(shell: &mut Shell, request: &Request, io: &mut Io) -> i32 {
    if let Some(error) = request.operands.iter().find_map(|o| invalid_name(o)) {
        log_file(shell);
        io.err(&format!(
            "npm ERR! code EINVALIDPACKAGENAME\nnpm ERR! {error}\n\nnpm ERR! A complete log of this run can be found in: {}/_logs/{LOG}\n",
            cache_dir(shell)
        ));
        return 1;
    }
    let ci = matches!(request.command.as_str(), "ci" | "clean-install");
    if request.global {
        return install_global(shell, request, io);
    }
    let manifest_path = shell.path("package.json");
    let Some(mut package) = read_json(shell, &manifest_path) else {
        if request.operands.is_empty() || ci {
            return enoent(shell, &manifest_path, io);
        }
        // `npm install express` with no package.json makes one.
        let empty = Value::Object(Default::default());
        return install_into(shell, request, empty, &manifest_path, io);
    };
    let lock_path = shell.path("package-lock.json");
    let lock = read_json(shell, &lock_path)
        .or_else(|| read_json(shell, &shell.path("npm-shrinkwrap.json")));
    if ci {
        let Some(lock) = lock else {
            log_file(shell);
            io.err(&format!(
                "npm ERR! code EUSAGE\nnpm ERR! \nnpm ERR! The `npm ci` command can only install with an existing package-lock.json or\nnpm ERR! npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or\nnpm ERR! later to generate a package-lock.json file, then try again.\nnpm ERR! \nnpm ERR! Clean install a project\nnpm ERR! \nnpm ERR! Usage:\nnpm ERR! npm ci\n\nnpm ERR! A complete log of this run can be found in: {}/_logs/{LOG}\n",
                cache_dir(shell)
            ));
            return 1;
        };
        // The lock must hold every dependency package.json names.
        let entries = super::npm_lock::packages(&lock);
        let mut missing = Vec::new();
        for (name, range) in deps_of(&package, "dependencies")
            .into_iter()
            .chain(deps_of(&package, "devDependencies"))
        {
            let key = format!("node_modules/{name}");
            // A range that is not a version range (a tag, a URL, a path,
            // an alias) is in sync when the lock has the package.
            let in_lock = entries
                .get(&key)
                .and_then(|e| e.get("version"))
                .and_then(Value::as_str)
                .is_some_and(|v| npm_registry::satisfies(v, &range) || !is_version_range(&range));
            if !in_lock {
                missing.push(format!("{name}@{range}"));
            }
        }
        if !missing.is_empty() {
            log_file(shell);
            io.err("npm ERR! code EUSAGE\nnpm ERR! \nnpm ERR! `npm ci` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before continuing.\nnpm ERR! \n");
            for m in &missing {
                io.err(&format!("npm ERR! Missing: {m} from lock file\n"));
            }
            return 1;
        }
        // npm ci starts from an empty node_modules.
        let _ = shell.fs.remove(&shell.path("node_modules"));
        let placed = from_lock(
            &entries,
            request.omit_dev,
            &npm_registry::registry(shell.catalog.data(), &shell.lacking),
        );
        return finish(shell, request, placed, io);
    }
    if !request.operands.is_empty() {
        return install_into(shell, request, package, &manifest_path, io);
    }
    let placed = match &lock {
        Some(lock) => from_lock(
            &super::npm_lock::packages(lock),
            request.omit_dev,
            &npm_registry::registry(shell.catalog.data(), &shell.lacking),
        ),
        None => layout(
            &npm_registry::registry(shell.catalog.data(), &shell.lacking),
            &deps_of(&package, "dependencies"),
            &deps_of(&package, "devDependencies"),
            !request.omit_dev,
            libc(shell),
        ),
    };
    if lock.is_none() {
        write_lock(shell, &mut package, &placed);
    }
    finish(shell, request, placed, io)
}

/// `npm install NAME...`: adds them to package.json, then installs all.
fn install_into(
    shell: &mut Shell,
    request: &Request,
    mut package: Value,
    manifest_path: &str,
    io: &mut Io,
) -> i32 {
    let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
    let mut added = Vec::new();
    for operand in &request.operands {
        let (name, range) = split_spec(operand);
        let version = registry
            .pick(&name, &range)
            .map(|p| p.version().to_string())
            .unwrap_or_else(|| range.clone());
        added.push((name, format!("^{version}")));
    }
    if let Some(object) = package.as_object_mut() {
        let deps = object
            .entry("dependencies")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(deps) = deps.as_object_mut() {
            for (name, range) in &added {
                deps.insert(name.clone(), Value::String(range.clone()));
            }
        }
    }
    let text = serde_json::to_string_pretty(&package).unwrap_or_default() + "\n";
    write(shell, manifest_path, Content::text(&text));
    let placed = layout(
        &registry,
        &deps_of(&package, "dependencies"),
        &deps_of(&package, "devDependencies"),
        !request.omit_dev,
        libc(shell),
    );
    write_lock(shell, &mut package, &placed);
    finish(shell, request, placed, io)
}

/// Why npm refuses the name of a registry operand (`name@range`), as
/// npm-package-arg words it; None for a valid name or a path or URL spec.
fn invalid_name(operand: &str) -> Option<String> {
    // Paths, URLs and GitHub's `user/repo` shorthand are not names.
    let shorthand = !operand.starts_with('@') && operand.contains('/');
    if operand.starts_with(['.', '/', '~']) || operand.contains(':') || shorthand {
        return None;
    }
    let (name, range) = npm_registry::split_spec(operand);
    let unscoped = match name.strip_prefix('@').and_then(|n| n.split_once('/')) {
        Some((scope, rest)) if !scope.is_empty() => rest,
        _ => name,
    };
    let url_friendly = |c: char| c.is_ascii_alphanumeric() || "-._~!*'()".contains(c);
    let why = if name.is_empty() {
        "name length must be greater than zero"
    } else if name.starts_with('.') {
        "name cannot start with a period"
    } else if name.starts_with('_') {
        "name cannot start with an underscore"
    } else if name.trim() != name {
        "name cannot contain leading or trailing spaces"
    } else if name.len() > 214 {
        "name can no longer contain more than 214 characters"
    } else if !unscoped.chars().all(url_friendly)
        || !name.chars().all(|c| url_friendly(c) || "@/".contains(c))
    {
        "name can only contain URL-friendly characters"
    } else {
        return None;
    };
    let raw = match range {
        Some(_) => operand.to_string(),
        None => format!("{name}@*"),
    };
    Some(format!(
        "Invalid package name \"{name}\" of package \"{raw}\": {why}."
    ))
}

/// `name`, `name@range`, `@scope/name@range`.
fn split_spec(spec: &str) -> (String, String) {
    let (name, range) = npm_registry::split_spec(spec);
    (name.to_string(), range.unwrap_or("latest").to_string())
}

fn install_global(shell: &mut Shell, request: &Request, io: &mut Io) -> i32 {
    let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
    let deps: Vec<(String, String)> = request.operands.iter().map(|o| split_spec(o)).collect();
    let placed = layout(&registry, &deps, &[], false, libc(shell));
    let root = "/usr/local/lib";
    let count = placed.len();
    write_packages(shell, root, &placed);
    for (name, _) in &deps {
        let version = placed
            .iter()
            .find(|p| &p.name == name)
            .map(|p| p.version.clone())
            .unwrap_or_default();
        if let Some(m) = registry.manifest(name, &version) {
            for (bin, target) in &m.bin {
                let link = format!("/usr/local/bin/{bin}");
                let _ = shell.fs.remove(&link);
                let _ = shell.fs.put(
                    &link,
                    Node::symlink(
                        &format!(
                            "../lib/node_modules/{name}/{}",
                            target.trim_start_matches("./")
                        ),
                        Meta::symlink(),
                    ),
                );
            }
        }
    }
    fill_cache(shell, &placed);
    if !request.silent {
        io.out(&format!("\nadded {count} packages in 2s\n"));
    }
    0
}

/// Whether package.json's `range` is a semver range (`^1.2`, `>=2 <3`,
/// `1.x`), not a dist-tag, URL, path or alias.
fn is_version_range(range: &str) -> bool {
    range
        .trim()
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "^~<>=*xXv".contains(c))
}

/// The packages a lockfile names (any lockfileVersion, as
/// [`super::npm_lock::packages`] reads it).
fn from_lock(
    entries: &serde_json::Map<String, Value>,
    omit_dev: bool,
    registry: &npm_registry::Registry,
) -> Vec<Placed> {
    let mut out = Vec::new();
    for (path, entry) in entries {
        if !path.contains("node_modules/") {
            continue;
        }
        let dev = entry.get("dev").and_then(Value::as_bool).unwrap_or(false);
        if dev && omit_dev {
            continue;
        }
        let name = entry
            .get("name")
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_else(|| {
                path.rsplit("node_modules/")
                    .next()
                    .unwrap_or_default()
                    .to_string()
            });
        let version = entry
            .get("version")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let known = registry.manifest(&name, &version).is_some();
        let dir_name = path
            .rsplit("node_modules/")
            .next()
            .unwrap_or_default()
            .to_string();
        out.push(Placed {
            stand_in: !known && registry.has(&name),
            unknown: !registry.has(&name),
            source: name,
            name: dir_name,
            version,
            path: path.clone(),
            dev,
        });
    }
    out
}

/// Writes the tree, the cache, npm's hidden lockfile and log; reports.
fn finish(shell: &mut Shell, request: &Request, placed: Vec<Placed>, io: &mut Io) -> i32 {
    let base = shell.cwd.clone();
    write_packages(shell, &base, &placed);
    let hidden = format!(
        "{}/node_modules/.package-lock.json",
        base.trim_end_matches('/')
    );
    if !placed.is_empty() {
        write(
            shell,
            &hidden,
            Content::blob(
                250 * placed.len() as u64 + 100,
                &format!("hidden-lock:{}", placed.len()),
            ),
        );
    }
    fill_cache(shell, &placed);
    log_file(shell);
    note_approximated(shell, "npm", &placed);
    if !request.silent {
        let funding = placed.len() / 6;
        io.out(&format!(
            "\nadded {} packages, and audited {} packages in 3s\n",
            placed.len(),
            placed.len() + 1
        ));
        if funding > 0 {
            io.out(&format!(
                "\n{funding} packages are looking for funding\n  run `npm fund` for details\n"
            ));
        }
        io.out("\nfound 0 vulnerabilities\n");
    }
    0
}

/// npm keeps every tarball it fetched in ~/.npm/_cacache.
fn fill_cache(shell: &mut Shell, placed: &[Placed]) {
    shell.work += install_cost(
        placed,
        &npm_registry::registry(shell.catalog.data(), &shell.lacking),
    );
    let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
    let cache = format!("{}/_cacache", cache_dir(shell));
    let file = |content: Content| Node::file(content, shell.new_meta(0o644));
    let mut entries = Vec::with_capacity(2 * placed.len());
    for p in placed {
        let tarball = registry
            .manifest(&p.source, &p.version)
            .map_or(35_000, |m| m.tarball);
        let hash =
            crate::engine::content::Digest::of(format!("{}@{}", p.source, p.version).as_bytes());
        let hex = format!("{hash}");
        let (a, rest) = hex.split_at(2.min(hex.len()));
        let (b, rest) = rest.split_at(2.min(rest.len()));
        entries.push((
            format!("content-v2/sha512/{a}/{b}/{rest}"),
            file(Content::blob(
                tarball,
                &format!("npm-cache:{}@{}", p.source, p.version),
            )),
        ));
        entries.push((
            format!("index-v5/{a}/{b}/{rest}"),
            file(Content::blob(
                600,
                &format!("npm-index:{}@{}", p.source, p.version),
            )),
        ));
    }
    let meta = shell.new_meta(0o755);
    let _ = shell.fs.put_under(&cache, entries, meta);
}

fn log_file(shell: &mut Shell) {
    let path = format!("{}/_logs/{LOG}", cache_dir(shell));
    write(shell, &path, Content::blob(4_000, "npm-debug-log"));
}

fn write_lock(shell: &mut Shell, package: &mut Value, placed: &[Placed]) {
    let name = package
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("app")
        .to_string();
    let mut text = format!(
        "{{\n  \"name\": \"{name}\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {{\n    \"\": {{\n      \"name\": \"{name}\"\n    }}"
    );
    for p in placed {
        text.push_str(&format!(
            ",\n    \"{}\": {{\n      \"version\": \"{}\",\n      \"resolved\": \"https://registry.npmjs.org/{}/-/{}-{}.tgz\",\n      \"integrity\": \"sha512-{}==\"{}\n    }}",
            p.path,
            p.version,
            p.source,
            p.source.rsplit('/').next().unwrap_or(&p.source),
            p.version,
            "A".repeat(86),
            if p.dev { ",\n      \"dev\": true" } else { "" }
        ));
        if p.name != p.source {
            // An alias records the package it stands for.
            let at = text.rfind("\n    }").unwrap_or(text.len());
            text.insert_str(at, &format!(",\n      \"name\": \"{}\"", p.source));
        }
    }
    text.push_str("\n  }\n}\n");
    let path = shell.path("package-lock.json");
    write(shell, &path, Content::text(&text));
}

fn run_script(shell: &mut Shell, request: &Request, io: &mut Io) -> i32 {
    let manifest_path = shell.path("package.json");
    let Some(package) = read_json(shell, &manifest_path) else {
        return enoent(shell, &manifest_path, io);
    };
    let name = match request.command.as_str() {
        "start" => "start".to_string(),
        "test" | "t" => "test".to_string(),
        _ => match request.operands.first() {
            Some(n) => n.clone(),
            None => {
                let scripts = package.get("scripts").and_then(Value::as_object);
                io.out("Lifecycle scripts included in app:\n");
                for (k, v) in scripts.into_iter().flatten() {
                    io.out(&format!("  {k}\n    {}\n", v.as_str().unwrap_or_default()));
                }
                return 0;
            }
        },
    };
    let script = package
        .get("scripts")
        .and_then(|s| s.get(&name))
        .and_then(Value::as_str)
        .map(String::from);
    let script = match (script, name.as_str()) {
        (Some(s), _) => s,
        (None, "start") if shell.fs.exists(&shell.path("server.js")) => "node server.js".into(),
        (None, _) => {
            log_file(shell);
            io.err(&format!(
                "npm ERR! Missing script: \"{name}\"\nnpm ERR! \nnpm ERR! To see a list of scripts, run:\nnpm ERR!   npm run\n\nnpm ERR! A complete log of this run can be found in: {}/_logs/{LOG}\n",
                cache_dir(shell)
            ));
            return 1;
        }
    };
    let id = format!(
        "{}@{}",
        package.get("name").and_then(Value::as_str).unwrap_or("app"),
        package
            .get("version")
            .and_then(Value::as_str)
            .unwrap_or("1.0.0")
    );
    if !request.silent {
        io.out(&format!("\n> {id} {name}\n> {script}\n\n"));
    }
    run_with_bin(shell, script, io)
}

fn prune(shell: &mut Shell, request: &Request, io: &mut Io) -> i32 {
    let lock = read_json(shell, &shell.path("package-lock.json"));
    let Some(lock) = lock else {
        return 0;
    };
    let mut removed = 0;
    if request.omit_dev {
        let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
        let entries = super::npm_lock::packages(&lock);
        for p in from_lock(&entries, false, &registry)
            .iter()
            .filter(|p| p.dev)
        {
            let path = format!("{}/{}", shell.cwd.trim_end_matches('/'), p.path);
            if shell.fs.remove(&path).is_ok() {
                removed += 1;
            }
        }
    }
    if !request.silent {
        io.out(&format!(
            "\nremoved {removed} packages, and audited 1 package in 1s\n\nfound 0 vulnerabilities\n"
        ));
    }
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    const APP: &str = "mkdir -p /app && cd /app && cat > package.json <<'JSON'
{
  \"name\": \"api\",
  \"version\": \"1.0.0\",
  \"scripts\": { \"build\": \"echo building > built.txt\" },
  \"dependencies\": { \"express\": \"*\" },
  \"devDependencies\": { \"typescript\": \"*\" }
}
JSON
";

    fn node(script: &str) -> (crate::engine::vfs::Filesystem, i32, String) {
        let (fs, status, output, _) = run_in("node:20", &format!("{APP}{script}"));
        (fs, status, output)
    }

    #[test]
    fn invalid_package_names_are_refused() {
        // From the shell fuzz target: names that once panicked.
        for (operand, message) in [
            ("Ñ•", "Invalid package name \"Ñ•\" of package \"Ñ•@*\": name can only contain URL-friendly characters."),
            ("''", "Invalid package name \"\" of package \"@*\": name length must be greater than zero."),
            ("é@1", "Invalid package name \"é\" of package \"é@1\": name can only contain URL-friendly characters."),
            ("_x", "name cannot start with an underscore."),
        ] {
            for command in ["npm i", "npm install -g", "yarn add"] {
                let (fs, status, output) = node(&format!("{command} {operand}"));
                if command.starts_with("yarn") {
                    // yarn takes any name to the registry (this one once
                    // panicked splitting the name from the range).
                    assert!(output.contains("yarn add v1.22.22"), "{output}");
                    continue;
                }
                assert_eq!(status, 1, "{command} {operand}: {output}");
                assert!(output.contains("npm ERR! code EINVALIDPACKAGENAME"), "{output}");
                assert!(output.contains(message), "{output}");
                assert!(!fs.exists("/app/node_modules"), "{output}");
            }
        }
        let (_, status, output) = node("npm i @types/node@20 lodash@^4 ./local-dir");
        assert!(
            !output.contains("EINVALIDPACKAGENAME"),
            "{status}: {output}"
        );
    }

    #[test]
    fn packages_the_data_lacks_are_one_warning_with_what_they_add_up_to() {
        let names: Vec<String> = (1..=7).map(|i| format!("stagecraft-none-{i}")).collect();
        let (fs, status, output, warnings) = run_in(
            "node:20-alpine",
            &format!("mkdir /app && cd /app && npm install {}", names.join(" ")),
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/app/node_modules/stagecraft-none-7/package.json"));
        let lacking: Vec<&String> = warnings
            .iter()
            .filter(|w| w.contains("not in Stagecraft's registry data"))
            .collect();
        assert_eq!(lacking.len(), 1, "{warnings:?}");
        assert!(
            lacking[0].contains("7 packages")
                && lacking[0].contains("stagecraft-none-1@")
                && lacking[0].contains("2 more")
                && lacking[0].contains("700kB in all"),
            "{}",
            lacking[0]
        );
    }

    #[test]
    fn ci_needs_a_lockfile() {
        let (_, status, output) = node("npm ci");
        assert_eq!(status, 1, "{output}");
        assert!(
            output.contains(
                "npm ERR! The `npm ci` command can only install with an existing package-lock.json"
            ),
            "{output}"
        );
    }

    #[test]
    fn install_lays_out_node_modules_and_fills_the_cache() {
        let (fs, status, output) = node("npm install && npm ci --omit=dev");
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/app/node_modules/express/package.json"));
        assert!(fs.exists("/app/package-lock.json"));
        // ci started again from nothing, without the devDependencies.
        assert!(!fs.exists("/app/node_modules/typescript"));
        assert!(!fs.walk_under("/root/.npm/_cacache").is_empty());
        assert!(output.contains("added "), "{output}");
    }

    #[test]
    fn vite_builds_into_dist() {
        let (fs, status, output, _) = run_in(
            "node:20-alpine",
            "mkdir -p /web/src /web/public && cd /web && echo '{\"name\":\"web\",\"version\":\"1.0.0\",\"scripts\":{\"build\":\"vite build\"},\"dependencies\":{\"react\":\"*\",\"react-dom\":\"*\"},\"devDependencies\":{\"vite\":\"*\"}}' > package.json && echo '<div id=root></div>' > index.html && echo 'body{}' > src/index.css && echo 'export default 1' > src/main.jsx && echo icon > public/icon.svg && npm install --silent && npm run build",
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/web/dist/index.html"));
        assert!(fs.exists("/web/dist/icon.svg"));
        let bundle: u64 = fs
            .walk_under("/web/dist/assets")
            .iter()
            .filter(|(p, _)| p.ends_with(".js"))
            .map(|(_, n)| n.size())
            .sum();
        assert!((100_000..600_000).contains(&bundle), "{bundle}");
        assert!(output.contains("✓ built in"), "{output}");
    }

    #[test]
    fn a_version_1_lock_installs_and_react_scripts_builds() {
        // A Create React App project locked by npm 6: react-scripts is not
        // in the registry data, its program is what its package.json says.
        let package = r#"{"name":"app","version":"0.1.0","dependencies":{"react":"^17.0.1","react-scripts":"^5.0.0"},"scripts":{"build":"react-scripts build"}}"#;
        let lock = r#"{"name":"app","lockfileVersion":1,"requires":true,"dependencies":{"react":{"version":"17.0.2"},"react-scripts":{"version":"5.0.0","requires":{"babel-loader":"^8.2.3"}},"babel-loader":{"version":"8.2.3","dev":true,"dependencies":{"schema-utils":{"version":"2.7.1"}}}}}"#;
        let (fs, status, output, warnings) = run_in(
            "node:20-alpine",
            &format!("mkdir -p /app/src /app/public && cd /app && echo '{package}' > package.json && echo '{lock}' > package-lock.json && echo '<div id=root></div>' > public/index.html && echo favicon > public/favicon.ico && echo 'import React from \"react\"' > src/index.js && npm ci && npm run build"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/app/node_modules/babel-loader/node_modules/schema-utils/package.json"));
        assert!(fs.exists("/app/node_modules/.bin/react-scripts"));
        assert!(fs.exists("/app/build/index.html"));
        assert!(fs.exists("/app/build/favicon.ico"));
        assert!(fs
            .walk_under("/app/build/static/js")
            .iter()
            .any(|(p, _)| p.starts_with("main.") && p.ends_with(".js")));
        assert!(
            output.contains("The build folder is ready to be deployed."),
            "{output}"
        );
        // react-scripts 5.0.0 is in the registry's shards: no stand-in.
        assert!(
            !warnings.iter().any(|w| w.contains("react-scripts@5.0.0")),
            "{warnings:?}"
        );
        // Without its page, the build fails as react-scripts does.
        let (_, status, output, _) = run_in(
            "node:20-alpine",
            &format!("mkdir -p /app/src && cd /app && echo '{package}' > package.json && echo '{lock}' > package-lock.json && npm ci && npm run build"),
        );
        assert_eq!(status, 1, "{output}");
        assert!(output.contains("Name: index.html"), "{output}");
    }

    #[test]
    fn scripts_run_and_missing_ones_fail() {
        let (fs, status, output) = node("npm run build");
        assert_eq!(status, 0, "{output}");
        assert!(
            output.contains("> api@1.0.0 build\n> echo building > built.txt"),
            "{output}"
        );
        assert!(fs.exists("/app/built.txt"));
        let (_, status, output) = node("npm run lint");
        assert_eq!(status, 1);
        assert!(
            output.contains("npm ERR! Missing script: \"lint\""),
            "{output}"
        );
        let (_, status, output) = node("cd / && npm install");
        assert_eq!(status, 254);
        assert!(output.contains("Could not read package.json"), "{output}");
    }
}
