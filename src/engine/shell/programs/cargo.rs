//! `cargo` and `rustup` (Rust 1.75): build, install and fetch over the
//! project's Cargo.toml; `rustup target add`. Sources of crates go to
//! $CARGO_HOME/registry, the build to target/. The binary links against
//! glibc on the default gnu target and statically on musl (the default on
//! Alpine, or `--target x86_64-unknown-linux-musl` once rustup has added
//! it). Crate sizes are documented approximations (CRATES).

use crate::engine::content::{Content, Executable, Linkage};
use crate::engine::source_facts::SourceFacts;

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::write_file as write;

/// Approximate bytes a crate adds to a release binary, and its source
/// size in the registry (with the crates it pulls in); anything else:
/// 80 kB and 400 kB.
const CRATES: &[(&str, u64, u64)] = &[
    ("tokio", 700_000, 5_200_000),
    ("serde", 120_000, 900_000),
    ("serde_json", 180_000, 700_000),
    ("clap", 650_000, 2_400_000),
    ("reqwest", 1_400_000, 9_000_000),
    ("hyper", 500_000, 3_000_000),
    ("axum", 600_000, 4_500_000),
    ("actix-web", 2_200_000, 12_000_000),
    ("anyhow", 40_000, 200_000),
    ("thiserror", 10_000, 150_000),
    ("rand", 90_000, 800_000),
    ("regex", 700_000, 2_000_000),
    ("chrono", 250_000, 1_500_000),
    ("sqlx", 2_500_000, 18_000_000),
    ("diesel", 1_800_000, 10_000_000),
    ("tracing", 200_000, 1_500_000),
    ("log", 20_000, 100_000),
    ("env_logger", 200_000, 900_000),
];

const BASE_BINARY: u64 = 450_000;
const GNU: &str = "x86_64-unknown-linux-gnu";
const MUSL: &str = "x86_64-unknown-linux-musl";

fn rustup_home(shell: &Shell) -> String {
    shell
        .var("RUSTUP_HOME")
        .unwrap_or("/usr/local/rustup")
        .to_string()
}

fn cargo_home(shell: &Shell) -> String {
    shell
        .var("CARGO_HOME")
        .map(String::from)
        .unwrap_or_else(|| format!("{}/.cargo", shell.var("HOME").unwrap_or("/root")))
}

/// The host target: musl where the C library is musl.
fn host(shell: &Shell) -> &'static str {
    if shell.fs.exists("/lib/ld-musl-x86_64.so.1") {
        MUSL
    } else {
        GNU
    }
}

fn toolchain(shell: &Shell) -> String {
    format!("{}/toolchains/1.75.0-{}", rustup_home(shell), host(shell))
}

fn target_installed(shell: &Shell, target: &str) -> bool {
    target == host(shell)
        || shell
            .fs
            .exists(&format!("{}/lib/rustlib/{target}", toolchain(shell)))
}

pub fn rustup(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let words: Vec<&str> = args[1..].iter().map(String::as_str).collect();
    match words.as_slice() {
        ["target", "add", targets @ ..] => {
            for target in targets {
                io.err(&format!(
                    "info: downloading component 'rust-std' for '{target}'\ninfo: installing component 'rust-std' for '{target}'\n"
                ));
                let dir = format!("{}/lib/rustlib/{target}/lib", toolchain(shell));
                write(
                    shell,
                    &format!("{dir}/libstd.rlib"),
                    Content::blob(62_000_000, &format!("rust-std:{target}")),
                    0o644,
                );
            }
            0
        }
        ["--version" | "-V"] => {
            io.out("rustup 1.26.0 (5af9b9484 2023-04-05)\n");
            0
        }
        _ => {
            shell.note(format!(
                "{}: not simulated; assumed to succeed with no file changes",
                args.join(" ")
            ));
            0
        }
    }
}

/// `[package] name`, `[dependencies]` names, `[profile.release] strip`.
struct Manifest {
    name: String,
    version: String,
    dependencies: Vec<String>,
    strip: bool,
}

fn parse_manifest(text: &str) -> Manifest {
    let mut section = String::new();
    let mut manifest = Manifest {
        name: "app".into(),
        version: "0.1.0".into(),
        dependencies: Vec::new(),
        strip: false,
    };
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim().trim_matches('"'));
        match section.as_str() {
            "package" if key == "name" => manifest.name = value.to_string(),
            "package" if key == "version" => manifest.version = value.to_string(),
            "dependencies" => manifest.dependencies.push(key.to_string()),
            "profile.release" if key == "strip" => {
                manifest.strip = value != "false" && value != "none"
            }
            _ => {}
        }
    }
    manifest
}

fn crate_sizes(name: &str) -> (u64, u64) {
    CRATES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or((80_000, 400_000), |(_, binary, source)| (*binary, *source))
}

pub fn cargo(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let command = args.get(1).map(String::as_str).unwrap_or_default();
    match command {
        "--version" | "-V" | "version" => {
            io.out("cargo 1.75.0 (1d8b05cdd 2023-11-20)\n");
            return 0;
        }
        "build" | "b" | "install" | "fetch" => {}
        _ => {
            shell.note(format!(
                "{}: not simulated; assumed to succeed with no file changes",
                args.join(" ")
            ));
            return 0;
        }
    }
    let rest = &args[2..];
    let release = command == "install" || rest.iter().any(|a| a == "--release" || a == "-r");
    let target = rest
        .iter()
        .position(|a| a == "--target")
        .and_then(|i| rest.get(i + 1).cloned())
        .or_else(|| {
            rest.iter()
                .find_map(|a| a.strip_prefix("--target=").map(String::from))
        });
    let manifest_path = shell.path("Cargo.toml");
    let Some(text) = shell
        .fs
        .read(&manifest_path)
        .ok()
        .and_then(|c| c.as_text())
        .map(String::from)
    else {
        io.err(&format!(
            "error: could not find `Cargo.toml` in `{}` or any parent directory\n",
            shell.cwd
        ));
        return 101;
    };
    let manifest = parse_manifest(&text);
    // `--locked` and `--frozen` forbid writing a lockfile there is none of.
    let lock_path = shell.path("Cargo.lock");
    if rest.iter().any(|a| a == "--locked" || a == "--frozen")
        && !manifest.dependencies.is_empty()
        && !shell.fs.exists(&lock_path)
    {
        let flag = if rest.iter().any(|a| a == "--locked") {
            "--locked"
        } else {
            "--frozen"
        };
        io.err(&format!(
            "    Updating crates.io index\nerror: the lock file {lock_path} needs to be updated but {flag} was passed to prevent this\nIf you want to try to generate the lock file without accessing the network, remove the {flag} flag and use --offline instead.\n"
        ));
        return 101;
    }
    let target = target.unwrap_or_else(|| host(shell).to_string());
    if !target_installed(shell, &target) {
        io.err(&format!(
            "   Compiling {} v{} ({})\nerror[E0463]: can't find crate for `core`\n  |\n  = note: the `{target}` target may not be installed\n  = help: consider downloading the target with `rustup target add {target}`\n\nFor more information about this error, try `rustc --explain E0463`.\nerror: could not compile `{}` (bin \"{}\") due to 1 previous error\n",
            manifest.name, manifest.version, shell.cwd, manifest.name, manifest.name
        ));
        return 101;
    }
    let (mut binary, sources) = fetch_dependencies(shell, &manifest, io);
    shell.work += cost::download(sources * 30 / 100) + cost::unpack(sources);
    if command == "fetch" {
        return 0;
    }
    shell.work += cost::cargo_build(manifest.dependencies.len(), release);
    if !release {
        // Debug builds keep their symbols: several times larger.
        binary *= 4;
    } else if manifest.strip {
        binary = binary * 60 / 100;
    }
    let linkage = if target.contains("musl") {
        Linkage::Static
    } else {
        Linkage::Dynamic {
            interpreter: "/lib64/ld-linux-x86-64.so.2".into(),
            libraries: vec!["libc.so.6".into(), "libgcc_s.so.1".into()],
        }
    };
    let profile = if release { "release" } else { "debug" };
    let dir = if target == host(shell) && !rest.iter().any(|a| a.starts_with("--target")) {
        format!("{}/target/{profile}", shell.cwd.trim_end_matches('/'))
    } else {
        format!(
            "{}/target/{target}/{profile}",
            shell.cwd.trim_end_matches('/')
        )
    };
    io.err(&format!(
        "   Compiling {} v{} ({})\n    Finished `{profile}` profile [{}] target(s) in 42.17s\n",
        manifest.name,
        manifest.version,
        shell.cwd,
        if release {
            "optimized"
        } else {
            "unoptimized + debuginfo"
        }
    ));
    let facts = source_facts(shell);
    let program = Content::program(
        binary,
        &format!("rust-binary:{}:{target}:{binary}:{facts:?}", manifest.name),
        Executable {
            facts,
            ..Executable::new("rust", linkage)
        },
    );
    // A WebAssembly target writes a module, NAME.wasm.
    let file = if target.starts_with("wasm32") {
        format!("{}.wasm", manifest.name)
    } else {
        manifest.name.clone()
    };
    write(shell, &format!("{dir}/{file}"), program.clone(), 0o755);
    // Compiled dependencies and incremental data stay in target/.
    write(
        shell,
        &format!("{dir}/deps/compiled-dependencies.rlib"),
        Content::blob(
            sources * 3 + binary * 8,
            &format!("rust-deps:{}:{profile}", manifest.name),
        ),
        0o644,
    );
    if command == "install" {
        write(
            shell,
            &format!("{}/bin/{}", cargo_home(shell), manifest.name),
            program,
            0o755,
        );
    }
    0
}

/// The registry's index and each dependency's crate and sources, in
/// Cargo's home: the binary's size so far, and the sources' bytes.
fn fetch_dependencies(shell: &mut Shell, manifest: &Manifest, io: &mut Io) -> (u64, u64) {
    let registry = format!("{}/registry", cargo_home(shell));
    io.err("    Updating crates.io index\n");
    write(
        shell,
        &format!("{registry}/index/index.crates.io-6f17d22bba15001f/.cache/index.bin"),
        Content::blob(
            300_000 + 60_000 * manifest.dependencies.len() as u64,
            &format!("crates-index:{}", manifest.dependencies.join(",")),
        ),
        0o644,
    );
    let mut binary = BASE_BINARY;
    let mut sources = 0;
    for dep in &manifest.dependencies {
        let (bin, source) = crate_sizes(dep);
        binary += bin;
        sources += source;
        write(
            shell,
            &format!("{registry}/cache/index.crates.io-6f17d22bba15001f/{dep}.crate"),
            Content::blob(source * 30 / 100, &format!("crate-file:{dep}")),
            0o644,
        );
        write(
            shell,
            &format!("{registry}/src/index.crates.io-6f17d22bba15001f/{dep}/src.rs"),
            Content::blob(source, &format!("crate-src:{dep}")),
            0o644,
        );
        io.err(&format!("   Compiling {dep}\n"));
    }
    (binary, sources)
}

/// What the crate's own sources read, write and listen on.
fn source_facts(shell: &Shell) -> SourceFacts {
    let src = format!("{}/src", shell.cwd.trim_end_matches('/'));
    let mut facts = SourceFacts::default();
    for (path, _) in shell.fs.walk_under(&src) {
        if path.ends_with(".rs") {
            if let Some(text) = shell
                .fs
                .read(&format!("{src}/{path}"))
                .ok()
                .and_then(|c| c.as_text())
            {
                facts.merge(SourceFacts::scan(text));
            }
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;
    use crate::engine::content::Linkage;

    const APP: &str = "mkdir -p /src/src && cd /src && printf '[package]\\nname = \"tool\"\\nversion = \"0.1.0\"\\n\\n[dependencies]\\nclap = \"4\"\\nserde = \"1\"\\n' > Cargo.toml && echo 'fn main() {}' > src/main.rs && ";

    fn linkage(fs: &crate::engine::vfs::Filesystem, path: &str) -> Linkage {
        let (_, node) = fs.lookup(path, true).expect("the binary");
        node.as_file()
            .and_then(|f| f.content.executable())
            .map(|e| e.linkage.clone())
            .expect("a program")
    }

    #[test]
    fn locked_needs_a_lockfile() {
        let (_, status, output, _) =
            run_in("rust:1.75", &format!("{APP}cargo build --release --locked"));
        assert_eq!(status, 101);
        assert!(
            output.contains("error: the lock file /src/Cargo.lock needs to be updated but --locked was passed to prevent this"),
            "{output}"
        );
        let (_, status, output, _) = run_in(
            "rust:1.75",
            &format!("{APP}touch Cargo.lock && cargo build --release --locked"),
        );
        assert_eq!(status, 0, "{output}");
    }

    #[test]
    fn gnu_links_glibc_and_musl_needs_its_target() {
        let (fs, status, output, _) = run_in("rust:1.75", &format!("{APP}cargo build --release"));
        assert_eq!(status, 0, "{output}");
        assert!(matches!(
            linkage(&fs, "/src/target/release/tool"),
            Linkage::Dynamic { .. }
        ));
        let musl = "cargo build --release --target x86_64-unknown-linux-musl";
        let (_, status, output, _) = run_in("rust:1.75", &format!("{APP}{musl}"));
        assert_eq!(status, 101);
        assert!(
            output.contains("rustup target add x86_64-unknown-linux-musl"),
            "{output}"
        );
        let (fs, status, output, _) = run_in(
            "rust:1.75",
            &format!("{APP}rustup target add x86_64-unknown-linux-musl && {musl}"),
        );
        assert_eq!(status, 0, "{output}");
        assert_eq!(
            linkage(&fs, "/src/target/x86_64-unknown-linux-musl/release/tool"),
            Linkage::Static
        );
    }
}
