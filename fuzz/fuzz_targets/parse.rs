//! The Dockerfile parser on any UTF-8 text: no panic, no hang, the same
//! tree, diagnostics and stages twice, every span and highlight token
//! inside the text on character boundaries, and a tree without errors
//! printed back to text (src/dockerfile/print.rs) parses to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft::dockerfile::dump::dump;
use stagecraft::dockerfile::highlight::highlight;
use stagecraft::dockerfile::instruction::Dockerfile;
use stagecraft::dockerfile::parser::parse;
use stagecraft::dockerfile::print::print;
use stagecraft::dockerfile::Span;

fn check_span(source: &str, span: Span) {
    assert!(span.start.offset <= span.end.offset, "{span:?}");
    assert!(span.end.offset <= source.len(), "{span:?} past {}", source.len());
    assert!(
        source.is_char_boundary(span.start.offset) && source.is_char_boundary(span.end.offset),
        "{span:?} not on a char boundary"
    );
    assert!(span.start.line >= 1 && span.start.column >= 1, "{span:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let first = Dockerfile::parse(source);
    let second = Dockerfile::parse(source);
    let dumped = dump(&first.ast.nodes);
    assert_eq!(dumped, dump(&second.ast.nodes), "the dump is deterministic");
    assert_eq!(first.diagnostics, second.diagnostics, "diagnostics are deterministic");
    assert_eq!(
        serde_json::to_string(&first).ok(),
        serde_json::to_string(&second).ok(),
        "the whole parse is deterministic"
    );
    for d in &first.diagnostics {
        check_span(source, d.span);
        assert!(!d.kind.to_string().is_empty());
    }
    for node in &first.ast.nodes {
        check_span(source, node.span);
        check_span(source, node.keyword_span);
        for word in node.flags.iter().chain(node.args()) {
            check_span(source, word.span);
        }
    }
    let tokens = highlight(source, &first.ast);
    for pair in tokens.windows(2) {
        assert!(pair[0].end <= pair[1].start, "tokens overlap: {pair:?}");
    }
    for t in &tokens {
        assert!(t.start < t.end && t.end <= source.len(), "{t:?}");
        assert!(source.is_char_boundary(t.start) && source.is_char_boundary(t.end), "{t:?}");
    }
    if !first.ast.has_errors() {
        let printed = print(&first.ast);
        let again = parse(&printed);
        assert!(!again.has_errors(), "the printed text parses: {printed:?}");
        assert_eq!(dump(&again.nodes), dumped, "the printed text gives the same tree");
        let heredocs = |nodes: &[stagecraft::dockerfile::ast::Node]| -> Vec<(String, String, bool, bool)> {
            nodes
                .iter()
                .flat_map(|n| n.heredocs.iter().map(|h| (h.name.clone(), h.content.clone(), h.expand, h.chomp)))
                .collect()
        };
        assert_eq!(heredocs(&again.nodes), heredocs(&first.ast.nodes), "the same here-documents");
        assert_eq!(again.escape, first.ast.escape);
    }
});
