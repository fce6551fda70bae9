//! Build speed and memory.
//!
//! Budgets (checked by reading the output, not asserted):
//! - a 24,000-file context (under the page's limit of 25,000 entries)
//!   copied through three stages: under 1 s and under 250 MB peak memory;
//! - a 200-step Dockerfile: under 1 s;
//! - a layer snapshot (copy, change one file, diff) costs the same with
//!   1,000, 10,000 or 100,000 unchanged files;
//! - a full analysis (sizes, dive's efficiency over every layer and over
//!   the squashed base, waste, run check) of the largest sample build, the
//!   bloated node-api image: under 20 ms;
//! - the Go sample (samples/go-server), each of its Dockerfiles: the
//!   whole build and the whole analysis, from the text, under 10 ms;
//! - grading a lesson's reference solution (its build, analysis, and the
//!   extra builds its checks ask for: another target, a rebuild after an
//!   edit): under 20 ms for every lesson.
//!
//! Peak memory is the process's resident high-water mark (VmHWM), reset
//! before each measurement through /proc/self/clear_refs (Linux).
//!
//! Run with `cargo bench --bench build` (or `make bench`).

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{median_time, timing};
use stagecraft::analysis::efficiency;
use stagecraft::engine::catalog::builtin;
use stagecraft::engine::content::Content;
use stagecraft::engine::layer::diff;
use stagecraft::engine::vfs::{Filesystem, Meta};
use stagecraft::engine::{build, BuildContext, BuildOptions, ContextEntry};

/// Resets the resident high-water mark; false where that is not possible.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The resident high-water mark in MB, if the system says.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn show_peak(label: &str, reset: bool) {
    match (reset, peak_mb()) {
        (true, Some(mb)) => println!("  {label} peak memory: {mb:.0} MB"),
        (false, Some(mb)) => println!("  {label} peak memory (whole process): {mb:.0} MB"),
        _ => println!("  {label} peak memory: not available on this system"),
    }
}

/// `files` source files spread over directories of 100.
fn big_context(files: usize) -> BuildContext {
    let mut entries = Vec::with_capacity(files + 1);
    entries.push((
        ".dockerignore".to_string(),
        ContextEntry::text("**/*.log\n"),
    ));
    for i in 0..files {
        let path = format!("pkg{}/mod{}/file{i}.go", i / 1000, (i / 100) % 10);
        let text = format!(
            "package mod{}\n// file {i}\nfunc F{i}() int {{ return {i} }}\n",
            i / 100
        );
        entries.push((path, ContextEntry::text(&text)));
    }
    BuildContext::from_entries(entries, "Dockerfile")
}

const THREE_STAGES: &str = "\
FROM golang:1.22 AS deps
WORKDIR /src
COPY . .
RUN mkdir -p /out && echo ok > /out/deps

FROM deps AS build
RUN cp -r /src/pkg0 /out/pkg0 && rm -rf /src/pkg1
COPY --chmod=644 pkg2 /src/again/

FROM alpine:3.19
COPY --from=build /src /app
COPY --from=build /out /out
";

fn three_stages() {
    println!("24,000-file context through three stages");
    let t = Instant::now();
    let context = big_context(24_000);
    println!(
        "  context: {} entries, {} bytes, loaded in {:.0} ms",
        context.summary().entries,
        context.summary().size,
        t.elapsed().as_secs_f64() * 1e3
    );
    let reset = reset_peak();
    let mut final_size = 0;
    let time = median_time(3, Duration::from_secs(5), || {
        let result = build(THREE_STAGES, &context, &BuildOptions::default(), builtin());
        assert!(result.error.is_none(), "{:?}", result.error);
        final_size = result.image().map_or(0, |i| i.size());
        black_box(result);
    });
    println!(
        "  build: {:.0} ms (median), final image {final_size} bytes",
        time.as_secs_f64() * 1e3
    );
    show_peak("build", reset);
}

fn two_hundred_steps() {
    println!("200-step Dockerfile");
    let mut text = String::from("FROM debian:bookworm\nWORKDIR /app\n");
    let mut entries = Vec::new();
    for i in 0..198 {
        match i % 4 {
            0 => text.push_str(&format!(
                "RUN mkdir -p /app/s{i} && echo {i} > /app/s{i}/v\n"
            )),
            1 => {
                text.push_str(&format!("COPY f{i}.txt /app/s{i}/\n"));
                entries.push((format!("f{i}.txt"), ContextEntry::text(&format!("{i}\n"))));
            }
            2 => text.push_str(&format!("ENV STEP_{i}=value{i}\n")),
            _ => text.push_str(&format!(
                "RUN for n in 1 2 3; do echo $n >> /app/log; done && rm -rf /app/s{}\n",
                i - 3
            )),
        }
    }
    let context = BuildContext::from_entries(entries, "Dockerfile");
    let reset = reset_peak();
    let time = median_time(3, Duration::from_secs(5), || {
        let result = build(&text, &context, &BuildOptions::default(), builtin());
        assert!(result.error.is_none(), "{:?}", result.error);
        black_box(result);
    });
    println!("  build: {:.1} ms (median)", time.as_secs_f64() * 1e3);
    show_peak("build", reset);
}

/// A filesystem of `files` unchanged files under /data (directories of
/// 100), beside a small /app/src of ten files where the change happens.
fn filesystem(files: usize) -> Filesystem {
    let mut fs = Filesystem::new();
    for i in 0..10 {
        fs.mkdir_all("/app/src", Meta::dir()).expect("mkdir");
        fs.write_file(
            &format!("/app/src/f{i}.go"),
            Content::text("package main\n"),
            Meta::file(),
        )
        .expect("write");
    }
    for i in 0..files {
        let dir = format!("/data/d{}/e{}", i / 10_000, (i / 100) % 100);
        if i % 100 == 0 {
            fs.mkdir_all(&dir, Meta::dir()).expect("mkdir");
        }
        fs.write_file(
            &format!("{dir}/f{i}"),
            Content::blob(4096, &i.to_string()),
            Meta::file(),
        )
        .expect("write");
    }
    fs
}

fn snapshots() {
    println!("layer snapshot: copy, change one file, diff against the parent");
    for files in [1_000, 10_000, 100_000] {
        let base = filesystem(files);
        let mut n = 0u64;
        let time = median_time(1000, Duration::from_secs(2), || {
            n += 1;
            let mut snapshot = base.clone();
            snapshot
                .write_file(
                    "/app/src/f0.go",
                    Content::text(&n.to_string()),
                    Meta::file(),
                )
                .expect("write");
            let changes = diff(&base, &snapshot);
            assert_eq!(changes.len(), 1);
            black_box(changes);
        });
        println!(
            "  {files:>7} unchanged files: {:.2} µs per snapshot (median)",
            time.as_secs_f64() * 1e6
        );
    }
}

fn analysis() {
    println!("analysis of the largest sample build");
    let mut largest: Option<(String, usize, stagecraft::engine::Build, BuildContext)> = None;
    for (app, dockerfile) in [
        ("node-api", "Dockerfile.bloated"),
        ("rust-cli", "Dockerfile.bloated"),
        ("python-flask", "Dockerfile.bloated"),
        ("react-nginx", "Dockerfile.bloated"),
    ] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(app);
        let source = std::fs::read_to_string(dir.join(dockerfile)).expect("Dockerfile");
        let context = stagecraft::cli::host::read_context(&dir, dockerfile, &[]).expect("context");
        let result = build(&source, &context, &BuildOptions::default(), builtin());
        let entries: usize = result
            .image()
            .map_or(0, |i| i.layers.iter().map(|l| l.changes.len()).sum());
        if largest.as_ref().is_none_or(|(_, n, ..)| entries > *n) {
            largest = Some((format!("{app}/{dockerfile}"), entries, result, context));
        }
    }
    let Some((name, entries, result, context)) = largest else {
        return;
    };
    let time = median_time(5, Duration::from_secs(5), || {
        black_box(stagecraft::analysis::analyze(&context, &result));
    });
    println!(
        "  {name}: {entries} layer entries, analyzed in {:.2} ms (median)",
        time.as_secs_f64() * 1e3
    );
    // Where the time goes.
    let Some(image) = result.image() else {
        return;
    };
    let layers: Vec<Vec<&stagecraft::engine::layer::Change>> = image
        .layers
        .iter()
        .map(|l| l.changes.iter().collect())
        .collect();
    let sizes: Vec<u64> = image.layers.iter().map(|l| l.size).collect();
    let base_count = image.base_layer_count();
    let parts: [(&str, &dyn Fn()); 4] = [
        ("lint", &|| {
            black_box(stagecraft::analysis::lint::lint(&context, &result));
        }),
        (
            "efficiency over every layer and over the squashed base",
            &|| {
                black_box(efficiency::efficiencies(&layers, &sizes, base_count));
            },
        ),
        ("sizes", &|| {
            black_box(stagecraft::analysis::sizes::sizes(&result, image));
        }),
        ("run check", &|| {
            black_box(stagecraft::analysis::run_check::run_check(image));
        }),
    ];
    for (label, part) in parts {
        let time = median_time(5, Duration::from_secs(2), part);
        println!("    {label}: {:.2} ms", time.as_secs_f64() * 1e3);
    }
}

fn go_sample() {
    println!("the Go sample: build and analysis from the text");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/go-server");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("samples/go-server")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("Dockerfile"))
        .collect();
    names.sort();
    for name in names {
        let source = std::fs::read_to_string(dir.join(&name)).expect("Dockerfile");
        let context = stagecraft::cli::host::read_context(&dir, &name, &[]).expect("context");
        let time = timing(10, Duration::from_secs(2), || {
            let result = build(&source, &context, &BuildOptions::default(), builtin());
            black_box(stagecraft::analysis::analyze(&context, &result));
        });
        println!("  {name}: {time}");
    }
}

/// `only`: the lessons to grade (all when empty).
fn grading(only: &[String]) {
    use stagecraft::lessons::curriculum;
    use stagecraft::lessons::grade::{grade, right_answers, Reference};
    println!("grading each lesson's reference solution");
    let mut slowest = (0.0_f64, String::new());
    for lesson in curriculum::lessons() {
        if !only.is_empty() && !only.iter().any(|id| lesson.id.contains(id.as_str())) {
            continue;
        }
        let reference = Reference::of(lesson, builtin());
        let answers = right_answers(lesson);
        let files = lesson.solution_context();
        let time = timing(5, Duration::from_secs(2), || {
            black_box(grade(
                lesson,
                &reference,
                &lesson.solution,
                &files,
                &answers,
                builtin(),
            ));
        });
        let ms = time.median.as_secs_f64() * 1e3;
        println!("  {:>2} {}: {time}", lesson.order, lesson.id);
        if ms > slowest.0 {
            slowest = (ms, lesson.id.clone());
        }
    }
    println!("  slowest median: {} at {:.2} ms", slowest.1, slowest.0);
}

fn main() {
    // `cargo bench` passes --bench; a filter argument picks benchmarks.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f));
    if wanted("snapshot") {
        snapshots();
    }
    if wanted("steps") {
        two_hundred_steps();
    }
    if wanted("stages") {
        three_stages();
    }
    if wanted("analysis") {
        analysis();
    }
    if wanted("go-sample") {
        go_sample();
    }
    if wanted("grading") {
        // `grading ID...` grades only those lessons.
        let only: Vec<String> = filter
            .iter()
            .filter(|f| {
                ![
                    "grading",
                    "go-sample",
                    "analysis",
                    "stages",
                    "steps",
                    "snapshot",
                ]
                .contains(&f.as_str())
            })
            .cloned()
            .collect();
        grading(&only);
    }
}
