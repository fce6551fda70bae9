//! The fenced blocks of a lesson's Markdown, read as CommonMark reads
//! them, and the ids they carry.

use super::error::{error, LessonError, LessonErrorKind};

/// A fenced block: its info string's words and its body, with the line
/// (1-based) its opening fence is on.
pub(crate) struct Fence<'a> {
    pub line: usize,
    pub info: Vec<&'a str>,
    pub body: String,
}

impl Fence<'_> {
    /// The value of `key=value` in the info string.
    pub(crate) fn attribute(&self, key: &str) -> Option<&str> {
        self.info.iter().find_map(|w| {
            w.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix('='))
                .map(|v| v.trim_matches('"'))
        })
    }

    pub(crate) fn has(&self, word: &str) -> bool {
        self.info.iter().skip(1).any(|w| *w == word) || self.info.first() == Some(&word)
    }
}

/// An opening fence: three or more backticks or tildes, indented at most
/// three spaces (CommonMark). Returns the fence's character and length,
/// and the info string.
fn opening(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.len() - rest.trim_start_matches(ch).len();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some((ch, len, info))
}

fn closes(line: &str, ch: char, len: usize) -> bool {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return false;
    }
    let run = trimmed.len() - trimmed.trim_start_matches(ch).len();
    run >= len && trimmed[run..].trim().is_empty()
}

/// Splits Markdown into the text outside the lesson's blocks and the
/// blocks; `first_line` is the line number of `text`'s first line.
/// `keep` says which fences stay in the text.
pub(crate) fn fences<'a>(
    text: &'a str,
    first_line: usize,
    keep: impl Fn(&[&str]) -> bool,
) -> Result<(String, Vec<Fence<'a>>), LessonError> {
    let mut out = String::new();
    let mut blocks = Vec::new();
    let mut lines = text.split_inclusive('\n').enumerate();
    while let Some((i, raw)) = lines.next() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let Some((ch, len, info)) = opening(line) else {
            out.push_str(raw);
            continue;
        };
        let words: Vec<&str> = info.split_whitespace().collect();
        let kept = keep(&words);
        if kept {
            out.push_str(raw);
        }
        let mut body = String::new();
        let mut closed = false;
        for (_, raw) in lines.by_ref() {
            let line = raw.trim_end_matches(['\n', '\r']);
            if kept {
                out.push_str(raw);
            }
            if closes(line, ch, len) {
                closed = true;
                break;
            }
            body.push_str(line);
            body.push('\n');
        }
        if !closed {
            return Err(error(first_line + i, 1, LessonErrorKind::UnclosedFence));
        }
        if !kept {
            blocks.push(Fence {
                line: first_line + i,
                info: words,
                body,
            });
        }
    }
    Ok((out, blocks))
}

/// Whether `id` can go in a link: `[a-z0-9-]+`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
