//! Colouring for the editor: instructions, flags, strings, variables,
//! comments, directives and here-documents, from the parser's own reading
//! of the file (so the colours never disagree with the parse).

use serde::Serialize;

use super::ast::Node;
use super::parser::Ast;
use super::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Keyword,
    Flag,
    String,
    Variable,
    Comment,
    Directive,
    Heredoc,
}

impl TokenKind {
    /// The CSS class the web app gives it.
    pub fn class(self) -> &'static str {
        match self {
            TokenKind::Keyword => "tok-keyword",
            TokenKind::Flag => "tok-flag",
            TokenKind::String => "tok-string",
            TokenKind::Variable => "tok-variable",
            TokenKind::Comment => "tok-comment",
            TokenKind::Directive => "tok-directive",
            TokenKind::Heredoc => "tok-heredoc",
        }
    }
}

/// A coloured byte range of the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// Non-overlapping tokens in source order.
pub fn highlight(source: &str, ast: &Ast) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut push = |kind, span: Span| {
        if span.end.offset > span.start.offset {
            tokens.push(Token {
                kind,
                start: span.start.offset,
                end: span.end.offset,
            });
        }
    };
    for comment in &ast.comments {
        push(TokenKind::Comment, *comment);
    }
    for directive in &ast.directives {
        push(TokenKind::Directive, directive.span);
    }
    let mut skip: Vec<(usize, usize)> = ast
        .comments
        .iter()
        .map(|s| (s.start.offset, s.end.offset))
        .collect();
    skip.sort_unstable();
    let escape = u8::try_from(ast.escape).unwrap_or(b'\\');
    for node in &ast.nodes {
        node_tokens(source, node, &skip, escape, &mut tokens);
    }
    tokens.retain(|t| t.start < t.end && t.end <= source.len());
    tokens.sort_by_key(|t| (t.start, t.end));
    // Drop anything overlapping an earlier token.
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        if out.last().is_none_or(|last| token.start >= last.end) {
            out.push(token);
        }
    }
    out
}

fn node_tokens(
    source: &str,
    node: &Node,
    skip: &[(usize, usize)],
    escape: u8,
    tokens: &mut Vec<Token>,
) {
    let mut push = |kind, start: usize, end: usize| {
        if end > start {
            tokens.push(Token { kind, start, end });
        }
    };
    push(
        TokenKind::Keyword,
        node.keyword_span.start.offset,
        node.keyword_span.end.offset,
    );
    let mut scan_from = node.keyword_span.end.offset;
    for flag in &node.flags {
        push(
            TokenKind::Flag,
            flag.span.start.offset,
            flag.span.end.offset,
        );
        scan_from = scan_from.max(flag.span.end.offset);
    }
    let mut scan_to = node.span.end.offset;
    for heredoc in &node.heredocs {
        scan_to = scan_to.min(heredoc.content_span.start.offset);
        push(
            TokenKind::String,
            heredoc.content_span.start.offset,
            heredoc.content_span.end.offset,
        );
        push(
            TokenKind::Heredoc,
            heredoc.terminator_span.start.offset,
            heredoc.terminator_span.end.offset,
        );
    }
    if let Some(child) = node.child() {
        // ONBUILD: colour the trigger as an instruction of its own.
        node_tokens(source, child, skip, escape, tokens);
        return;
    }
    let range = scan_from..scan_to.max(scan_from);
    scan_arguments(
        source,
        range,
        !node.heredocs.is_empty(),
        skip,
        escape,
        tokens,
    );
}

/// Strings, variables and here-document markers in an argument range.
fn scan_arguments(
    source: &str,
    range: std::ops::Range<usize>,
    heredocs: bool,
    skip: &[(usize, usize)],
    escape: u8,
    tokens: &mut Vec<Token>,
) {
    let text = &source[..range.end.min(source.len())];
    let bytes = text.as_bytes();
    let width = |at: usize| text[at..].chars().next().map_or(1, char::len_utf8);
    let mut i = range.start;
    let mut quote: Option<(u8, usize)> = None;
    while i < text.len() {
        let k = skip.partition_point(|&(s, _)| s <= i);
        if let Some(&(_, end)) = k.checked_sub(1).map(|k| &skip[k]).filter(|&&(_, e)| i < e) {
            i = end;
            continue;
        }
        let b = bytes[i];
        match (quote, b) {
            (Some((q, start)), _) if b == q => {
                tokens.push(Token {
                    kind: TokenKind::String,
                    start,
                    end: i + 1,
                });
                quote = None;
                i += 1;
            }
            (Some((b'"', _)), b'$') | (None, b'$') => {
                let end = variable_end(text, i);
                if end > i + 1 {
                    if let Some((q, s)) = quote {
                        tokens.push(Token {
                            kind: TokenKind::String,
                            start: s,
                            end: i,
                        });
                        quote = Some((q, end));
                    }
                    tokens.push(Token {
                        kind: TokenKind::Variable,
                        start: i,
                        end,
                    });
                    i = end;
                } else {
                    i += 1;
                }
            }
            (Some((b'"', _)), e) | (None, e) if e == escape => {
                i += 1;
                if i < text.len() {
                    i += width(i);
                }
            }
            (None, b'"' | b'\'') => {
                quote = Some((b, i));
                i += 1;
            }
            (None, b'<') if heredocs && text[i..].starts_with("<<") => {
                let end = text[i..]
                    .find(|c: char| c.is_whitespace())
                    .map_or(text.len(), |n| i + n);
                tokens.push(Token {
                    kind: TokenKind::Heredoc,
                    start: i,
                    end,
                });
                i = end;
            }
            _ => i += width(i),
        }
    }
    if let Some((_, start)) = quote {
        tokens.push(Token {
            kind: TokenKind::String,
            start,
            end: text.len(),
        });
    }
}

/// The end of `$name` or `${...}` starting at `at`.
fn variable_end(text: &str, at: usize) -> usize {
    let rest = &text[at + 1..];
    if rest.starts_with('{') {
        return match rest.find('}') {
            Some(close) => at + 1 + close + 1,
            None => at + 1 + rest.find('\n').unwrap_or(rest.len()),
        };
    }
    let len: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum();
    at + 1 + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    fn kinds(source: &str) -> Vec<(TokenKind, &str)> {
        let ast = parse(source);
        highlight(source, &ast)
            .into_iter()
            .map(|t| (t.kind, &source[t.start..t.end]))
            .collect()
    }

    #[test]
    fn colours_each_part() {
        use TokenKind::*;
        assert_eq!(
            kinds("# syntax=docker/dockerfile:1\n# build it\nFROM golang:$GO AS build\nCOPY --from=build \"a b\" ${DEST}/\n"),
            [
                (Directive, "# syntax=docker/dockerfile:1"),
                (Comment, "# build it"),
                (Keyword, "FROM"),
                (Variable, "$GO"),
                (Keyword, "COPY"),
                (Flag, "--from=build"),
                (String, "\"a b\""),
                (Variable, "${DEST}"),
            ]
        );
    }

    #[test]
    fn variables_split_strings_and_single_quotes_do_not_expand() {
        use TokenKind::*;
        assert_eq!(
            kinds("RUN echo \"hi $USER!\" '$HOME'\n"),
            [
                (Keyword, "RUN"),
                (String, "\"hi "),
                (Variable, "$USER"),
                (String, "!\""),
                (String, "'$HOME'"),
            ]
        );
    }

    #[test]
    fn heredocs() {
        use TokenKind::*;
        assert_eq!(
            kinds("RUN <<EOF\necho hi\nEOF\n"),
            [
                (Keyword, "RUN"),
                (Heredoc, "<<EOF"),
                (String, "echo hi\n"),
                (Heredoc, "EOF")
            ]
        );
    }

    #[test]
    fn onbuild_triggers_are_instructions_too() {
        use TokenKind::*;
        assert_eq!(
            kinds("ONBUILD COPY --chown=1 . /\n"),
            [(Keyword, "ONBUILD"), (Keyword, "COPY"), (Flag, "--chown=1")]
        );
    }
}
