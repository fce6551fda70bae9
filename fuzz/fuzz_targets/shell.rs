//! The RUN shell (src/engine/shell) on any script, as root in a copy of a
//! catalog image: no panic, no hang (the interpreter's step limit must
//! stop runaway scripts; libFuzzer's -timeout catches the rest), and the
//! same status, output, warnings and filesystem twice.
//!
//! Input: UTF-8. A first byte below 8 picks the image from IMAGES and the
//! rest is the script; otherwise the whole input is the script, run in
//! alpine:3.19.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft::engine::catalog::{builtin, Catalog};
use stagecraft::engine::shell::interp::{Io, Shell};
use stagecraft::engine::vfs::Filesystem;

const IMAGES: &[&str] = &[
    "busybox:1.36",
    "alpine:3.19",
    "debian:bookworm",
    "python:3.12-slim",
    "node:20-alpine",
    "golang:1.22-alpine",
    "ubuntu:24.04",
    "rust:1.75-slim",
];

fn run(image: &str, script: &str) -> (i32, Vec<u8>, Vec<u8>, Vec<String>, Filesystem) {
    let base = builtin().resolve(image).image().clone();
    let mut fs = base.filesystem.clone();
    let mut sh = Shell::new(&mut fs, stagecraft::engine::catalog::builtin(), base.shell, "/bin/sh");
    for (k, v) in base.config.env_pairs() {
        sh.export(&k, Some(&v));
    }
    sh.clock = 1;
    let mut io = Io::default();
    let status = sh.run_script(script, &mut io).status();
    let warnings = std::mem::take(&mut sh.warnings);
    drop(sh);
    (status, io.stdout, io.stderr, warnings, fs)
}

fuzz_target!(|data: &[u8]| {
    let (image, script) = match data.first() {
        Some(&b) if (b as usize) < IMAGES.len() => (IMAGES[b as usize], &data[1..]),
        _ => ("alpine:3.19", data),
    };
    let Ok(script) = std::str::from_utf8(script) else {
        return;
    };
    let first = run(image, script);
    let second = run(image, script);
    assert_eq!(first.0, second.0, "status is deterministic");
    assert_eq!(first.1, second.1, "stdout is deterministic");
    assert_eq!(first.2, second.2, "stderr is deterministic");
    assert_eq!(first.3, second.3, "warnings are deterministic");
    assert!(first.4 == second.4, "the filesystem is deterministic");
});
