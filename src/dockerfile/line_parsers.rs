//! BuildKit's line parsers: how each instruction's joined line becomes its
//! name, flags and arguments. The parsers work on byte ranges of the joined
//! line; a `ToSpan` the caller gives turns each into a span of the source.

use std::ops::Range;

use smol_str::SmolStr;

use super::ast::{Arg, Node, Word};
use super::diagnostic::DiagnosticKind;
use super::json_array::{self, JsonArray};
use super::keyword::Keyword;
use super::source::Span;
use super::trim::{trim, trim_start};

/// Maps a byte range of the joined line to its span in the source.
pub type ToSpan<'a> = &'a dyn Fn(Range<usize>) -> Span;

type Parsed = Result<(Vec<Arg>, bool), DiagnosticKind>;

/// BuildKit's `[\t\v\f\r ]`, the separator of `reWhitespace`.
fn is_separator(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

fn word(value: impl Into<SmolStr>, range: Range<usize>, to_span: ToSpan) -> Arg {
    Arg::Word(Word {
        value: value.into(),
        span: to_span(range),
    })
}

/// `newNodeFromLine`: splits off the instruction name and flags, then runs
/// the instruction's line parser. `base` is `line`'s offset in the joined
/// line. The node's `span` covers its keyword only; the caller, which knows
/// where the instruction's lines end, widens it. Lines, comments, the
/// original text and here-documents are the caller's too.
pub fn new_node_from_line(
    line: &str,
    base: usize,
    escape: char,
    to_span: ToSpan,
) -> Result<Node, DiagnosticKind> {
    let lead = line.len() - trim_start(line).len();
    let trimmed = trim(line);
    let cmd_end = trimmed.find(is_separator).unwrap_or(trimmed.len());
    let value = &trimmed[..cmd_end];
    let keyword_span = to_span(base + lead..base + lead + cmd_end);
    let mut flags = Vec::new();
    let mut args: (&str, usize) = ("", base + lead + trimmed.len());
    if cmd_end < trimmed.len() {
        let after = &trimmed[cmd_end..];
        let sep_len = after.len() - after.trim_start_matches(is_separator).len();
        let rest_start = cmd_end + sep_len;
        let abs = base + lead + rest_start;
        let rest_offset = extract_builder_flags(&trimmed[rest_start..], escape, |flag, r| {
            flags.push(Word {
                value: flag,
                span: to_span(abs + r.start..abs + r.end),
            })
        });
        let rest = &trimmed[rest_start + rest_offset..];
        let rest_lead = rest.len() - trim_start(rest).len();
        args = (trim(rest), abs + rest_offset + rest_lead);
    }
    let (rest, rest_base) = args;
    let keyword = Keyword::of(value);
    let (next, json) = dispatch(keyword, rest, rest_base, escape, to_span)?;
    Ok(Node {
        value: SmolStr::new(value),
        keyword,
        flags,
        next,
        json,
        heredocs: Vec::new(),
        original: SmolStr::default(),
        start_line: 0,
        end_line: 0,
        span: keyword_span,
        keyword_span,
        prev_comment: Vec::new(),
        invalid: false,
    })
}

fn dispatch(keyword: Keyword, rest: &str, base: usize, escape: char, to_span: ToSpan) -> Parsed {
    match keyword {
        Keyword::Add | Keyword::Copy | Keyword::Volume => {
            parse_maybe_json_to_list(rest, base, to_span)
        }
        Keyword::Arg => {
            let mut out = Vec::new();
            parse_words(rest, escape, |w, r| {
                out.push(word(w, base + r.start..base + r.end, to_span))
            });
            Ok((out, false))
        }
        Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell => {
            parse_maybe_json(rest, base, to_span)
        }
        Keyword::Env => parse_name_val(rest, base, "ENV", escape, to_span),
        Keyword::Label => parse_name_val(rest, base, "LABEL", escape, to_span),
        Keyword::Expose | Keyword::From => Ok((whitespace_delimited(rest, base, to_span), false)),
        Keyword::Healthcheck => parse_health_config(rest, base, to_span),
        Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
            Ok((parse_string(rest, base, to_span), false))
        }
        Keyword::Onbuild => {
            if rest.is_empty() {
                return Ok((Vec::new(), false));
            }
            let child = new_node_from_line(rest, base, escape, to_span)?;
            Ok((vec![Arg::Child(Box::new(child))], false))
        }
        // Unknown instructions keep one empty argument, as BuildKit's
        // `parseIgnore` does; the instruction layer rejects them.
        Keyword::Unknown => Ok((vec![word("", base..base, to_span)], false)),
    }
}

/// `extractBuilderFlags`: the leading `--name=value` words, each given to
/// `flag` with its range. Returns where the rest of the line starts.
pub fn extract_builder_flags(
    line: &str,
    escape: char,
    mut flag: impl FnMut(SmolStr, Range<usize>),
) -> usize {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    // Most instructions have no flags: the rest starts at the first word.
    let first_word = trim_start(line);
    if !first_word.starts_with("--") {
        return line.len() - first_word.len();
    }
    let mut chars = line.char_indices().peekable();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut quote = '\0';
    let mut blank_ok = false;
    loop {
        let next = chars.next();
        let at_end = next.is_none();
        let (pos, mut ch) = next.unwrap_or((line.len(), '\0'));
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if ch.is_whitespace() {
                continue;
            }
            let next_is_dash = chars.peek().is_some_and(|&(_, c)| c == '-');
            if ch != '-' || !next_is_dash {
                return pos;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if word != "--" && (blank_ok || !word.is_empty()) {
                flag(SmolStr::new(&word), word_start..line.len());
            }
            return line.len();
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if word == "--" {
                    return pos;
                }
                if blank_ok || !word.is_empty() {
                    flag(SmolStr::new(&word), word_start..pos);
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                continue;
            }
            if ch == escape {
                match chars.next() {
                    Some((_, escaped)) => ch = escaped,
                    None => continue,
                }
            }
            word.push(ch);
            continue;
        }
        // Inside quotes.
        if ch == quote {
            phase = Phase::Word;
            continue;
        }
        if ch == escape {
            match chars.next() {
                Some((_, escaped)) => ch = escaped,
                None => {
                    phase = Phase::Word;
                    continue;
                }
            }
        }
        word.push(ch);
    }
    line.len()
}

/// `parseWords`: words separated by white space, quotes and escapes kept
/// (they are processed later, when the words are expanded), each given to
/// `found` with its range. A word is its text as written, but for an
/// escape character that ends `rest`, which is dropped.
pub fn parse_words<'a>(rest: &'a str, escape: char, mut found: impl FnMut(&'a str, Range<usize>)) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let bytes = rest.as_bytes();
    // Bytes that may change the phase: white space, quotes, the escape,
    // and any non-ASCII character (Unicode white space, or an escape).
    let escape_byte = if escape.is_ascii() {
        escape as u8
    } else {
        0x80
    };
    let special =
        |b: u8| b >= 0x80 || b == escape_byte || matches!(b, b'\t'..=b'\r' | b' ' | b'"' | b'\'');
    // The character at byte `i` and its length.
    let char_at = |i: usize| match bytes.get(i) {
        Some(&b) if b.is_ascii() => (b as char, 1),
        _ => rest
            .get(i..)
            .and_then(|r| r.chars().next())
            .map_or(('\0', 1), |c| (c, c.len_utf8())),
    };
    let mut phase = Phase::Spaces;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut word_start = 0;
    // The word is `rest[word_start..]` up to here; a dangling escape at
    // the very end shortens it.
    let mut end = rest.len();
    let mut i = 0;
    while i < bytes.len() {
        if phase != Phase::Spaces {
            // Ordinary characters, a byte at a time.
            while bytes.get(i).is_some_and(|&b| !special(b)) {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
        }
        let (ch, n) = char_at(i);
        match phase {
            Phase::Spaces => {
                if !ch.is_whitespace() {
                    phase = Phase::Word;
                    word_start = i;
                    // The character is looked at again as part of a word.
                    continue;
                }
            }
            Phase::Word => {
                if ch.is_whitespace() {
                    phase = Phase::Spaces;
                    let text = &rest[word_start..i];
                    if blank_ok || !text.is_empty() {
                        found(text, word_start..i);
                    }
                    blank_ok = false;
                } else if ch == '\'' || ch == '"' {
                    quote = ch;
                    blank_ok = true;
                    phase = Phase::Quote;
                } else if ch == escape {
                    // An escape outside quotes is kept with the character
                    // it escapes, even a quote.
                    if i + n >= bytes.len() {
                        end = i;
                    } else {
                        i += char_at(i + n).1;
                    }
                }
            }
            Phase::Quote => {
                if ch == quote {
                    phase = Phase::Word;
                } else if ch == escape && quote != '\'' {
                    if i + n >= bytes.len() {
                        end = i;
                        phase = Phase::Word;
                    } else {
                        i += char_at(i + n).1;
                    }
                }
            }
        }
        i += n;
    }
    if phase != Phase::Spaces {
        let text = &rest[word_start..end];
        if blank_ok || !text.is_empty() {
            found(text, word_start..rest.len());
        }
    }
}

/// ENV and LABEL: `key value` (the legacy form, one pair) or
/// `key=value ...`. Each pair becomes key, value, and the separator.
fn parse_name_val(rest: &str, base: usize, key: &str, escape: char, to_span: ToSpan) -> Parsed {
    // One pass reads the `key=value` form; a first word without `=` turns
    // it into the legacy form, which takes the text as it is.
    let mut out = Vec::new();
    let mut legacy = false;
    let mut missing = None;
    parse_words(rest, escape, |text, range| {
        if legacy || missing.is_some() {
            return;
        }
        let Some(eq) = text.find('=') else {
            if out.is_empty() {
                legacy = true;
            } else {
                missing = Some(text);
            }
            return;
        };
        let key_range = base + range.start..base + range.start + eq;
        let value_start = (base + range.start + eq + 1).min(base + range.end);
        out.push(word(&text[..eq], key_range, to_span));
        out.push(word(
            &text[eq + 1..],
            value_start..base + range.end,
            to_span,
        ));
        out.push(word("=", value_start - 1..value_start, to_span));
    });
    if let Some(text) = missing {
        return Err(DiagnosticKind::MissingEquals {
            word: text.to_string(),
        });
    }
    if !legacy {
        return Ok((out, false));
    }
    let Some(key_end) = rest.find(is_separator) else {
        return Err(DiagnosticKind::TwoArgumentsRequired {
            instruction: key.to_string(),
        });
    };
    let after = &rest[key_end..];
    let value_start = key_end + (after.len() - after.trim_start_matches(is_separator).len());
    let end = base + rest.len();
    Ok((
        vec![
            word(&rest[..key_end], base..base + key_end, to_span),
            word(&rest[value_start..], base + value_start..end, to_span),
            word("", end..end, to_span),
        ],
        false,
    ))
}

/// FROM, EXPOSE, and the shell form of ADD, COPY and VOLUME.
fn whitespace_delimited(rest: &str, base: usize, to_span: ToSpan) -> Vec<Arg> {
    if rest.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_sep = false;
    // Separators are ASCII, so they never split a character.
    for (i, &b) in rest.as_bytes().iter().enumerate() {
        if b.is_ascii() && is_separator(b as char) {
            if !in_sep {
                out.push(word(&rest[start..i], base + start..base + i, to_span));
                in_sep = true;
            }
        } else if in_sep {
            start = i;
            in_sep = false;
        }
    }
    let end = base + rest.len();
    if in_sep {
        out.push(word("", end..end, to_span));
    } else {
        out.push(word(&rest[start..], base + start..end, to_span));
    }
    out
}

fn parse_string(rest: &str, base: usize, to_span: ToSpan) -> Vec<Arg> {
    if rest.is_empty() {
        return Vec::new();
    }
    vec![word(rest, base..base + rest.len(), to_span)]
}

fn parse_json(rest: &str, base: usize, to_span: ToSpan) -> Option<Parsed> {
    match json_array::parse(rest) {
        JsonArray::Strings(items) => Some(Ok((
            items
                .into_iter()
                .map(|(s, r)| word(&*s, base + r.start..base + r.end, to_span))
                .collect(),
            true,
        ))),
        JsonArray::NotStrings => Some(Err(DiagnosticKind::JsonNotStrings)),
        JsonArray::NotJson => None,
    }
}

/// RUN, CMD, ENTRYPOINT, SHELL: a JSON array, or the whole rest as one
/// argument.
fn parse_maybe_json(rest: &str, base: usize, to_span: ToSpan) -> Parsed {
    if rest.is_empty() {
        return Ok((Vec::new(), false));
    }
    parse_json(rest, base, to_span)
        .unwrap_or_else(|| Ok((parse_string(rest, base, to_span), false)))
}

/// ADD, COPY, VOLUME: a JSON array, or white-space separated words.
fn parse_maybe_json_to_list(rest: &str, base: usize, to_span: ToSpan) -> Parsed {
    parse_json(rest, base, to_span)
        .unwrap_or_else(|| Ok((whitespace_delimited(rest, base, to_span), false)))
}

/// HEALTHCHECK: a type word (CMD, NONE), then the command as for CMD.
fn parse_health_config(rest: &str, base: usize, to_span: ToSpan) -> Parsed {
    let sep = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if sep == 0 {
        return Ok((Vec::new(), false));
    }
    let after = &rest[sep..];
    let next = sep + (after.len() - after.trim_start().len());
    let (mut cmd, json) = parse_maybe_json(&rest[next..], base + next, to_span)?;
    let mut out = vec![word(&rest[..sep], base..base + sep, to_span)];
    out.append(&mut cmd);
    Ok((out, json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::source::Position;

    /// A span that keeps only the byte range.
    fn range_span(r: Range<usize>) -> Span {
        let at = |offset| Position {
            offset,
            line: 0,
            column: 0,
        };
        Span::new(at(r.start), at(r.end))
    }

    fn node(line: &str) -> Result<Node, DiagnosticKind> {
        new_node_from_line(line, 0, '\\', &range_span)
    }

    fn values(node: &Node) -> Vec<&str> {
        node.next
            .iter()
            .map(|a| match a {
                Arg::Word(w) => w.value.as_str(),
                Arg::Child(_) => "<child>",
            })
            .collect()
    }

    fn text(line: &str, span: Span) -> &str {
        &line[span.start.offset..span.end.offset]
    }

    #[test]
    fn splits_name_flags_and_arguments() {
        let line = "COPY --from=build --chown=1:1 /a /b";
        let node = node(line).unwrap();
        assert_eq!(node.value, "COPY");
        assert_eq!(text(line, node.keyword_span), "COPY");
        let flags: Vec<_> = node
            .flags
            .iter()
            .map(|f| (f.value.as_str(), text(line, f.span)))
            .collect();
        assert_eq!(
            flags,
            [
                ("--from=build", "--from=build"),
                ("--chown=1:1", "--chown=1:1")
            ]
        );
        assert_eq!(values(&node), ["/a", "/b"]);
        let Arg::Word(w) = &node.next[1] else {
            panic!()
        };
        assert_eq!(text(line, w.span), "/b");
    }

    #[test]
    fn a_lone_double_dash_ends_the_flags() {
        let node = node("RUN --network=none -- --not-a-flag").unwrap();
        assert_eq!(node.flags.len(), 1);
        assert_eq!(values(&node), ["--not-a-flag"]);
    }

    #[test]
    fn quoted_flag_values_lose_their_quotes() {
        let node = node("RUN --mount=\"type=cache,target=/a b\" x").unwrap();
        assert_eq!(node.flags[0].value, "--mount=type=cache,target=/a b");
    }

    #[test]
    fn env_forms() {
        let env = node("ENV A=1 B=\"two words\"").unwrap();
        assert_eq!(values(&env), ["A", "1", "=", "B", "\"two words\"", "="]);
        let env = node("ENV A  one two").unwrap();
        assert_eq!(values(&env), ["A", "one two", ""]);
        assert_eq!(
            node("ENV PATH"),
            Err(DiagnosticKind::TwoArgumentsRequired {
                instruction: "ENV".into()
            })
        );
        assert_eq!(
            node("LABEL a=b c"),
            Err(DiagnosticKind::MissingEquals { word: "c".into() })
        );
    }

    #[test]
    fn exec_form_and_fallback() {
        let cmd = node("CMD [\"a\", \"b\"]").unwrap();
        assert!(cmd.json);
        assert_eq!(values(&cmd), ["a", "b"]);
        let cmd = node("CMD ['a']").unwrap();
        assert!(!cmd.json);
        assert_eq!(values(&cmd), ["['a']"]);
        assert_eq!(node("CMD [1]"), Err(DiagnosticKind::JsonNotStrings));
    }

    #[test]
    fn onbuild_nests_its_trigger() {
        let onbuild = node("ONBUILD RUN echo hi").unwrap();
        let Arg::Child(child) = &onbuild.next[0] else {
            panic!()
        };
        assert_eq!(child.value, "RUN");
        assert_eq!(
            (
                child.keyword_span.start.offset,
                child.keyword_span.end.offset
            ),
            (8, 11)
        );
    }

    fn words(rest: &str) -> Vec<(String, Range<usize>)> {
        let mut out = Vec::new();
        parse_words(rest, '\\', |w, r| out.push((w.to_string(), r)));
        out
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        let found: Vec<String> = words(r#"a "b c" d\ e 'f\'"#)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(found, ["a", "\"b c\"", "d\\ e", "'f\\'"]);
    }

    #[test]
    fn unicode_white_space_separates_words_unless_escaped_or_quoted() {
        // U+00A0 and U+2003 are white space to Go's unicode.IsSpace.
        assert_eq!(
            words("é\u{a0}b\u{2003}\u{2003}c"),
            [("é".into(), 0..2), ("b".into(), 4..5), ("c".into(), 11..12)]
        );
        assert_eq!(words("a\\\u{2003}b"), [("a\\\u{2003}b".into(), 0..6)]);
        assert_eq!(
            words("\"a\u{a0}b\" c"),
            [("\"a\u{a0}b\"".into(), 0..6), ("c".into(), 7..8)]
        );
        let mut backtick = Vec::new();
        parse_words("a`\u{a0}b c`", '`', |w, r| {
            backtick.push((w.to_string(), r))
        });
        assert_eq!(backtick, [("a`\u{a0}b".into(), 0..5), ("c".into(), 6..8)]);
    }

    #[test]
    fn a_dangling_escape_is_dropped_from_the_last_word() {
        assert_eq!(words("a b\\"), [("a".into(), 0..1), ("b".into(), 2..4)]);
        assert_eq!(words("a \\"), [("a".into(), 0..1)]);
        assert_eq!(words("\"x\\"), [("\"x".into(), 0..3)]);
        assert_eq!(words("'x\\"), [("'x\\".into(), 0..3)]);
        assert_eq!(words("\"\""), [("\"\"".into(), 0..2)]);
    }
}
