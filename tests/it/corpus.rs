//! The upstream conformance suites under `$STAGECRAFT_CORPORA` (default
//! `../shared/corpora`): every case folder or line found is a test case, so
//! a case dropped into those folders is run without a code change. Each
//! suite prints `SUITE: N/M passed`, names every failing case, and fails if
//! any case fails; a suite whose folder is absent is skipped with a notice.

use std::fs;
use std::path::{Path, PathBuf};

use stagecraft::dockerfile::dump::dump;
use stagecraft::dockerfile::expand::Lex;
use stagecraft::dockerfile::ignore::{IgnoreLine, IgnoreMatcher};
use stagecraft::dockerfile::instruction::Dockerfile;
use stagecraft::dockerfile::parse;

pub fn corpora_dir() -> PathBuf {
    match std::env::var_os("STAGECRAFT_CORPORA") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"),
    }
}

/// The suite's folder, or None after printing why it is skipped.
fn suite_dir(suite: &str) -> Option<PathBuf> {
    let dir = corpora_dir().join(suite);
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("{suite}: skipped, {} is absent", dir.display());
        None
    }
}

/// Collects case outcomes and reports them the same way for every suite.
struct Report {
    suite: String,
    total: usize,
    failures: Vec<String>,
}

impl Report {
    fn new(suite: &str) -> Report {
        Report {
            suite: suite.to_string(),
            total: 0,
            failures: Vec::new(),
        }
    }

    fn case(&mut self, name: &str, outcome: Result<(), String>) {
        self.total += 1;
        if let Err(why) = outcome {
            self.failures.push(format!("{name}: {why}"));
        }
    }

    fn finish(self) {
        let passed = self.total - self.failures.len();
        println!("{}: {}/{} passed", self.suite, passed, self.total);
        for failure in &self.failures {
            println!("  FAILED {failure}");
        }
        assert!(self.total > 0, "{}: no cases found", self.suite);
        assert!(
            self.failures.is_empty(),
            "{}: {} of {} cases failed:\n{}",
            self.suite,
            self.failures.len(),
            self.total,
            self.failures.join("\n")
        );
    }
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> Result<String, String> {
    fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn case_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

#[test]
fn buildkit_parser_testfiles() {
    let Some(dir) = suite_dir("buildkit-parser/testfiles") else {
        return;
    };
    let mut report = Report::new("buildkit-parser/testfiles");
    for case in sorted_dirs(&dir) {
        let outcome = (|| {
            let source = read(&case.join("Dockerfile"))?;
            let expected = read(&case.join("result"))?;
            let ast = parse(&source);
            if ast.has_errors() {
                let errors: Vec<String> = ast.diagnostics.iter().map(|d| d.to_string()).collect();
                return Err(format!("unexpected errors: {errors:?}"));
            }
            let got = dump(&ast.nodes);
            if got != expected {
                return Err(format!(
                    "dump differs\n--- expected\n{expected}--- got\n{got}"
                ));
            }
            Ok(())
        })();
        report.case(&case_name(&case), outcome);
    }
    report.finish();
}

#[test]
fn buildkit_parser_negative_testfiles() {
    let Some(dir) = suite_dir("buildkit-parser/testfiles-negative") else {
        return;
    };
    let mut report = Report::new("buildkit-parser/testfiles-negative");
    for case in sorted_dirs(&dir) {
        let outcome = read(&case.join("Dockerfile")).and_then(|source| {
            if Dockerfile::parse(&source).has_errors() {
                Ok(())
            } else {
                Err("parsed without an error".to_string())
            }
        });
        report.case(&case_name(&case), outcome);
    }
    report.finish();
}

/// BuildKit's `TestLineInformation` expects these lines for its
/// `testfile-line` Dockerfile: the file spans lines 5 to 31, its three
/// instructions 5-5, 11-12 and 17-31.
#[test]
fn buildkit_parser_line_information() {
    let Some(dir) = suite_dir("buildkit-parser/testfile-line") else {
        return;
    };
    let mut report = Report::new("buildkit-parser/testfile-line");
    let outcome = read(&dir.join("Dockerfile")).and_then(|source| {
        let ast = parse(&source);
        let lines: Vec<(usize, usize)> = ast
            .nodes
            .iter()
            .map(|n| (n.start_line, n.end_line))
            .collect();
        if lines == [(5, 5), (11, 12), (17, 31)] {
            Ok(())
        } else {
            Err(format!("instruction lines {lines:?}"))
        }
    });
    report.case("Dockerfile", outcome);
    report.finish();
}

/// `envVarTest`: `PLATFORM|input|expected`, expanded as one word against
/// PWD, SHELL, KOREAN and an empty NULL; `W` (Windows) lines do not apply.
#[test]
fn buildkit_shell_env_var_test() {
    let Some(dir) = suite_dir("buildkit-shell") else {
        return;
    };
    let path = dir.join("envVarTest");
    let mut report = Report::new("buildkit-shell/envVarTest");
    let text = match read(&path) {
        Ok(text) => text,
        Err(e) => {
            report.case("envVarTest", Err(e));
            return report.finish();
        }
    };
    let env: Vec<(String, String)> = [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let lex = Lex::new('\\');
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let name = format!("line {}: {line}", number + 1);
        let fields: Vec<&str> = line.split('|').collect();
        if fields.len() != 3 {
            report.case(&name, Err("not PLATFORM|input|expected".into()));
            continue;
        }
        let (platform, input, expected) = (fields[0].trim(), fields[1].trim(), fields[2].trim());
        if platform == "W" {
            continue;
        }
        let got = lex.process_word(input, &env);
        let outcome = match (expected, got) {
            ("error", Err(_)) => Ok(()),
            ("error", Ok(word)) => Err(format!("expected an error, got {word:?}")),
            (expected, Ok(word)) if word == expected => Ok(()),
            (expected, Ok(word)) => Err(format!("expected {expected:?}, got {word:?}")),
            (_, Err(e)) => Err(format!("unexpected error: {e}")),
        };
        report.case(&name, outcome);
    }
    report.finish();
}

/// `wordsTest`: `input | w1,w2,...` expanded and split; `ENV k=v` lines add
/// to the environment of later lines.
#[test]
fn buildkit_shell_words_test() {
    let Some(dir) = suite_dir("buildkit-shell") else {
        return;
    };
    let mut report = Report::new("buildkit-shell/wordsTest");
    let text = match read(&dir.join("wordsTest")) {
        Ok(text) => text,
        Err(e) => {
            report.case("wordsTest", Err(e));
            return report.finish();
        }
    };
    let mut env: Vec<(String, String)> = Vec::new();
    let lex = Lex::new('\\');
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("ENV ") {
            let rest = rest.trim_start_matches(' ');
            let (k, v) = rest.split_once('=').unwrap_or((rest, ""));
            env.push((k.to_string(), v.to_string()));
            continue;
        }
        let name = format!("line {}: {line}", number + 1);
        let Some((input, expected)) = line.split_once('|') else {
            report.case(&name, Err("no | in the line".into()));
            continue;
        };
        let expected: Vec<&str> = expected.trim_start_matches(' ').split(',').collect();
        let got = lex
            .process_words(input.trim(), &env)
            .unwrap_or_else(|_| vec!["error".to_string()]);
        let outcome = if got == expected {
            Ok(())
        } else {
            Err(format!("expected {expected:?}, got {got:?}"))
        };
        report.case(&name, outcome);
    }
    report.finish();
}

/// `matches_cases.json`: each case's patterns against its path, as
/// `MatchesOrParentMatches`.
#[test]
fn patternmatcher_matches() {
    let Some(dir) = suite_dir("patternmatcher") else {
        return;
    };
    let mut report = Report::new("patternmatcher/matches_cases.json");
    let cases = read(&dir.join("matches_cases.json")).and_then(|text| {
        serde_json::from_str::<serde_json::Value>(&text).map_err(|e| e.to_string())
    });
    let cases = match cases {
        Ok(json) => json["cases"].as_array().cloned().unwrap_or_default(),
        Err(e) => {
            report.case("matches_cases.json", Err(e));
            return report.finish();
        }
    };
    for case in cases {
        let patterns: Vec<String> = case["patterns"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let path = case["path"].as_str().unwrap_or_default();
        let expected = case["match"].as_bool().unwrap_or_default();
        let name = format!("{patterns:?} ~ {path:?}");
        let lines: Vec<IgnoreLine> = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| IgnoreLine {
                line: i + 1,
                pattern: p.clone(),
            })
            .collect();
        let (matcher, diagnostics) = IgnoreMatcher::new(&lines, &patterns.join("\n"));
        let outcome = if !diagnostics.is_empty() {
            Err(format!("bad patterns: {diagnostics:?}"))
        } else if matcher.is_excluded(path) == expected {
            Ok(())
        } else {
            Err(format!("expected match={expected}"))
        };
        report.case(&name, outcome);
    }
    report.finish();
}
