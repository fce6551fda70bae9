//! `go test`: finds each package's `_test.go` files and their `TestXxx`
//! functions, keeps those `-run` (and `-skip`) select, and reports per
//! package as go test does: `ok`, `? [no test files]`, `[no tests to run]`.
//! Tests pass, except under a grader's what-if
//! ([`crate::engine::plan::BuildOptions::failing`]), where a package's
//! first selected test fails: a test can fail only if it runs.

use crate::engine::vfs::Node;

use super::super::cost;
use super::super::state::{Io, Shell};
use super::go::{fill_build_cache, find_go_mod, no_go_mod, parse_go_mod};

/// The flags of go test (and of the test binary) that take a value when
/// not written `-flag=value`.
const VALUED: &[&str] = &[
    "-run",
    "-skip",
    "-count",
    "-timeout",
    "-tags",
    "-p",
    "-parallel",
    "-bench",
    "-benchtime",
    "-coverprofile",
    "-covermode",
    "-coverpkg",
    "-cpu",
    "-exec",
    "-o",
    "-mod",
    "-C",
    "-ldflags",
    "-gcflags",
    "-list",
    "-shuffle",
    "-vet",
];

struct TestFlags {
    run: Option<String>,
    skip: Option<String>,
    verbose: bool,
    packages: Vec<String>,
    /// `-c` (compile the test binary only), `-list` (print the tests'
    /// names), `-exec PROG` (the binary run by another program): go
    /// itself runs no test.
    runs_none: bool,
    help: bool,
}

fn flags(args: &[String]) -> TestFlags {
    let mut flags = TestFlags {
        run: None,
        skip: None,
        verbose: false,
        packages: Vec::new(),
        runs_none: false,
        help: false,
    };
    let mut rest = args.iter().map(|a| match a.strip_prefix("--") {
        Some(flag) if !flag.is_empty() => format!("-{flag}"),
        _ => a.clone(),
    });
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with('-') => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let value = if VALUED.contains(&name.as_str()) {
            inline.or_else(|| rest.next())
        } else {
            inline
        };
        match name.as_str() {
            "-run" | "-test.run" => flags.run = value,
            "-skip" | "-test.skip" => flags.skip = value,
            "-v" | "-test.v" => flags.verbose = value.as_deref() != Some("false"),
            "-c" | "-list" | "-test.list" | "-exec" => flags.runs_none = true,
            // Each test runs this many times: none.
            "-count" | "-test.count" if value.as_deref() == Some("0") => flags.runs_none = true,
            "-h" | "-help" => flags.help = true,
            n if n.starts_with('-') => {}
            _ => flags.packages.push(arg),
        }
    }
    flags
}

pub fn run(shell: &mut Shell, argv: &[String], io: &mut Io) -> i32 {
    // GOFLAGS come first; the command line's own flags after them.
    let mut words: Vec<String> = shell
        .var("GOFLAGS")
        .map(|f| f.split_whitespace().map(String::from).collect())
        .unwrap_or_default();
    words.extend(argv.get(2..).unwrap_or_default().iter().cloned());
    let flags = flags(&words);
    if flags.help {
        io.err("usage: go test [build/test flags] [packages] [build/test flags & test binary flags]\nRun 'go help test' and 'go help testflag' for details.\n");
        return 2;
    }
    let Some((module_dir, text)) = find_go_mod(shell) else {
        return no_go_mod(io);
    };
    let (module, _) = parse_go_mod(&text);
    let failing = shell
        .failing
        .as_deref()
        .is_some_and(|words| crate::engine::step::invokes(argv, words));
    let patterns = if flags.packages.is_empty() {
        vec![".".to_string()]
    } else {
        flags.packages.clone()
    };
    let mut status = 0;
    // `go test a_test.go b.go`: those files, as command-line-arguments.
    let files: Vec<&String> = patterns.iter().filter(|p| p.ends_with(".go")).collect();
    if !files.is_empty() {
        let tests: Vec<String> = files
            .iter()
            .filter(|f| f.ends_with("_test.go"))
            .filter_map(|f| shell.fs.read(&shell.path(f)).ok())
            .filter_map(|c| c.as_text().map(test_names))
            .flatten()
            .filter(|t| flags.run.as_deref().is_none_or(|p| matches(p, t)))
            .filter(|t| !flags.skip.as_deref().is_some_and(|p| matches(p, t)))
            .collect();
        if tests.is_empty() || flags.runs_none {
            io.out("?   \tcommand-line-arguments\t[no test files]\n");
            return 0;
        }
        if failing {
            io.out(&format!(
                "--- FAIL: {} (0.00s)\nFAIL\nFAIL\tcommand-line-arguments\t0.004s\nFAIL\n",
                tests[0]
            ));
            return 1;
        }
        io.out("ok  \tcommand-line-arguments\t0.004s\n");
        return 0;
    }
    for pattern in &patterns {
        let recursive = pattern.ends_with("/...") || pattern == "...";
        let base = shell.path(pattern.trim_end_matches("...").trim_end_matches('/'));
        let base = if base.is_empty() { "/".into() } else { base };
        let packages = package_dirs(shell, &base, recursive);
        if packages.is_empty() {
            let shown = pattern.trim_start_matches("./");
            io.err(&format!("no Go files in {base}\n"));
            if !recursive {
                return 1;
            }
            io.err(&format!("go: warning: \"{shown}\" matched no packages\n"));
            continue;
        }
        for (dir, tests) in packages {
            let rel = dir
                .strip_prefix(module_dir.trim_end_matches('/'))
                .unwrap_or("");
            let import = format!("{module}{rel}");
            shell.work += cost::go_build(4, 0);
            fill_build_cache(shell, &format!("{dir}.test"), 3_000_000);
            if tests.is_none() {
                io.out(&format!("?   \t{import}\t[no test files]\n"));
                continue;
            }
            let selected: Vec<String> = tests
                .unwrap_or_default()
                .into_iter()
                .filter(|t| flags.run.as_deref().is_none_or(|p| matches(p, t)))
                .filter(|t| !flags.skip.as_deref().is_some_and(|p| matches(p, t)))
                .collect();
            if flags.runs_none {
                // Compiled (or listed, or handed to another program): no
                // test runs here, so none can fail.
                continue;
            }
            if selected.is_empty() {
                if flags.verbose {
                    io.out("testing: warning: no tests to run\nPASS\n");
                }
                io.out(&format!("ok  \t{import}\t0.002s [no tests to run]\n"));
                continue;
            }
            if failing {
                io.out(&format!(
                    "--- FAIL: {} (0.00s)\n    made to fail by the grader's what-if\nFAIL\nFAIL\t{import}\t0.004s\n",
                    selected[0]
                ));
                status = 1;
                continue;
            }
            if flags.verbose {
                for test in &selected {
                    io.out(&format!("=== RUN   {test}\n--- PASS: {test} (0.00s)\n"));
                }
                io.out("PASS\n");
            }
            io.out(&format!("ok  \t{import}\t0.004s\n"));
        }
    }
    if status != 0 {
        io.out("FAIL\n");
    }
    status
}

/// The package directories under `base` (itself only, unless recursive):
/// each with its test names, or None when it has no `_test.go` file.
/// Directories named `vendor`, `testdata`, or starting with `.` or `_`
/// are skipped, as go does.
fn package_dirs(shell: &Shell, base: &str, recursive: bool) -> Vec<(String, Option<Vec<String>>)> {
    let mut dirs = vec![base.to_string()];
    if recursive {
        for (path, node) in shell.fs.walk_under(base) {
            let skipped = path
                .split('/')
                .any(|part| part == "vendor" || part == "testdata" || part.starts_with(['.', '_']));
            if matches!(node, Node::Dir(_)) && !skipped {
                dirs.push(format!("{}/{path}", base.trim_end_matches('/')));
            }
        }
    }
    let mut found = Vec::new();
    for dir in dirs {
        let Some(entries) = shell
            .fs
            .resolve(&dir, true)
            .ok()
            .and_then(|d| shell.fs.get(&d).and_then(Node::as_dir).cloned())
        else {
            continue;
        };
        let go_files: Vec<String> = entries
            .entries
            .keys()
            .filter(|k| k.ends_with(".go"))
            .cloned()
            .collect();
        if go_files.is_empty() {
            continue;
        }
        let test_files: Vec<&String> = go_files
            .iter()
            .filter(|k| k.ends_with("_test.go"))
            .collect();
        let tests = (!test_files.is_empty()).then(|| {
            test_files
                .iter()
                .filter_map(|f| {
                    shell
                        .fs
                        .read(&format!("{}/{f}", dir.trim_end_matches('/')))
                        .ok()
                })
                .filter_map(|c| c.as_text().map(test_names))
                .flatten()
                .collect()
        });
        found.push((dir, tests));
    }
    found
}

/// The `func TestXxx(` names of a test file (Xxx not starting with a
/// lower-case letter; `TestMain` sets the tests up and is not one).
fn test_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("func Test"))
        .filter_map(|rest| {
            let end = rest.find('(')?;
            let suffix = &rest[..end];
            let valid = suffix.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !suffix.starts_with(|c: char| c.is_lowercase())
                && suffix != "Main";
            valid.then(|| format!("Test{suffix}"))
        })
        .collect()
}

/// Whether go's `-run` pattern selects a top-level test: its first
/// `/`-separated part, an unanchored regular expression. This matcher
/// knows `|`, `^`, `$`, `.`, `*`, `+`, `?` and `\` escapes; a pattern with
/// other syntax (classes, groups) is taken to match.
pub(crate) fn matches(pattern: &str, name: &str) -> bool {
    let top = pattern.split('/').next().unwrap_or_default();
    if top.contains(['[', '(', '{']) {
        return true;
    }
    top.split('|').any(|branch| {
        let anchored = branch.starts_with('^');
        let atoms = atoms(branch.trim_start_matches('^'));
        let starts: Vec<usize> = if anchored {
            vec![0]
        } else {
            (0..=name.len()).collect()
        };
        let chars: Vec<char> = name.chars().collect();
        // Failures already seen, by (atom, position): each pair is tried
        // once, so a pattern like `a*a*a*...c` cannot backtrack for ever.
        let mut failed = std::collections::HashSet::new();
        starts
            .into_iter()
            .filter(|&s| s <= chars.len())
            .any(|s| match_at(&atoms, 0, &chars, s, &mut failed))
    })
}

#[derive(Clone, Copy)]
enum Atom {
    Char(char, Repeat),
    Any(Repeat),
    End,
}

#[derive(Clone, Copy, PartialEq)]
enum Repeat {
    One,
    Star,
    Plus,
    Optional,
}

fn atoms(pattern: &str) -> Vec<Atom> {
    let mut out = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let (is_any, literal) = match c {
            '\\' => (false, chars.next().unwrap_or('\\')),
            '.' => (true, '.'),
            '$' if chars.peek().is_none() => {
                out.push(Atom::End);
                continue;
            }
            c => (false, c),
        };
        let repeat = match chars.peek() {
            Some('*') => Repeat::Star,
            Some('+') => Repeat::Plus,
            Some('?') => Repeat::Optional,
            _ => Repeat::One,
        };
        if repeat != Repeat::One {
            chars.next();
        }
        out.push(if is_any {
            Atom::Any(repeat)
        } else {
            Atom::Char(literal, repeat)
        });
    }
    out
}

fn match_at(
    atoms: &[Atom],
    a: usize,
    text: &[char],
    at: usize,
    failed: &mut std::collections::HashSet<(usize, usize)>,
) -> bool {
    let Some(first) = atoms.get(a) else {
        return true;
    };
    if failed.contains(&(a, at)) {
        return false;
    }
    let (accepts, repeat): (&dyn Fn(char) -> bool, Repeat) = match first {
        Atom::End => return at == text.len(),
        Atom::Char(c, r) => (&move |t| t == *c, *r),
        Atom::Any(r) => (&|_| true, *r),
    };
    let (min, max) = match repeat {
        Repeat::One => (1, 1),
        Repeat::Optional => (0, 1),
        Repeat::Star => (0, usize::MAX),
        Repeat::Plus => (1, usize::MAX),
    };
    let run = text[at..]
        .iter()
        .take_while(|&&t| accepts(t))
        .count()
        .min(max);
    let matched = (min..=run)
        .rev()
        .any(|n| match_at(atoms, a + 1, text, at + n, failed));
    if !matched {
        failed.insert((a, at));
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::Catalog;

    #[test]
    fn run_patterns_select_tests_as_go_does() {
        assert!(matches("Greet", "TestGreeting"));
        assert!(matches("^TestGreet$", "TestGreet"));
        assert!(!matches("^TestGreet$", "TestGreeting"));
        assert!(!matches("NOTHING", "TestGreet"));
        assert!(matches("Foo|Greet", "TestGreet"));
        assert!(matches("Test.*ing", "TestGreeting"));
        assert!(!matches("^Greet", "TestGreet"));
        assert!(matches("TestGreet/sub", "TestGreet"));
        assert!(matches("Test[A-Z]", "TestGreet"));
        // A pattern that would backtrack for ever answers at once.
        let pattern = format!("{}c", "a*".repeat(200));
        assert!(!matches(&pattern, &format!("Test{}", "a".repeat(200))));
    }

    /// Writes `files` in golang:1.22, then runs `script` in /src.
    fn go_test(files: &[(&str, &str)], script: &str, failing: Option<&str>) -> (i32, String) {
        let catalog = crate::engine::catalog::builtin();
        let base = catalog.resolve("golang:1.22").image().clone();
        let mut fs = base.filesystem.clone();
        let mut sh = Shell::new(&mut fs, catalog, base.shell, "/bin/sh");
        for (k, v) in base.config.env_pairs() {
            sh.export(&k, Some(&v));
        }
        for (path, text) in files {
            sh.export("TEXT", Some(text));
            let write = format!("mkdir -p $(dirname {path}) && printf %s \"$TEXT\" > {path}");
            assert_eq!(sh.run_script(&write, &mut Io::default()).status(), 0);
        }
        sh.cwd = "/src".into();
        sh.failing = failing.map(str::to_string);
        let mut io = Io::default();
        let status = sh.run_script(script, &mut io).status();
        (status, String::from_utf8_lossy(&io.stdout).into_owned())
    }

    #[test]
    fn go_test_reports_each_package_as_go_does() {
        let files = [
            (
                "/src/go.mod",
                "module example.com/m

go 1.22
",
            ),
            (
                "/src/main.go",
                "package main
func main() {}
",
            ),
            (
                "/src/main_test.go",
                "package main
import \"testing\"
func TestMain(m *testing.M) {}
func TestA(t *testing.T) {}
",
            ),
            (
                "/src/util/util.go",
                "package util
",
            ),
        ];
        let (status, out) = go_test(&files, "go test ./...", None);
        assert_eq!(status, 0);
        assert_eq!(
            out,
            "ok  \texample.com/m\t0.004s\n?   \texample.com/m/util\t[no test files]\n"
        );
        let (status, out) = go_test(&files, "go test -run B .", None);
        assert_eq!(
            (status, out.as_str()),
            (0, "ok  \texample.com/m\t0.002s [no tests to run]\n")
        );
        // The what-if fails the first test that runs, and only one that runs.
        let (status, out) = go_test(&files, "go test ./...", Some("go test"));
        assert_eq!(status, 1);
        assert!(out.starts_with("--- FAIL: TestA (0.00s)\n"), "{out}");
        assert!(
            out.ends_with(
                "FAIL\texample.com/m\t0.004s\n?   \texample.com/m/util\t[no test files]\nFAIL\n"
            ),
            "{out}"
        );
        assert_eq!(go_test(&files, "go test -run B .", Some("go test")).0, 0);
        assert_eq!(go_test(&files[..1], "go test .", None).0, 1);
        // Flags that run no test: the what-if finds nothing to fail.
        for script in [
            "go test -c .",
            "go test -list . ./...",
            "go test -exec true ./...",
            "GOFLAGS=-run=NOTHING go test ./...",
            "go test ./main.go",
        ] {
            assert_eq!(go_test(&files, script, Some("go test")).0, 0, "{script}");
        }
        assert_eq!(
            go_test(&files, "go test ./main_test.go ./main.go", Some("go test")).0,
            1
        );
        assert_eq!(go_test(&files, "go test -h", None).0, 2);
    }

    #[test]
    fn test_functions_are_found_by_gos_rule() {
        let text = "package main\nfunc TestGreet(t *testing.T) {}\nfunc Testing(t *testing.T) {}\nfunc Test(t *testing.T) {}\nfunc TestMain(m *testing.M) {}\nfunc helper() {}\n";
        assert_eq!(test_names(text), ["TestGreet", "Test"]);
    }
}
