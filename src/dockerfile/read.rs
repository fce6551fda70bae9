//! Reading a Dockerfile, start to end: the syntax tree, the typed
//! instructions grouped into stages, then BuildKit's build checks, the
//! diagnostics in source order.

use super::checks::run_checks;
use super::instruction::Dockerfile;
use super::instruction_parse::from_ast;
use super::parser::{parse, parse_limited, Ast};

impl Dockerfile {
    /// Parses and checks `source`. Never fails: problems are in
    /// `diagnostics`.
    pub fn parse(source: &str) -> Dockerfile {
        read(parse(source))
    }

    /// The same, reading at most `limit` instructions (benchmarks).
    pub fn parse_limited(source: &str, limit: usize) -> Dockerfile {
        read(parse_limited(source, limit))
    }
}

fn read(ast: Ast) -> Dockerfile {
    let mut dockerfile = from_ast(ast);
    run_checks(&mut dockerfile);
    dockerfile
        .diagnostics
        .sort_by_key(|d| (d.span.start.offset, d.severity));
    dockerfile
}
