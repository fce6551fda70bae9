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

use stagecraft::dockerfile::instruction::Dockerfile;
use stagecraft::dockerfile::parse;

// The benchmarks' helpers, for their corpus reading.
#[path = "../benches/common/mod.rs"]
#[allow(dead_code)]
mod common;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let typed = args.first().is_some_and(|a| a == "typed");
    let times: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20);
    let text = common::corpus_text().expect("the BuildKit parser corpus");
    for _ in 0..times {
        if typed {
            black_box(Dockerfile::parse(black_box(&text)));
        } else {
            black_box(parse(black_box(&text)));
        }
    }
    println!("{} bytes parsed {times} times", text.len());
}
