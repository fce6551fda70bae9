//! What the command line prints reaches a terminal, and much of it comes
//! from a submission: a Dockerfile's lines, file names, what a RUN script
//! echoed. A raw escape sequence there could clear the teacher's screen
//! and paint "Passed" over a failing report, a carriage return could
//! overwrite a line, a bidirectional override could reorder it. [`Escaped`]
//! stands between the command line and its output: every such character
//! is printed as a visible `\uXXXX` (which a JSON string reads back as the
//! same character), an invalid UTF-8 byte as `\xNN`, and the rest passes
//! unchanged.

use std::io::{self, Write};

/// Writes to `inner`, escaping what a terminal would act on.
pub struct Escaped<W: Write> {
    inner: W,
    /// The first bytes of a character cut off at the end of a write.
    pending: Vec<u8>,
}

impl<W: Write> Escaped<W> {
    pub fn new(inner: W) -> Escaped<W> {
        Escaped {
            inner,
            pending: Vec::new(),
        }
    }
}

/// Whether a terminal acts on `c` rather than showing it: C0 controls but
/// newline and tab, DEL, C1 controls (U+0080 to U+009F, which some
/// terminals take as escape sequences), and the bidirectional formatting
/// characters that reorder a line as it is shown.
pub fn acts_on(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character a terminal acts on written as `\uXXXX`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_char(&mut out, c);
    }
    out
}

fn push_char(out: &mut String, c: char) {
    if acts_on(c) {
        out.push_str(&format!("\\u{:04x}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// Escapes `bytes` into `out`; returns how many bytes at the end are the
/// start of a character that may go on in the next write.
fn escape_bytes(bytes: &[u8], out: &mut String, at_end: bool) -> usize {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                for c in text.chars() {
                    push_char(out, c);
                }
                return 0;
            }
            Err(error) => {
                let (good, bad) = rest.split_at(error.valid_up_to());
                // Valid up to here by the error's own word.
                for c in String::from_utf8_lossy(good).chars() {
                    push_char(out, c);
                }
                match error.error_len() {
                    Some(n) => {
                        for b in &bad[..n] {
                            out.push_str(&format!("\\x{b:02x}"));
                        }
                        rest = &bad[n..];
                    }
                    // A character cut off at the end.
                    None if !at_end => return bad.len(),
                    None => {
                        for b in bad {
                            out.push_str(&format!("\\x{b:02x}"));
                        }
                        return 0;
                    }
                }
            }
        }
    }
}

impl<W: Write> Write for Escaped<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // The common case: text with nothing to escape and nothing pending.
        if self.pending.is_empty() {
            if let Ok(text) = std::str::from_utf8(buf) {
                if !text.chars().any(acts_on) {
                    self.inner.write_all(buf)?;
                    return Ok(buf.len());
                }
            }
        }
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut out = String::with_capacity(bytes.len());
        let cut = escape_bytes(&bytes, &mut out, false);
        self.pending = bytes[bytes.len() - cut..].to_vec();
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let mut out = String::new();
            escape_bytes(&std::mem::take(&mut self.pending), &mut out, true);
            self.inner.write_all(out.as_bytes())?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Escaped<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(parts: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = Escaped::new(&mut out);
            for p in parts {
                w.write_all(p).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_text_passes_unchanged() {
        let text = "line 1\n\tétat ✓ 日本\n";
        assert_eq!(through(&[text.as_bytes()]), text);
    }

    #[test]
    fn escapes_and_carriage_returns_are_shown_not_acted_on() {
        assert_eq!(
            through(&[b"FAIL\r\x1b[2J\x1b[HPassed\x07\n"]),
            "FAIL\\u000d\\u001b[2J\\u001b[HPassed\\u0007\n"
        );
        // C1 controls and bidirectional overrides, as UTF-8.
        assert_eq!(
            through(&["a\u{9b}31mb\u{202e}c\u{2066}\n".as_bytes()]),
            "a\\u009b31mb\\u202ec\\u2066\n"
        );
        assert_eq!(through(&[b"\x7f"]), "\\u007f");
    }

    #[test]
    fn invalid_bytes_are_shown_as_hex() {
        assert_eq!(through(&[b"a\xff\x9bb"]), "a\\xff\\x9bb");
    }

    #[test]
    fn a_character_split_between_writes_is_kept_whole() {
        let bytes = "é\u{202e}".as_bytes();
        assert_eq!(
            through(&[&bytes[..1], &bytes[1..3], &bytes[3..]]),
            "é\\u202e"
        );
        // Cut off for good: its bytes, as hex.
        assert_eq!(through(&[b"x\xe2\x80"]), "x\\xe2\\x80");
    }

    #[test]
    fn json_strings_read_the_escapes_back() {
        let value = serde_json::json!({ "s": "a\u{1b}b\u{9b}c\u{202e}d\u{7f}" });
        let text = through(&[serde_json::to_string(&value).unwrap().as_bytes()]);
        assert!(!text.chars().any(acts_on), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
