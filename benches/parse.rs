//! Parse throughput and scaling.
//!
//! Budgets (checked by reading the output, not asserted):
//! - the BuildKit corpus Dockerfiles, concatenated: at least 100 MB/s,
//!   for the syntax tree and with typed instructions;
//! - generated Dockerfiles of 1, 2, 5 and 10 MB: time grows linearly, the
//!   10 MB file within 1.5x of ten times the 1 MB file, and under 2 s;
//! - word expansion: at least 1 million words a second.
//!
//! The generated files are parsed without the app's instruction limit
//! (src/limits.rs), which would stop them early.
//!
//! Run with `cargo bench --bench parse` (or `make bench`); a filter argument
//! (`tree`, `typed`, `generated`, `words`) runs only those parts. Times on a
//! busy machine vary; the instructions one corpus parse takes do not, and
//! `examples/parse_corpus.rs` says how to count them.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{corpus_text, median_time, timing, Timing};
use stagecraft::dockerfile::expand::Lex;
use stagecraft::dockerfile::instruction::Dockerfile;
use stagecraft::dockerfile::parse;

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

/// A Dockerfile of at least `bytes` bytes: realistic multi-stage builds with
/// continuations, JSON forms, heredocs, flags and comments, repeated.
fn generated(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&format!(
            "# stage {i}: build\n\
             FROM golang:1.22 AS build{i}\n\
             ARG VERSION=1.{i}\n\
             ENV CGO_ENABLED=0 GOOS=linux PATH=/go/bin:$PATH\n\
             WORKDIR /src/app{i}\n\
             COPY --chown=1000:1000 go.mod go.sum ./\n\
             RUN --mount=type=cache,target=/root/.cache/go-build \\\n    \
             go mod download && \\\n    \
             go build -ldflags \"-X main.version=${{VERSION}}\" -o /out/app{i} ./cmd/app\n\
             RUN <<EOF\n\
             set -e\n\
             echo building {i}\n\
             EOF\n\
             FROM alpine:3.19\n\
             LABEL org.opencontainers.image.title=\"app {i}\" version=\"1.{i}\"\n\
             COPY --from=build{i} /out/app{i} /usr/local/bin/app\n\
             HEALTHCHECK --interval=30s --timeout=3s CMD [\"app\", \"health\"]\n\
             EXPOSE 8080/tcp\n\
             USER 1000:1000\n\
             ENTRYPOINT [\"/usr/local/bin/app\"]\n\n"
        ));
        i += 1;
    }
    out
}

fn main() {
    // `cargo bench` passes --bench; a filter argument picks benchmarks.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f));
    match corpus_text() {
        Some(text) => {
            let report = |what: &str, time: Timing| {
                println!(
                    "corpus ({} bytes, {} Dockerfiles), {what}: {:.1} MB/s median, {:.1} MB/s fastest",
                    text.len(),
                    text.matches("FROM").count(),
                    mb_per_s(text.len(), time.median),
                    mb_per_s(text.len(), time.fastest),
                );
            };
            if wanted("tree") {
                report(
                    "syntax tree",
                    timing(20, Duration::from_secs(2), || {
                        black_box(parse(black_box(&text)));
                    }),
                );
            }
            if wanted("typed") {
                report(
                    "typed",
                    timing(20, Duration::from_secs(2), || {
                        black_box(Dockerfile::parse(black_box(&text)));
                    }),
                );
            }
        }
        None => println!("corpus: skipped, no BuildKit parser corpus found"),
    }
    if wanted("generated") {
        generated_files();
    }
    if wanted("words") {
        word_expansion();
    }
}

/// Generated files of growing size: time must grow linearly.
fn generated_files() {
    let mut first: Option<(usize, Duration)> = None;
    for mb in [1, 2, 5, 10] {
        let text = generated(mb * 1_000_000);
        // The parser itself, past the app's instruction limit.
        let time = median_time(3, Duration::from_secs(3), || {
            black_box(Dockerfile::parse_limited(black_box(&text), usize::MAX));
        });
        let (base_len, base_time) = *first.get_or_insert((text.len(), time));
        let linear = base_time.as_secs_f64() * text.len() as f64 / base_len as f64;
        println!(
            "generated {mb:>2} MB ({} lines): {:?}, {:.1} MB/s, {:.2}x of linear from 1 MB",
            text.lines().count(),
            time,
            mb_per_s(text.len(), time),
            time.as_secs_f64() / linear
        );
    }
}

fn word_expansion() {
    let words: Vec<&str> = vec![
        "${GO_VERSION:-1.22}",
        "golang:${GO_VERSION}-alpine",
        "\"$HOME/bin\":${PATH}",
        "${VERSION#v}",
        "${IMAGE%%:*}",
        "${PATH//:/ }",
        "'literal $x'",
        "plain-word",
    ];
    let env: Vec<(String, String)> = [
        ("GO_VERSION", "1.22"),
        ("HOME", "/root"),
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("VERSION", "v1.2.3"),
        ("IMAGE", "golang:1.22:alpine"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let lex = Lex::new('\\');
    let rounds = 20_000;
    let time = timing(5, Duration::from_secs(2), || {
        for _ in 0..rounds {
            for w in &words {
                black_box(lex.process_word(black_box(w), &env).ok());
            }
        }
    });
    let per_second = |t: Duration| (rounds * words.len()) as f64 / t.as_secs_f64() / 1e6;
    println!(
        "word expansion: {:.2} million words/s median, {:.2} fastest",
        per_second(time.median),
        per_second(time.fastest)
    );
}
