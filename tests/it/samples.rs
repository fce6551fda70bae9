//! The sample apps in samples/: each one's bloated single-stage
//! Dockerfile and its lean one build, and their sizes fall where the real
//! ones do.

use std::path::Path;

use stagecraft::engine::catalog::builtin;
use stagecraft::engine::{build, BuildContext, BuildOptions};

fn size_of(app: &str, dockerfile: &str) -> u64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(app);
    let source = std::fs::read_to_string(dir.join(dockerfile)).expect("the Dockerfile");
    let context = BuildContext::from_dir(&dir, dockerfile).expect("the context");
    let result = build(&source, &context, &BuildOptions::default(), builtin());
    assert!(
        result.error.is_none(),
        "{app}/{dockerfile}: {:?}",
        result.error
    );
    assert!(
        result
            .warnings
            .iter()
            .all(|w| !w.message.contains("not in Stagecraft")),
        "{app}/{dockerfile}: {:?}",
        result.warnings
    );
    result.image().map(|i| i.size()).unwrap_or_default()
}

#[test]
fn sample_apps_shrink_like_the_real_ones() {
    let mb = 1_000_000;
    let cases = [
        ("go-server", "Dockerfile.bloated", 800 * mb, 950 * mb),
        ("go-server", "Dockerfile", 0, 12 * mb),
        ("go-server", "Dockerfile.alpine", 0, 25 * mb),
        ("node-api", "Dockerfile.bloated", 1_000 * mb, 1_300 * mb),
        ("node-api", "Dockerfile", 130 * mb, 200 * mb),
        ("python-flask", "Dockerfile.bloated", 1_000 * mb, 1_200 * mb),
        ("python-flask", "Dockerfile", 120 * mb, 180 * mb),
        ("react-nginx", "Dockerfile.bloated", 1_000 * mb, 1_400 * mb),
        ("react-nginx", "Dockerfile", 0, 60 * mb),
        ("static-site", "Dockerfile.bloated", 150 * mb, 220 * mb),
        ("static-site", "Dockerfile", 0, 50 * mb),
        ("java-spring", "Dockerfile.bloated", 450 * mb, 700 * mb),
        ("java-spring", "Dockerfile", 0, 300 * mb),
        ("rust-cli", "Dockerfile.bloated", 1_400 * mb, 1_700 * mb),
        ("rust-cli", "Dockerfile", 0, 5 * mb),
    ];
    let mut table = String::new();
    let mut off = Vec::new();
    for (app, dockerfile, low, high) in cases {
        let size = size_of(app, dockerfile);
        table.push_str(&format!(
            "{app:<14} {dockerfile:<20} {:>8.1} MB  (expected {}-{} MB)\n",
            size as f64 / 1e6,
            low / mb,
            high / mb
        ));
        if !(low..=high).contains(&size) {
            off.push(format!("{app}/{dockerfile}"));
        }
    }
    println!("{table}");
    assert!(off.is_empty(), "{off:?}\n{table}");
}
