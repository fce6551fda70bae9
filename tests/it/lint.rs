//! Each lint rule fires on a Dockerfile that breaks it, at the right line,
//! and stays quiet on one that does not.

use stagecraft::analysis::lint::{lint, Finding};
use stagecraft::engine::catalog::builtin;
use stagecraft::engine::{build, BuildContext, BuildOptions, ContextEntry};

fn findings(dockerfile: &str, files: &[(&str, ContextEntry)]) -> Vec<Finding> {
    let context = BuildContext::from_entries(files.iter().cloned(), "Dockerfile");
    let result = build(dockerfile, &context, &BuildOptions::default(), builtin());
    lint(&context, &result)
}

/// The lines at which `rule` fires.
fn fires(rule: &str, dockerfile: &str, files: &[(&str, ContextEntry)]) -> Vec<usize> {
    findings(dockerfile, files)
        .iter()
        .filter(|f| f.rule.id == rule)
        .map(|f| f.line)
        .collect()
}

const NONROOT: &str = "USER nobody\n";

#[test]
fn every_rule_is_documented() {
    for rule in stagecraft::analysis::lint::RULES {
        assert!(rule.explanation.len() > 60, "{}", rule.id);
        assert!(!rule.fix.is_empty(), "{}", rule.id);
    }
}

#[test]
fn unpinned_base() {
    assert_eq!(fires("SC001", "FROM alpine\nRUN true\n", &[]), vec![1]);
    assert_eq!(fires("SC001", "FROM node:latest\n", &[]), vec![1]);
    assert!(fires("SC001", "FROM alpine:3.19 AS a\nFROM a\n", &[]).is_empty());
    // Tags that name no version float too; a release name does not.
    assert_eq!(fires("SC001", "FROM node:lts\n", &[]), vec![1]);
    assert_eq!(fires("SC001", "FROM alpine:edge\n", &[]), vec![1]);
    assert_eq!(fires("SC001", "FROM node:lts-alpine\n", &[]), vec![1]);
    assert!(fires("SC001", "FROM debian:bookworm-slim\n", &[]).is_empty());
    assert!(fires("SC001", "FROM node:20-alpine\n", &[]).is_empty());
    // An image COPY --from reads is pinned as a FROM is.
    let copy = "FROM alpine:3.19\nCOPY --from=nginx:alpine /etc/nginx /n\nCOPY --from=busybox:1.36 /bin/busybox /b\n";
    assert_eq!(fires("SC001", copy, &[]), vec![2]);
}

#[test]
fn apt_lists_and_recommends() {
    let bad = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n";
    assert_eq!(fires("SC002", bad, &[]), vec![2]);
    assert_eq!(fires("SC003", bad, &[]), vec![2]);
    let good = "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n";
    assert!(fires("SC002", good, &[]).is_empty());
    assert!(fires("SC003", good, &[]).is_empty());
}

#[test]
fn apk_and_pip_caches() {
    assert_eq!(
        fires("SC004", "FROM alpine:3.19\nRUN apk add curl\n", &[]),
        vec![2]
    );
    assert!(fires(
        "SC004",
        "FROM alpine:3.19\nRUN apk add --no-cache curl\n",
        &[]
    )
    .is_empty());
    let files = [("requirements.txt", ContextEntry::text("flask\n"))];
    assert_eq!(
        fires(
            "SC005",
            "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
            &files
        ),
        vec![3]
    );
    assert!(fires(
        "SC005",
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        &files
    )
    .is_empty());
    // A cache mount keeps the cache out of the layer (hadolint's DL3019
    // learned the same for apk).
    assert!(fires(
        "SC005",
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n",
        &files
    )
    .is_empty());
    assert!(fires(
        "SC004",
        "FROM alpine:3.19\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
        &[]
    )
    .is_empty());
}

#[test]
fn a_cache_mount_is_read_as_a_mount_not_as_text() {
    let files = [("requirements.txt", ContextEntry::text("flask\n"))];
    // A cache at /root/.cache/pip-tools is not pip's cache: the old
    // substring match took `target=/root/.cache/pip` in it for one.
    assert_eq!(
        fires(
            "SC005",
            "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip-tools pip install -r requirements.txt\n",
            &files
        ),
        vec![3]
    );
    // A bind mount at pip's cache is not a cache mount either.
    assert_eq!(
        fires(
            "SC005",
            "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN --mount=type=bind,target=/root/.cache/pip pip install -r requirements.txt\n",
            &files
        ),
        vec![3]
    );
    // Its target as a variable, and with a trailing slash, is.
    assert!(fires(
        "SC005",
        "FROM python:3.12-slim\nARG CACHE=/root/.cache/pip/\nCOPY requirements.txt .\nRUN --mount=type=cache,target=$CACHE pip install -r requirements.txt\n",
        &files
    )
    .is_empty());
}

#[test]
fn rules_about_runs_read_the_programs_that_ran() {
    // Through a function, a variable and `sh -c`: apk ran twice without
    // --no-cache.
    assert_eq!(
        fires(
            "SC004",
            "FROM alpine:3.19\nRUN add() { apk add \"$@\"; }; P=apk; sh -c \"$P add jq\" && add curl\n",
            &[]
        ),
        vec![2]
    );
    // Words that only look like an install, in a string that no program
    // runs, are not one.
    assert!(fires(
        "SC004",
        "FROM alpine:3.19\nRUN echo 'apk add curl' > /notes.txt\n",
        &[]
    )
    .is_empty());
    // A branch that does not run installs nothing.
    assert!(fires(
        "SC003",
        "FROM debian:bookworm-slim\nRUN if false; then apt-get install -y curl; fi\n",
        &[]
    )
    .is_empty());
}

#[test]
fn consecutive_runs() {
    assert_eq!(
        fires(
            "SC006",
            "FROM alpine:3.19\nRUN mkdir /a\nRUN touch /a/b\n",
            &[]
        ),
        vec![3]
    );
    assert!(fires(
        "SC006",
        "FROM alpine:3.19\nRUN mkdir /a\nWORKDIR /a\nRUN touch b\n",
        &[]
    )
    .is_empty());
    // As hadolint's DL3059: RUNs of more than two commands, or with other
    // mounts, are kept apart on purpose; a third short RUN is compared
    // with the first.
    let long = "FROM alpine:3.19\nRUN mkdir /a && touch /a/1 && touch /a/2\nRUN touch /b\n";
    assert!(fires("SC006", long, &[]).is_empty());
    let mounts = "FROM alpine:3.19\nRUN --mount=type=cache,target=/c touch /c/x\nRUN touch /b\n";
    assert!(fires("SC006", mounts, &[]).is_empty());
    let three = "FROM alpine:3.19\nRUN touch /a\nRUN touch /b\nRUN touch /c\n";
    assert_eq!(fires("SC006", three, &[]), vec![3, 4]);
    // A RUN that follows another is still checked for the rest.
    let cache = "FROM alpine:3.19\nRUN touch /a\nRUN apk add curl\n";
    assert_eq!(fires("SC004", cache, &[]), vec![3]);
    // In a stage that does not ship, its layers cost the image nothing.
    let builder =
        "FROM alpine:3.19 AS b\nRUN touch /a\nRUN touch /b\nFROM scratch\nCOPY --from=b /a /a\n";
    assert!(fires("SC006", builder, &[]).is_empty());
    // What Stagecraft sees and hadolint cannot: a RUN that deletes what
    // the one before wrote, however long, ships those bytes.
    let waste = "FROM alpine:3.19\nRUN cp -r /lib /big && touch /a && touch /b\nRUN rm -rf /big && touch /c && touch /d\n";
    let found = findings(waste, &[]);
    let waste: Vec<&Finding> = found.iter().filter(|f| f.rule.id == "SC006").collect();
    assert_eq!(waste.len(), 1, "{found:?}");
    assert_eq!(waste[0].line, 3);
    assert!(
        waste[0].message.contains("that the RUN of line 2 wrote"),
        "{}",
        waste[0].message
    );
}

#[test]
fn size_rules_weigh_only_the_stages_that_ship() {
    // The builder's apt lists and caches never reach the image: only the
    // final stage's are findings.
    let dockerfile = "FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y curl\nFROM debian:bookworm-slim\nCOPY --from=build /usr/bin/curl /usr/bin/curl\nRUN apt-get update && apt-get install -y wget\n";
    assert_eq!(fires("SC002", dockerfile, &[]), vec![5]);
    assert_eq!(fires("SC003", dockerfile, &[]), vec![5]);
    // A stage the target is built FROM ships.
    let based = "FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nUSER nobody\n";
    assert_eq!(fires("SC002", based, &[]), vec![2]);
}

#[test]
fn package_caches_left_in_a_layer() {
    let files = [(
        "package.json",
        ContextEntry::text("{\"name\":\"a\",\"dependencies\":{\"express\":\"^4.18.2\"}}"),
    )];
    let npm = "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm install\n";
    assert_eq!(fires("SC017", npm, &files), vec![4]);
    let cleaned = "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm install && npm cache clean --force\n";
    assert!(fires("SC017", cleaned, &files).is_empty());
    let mounted = "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN --mount=type=cache,target=/root/.npm npm install\n";
    assert!(fires("SC017", mounted, &files).is_empty());
}

#[test]
fn shell_form_commands_and_pipes_without_pipefail() {
    assert_eq!(
        fires("SC018", "FROM alpine:3.19\nCMD echo hi\n", &[]),
        vec![2]
    );
    assert!(fires("SC018", "FROM alpine:3.19\nCMD [\"echo\", \"hi\"]\n", &[]).is_empty());
    let piped = "FROM debian:bookworm-slim\nRUN echo a | cat\n";
    assert_eq!(fires("SC019", piped, &[]), vec![2]);
    // pipefail from SHELL, or set in the RUN before the pipe.
    let shell = "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN echo a | cat\n";
    assert!(fires("SC019", shell, &[]).is_empty());
    let set = "FROM alpine:3.19\nRUN set -o pipefail && echo a | cat\n";
    assert!(fires("SC019", set, &[]).is_empty());
}

#[test]
fn copy_from_undefined_or_itself() {
    assert_eq!(
        fires(
            "SC007",
            "FROM alpine:3.19 AS app\nCOPY --from=biuld /x /x\n",
            &[]
        ),
        vec![2]
    );
    assert_eq!(
        fires(
            "SC007",
            "FROM alpine:3.19 AS app\nCOPY --from=app /etc/hostname /x\n",
            &[]
        ),
        vec![2]
    );
    // A stage defined below is no image to pull: the build stops.
    let below = findings(
        "FROM alpine:3.19\nCOPY --from=assets /a /a\nFROM alpine:3.19 AS assets\nRUN touch /a\n",
        &[],
    );
    let message = &below
        .iter()
        .find(|f| f.rule.id == "SC007")
        .expect("SC007")
        .message;
    assert!(
        message.contains("cannot copy from stage \"assets\", it needs to be defined before current stage \"stage-0\""),
        "{message}"
    );
    assert!(fires(
        "SC007",
        "FROM alpine:3.19 AS build\nRUN touch /x\nFROM alpine:3.19\nCOPY --from=build /x /x\nCOPY --from=nginx:1.25 /etc/nginx/nginx.conf /n\n",
        &[]
    )
    .is_empty());
}

#[test]
fn duplicate_stage_names() {
    assert_eq!(
        fires(
            "SC008",
            "FROM alpine:3.19 AS a\nFROM alpine:3.19 AS A\n",
            &[]
        ),
        vec![2]
    );
    assert!(fires(
        "SC008",
        "FROM alpine:3.19 AS a\nFROM alpine:3.19 AS b\n",
        &[]
    )
    .is_empty());
}

#[test]
fn copy_all_before_install() {
    let files = [
        (
            "package.json",
            ContextEntry::text("{\"name\":\"a\",\"version\":\"1.0.0\"}"),
        ),
        ("server.js", ContextEntry::text("1")),
    ];
    assert_eq!(
        fires(
            "SC009",
            "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\n",
            &files
        ),
        vec![3]
    );
    assert!(fires(
        "SC009",
        "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nCOPY . .\n",
        &files
    )
    .is_empty());
}

#[test]
fn add_local_file() {
    let files = [("app.conf", ContextEntry::text("x"))];
    assert_eq!(
        fires("SC010", "FROM alpine:3.19\nADD app.conf /etc/\n", &files),
        vec![2]
    );
    assert!(fires("SC010", "FROM alpine:3.19\nCOPY app.conf /etc/\n", &files).is_empty());
}

#[test]
fn secrets_in_the_final_image() {
    let files = [
        (".env", ContextEntry::text("TOKEN=x")),
        ("app", ContextEntry::text("a")),
    ];
    assert_eq!(
        fires(
            "SC011",
            "FROM alpine:3.19\nWORKDIR /app\nCOPY . .\n",
            &files
        ),
        vec![3]
    );
    // Left in a build stage, it does not ship.
    assert!(fires(
        "SC011",
        "FROM alpine:3.19 AS build\nWORKDIR /app\nCOPY . .\nFROM alpine:3.19\nCOPY --from=build /app/app /app\n",
        &files
    )
    .is_empty());
}

#[test]
fn build_tools_in_the_final_image() {
    // The golang image brings the Go toolchain and gcc: both at FROM.
    let found = findings("FROM golang:1.22\nRUN go version\n", &[]);
    let tools: Vec<(usize, &str)> = found
        .iter()
        .filter(|f| f.rule.id == "SC012")
        .map(|f| (f.line, f.message.as_str()))
        .collect();
    assert_eq!(tools.len(), 2, "{tools:?}");
    assert!(tools.iter().all(|(line, _)| *line == 1));
    assert!(tools.iter().any(|(_, m)| m.contains("the Go toolchain")));
    // Installed by a RUN, it is that RUN's line.
    assert_eq!(
        fires(
            "SC012",
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\n",
            &[]
        ),
        vec![2]
    );
    assert!(fires("SC012", "FROM alpine:3.19\nRUN true\n", &[]).is_empty());
}

#[test]
fn runs_as_root() {
    assert_eq!(
        fires("SC013", "FROM alpine:3.19\nCMD [\"sh\"]\n", &[]),
        vec![1]
    );
    assert_eq!(
        fires("SC013", "FROM alpine:3.19\nUSER nobody\nUSER root\n", &[]),
        vec![3]
    );
    assert!(fires("SC013", &format!("FROM alpine:3.19\n{NONROOT}"), &[]).is_empty());
    assert!(fires(
        "SC013",
        "FROM gcr.io/distroless/static-debian12:nonroot\n",
        &[]
    )
    .is_empty());
}

#[test]
fn copy_from_root() {
    assert_eq!(
        fires(
            "SC014",
            "FROM alpine:3.19 AS b\nFROM scratch\nCOPY --from=b / /\n",
            &[]
        ),
        vec![3]
    );
    assert!(fires(
        "SC014",
        "FROM alpine:3.19 AS b\nFROM scratch\nCOPY --from=b /bin/busybox /busybox\n",
        &[]
    )
    .is_empty());
}

#[test]
fn context_without_dockerignore() {
    let mut files = vec![
        ("node_modules/x/index.js", ContextEntry::text("x")),
        ("server.js", ContextEntry::text("x")),
    ];
    let dockerfile = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n";
    assert_eq!(fires("SC015", dockerfile, &files), vec![3]);
    files.push((".dockerignore", ContextEntry::text("node_modules\n")));
    assert!(fires("SC015", dockerfile, &files).is_empty());
}

#[test]
fn unused_stage() {
    assert_eq!(
        fires(
            "SC016",
            "FROM alpine:3.19 AS old\nRUN true\nFROM alpine:3.19\nRUN true\n",
            &[]
        ),
        vec![1]
    );
    assert!(fires(
        "SC016",
        "FROM alpine:3.19 AS b\nRUN touch /x\nFROM alpine:3.19\nCOPY --from=b /x /x\n",
        &[]
    )
    .is_empty());
}

#[test]
fn the_lean_samples_are_clean_of_waste_rules() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for app in [
        "go-server",
        "node-api",
        "python-flask",
        "rust-cli",
        "java-spring",
    ] {
        let dir = root.join(app);
        let source = std::fs::read_to_string(dir.join("Dockerfile")).expect("Dockerfile");
        let context =
            stagecraft::cli::host::read_context(&dir, "Dockerfile", &[]).expect("context");
        let result = build(&source, &context, &BuildOptions::default(), builtin());
        let found: Vec<String> = lint(&context, &result)
            .iter()
            .map(|f| format!("{} line {}: {}", f.rule.id, f.line, f.message))
            .collect();
        assert!(found.is_empty(), "{app}: {found:#?}");
    }
}
