//! The syntax tree back to Dockerfile text: its parser directives, then
//! each instruction as one logical line (continuations joined, as
//! BuildKit keeps it in `Node.Original`) followed by its here-documents.
//! Comments and blank lines are not kept. Parsing the text again gives the
//! same tree (the fuzz target and a property check this).

use super::ast::Node;
use super::parser::{trim_continuation, Ast};

/// The Dockerfile text of `ast`.
pub fn print(ast: &Ast) -> String {
    let mut out = String::new();
    for directive in &ast.directives {
        out.push_str(&format!("# {}={}\n", directive.name, directive.value));
    }
    // A byte-order mark opens the file only on its first line: one that
    // starts an instruction after dropped comments keeps a line before it.
    if out.is_empty()
        && ast
            .nodes
            .first()
            .is_some_and(|n| n.original.starts_with('\u{feff}'))
    {
        out.push('\n');
    }
    for node in &ast.nodes {
        print_node(node, ast.escape, &mut out);
    }
    out
}

fn print_node(node: &Node, escape: char, out: &mut String) {
    // A line that is blank or would read as continued again comes only
    // from a continuation the file ends in: the file ends the same way.
    // The parser reads a line without its end (`\r` included), so the
    // check does too.
    let (_, ends) = trim_continuation(node.original.trim_end_matches(['\r', '\n']), escape);
    let continued = !ends;
    if node.original.trim().is_empty() || continued {
        out.push_str(&node.original);
        out.push(escape);
        return;
    }
    out.push_str(&node.original);
    out.push('\n');
    for heredoc in &node.heredocs {
        out.push_str(&heredoc.content);
        out.push_str(&heredoc.name);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::dump::dump;
    use crate::dockerfile::parser::parse;

    #[test]
    fn printing_keeps_the_tree() {
        let source = "# syntax=docker/dockerfile:1\n# escape=`\n\n# a comment\nFROM alpine AS base\nRUN apk add `\n    curl `\n  # inside\n    git\nCOPY <<EOF /etc/motd\nhello\nEOF\nRUN <<-A cat\n\tx\n\tA\nONBUILD RUN [\"echo\", \"hi\"]\n";
        let ast = parse(source);
        assert!(!ast.has_errors(), "{:?}", ast.diagnostics);
        let printed = print(&ast);
        assert_eq!(
            printed,
            "# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine AS base\nRUN apk add     curl     git\nCOPY <<EOF /etc/motd\nhello\nEOF\nRUN <<-A cat\n\tx\nA\nONBUILD RUN [\"echo\", \"hi\"]\n"
        );
        let again = parse(&printed);
        assert_eq!(dump(&again.nodes), dump(&ast.nodes));
        let heredocs = |a: &Ast| -> Vec<(String, String)> {
            a.nodes
                .iter()
                .flat_map(|n| {
                    n.heredocs
                        .iter()
                        .map(|h| (h.name.clone(), h.content.clone()))
                })
                .collect()
        };
        assert_eq!(heredocs(&again), heredocs(&ast));
        assert_eq!(again.escape, '`');
    }

    #[test]
    fn a_file_ending_in_a_continuation_ends_so_again() {
        // Found by the round-trip property: an instruction whose joined
        // line would read as continued, and a byte-order mark that a
        // dropped comment kept off the first line.
        for source in [
            "FROM a\n\\",
            "FROM a\n\n \\\n\n \\",
            "FROM a\nRUN something \\ \\",
            "FROM a\n\\\r\\\n",
            "# comment\n\u{feff}FROM a\n",
        ] {
            let ast = parse(source);
            assert!(!ast.has_errors(), "{source:?}");
            let printed = print(&ast);
            assert_eq!(
                dump(&parse(&printed).nodes),
                dump(&ast.nodes),
                "{printed:?}"
            );
        }
        let ast = parse("FROM a\nENV C trailing\\\\\nENV D d\n");
        assert_eq!(print(&ast), "FROM a\nENV C trailing\\\\\nENV D d\n");
    }
}
