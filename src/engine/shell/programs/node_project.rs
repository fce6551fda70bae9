//! What npm and yarn share: a project's package.json, the C library the
//! image links against, writing an installed package, and running a
//! package.json script with the project's programs on PATH.

use serde_json::Value;

use crate::engine::catalog::npm_registry::{self, Placed};
use crate::engine::content::Content;
use crate::engine::vfs::{absolute, Meta, Node};

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

/// Packages' files under `base`/their `path`: each one's package.json, its
/// other files sharing its unpacked size, and links for its programs
/// (those of top-level packages in node_modules/.bin too), written as one
/// tree: one walk to `base`, not one a file.
pub(crate) fn write_packages(shell: &mut Shell, base: &str, placed: &[Placed]) {
    let registry = npm_registry::registry(shell.catalog.data(), &shell.lacking);
    let mut files = Vec::new();
    let mut links = Vec::new();
    for p in placed {
        package_files(shell, &registry, p, &mut files, &mut links);
    }
    let base = base.trim_end_matches('/');
    let _ = shell.fs.put_under(base, files, shell.new_meta(0o755));
    if !links.is_empty() {
        let _ = shell
            .fs
            .put_under(&format!("{base}/node_modules/.bin"), links, Meta::dir());
    }
}

/// A package's programs (node scripts): the registry data's `bin`; for a
/// tool the data lacks, what its package.json is known to say; for any
/// other package the data lacks, a program named after it (as command-line
/// packages are), since the Dockerfile may call it.
pub(crate) fn bins(
    registry: &npm_registry::Registry,
    package: &str,
    version: &str,
) -> std::collections::BTreeMap<String, String> {
    let known = registry.manifest(package, version).or_else(|| {
        let pick = registry.pick(package, "*")?;
        registry.manifest(package, pick.version())
    });
    let mut bins = known.map(|m| m.bin.clone()).unwrap_or_default();
    if bins.is_empty() {
        for (name, target) in super::bundler::bins_of(package) {
            bins.insert(name.to_string(), target.to_string());
        }
    }
    if bins.is_empty() && known.is_none() {
        let name = package.rsplit('/').next().unwrap_or(package);
        bins.insert(name.to_string(), format!("bin/{name}.js"));
    }
    bins
}

/// One package's entries (relative to the install's base) into `files`,
/// and its links into node_modules/.bin into `links`.
fn package_files(
    shell: &Shell,
    registry: &npm_registry::Registry,
    placed: &Placed,
    files: &mut Vec<(String, Node)>,
    links: &mut Vec<(String, Node)>,
) {
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
    let dir = placed.path.trim_matches('/');
    let json = format!(
        "{{\n  \"name\": \"{}\",\n  \"version\": \"{}\"\n}}\n",
        placed.source, placed.version
    );
    let file = |content: Content, mode: u32| Node::file(content, shell.new_meta(mode));
    files.push((
        format!("{dir}/package.json"),
        file(Content::text(&json), 0o644),
    ));
    let rest = manifest.size.saturating_sub(json.len() as u64);
    let count = manifest.files.saturating_sub(1).clamp(1, 8);
    let identity = format!("npm:{}@{}", placed.source, placed.version);
    for i in 0..count {
        let size = rest / count + u64::from(i == 0) * (rest % count);
        files.push((
            format!("{dir}/lib/part-{:02}.js", i + 1),
            file(Content::blob(size, &format!("{identity}:{i}")), 0o644),
        ));
    }
    let bins = bins(registry, &placed.source, &placed.version);
    for target in bins.values() {
        // Within the package, as npm keeps it.
        let target = absolute("/", target);
        let script = format!(
            "#!/usr/bin/env node\n// {} {}\n",
            placed.source, placed.version
        );
        files.push((
            format!("{dir}{target}"),
            file(Content::text(&script), 0o755),
        ));
    }
    // Programs of top-level packages go to node_modules/.bin.
    if placed.path == format!("node_modules/{}", placed.name) {
        for (bin, target) in &bins {
            let link = format!("../{}{}", placed.name, absolute("/", target));
            links.push((bin.clone(), Node::symlink(&link, Meta::symlink())));
        }
    }
}

/// Says which packages the registry data lacked (a 100 kB placeholder
/// each) or lacked at the version asked (sized as the version it has):
/// one warning of each kind per install, naming the first few and what
/// the placeholders add up to.
pub(crate) fn note_approximated(shell: &mut Shell, program: &str, placed: &[Placed]) {
    const NAMED: usize = 5;
    let named = |list: &[&Placed]| {
        let mut names: Vec<String> = list
            .iter()
            .take(NAMED)
            .map(|p| format!("{}@{}", p.name, p.version))
            .collect();
        if list.len() > NAMED {
            names.push(format!("{} more", list.len() - NAMED));
        }
        names.join(", ")
    };
    let lacking = [
        (
            placed
                .iter()
                .filter(|p| p.unknown)
                .collect::<Vec<&Placed>>(),
            true,
            "a 100 kB placeholder stands in",
            "packages",
            "a 100 kB placeholder stands in for each",
        ),
        (
            placed.iter().filter(|p| p.stand_in).collect(),
            false,
            "its files are sized as the version that is",
            "package versions",
            "their files are sized as the versions that are",
        ),
    ];
    for (list, placeholders, one, what, each) in lacking {
        let message = match list.len() {
            0 => continue,
            1 => format!(
                "{program}: {} is not in Stagecraft's registry data; {one}",
                named(&list)
            ),
            n => format!(
                "{program}: {n} {what} are not in Stagecraft's registry data ({}); {each}",
                named(&list)
            ),
        };
        // What the placeholders add up to, where they are placeholders.
        let total = if placeholders && list.len() > 1 {
            format!(
                ", {} in all, which may be far from their real size",
                crate::engine::image::human_size(100_000 * list.len() as u64)
            )
        } else {
            String::new()
        };
        shell.note(format!("{message}{total}"));
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
