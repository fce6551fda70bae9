//! The syntax tree, shaped like BuildKit's `parser.Node` so that it dumps
//! byte for byte as BuildKit's does, with a span on every part.

use serde::Serialize;
use smol_str::SmolStr;

use super::keyword::Keyword;
use super::source::Span;

/// One instruction as BuildKit's parser sees it: its name as written, its
/// flags, and its arguments after the instruction's line parser ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The instruction as written (`from`, `RUN`); compare case-insensitively.
    pub value: SmolStr,
    /// Which instruction `value` names.
    #[serde(skip)]
    pub keyword: Keyword,
    pub flags: Vec<Word>,
    /// BuildKit's `Next` chain: plain arguments, or a nested instruction
    /// (the trigger of ONBUILD).
    pub next: Vec<Arg>,
    /// The arguments were a JSON array (exec form).
    pub json: bool,
    pub heredocs: Vec<Heredoc>,
    /// The whole logical line, continuations joined.
    pub original: SmolStr,
    pub start_line: usize,
    pub end_line: usize,
    /// From the instruction's first character to the end of its last line
    /// (a here-document's terminator included).
    pub span: Span,
    pub keyword_span: Span,
    /// Comment lines directly above the instruction.
    pub prev_comment: Vec<SmolStr>,
    /// The line parser rejected the arguments; a diagnostic says why and the
    /// node carries only its name.
    pub invalid: bool,
}

impl Node {
    /// The instruction name, upper-cased as Docker's documentation writes it.
    pub fn name(&self) -> String {
        self.value.to_ascii_uppercase()
    }

    /// The plain arguments; ONBUILD's trigger is its [`child`](Self::child).
    pub fn args(&self) -> Vec<&Word> {
        self.arg_words().collect()
    }

    /// The plain arguments, without collecting them.
    pub fn arg_words(&self) -> impl Iterator<Item = &Word> {
        self.next.iter().filter_map(|arg| match arg {
            Arg::Word(word) => Some(word),
            Arg::Child(_) => None,
        })
    }

    /// The nested instruction of ONBUILD, if any.
    pub fn child(&self) -> Option<&Node> {
        self.next.iter().find_map(|arg| match arg {
            Arg::Child(node) => Some(node.as_ref()),
            Arg::Word(_) => None,
        })
    }
}

/// A piece of text and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    pub value: SmolStr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Arg {
    Word(Word),
    Child(Box<Node>),
}

/// A here-document attached to RUN, COPY or ADD (`<<EOF` ... `EOF`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The delimiter, quotes removed.
    pub name: String,
    /// `3<<EOF` gives 3; 0 when none is written.
    pub file_descriptor: u32,
    /// Variables in the body are expanded (the delimiter was not quoted).
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body.
    pub chomp: bool,
    /// The body, each line with its newline, the terminator excluded.
    pub content: String,
    /// The body's lines.
    pub content_span: Span,
    /// The line that ends it.
    pub terminator_span: Span,
}

/// A parser directive (`# syntax=`, `# escape=`, `# check=`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub span: Span,
}
