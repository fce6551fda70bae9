//! Fixture folders, one a case: `tests/fixtures/parse/<case>/Dockerfile`
//! with the exact standard output (`out`) and standard error (`err`) of
//! `stagecraft parse Dockerfile`. A new case is a new folder. Run with
//! `STAGECRAFT_BLESS=1` to write the files from the current output after
//! reading the difference.

use std::fs;
use std::path::{Path, PathBuf};

use stagecraft::cli;

/// The case folders of `tests/fixtures/<kind>`, sorted, and whether to
/// bless (rewrite) their expected output.
pub fn fixture_cases(kind: &str) -> (Vec<PathBuf>, bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let bless = std::env::var_os("STAGECRAFT_BLESS").is_some();
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixtures in {}", root.display());
    (cases, bless)
}

#[test]
fn parse_fixtures() {
    let (cases, bless) = fixture_cases("parse");
    let mut failures = Vec::new();
    for case in &cases {
        let dockerfile = case.join("Dockerfile");
        let mut out = Vec::new();
        let mut err = Vec::new();
        let args = vec!["parse".to_string(), dockerfile.display().to_string()];
        let status = cli::run(&args, &mut std::io::empty(), &mut out, &mut err);
        // Name the file as the fixture does, whatever the checkout's path.
        let err =
            String::from_utf8_lossy(&err).replace(&dockerfile.display().to_string(), "Dockerfile");
        let out = String::from_utf8_lossy(&out).into_owned();
        let expected_status = if err.contains(": error: ") { 1 } else { 0 };
        for (file, got) in [("out", &out), ("err", &err)] {
            let path = case.join(file);
            let expected = fs::read_to_string(&path).unwrap_or_default();
            if bless {
                if got.is_empty() {
                    let _ = fs::remove_file(&path);
                } else {
                    fs::write(&path, got).expect("write fixture");
                }
            } else if &expected != got {
                failures.push(format!(
                    "{}/{file}:\n--- expected\n{expected}--- got\n{got}",
                    case.display()
                ));
            }
        }
        if status != expected_status {
            failures.push(format!("{}: exit status {status}", case.display()));
        }
    }
    println!(
        "fixtures/parse: {}/{} passed",
        cases.len() - failures.len().min(cases.len()),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
