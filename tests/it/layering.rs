//! The layering, held by a test: the front end, the engine, the analysis
//! and the lessons import only what lies below them, and no web crate
//! appears outside the web app. A crate split would hold it by
//! construction, but would double the build's units and the fuzz crate's
//! and Trunk's wiring for a rule this test enforces as surely, on every
//! `cargo test`, naming the file and the line that breaks it.

use std::collections::BTreeMap;
use std::path::Path;

/// Each top-level module and the modules it may use (`crate::X`).
const ALLOWED: &[(&str, &[&str])] = &[
    ("limits", &[]),
    ("fxhash", &[]),
    ("dockerfile", &["limits", "fxhash"]),
    ("engine", &["dockerfile", "limits", "fxhash"]),
    ("analysis", &["engine", "dockerfile", "limits", "fxhash"]),
    (
        "lessons",
        &["analysis", "engine", "dockerfile", "limits", "fxhash"],
    ),
    (
        "cli",
        &[
            "lessons",
            "analysis",
            "engine",
            "dockerfile",
            "limits",
            "fxhash",
        ],
    ),
    (
        "ui",
        &[
            "lessons",
            "analysis",
            "engine",
            "dockerfile",
            "limits",
            "fxhash",
        ],
    ),
];

/// Crates of the browser: only the web app (and the binary that mounts it)
/// may name them.
const WEB_CRATES: &[&str] = &["yew", "web_sys", "js_sys", "wasm_bindgen", "gloo"];
const WEB_MODULES: &[&str] = &["ui", "main"];

/// The modules `crate::` paths in `text` name, with their lines: plain
/// paths (`crate::engine::x`) and grouped ones (`crate::{engine::x, ...}`).
/// In a module's own file (`depth` 1, `src/engine.rs`) `super::` is the
/// crate too; deeper, inline modules (`mod tests`) make a count of
/// `super::` ambiguous, and the code uses `crate::` to go up anyway.
fn crate_paths(text: &str, depth: usize) -> Vec<(usize, String)> {
    let root = if depth == 1 { "super::" } else { "crate::" };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        loop {
            let plain = rest.find("crate::").map(|at| (at, "crate::".len()));
            let upward = rest.find(root).map(|at| (at, root.len()));
            let next = match (plain, upward) {
                (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
                (a, b) => a.or(b),
            };
            let Some((at, len)) = next else {
                break;
            };
            rest = &rest[at + len..];
            // More `super::` than reach the crate: not a path of ours.
            while let Some(more) = rest.strip_prefix("super::") {
                rest = more;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let inside = group.split('}').next().unwrap_or_default();
                for item in inside.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push((i + 1, name));
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push((i + 1, name));
            }
        }
    }
    out
}

/// Whether `text` names a web crate as a path (`yew::`, `use web_sys`).
fn web_crate_lines(text: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for krate in WEB_CRATES {
            let named = code.match_indices(krate).any(|(at, _)| {
                let before = code[..at].chars().last();
                let after = &code[at + krate.len()..];
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    && (after.starts_with("::") || after.starts_with(';'))
            });
            if named {
                out.push((i + 1, *krate));
            }
        }
    }
    out
}

/// What breaks the layering in one file of `module`, `depth` modules
/// below the crate.
fn breaches(module: &str, file: &str, depth: usize, text: &str) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut out = Vec::new();
    for (line, used) in crate_paths(text, depth) {
        if used == module {
            continue;
        }
        match allowed.get(module) {
            Some(may) if may.contains(&used.as_str()) => {}
            // `main.rs` and `lib.rs` sit above everything.
            None => {}
            Some(_) => out.push(format!("{file}:{line}: {module} uses crate::{used}")),
        }
    }
    if !WEB_MODULES.contains(&module) {
        for (line, krate) in web_crate_lines(text) {
            out.push(format!(
                "{file}:{line}: {module} names the web crate {krate}"
            ));
        }
    }
    out
}

/// Every `.rs` file below `dir`.
pub(crate) fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_imports_only_what_lies_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    assert!(files.len() > 100, "{} files", files.len());
    let mut found = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(&src).expect("below src");
        let module = rel
            .components()
            .next()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .unwrap_or_default();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("source");
        // `engine/shell/expand.rs` is engine::shell::expand: three down.
        let depth = rel.components().count();
        found.extend(breaches(&module, &rel.display().to_string(), depth, &text));
    }
    assert!(
        found.is_empty(),
        "the layering is broken:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import_and_a_web_crate() {
    let engine = "use crate::dockerfile::Span;\nuse crate::{limits, analysis::Report};\nfn f() { crate::ui::app::App; }\nuse super::layer;\n";
    assert_eq!(
        breaches("engine", "engine/x.rs", 2, engine),
        [
            "engine/x.rs:2: engine uses crate::analysis",
            "engine/x.rs:3: engine uses crate::ui"
        ]
    );
    // From the module's own file, one `super::` is the crate.
    assert_eq!(
        breaches("engine", "engine.rs", 1, "use super::ui::App;\n"),
        ["engine.rs:1: engine uses crate::ui"]
    );
    let web =
        "let w = web_sys::window();\n// yew:: in a comment\nuse gloo;\nlet my_yew_thing = 1;\n";
    assert_eq!(
        breaches("analysis", "analysis/x.rs", 2, web),
        [
            "analysis/x.rs:1: analysis names the web crate web_sys",
            "analysis/x.rs:3: analysis names the web crate gloo"
        ]
    );
    assert!(breaches("ui", "ui/x.rs", 2, web).is_empty());
}
