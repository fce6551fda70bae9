//! The `.dockerignore` matcher: no panic, no hang, the same answer twice,
//! a deciding line that is a line of the file, and a path judged as its
//! cleaned form is.
//!
//! Input: UTF-8 `PATTERNS\0PATHS` (the .dockerignore text, then one path a
//! line), or without NUL: every line but the last is a pattern, the last
//! line is the path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft::dockerfile::ignore::{clean_path, read_ignore_file, IgnoreMatcher};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (patterns, paths): (&str, Vec<&str>) = match text.split_once('\0') {
        Some((p, paths)) => (p, paths.split('\n').collect()),
        None => match text.rsplit_once('\n') {
            Some((p, path)) => (p, vec![path]),
            None => ("", vec![text]),
        },
    };
    let (matcher, diagnostics) = IgnoreMatcher::from_text(patterns);
    let (again, diagnostics_again) = IgnoreMatcher::from_text(patterns);
    assert_eq!(diagnostics, diagnostics_again);
    let line_count = patterns.split('\n').count();
    for line in read_ignore_file(patterns) {
        assert!(line.line >= 1 && line.line <= line_count, "{line:?}");
    }
    for path in paths {
        let cleaned = clean_path(path);
        assert_eq!(clean_path(&cleaned), cleaned, "clean_path is idempotent");
        let decided = matcher.deciding_line(path);
        assert_eq!(decided, again.deciding_line(path), "matching is deterministic");
        assert_eq!(decided, matcher.deciding_line(path), "matching is deterministic");
        assert_eq!(matcher.is_excluded(path), decided.is_some_and(|(e, _)| e));
        assert_eq!(decided, matcher.deciding_line(&cleaned), "{path:?} vs {cleaned:?}");
        if let Some((_, line)) = decided {
            assert!(line >= 1 && line <= line_count, "line {line} of {line_count}");
        }
    }
});
