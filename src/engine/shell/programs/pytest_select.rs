//! Which tests a `pytest` command would run: its collection (the paths
//! given, or `testpaths` from its configuration, or the working
//! directory; `test_*.py` and `*_test.py` files; `test*` functions and
//! methods of `Test*` classes), narrowed by `-k` and `::name`, with the
//! options that run nothing (`--collect-only`, `--version`, `--help`).
//! Stagecraft does not run Python, so a grader's what-if
//! ([`crate::engine::plan::BuildOptions::failing`]) asks this whether a
//! failing test could make the command fail: only a test that runs can.

use crate::engine::vfs::{split_parent, Node};

use super::super::state::Shell;

/// Options that print something and run no test.
const RUN_NOTHING: &[&str] = &[
    "--version",
    "-V",
    "--collect-only",
    "--co",
    "-h",
    "--help",
    "--fixtures",
    "--fixtures-per-test",
    "--markers",
    "--setup-plan",
    "--setup-only",
    "--cache-show",
];

/// Options that take a value when not written `--name=value`.
const VALUED: &[&str] = &[
    "-k",
    "-m",
    "-c",
    "-p",
    "-o",
    "-W",
    "-n",
    "--rootdir",
    "--tb",
    "--maxfail",
    "--junitxml",
    "--junit-xml",
    "--cov",
    "--cov-report",
    "--ignore",
    "--ignore-glob",
    "--deselect",
    "--basetemp",
    "--confcutdir",
    "--durations",
    "--log-level",
    "--import-mode",
    "--capture",
];

/// Directories pytest does not recurse into (its `norecursedirs`
/// default), besides virtual environments.
const NOT_RECURSED: &[&str] = &["build", "dist", "node_modules", "venv", "CVS", "_darcs"];

/// Whether `argv` runs pytest (`pytest`, `py.test`, `python -m pytest`).
pub fn is_pytest(argv: &[String]) -> bool {
    let name = |w: &String| split_parent(w).1.to_string();
    match argv.first().map(name).as_deref() {
        Some("pytest" | "py.test") => true,
        Some(p) if p.starts_with("python") => {
            argv.get(1).is_some_and(|a| a == "-m") && argv.get(2).is_some_and(|m| m == "pytest")
        }
        _ => false,
    }
}

/// What a pytest command would do with its tests.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    /// It prints something (its version, the collection) and runs none.
    Informational,
    /// It runs this many.
    Runs(usize),
    /// It collects this many and selects none: pytest exits 5.
    NoneSelected(usize),
}

/// Whether this pytest command would run at least one test.
pub fn runs_a_test(shell: &Shell, argv: &[String]) -> bool {
    matches!(plan(shell, argv), Plan::Runs(_))
}

/// The words of a setting (`addopts`, `testpaths`) in the first of
/// pytest's configuration files in the working directory that has it.
fn setting(shell: &Shell, key: &str) -> Vec<String> {
    for file in ["pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg"] {
        let Some(text) = shell
            .fs
            .read(&shell.path(file))
            .ok()
            .and_then(|c| c.as_text().map(str::to_string))
        else {
            continue;
        };
        if let Some(line) = text.lines().find(|l| l.trim_start().starts_with(key)) {
            let value = line.split_once('=').map(|(_, v)| v).unwrap_or_default();
            let words: Vec<String> = value
                .split([' ', '"', '\'', '[', ']', ','])
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect();
            if !words.is_empty() {
                return words;
            }
        }
    }
    Vec::new()
}

/// `addopts` of pytest's configuration and PYTEST_ADDOPTS, before the
/// command line's own words.
fn with_addopts(shell: &Shell, argv: &[String], skip: usize) -> Vec<String> {
    let mut words = setting(shell, "addopts");
    if let Some(env) = shell.var("PYTEST_ADDOPTS") {
        words.extend(env.split_whitespace().map(String::from));
    }
    words.extend(argv.iter().skip(skip).cloned());
    words
}

/// What this pytest command would do: see [`Plan`].
pub fn plan(shell: &Shell, argv: &[String]) -> Plan {
    let skip = if argv.get(1).is_some_and(|a| a == "-m") {
        3
    } else {
        1
    };
    let words = with_addopts(shell, argv, skip);
    let mut keyword = None;
    let mut ignored = Vec::new();
    let mut paths = Vec::new();
    let mut rest = words.iter();
    while let Some(arg) = rest.next() {
        if RUN_NOTHING.contains(&arg.as_str()) {
            return Plan::Informational;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ if arg.starts_with("-k") && arg.len() > 2 => ("-k", Some(arg[2..].to_string())),
            _ => (arg.as_str(), None),
        };
        let value = if VALUED.contains(&name) {
            inline.or_else(|| rest.next().cloned())
        } else {
            inline
        };
        match name {
            "-k" => keyword = value,
            "--ignore" => ignored.extend(value.map(|v| shell.path(&v))),
            n if n.starts_with('-') => {}
            _ => paths.push(arg.clone()),
        }
    }
    if paths.is_empty() {
        paths = testpaths(shell);
    }
    let tests = paths
        .iter()
        .flat_map(|p| collect(shell, p, &ignored))
        .collect::<Vec<_>>();
    let selected = tests
        .iter()
        .filter(|keywords| {
            keyword
                .as_deref()
                .is_none_or(|expression| selects(expression, keywords))
        })
        .count();
    match selected {
        0 => Plan::NoneSelected(tests.len()),
        n => Plan::Runs(n),
    }
}

/// pytest's report when it selects no test, and its status (5).
pub fn no_tests_ran(collected: usize) -> (String, i32) {
    let text = if collected == 0 {
        "collected 0 items\n\n============================ no tests ran in 0.01s =============================\n".to_string()
    } else {
        format!("collected {collected} items / {collected} deselected / 0 selected\n\n=========================== {collected} deselected in 0.01s ============================\n")
    };
    (text, 5)
}

/// `testpaths` from pytest.ini, pyproject.toml, tox.ini or setup.cfg in
/// the working directory, or the directory itself.
fn testpaths(shell: &Shell) -> Vec<String> {
    let paths = setting(shell, "testpaths");
    if paths.is_empty() {
        vec![".".into()]
    } else {
        paths
    }
}

/// The tests under `path` (a file, a directory, or `file::name`): each
/// as its keywords (function, class, module and directory names).
fn collect(shell: &Shell, path: &str, ignored: &[String]) -> Vec<Vec<String>> {
    let (path, wanted) = match path.split_once("::") {
        Some((p, name)) => (p, Some(name.rsplit("::").next().unwrap_or(name))),
        None => (path, None),
    };
    let full = shell.path(path);
    let files: Vec<String> = match shell.fs.lookup(&full, true) {
        Ok((_, Node::File(_))) => vec![full],
        Ok((_, Node::Dir(_))) => shell
            .fs
            .walk_under(&full)
            .into_iter()
            .filter(|(p, node)| matches!(node, Node::File(_)) && is_test_file(p))
            .map(|(p, _)| format!("{}/{p}", full.trim_end_matches('/')))
            .filter(|p| !recursed_past(shell, &full, p))
            .collect(),
        _ => Vec::new(),
    };
    files
        .iter()
        .filter(|f| !ignored.iter().any(|i| f.starts_with(i.as_str())))
        .flat_map(|file| {
            let text = shell
                .fs
                .read(file)
                .ok()
                .and_then(|c| c.as_text().map(str::to_string))
                .unwrap_or_default();
            tests_in(file, &text)
        })
        .filter(|keywords| wanted.is_none_or(|w| keywords.first().is_some_and(|k| k == w)))
        .collect()
}

fn is_test_file(path: &str) -> bool {
    let name = split_parent(path).1;
    name.ends_with(".py") && (name.starts_with("test_") || name.ends_with("_test.py"))
}

/// Whether a file lies in a directory pytest does not enter: a hidden
/// one, one of [`NOT_RECURSED`], or a virtual environment.
fn recursed_past(shell: &Shell, base: &str, file: &str) -> bool {
    let rel = file
        .strip_prefix(base.trim_end_matches('/'))
        .unwrap_or(file);
    let mut dir = base.trim_end_matches('/').to_string();
    let parts: Vec<&str> = rel.trim_start_matches('/').split('/').collect();
    parts[..parts.len().saturating_sub(1)].iter().any(|part| {
        dir = format!("{dir}/{part}");
        part.starts_with('.')
            || NOT_RECURSED.contains(part)
            || part.ends_with(".egg")
            || shell.fs.exists(&format!("{dir}/pyvenv.cfg"))
    })
}

/// A file's test functions (top level, or methods of a `Test*` class):
/// each as [name, class?, module, directories...].
fn tests_in(file: &str, text: &str) -> Vec<Vec<String>> {
    let module = split_parent(file).1.trim_end_matches(".py").to_string();
    let dirs: Vec<String> = split_parent(file)
        .0
        .split('/')
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect();
    let mut class: Option<String> = None;
    let mut tests = Vec::new();
    for line in text.lines() {
        let indented = line.starts_with([' ', '\t']);
        let code = line.trim_start();
        if !indented && !code.is_empty() && !code.starts_with(['#', '@', ')']) {
            class = code
                .strip_prefix("class ")
                .map(|c| {
                    c.split(['(', ':'])
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_string()
                })
                .filter(|c| c.starts_with("Test"));
        }
        let def = code
            .strip_prefix("async def ")
            .or_else(|| code.strip_prefix("def "));
        let Some(name) = def.and_then(|d| d.split('(').next()) else {
            continue;
        };
        if !name.starts_with("test") || (indented && class.is_none()) {
            continue;
        }
        let mut keywords = vec![name.to_string()];
        if indented {
            keywords.extend(class.clone());
        }
        keywords.push(module.clone());
        keywords.extend(dirs.iter().cloned());
        tests.push(keywords);
    }
    tests
}

/// The parentheses and `not`s a `-k` expression may hold.
const MAX_NESTING: usize = 64;

/// Whether `-k EXPRESSION` selects a test with these keywords: words
/// joined by `and`, `or`, `not` and parentheses, each a case-insensitive
/// substring of a keyword. An expression this cannot read selects.
pub(crate) fn selects(expression: &str, keywords: &[String]) -> bool {
    let spaced = expression.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    // Nesting deeper than this is not read (it selects): the reader
    // recurses once per parenthesis or `not`.
    if tokens.iter().filter(|t| matches!(**t, "(" | "not")).count() > MAX_NESTING {
        return true;
    }
    let mut at = 0;
    match or_expr(&tokens, &mut at, keywords) {
        Some(value) if at == tokens.len() => value,
        _ => true,
    }
}

fn or_expr(tokens: &[&str], at: &mut usize, keywords: &[String]) -> Option<bool> {
    let mut value = and_expr(tokens, at, keywords)?;
    while tokens.get(*at) == Some(&"or") {
        *at += 1;
        value |= and_expr(tokens, at, keywords)?;
    }
    Some(value)
}

fn and_expr(tokens: &[&str], at: &mut usize, keywords: &[String]) -> Option<bool> {
    let mut value = not_expr(tokens, at, keywords)?;
    while tokens.get(*at) == Some(&"and") {
        *at += 1;
        value &= not_expr(tokens, at, keywords)?;
    }
    Some(value)
}

fn not_expr(tokens: &[&str], at: &mut usize, keywords: &[String]) -> Option<bool> {
    let token = *tokens.get(*at)?;
    *at += 1;
    match token {
        "not" => not_expr(tokens, at, keywords).map(|v| !v),
        "(" => {
            let value = or_expr(tokens, at, keywords)?;
            (tokens.get(*at) == Some(&")")).then(|| *at += 1)?;
            Some(value)
        }
        ")" | "and" | "or" => None,
        word => {
            let word = word.to_lowercase();
            Some(keywords.iter().any(|k| k.to_lowercase().contains(&word)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn keyword_expressions_select_as_pytest_does() {
        let quote = keywords(&["test_quote", "test_app", "tests"]);
        assert!(selects("quote", &quote));
        assert!(selects("QUOTE and app", &quote));
        assert!(!selects("no_such_test", &quote));
        assert!(!selects("not quote", &quote));
        assert!(selects("(health or quote) and not slow", &quote));
        assert!(
            selects("quote and (", &quote),
            "unreadable: taken to select"
        );
    }

    #[test]
    fn tests_are_found_in_functions_and_test_classes() {
        let text = "import pytest\n\ndef test_a():\n    pass\n\ndef helper():\n    def test_inner():\n        pass\n\nclass TestQuote:\n    def test_b(self):\n        pass\n\nclass Helper:\n    def test_c(self):\n        pass\n\nasync def test_d():\n    pass\n";
        let found: Vec<String> = tests_in("/app/tests/test_x.py", text)
            .into_iter()
            .map(|k| k[0].clone())
            .collect();
        assert_eq!(found, ["test_a", "test_b", "test_d"]);
        assert_eq!(
            tests_in("/app/tests/test_x.py", text)[1],
            keywords(&["test_b", "TestQuote", "test_x", "app", "tests"])
        );
    }

    #[test]
    fn pytest_is_known_by_any_of_its_names() {
        for argv in [
            &["pytest"][..],
            &["/opt/venv/bin/py.test"],
            &["python3", "-m", "pytest"],
        ] {
            assert!(is_pytest(&keywords(argv)), "{argv:?}");
        }
        assert!(!is_pytest(&keywords(&["python", "-m", "pip"])));
    }
}
