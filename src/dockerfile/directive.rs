//! Parser directives: `# syntax=`, `# escape=` and `# check=` comment lines,
//! which count only before the first instruction, comment or blank line.

/// BuildKit's `DirectiveParser`: stops looking at the first line that is
/// not a directive.
#[derive(Clone, Debug, Default)]
pub struct DirectiveParser {
    done: bool,
    seen: Vec<String>,
}

/// A directive line: its lower-cased name and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectiveLine {
    pub name: String,
    pub value: String,
    /// Byte range of the value within the line given.
    pub value_range: std::ops::Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DirectiveError {
    Duplicate(String),
}

const VALID: &[&str] = &["syntax", "escape", "check"];

impl DirectiveParser {
    /// Looks at one line (newline and leading white space already removed).
    pub fn parse_line(&mut self, line: &str) -> Result<Option<DirectiveLine>, DirectiveError> {
        if self.done {
            return Ok(None);
        }
        let Some(rest) = line.strip_prefix('#') else {
            self.done = true;
            return Ok(None);
        };
        let body = rest.trim_start();
        let body_start = line.len() - body.len();
        let Some((name, value_range)) = match_directive(body) else {
            self.done = true;
            return Ok(None);
        };
        let name = name.to_lowercase();
        if !VALID.contains(&name.as_str()) {
            self.done = true;
            return Ok(None);
        }
        if self.seen.contains(&name) {
            return Err(DirectiveError::Duplicate(name));
        }
        self.seen.push(name.clone());
        let value_range = body_start + value_range.start..body_start + value_range.end;
        Ok(Some(DirectiveLine {
            name,
            value: line[value_range.clone()].to_string(),
            value_range,
        }))
    }
}

/// The regular expression `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` (Go's
/// `\s` is ASCII white space): the name and the value's byte range.
fn match_directive(body: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r');
    let mut chars = body.char_indices();
    let (_, first) = chars.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let name_end = body
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_alphanumeric())
        .map_or(body.len(), |(i, _)| i);
    let name = &body[..name_end];
    let after_name = body[name_end..].trim_start_matches(is_space);
    let after_eq = after_name.strip_prefix('=')?;
    let value_part = after_eq.trim_start_matches(is_space);
    let value = value_part.trim_end_matches(is_space);
    if value.contains('\n') {
        return None;
    }
    if value.is_empty() {
        // `(.+?)` must take a character: backtracking leaves it the last
        // white-space character.
        let last = after_eq.chars().last()?;
        let end = body.len();
        return Some((name, end - last.len_utf8()..end));
    }
    let start = body.len() - value_part.len();
    Some((name, start..start + value.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_directives_until_another_line() {
        let mut p = DirectiveParser::default();
        let d = p
            .parse_line("# syntax = docker/dockerfile:1")
            .unwrap()
            .unwrap();
        assert_eq!(
            (d.name.as_str(), d.value.as_str()),
            ("syntax", "docker/dockerfile:1")
        );
        let d = p.parse_line("#ESCAPE=`").unwrap().unwrap();
        assert_eq!((d.name.as_str(), d.value.as_str()), ("escape", "`"));
        assert_eq!(
            p.parse_line("# check=skip=all").unwrap().unwrap().value,
            "skip=all"
        );
        assert_eq!(p.parse_line("# not a directive").unwrap(), None);
        assert_eq!(
            p.parse_line("# escape=\\").unwrap(),
            None,
            "done after a comment"
        );
    }

    #[test]
    fn a_blank_value_is_its_last_space() {
        let mut p = DirectiveParser::default();
        assert_eq!(p.parse_line("# escape=  ").unwrap().unwrap().value, " ");
    }

    #[test]
    fn unknown_names_end_the_directives() {
        let mut p = DirectiveParser::default();
        assert_eq!(p.parse_line("# foo=bar").unwrap(), None);
        assert_eq!(p.parse_line("# escape=`").unwrap(), None);
    }

    #[test]
    fn repeats_are_errors() {
        let mut p = DirectiveParser::default();
        p.parse_line("# escape=`").unwrap();
        assert_eq!(
            p.parse_line("# escape=\\"),
            Err(DirectiveError::Duplicate("escape".into()))
        );
    }
}
