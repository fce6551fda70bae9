//! `.dockerignore`: reading the file as BuildKit's `ignorefile.ReadAll` does
//! and matching paths as `patternmatcher.MatchesOrParentMatches` does: the
//! last matching pattern wins, `!` re-includes, and a path is excluded when
//! it or one of its parent directories matches.

use std::cell::Cell;

use serde::Serialize;

use super::diagnostic::{Diagnostic, DiagnosticKind};
use super::glob::{Glob, Piece, Token};
use super::source::LineIndex;

/// The patterns of a `.dockerignore` file, ready to match.
///
/// Matching costs patterns times paths times their lengths, which a hostile
/// file can make enormous: each matcher has a budget of work
/// ([`crate::limits::IGNORE_MATCH_WORK`]). Past it, every answer is "not
/// excluded" at no cost, and [`IgnoreMatcher::exhausted`] says so: the
/// caller stops with an error naming the limit.
#[derive(Clone, Debug)]
pub struct IgnoreMatcher {
    patterns: Vec<Pattern>,
    /// Work done so far (see [`crate::limits::IGNORE_MATCH_WORK`]), and
    /// how much it may do.
    work: Cell<u64>,
    budget: u64,
}

/// One pattern line, as read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IgnoreLine {
    /// 1-based line in the file.
    pub line: usize,
    /// The pattern after cleaning, `!` included.
    pub pattern: String,
}

#[derive(Clone, Debug)]
struct Pattern {
    text: String,
    exclusion: bool,
    line: usize,
    kind: MatchKind,
}

#[derive(Clone, Debug)]
enum MatchKind {
    Exact,
    /// `dir/**`: the text before `**`.
    Prefix(String),
    /// `**/name` and `**name`: the text after `**`.
    Suffix(String),
    Glob(Box<Glob>),
}

/// Which ignore file applies to a build: `<Dockerfile>.dockerignore` beside
/// the Dockerfile wins over `.dockerignore` at the context root. Paths are
/// relative to the context; `exists` says whether the context has a file.
pub fn ignore_file_for(dockerfile: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
    let specific = format!("{}.dockerignore", clean_path(dockerfile));
    if exists(&specific) {
        return Some(specific);
    }
    exists(".dockerignore").then(|| ".dockerignore".to_string())
}

/// `ignorefile.ReadAll`: one pattern a line; `#` lines are comments; white
/// space trimmed; paths cleaned; a leading `/` dropped.
pub fn read_ignore_file(text: &str) -> Vec<IgnoreLine> {
    let mut lines = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.starts_with('#') {
            continue;
        }
        let mut pattern = raw.trim();
        if pattern.is_empty() {
            continue;
        }
        let invert = pattern.starts_with('!');
        if invert {
            pattern = pattern[1..].trim();
        }
        let mut cleaned = String::new();
        if !pattern.is_empty() {
            cleaned = clean_path(pattern);
            if cleaned.len() > 1 && cleaned.starts_with('/') {
                cleaned.remove(0);
            }
        }
        if invert {
            cleaned.insert(0, '!');
        }
        lines.push(IgnoreLine {
            line: i + 1,
            pattern: cleaned,
        });
    }
    lines
}

impl IgnoreMatcher {
    /// `patternmatcher.New`, with every bad pattern reported against its line
    /// of `source` (the `.dockerignore` text).
    pub fn new(lines: &[IgnoreLine], source: &str) -> (IgnoreMatcher, Vec<Diagnostic>) {
        let index = LineIndex::new(source);
        let mut patterns = Vec::new();
        let mut diagnostics = Vec::new();
        for line in lines {
            let span = match index.line_start(line.line) {
                Some(start) => {
                    let end = source[start..]
                        .find('\n')
                        .map_or(source.len(), |i| start + i);
                    index.span(source, start, end)
                }
                None => index.span(source, source.len(), source.len()),
            };
            let mut p = line.pattern.trim();
            if p.is_empty() {
                continue;
            }
            let cleaned = clean_path(p);
            p = &cleaned;
            let exclusion = p.starts_with('!');
            if exclusion {
                if p.len() == 1 {
                    diagnostics.push(Diagnostic::error(span, DiagnosticKind::IgnoreBareExclusion));
                    continue;
                }
                p = &p[1..];
            }
            if validate(p).is_err() {
                diagnostics.push(Diagnostic::error(
                    span,
                    DiagnosticKind::IgnoreBadPattern {
                        pattern: line.pattern.clone(),
                    },
                ));
                continue;
            }
            patterns.push(Pattern {
                text: p.to_string(),
                exclusion,
                line: line.line,
                kind: compile(p),
            });
        }
        (
            IgnoreMatcher {
                patterns,
                work: Cell::new(0),
                budget: crate::limits::IGNORE_MATCH_WORK,
            },
            diagnostics,
        )
    }

    /// Reads and compiles `.dockerignore` text in one step.
    pub fn from_text(text: &str) -> (IgnoreMatcher, Vec<Diagnostic>) {
        IgnoreMatcher::new(&read_ignore_file(text), text)
    }

    /// The same matcher with a budget of `work` units instead of the
    /// build's (a view that asks of a few paths at a time).
    pub fn with_budget(mut self, work: u64) -> IgnoreMatcher {
        self.budget = work;
        self
    }

    /// Whether the context path `path` (slash-separated, relative to the
    /// context root) is excluded.
    pub fn is_excluded(&self, path: &str) -> bool {
        self.deciding_line(path)
            .is_some_and(|(excluded, _)| excluded)
    }

    /// Whether the patterns exclude `path` itself, not counting what
    /// they say of its parent directories (for a walk that stops at an
    /// excluded directory, which has already asked of the parents).
    pub fn excludes_itself(&self, path: &str) -> bool {
        let file = clean_path(path);
        let mut matched = false;
        for pattern in &self.patterns {
            if pattern.exclusion == matched {
                match self.test(pattern, &file) {
                    None => return false,
                    Some(true) => matched = !pattern.exclusion,
                    Some(false) => {}
                }
            }
        }
        matched
    }

    /// Whether `pattern` matches `path`, the work counted; None once the
    /// budget is spent.
    fn test(&self, pattern: &Pattern, path: &str) -> Option<bool> {
        match &pattern.kind {
            MatchKind::Glob(glob) => {
                if glob.rejects_at_once(path) {
                    return self.spend(1).then_some(false);
                }
                // The automaton runs all its states at once, a character
                // at a time.
                let cost = 4 + (glob.len() as u64).saturating_mul(path.len() as u64) / 32;
                self.spend(cost).then(|| glob.runs_to_the_end(path))
            }
            _ => self.spend(1).then(|| pattern.matches(path)),
        }
    }

    /// Counts `cost` units of work; false once the budget is spent.
    fn spend(&self, cost: u64) -> bool {
        let work = self.work.get().saturating_add(cost);
        self.work.set(work);
        work <= self.budget
    }

    /// Whether the budget of work ran out: answers since were not
    /// looked for, and the caller must stop.
    pub fn exhausted(&self) -> bool {
        self.work.get() > self.budget
    }

    /// Whether `path` is excluded, and the line of the pattern that decided
    /// it (None when no pattern matched).
    pub fn deciding_line(&self, path: &str) -> Option<(bool, usize)> {
        let file = clean_path(path);
        if file == "." {
            return None;
        }
        let parent = dir(&file);
        // Each ancestor directory, as a slice of `parent` (`a`, `a/b`, ...).
        let ancestors: Vec<&str> = if parent == "." {
            Vec::new()
        } else {
            parent
                .match_indices('/')
                .map(|(i, _)| &parent[..i])
                .chain(std::iter::once(parent.as_str()))
                .collect()
        };
        let mut matched = false;
        let mut decided = None;
        for pattern in &self.patterns {
            if pattern.exclusion != matched {
                continue;
            }
            let mut hit = self.test(pattern, &file)?;
            for ancestor in &ancestors {
                if hit {
                    break;
                }
                hit = self.test(pattern, ancestor)?;
            }
            if hit {
                matched = !pattern.exclusion;
                decided = Some((matched, pattern.line));
            }
        }
        decided
    }

    /// How many patterns it has.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether any pattern re-includes (`!`).
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        match &self.kind {
            MatchKind::Exact => path == self.text,
            MatchKind::Prefix(prefix) => path.starts_with(prefix.as_str()),
            MatchKind::Suffix(suffix) => {
                path.ends_with(suffix.as_str())
                    || suffix.strip_prefix('/').is_some_and(|s| path == s)
            }
            MatchKind::Glob(glob) => glob.is_full_match(path),
        }
    }
}

/// `Pattern.compile`: the cheapest way to match a pattern, and the regular
/// expression otherwise.
fn compile(pattern: &str) -> MatchKind {
    #[derive(PartialEq)]
    enum Detected {
        Exact,
        Prefix,
        Suffix,
        Regexp,
    }
    let mut detected = Detected::Exact;
    let mut tokens = Vec::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut step = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '*' if chars.get(i) == Some(&'*') => {
                i += 1;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                if i == chars.len() {
                    if detected == Detected::Exact {
                        detected = Detected::Prefix;
                    } else {
                        tokens.push(Token::Many(Piece::AnyButNewline));
                        detected = Detected::Regexp;
                    }
                } else {
                    tokens.push(Token::OptionalDirs);
                    detected = Detected::Regexp;
                }
                if step == 0 {
                    detected = Detected::Suffix;
                }
            }
            '*' => {
                tokens.push(Token::Many(Piece::AnyButSlash));
                detected = Detected::Regexp;
            }
            '?' => {
                tokens.push(Token::One(Piece::AnyButSlash));
                detected = Detected::Regexp;
            }
            '\\' => match chars.get(i) {
                Some(&next) => {
                    i += 1;
                    tokens.push(Token::One(Piece::Char(next)));
                    detected = Detected::Regexp;
                }
                None => tokens.push(Token::One(Piece::Char('\\'))),
            },
            '[' => {
                let (piece, used) = class(&chars[i..]).unwrap_or((Piece::Char('['), 0));
                i += used;
                tokens.push(Token::One(piece));
                detected = Detected::Regexp;
            }
            ']' => {
                tokens.push(Token::One(Piece::Char(']')));
                detected = Detected::Regexp;
            }
            // An unescaped `^` reaches Go's regexp as a start-of-text anchor.
            '^' => tokens.push(Token::TextStart),
            c => tokens.push(Token::One(Piece::Char(c))),
        }
        step += 1;
    }
    match detected {
        Detected::Exact => MatchKind::Exact,
        Detected::Prefix => MatchKind::Prefix(pattern[..pattern.len() - 2].to_string()),
        Detected::Suffix => MatchKind::Suffix(pattern[2..].to_string()),
        Detected::Regexp => MatchKind::Glob(Box::new(Glob::new(&tokens))),
    }
}

/// A bracket expression after its `[`: the piece and how many characters
/// it used, `]` included. Syntax as `filepath.Match` accepts it.
fn class(chars: &[char]) -> Option<(Piece, usize)> {
    let mut i = 0;
    let negated = chars.first() == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    loop {
        if chars.get(i) == Some(&']') && !ranges.is_empty() {
            return Some((Piece::Class { negated, ranges }, i + 1));
        }
        let (lo, used) = class_char(&chars[i..])?;
        i += used;
        let mut hi = lo;
        if chars.get(i) == Some(&'-') {
            let (h, used) = class_char(&chars[i + 1..])?;
            hi = h;
            i += 1 + used;
        }
        ranges.push((lo, hi));
    }
}

/// `getEsc`: one possibly escaped character of a bracket expression.
fn class_char(chars: &[char]) -> Option<(char, usize)> {
    match chars {
        [] | ['-' | ']', ..] => None,
        ['\\', c, rest @ ..] if !rest.is_empty() => Some((*c, 2)),
        ['\\', ..] => None,
        [c, rest @ ..] if !rest.is_empty() => Some((*c, 1)),
        _ => None,
    }
}

/// `filepath.Match`'s syntax check: bracket expressions complete and no
/// trailing backslash.
fn validate(pattern: &str) -> Result<(), ()> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                if i + 1 >= chars.len() {
                    return Err(());
                }
                i += 2;
            }
            '[' => {
                let (_, used) = class(&chars[i + 1..]).ok_or(())?;
                i += 1 + used;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Go's `path.Clean`: the shortest equivalent path, lexically.
pub fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Go's `filepath.Dir` for a cleaned path.
fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => clean_path(&path[..i]),
        None => ".".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(patterns: &[&str], path: &str) -> bool {
        let text = patterns.join("\n");
        let (m, diagnostics) = IgnoreMatcher::from_text(&text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        m.is_excluded(path)
    }

    #[test]
    fn reads_like_buildkit() {
        let lines = read_ignore_file("# comment\n  node_modules  \n!/keep/./me\n/\n\n *.log\n");
        let patterns: Vec<&str> = lines.iter().map(|l| l.pattern.as_str()).collect();
        assert_eq!(patterns, ["node_modules", "!keep/me", "/", "*.log"]);
        assert_eq!(lines[1].line, 3);
    }

    #[test]
    fn last_match_wins_and_parents_count() {
        assert!(excluded(&["node_modules"], "node_modules/x/y.js"));
        assert!(excluded(&["*.md", "!README.md"], "CHANGES.md"));
        assert!(!excluded(&["*.md", "!README.md"], "README.md"));
        assert!(excluded(&["docs", "!docs/keep.md"], "docs/other.md"));
        assert!(excluded(&["**/*.pyc"], "a/b/c.pyc"));
        assert!(!excluded(&["*.pyc"], "a/c.pyc"));
    }

    #[test]
    fn bad_patterns_are_reported_with_their_line() {
        let (_, diagnostics) = IgnoreMatcher::from_text("ok\n[a-\n!\n");
        let messages: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "line 2: syntax error in pattern: \"[a-\"",
                "line 3: illegal exclusion pattern: \"!\""
            ]
        );
    }

    #[test]
    fn clean_path_is_go_path_clean() {
        assert_eq!(clean_path("a//b/./c/.."), "a/b");
        assert_eq!(clean_path("/../a"), "/a");
        assert_eq!(clean_path("../a"), "../a");
        assert_eq!(clean_path("a/.."), ".");
        assert_eq!(clean_path("/"), "/");
        assert_eq!(clean_path("file/"), "file");
    }

    #[test]
    fn the_dockerfile_specific_ignore_file_wins() {
        let files = [
            "build/app.Dockerfile.dockerignore",
            ".dockerignore",
            "Dockerfile.dockerignore",
        ];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(
            ignore_file_for("build/app.Dockerfile", exists).as_deref(),
            Some("build/app.Dockerfile.dockerignore")
        );
        assert_eq!(
            ignore_file_for("./Dockerfile", exists).as_deref(),
            Some("Dockerfile.dockerignore")
        );
        assert_eq!(
            ignore_file_for("other/Dockerfile", exists).as_deref(),
            Some(".dockerignore")
        );
        assert_eq!(ignore_file_for("Dockerfile", |_| false), None);
    }

    #[test]
    fn deciding_line_explains_the_result() {
        let (m, _) = IgnoreMatcher::from_text("*.md\n!README.md\n");
        assert_eq!(m.deciding_line("a.md"), Some((true, 1)));
        assert_eq!(m.deciding_line("README.md"), Some((false, 2)));
        assert_eq!(m.deciding_line("main.go"), None);
    }
}
