//! Word expansion exactly as BuildKit's shell lexer (`shell.Lex`) does it:
//! quotes, escapes, `$name`, `${name}` with every modifier, and word
//! splitting after expansion.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::Serialize;

use super::dump::go_quote;
use super::glob::{Glob, Piece, Token};

/// Where expansion looks variables up.
pub trait Env {
    fn get(&self, name: &str) -> Option<&str>;
}

impl Env for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
}

impl Env for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(String::as_str)
    }
}

/// `KEY=value` pairs; a later pair overrides an earlier one.
impl Env for [(String, String)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Env for Vec<(String, String)> {
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
}

/// No variables at all.
pub struct EmptyEnv;

impl Env for EmptyEnv {
    fn get(&self, _: &str) -> Option<&str> {
        None
    }
}

/// The lexer's settings, as BuildKit's `Lex` fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lex {
    pub escape: char,
    /// Keep quote characters in the result.
    pub raw_quotes: bool,
    /// Keep escape characters in the result.
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as written.
    pub skip_unset_env: bool,
}

/// The result of expanding one word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The word expanded, without splitting.
    pub result: String,
    /// The word expanded and split at unquoted white space.
    pub words: Vec<String>,
    /// Variables the word referred to that were set.
    pub matched: BTreeSet<String>,
    /// Variables the word referred to that were not set.
    pub unmatched: BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExpandError {
    /// The word being expanded.
    pub word: String,
    pub kind: ExpandErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ExpandErrorKind {
    MissingBrace,
    BadSubstitution,
    MissingSlash,
    UnsupportedModifier {
        modifier: String,
    },
    UnexpectedEnd {
        looking_for: String,
    },
    Required {
        name: String,
        message: String,
    },
    InvalidPattern {
        pattern: String,
        reason: String,
    },
    /// `${a:-${b:-...}}` nested past Stagecraft's limit.
    TooDeep {
        limit: u32,
    },
    /// The word grew past Stagecraft's limit.
    TooLong {
        limit: usize,
    },
    /// More work than the build's budget ([`Meter`]).
    TooMuchWork {
        limit: u64,
    },
}

impl ExpandErrorKind {
    /// Whether this is one of Stagecraft's limits rather than an error
    /// BuildKit would give.
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            ExpandErrorKind::TooDeep { .. }
                | ExpandErrorKind::TooLong { .. }
                | ExpandErrorKind::TooMuchWork { .. }
        )
    }
}

/// The work expansions may still do: each value copied and each pattern
/// tried counts, so that a Dockerfile of many small words that each copy
/// a big value or trim it with a pattern stops at a limit instead of
/// running for minutes. One unit is about 16 bytes copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meter {
    pub left: u64,
    pub limit: u64,
}

impl Meter {
    pub fn new(limit: u64) -> Meter {
        Meter { left: limit, limit }
    }

    /// The budget of one build's (or one check pass's) expansions.
    pub fn build() -> Meter {
        Meter::new(crate::limits::EXPAND_WORK)
    }

    fn spend(&mut self, units: u64) -> Result<(), ExpandErrorKind> {
        match self.left.checked_sub(units) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => {
                self.left = 0;
                Err(ExpandErrorKind::TooMuchWork { limit: self.limit })
            }
        }
    }
}

/// Units of work for copying `bytes`.
fn copying(bytes: usize) -> u64 {
    1 + bytes as u64 / 16
}

impl fmt::Display for ExpandErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ExpandErrorKind::*;
        match self {
            MissingBrace => f.write_str("syntax error: missing '}'"),
            BadSubstitution => f.write_str("syntax error: bad substitution"),
            MissingSlash => f.write_str("syntax error: missing '/' in ${}"),
            UnsupportedModifier { modifier } => {
                write!(f, "unsupported modifier ({modifier}) in substitution")
            }
            UnexpectedEnd { looking_for } => write!(
                f,
                "unexpected end of statement while looking for matching {looking_for}"
            ),
            Required { name, message } => write!(f, "{name}: {message}"),
            InvalidPattern { pattern, reason } => {
                write!(f, "invalid pattern ({pattern}) in substitution: {reason}")
            }
            TooDeep { limit } => write!(
                f,
                "substitutions nested deeper than {limit} levels: over Stagecraft's limit (a simulation limit, not Docker's)"
            ),
            TooLong { limit } => write!(
                f,
                "the word grew past {limit} bytes: over Stagecraft's limit (a simulation limit, not Docker's)"
            ),
            TooMuchWork { limit } => write!(
                f,
                "the expansions of this build did more work than Stagecraft's limit of {limit} units (a simulation limit, not Docker's)"
            ),
        }
    }
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The word as BuildKit quotes it; a word long enough to meet a
        // limit is cut, the message stays readable.
        let shown = if self.word.len() > 200 {
            let cut = (0..=200)
                .rev()
                .find(|&i| self.word.is_char_boundary(i))
                .unwrap_or(0);
            format!("{}...", go_quote(&self.word[..cut]))
        } else {
            go_quote(&self.word)
        };
        write!(f, "failed to process {shown}: {}", self.kind)
    }
}

impl std::error::Error for ExpandError {}

impl Lex {
    pub fn new(escape: char) -> Lex {
        Lex {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// Expands `word` without splitting it (BuildKit's `ProcessWord`).
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<String, ExpandError> {
        self.process(word, env).map(|e| e.result)
    }

    /// Expands and splits `word` (BuildKit's `ProcessWords`).
    pub fn process_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, ExpandError> {
        self.process(word, env).map(|e| e.words)
    }

    pub fn process(&self, word: &str, env: &dyn Env) -> Result<Expansion, ExpandError> {
        self.process_metered(word, env, &mut Meter::build())
    }

    /// [`Lex::process`], the work it does taken from `meter`, which the
    /// expansions of a whole build share.
    pub fn process_metered(
        &self,
        word: &str,
        env: &dyn Env,
        meter: &mut Meter,
    ) -> Result<Expansion, ExpandError> {
        let mut shell_word = ShellWord {
            lex: *self,
            chars: word.chars().collect(),
            pos: 0,
            env,
            raw_escapes: self.raw_escapes,
            matched: BTreeSet::new(),
            unmatched: BTreeSet::new(),
            depth: 0,
            meter,
        };
        match shell_word.process_stop_on(None, self.raw_escapes) {
            Ok((result, words)) => Ok(Expansion {
                result,
                words,
                matched: shell_word.matched,
                unmatched: shell_word.unmatched,
            }),
            Err(kind) => Err(ExpandError {
                word: word.to_string(),
                kind,
            }),
        }
    }
}

struct ShellWord<'a> {
    lex: Lex,
    chars: Vec<char>,
    pos: usize,
    env: &'a dyn Env,
    raw_escapes: bool,
    matched: BTreeSet<String>,
    unmatched: BTreeSet<String>,
    /// Substitutions inside each other so far.
    depth: u32,
    meter: &'a mut Meter,
}

/// Words being split out of an expansion.
#[derive(Default)]
struct Words {
    buf: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, c: char) {
        if c.is_whitespace() {
            if self.in_word && !self.buf.is_empty() {
                self.words.push(std::mem::take(&mut self.buf));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(c);
        }
    }

    fn add_raw_char(&mut self, c: char) {
        self.buf.push(c);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        for c in s.chars() {
            self.add_char(c);
        }
    }

    fn add_raw_string(&mut self, s: &str) {
        self.buf.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.buf.is_empty() {
            self.words.push(std::mem::take(&mut self.buf));
        }
        self.words
    }
}

type Step<T> = Result<T, ExpandErrorKind>;

impl ShellWord<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    /// Reads up to `stop` (consumed) or the end of the word.
    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Step<(String, Vec<String>)> {
        let limit = crate::limits::WORD_NESTING;
        if self.depth >= limit {
            return Err(ExpandErrorKind::TooDeep { limit });
        }
        self.depth += 1;
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        let result = self.stop_on(stop);
        self.raw_escapes = saved;
        self.depth -= 1;
        result
    }

    /// Stops a word that grew past the limit.
    fn check_length(text: &str) -> Step<()> {
        let limit = crate::limits::WORD_BYTES;
        if text.len() > limit {
            return Err(ExpandErrorKind::TooLong { limit });
        }
        Ok(())
    }

    fn stop_on(&mut self, stop: Option<char>) -> Step<(String, Vec<String>)> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.next();
                return Ok((result, words.finish()));
            }
            match c {
                '$' => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                    Self::check_length(&result)?;
                    words.add_string(&value);
                }
                '\'' | '"' if !self.lex.skip_process_quotes => {
                    let value = if c == '\'' {
                        self.process_single_quote()?
                    } else {
                        self.process_double_quote()?
                    };
                    result.push_str(&value);
                    Self::check_length(&result)?;
                    words.add_raw_string(&value);
                }
                _ => {
                    self.next();
                    if c == self.lex.escape {
                        if self.raw_escapes {
                            words.add_raw_char(c);
                            result.push(c);
                        }
                        match self.next() {
                            None => break,
                            Some(escaped) => {
                                words.add_raw_char(escaped);
                                result.push(escaped);
                            }
                        }
                    } else {
                        words.add_char(c);
                        result.push(c);
                    }
                }
            }
        }
        match stop {
            Some(stop) => Err(ExpandErrorKind::UnexpectedEnd {
                looking_for: stop.to_string(),
            }),
            None => Ok((result, words.finish())),
        }
    }

    fn process_single_quote(&mut self) -> Step<String> {
        let mut result = String::new();
        let open = self.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.next() {
                None => {
                    return Err(ExpandErrorKind::UnexpectedEnd {
                        looking_for: "single-quote".to_string(),
                    })
                }
                Some('\'') => {
                    if self.lex.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn process_double_quote(&mut self) -> Step<String> {
        let mut result = String::new();
        let open = self.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.peek() {
                None => {
                    return Err(ExpandErrorKind::UnexpectedEnd {
                        looking_for: "double-quote".to_string(),
                    })
                }
                Some('"') => {
                    self.next();
                    if self.lex.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                    Self::check_length(&result)?;
                }
                Some(_) => {
                    let mut c = self.next().unwrap_or_default();
                    if c == self.lex.escape {
                        if self.raw_escapes {
                            result.push(c);
                        }
                        match self.peek() {
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == self.lex.escape => {
                                self.next();
                                c = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(c);
                }
            }
        }
    }

    fn process_dollar(&mut self) -> Step<String> {
        self.next();
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(match self.get_env(&name)? {
                Some(value) => value,
                None if self.lex.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.next();
        match self.peek() {
            None => return Err(ExpandErrorKind::MissingBrace),
            Some('{' | '}' | ':') => return Err(ExpandErrorKind::BadSubstitution),
            Some(_) => {}
        }
        let name = self.process_name();
        let mut c = self.next();
        let mut modifier: String = c.map_or('\u{fffd}', |c| c).to_string();
        match c {
            Some('}') => {
                return Ok(match self.get_env(&name)? {
                    Some(value) => value,
                    None if self.lex.skip_unset_env => format!("${{{name}}}"),
                    None => String::new(),
                });
            }
            Some('/') => return self.replace(&name),
            Some(':' | '+' | '-' | '?' | '#' | '%') => {}
            _ => return Err(ExpandErrorKind::UnsupportedModifier { modifier }),
        }
        let null_is_unset = c == Some(':');
        if null_is_unset {
            c = self.next();
            modifier.push(c.map_or('\u{fffd}', |c| c));
        }
        let raw = matches!(c, Some('#' | '%'));
        if null_is_unset && raw {
            return Err(ExpandErrorKind::UnsupportedModifier { modifier });
        }
        let word = self.closing(Some('}'), raw, ExpandErrorKind::MissingBrace)?;
        let value = self.get_env(&name)?;
        if self.lex.skip_unset_env && value.is_none() {
            return Ok(format!("${{{name}{modifier}{word}}}"));
        }
        let unset = value.is_none() || (null_is_unset && value.as_deref() == Some(""));
        match c {
            Some('-') => Ok(if unset {
                word
            } else {
                value.unwrap_or_default()
            }),
            Some('+') => Ok(if unset { String::new() } else { word }),
            Some('?') => match value {
                None => Err(required(name, word, "is not allowed to be unset")),
                Some(v) if null_is_unset && v.is_empty() => {
                    Err(required(name, word, "is not allowed to be empty"))
                }
                Some(v) => Ok(v),
            },
            Some(op @ ('%' | '#')) => {
                let (pattern, greedy) = match word.strip_prefix(op) {
                    Some(rest) => (rest.to_string(), true),
                    None => (word, false),
                };
                let value = value.unwrap_or_default();
                // The automaton runs once over the value, all its states
                // at a time.
                self.meter
                    .spend(copying(value.len()).saturating_mul(1 + pattern.len() as u64))?;
                if op == '%' {
                    trim_suffix(&pattern, &value, greedy)
                } else {
                    trim_prefix(&pattern, &value, greedy)
                }
            }
            _ => Err(ExpandErrorKind::UnsupportedModifier { modifier }),
        }
    }

    /// `${name/pattern/replacement}` and `${name//pattern/replacement}`.
    fn replace(&mut self, name: &str) -> Step<String> {
        let all = self.peek() == Some('/');
        if all {
            self.next();
        }
        let pattern = self.closing(Some('/'), true, ExpandErrorKind::MissingSlash)?;
        let replacement = self.closing(Some('}'), true, ExpandErrorKind::MissingBrace)?;
        let value = self.get_env(name)?;
        if self.lex.skip_unset_env && value.is_none() {
            return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
        }
        let value = value.unwrap_or_default();
        // A search from each place a match could start: the value's
        // length times the pattern's, at worst, each time.
        self.meter.spend(
            copying(value.len())
                .saturating_mul(1 + pattern.len() as u64)
                .saturating_mul(if all { 4 } else { 1 }),
        )?;
        let glob = Glob::new(&shell_pattern(&pattern)?);
        if !all {
            return Ok(match glob.find(&value, 0, true) {
                Some((s, e)) => format!("{}{}{}", &value[..s], replacement, &value[e..]),
                None => value,
            });
        }
        Ok(replace_all(&glob, &value, &replacement))
    }

    /// Reads up to `stop`; running out of text is `at_end`.
    fn closing(&mut self, stop: Option<char>, raw: bool, at_end: ExpandErrorKind) -> Step<String> {
        match self.process_stop_on(stop, raw) {
            Ok((word, _)) => Ok(word),
            Err(_) if self.peek().is_none() => Err(at_end),
            Err(e) => Err(e),
        }
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if name.is_empty() && is_digit(c) {
                while let Some(d) = self.peek().filter(|&d| is_digit(d)) {
                    self.next();
                    name.push(d);
                }
                return name;
            }
            if name.is_empty() && is_special_param(c) {
                self.next();
                return c.to_string();
            }
            if !c.is_alphabetic() && !is_digit(c) && c != '_' {
                break;
            }
            self.next();
            name.push(c);
        }
        name
    }

    fn get_env(&mut self, name: &str) -> Step<Option<String>> {
        Ok(match self.env.get(name) {
            Some(value) => {
                self.meter.spend(copying(value.len()))?;
                self.matched.insert(name.to_string());
                Some(value.to_string())
            }
            None => {
                self.unmatched.insert(name.to_string());
                None
            }
        })
    }
}

fn required(name: String, word: String, default: &str) -> ExpandErrorKind {
    ExpandErrorKind::Required {
        name,
        message: if word.is_empty() {
            default.to_string()
        } else {
            word
        },
    }
}

/// Go's `unicode.IsDigit`, close enough without Unicode tables.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

/// BuildKit's `convertShellPatternToRegex`: `*` any text, `?` one
/// character (neither crosses a newline), `\` escapes `*`, `?` and itself,
/// and drops before `}` and `/`.
fn shell_pattern(pattern: &str) -> Step<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let literal = match c {
            '*' => {
                tokens.push(Token::Many(Piece::AnyButNewline));
                continue;
            }
            '?' => {
                tokens.push(Token::One(Piece::AnyButNewline));
                continue;
            }
            '\\' => {
                if matches!(chars.peek(), Some('}' | '/')) {
                    continue;
                }
                match chars.next() {
                    Some(e @ ('*' | '?' | '\\')) => e,
                    other => {
                        return Err(ExpandErrorKind::InvalidPattern {
                            pattern: pattern.to_string(),
                            reason: format!("invalid escape '\\{}'", other.unwrap_or('\u{fffd}')),
                        })
                    }
                }
            }
            c => c,
        };
        tokens.push(Token::One(Piece::Char(literal)));
    }
    Ok(tokens)
}

/// The text a pattern of plain characters stands for.
fn literal(tokens: &[Token]) -> Option<String> {
    tokens
        .iter()
        .map(|t| match t {
            Token::One(Piece::Char(c)) => Some(*c),
            _ => None,
        })
        .collect()
}

fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> Step<String> {
    let tokens = shell_pattern(pattern)?;
    // Plain text has one match or none, greedy or not.
    if let Some(text) = literal(&tokens) {
        return Ok(value.strip_prefix(&text).unwrap_or(value).to_string());
    }
    let glob = Glob::new(&tokens);
    let ends = glob.ends(value, 0);
    let end = if greedy {
        ends.iter().max()
    } else {
        ends.iter().min()
    };
    Ok(match end {
        Some(&e) => value[e..].to_string(),
        None => value.to_string(),
    })
}

/// Matches from the right by reversing both pattern and value, keeping each
/// escape before the character it escapes (BuildKit's `reversePattern`).
fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> Step<String> {
    if let Some(text) = literal(&shell_pattern(pattern)?) {
        return Ok(value.strip_suffix(&text).unwrap_or(value).to_string());
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut units: Vec<&[char]> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let len = if chars[i] == '\\' && i + 1 < chars.len() {
            2
        } else {
            1
        };
        units.push(&chars[i..i + len]);
        i += len;
    }
    let pattern: String = units.iter().rev().flat_map(|u| u.iter()).collect();
    let value: String = value.chars().rev().collect();
    Ok(trim_prefix(&pattern, &value, greedy)?
        .chars()
        .rev()
        .collect())
}

/// Go's `Regexp.ReplaceAllString`, `$0` and `${0}` in the replacement
/// standing for the match.
fn replace_all(glob: &Glob, value: &str, replacement: &str) -> String {
    let mut out = String::new();
    let mut last_end = 0;
    let mut search = 0;
    while search <= value.len() {
        let Some((s, e)) = glob.find(value, search, true) else {
            break;
        };
        out.push_str(&value[last_end..s]);
        if e > last_end || s == 0 {
            expand_template(&mut out, replacement, &value[s..e]);
        }
        last_end = e;
        let width = value[search..].chars().next().map_or(0, char::len_utf8);
        if search + width > e {
            search += width;
        } else if search + 1 > e {
            search += 1;
        } else {
            search = e;
        }
    }
    out.push_str(&value[last_end..]);
    out
}

fn expand_template(out: &mut String, template: &str, whole: &str) {
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let (braced, body) = match rest.strip_prefix('{') {
            Some(body) => (true, body),
            None => (false, rest),
        };
        let name_len: usize = body
            .chars()
            .take_while(|&c| c.is_alphabetic() || is_digit(c) || c == '_')
            .map(char::len_utf8)
            .sum();
        let closed = !braced || body[name_len..].starts_with('}');
        if name_len == 0 || !closed {
            out.push('$');
            continue;
        }
        let name = &body[..name_len];
        if name == "0" {
            out.push_str(whole);
        }
        rest = &body[name_len + usize::from(braced)..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Vec<(String, String)> {
        [("PWD", "/home"), ("X", "a.b.c"), ("EMPTY", "")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn word(input: &str) -> String {
        Lex::new('\\').process_word(input, &env()).unwrap()
    }

    fn error(input: &str) -> String {
        Lex::new('\\')
            .process_word(input, &env())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn trims_prefixes_and_suffixes() {
        assert_eq!(word("${X#*.}"), "b.c");
        assert_eq!(word("${X##*.}"), "c");
        assert_eq!(word("${X%.*}"), "a.b");
        assert_eq!(word("${X%%.*}"), "a");
        assert_eq!(word("${X#z}"), "a.b.c");
        assert_eq!(word("${X%.c}"), "a.b");
    }

    #[test]
    fn replaces_first_or_all() {
        assert_eq!(word("${X/./-}"), "a-b.c");
        assert_eq!(word("${X//./-}"), "a-b-c");
        // `$0` in the replacement is expanded by the shell first; escaped, it
        // reaches the regexp template as the whole match.
        assert_eq!(word("${X//./<$0>}"), "a<>b<>c");
        assert_eq!(word("${X//./<\\$0>}"), "a<\\.>b<\\.>c");
        assert_eq!(word("${X//z/-}"), "a.b.c");
        assert_eq!(word("${UNSET//a/b}"), "");
    }

    #[test]
    fn colonless_modifiers_treat_empty_as_set() {
        assert_eq!(word("${EMPTY-d}"), "");
        assert_eq!(word("${EMPTY:-d}"), "d");
        assert_eq!(word("${EMPTY+s}"), "s");
        assert_eq!(word("${EMPTY:+s}"), "");
        assert_eq!(word("${UNSET-d}"), "d");
    }

    #[test]
    fn errors_use_buildkit_words() {
        assert_eq!(
            error("${UNSET?}"),
            "failed to process \"${UNSET?}\": UNSET: is not allowed to be unset"
        );
        assert_eq!(
            error("${EMPTY:?must be set}"),
            "failed to process \"${EMPTY:?must be set}\": EMPTY: must be set"
        );
        assert_eq!(
            error("${X:#a}"),
            "failed to process \"${X:#a}\": unsupported modifier (:#) in substitution"
        );
        assert_eq!(
            error("${X/a"),
            "failed to process \"${X/a\": syntax error: missing '/' in ${}"
        );
        assert_eq!(error("${X#\\a}"), "failed to process \"${X#\\\\a}\": invalid pattern (\\a) in substitution: invalid escape '\\a'");
        assert_eq!(error("'abc"), "failed to process \"'abc\": unexpected end of statement while looking for matching single-quote");
    }

    #[test]
    fn nested_defaults_keep_the_word_whole_when_splitting() {
        let words = Lex::new('\\')
            .process_words("ab${U:-c d}e f", &env())
            .unwrap();
        assert_eq!(words, ["abc", "de", "f"]);
    }

    #[test]
    fn records_matched_and_unmatched_names() {
        let e = Lex::new('\\').process("$PWD ${NOPE:-x}", &env()).unwrap();
        assert!(e.matched.contains("PWD"));
        assert!(e.unmatched.contains("NOPE"));
    }

    #[test]
    fn skip_unset_env_keeps_references() {
        let mut lex = Lex::new('\\');
        lex.skip_unset_env = true;
        assert_eq!(
            lex.process_word("$A ${B} ${C:-x}", &env()).unwrap(),
            "$A ${B} ${C:-x}"
        );
    }
}
