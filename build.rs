//! Embeds the catalog's data files (catalog/) in native builds, so that
//! the CLI and the tests carry every image. The WebAssembly build embeds
//! only the index, catalog/catalog.json: the browser fetches the rest of
//! the data per image when a build needs it (src/engine/catalog/data.rs). The
//! sample apps are indexed the same way (samples/), and so are the
//! lessons (lessons/): embedded natively, fetched by the page.

use std::fmt::Write as _;

use std::path::{Path, PathBuf};

/// The data files, by directory and suffix.
const DATA: &[(&str, &str)] = &[
    ("layers", ".json"),
    ("apt", ".pack"),
    ("apk", ".pack"),
    ("npm/shards", ".json.gz"),
    ("pypi/shards", ".json.gz"),
];

fn main() {
    let root = manifest_dir().join("catalog");
    println!("cargo:rerun-if-changed=catalog/catalog.json");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    let mut files = vec!["catalog.json".to_string()];
    for (dir, suffix) in DATA {
        println!("cargo:rerun-if-changed=catalog/{dir}");
        if wasm {
            continue;
        }
        let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|n| n.ends_with(suffix))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        for name in names {
            files.push(format!("{dir}/{name}"));
        }
    }
    // Paths through `env!("CARGO_MANIFEST_DIR")`, not written out: one
    // target directory serves every checkout on the machine, and a build
    // script's output may be reused for a clone at another path.
    let mut code = String::from("pub static EMBEDDED: &[(&str, &[u8])] = &[\n");
    for name in &files {
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/catalog/{name}\"))),"
        );
    }
    code.push_str("];\n");
    let _ = writeln!(
        code,
        "/// A digest of the data files and of the engine's source: what a\n\
         /// base image is built from.\npub const BUILT_FROM: u64 = {:#x};",
        built_from(&root, &files)
    );
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out = Path::new(&out_dir).join("embedded_data.rs");
    std::fs::write(out, code).expect("writing embedded_data.rs");
    samples(Path::new(&out_dir), wasm);
    lessons(Path::new(&out_dir), wasm);
}

/// FNV-1a over the data files and every file of src/engine/, names and
/// bytes: when either changes, images kept from before are built again.
fn built_from(catalog: &Path, files: &[String]) -> u64 {
    println!("cargo:rerun-if-changed=src/engine");
    let mut paths: Vec<(String, PathBuf)> = files
        .iter()
        .map(|name| (name.clone(), catalog.join(name)))
        .collect();
    let engine = manifest_dir().join("src/engine");
    let mut pending = vec![engine.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(name) = path.strip_prefix(&engine) {
                paths.push((name.display().to_string(), path.clone()));
            }
        }
    }
    paths.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, path) in paths {
        let bytes = std::fs::read(&path).unwrap_or_default();
        for b in name.bytes().chain([0xff]).chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The lessons (lessons/*.md but the README): their names in every build,
/// their text in native builds.
fn lessons(out_dir: &Path, wasm: bool) {
    println!("cargo:rerun-if-changed=lessons");
    let root = manifest_dir().join("lessons");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".md") && n != "README.md")
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    // Every build knows the course's file names; native builds embed the
    // files, and the page fetches them (lessons/ beside the app) when the
    // learner first opens the course, so that the first page stays small.
    let mut code = String::from("pub static LESSON_NAMES: &[&str] = &[\n");
    for name in &names {
        let _ = writeln!(code, "    {name:?},");
    }
    code.push_str("];\npub static LESSON_FILES: &[(&str, &str)] = &[\n");
    for name in names.iter().filter(|_| !wasm) {
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/lessons/{name}\"))),"
        );
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("lessons.rs"), code).expect("writing lessons.rs");
}

/// The sample apps' files (samples/APP/...): an index in every build, the
/// text too in native builds. The browser fetches a sample's files when
/// the learner loads it (src/ui/samples.rs).
fn samples(out_dir: &Path, wasm: bool) {
    println!("cargo:rerun-if-changed=samples");
    let root = manifest_dir().join("samples");
    let mut files = Vec::new();
    let mut apps: Vec<_> = std::fs::read_dir(&root)
        .map(|e| e.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    apps.sort();
    for app in apps.iter().filter(|p| p.is_dir()) {
        let mut stack = vec![app.clone()];
        while let Some(dir) = stack.pop() {
            println!("cargo:rerun-if-changed={}", dir.display());
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(relative) = path.strip_prefix(&root) {
                    files.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    files.sort();
    let mut code = String::from("pub static SAMPLE_FILES: &[(&str, Option<&str>)] = &[\n");
    for name in &files {
        // The first page's sandbox (go-server) is in every build.
        if wasm && !name.starts_with("go-server/") {
            let _ = writeln!(code, "    ({name:?}, None),");
        } else {
            let _ = writeln!(
                code,
                "    ({name:?}, Some(include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/samples/{name}\")))),"
            );
        }
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("samples.rs"), code).expect("writing samples.rs");
}

/// This checkout, read when the script runs: `env!` would keep the
/// checkout the script was compiled in, and one target directory serves
/// every checkout on the machine (a deleted clone would leave the data
/// out).
fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"))
}
