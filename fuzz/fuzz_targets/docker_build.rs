//! A whole simulated `docker build` of any Dockerfile: no panic, no hang,
//! the same build twice (inspect report and JSON), an error line within
//! the file, and layers that add up (as tests/it/build_properties.rs
//! checks for generated Dockerfiles).
//!
//! Input: UTF-8. A first byte below 8 picks the build context: 0..=6 the
//! sample apps (samples/*, sorted by name), 7 a small synthetic context;
//! the rest is the Dockerfile. Otherwise the whole input is the
//! Dockerfile, over the synthetic context.
#![no_main]

use std::collections::BTreeMap;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use stagecraft::engine::catalog::builtin;
use stagecraft::engine::image::Image;
use stagecraft::engine::inspect::inspect;
use stagecraft::engine::layer::{ChangeKind, EntryInfo};
use stagecraft::engine::vfs::Kind;
use stagecraft::engine::{build, BuildContext, BuildOptions, ContextEntry, StageStatus};

const SAMPLES: &[&str] = &[
    "go-server",
    "java-spring",
    "node-api",
    "python-flask",
    "react-nginx",
    "rust-cli",
    "static-site",
];

fn synthetic() -> BuildContext {
    let files = [
        ("app.py", "print('hi')\n"),
        ("main.go", "package main\nfunc main() {}\n"),
        ("go.mod", "module example.com/x\n\ngo 1.22\n"),
        ("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}\n"),
        ("requirements.txt", "flask==3.0.0\n"),
        ("src/lib.rs", "pub fn f() {}\n"),
        ("docs/a.md", "# a\n"),
        ("notes.log", "x\n"),
        (".dockerignore", "*.log\n!keep.log\n"),
    ];
    BuildContext::from_entries(
        files.iter().map(|(p, t)| (p.to_string(), ContextEntry::text(t))),
        "Dockerfile",
    )
}

thread_local! {
    static CONTEXTS: Vec<BuildContext> = {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
        let mut contexts: Vec<BuildContext> = SAMPLES
            .iter()
            .map(|s| {
                stagecraft::cli::host::read_context(&root.join(s), "Dockerfile", &[])
                    .unwrap_or_else(|e| panic!("samples/{s}: {e}"))
            })
            .collect();
        contexts.push(synthetic());
        contexts
    };
}

fn remove_below(files: &mut BTreeMap<String, EntryInfo>, dir: &str) {
    let prefix = if dir == "/" { "/".to_string() } else { format!("{dir}/") };
    let below: Vec<String> = files
        .range(prefix.clone()..)
        .map(|(p, _)| p.clone())
        .take_while(|p| p.starts_with(&prefix))
        .filter(|p| p != "/")
        .collect();
    for path in below {
        files.remove(&path);
    }
}

/// The files of an image rebuilt from its layers' changes alone.
fn replay(image: &Image) -> BTreeMap<String, EntryInfo> {
    let mut files: BTreeMap<String, EntryInfo> = BTreeMap::new();
    for layer in &image.layers {
        for change in layer.changes.iter() {
            let path = change.path.clone();
            match change.kind {
                ChangeKind::Deleted => {
                    remove_below(&mut files, &path);
                    files.remove(&path);
                }
                ChangeKind::Opaque => remove_below(&mut files, &path),
                ChangeKind::Added | ChangeKind::Modified => {
                    if let Some(entry) = &change.entry {
                        if entry.kind != Kind::Dir {
                            remove_below(&mut files, &path);
                        }
                        files.insert(path, entry.clone());
                    }
                }
            }
        }
    }
    files
}

fuzz_target!(|data: &[u8]| {
    let (context, source) = match data.first() {
        Some(&b) if b < 8 => (b as usize, &data[1..]),
        _ => (7, data),
    };
    let Ok(source) = std::str::from_utf8(source) else {
        return;
    };
    CONTEXTS.with(|contexts| {
        let context = &contexts[context];
        let options = BuildOptions::default();
        let first = build(source, context, &options, builtin());
        let second = build(source, context, &options, builtin());
        assert_eq!(inspect(&first), inspect(&second), "the build is deterministic");
        assert_eq!(
            serde_json::to_string(&first).ok(),
            serde_json::to_string(&second).ok(),
            "the build is deterministic"
        );
        if let Some(error) = &first.error {
            assert!(
                error.line() <= source.split('\n').count(),
                "error line {} past the file: {error}",
                error.line()
            );
        }
        for stage in &first.stages {
            let Some(image) = &stage.image else { continue };
            let sum: u64 = image.layers.iter().map(|l| l.size).sum();
            assert_eq!(image.size(), sum, "image size is the sum of its layers");
            for layer in &image.layers {
                let changes: u64 = layer.changes.iter().map(|c| c.size()).sum();
                assert_eq!(layer.size, changes, "layer size is the sum of its changes");
            }
            if stage.status == StageStatus::Built {
                let actual: BTreeMap<String, EntryInfo> =
                    image.files().into_iter().map(|f| (f.path, f.info)).collect();
                assert!(replay(image) == actual, "stage {}: layers replay to the image", stage.display_name);
            }
        }
    });
});
