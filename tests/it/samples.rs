//! The sample apps in samples/: each one's bloated single-stage
//! Dockerfile and its lean one build, and their sizes fall where the real
//! ones do.

use std::path::Path;

use stagecraft::engine::catalog::builtin;
use stagecraft::engine::warning::WarningKind;
use stagecraft::engine::{build, BuildOptions};

fn size_of(app: &str, dockerfile: &str) -> u64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(app);
    let source = std::fs::read_to_string(dir.join(dockerfile)).expect("the Dockerfile");
    let context = stagecraft::cli::host::read_context(&dir, dockerfile, &[]).expect("the context");
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
            .all(|w| !matches!(w.kind, WarningKind::StandInImage { .. })),
        "{app}/{dockerfile}: {:?}",
        result.warnings
    );
    result.image().map(|i| i.size()).unwrap_or_default()
}

#[test]
fn sample_apps_shrink_like_the_real_ones() {
    let mb = 1_000_000;
    let cases = [
        ("go-server", "Dockerfile.bloated", 900 * mb, 1_150 * mb),
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

/// The efficiency and contributions an analysis takes from its base
/// image's kept figures are those worked out over every layer, for every
/// sample app.
#[test]
fn figures_over_a_kept_base_are_the_long_way_s() {
    use stagecraft::analysis::{analyze, efficiency};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut apps: Vec<_> = std::fs::read_dir(&root)
        .expect("samples")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.path())
        .collect();
    apps.sort();
    let mut compared = 0;
    for dir in apps {
        for dockerfile in ["Dockerfile", "Dockerfile.bloated"] {
            let Ok(source) = std::fs::read_to_string(dir.join(dockerfile)) else {
                continue;
            };
            let context =
                stagecraft::cli::host::read_context(&dir, dockerfile, &[]).expect("the context");
            let result = build(&source, &context, &BuildOptions::default(), builtin());
            // Twice: the first analysis keeps the base's figures, the
            // second starts from them.
            for _ in 0..2 {
                let report = analyze(&context, &result).expect("a report");
                let image = result.image().expect("an image");
                let layers: Vec<Vec<_>> = image
                    .layers
                    .iter()
                    .map(|l| l.changes.iter().collect())
                    .collect();
                let sizes: Vec<u64> = image.layers.iter().map(|l| l.size).collect();
                let base_count = image.base_layer_count();
                let (all, over_base) = efficiency::efficiencies(&layers, &sizes, base_count);
                let name = format!("{}/{dockerfile}", dir.display());
                assert_eq!(report.efficiency, all, "{name}");
                assert_eq!(report.efficiency_over_base, over_base, "{name}");
                assert_eq!(
                    report.contributions,
                    stagecraft::analysis::lineage::contributions(&result),
                    "{name}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 20, "{compared}");
}
