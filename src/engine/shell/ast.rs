//! The syntax of the POSIX shell subset that RUN scripts are run with.

/// A sequence of and-or lists (`a; b && c`).
pub type List = Vec<AndOr>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
    /// Ended by `&`: run in the background (simulated as in the foreground).
    pub background: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Command>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Simple(Simple),
    Compound(Compound, Vec<Redirect>),
    FunctionDef { name: String, body: Box<Command> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simple {
    pub assignments: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// The script line the command starts on, for error messages.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compound {
    Group(List),
    Subshell(List),
    If {
        branches: Vec<(List, List)>,
        otherwise: Option<List>,
    },
    For {
        var: String,
        items: Option<Vec<Word>>,
        body: List,
    },
    While {
        until: bool,
        condition: List,
        body: List,
    },
    Case {
        subject: Word,
        arms: Vec<(Vec<Word>, List)>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The file descriptor redirected (0 for `<`, 1 for `>`).
    pub fd: u32,
    pub op: RedirectOp,
    pub target: RedirectTarget,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectOp {
    /// `<`
    Read,
    /// `>` and `>|`
    Write,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `>&N`, `<&N`
    Duplicate,
    /// `&>` (bash): stdout and stderr to a file.
    WriteBoth,
    /// `<<` and `<<-`
    HereDoc,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirectTarget {
    Word(Word),
    HereDoc { body: String, expand: bool },
}

/// A word: pieces joined without spaces, expanded together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Text; quoted text is not split into fields nor globbed.
    Literal { text: String, quoted: bool },
    /// `$name`, `${...}`; inside double quotes when `quoted`.
    Param { expr: ParamExpr, quoted: bool },
    /// `$(...)` or backquotes: the script's source.
    CommandSubst { source: String, quoted: bool },
    /// `$((...))`
    Arithmetic { source: String, quoted: bool },
    /// `~` or `~user` at the start of a word.
    Tilde(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamExpr {
    pub name: String,
    pub op: ParamOp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamOp {
    Plain,
    /// `${#name}`
    Length,
    /// `${name-w}` / `${name:-w}`
    Default {
        colon: bool,
        word: String,
    },
    /// `${name=w}` / `${name:=w}`
    Assign {
        colon: bool,
        word: String,
    },
    /// `${name?w}` / `${name:?w}`
    Error {
        colon: bool,
        word: String,
    },
    /// `${name+w}` / `${name:+w}`
    Alternative {
        colon: bool,
        word: String,
    },
    /// `${name#p}` / `${name##p}`
    TrimPrefix {
        longest: bool,
        pattern: String,
    },
    /// `${name%p}` / `${name%%p}`
    TrimSuffix {
        longest: bool,
        pattern: String,
    },
}

impl Word {
    pub fn literal(text: &str) -> Word {
        Word {
            parts: vec![Part::Literal {
                text: text.to_string(),
                quoted: false,
            }],
        }
    }

    /// The word's text if it is one unquoted literal (a candidate keyword).
    pub fn as_plain(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Literal {
                text,
                quoted: false,
            }] => Some(text),
            _ => None,
        }
    }

    /// The text with quotes removed but nothing expanded (heredoc
    /// delimiters, function names).
    pub fn unquoted_text(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Literal { text, .. } => text.clone(),
                Part::Param { expr, .. } => format!("${}", expr.name),
                Part::CommandSubst { source, .. } => format!("$({source})"),
                Part::Arithmetic { source, .. } => format!("$(({source}))"),
                Part::Tilde(user) => format!("~{user}"),
            })
            .collect()
    }

    pub fn is_quoted(&self) -> bool {
        self.parts.iter().any(|p| match p {
            Part::Literal { quoted, .. } => *quoted,
            _ => false,
        })
    }
}
