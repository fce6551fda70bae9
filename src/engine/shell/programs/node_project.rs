//! What npm and yarn share: a project's package.json, the C library the
//! image links against, writing an installed package, and running a
//! package.json script with the project's programs on PATH.

use serde_json::Value;

use crate::engine::catalog::npm_registry::{self, Placed};
use crate::engine::content::Content;
use crate::engine::vfs::{split_parent, Meta, Node};

use super::super::state::{Io, Shell};
use super::sh::run_shell;

pub(crate) fn read_json(shell: &Shell, path: &str) -> Option<Value> {
    let text = shell.fs.read(path).ok()?.as_text()?.to_string();
    serde_json::from_str(&text).ok()
}

pub(crate) fn deps_of(package: &Value, field: &str) -> Vec<(String, String)> {
    package
        .get(field)
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("*").to_string()))
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn libc(shell: &Shell) -> &'static str {
    if shell.fs.exists("/lib/ld-musl-x86_64.so.1") {
        "musl"
    } else {
        "glibc"
    }
}

/// The time an install of these packages takes: their tarballs fetched
/// and unpacked (`cost`).
pub(crate) fn install_cost(placed: &[Placed], registry: &npm_registry::Registry) -> f64 {
    let bytes: u64 = placed
        .iter()
        .map(|p| {
            registry
                .manifest(&p.source, &p.version)
                .map_or(35_000, |m| m.tarball)
        })
        .sum();
    crate::engine::shell::cost::install(placed.len(), bytes)
}

/// One package's files under `base`/`path`: its package.json, its other
/// files sharing its unpacked size, and links for its programs.
pub(crate) fn write_package(shell: &mut Shell, base: &str, placed: &Placed) {
    let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
    let manifest = registry
        .manifest(&placed.source, &placed.version)
        .cloned()
        .or_else(|| {
            let pick = registry.pick(&placed.source, "*")?;
            registry.manifest(&placed.source, pick.version()).cloned()
        })
        .unwrap_or(npm_registry::Manifest {
            size: 100_000,
            files: 10,
            tarball: 35_000,
            ..Default::default()
        });
    let dir = format!("{}/{}", base.trim_end_matches('/'), placed.path);
    let json = format!(
        "{{\n  \"name\": \"{}\",\n  \"version\": \"{}\"\n}}\n",
        placed.source, placed.version
    );
    write(shell, &format!("{dir}/package.json"), Content::text(&json));
    let rest = manifest.size.saturating_sub(json.len() as u64);
    let count = manifest.files.saturating_sub(1).clamp(1, 8);
    let identity = format!("npm:{}@{}", placed.source, placed.version);
    for i in 0..count {
        let size = rest / count + u64::from(i == 0) * (rest % count);
        write(
            shell,
            &format!("{dir}/lib/part-{:02}.js", i + 1),
            Content::blob(size, &format!("{identity}:{i}")),
        );
    }
    // A package's programs are node scripts. The registry data's `bin`, or
    // for a tool the data lacks, what its package.json is known to say.
    let mut bins = manifest.bin.clone();
    if bins.is_empty() {
        for (name, target) in super::bundler::bins_of(&placed.source) {
            bins.insert(name.to_string(), target.to_string());
        }
    }
    for target in bins.values() {
        let script = format!("{dir}/{}", target.trim_start_matches("./"));
        let meta = shell.new_meta(0o755);
        let _ = shell
            .fs
            .mkdir_all(split_parent(&script).0, shell.new_meta(0o755));
        let _ = shell.fs.remove(&script);
        let _ = shell.fs.put(
            &script,
            Node::file(
                Content::text(&format!(
                    "#!/usr/bin/env node\n// {} {}\n",
                    placed.source, placed.version
                )),
                meta,
            ),
        );
    }
    // Programs of top-level packages go to node_modules/.bin.
    if placed.path == format!("node_modules/{}", placed.name) {
        for (bin, target) in &bins {
            let link = format!("{}/node_modules/.bin/{bin}", base.trim_end_matches('/'));
            let _ = shell.fs.mkdir_all(split_parent(&link).0, Meta::dir());
            let _ = shell.fs.remove(&link);
            let _ = shell.fs.put(
                &link,
                Node::symlink(
                    &format!("../{}/{}", placed.name, target.trim_start_matches("./")),
                    Meta::symlink(),
                ),
            );
        }
    }
}

/// Runs a package.json script: the project's programs in node_modules/.bin
/// come first on PATH.
pub(crate) fn run_with_bin(shell: &mut Shell, script: String, io: &mut Io) -> i32 {
    let path = shell.var("PATH").unwrap_or_default().to_string();
    let bin = format!("{}/node_modules/.bin", shell.cwd.trim_end_matches('/'));
    shell.export("PATH", Some(&format!("{bin}:{path}")));
    let flavor = shell.flavor;
    let flow = run_shell(shell, flavor, &["-c".to_string(), script], "sh", io);
    let status = shell.settle(flow);
    shell.export("PATH", Some(&path));
    status
}

pub(crate) fn write(shell: &mut Shell, path: &str, content: Content) {
    super::common::write_file(shell, path, content, 0o644);
}
