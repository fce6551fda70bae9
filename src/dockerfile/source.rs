//! Positions in a Dockerfile's text: byte offsets with their line and column.

use std::cell::Cell;

use serde::Serialize;

/// A point in the source. `line` and `column` are 1-based; `column` counts
/// characters (not bytes) from the start of the line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

/// A half-open range of the source, `start` inclusive, `end` exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

impl Span {
    pub fn new(start: Position, end: Position) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.start.offset >= self.end.offset
    }
}

/// Bytes of text per entry of [`LineIndex`]'s character counts.
const BLOCK: usize = 1024;
/// Bytes of a block tested for being ASCII at once.
const CHUNK: usize = 64;

/// Finds the line and column of byte offsets in one text, in time that
/// does not grow with the line's length (a one-line megabyte stays fast).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts; lines end at `\n`.
    line_starts: Vec<usize>,
    /// The text's length in bytes.
    len: usize,
    /// For text that is not all ASCII: the characters before each
    /// `BLOCK`-byte block (empty for ASCII, where bytes are columns).
    chars_before_block: Vec<usize>,
    /// For text that is not all ASCII: the lines (0-based, ascending) that
    /// are not; on the others columns are bytes too.
    non_ascii_lines: Vec<usize>,
    /// The line (0-based) of the last position asked for: the parser asks
    /// along the text, so the next is most often on it or the one after.
    last_line: Cell<usize>,
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(byte: &u8) -> bool {
    (*byte as i8) >= -0x40
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 2);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut chars_before_block = Vec::new();
        let mut non_ascii_lines = Vec::new();
        if !text.is_ascii() {
            let mut count = 0;
            let mut line = 0;
            for (b, block) in text.as_bytes().chunks(BLOCK).enumerate() {
                chars_before_block.push(count);
                count += block.len();
                // Runs of ASCII are skipped a chunk at a time.
                for (c, chunk) in block.chunks(CHUNK).enumerate() {
                    if chunk.is_ascii() {
                        continue;
                    }
                    for (i, byte) in chunk.iter().enumerate() {
                        if byte.is_ascii() {
                            continue;
                        }
                        if !starts_char(byte) {
                            count -= 1;
                        }
                        let at = b * BLOCK + c * CHUNK + i;
                        while line_starts.get(line + 1).is_some_and(|&next| next <= at) {
                            line += 1;
                        }
                        if non_ascii_lines.last() != Some(&line) {
                            non_ascii_lines.push(line);
                        }
                    }
                }
            }
            chars_before_block.push(count);
        }
        LineIndex {
            line_starts,
            len: text.len(),
            chars_before_block,
            non_ascii_lines,
            last_line: Cell::new(0),
        }
    }

    /// The 0-based line holding byte `offset`: the last line asked for or
    /// the one after it, else a binary search.
    fn line_of(&self, offset: usize) -> usize {
        let holds = |line: usize| {
            self.line_starts.get(line).is_some_and(|&s| s <= offset)
                && self
                    .line_starts
                    .get(line + 1)
                    .is_none_or(|&next| offset < next)
        };
        let last = self.last_line.get();
        let line = if holds(last) {
            last
        } else if holds(last + 1) {
            last + 1
        } else {
            self.line_starts.partition_point(|&start| start <= offset) - 1
        };
        self.last_line.set(line);
        line
    }

    /// Characters of `text` before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        if self.chars_before_block.is_empty() {
            return offset;
        }
        let block = offset / BLOCK;
        let counted = self.chars_before_block.get(block).copied().unwrap_or(0);
        let rest = text.as_bytes()[block * BLOCK..offset].iter();
        counted + rest.filter(|b| starts_char(b)).count()
    }

    /// The number of lines, counting a last line without a newline.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The number of lines that hold text or a newline: a text ending in
    /// `\n` has no line after it.
    pub fn physical_lines(&self) -> usize {
        match self.line_starts.last() {
            Some(&start) if start == self.len => self.line_starts.len() - 1,
            _ => self.line_starts.len(),
        }
    }

    /// The byte range of 0-based line `i`, with its `\n`, if it is one of
    /// the [`physical_lines`](Self::physical_lines).
    pub fn physical_line(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.physical_lines() {
            return None;
        }
        let end = self.line_starts.get(i + 1).copied().unwrap_or(self.len);
        Some((self.line_starts[i], end))
    }

    /// The byte offset where 1-based `line` starts, if the text has it.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
    }

    /// Whether the 1-based `line` is all ASCII (its columns are bytes).
    pub fn is_ascii_line(&self, line: usize) -> bool {
        self.chars_before_block.is_empty()
            || line.checked_sub(1).is_some_and(|i| {
                i < self.line_starts.len() && self.non_ascii_lines.binary_search(&i).is_err()
            })
    }

    /// The position of `offset` in `text` (which must be the indexed text).
    /// Offsets past the end, or inside a character, are clamped.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset) + 1;
        let line_start = self.line_starts[line - 1];
        let ascii = self.is_ascii_line(line);
        let column = if ascii {
            offset - line_start + 1
        } else if offset - line_start <= BLOCK {
            // Most lines are short: count their characters directly.
            text.as_bytes()[line_start..offset]
                .iter()
                .filter(|b| starts_char(b))
                .count()
                + 1
        } else {
            self.chars_before(text, offset) - self.chars_before(text, line_start) + 1
        };
        Position {
            offset,
            line,
            column,
        }
    }

    /// The span of the byte range `start..end` of `text`.
    pub fn span(&self, text: &str, start: usize, end: usize) -> Span {
        let start = self.position(text, start);
        Span {
            start,
            end: self.position_from(text, start, end),
        }
    }

    /// The position of `offset`, given the position `from` of an offset at
    /// or before it: most spans end on the line they start on, and on an
    /// ASCII line the column follows from the offset.
    pub fn position_from(&self, text: &str, from: Position, offset: usize) -> Position {
        let offset = offset.max(from.offset);
        let same_ascii_line = offset <= text.len()
            && self
                .line_starts
                .get(from.line)
                .is_none_or(|&next| offset < next)
            && self.is_ascii_line(from.line);
        if same_ascii_line {
            Position {
                offset,
                line: from.line,
                column: from.column + (offset - from.offset),
            }
        } else {
            self.position(text, offset)
        }
    }
}

/// Runs `f` on `text` lower-cased as Go's `strings.ToLower` does it (which
/// maps a few non-ASCII letters, such as the Kelvin sign, to ASCII ones),
/// without allocating for the short ASCII words instructions are.
pub fn with_lowercase<R>(text: &str, f: impl FnOnce(&str) -> R) -> R {
    const SHORT: usize = 24;
    if text.is_ascii() && text.len() <= SHORT {
        let mut buffer = [0u8; SHORT];
        let lower = &mut buffer[..text.len()];
        lower.copy_from_slice(text.as_bytes());
        lower.make_ascii_lowercase();
        // ASCII stays UTF-8.
        f(std::str::from_utf8(lower).unwrap_or_default())
    } else {
        f(&text.to_lowercase())
    }
}

/// Whether lower-casing leaves `text` as it is (no allocation).
pub fn is_lowercase(text: &str) -> bool {
    if text.is_ascii() {
        return !text.bytes().any(|b| b.is_ascii_uppercase());
    }
    text.chars().all(|c| {
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    })
}

/// Whether upper-casing leaves `text` as it is (no allocation).
pub fn is_uppercase(text: &str) -> bool {
    if text.is_ascii() {
        return !text.bytes().any(|b| b.is_ascii_lowercase());
    }
    text.chars().all(|c| {
        let mut upper = c.to_uppercase();
        upper.next() == Some(c) && upper.next().is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "FROM a\nRUN é x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let p = index.position(text, 7);
        assert_eq!((p.line, p.column), (2, 1));
        // "é" is two bytes but one column.
        let x = text.find('x').unwrap();
        let p = index.position(text, x);
        assert_eq!((p.line, p.column), (2, 7));
        let end = index.position(text, text.len());
        assert_eq!((end.line, end.column), (3, 1));
    }

    #[test]
    fn columns_count_characters_across_blocks() {
        // Characters of two, three and one bytes, long enough to span
        // several blocks, on a second line.
        let line: String = "é€a".repeat(BLOCK);
        let text = format!("x\n{line}");
        let index = LineIndex::new(&text);
        for (i, (offset, _)) in text.char_indices().enumerate().skip(2).step_by(97) {
            let p = index.position(&text, offset);
            assert_eq!((p.line, p.column), (2, i - 2 + 1), "at byte {offset}");
        }
        let end = index.position(&text, text.len());
        assert_eq!(end.column, line.chars().count() + 1);
    }

    #[test]
    fn positions_do_not_depend_on_the_order_asked() {
        let text = "FROM a\n\nRUN b \\\n  c\nCMD d\n";
        let index = LineIndex::new(text);
        let forward: Vec<Position> = (0..=text.len()).map(|o| index.position(text, o)).collect();
        let backward: Vec<Position> = (0..=text.len())
            .rev()
            .map(|o| index.position(text, o))
            .collect();
        let reversed: Vec<Position> = backward.into_iter().rev().collect();
        assert_eq!(forward, reversed);
        // Hopping about, each against a fresh index.
        for o in [15, 2, 22, 0, 9, 8, 23, 10] {
            assert_eq!(
                index.position(text, o),
                LineIndex::new(text).position(text, o)
            );
        }
        assert_eq!(forward[text.find('c').unwrap()].line, 4);
    }

    #[test]
    fn positions_agree_with_counting_from_the_start() {
        // ASCII and non-ASCII lines, short and spanning blocks, with
        // characters on chunk and block boundaries.
        let mut text = String::new();
        for i in 0..40 {
            match i % 5 {
                0 => text.push_str(&"a".repeat(i * 37)),
                1 => text.push_str(&format!("{}é{}", "b".repeat(CHUNK - 1), "c".repeat(i))),
                2 => text.push_str(&"x€".repeat(i * 30)),
                3 => text.push_str(&format!("{}ü", "d".repeat(BLOCK - 1))),
                _ => {}
            }
            text.push('\n');
        }
        let index = LineIndex::new(&text);
        let (mut line, mut column) = (1, 1);
        for (offset, c) in text.char_indices() {
            let p = index.position(&text, offset);
            assert_eq!((p.line, p.column), (line, column), "at byte {offset}");
            if c == '\n' {
                (line, column) = (line + 1, 1);
            } else {
                column += 1;
            }
        }
        for (i, body) in text.split('\n').enumerate() {
            assert_eq!(
                index.is_ascii_line(i + 1),
                body.is_ascii(),
                "line {}",
                i + 1
            );
        }
    }

    #[test]
    fn spans_agree_with_their_two_positions() {
        let text = "FROM a\nRUN é x \\\n  y\nCMD d";
        let index = LineIndex::new(text);
        for start in 0..=text.len() + 1 {
            for end in 0..=text.len() + 1 {
                let span = index.span(text, start, end);
                let fresh = LineIndex::new(text);
                let start_position = fresh.position(text, start);
                let expected = Span::new(start_position, fresh.position(text, end.max(start)));
                assert_eq!(span, expected, "{start}..{end}");
            }
        }
    }

    #[test]
    fn case_helpers_agree_with_the_allocating_forms() {
        for text in [
            "RUN",
            "run",
            "Run",
            "WOR\u{212A}DIR",
            "straße",
            "İ",
            "",
            "a-very-long-instruction-name-x",
        ] {
            assert_eq!(
                with_lowercase(text, str::to_string),
                text.to_lowercase(),
                "{text}"
            );
            assert_eq!(is_lowercase(text), text == text.to_lowercase(), "{text}");
            assert_eq!(is_uppercase(text), text == text.to_uppercase(), "{text}");
        }
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1).offset, 0);
        assert_eq!(index.position(text, 99).offset, 2);
    }
}
