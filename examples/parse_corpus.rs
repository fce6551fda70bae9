//! Parses the BuildKit parser corpus a given number of times: a driver for
//! counting the parser's instructions, which, unlike its time, does not
//! depend on how busy the machine is.
//!
//! ```sh
//! cargo build --profile bench --example parse_corpus
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/parse_corpus tree 20
//! ```
//!
//! Run it with 20 and with 40 parses: the difference over 20 is one parse,
//! without the start-up. `tree` parses into the syntax tree, `typed` into
//! checked instructions too (as `benches/parse.rs` does).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use stagecraft::dockerfile::instruction::Dockerfile;
use stagecraft::dockerfile::parse;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let typed = args.first().is_some_and(|a| a == "typed");
    let times: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20);
    let dir = std::env::var_os("STAGECRAFT_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("buildkit-parser/testfiles"))
        .expect("the BuildKit parser corpus")
        .flatten()
        .map(|e| e.path().join("Dockerfile"))
        .collect();
    files.sort();
    let mut text = String::new();
    for file in files {
        text.push_str(&String::from_utf8_lossy(
            &std::fs::read(file).unwrap_or_default(),
        ));
        text.push('\n');
    }
    for _ in 0..times {
        if typed {
            black_box(Dockerfile::parse(black_box(&text)));
        } else {
            black_box(parse(black_box(&text)));
        }
    }
    println!("{} bytes parsed {times} times", text.len());
}
