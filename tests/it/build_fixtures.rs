//! Build fixture folders, one a case: `tests/fixtures/build/<case>/` holds
//! a `Dockerfile`, an optional `context/` folder (the build context), an
//! optional `options` file (one option a line: `--target=NAME`,
//! `--build-arg=K=V`, `--legacy`, `--strict`, `--dockerfile=PATH` for the
//! Dockerfile's path inside the context) and `expected`: the build as
//! `stagecraft build --inspect` prints it (stages, warnings, the error with
//! its line, the image's config and every layer's changes). When the image
//! is built on scratch, `list-files` holds its `--list-files` output too.
//! A new case is a new folder. Run with `STAGECRAFT_BLESS=1` to write `expected` from the
//! current output after reading the difference.

use std::fs;

use stagecraft::engine::catalog::builtin;
use stagecraft::engine::image::LayerOrigin;
use stagecraft::engine::inspect::inspect;
use stagecraft::engine::{build, BuildContext, BuildOptions};

use super::fixtures::fixture_cases;

fn options(text: &str) -> (BuildOptions, String) {
    let mut options = BuildOptions::default();
    let mut dockerfile = "Dockerfile".to_string();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (flag, value) = line.split_once('=').unwrap_or((line, ""));
        match flag {
            "--target" => options.target = Some(value.to_string()),
            "--build-arg" => {
                let (k, v) = value.split_once('=').unwrap_or((value, ""));
                options.build_args.push((k.to_string(), v.to_string()));
            }
            "--legacy" => options.legacy_builder = true,
            "--strict" => options.strict = true,
            "--dockerfile" => dockerfile = value.to_string(),
            other => panic!("unknown fixture option {other}"),
        }
    }
    (options, dockerfile)
}

#[test]
fn build_fixtures() {
    let (cases, bless) = fixture_cases("build");
    let mut failures = Vec::new();
    for case in &cases {
        let source = fs::read_to_string(case.join("Dockerfile")).expect("a Dockerfile");
        let (options, dockerfile) =
            options(&fs::read_to_string(case.join("options")).unwrap_or_default());
        let context_dir = case.join("context");
        let context = if context_dir.is_dir() {
            stagecraft::cli::host::read_context(&context_dir, &dockerfile, &[])
                .expect("a readable context")
        } else {
            BuildContext::from_entries(Vec::<(String, _)>::new(), &dockerfile)
        };
        let result = build(&source, &context, &options, builtin());
        let got = inspect(&result);
        // The same input builds the same way.
        let again = inspect(&build(&source, &context, &options, builtin()));
        if got != again {
            failures.push(format!("{}: two builds differ", case.display()));
        }
        let listing = result
            .image()
            .filter(|image| {
                image
                    .layers
                    .iter()
                    .all(|l| matches!(l.origin, LayerOrigin::Step { .. }))
            })
            .map(|image| image.listing());
        for (file, got) in [("expected", Some(got)), ("list-files", listing)] {
            let path = case.join(file);
            let expected = fs::read_to_string(&path).ok();
            if bless {
                match &got {
                    Some(text) => fs::write(&path, text).expect("write fixture"),
                    None => {
                        let _ = fs::remove_file(&path);
                    }
                }
            } else if expected != got {
                failures.push(format!(
                    "{}/{file}:\n--- expected\n{}--- got\n{}",
                    case.display(),
                    expected.unwrap_or_default(),
                    got.unwrap_or_default()
                ));
            }
        }
    }
    println!(
        "fixtures/build: {}/{} passed",
        cases.len() - failures.len().min(cases.len()),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
