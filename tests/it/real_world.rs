//! Published projects' Dockerfiles, each built with its whole build
//! context (tests/real-world: where each comes from, at which commit,
//! under which license, in sources.json; what each must do in
//! cases.json). A case builds, or fails as `docker build` fails (`fails`:
//! the error's words, and why Docker fails too). A case Stagecraft cannot
//! build yet although Docker does is a `gap`: it must still fail with the
//! words written down (so that the day it builds, the gap is struck off),
//! and the gaps are counted against the corpus. Prints, per case, whether
//! it built, its approximations and its final size.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use stagecraft::engine::catalog::builtin;
use stagecraft::engine::content::Content;
use stagecraft::engine::context::ContextEntry;
use stagecraft::engine::{build, BuildContext, BuildOptions};

#[derive(Deserialize)]
struct Case {
    case: String,
    context: String,
    dockerfile: String,
    expect: Expect,
    /// Docker builds it, Stagecraft does not yet: today's error words, and
    /// what is missing.
    gap: Option<Gap>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Expect {
    /// `"builds"`.
    Builds(String),
    /// Docker fails too: its error's words, and why.
    Fails { fails: String, why: String },
}

#[derive(Deserialize)]
struct Gap {
    error: String,
    why: String,
}

const PLACEHOLDER: &str = "stagecraft placeholder: ";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real-world")
}

/// A context directory's files, placeholders read as files of their size.
fn context(dir: &Path, dockerfile: &str) -> BuildContext {
    let mut entries = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                entries.push((
                    rel,
                    ContextEntry::Symlink {
                        target: target.to_string_lossy().into_owned(),
                    },
                ));
            } else if meta.is_dir() {
                entries.push((rel, ContextEntry::Dir { mode: 0o755 }));
                pending.push(path);
            } else {
                use std::os::unix::fs::PermissionsExt;
                let bytes = std::fs::read(&path).unwrap();
                let content = match std::str::from_utf8(&bytes)
                    .ok()
                    .and_then(|t| t.strip_prefix(PLACEHOLDER))
                    .and_then(|t| t.trim_end().strip_suffix(" bytes"))
                    .and_then(|n| n.parse::<u64>().ok())
                {
                    Some(size) => Content::blob(size, &format!("placeholder:{rel}")),
                    None => Content::bytes(bytes),
                };
                let mode = meta.permissions().mode() & 0o777;
                entries.push((rel, ContextEntry::File { content, mode }));
            }
        }
    }
    BuildContext::from_entries(entries, dockerfile)
}

#[test]
fn published_projects_build_as_with_docker() {
    let text = std::fs::read_to_string(root().join("cases.json")).unwrap();
    let cases: Vec<Case> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut wrong = Vec::new();
    let (mut built, mut gaps) = (0, 0);
    eprintln!(
        "{:<58} {:<7} {:>5} {:>12}",
        "case", "builds", "appr.", "final size"
    );
    for case in &cases {
        let dir = root().join(&case.context);
        let source = std::fs::read_to_string(dir.join(&case.dockerfile)).unwrap();
        let context = context(&dir, &case.dockerfile);
        let result = build(&source, &context, &BuildOptions::default(), builtin());
        let error = result.error.as_ref().map(|e| e.to_string());
        let size = result.image().map_or(0, |i| i.size());
        eprintln!(
            "{:<58} {:<7} {:>5} {:>12}",
            case.case,
            if error.is_none() { "yes" } else { "no" },
            result.warnings.len(),
            size
        );
        match (&case.expect, &case.gap, &error) {
            (Expect::Builds(word), None, None) if word == "builds" => built += 1,
            (Expect::Builds(_), Some(gap), Some(e)) if e.contains(&gap.error) => {
                gaps += 1;
                eprintln!("    gap: {}", gap.why);
            }
            (Expect::Builds(_), Some(_), None) => {
                wrong.push(format!("{}: builds now; strike its gap off", case.case))
            }
            (Expect::Fails { fails, why }, None, Some(e)) if e.contains(fails) => {
                eprintln!("    fails as with Docker: {why}");
                built += 1;
            }
            _ => wrong.push(format!(
                "{}: expected {}, got {}",
                case.case,
                match (&case.expect, &case.gap) {
                    (_, Some(gap)) => format!("today's gap `{}`", gap.error),
                    (Expect::Builds(_), None) => "a build".to_string(),
                    (Expect::Fails { fails, .. }, None) => format!("Docker's failure `{fails}`"),
                },
                error.as_deref().unwrap_or("a build")
            )),
        }
    }
    eprintln!(
        "{built} of {} cases do as Docker does; {gaps} gaps",
        cases.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
