//! BuildKit's line parsers: how each instruction's joined line becomes its
//! name, flags and arguments. Ranges are byte offsets in the joined line.

use std::ops::Range;

use super::diagnostic::DiagnosticKind;
use super::json_array::{self, JsonArray};
use super::source::with_lowercase;

/// An instruction before spans are attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawNode {
    pub value: String,
    pub value_range: Range<usize>,
    pub flags: Vec<(String, Range<usize>)>,
    pub next: Vec<RawArg>,
    pub json: bool,
    /// Where the instruction's text ends in the joined line.
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawArg {
    Word(String, Range<usize>),
    Child(Box<RawNode>),
}

type Parsed = Result<(Vec<RawArg>, bool), DiagnosticKind>;

/// BuildKit's `[\t\v\f\r ]`, the separator of `reWhitespace`.
fn is_separator(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// `newNodeFromLine`: splits off the instruction name and flags, then runs
/// the instruction's line parser. `base` is `line`'s offset in the joined
/// line.
pub fn new_node_from_line(
    line: &str,
    base: usize,
    escape: char,
) -> Result<RawNode, DiagnosticKind> {
    let lead = line.len() - line.trim_start().len();
    let trimmed = line.trim();
    let cmd_end = trimmed.find(is_separator).unwrap_or(trimmed.len());
    let value = trimmed[..cmd_end].to_string();
    let value_range = base + lead..base + lead + cmd_end;
    let mut flags = Vec::new();
    let mut args: (&str, usize) = ("", base + lead + trimmed.len());
    if cmd_end < trimmed.len() {
        let after = &trimmed[cmd_end..];
        let sep_len = after.len() - after.trim_start_matches(is_separator).len();
        let rest_start = cmd_end + sep_len;
        let (rest_offset, words) = extract_builder_flags(&trimmed[rest_start..], escape);
        let abs = base + lead + rest_start;
        flags = words
            .into_iter()
            .map(|(w, r)| (w, abs + r.start..abs + r.end))
            .collect();
        let rest = &trimmed[rest_start + rest_offset..];
        let rest_lead = rest.len() - rest.trim_start().len();
        args = (rest.trim(), abs + rest_offset + rest_lead);
    }
    let (rest, rest_base) = args;
    let (next, json) = with_lowercase(&value, |v| dispatch(v, rest, rest_base, escape))?;
    Ok(RawNode {
        value,
        value_range,
        flags,
        next,
        json,
        end: base + lead + trimmed.len(),
    })
}

fn dispatch(command: &str, rest: &str, base: usize, escape: char) -> Parsed {
    match command {
        "add" | "copy" | "volume" => parse_maybe_json_to_list(rest, base),
        "arg" => Ok((words_to_args(parse_words(rest, escape), base), false)),
        "cmd" | "entrypoint" | "run" | "shell" => parse_maybe_json(rest, base),
        "env" => parse_name_val(rest, base, "ENV", escape),
        "label" => parse_name_val(rest, base, "LABEL", escape),
        "expose" | "from" => Ok((whitespace_delimited(rest, base), false)),
        "healthcheck" => parse_health_config(rest, base),
        "maintainer" | "stopsignal" | "user" | "workdir" => Ok((parse_string(rest, base), false)),
        "onbuild" => {
            if rest.is_empty() {
                return Ok((Vec::new(), false));
            }
            let child = new_node_from_line(rest, base, escape)?;
            Ok((vec![RawArg::Child(Box::new(child))], false))
        }
        // Unknown instructions keep one empty argument, as BuildKit's
        // `parseIgnore` does; the instruction layer rejects them.
        _ => Ok((vec![RawArg::Word(String::new(), base..base)], false)),
    }
}

fn words_to_args(words: Vec<(String, Range<usize>)>, base: usize) -> Vec<RawArg> {
    words
        .into_iter()
        .map(|(w, r)| RawArg::Word(w, base + r.start..base + r.end))
        .collect()
}

/// `extractBuilderFlags`: the leading `--name=value` words. Returns where
/// the rest of the line starts, and each flag with its range.
pub fn extract_builder_flags(line: &str, escape: char) -> (usize, Vec<(String, Range<usize>)>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    // Most instructions have no flags: the rest starts at the first word.
    let first_word = line.trim_start();
    if !first_word.starts_with("--") {
        return (line.len() - first_word.len(), Vec::new());
    }
    let mut chars = line.char_indices().peekable();
    let mut words = Vec::new();
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
                return (pos, words);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if word != "--" && (blank_ok || !word.is_empty()) {
                words.push((word, word_start..line.len()));
            }
            return (line.len(), words);
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if word == "--" {
                    return (pos, words);
                }
                if blank_ok || !word.is_empty() {
                    words.push((std::mem::take(&mut word), word_start..pos));
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
    (line.len(), words)
}

/// `parseWords`: words separated by white space, quotes and escapes kept
/// (they are processed later, when the words are expanded).
pub fn parse_words(rest: &str, escape: char) -> Vec<(String, Range<usize>)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let mut chars = rest.char_indices();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut word = String::new();
    let mut word_start = 0;
    loop {
        let next = chars.next();
        let at_end = next.is_none();
        let (pos, mut ch) = next.unwrap_or((rest.len(), '\0'));
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if ch.is_whitespace() {
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if blank_ok || !word.is_empty() {
                words.push((word, word_start..rest.len()));
            }
            break;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push((std::mem::take(&mut word), word_start..pos));
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                // An escape outside quotes is kept with the character it
                // escapes, even a quote.
                let Some((_, escaped)) = chars.next() else {
                    continue;
                };
                word.push(ch);
                ch = escaped;
            }
            word.push(ch);
            continue;
        }
        // Inside quotes.
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            let Some((_, escaped)) = chars.next() else {
                phase = Phase::Word;
                continue;
            };
            word.push(ch);
            ch = escaped;
        }
        word.push(ch);
    }
    words
}

/// ENV and LABEL: `key value` (the legacy form, one pair) or
/// `key=value ...`. Each pair becomes key, value, and the separator.
fn parse_name_val(rest: &str, base: usize, key: &str, escape: char) -> Parsed {
    let words = parse_words(rest, escape);
    let Some(first) = words.first() else {
        return Ok((Vec::new(), false));
    };
    let mut out = Vec::new();
    if !first.0.contains('=') {
        let Some(key_end) = rest.find(is_separator) else {
            return Err(DiagnosticKind::TwoArgumentsRequired {
                instruction: key.to_string(),
            });
        };
        let after = &rest[key_end..];
        let value_start = key_end + (after.len() - after.trim_start_matches(is_separator).len());
        out.push(RawArg::Word(
            rest[..key_end].to_string(),
            base..base + key_end,
        ));
        out.push(RawArg::Word(
            rest[value_start..].to_string(),
            base + value_start..base + rest.len(),
        ));
        out.push(RawArg::Word(
            String::new(),
            base + rest.len()..base + rest.len(),
        ));
        return Ok((out, false));
    }
    for (word, range) in words {
        let Some(eq) = word.find('=') else {
            return Err(DiagnosticKind::MissingEquals { word });
        };
        // The word may differ from the text (escapes), so the value's range
        // is estimated from the end.
        let key_range = base + range.start..base + range.start + eq;
        let value = word[eq + 1..].to_string();
        let value_start = (base + range.start + eq + 1).min(base + range.end);
        out.push(RawArg::Word(word[..eq].to_string(), key_range));
        out.push(RawArg::Word(value, value_start..base + range.end));
        out.push(RawArg::Word("=".to_string(), value_start - 1..value_start));
    }
    Ok((out, false))
}

/// FROM, EXPOSE, and the shell form of ADD, COPY and VOLUME.
fn whitespace_delimited(rest: &str, base: usize) -> Vec<RawArg> {
    if rest.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_sep = false;
    for (i, c) in rest.char_indices() {
        if is_separator(c) {
            if !in_sep {
                out.push(RawArg::Word(
                    rest[start..i].to_string(),
                    base + start..base + i,
                ));
                in_sep = true;
            }
        } else if in_sep {
            start = i;
            in_sep = false;
        }
    }
    if in_sep {
        out.push(RawArg::Word(
            String::new(),
            base + rest.len()..base + rest.len(),
        ));
    } else {
        out.push(RawArg::Word(
            rest[start..].to_string(),
            base + start..base + rest.len(),
        ));
    }
    out
}

fn parse_string(rest: &str, base: usize) -> Vec<RawArg> {
    if rest.is_empty() {
        return Vec::new();
    }
    vec![RawArg::Word(rest.to_string(), base..base + rest.len())]
}

fn parse_json(rest: &str, base: usize) -> Option<Parsed> {
    match json_array::parse(rest) {
        JsonArray::Strings(items) => Some(Ok((
            items
                .into_iter()
                .map(|(s, r)| RawArg::Word(s, base + r.start..base + r.end))
                .collect(),
            true,
        ))),
        JsonArray::NotStrings => Some(Err(DiagnosticKind::JsonNotStrings)),
        JsonArray::NotJson => None,
    }
}

/// RUN, CMD, ENTRYPOINT, SHELL: a JSON array, or the whole rest as one
/// argument.
fn parse_maybe_json(rest: &str, base: usize) -> Parsed {
    if rest.is_empty() {
        return Ok((Vec::new(), false));
    }
    parse_json(rest, base).unwrap_or_else(|| Ok((parse_string(rest, base), false)))
}

/// ADD, COPY, VOLUME: a JSON array, or white-space separated words.
fn parse_maybe_json_to_list(rest: &str, base: usize) -> Parsed {
    parse_json(rest, base).unwrap_or_else(|| Ok((whitespace_delimited(rest, base), false)))
}

/// HEALTHCHECK: a type word (CMD, NONE), then the command as for CMD.
fn parse_health_config(rest: &str, base: usize) -> Parsed {
    let sep = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if sep == 0 {
        return Ok((Vec::new(), false));
    }
    let after = &rest[sep..];
    let next = sep + (after.len() - after.trim_start().len());
    let (mut cmd, json) = parse_maybe_json(&rest[next..], base + next)?;
    let mut out = vec![RawArg::Word(rest[..sep].to_string(), base..base + sep)];
    out.append(&mut cmd);
    Ok((out, json))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(node: &RawNode) -> Vec<&str> {
        node.next
            .iter()
            .map(|a| match a {
                RawArg::Word(w, _) => w.as_str(),
                RawArg::Child(_) => "<child>",
            })
            .collect()
    }

    #[test]
    fn splits_name_flags_and_arguments() {
        let line = "COPY --from=build --chown=1:1 /a /b";
        let node = new_node_from_line(line, 0, '\\').unwrap();
        assert_eq!(node.value, "COPY");
        let flags: Vec<_> = node
            .flags
            .iter()
            .map(|(f, r)| (f.as_str(), &line[r.clone()]))
            .collect();
        assert_eq!(
            flags,
            [
                ("--from=build", "--from=build"),
                ("--chown=1:1", "--chown=1:1")
            ]
        );
        assert_eq!(values(&node), ["/a", "/b"]);
        let RawArg::Word(_, r) = &node.next[1] else {
            panic!()
        };
        assert_eq!(&line[r.clone()], "/b");
    }

    #[test]
    fn a_lone_double_dash_ends_the_flags() {
        let node = new_node_from_line("RUN --network=none -- --not-a-flag", 0, '\\').unwrap();
        assert_eq!(node.flags.len(), 1);
        assert_eq!(values(&node), ["--not-a-flag"]);
    }

    #[test]
    fn quoted_flag_values_lose_their_quotes() {
        let node = new_node_from_line("RUN --mount=\"type=cache,target=/a b\" x", 0, '\\').unwrap();
        assert_eq!(node.flags[0].0, "--mount=type=cache,target=/a b");
    }

    #[test]
    fn env_forms() {
        let node = new_node_from_line("ENV A=1 B=\"two words\"", 0, '\\').unwrap();
        assert_eq!(values(&node), ["A", "1", "=", "B", "\"two words\"", "="]);
        let node = new_node_from_line("ENV A  one two", 0, '\\').unwrap();
        assert_eq!(values(&node), ["A", "one two", ""]);
        assert_eq!(
            new_node_from_line("ENV PATH", 0, '\\'),
            Err(DiagnosticKind::TwoArgumentsRequired {
                instruction: "ENV".into()
            })
        );
        assert_eq!(
            new_node_from_line("LABEL a=b c", 0, '\\'),
            Err(DiagnosticKind::MissingEquals { word: "c".into() })
        );
    }

    #[test]
    fn exec_form_and_fallback() {
        let node = new_node_from_line("CMD [\"a\", \"b\"]", 0, '\\').unwrap();
        assert!(node.json);
        assert_eq!(values(&node), ["a", "b"]);
        let node = new_node_from_line("CMD ['a']", 0, '\\').unwrap();
        assert!(!node.json);
        assert_eq!(values(&node), ["['a']"]);
        assert_eq!(
            new_node_from_line("CMD [1]", 0, '\\'),
            Err(DiagnosticKind::JsonNotStrings)
        );
    }

    #[test]
    fn onbuild_nests_its_trigger() {
        let node = new_node_from_line("ONBUILD RUN echo hi", 0, '\\').unwrap();
        let RawArg::Child(child) = &node.next[0] else {
            panic!()
        };
        assert_eq!(child.value, "RUN");
        assert_eq!(child.value_range, 8..11);
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        let words: Vec<String> = parse_words(r#"a "b c" d\ e 'f\'"#, '\\')
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(words, ["a", "\"b c\"", "d\\ e", "'f\\'"]);
    }
}
