//! Reading a Dockerfile into its syntax tree, line by line as BuildKit's
//! `parser.Parse` does: directives, comments, continuation lines and
//! here-documents. Unlike BuildKit it does not stop at the first error: a
//! broken instruction is reported and reading goes on with the next.

use serde::Serialize;
use smol_str::SmolStr;

use super::ast::{Arg, Directive, Heredoc, Node};
use super::check_rule::Check;
use super::diagnostic::{Diagnostic, DiagnosticKind};
use super::directive::{DirectiveError, DirectiveParser};
use super::heredoc::heredocs_from_line;
use super::keyword::Keyword;
use super::line_parsers::new_node_from_line;
use super::logical_line::LogicalLine;
use super::source::{LineIndex, Position, Span};
use super::trim::{trim, trim_end_ascii, trim_start};

/// A parsed Dockerfile.
#[derive(Clone, Debug, Serialize)]
pub struct Ast {
    pub nodes: Vec<Node>,
    pub directives: Vec<Directive>,
    /// The escape character in effect (`\` unless a directive changed it).
    pub escape: char,
    /// Comment lines, for highlighting.
    pub comments: Vec<Span>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Ast {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses `source`. Never fails: problems are in `diagnostics`.
pub fn parse(source: &str) -> Ast {
    parse_limited(source, crate::limits::INSTRUCTIONS)
}

/// Parses at most `limit` instructions: past them, an error, and the rest
/// is not read (the benchmarks pass `usize::MAX` to measure the parser on
/// any size).
pub fn parse_limited(source: &str, limit: usize) -> Ast {
    let mut parser = Parser {
        limit,
        source,
        index: LineIndex::new(source),
        line: LogicalLine::default(),
        next_line: 0,
        escape: '\\',
        directive_parser: DirectiveParser::default(),
        ast: Ast {
            nodes: Vec::new(),
            directives: Vec::new(),
            escape: '\\',
            comments: Vec::new(),
            diagnostics: Vec::new(),
        },
    };
    // An instruction takes at least a line: room for one a line spares
    // the list from growing (nodes are large), and is given back after.
    let lines = parser.index.physical_lines();
    parser.ast.nodes.reserve(lines.min(limit.saturating_add(1)));
    parser.run();
    parser.ast.nodes.shrink_to_fit();
    parser.ast.escape = parser.escape;
    parser.ast
}

fn trim_newline(s: &str) -> &str {
    trim_end_ascii(s, |b| matches!(b, b'\r' | b'\n'))
}

fn is_comment(line: &str) -> bool {
    trim_start(line).starts_with('#')
}

struct Parser<'a> {
    /// Instructions read before the rest is refused.
    limit: usize,
    source: &'a str,
    index: LineIndex,
    /// The instruction being read, its buffers kept from one to the next.
    line: LogicalLine,
    next_line: usize,
    escape: char,
    directive_parser: DirectiveParser,
    ast: Ast,
}

/// Where an instruction's lines start and end.
#[derive(Clone, Copy)]
struct Extent {
    start_line: usize,
    end_line: usize,
    /// Source offset of the end of its last line, newline excluded.
    last_end: usize,
}

/// A physical line after BuildKit's `processLine`.
struct Processed<'a> {
    /// The text, empty for a comment line.
    text: &'a str,
    /// Where `text` starts in the source.
    offset: usize,
    /// The line was a parser directive.
    directive: bool,
}

impl<'a> Parser<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        self.index.span(self.source, start, end)
    }

    fn line_span(&self, (start, end): (usize, usize)) -> Span {
        let text = trim_newline(&self.source[start..end]);
        let lead = text.len() - trim_start(text).len();
        self.span(start + lead, start + text.len())
    }

    fn take_line(&mut self) -> Option<(usize, usize)> {
        let line = self.index.physical_line(self.next_line);
        self.next_line += 1;
        line
    }

    fn run(&mut self) {
        let mut comments: Vec<SmolStr> = Vec::new();
        while let Some(range) = self.take_line() {
            let first = self.next_line == 1;
            let (mut start, end) = range;
            if first && self.source[start..end].starts_with('\u{feff}') {
                start += '\u{feff}'.len_utf8();
            }
            let raw = &self.source[start..end];
            let comment_line = is_comment(raw);
            if comment_line {
                let comment = trim(&trim_start(raw)[1..]);
                if comment.is_empty() {
                    comments.clear();
                } else {
                    comments.push(SmolStr::new(comment));
                }
            }
            let processed = self.process_line(raw, start, true);
            if processed.directive {
                comments.pop();
            }
            if comment_line && !processed.directive {
                let span = self.line_span((start, end));
                self.ast.comments.push(span);
            }
            let start_line = self.next_line;
            let (piece, mut at_end) = trim_continuation(processed.text, self.escape);
            if at_end && piece.is_empty() {
                continue;
            }
            let mut line = std::mem::take(&mut self.line);
            line.clear();
            line.push(piece, processed.offset);
            let mut last_end = start + trim_newline(raw).len();
            let mut empty_continuation: Option<Span> = None;
            while !at_end {
                let Some((s, e)) = self.take_line() else {
                    break;
                };
                let raw = &self.source[s..e];
                let processed = self.process_line(raw, s, false);
                if is_comment(raw) {
                    let span = self.line_span((s, e));
                    self.ast.comments.push(span);
                    continue;
                }
                if trim_start(processed.text).is_empty() {
                    if empty_continuation.is_none() {
                        empty_continuation = Some(self.span(s, s + trim_newline(raw).len()));
                    }
                    continue;
                }
                let (piece, end_here) = trim_continuation(processed.text, self.escape);
                at_end = end_here;
                line.push(piece, processed.offset);
                last_end = s + trim_newline(raw).len();
            }
            let end_line = self.next_line.min(self.index.physical_lines());
            let begin = line.source_offset(0);
            // The instruction's text, for errors about all of it.
            let text_span = (begin, last_end.max(begin));
            let extent = Extent {
                start_line,
                end_line,
                last_end,
            };
            if let Some(span) = empty_continuation {
                self.ast.diagnostics.push(Diagnostic::warning(
                    span,
                    DiagnosticKind::Check {
                        check: Check::NoEmptyContinuation,
                        message: "Empty continuation line".to_string(),
                    },
                ));
            }
            let node = {
                // Most instructions are one piece of one ASCII line: a
                // position there is the piece's start moved along.
                let piece_start = line
                    .single_piece()
                    .map(|offset| self.index.position(self.source, offset))
                    .filter(|start| self.index.is_ascii_line(start.line));
                let to_span = |range: std::ops::Range<usize>| match piece_start {
                    Some(start) => {
                        let at = |offset: usize| Position {
                            offset: start.offset + offset,
                            line: start.line,
                            column: start.column + offset,
                        };
                        Span::new(at(range.start), at(range.end.max(range.start)))
                    }
                    None => {
                        let r = line.source_range(range);
                        self.span(r.start, r.end)
                    }
                };
                new_node_from_line(&line.text, 0, self.escape, &to_span)
            };
            let node = match node {
                Ok(mut node) => {
                    self.finish_node(&mut node, &line, extent, &comments);
                    node
                }
                Err(kind) => {
                    let span = self.span(text_span.0, text_span.1);
                    self.ast.diagnostics.push(Diagnostic::error(span, kind));
                    self.invalid_node(&line, extent, &comments)
                }
            };
            self.line = line;
            self.ast.nodes.push(node);
            comments.clear();
            // Past Stagecraft's limit the rest is not read: a huge text
            // must not freeze the page.
            if self.ast.nodes.len() > self.limit {
                self.ast.diagnostics.push(Diagnostic::error(
                    self.span(text_span.0, text_span.1),
                    DiagnosticKind::TooManyInstructions { limit: self.limit },
                ));
                break;
            }
        }
        if self.ast.nodes.is_empty() {
            let end = self.span(self.source.len(), self.source.len());
            self.ast
                .diagnostics
                .push(Diagnostic::error(end, DiagnosticKind::NoInstructions));
        }
    }

    /// BuildKit's `processLine`: drops the line end (and, for a first line,
    /// leading white space), looks for a directive, and blanks comments.
    fn process_line(&mut self, raw: &'a str, offset: usize, strip_left: bool) -> Processed<'a> {
        let mut text = trim_newline(raw);
        let mut offset = offset;
        if strip_left {
            let trimmed = trim_start(text);
            offset += text.len() - trimmed.len();
            text = trimmed;
        }
        let mut directive = false;
        match self.directive_parser.parse_line(text) {
            Ok(Some(d)) => {
                let span = self.span(offset, offset + text.len());
                if d.name == "escape" {
                    if d.value == "`" || d.value == "\\" {
                        self.escape = d.value.chars().next().unwrap_or('\\');
                        directive = true;
                    } else {
                        self.ast.diagnostics.push(Diagnostic::error(
                            span,
                            DiagnosticKind::InvalidEscapeToken {
                                token: d.value.clone(),
                            },
                        ));
                    }
                } else {
                    directive = true;
                }
                self.ast.directives.push(Directive {
                    name: d.name,
                    value: d.value,
                    span,
                });
            }
            Ok(None) => {}
            Err(DirectiveError::Duplicate(name)) => {
                let span = self.span(offset, offset + text.len());
                self.ast.diagnostics.push(Diagnostic::error(
                    span,
                    DiagnosticKind::DuplicateDirective { name },
                ));
            }
        }
        Processed {
            text: if is_comment(text) { "" } else { text },
            offset,
            directive,
        }
    }

    /// Completes a node from the line parsers with what only the parser
    /// knows: its lines, its whole span, comments, original text and
    /// here-documents.
    fn finish_node(
        &mut self,
        node: &mut Node,
        line: &LogicalLine,
        extent: Extent,
        comments: &[SmolStr],
    ) {
        let original = SmolStr::new(&line.text);
        // From the keyword to the end of the last line.
        let whole = |keyword: Span| {
            let end = self
                .index
                .position_from(self.source, keyword.start, extent.last_end);
            Span::new(keyword.start, end)
        };
        node.span = whole(node.keyword_span);
        for arg in &mut node.next {
            if let Arg::Child(child) = arg {
                child.span = whole(child.keyword_span);
                child.original = original.clone();
            }
        }
        node.original = original;
        node.start_line = extent.start_line;
        node.end_line = extent.end_line;
        node.prev_comment = comments.to_vec();
        // RUN, COPY and ADD in shell form, or as ONBUILD's trigger.
        let own_heredocs =
            |n: &Node| matches!(n.keyword, Keyword::Add | Keyword::Copy | Keyword::Run) && !n.json;
        let heredoc_capable = match node.keyword {
            Keyword::Onbuild => node.child().is_some_and(own_heredocs),
            _ => own_heredocs(node),
        };
        if heredoc_capable && line.text.contains("<<") {
            match heredocs_from_line(&line.text) {
                Ok(specs) => {
                    for spec in specs {
                        match self.read_heredoc_body(&spec.name, spec.chomp) {
                            Some((content, content_span, terminator_span)) => {
                                node.span = node.span.cover(terminator_span);
                                node.heredocs.push(Heredoc {
                                    name: spec.name,
                                    file_descriptor: spec.file_descriptor,
                                    expand: spec.expand,
                                    chomp: spec.chomp,
                                    content,
                                    content_span,
                                    terminator_span,
                                });
                            }
                            None => {
                                let end = self.span(self.source.len(), self.source.len());
                                node.span = node.span.cover(end);
                                self.ast.diagnostics.push(Diagnostic::error(
                                    node.span,
                                    DiagnosticKind::UnterminatedHeredoc,
                                ));
                                node.invalid = true;
                                break;
                            }
                        }
                    }
                }
                Err(error) => {
                    self.ast.diagnostics.push(Diagnostic::error(
                        node.span,
                        DiagnosticKind::HeredocWord {
                            message: error.to_string(),
                        },
                    ));
                    node.invalid = true;
                }
            }
            node.end_line = self.next_line.min(self.index.physical_lines());
        }
    }

    /// Reads a here-document's body up to its terminator line. `None` when
    /// the file ends first.
    fn read_heredoc_body(&mut self, name: &str, chomp: bool) -> Option<(String, Span, Span)> {
        let mut content = String::new();
        let body_start = self
            .index
            .physical_line(self.next_line)
            .map_or(self.source.len(), |l| l.0);
        while let Some((s, e)) = self.take_line() {
            let raw = &self.source[s..e];
            let mut candidate = trim_newline(raw);
            if chomp {
                candidate = candidate.trim_start_matches('\t');
            }
            if candidate == name {
                let content_span = self.span(body_start, s);
                let terminator_span = self.span(s, s + trim_newline(raw).len());
                return Some((content, content_span, terminator_span));
            }
            content.push_str(raw);
        }
        None
    }

    /// A node for a line the line parser rejected: its name, no arguments.
    fn invalid_node(&self, line: &LogicalLine, extent: Extent, comments: &[SmolStr]) -> Node {
        let Extent {
            start_line,
            end_line,
            last_end,
        } = extent;
        let text = line.text.trim_start();
        let lead = line.text.len() - text.len();
        let name_len = text
            .find(['\t', '\u{b}', '\u{c}', '\r', ' '])
            .unwrap_or(text.len());
        let r = line.source_range(lead..lead + name_len);
        let keyword_span = self.span(r.start, r.end);
        Node {
            value: SmolStr::new(&text[..name_len]),
            keyword: Keyword::of(&text[..name_len]),
            flags: Vec::new(),
            next: Vec::new(),
            json: false,
            heredocs: Vec::new(),
            original: SmolStr::new(&line.text),
            start_line,
            end_line,
            span: self.span(r.start, last_end.max(r.start)),
            keyword_span,
            prev_comment: comments.to_vec(),
            invalid: true,
        }
    }
}

/// BuildKit's line-continuation rule: the escape character as the last
/// non-blank character continues the line, unless it is itself escaped.
/// Returns the line without it, and whether the instruction ends here.
pub(super) fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = trim_end_ascii(line, |b| matches!(b, b' ' | b'\t'));
    if let Some(before) = trimmed.strip_suffix(escape) {
        if before.is_empty() || !before.ends_with(escape) {
            return (before, false);
        }
    }
    (line, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::dump::dump;

    fn check(source: &str, expected: &str) {
        let ast = parse(source);
        assert!(!ast.has_errors(), "{:?}", ast.diagnostics);
        assert_eq!(dump(&ast.nodes), expected);
    }

    fn messages(source: &str) -> Vec<String> {
        parse(source)
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn continuations_join_lines_and_skip_comments() {
        check(
            "RUN a \\\n# comment\n  b \\\n\n  c\n",
            "(run \"a   b   c\")\n",
        );
    }

    #[test]
    fn escape_directive_changes_continuation() {
        check("# escape=`\nRUN a `\n b\\\n", "(run \"a  b\\\\\")\n");
    }

    #[test]
    fn directives_after_an_instruction_are_comments() {
        let ast = parse("FROM a\n# escape=`\nRUN a `\n");
        assert_eq!(ast.escape, '\\');
        assert_eq!(dump(&ast.nodes), "(from \"a\")\n(run \"a `\")\n");
    }

    #[test]
    fn heredocs_are_read_and_not_dumped() {
        let source =
            "FROM a\nRUN <<EOF cat > /x\nhello\nEOF\nCOPY <<-A <<B /c/\n\tone\n\tA\ntwo\nB\n";
        let ast = parse(source);
        assert!(!ast.has_errors(), "{:?}", ast.diagnostics);
        assert_eq!(
            dump(&ast.nodes),
            "(from \"a\")\n(run \"<<EOF cat > /x\")\n(copy \"<<-A\" \"<<B\" \"/c/\")\n"
        );
        let run = &ast.nodes[1];
        assert_eq!(run.heredocs[0].content, "hello\n");
        assert_eq!((run.start_line, run.end_line), (2, 4));
        let copy = &ast.nodes[2];
        assert_eq!(copy.heredocs[0].content, "\tone\n");
        assert!(copy.heredocs[0].chomp);
        assert_eq!(copy.heredocs[1].content, "two\n");
        assert_eq!(copy.end_line, 9);
    }

    #[test]
    fn exec_form_run_has_no_heredoc() {
        let ast = parse("RUN [\"cat\", \"<<EOF\"]\nEOF\n");
        assert_eq!(ast.nodes.len(), 2);
    }

    #[test]
    fn unterminated_heredoc() {
        assert_eq!(
            messages("FROM a\nRUN <<EOF\necho\n"),
            ["line 2: unterminated heredoc"]
        );
    }

    #[test]
    fn reports_every_broken_line() {
        assert_eq!(
            messages("FROM a\nENV PATH\nLABEL a=b c\nRUN ok\nCMD [1]\n"),
            [
                "line 2: ENV must have two arguments",
                "line 3: Syntax error - can't find = in \"c\". Must be of the form: name=value",
                "line 5: when using JSON array syntax, arrays must be comprised of strings only",
            ]
        );
    }

    #[test]
    fn empty_files_have_no_instructions() {
        assert_eq!(messages(""), ["line 1: file with no instructions"]);
        assert_eq!(
            messages("# just a comment\n\n"),
            ["line 3: file with no instructions"]
        );
    }

    #[test]
    fn directive_errors() {
        assert_eq!(
            messages("# escape=x\nFROM a\n"),
            ["line 1: invalid escape token 'x' does not match ` or \\"]
        );
        assert_eq!(
            messages("# syntax=a\n# syntax=b\nFROM a\n"),
            ["line 2: only one syntax parser directive can be used"]
        );
    }

    #[test]
    fn empty_continuation_lines_warn() {
        let ast = parse("RUN a \\\n\n b\n");
        assert_eq!(ast.diagnostics.len(), 1);
        assert_eq!(
            ast.diagnostics[0].to_string(),
            "line 2: NoEmptyContinuation: Empty continuation line"
        );
        assert!(!ast.has_errors());
    }

    #[test]
    fn spans_point_into_the_source() {
        let source = "FROM alpine AS build\nCOPY --from=build \\\n    /a /b\n";
        let ast = parse(source);
        let copy = &ast.nodes[1];
        let at = |s: Span| &source[s.start.offset..s.end.offset];
        assert_eq!(at(copy.keyword_span), "COPY");
        assert_eq!(at(copy.flags[0].span), "--from=build");
        let args = copy.args();
        assert_eq!(at(args[1].span), "/b");
        assert_eq!((args[1].span.start.line, args[1].span.start.column), (3, 8));
        assert_eq!(at(copy.span), "COPY --from=build \\\n    /a /b");
        assert_eq!((copy.start_line, copy.end_line), (2, 3));
    }

    #[test]
    fn bom_and_crlf_are_ignored() {
        check(
            "\u{feff}FROM a\r\nRUN b \\\r\n c\r\n",
            "(from \"a\")\n(run \"b  c\")\n",
        );
    }
}
