//! The front end: reading a Dockerfile exactly as BuildKit reads it.

pub mod ast;
pub mod check_rule;
pub mod checks;
pub mod diagnostic;
pub mod directive;
pub mod dump;
pub mod duration;
pub mod env_map;
pub mod expand;
pub mod flags;
pub mod glob;
pub mod heredoc;
pub mod highlight;
pub mod ignore;
pub mod instruction;
pub mod instruction_parse;
pub mod json_array;
pub mod keyword;
pub mod line_parsers;
pub mod logical_line;
pub mod mount;
pub mod parser;
pub mod print;
mod read;
pub mod source;
pub mod suggest;
pub mod trim;

pub use ast::{Arg, Node, Word};
pub use diagnostic::{Diagnostic, DiagnosticKind, Severity};
pub use parser::{parse, parse_limited, Ast};
pub use source::{LineIndex, Position, Span};
