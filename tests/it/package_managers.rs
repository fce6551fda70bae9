//! What package managers leave behind, measured on whole builds: the
//! sizes a learner compares when making an image lean.

use stagecraft::engine::catalog::package_archive::debian_bookworm;
use stagecraft::engine::catalog::{builtin, Catalog};
use stagecraft::engine::{build, BuildContext, BuildOptions, ContextEntry};

fn image_size(dockerfile: &str) -> u64 {
    image_size_with(dockerfile, &[])
}

fn image_size_with(dockerfile: &str, files: &[(&str, &str)]) -> u64 {
    let entries: Vec<(String, ContextEntry)> = files
        .iter()
        .map(|(p, t)| (p.to_string(), ContextEntry::text(t)))
        .collect();
    let context = BuildContext::from_entries(entries, "Dockerfile");
    let result = build(dockerfile, &context, &BuildOptions::default(), builtin());
    assert!(result.error.is_none(), "{:?}", result.error);
    result.image().map(|i| i.size()).unwrap_or_default()
}

#[test]
fn apt_lists_removed_in_the_same_run_cost_nothing() {
    let one = image_size(
        "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    );
    let two = image_size(
        "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n",
    );
    let lists: u64 = debian_bookworm(builtin().data(), &Default::default())
        .lists
        .iter()
        .map(|(_, size)| size)
        .sum();
    assert_eq!(two - one, lists, "one RUN {one}, two RUNs {two}");
    assert!(lists > 15_000_000, "{lists}");
}

#[test]
fn recommends_and_slim_images_change_what_apt_installs() {
    let install = |base: &str, flags: &str| {
        image_size(&format!(
            "FROM {base}\nRUN apt-get update && apt-get install -y {flags} git && rm -rf /var/lib/apt/lists/*\n"
        )) - image_size(&format!("FROM {base}\n"))
    };
    let with = install("debian:bookworm", "");
    let without = install("debian:bookworm", "--no-install-recommends");
    assert!(with > without + 5_000_000, "{with} vs {without}");
    // The slim image's dpkg excludes documentation in later installs too.
    let slim = install("debian:bookworm-slim", "--no-install-recommends");
    assert!(slim < without, "{slim} vs {without}");
}

#[test]
fn apk_no_cache_leaves_no_index() {
    let cached = image_size("FROM alpine:3.19\nRUN apk add curl\n");
    let no_cache = image_size("FROM alpine:3.19\nRUN apk add --no-cache curl\n");
    let indexes: u64 = stagecraft::engine::catalog::package_archive::alpine_3_19(
        builtin().data(),
        &Default::default(),
    )
    .lists
    .iter()
    .map(|(_, size)| size)
    .sum();
    assert_eq!(cached - no_cache, indexes);
    // A virtual group of build tools removed in the same RUN costs nothing.
    let base = image_size("FROM alpine:3.19\n");
    let cleaned = image_size(
        "FROM alpine:3.19\nRUN apk add --no-cache --virtual .build gcc musl-dev && apk del .build\n",
    );
    assert!(cleaned - base < 50_000, "{}", cleaned - base);
}

const PACKAGE_JSON: &str = r#"{
  "name": "api",
  "version": "1.0.0",
  "dependencies": { "express": "*" },
  "devDependencies": { "typescript": "*", "jest": "*", "eslint": "*" }
}
"#;

#[test]
fn npm_omit_dev_and_the_cache_change_sizes() {
    let files = [("package.json", PACKAGE_JSON)];
    let build = |install: &str| {
        image_size_with(
            &format!("FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN {install}\n"),
            &files,
        )
    };
    let all = build("npm install");
    let prod = build("npm install --omit=dev");
    let clean = build("npm install --omit=dev && npm cache clean --force");
    // Test and lint tools weigh far more than express.
    assert!(all > prod + 10_000_000, "all {all}, prod {prod}");
    // npm keeps every tarball it fetched in ~/.npm unless cleaned.
    assert!(prod > clean + 100_000, "prod {prod}, clean {clean}");
}

#[test]
fn pip_no_cache_dir_keeps_the_downloads_out() {
    let files = [("requirements.txt", "flask==3.1.3\nrequests\n")];
    let build = |install: &str| {
        image_size_with(
            &format!(
                "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN {install}\n"
            ),
            &files,
        )
    };
    let cached = build("pip install -r requirements.txt");
    let lean = build("pip install --no-cache-dir -r requirements.txt");
    let index = stagecraft::engine::catalog::pypi::index(builtin().data(), &Default::default());
    let downloads: u64 = ["flask", "requests"]
        .iter()
        .flat_map(|n| {
            let (order, _) =
                index.resolve(&[stagecraft::engine::catalog::pypi::parse_requirement(n).unwrap()]);
            order
        })
        .collect::<std::collections::BTreeSet<_>>()
        .iter()
        .filter_map(|n| index.project(n)?.glibc.as_ref().map(|d| d.download))
        .sum();
    assert_eq!(cached - lean, downloads, "cached {cached}, lean {lean}");
}
