//! `str::trim` and its halves, which the parser calls on every line, with
//! a quick path for ASCII: the result is std's, only sooner.

/// The white space `char::is_whitespace` finds among ASCII characters.
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r')
}

/// `text.trim_start()`.
pub fn trim_start(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(&byte) = bytes.get(start) {
        if is_ascii_space(byte) {
            start += 1;
        } else if byte.is_ascii() {
            break;
        } else {
            // Unicode white space: std knows which.
            return text[start..].trim_start();
        }
    }
    &text[start..]
}

/// `text.trim_end()`.
pub fn trim_end(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(&byte) = end.checked_sub(1).and_then(|i| bytes.get(i)) {
        if is_ascii_space(byte) {
            end -= 1;
        } else if byte.is_ascii() {
            break;
        } else {
            return text[..end].trim_end();
        }
    }
    &text[..end]
}

/// `text.trim()`.
pub fn trim(text: &str) -> &str {
    trim_end(trim_start(text))
}

/// `text` without the ASCII bytes `strip` accepts at its end.
pub fn trim_end_ascii(text: &str, strip: impl Fn(u8) -> bool) -> &str {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while end > 0 && bytes[end - 1].is_ascii() && strip(bytes[end - 1]) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std() {
        let pieces = [
            "", " ", "\t", "\u{b}", "\u{c}", "\r", "\n", "a", "é", "\u{a0}", "\u{2003}",
            "\u{3000}", "\u{85}", "\u{1680}", "#", "\u{feff}",
        ];
        // Every string of up to three pieces.
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            assert_eq!(trim_start(text), text.trim_start(), "{text:?}");
            assert_eq!(trim_end(text), text.trim_end(), "{text:?}");
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }
}
