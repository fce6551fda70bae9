//! Embeds the catalog's data files (catalog/) in native builds, so that
//! the CLI and the tests carry every image. The WebAssembly build embeds
//! only the index, catalog/catalog.json: the browser fetches the rest of
//! the data per image when a build needs it (src/engine/data.rs).

use std::fmt::Write as _;
use std::path::Path;

/// The data files, by directory and suffix.
const DATA: &[(&str, &str)] = &[
    ("layers", ".json"),
    ("apt", ".json.gz"),
    ("apk", ".json.gz"),
    ("npm", ".json.gz"),
    ("pypi", ".json.gz"),
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
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
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_data.rs");
    std::fs::write(out, code).expect("writing embedded_data.rs");
}
