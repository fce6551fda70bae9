//! Properties over arbitrary input: the parser, the word expander and the
//! `.dockerignore` matcher never panic or hang, give the same answer twice,
//! and keep every span inside the text.

use proptest::prelude::*;

use stagecraft::dockerfile::dump::dump;
use stagecraft::dockerfile::expand::Lex;
use stagecraft::dockerfile::highlight::highlight;
use stagecraft::dockerfile::ignore::IgnoreMatcher;
use stagecraft::dockerfile::instruction::Dockerfile;
use stagecraft::dockerfile::Span;

use super::corpus::corpora_dir;

/// Pieces that make the parser's paths meet: instructions, flags, quotes,
/// continuations, heredocs, directives and odd white space.
const DOCKERFILE_PIECES: &[&str] = &[
    "FROM ",
    "from ",
    "RUN ",
    "COPY ",
    "ADD ",
    "ENV ",
    "LABEL ",
    "ARG ",
    "CMD ",
    "ENTRYPOINT ",
    "ONBUILD ",
    "HEALTHCHECK ",
    "SHELL ",
    "EXPOSE ",
    "VOLUME ",
    "USER ",
    "WORKDIR ",
    "STOPSIGNAL ",
    "MAINTAINER ",
    "FRM ",
    " AS ",
    "--from=",
    "--mount=type=cache,target=/x ",
    "--chmod=",
    "--link ",
    "--",
    "-",
    "\\\n",
    "`\n",
    "\n",
    "\r\n",
    "# escape=`\n",
    "# syntax=x\n",
    "# check=skip=all\n",
    "#",
    "<<EOF",
    "<<-'E'",
    "3<<\"X\"",
    "EOF\n",
    "\tEOF\n",
    "\"",
    "'",
    "$",
    "${",
    "}",
    "${A:-b}",
    "[",
    "]",
    "[\"a\", \"b\"]",
    ",",
    " ",
    "\t",
    "=",
    "a=b ",
    "\\",
    "é",
    "😀",
    "\u{feff}",
    "\u{a0}",
    "\u{0}",
    "NONE",
    "CMD",
    "x",
];

fn dockerfile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(DOCKERFILE_PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..80,
    )
    .prop_map(|pieces| pieces.concat())
}

fn check_span(source: &str, span: Span) {
    assert!(span.start.offset <= span.end.offset, "{span:?}");
    assert!(
        span.end.offset <= source.len(),
        "{span:?} past {}",
        source.len()
    );
    assert!(source.is_char_boundary(span.start.offset) && source.is_char_boundary(span.end.offset));
    assert!(span.start.line >= 1 && span.start.column >= 1);
}

fn check_parse(source: &str) {
    let first = Dockerfile::parse(source);
    let second = Dockerfile::parse(source);
    assert_eq!(
        dump(&first.ast.nodes),
        dump(&second.ast.nodes),
        "parsing is deterministic"
    );
    assert_eq!(first.diagnostics, second.diagnostics);
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
        assert!(t.start < t.end && t.end <= source.len());
        assert!(source.is_char_boundary(t.start) && source.is_char_boundary(t.end));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn parser_survives_dockerfile_like_text(source in dockerfile_text()) {
        check_parse(&source);
    }

    #[test]
    fn expander_survives_arbitrary_words(word in shell_word(), backtick in any::<bool>()) {
        let env: Vec<(String, String)> = vec![
            ("A".into(), "a b".into()),
            ("EMPTY".into(), String::new()),
            ("PATHS".into(), "/usr/local/bin:/usr/bin".into()),
        ];
        let mut lex = Lex::new(if backtick { '`' } else { '\\' });
        let word_result = lex.process_word(&word, &env);
        let words_result = lex.process_words(&word, &env);
        prop_assert_eq!(word_result.is_ok(), words_result.is_ok());
        prop_assert_eq!(lex.process_word(&word, &env), word_result);
        lex.raw_quotes = true;
        lex.raw_escapes = true;
        lex.skip_unset_env = true;
        let _ = lex.process_words(&word, &env);
    }
}

fn shell_word() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "$", "${", "}", ":", "-", "+", "?", "#", "%", "/", "//", "\\", "`", "'", "\"", "*", "A",
        "EMPTY", "PATHS", "UNSET", " ", "\t", "a", ".", "é", "\n", "$0", "$@", "1",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    #[test]
    fn parser_survives_any_string(source in any::<String>()) {
        check_parse(&source);
    }

    #[test]
    fn ignore_matcher_survives_any_pattern(
        patterns in prop::collection::vec("[a-c*?!\\[\\]\\\\/.^-]{0,8}", 0..6),
        path in "[a-c/.*]{0,12}",
    ) {
        let text = patterns.join("\n");
        let (matcher, _) = IgnoreMatcher::from_text(&text);
        let first = matcher.is_excluded(&path);
        prop_assert_eq!(first, matcher.is_excluded(&path));
    }
}

/// Every Dockerfile of the parser corpus, for mutation.
fn corpus_dockerfiles() -> Vec<String> {
    let mut files = Vec::new();
    for dir in [
        "buildkit-parser/testfiles",
        "buildkit-parser/testfiles-negative",
    ] {
        let Ok(entries) = std::fs::read_dir(corpora_dir().join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            if let Ok(bytes) = std::fs::read(entry.path().join("Dockerfile")) {
                files.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    files.sort();
    files
}

#[derive(Clone, Debug)]
enum Mutation {
    Insert(f64, &'static str),
    Delete(f64, usize),
    Duplicate(f64, usize),
}

fn mutate(source: &str, mutations: &[Mutation]) -> String {
    let mut text: Vec<char> = source.chars().collect();
    for m in mutations {
        let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
        match m {
            Mutation::Insert(f, piece) => {
                let i = at(*f, text.len());
                text.splice(i..i, piece.chars());
            }
            Mutation::Delete(f, n) => {
                let i = at(*f, text.len());
                let end = (i + n).min(text.len());
                text.drain(i..end);
            }
            Mutation::Duplicate(f, n) => {
                let i = at(*f, text.len());
                let end = (i + n).min(text.len());
                let copy: Vec<char> = text[i..end].to_vec();
                text.splice(i..i, copy);
            }
        }
    }
    text.into_iter().collect()
}

#[test]
fn parser_survives_mutated_corpus_files() {
    let files = corpus_dockerfiles();
    if files.is_empty() {
        println!(
            "mutated corpus: skipped, no corpus Dockerfiles under {}",
            corpora_dir().display()
        );
        return;
    }
    let count = files.len();
    let mutation = prop_oneof![
        (0.0..1.0f64, prop::sample::select(DOCKERFILE_PIECES))
            .prop_map(|(f, p)| Mutation::Insert(f, p)),
        (0.0..1.0f64, 1..20usize).prop_map(|(f, n)| Mutation::Delete(f, n)),
        (0.0..1.0f64, 1..40usize).prop_map(|(f, n)| Mutation::Duplicate(f, n)),
    ];
    let strategy = (0..count, prop::collection::vec(mutation, 1..8));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 3_000,
        ..ProptestConfig::default()
    });
    runner
        .run(&strategy, |(index, mutations)| {
            check_parse(&mutate(&files[index], &mutations));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    println!("mutated corpus: 3000 mutants of {count} files parsed");
}
