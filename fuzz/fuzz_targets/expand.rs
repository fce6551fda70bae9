//! BuildKit's word expander (src/dockerfile/expand.rs): no panic, no hang,
//! the same answer twice, and `process_word`, `process_words` and
//! `process` agree.
//!
//! Input: one byte of lexer settings, then UTF-8 text. The settings byte:
//! bit 0 the escape is '`' (else '\'), bit 1 raw_quotes, bit 2
//! raw_escapes, bit 3 skip_process_quotes, bit 4 skip_unset_env ('@' is
//! all off). The text is `ENV\0WORD` where ENV holds `KEY=VALUE` lines
//! (added to BuildKit's test environment `PWD=/home SHELL=bash
//! KOREAN=한국어 NULL=`), or just `WORD`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft::dockerfile::expand::Lex;

fuzz_target!(|data: &[u8]| {
    let Some((&settings, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (env_text, word) = text.split_once('\0').unwrap_or(("", text));
    let mut env: Vec<(String, String)> = [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for line in env_text.lines() {
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        env.push((k.to_string(), v.to_string()));
    }
    let mut lex = Lex::new(if settings & 1 != 0 { '`' } else { '\\' });
    lex.raw_quotes = settings & 2 != 0;
    lex.raw_escapes = settings & 4 != 0;
    lex.skip_process_quotes = settings & 8 != 0;
    lex.skip_unset_env = settings & 16 != 0;

    let full = lex.process(word, &env);
    assert_eq!(full, lex.process(word, &env), "expansion is deterministic");
    let one = lex.process_word(word, &env);
    let many = lex.process_words(word, &env);
    match &full {
        Ok(e) => {
            assert_eq!(one.as_ref().ok(), Some(&e.result));
            assert_eq!(many.as_ref().ok(), Some(&e.words));
            assert!(e.matched.is_disjoint(&e.unmatched), "{e:?}");
        }
        Err(error) => {
            assert_eq!(one.as_ref().err(), Some(error));
            assert_eq!(many.as_ref().err(), Some(error));
            assert!(!error.to_string().is_empty());
        }
    }
});
