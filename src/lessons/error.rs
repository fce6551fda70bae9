//! A problem in a lesson file, and where.

use std::fmt;

/// A problem in a lesson file, at a line and column (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    pub line: usize,
    pub column: usize,
    pub kind: LessonErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LessonErrorKind {
    NoFrontMatter,
    UnclosedFrontMatter,
    BadFrontMatterLine(String),
    MissingKey(&'static str),
    BadNumber { key: String, value: String },
    BadId(String),
    UnknownKey(String),
    UnclosedFence,
    Duplicate(&'static str),
    Missing(&'static str),
    BadFilePath(String),
    DuplicateFile(String),
    BadCheck(String),
    BadQuestion(String),
    ChallengeWithHints,
    WrongWithoutReason,
    TooManyWrong,
    UnnamedWrongFile,
    UnknownWrong(String),
}

impl fmt::Display for LessonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LessonErrorKind::NoFrontMatter => {
                write!(f, "a lesson starts with front matter: a line `---`, `key: value` lines, and `---`")
            }
            LessonErrorKind::UnclosedFrontMatter => {
                write!(f, "the front matter has no closing `---` line")
            }
            LessonErrorKind::BadFrontMatterLine(line) => {
                write!(f, "front matter lines are `key: value`, not {line:?}")
            }
            LessonErrorKind::MissingKey(key) => write!(f, "the front matter needs `{key}:`"),
            LessonErrorKind::BadNumber { key, value } => {
                write!(f, "`{key}` must be a whole number, not {value:?}")
            }
            LessonErrorKind::BadId(id) => write!(
                f,
                "the id {id:?} must be lower-case letters, digits and `-` (it goes in links)"
            ),
            LessonErrorKind::UnknownKey(key) => write!(
                f,
                "unknown front matter key {key:?} (known: id, title, order, minutes, challenge)"
            ),
            LessonErrorKind::UnclosedFence => write!(f, "this fenced block is never closed"),
            LessonErrorKind::Duplicate(what) => write!(f, "a lesson has one {what} block"),
            LessonErrorKind::Missing(what) => write!(f, "the lesson has no {what} block"),
            LessonErrorKind::BadFilePath(path) => write!(
                f,
                "the context path {path:?} must be relative, without `..` or empty parts"
            ),
            LessonErrorKind::DuplicateFile(path) => {
                write!(f, "the context file {path:?} is given twice")
            }
            LessonErrorKind::BadCheck(message) => write!(f, "check: {message}"),
            LessonErrorKind::BadQuestion(message) => write!(f, "question: {message}"),
            LessonErrorKind::WrongWithoutReason => write!(
                f,
                "a wrong solution starts with `#` comment lines that say why it is wrong"
            ),
            LessonErrorKind::TooManyWrong => write!(
                f,
                "a lesson keeps at most {} wrong solutions (each is a whole build)",
                crate::limits::LESSON_WRONG
            ),
            LessonErrorKind::UnnamedWrongFile => write!(
                f,
                "a wrong solution's file names its solution: `file=PATH wrong=NAME`, with a `dockerfile wrong=NAME` block"
            ),
            LessonErrorKind::UnknownWrong(name) => {
                write!(f, "no `dockerfile wrong={name}` block for this file")
            }
            LessonErrorKind::ChallengeWithHints => {
                write!(
                    f,
                    "a challenge has no hints: remove the hint blocks or `challenge: true`"
                )
            }
        }
    }
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.kind)
    }
}

impl std::error::Error for LessonError {}

pub(crate) fn error(line: usize, column: usize, kind: LessonErrorKind) -> LessonError {
    LessonError { line, column, kind }
}
