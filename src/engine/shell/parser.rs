//! Reads a shell script (a RUN command line, or a script file run with
//! `sh`) into its syntax tree: lists, pipelines, compound commands,
//! redirections with here-documents, quoting and expansions.

use std::fmt;

use super::ast::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    /// What was found (`end of file`, `"fi"`).
    pub found: String,
    /// What would have been right, if one thing.
    pub expecting: Option<String>,
}

impl fmt::Display for ParseError {
    /// Worded as dash words it, after `/bin/sh: LINE: `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Syntax error: {} unexpected", self.found)?;
        if let Some(e) = &self.expecting {
            write!(f, " (expecting \"{e}\")")?;
        }
        Ok(())
    }
}

type Result<T> = std::result::Result<T, ParseError>;

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "{", "}", "!",
];

/// Parses a whole script.
pub fn parse_script(source: &str) -> Result<List> {
    let mut p = Parser::new(source);
    let list = p.list(&[])?;
    p.skip_separators();
    if p.pos < p.chars.len() {
        return Err(p.unexpected_here());
    }
    Ok(list)
}

/// Parses the word of `${name:-word}` (blanks are part of it).
pub fn parse_word_text(text: &str) -> Result<Word> {
    let mut p = Parser::new(text);
    p.raw = true;
    if text.is_empty() {
        return Ok(Word::default());
    }
    p.word()
}

/// Parses a here-document body: expansions and backslash escapes as inside
/// double quotes, the quotes themselves ordinary.
pub fn parse_heredoc_body(text: &str) -> Result<Word> {
    let mut p = Parser::new(text);
    let mut parts = Vec::new();
    p.double_quoted_until(&mut parts, None)?;
    Ok(Word { parts })
}

struct Parser {
    /// Blanks and operators are ordinary characters (a `${x:-word}`).
    raw: bool,
    /// Commands being parsed inside each other.
    depth: u32,
    chars: Vec<char>,
    pos: usize,
    line: usize,
    /// The newline after which here-document bodies start, once one is
    /// opened on the current line.
    heredoc_line_end: Option<usize>,
    /// Where the next here-document body (or the script, after the bodies)
    /// resumes.
    heredoc_cursor: usize,
}

fn is_meta(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')'
    )
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Parser {
    fn new(source: &str) -> Parser {
        Parser {
            raw: false,
            chars: source.chars().collect(),
            pos: 0,
            line: 1,
            heredoc_line_end: None,
            heredoc_cursor: 0,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
    }

    /// Consumes one character, skipping here-document bodies after the
    /// newline that precedes them.
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        if c == '\n' {
            self.line += 1;
            if self.heredoc_line_end == Some(self.pos) {
                let skipped: usize = self.chars[self.pos + 1..self.heredoc_cursor]
                    .iter()
                    .filter(|&&c| c == '\n')
                    .count();
                self.line += skipped;
                self.pos = self.heredoc_cursor;
                self.heredoc_line_end = None;
                return Some(c);
            }
        }
        self.pos += 1;
        Some(c)
    }

    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t') => {
                    self.bump();
                }
                Some('\\') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                _ => break,
            }
        }
    }

    fn skip_linebreaks(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek() == Some('\n') {
                self.bump();
            } else {
                break;
            }
        }
    }

    fn skip_separators(&mut self) {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some('\n') | Some(';') if !self.starts_with(";;") => {
                    self.bump();
                }
                _ => break,
            }
        }
    }

    fn found_here(&self) -> String {
        match self.peek() {
            None => "end of file".to_string(),
            Some('\n') => "newline".to_string(),
            Some(_) => {
                let word: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|c| !c.is_whitespace())
                    .take(16)
                    .collect();
                format!("\"{word}\"")
            }
        }
    }

    fn unexpected_here(&self) -> ParseError {
        ParseError {
            line: self.line,
            found: self.found_here(),
            expecting: None,
        }
    }

    fn expecting(&self, what: &str) -> ParseError {
        ParseError {
            line: self.line,
            found: self.found_here(),
            expecting: Some(what.to_string()),
        }
    }

    /// The next plain word, if it is a keyword, without consuming it.
    fn peek_keyword(&self) -> Option<&'static str> {
        let rest = &self.chars[self.pos..];
        KEYWORDS.iter().copied().find(|k| {
            let n = k.chars().count();
            rest.len() >= n
                && rest[..n].iter().copied().eq(k.chars())
                && rest.get(n).is_none_or(|&c| is_meta(c))
        })
    }

    fn eat_keyword(&mut self, keyword: &str) -> bool {
        self.skip_blanks();
        if self.peek_keyword() == Some(keyword) || (self.keyword_at_pos(keyword)) {
            for _ in keyword.chars() {
                self.bump();
            }
            true
        } else {
            false
        }
    }

    fn keyword_at_pos(&self, keyword: &str) -> bool {
        let n = keyword.chars().count();
        let rest = &self.chars[self.pos..];
        rest.len() >= n
            && rest[..n].iter().copied().eq(keyword.chars())
            && rest.get(n).is_none_or(|&c| is_meta(c))
    }

    fn expect_keyword(&mut self, keyword: &str) -> Result<()> {
        self.skip_linebreaks();
        if self.eat_keyword(keyword) {
            Ok(())
        } else {
            Err(self.expecting(keyword))
        }
    }

    /// A list up to one of `terminators` (keywords), `)`, `;;` or the end.
    fn list(&mut self, terminators: &[&str]) -> Result<List> {
        let mut list = Vec::new();
        loop {
            self.skip_separators();
            match self.peek() {
                None | Some(')') => break,
                _ if self.starts_with(";;") => break,
                _ => {}
            }
            if let Some(k) = self.peek_keyword() {
                if terminators.contains(&k) {
                    break;
                }
            }
            let mut and_or = self.and_or()?;
            self.skip_blanks();
            match self.peek() {
                Some('&') if self.peek_at(1) != Some('&') => {
                    self.bump();
                    and_or.background = true;
                }
                Some(';') if !self.starts_with(";;") => {
                    self.bump();
                }
                Some('\n') => {
                    self.bump();
                }
                _ => {
                    list.push(and_or);
                    break;
                }
            }
            list.push(and_or);
        }
        Ok(list)
    }

    fn and_or(&mut self) -> Result<AndOr> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            self.skip_blanks();
            let connector = if self.starts_with("&&") {
                Connector::And
            } else if self.starts_with("||") {
                Connector::Or
            } else {
                break;
            };
            self.bump();
            self.bump();
            self.skip_linebreaks();
            rest.push((connector, self.pipeline()?));
        }
        Ok(AndOr {
            first,
            rest,
            background: false,
        })
    }

    fn pipeline(&mut self) -> Result<Pipeline> {
        self.skip_blanks();
        let negated = self.eat_keyword("!");
        let mut commands = vec![self.command()?];
        loop {
            self.skip_blanks();
            if self.peek() == Some('|') && self.peek_at(1) != Some('|') {
                self.bump();
                self.skip_linebreaks();
                commands.push(self.command()?);
            } else {
                break;
            }
        }
        Ok(Pipeline { negated, commands })
    }

    /// A command, one nesting level deeper: past the limit the script is
    /// refused rather than overflowing the stack.
    fn command(&mut self) -> Result<Command> {
        if self.depth >= crate::limits::SHELL_NESTING {
            return Err(ParseError {
                line: self.line,
                found: format!(
                    "nesting deeper than {} levels (a Stagecraft limit)",
                    crate::limits::SHELL_NESTING
                ),
                expecting: None,
            });
        }
        self.depth += 1;
        let command = self.command_here();
        self.depth -= 1;
        command
    }

    fn command_here(&mut self) -> Result<Command> {
        self.skip_blanks();
        let compound = match self.peek_keyword() {
            Some("if") => Some(self.if_clause()?),
            Some("for") => Some(self.for_clause()?),
            Some("while") => Some(self.while_clause(false)?),
            Some("until") => Some(self.while_clause(true)?),
            Some("case") => Some(self.case_clause()?),
            Some("{") => {
                self.eat_keyword("{");
                let body = self.list(&["}"])?;
                self.expect_keyword("}")?;
                Some(Compound::Group(body))
            }
            Some(k @ ("then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "}" | "in")) => {
                return Err(ParseError {
                    line: self.line,
                    found: format!("\"{k}\""),
                    expecting: None,
                })
            }
            _ if self.peek() == Some('(') => {
                self.bump();
                let body = self.list(&[])?;
                self.skip_linebreaks();
                if self.peek() != Some(')') {
                    return Err(self.expecting(")"));
                }
                self.bump();
                Some(Compound::Subshell(body))
            }
            _ => None,
        };
        if let Some(compound) = compound {
            let redirects = self.redirects()?;
            return Ok(Command::Compound(compound, redirects));
        }
        if let Some(def) = self.function_def()? {
            return Ok(def);
        }
        self.simple().map(Command::Simple)
    }

    /// `name() compound-command`
    fn function_def(&mut self) -> Result<Option<Command>> {
        let start = self.pos;
        let name: String = self.chars[self.pos..]
            .iter()
            .take_while(|&&c| is_name(c))
            .collect();
        if name.is_empty() || !is_name_start(name.chars().next().unwrap_or('0')) {
            return Ok(None);
        }
        let mut i = self.pos + name.chars().count();
        while matches!(self.chars.get(i), Some(' ' | '\t')) {
            i += 1;
        }
        if self.chars.get(i) != Some(&'(') {
            return Ok(None);
        }
        i += 1;
        while matches!(self.chars.get(i), Some(' ' | '\t')) {
            i += 1;
        }
        if self.chars.get(i) != Some(&')') {
            return Ok(None);
        }
        while self.pos <= i {
            self.bump();
        }
        self.skip_linebreaks();
        let body = self.command()?;
        if !matches!(body, Command::Compound(..)) {
            self.pos = start;
            return Err(self.unexpected_here());
        }
        Ok(Some(Command::FunctionDef {
            name,
            body: Box::new(body),
        }))
    }

    fn if_clause(&mut self) -> Result<Compound> {
        self.eat_keyword("if");
        let mut branches = Vec::new();
        let condition = self.list(&["then"])?;
        self.expect_keyword("then")?;
        let body = self.list(&["elif", "else", "fi"])?;
        branches.push((condition, body));
        let mut otherwise = None;
        loop {
            self.skip_linebreaks();
            if self.eat_keyword("elif") {
                let condition = self.list(&["then"])?;
                self.expect_keyword("then")?;
                let body = self.list(&["elif", "else", "fi"])?;
                branches.push((condition, body));
            } else if self.eat_keyword("else") {
                otherwise = Some(self.list(&["fi"])?);
                self.expect_keyword("fi")?;
                break;
            } else {
                self.expect_keyword("fi")?;
                break;
            }
        }
        Ok(Compound::If {
            branches,
            otherwise,
        })
    }

    fn for_clause(&mut self) -> Result<Compound> {
        self.eat_keyword("for");
        self.skip_blanks();
        let var: String = self.chars[self.pos..]
            .iter()
            .take_while(|&&c| is_name(c))
            .collect();
        if var.is_empty() {
            return Err(self.unexpected_here());
        }
        for _ in var.chars() {
            self.bump();
        }
        self.skip_linebreaks();
        let mut items = None;
        if self.eat_keyword("in") {
            let mut words = Vec::new();
            loop {
                self.skip_blanks();
                match self.peek() {
                    Some(';' | '\n') => {
                        self.bump();
                        break;
                    }
                    None => return Err(self.expecting("do")),
                    _ => words.push(self.word()?),
                }
            }
            items = Some(words);
        } else if self.peek() == Some(';') {
            self.bump();
        }
        self.expect_keyword("do")?;
        let body = self.list(&["done"])?;
        self.expect_keyword("done")?;
        Ok(Compound::For { var, items, body })
    }

    fn while_clause(&mut self, until: bool) -> Result<Compound> {
        self.eat_keyword(if until { "until" } else { "while" });
        let condition = self.list(&["do"])?;
        self.expect_keyword("do")?;
        let body = self.list(&["done"])?;
        self.expect_keyword("done")?;
        Ok(Compound::While {
            until,
            condition,
            body,
        })
    }

    fn case_clause(&mut self) -> Result<Compound> {
        self.eat_keyword("case");
        self.skip_blanks();
        let subject = self.word()?;
        self.skip_linebreaks();
        if !self.eat_keyword("in") {
            return Err(self.expecting("in"));
        }
        let mut arms = Vec::new();
        loop {
            self.skip_linebreaks();
            if self.eat_keyword("esac") {
                break;
            }
            if self.peek() == Some('(') {
                self.bump();
            }
            let mut patterns = Vec::new();
            loop {
                self.skip_blanks();
                patterns.push(self.word()?);
                self.skip_blanks();
                match self.peek() {
                    Some('|') => {
                        self.bump();
                    }
                    Some(')') => {
                        self.bump();
                        break;
                    }
                    _ => return Err(self.expecting(")")),
                }
            }
            let body = self.list(&["esac"])?;
            self.skip_linebreaks();
            if self.starts_with(";;") {
                self.bump();
                self.bump();
            } else if !self.keyword_at_pos("esac") {
                return Err(self.expecting("esac"));
            }
            arms.push((patterns, body));
        }
        Ok(Compound::Case { subject, arms })
    }

    fn redirects(&mut self) -> Result<Vec<Redirect>> {
        let mut out = Vec::new();
        loop {
            self.skip_blanks();
            match self.redirect()? {
                Some(r) => out.push(r),
                None => break,
            }
        }
        Ok(out)
    }

    fn simple(&mut self) -> Result<Simple> {
        let line = self.line;
        let mut assignments = Vec::new();
        let mut words = Vec::new();
        let mut redirects = Vec::new();
        loop {
            self.skip_blanks();
            match self.peek() {
                None | Some('\n' | ';' | '&' | '|' | ')') => break,
                Some('(') => return Err(self.unexpected_here()),
                _ => {}
            }
            if let Some(r) = self.redirect()? {
                redirects.push(r);
                continue;
            }
            if words.is_empty() {
                if let Some((name, value)) = self.assignment()? {
                    assignments.push((name, value));
                    continue;
                }
            }
            words.push(self.word()?);
        }
        if assignments.is_empty() && words.is_empty() && redirects.is_empty() {
            return Err(self.unexpected_here());
        }
        Ok(Simple {
            assignments,
            words,
            redirects,
            line,
        })
    }

    /// `NAME=value` before the command name.
    fn assignment(&mut self) -> Result<Option<(String, Word)>> {
        let name: String = self.chars[self.pos..]
            .iter()
            .take_while(|&&c| is_name(c))
            .collect();
        if name.is_empty()
            || !is_name_start(name.chars().next().unwrap_or('0'))
            || self.peek_at(name.chars().count()) != Some('=')
        {
            return Ok(None);
        }
        for _ in 0..=name.chars().count() {
            self.bump();
        }
        let value = match self.peek() {
            Some(c) if !is_meta(c) => self.word()?,
            _ => Word::default(),
        };
        Ok(Some((name, value)))
    }

    fn redirect(&mut self) -> Result<Option<Redirect>> {
        let digits: String = self.chars[self.pos..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let after = self.peek_at(digits.len());
        if !(matches!(after, Some('<' | '>')) || digits.is_empty() && self.starts_with("&>")) {
            return Ok(None);
        }
        for _ in digits.chars() {
            self.bump();
        }
        let explicit_fd: Option<u32> = digits.parse().ok();
        let (op, default_fd, len) = if self.starts_with("&>>") {
            (RedirectOp::WriteBoth, 1, 3)
        } else if self.starts_with("&>") {
            (RedirectOp::WriteBoth, 1, 2)
        } else if self.starts_with("<<-") {
            (RedirectOp::HereDoc, 0, 3)
        } else if self.starts_with("<<") {
            (RedirectOp::HereDoc, 0, 2)
        } else if self.starts_with(">>") {
            (RedirectOp::Append, 1, 2)
        } else if self.starts_with(">&") {
            (RedirectOp::Duplicate, 1, 2)
        } else if self.starts_with("<&") {
            (RedirectOp::Duplicate, 0, 2)
        } else if self.starts_with("<>") {
            (RedirectOp::ReadWrite, 0, 2)
        } else if self.starts_with(">|") {
            (RedirectOp::Write, 1, 2)
        } else if self.starts_with(">") {
            (RedirectOp::Write, 1, 1)
        } else {
            (RedirectOp::Read, 0, 1)
        };
        let strip_tabs = self.starts_with("<<-");
        for _ in 0..len {
            self.bump();
        }
        self.skip_blanks();
        if matches!(
            self.peek(),
            None | Some('\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')')
        ) {
            return Err(self.unexpected_here());
        }
        let word = self.word()?;
        let target = if op == RedirectOp::HereDoc {
            let delimiter = word.unquoted_text();
            let body = self.read_heredoc(&delimiter, strip_tabs);
            RedirectTarget::HereDoc {
                body,
                expand: !word.is_quoted(),
            }
        } else {
            RedirectTarget::Word(word)
        };
        Ok(Some(Redirect {
            fd: explicit_fd.unwrap_or(default_fd),
            op,
            target,
        }))
    }

    /// Reads the body of a here-document that starts after the current
    /// line (or after the previous body on this line).
    fn read_heredoc(&mut self, delimiter: &str, strip_tabs: bool) -> String {
        let start = match self.heredoc_line_end {
            Some(_) => self.heredoc_cursor,
            None => {
                let end = self.line_end();
                self.heredoc_line_end = Some(end);
                (end + 1).min(self.chars.len())
            }
        };
        let mut body = String::new();
        let mut i = start;
        while i < self.chars.len() {
            let line_end = self.chars[i..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(self.chars.len(), |n| i + n);
            let line: String = self.chars[i..line_end].iter().collect();
            let candidate = if strip_tabs {
                line.trim_start_matches('\t')
            } else {
                &line
            };
            i = (line_end + 1).min(self.chars.len());
            if candidate == delimiter {
                break;
            }
            body.push_str(if strip_tabs {
                line.trim_start_matches('\t')
            } else {
                &line
            });
            body.push('\n');
        }
        self.heredoc_cursor = i;
        if self.heredoc_line_end.is_some_and(|e| e >= self.chars.len()) {
            self.pos = self.chars.len();
        }
        body
    }

    /// The position of the newline ending the current line, quotes and
    /// escaped newlines skipped.
    fn line_end(&self) -> usize {
        let mut i = self.pos;
        let mut quote: Option<char> = None;
        while i < self.chars.len() {
            let c = self.chars[i];
            match (quote, c) {
                (None, '\\') | (Some('"'), '\\') => i += 1,
                (None, '\'' | '"') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '\n') => return i,
                _ => {}
            }
            i += 1;
        }
        self.chars.len()
    }

    /// One word, up to an unquoted metacharacter.
    fn word(&mut self) -> Result<Word> {
        let mut parts: Vec<Part> = Vec::new();
        let mut literal = String::new();
        let flush = |literal: &mut String, parts: &mut Vec<Part>| {
            if !literal.is_empty() {
                parts.push(Part::Literal {
                    text: std::mem::take(literal),
                    quoted: false,
                });
            }
        };
        if self.peek() == Some('~') {
            self.bump();
            let user: String = self.chars[self.pos..]
                .iter()
                .take_while(|&&c| c != '/' && !is_meta(c))
                .collect();
            for _ in user.chars() {
                self.bump();
            }
            parts.push(Part::Tilde(user));
        }
        while let Some(c) = self.peek() {
            if is_meta(c) && !self.raw {
                break;
            }
            match c {
                '\\' => {
                    self.bump();
                    match self.bump() {
                        Some('\n') | None => {}
                        Some(e) => {
                            flush(&mut literal, &mut parts);
                            parts.push(Part::Literal {
                                text: e.to_string(),
                                quoted: true,
                            });
                        }
                    }
                }
                '\'' => {
                    self.bump();
                    let mut text = String::new();
                    loop {
                        match self.bump() {
                            None => return Err(self.expecting("'")),
                            Some('\'') => break,
                            Some(c) => text.push(c),
                        }
                    }
                    flush(&mut literal, &mut parts);
                    parts.push(Part::Literal { text, quoted: true });
                }
                '"' => {
                    self.bump();
                    flush(&mut literal, &mut parts);
                    self.double_quoted(&mut parts)?;
                }
                '$' => {
                    flush(&mut literal, &mut parts);
                    let part = self.dollar(false)?;
                    parts.push(part);
                }
                '`' => {
                    flush(&mut literal, &mut parts);
                    let source = self.backquoted()?;
                    parts.push(Part::CommandSubst {
                        source,
                        quoted: false,
                    });
                }
                _ => {
                    self.bump();
                    literal.push(c);
                }
            }
        }
        flush(&mut literal, &mut parts);
        if parts.is_empty() {
            return Err(self.unexpected_here());
        }
        Ok(Word { parts })
    }

    fn double_quoted(&mut self, parts: &mut Vec<Part>) -> Result<()> {
        self.double_quoted_until(parts, Some('"'))
    }

    /// Double-quoted text up to `end` (consumed), or to the end of input.
    fn double_quoted_until(&mut self, parts: &mut Vec<Part>, end: Option<char>) -> Result<()> {
        let mut text = String::new();
        let mut any = false;
        loop {
            match self.peek() {
                None if end.is_none() => break,
                None => return Err(self.expecting("\"")),
                Some(c) if Some(c) == end => {
                    self.bump();
                    break;
                }
                Some('\\') => {
                    self.bump();
                    match self.bump() {
                        Some(c @ ('$' | '`' | '"' | '\\')) => text.push(c),
                        Some('\n') => {}
                        Some(c) => {
                            text.push('\\');
                            text.push(c);
                        }
                        None => return Err(self.expecting("\"")),
                    }
                }
                Some('$') => {
                    if !text.is_empty() {
                        parts.push(Part::Literal {
                            text: std::mem::take(&mut text),
                            quoted: true,
                        });
                    }
                    let part = self.dollar(true)?;
                    parts.push(part);
                    any = true;
                }
                Some('`') => {
                    if !text.is_empty() {
                        parts.push(Part::Literal {
                            text: std::mem::take(&mut text),
                            quoted: true,
                        });
                    }
                    let source = self.backquoted()?;
                    parts.push(Part::CommandSubst {
                        source,
                        quoted: true,
                    });
                    any = true;
                }
                Some(c) => {
                    self.bump();
                    text.push(c);
                }
            }
        }
        if !text.is_empty() || !any {
            parts.push(Part::Literal { text, quoted: true });
        }
        Ok(())
    }

    fn backquoted(&mut self) -> Result<String> {
        self.bump();
        let mut source = String::new();
        loop {
            match self.bump() {
                None => return Err(self.expecting("`")),
                Some('`') => return Ok(source),
                Some('\\') => match self.bump() {
                    Some(c @ ('$' | '`' | '\\')) => source.push(c),
                    Some(c) => {
                        source.push('\\');
                        source.push(c);
                    }
                    None => return Err(self.expecting("`")),
                },
                Some(c) => source.push(c),
            }
        }
    }

    /// After `$`: a parameter, `${...}`, `$(...)` or `$((...))`.
    fn dollar(&mut self, quoted: bool) -> Result<Part> {
        self.bump();
        match self.peek() {
            Some('(') if self.peek_at(1) == Some('(') => {
                self.bump();
                self.bump();
                let source = self.balanced(')')?;
                if self.peek() != Some(')') {
                    return Err(self.expecting(")"));
                }
                self.bump();
                Ok(Part::Arithmetic { source, quoted })
            }
            Some('(') => {
                self.bump();
                let source = self.balanced(')')?;
                Ok(Part::CommandSubst { source, quoted })
            }
            Some('{') => {
                self.bump();
                let inner = self.balanced('}')?;
                Ok(Part::Param {
                    expr: parse_param(&inner).map_err(|_| ParseError {
                        line: self.line,
                        found: format!("\"${{{inner}}}\""),
                        expecting: None,
                    })?,
                    quoted,
                })
            }
            Some(c) if is_name_start(c) => {
                let name: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|&&c| is_name(c))
                    .collect();
                for _ in name.chars() {
                    self.bump();
                }
                Ok(Part::Param {
                    expr: ParamExpr {
                        name,
                        op: ParamOp::Plain,
                    },
                    quoted,
                })
            }
            Some(c)
                if c.is_ascii_digit() || matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!') =>
            {
                self.bump();
                Ok(Part::Param {
                    expr: ParamExpr {
                        name: c.to_string(),
                        op: ParamOp::Plain,
                    },
                    quoted,
                })
            }
            _ => Ok(Part::Literal {
                text: "$".to_string(),
                quoted,
            }),
        }
    }

    /// Text up to the `close` that balances the opening one (consumed),
    /// quotes respected.
    fn balanced(&mut self, close: char) -> Result<String> {
        let open = if close == ')' { '(' } else { '{' };
        let mut depth = 0;
        let mut text = String::new();
        let mut quote: Option<char> = None;
        loop {
            let Some(c) = self.bump() else {
                return Err(self.expecting(&close.to_string()));
            };
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), '\\') | (None, '\\') => {
                    text.push(c);
                    if let Some(n) = self.bump() {
                        text.push(n);
                    }
                    continue;
                }
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, c) if c == open => depth += 1,
                (None, c) if c == close => {
                    if depth == 0 {
                        return Ok(text);
                    }
                    depth -= 1;
                }
                _ => {}
            }
            text.push(c);
        }
    }
}

/// The inside of `${...}`.
fn parse_param(inner: &str) -> std::result::Result<ParamExpr, ()> {
    if let Some(name) = inner.strip_prefix('#') {
        if !name.is_empty() && valid_param_name(name) {
            return Ok(ParamExpr {
                name: name.to_string(),
                op: ParamOp::Length,
            });
        }
    }
    let name_len = if inner.starts_with(|c: char| c.is_ascii_digit()) {
        inner.chars().take_while(|c| c.is_ascii_digit()).count()
    } else if inner.starts_with(['@', '*', '#', '?', '-', '$', '!']) {
        1
    } else {
        inner.chars().take_while(|&c| is_name(c)).count()
    };
    if name_len == 0 {
        return Err(());
    }
    let name = inner[..name_len].to_string();
    let rest = &inner[name_len..];
    let (colon, rest) = match rest.strip_prefix(':') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let word = |r: &str| r[1..].to_string();
    let op = match rest.chars().next() {
        None if !colon => ParamOp::Plain,
        Some('-') => ParamOp::Default {
            colon,
            word: word(rest),
        },
        Some('=') => ParamOp::Assign {
            colon,
            word: word(rest),
        },
        Some('?') => ParamOp::Error {
            colon,
            word: word(rest),
        },
        Some('+') => ParamOp::Alternative {
            colon,
            word: word(rest),
        },
        Some('#') if !colon => match rest.strip_prefix("##") {
            Some(p) => ParamOp::TrimPrefix {
                longest: true,
                pattern: p.to_string(),
            },
            None => ParamOp::TrimPrefix {
                longest: false,
                pattern: word(rest),
            },
        },
        Some('%') if !colon => match rest.strip_prefix("%%") {
            Some(p) => ParamOp::TrimSuffix {
                longest: true,
                pattern: p.to_string(),
            },
            None => ParamOp::TrimSuffix {
                longest: false,
                pattern: word(rest),
            },
        },
        _ => return Err(()),
    };
    Ok(ParamExpr { name, op })
}

fn valid_param_name(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_digit())
        || (name.starts_with(is_name_start) && name.chars().all(is_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[Word]) -> Vec<String> {
        w.iter().map(|w| w.unquoted_text()).collect()
    }

    fn simple(cmd: &Command) -> &Simple {
        match cmd {
            Command::Simple(s) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_and_pipelines() {
        let list = parse_script(
            "apt-get update && apt-get install -y curl || exit 1; echo done | tee log",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].rest.len(), 2);
        assert_eq!(list[0].rest[1].0, Connector::Or);
        assert_eq!(list[1].first.commands.len(), 2);
        assert_eq!(
            words(&simple(&list[0].first.commands[0]).words),
            ["apt-get", "update"]
        );
    }

    #[test]
    fn quoting_and_expansions() {
        let list = parse_script(r#"echo "a $HOME ${X:-d} $(date)" 'lit $x' \$y a\ b"#).unwrap();
        let s = simple(&list[0].first.commands[0]);
        assert_eq!(s.words.len(), 5);
        assert!(
            matches!(&s.words[1].parts[1], Part::Param { expr, quoted: true } if expr.name == "HOME")
        );
        assert!(
            matches!(&s.words[1].parts[3], Part::Param { expr, .. } if expr.op == ParamOp::Default { colon: true, word: "d".into() })
        );
        assert!(
            matches!(&s.words[1].parts[5], Part::CommandSubst { source, .. } if source == "date")
        );
        assert_eq!(s.words[2].unquoted_text(), "lit $x");
        assert_eq!(s.words[4].unquoted_text(), "a b");
    }

    #[test]
    fn compound_commands() {
        let list = parse_script("if [ -f x ]; then echo yes; elif true; then :; else echo no; fi\nfor f in a b; do echo $f; done\nwhile false; do :; done\ncase $x in a|b) echo ab;; *) echo other;; esac\n{ echo g; } > out\n(cd /tmp && ls)").unwrap();
        assert_eq!(list.len(), 6);
        assert!(
            matches!(&list[0].first.commands[0], Command::Compound(Compound::If { branches, otherwise: Some(_) }, _) if branches.len() == 2)
        );
        assert!(
            matches!(&list[1].first.commands[0], Command::Compound(Compound::For { var, items: Some(items), .. }, _) if var == "f" && items.len() == 2)
        );
        assert!(
            matches!(&list[3].first.commands[0], Command::Compound(Compound::Case { arms, .. }, _) if arms.len() == 2 && arms[0].0.len() == 2)
        );
        assert!(
            matches!(&list[4].first.commands[0], Command::Compound(Compound::Group(_), r) if r.len() == 1)
        );
        assert!(matches!(
            &list[5].first.commands[0],
            Command::Compound(Compound::Subshell(_), _)
        ));
    }

    #[test]
    fn redirections_and_heredocs() {
        let list = parse_script("cat <<EOF > /etc/motd 2>&1\nhello $USER\nEOF\ncat <<-'X' >> log\n\tliteral $x\n\tX\necho after\n").unwrap();
        assert_eq!(list.len(), 3);
        let s = simple(&list[0].first.commands[0]);
        assert_eq!(s.redirects.len(), 3);
        assert_eq!(
            s.redirects[0].target,
            RedirectTarget::HereDoc {
                body: "hello $USER\n".into(),
                expand: true
            }
        );
        assert_eq!(s.redirects[2].op, RedirectOp::Duplicate);
        assert_eq!(s.redirects[2].fd, 2);
        let s = simple(&list[1].first.commands[0]);
        assert_eq!(
            s.redirects[0].target,
            RedirectTarget::HereDoc {
                body: "literal $x\n".into(),
                expand: false
            }
        );
        assert_eq!(
            words(&simple(&list[2].first.commands[0]).words),
            ["echo", "after"]
        );
        assert_eq!(simple(&list[2].first.commands[0]).line, 7);
    }

    #[test]
    fn assignments_and_functions() {
        let list =
            parse_script("CGO_ENABLED=0 GOOS=linux go build -o /app\nX=1\nf() { echo hi; }\n")
                .unwrap();
        let s = simple(&list[0].first.commands[0]);
        assert_eq!(s.assignments.len(), 2);
        assert_eq!(words(&s.words), ["go", "build", "-o", "/app"]);
        assert!(simple(&list[1].first.commands[0]).words.is_empty());
        assert!(
            matches!(&list[2].first.commands[0], Command::FunctionDef { name, .. } if name == "f")
        );
    }

    #[test]
    fn syntax_errors_read_like_dash() {
        assert_eq!(
            parse_script("if true; then echo").unwrap_err().to_string(),
            "Syntax error: end of file unexpected (expecting \"fi\")"
        );
        assert_eq!(
            parse_script("echo 'open").unwrap_err().to_string(),
            "Syntax error: end of file unexpected (expecting \"'\")"
        );
        assert_eq!(
            parse_script("fi").unwrap_err().to_string(),
            "Syntax error: \"fi\" unexpected"
        );
        assert_eq!(
            parse_script("a && ").unwrap_err().to_string(),
            "Syntax error: end of file unexpected"
        );
    }

    #[test]
    fn comments_and_continuations() {
        let list = parse_script("echo a \\\n  b # comment\n# whole line\necho c").unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(
            words(&simple(&list[0].first.commands[0]).words),
            ["echo", "a", "b"]
        );
    }
}
