//! The exec (JSON) form of an instruction, read as Go's `json.Unmarshal`
//! into `[]any` reads it: any syntax error means "not JSON" (the shell form
//! is used instead), while valid JSON with a non-string element is an error.

use std::borrow::Cow;
use std::ops::Range;

/// Go's `encoding/json` nesting limit.
const MAX_DEPTH: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonArray<'a> {
    /// Valid JSON array of strings: each value (borrowed from the input
    /// when it has no escapes) and its byte range (quotes included).
    Strings(Vec<(Cow<'a, str>, Range<usize>)>),
    /// Valid JSON, but an element is not a string.
    NotStrings,
    /// Not a JSON array at all.
    NotJson,
}

/// Reads `text` (leading whitespace allowed) as one JSON array.
pub fn parse(text: &str) -> JsonArray<'_> {
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with('[') {
        return JsonArray::NotJson;
    }
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: start,
    };
    match reader.top_level_array() {
        Some(result) => result,
        None => JsonArray::NotJson,
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn top_level_array(&mut self) -> Option<JsonArray<'a>> {
        self.expect(b'[')?;
        let mut strings = Vec::new();
        let mut all_strings = true;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                if self.peek() == Some(b'"') {
                    let begin = self.pos;
                    let s = self.string()?;
                    strings.push((s, begin..self.pos));
                } else {
                    all_strings = false;
                    self.value()?;
                }
                self.skip_ws();
                match self.next()? {
                    b',' => continue,
                    b']' => break,
                    _ => return None,
                }
            }
        }
        self.skip_ws();
        if self.pos != self.bytes.len() {
            return None;
        }
        Some(if all_strings {
            JsonArray::Strings(strings)
        } else {
            JsonArray::NotStrings
        })
    }

    /// Skips one value of any kind, iteratively so that deep nesting cannot
    /// exhaust the stack.
    fn value(&mut self) -> Option<()> {
        // Each open container: true for an object (expects keys).
        let mut stack: Vec<bool> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b'{' | b'[' => {
                    let object = self.next()? == b'{';
                    if stack.len() >= MAX_DEPTH {
                        return None;
                    }
                    stack.push(object);
                    self.skip_ws();
                    let close = if object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        stack.pop();
                    } else {
                        if object {
                            self.key()?;
                        }
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return None,
            }
            // After a complete value: close containers or move to the next
            // element.
            loop {
                let Some(&object) = stack.last() else {
                    return Some(());
                };
                self.skip_ws();
                match self.next()? {
                    b',' => {
                        if object {
                            self.skip_ws();
                            self.key()?;
                        }
                        break;
                    }
                    b'}' if object => {
                        stack.pop();
                    }
                    b']' if !object => {
                        stack.pop();
                    }
                    _ => return None,
                }
            }
        }
    }

    fn key(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return None;
        }
        self.string()?;
        self.skip_ws();
        self.expect(b':')
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Some(())
        } else {
            None
        }
    }

    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        Some(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// A string literal, decoded. Lone surrogates become U+FFFD as in Go.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            let text: &'a str = self.text;
            let rest = &text[self.pos..];
            // Only ASCII bytes stop a run, so it ends on a character.
            let run = rest
                .bytes()
                .position(|b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            self.pos += run;
            match self.next()? {
                // Without escapes the value is the input's own text.
                b'"' if out.is_empty() => return Some(Cow::Borrowed(&rest[..run])),
                b'"' => {
                    out.push_str(&rest[..run]);
                    return Some(Cow::Owned(out));
                }
                b'\\' => out.push_str(&rest[..run]),
                _ => return None,
            }
            match self.next()? {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let first = self.hex4()?;
                    if (0xd800..0xdc00).contains(&first)
                        && self.bytes[self.pos..].starts_with(b"\\u")
                    {
                        let save = self.pos;
                        self.pos += 2;
                        let second = self.hex4()?;
                        if (0xdc00..0xe000).contains(&second) {
                            let c = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                            continue;
                        }
                        self.pos = save;
                    }
                    out.push(char::from_u32(first).unwrap_or('\u{fffd}'));
                }
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        match parse(text) {
            JsonArray::Strings(v) => v.into_iter().map(|(s, _)| s.into_owned()).collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn values_without_escapes_are_borrowed() {
        let JsonArray::Strings(items) = parse(r#"["plain é", "x\"y", "tail\\", "\n"]"#) else {
            panic!("not strings");
        };
        let values: Vec<(&str, bool)> = items
            .iter()
            .map(|(s, _)| (s.as_ref(), matches!(s, Cow::Borrowed(_))))
            .collect();
        assert_eq!(
            values,
            [
                ("plain é", true),
                ("x\"y", false),
                ("tail\\", false),
                ("\n", false)
            ]
        );
    }

    #[test]
    fn reads_string_arrays() {
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings(" [ \"a\" ,\t\"b\" ] "), ["a", "b"]);
        assert_eq!(
            strings(r#"["\" \\ \/ \b \f \n \r \t \u0000 \u00e9 \ud83d\ude00"]"#),
            ["\" \\ / \u{8} \u{c} \n \r \t \u{0} é 😀"]
        );
        assert_eq!(strings(r#"["\ud800"]"#), ["\u{fffd}"]);
    }

    #[test]
    fn valid_json_with_other_values_is_not_strings() {
        assert_eq!(parse("[1]"), JsonArray::NotStrings);
        assert_eq!(
            parse(r#"["a", {"b": [true, null, -1.5e3]}]"#),
            JsonArray::NotStrings
        );
        assert_eq!(parse("[[]]"), JsonArray::NotStrings);
    }

    #[test]
    fn anything_else_is_not_json() {
        for text in [
            "['a']",
            "[\"a\",]",
            "[\"a\"] x",
            "[\"a",
            "[01]",
            "[\"\t\"]",
            "[{\"a\" 1}]",
            "[\"\\x\"]",
            "echo [",
            "[1.]",
            "[tru]",
        ] {
            assert_eq!(parse(text), JsonArray::NotJson, "{text}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("[{}{}]", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parse(&deep), JsonArray::NotJson);
        let ok = format!("[{}{}]", "[".repeat(9_000), "]".repeat(9_000));
        assert_eq!(parse(&ok), JsonArray::NotStrings);
    }
}
