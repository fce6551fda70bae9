//! `go` (1.22): version, env, mod download, build and install (and test,
//! in `go_test`), over the sources in the build (go.mod and the .go files'
//! imports decide the result). The binary records how it links: static when cgo is off
//! (CGO_ENABLED=0, or no C compiler in the image), dynamic against the
//! image's C library when cgo is on and the program imports `net` or
//! `os/user` (net/http does). Its size grows with what it imports, and
//! `-ldflags="-s -w"` strips about a third. Module and package sizes are
//! documented approximations (see MODULES and STD below).

use std::collections::BTreeSet;

use crate::engine::content::{Content, Digest, Digester, Executable, Linkage};
use crate::engine::source_facts::SourceFacts;
use crate::engine::vfs::{split_parent, Node};

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::write_file as write;
use super::find_program;

/// Approximate bytes a module adds to a binary, and its source size in the
/// module cache; by module path prefix. Anything else: 400 kB and 1.5 MB.
const MODULES: &[(&str, u64, u64)] = &[
    ("github.com/gin-gonic/gin", 2_600_000, 9_000_000),
    ("github.com/labstack/echo", 1_800_000, 4_000_000),
    ("github.com/gofiber/fiber", 2_400_000, 6_000_000),
    ("github.com/gorilla/mux", 300_000, 600_000),
    ("github.com/go-chi/chi", 250_000, 700_000),
    ("gorm.io/gorm", 1_900_000, 3_000_000),
    ("gorm.io/driver", 900_000, 2_000_000),
    ("github.com/jackc/pgx", 2_200_000, 6_000_000),
    ("github.com/lib/pq", 700_000, 1_500_000),
    ("github.com/go-sql-driver/mysql", 800_000, 1_200_000),
    ("github.com/mattn/go-sqlite3", 2_800_000, 30_000_000),
    ("go.uber.org/zap", 900_000, 3_000_000),
    ("github.com/sirupsen/logrus", 400_000, 1_000_000),
    ("github.com/spf13/cobra", 700_000, 2_000_000),
    ("github.com/spf13/viper", 2_200_000, 4_000_000),
    ("google.golang.org/grpc", 6_500_000, 18_000_000),
    ("google.golang.org/protobuf", 3_000_000, 9_000_000),
    ("github.com/aws/aws-sdk-go-v2", 9_000_000, 60_000_000),
    ("github.com/aws/aws-sdk-go", 14_000_000, 110_000_000),
    ("github.com/redis/go-redis", 1_300_000, 3_000_000),
    ("github.com/prometheus/client_golang", 3_500_000, 8_000_000),
    ("golang.org/x/", 500_000, 6_000_000),
];

/// Approximate bytes a standard-library package adds (with what it pulls
/// in); a program that imports only `fmt` is about 2 MB.
const STD: &[(&str, u64)] = &[
    ("net/http", 5_200_000),
    ("crypto/tls", 1_800_000),
    ("net", 1_100_000),
    ("database/sql", 500_000),
    ("encoding/json", 450_000),
    ("html/template", 900_000),
    ("text/template", 500_000),
    ("regexp", 350_000),
    ("os/exec", 250_000),
    ("os/user", 150_000),
    ("log/slog", 300_000),
];

const BASE_BINARY: u64 = 2_100_000;

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let version = format!("go{}", shell.var("GOLANG_VERSION").unwrap_or("1.22.5"));
    match args.get(1).map(String::as_str) {
        Some("version") => {
            io.out(&format!("go version {version} linux/amd64\n"));
            0
        }
        Some("env") => {
            for name in &args[2..] {
                let value = match name.as_str() {
                    "GOPATH" => gopath(shell),
                    "GOCACHE" => cache_dir(shell),
                    "GOOS" => "linux".into(),
                    "GOARCH" => "amd64".into(),
                    "CGO_ENABLED" => if cgo(shell) { "1" } else { "0" }.into(),
                    "GOVERSION" => version.clone(),
                    other => shell.var(other).unwrap_or_default().to_string(),
                };
                io.out(&format!("{value}\n"));
            }
            0
        }
        Some("mod") => match args.get(2).map(String::as_str) {
            Some("download") => mod_download(shell, io),
            Some("tidy" | "verify" | "vendor") => {
                shell.note(format!(
                    "{}: not simulated; assumed to succeed with no file changes",
                    args.join(" ")
                ));
                0
            }
            _ => {
                io.err("go mod: unknown command\nRun 'go help mod' for usage.\n");
                2
            }
        },
        Some("build") => build(shell, &args[2..], false, io),
        Some("install") => build(shell, &args[2..], true, io),
        Some("test") => super::go_test::run(shell, args, io),
        Some("clean") => {
            // -cache and -modcache empty the caches; the rest removes
            // object files go build no longer leaves.
            if args.iter().any(|a| a == "-cache" || a == "--cache") {
                let cache = cache_dir(shell);
                let _ = shell.fs.remove(&cache);
                let _ = shell.fs.mkdir_all(&cache, crate::engine::vfs::Meta::dir());
            }
            if args.iter().any(|a| a == "-modcache" || a == "--modcache") {
                let _ = shell.fs.remove(&format!("{}/pkg/mod", gopath(shell)));
            }
            0
        }
        Some(other) => {
            shell.note(format!(
                "go {other}: not simulated; assumed to succeed with no file changes"
            ));
            0
        }
        None => {
            io.err("Go is a tool for managing Go source code.\n\nUsage:\n\n\tgo <command> [arguments]\n");
            2
        }
    }
}

fn gopath(shell: &Shell) -> String {
    shell
        .var("GOPATH")
        .map(String::from)
        .unwrap_or_else(|| format!("{}/go", shell.var("HOME").unwrap_or("/root")))
}

fn cache_dir(shell: &Shell) -> String {
    shell
        .var("GOCACHE")
        .map(String::from)
        .unwrap_or_else(|| format!("{}/.cache/go-build", shell.var("HOME").unwrap_or("/root")))
}

/// cgo is on unless CGO_ENABLED=0, and only where a C compiler is found.
fn cgo(shell: &Shell) -> bool {
    match shell.var("CGO_ENABLED") {
        Some("0") => false,
        Some("1") => true,
        _ => find_program(shell, "gcc").is_some() || find_program(shell, "cc").is_some(),
    }
}

/// The go.mod above the working directory: its directory and text.
pub(super) fn find_go_mod(shell: &Shell) -> Option<(String, String)> {
    let mut dir = shell.cwd.clone();
    loop {
        let path = format!("{}/go.mod", dir.trim_end_matches('/'));
        if let Some(text) = shell.fs.read(&path).ok().and_then(|c| c.as_text()) {
            return Some((dir, text.to_string()));
        }
        if dir == "/" {
            return None;
        }
        dir = split_parent(&dir).0.to_string();
    }
}

/// Whether go builds in module mode without a go.mod: `GO111MODULE=off`
/// never; unset or `auto`, from Go 1.16 on (before it, a directory with
/// no go.mod is built in GOPATH mode).
fn modules_on(shell: &Shell) -> bool {
    match shell.var("GO111MODULE").unwrap_or("") {
        "off" => false,
        "on" => true,
        _ => {
            let version = shell.var("GOLANG_VERSION").unwrap_or("1.22");
            let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
            let (major, minor) = (parts.next().unwrap_or(1), parts.next().unwrap_or(22));
            (major, minor) >= (1, 16)
        }
    }
}

pub(super) fn no_go_mod(io: &mut Io) -> i32 {
    io.err("go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n");
    1
}

/// `module path`, and `require` lines (one-line and block forms).
pub(super) fn parse_go_mod(text: &str) -> (String, Vec<(String, String)>) {
    let mut module = String::new();
    let mut requires = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or_default().trim();
        if let Some(m) = line.strip_prefix("module ") {
            module = m.trim().trim_matches('"').to_string();
        } else if line.starts_with("require (") {
            in_block = true;
        } else if in_block && line == ")" {
            in_block = false;
        } else {
            let spec = if in_block {
                Some(line)
            } else {
                line.strip_prefix("require ")
            };
            if let Some(spec) = spec {
                let mut words = spec.split_whitespace();
                if let (Some(path), Some(version)) = (words.next(), words.next()) {
                    requires.push((path.to_string(), version.to_string()));
                }
            }
        }
    }
    (module, requires)
}

fn module_sizes(path: &str) -> (u64, u64) {
    MODULES
        .iter()
        .find(|(prefix, _, _)| path.starts_with(prefix))
        .map_or((400_000, 1_500_000), |(_, binary, source)| {
            (*binary, *source)
        })
}

fn mod_download(shell: &mut Shell, io: &mut Io) -> i32 {
    let Some((_, text)) = find_go_mod(shell) else {
        return no_go_mod(io);
    };
    let (_, requires) = parse_go_mod(&text);
    let root = format!("{}/pkg/mod", gopath(shell));
    for (path, version) in &requires {
        let (_, source) = module_sizes(path);
        shell.work += cost::download(source * 35 / 100) + cost::unpack(source);
        let lower = path.to_lowercase();
        write(
            shell,
            &format!("{root}/cache/download/{lower}/@v/{version}.zip"),
            Content::blob(source * 35 / 100, &format!("go-mod-zip:{path}@{version}")),
            0o644,
        );
        write(
            shell,
            &format!("{root}/cache/download/{lower}/@v/{version}.mod"),
            Content::blob(600, &format!("go-mod:{path}@{version}")),
            0o644,
        );
        // Module sources are read-only once extracted.
        write(
            shell,
            &format!("{root}/{lower}@{version}/source.go"),
            Content::blob(source, &format!("go-src:{path}@{version}")),
            0o444,
        );
    }
    0
}

/// The imports of the .go files in `dir` (tests left out).
/// The package's Go files: how many, what they import, and what they
/// say the program reads, writes and listens on.
fn imports(shell: &Shell, dir: &str, recursive: bool) -> Compiled {
    imports_in(shell, &source_files(shell, dir, recursive))
}

/// The package's .go files in `dir` (or under it), tests and vendor/ left
/// out.
pub(super) fn source_files(shell: &Shell, dir: &str, recursive: bool) -> Vec<String> {
    let entries: Vec<String> = if recursive {
        shell
            .fs
            .walk_under(dir)
            .into_iter()
            .map(|(p, _)| format!("{}/{p}", dir.trim_end_matches('/')))
            .collect()
    } else {
        shell
            .fs
            .resolve(dir, true)
            .ok()
            .and_then(|d| shell.fs.get(&d).and_then(Node::as_dir).cloned())
            .map(|d| {
                d.entries
                    .keys()
                    .map(|k| format!("{}/{k}", dir.trim_end_matches('/')))
                    .collect()
            })
            .unwrap_or_default()
    };
    entries
        .into_iter()
        .filter(|p| p.ends_with(".go") && !p.ends_with("_test.go") && !p.contains("/vendor/"))
        .collect()
}

/// What compiling some Go files reads from them: how many there are,
/// their imports and facts, and their contents' identity (a Go binary's
/// build ID hashes its sources, so any edit gives another binary).
type Compiled = (usize, BTreeSet<String>, SourceFacts, Digest);

/// The imports and facts of these Go files (and how many there are).
fn imports_in(shell: &Shell, sources: &[String]) -> Compiled {
    let mut files = 0;
    let mut found = BTreeSet::new();
    let mut facts = SourceFacts::default();
    let mut digest = Digester::new();
    for path in sources {
        files += 1;
        let Some(content) = shell.fs.read(path).ok() else {
            continue;
        };
        digest.part(path).part(&content.digest().to_string());
        let Some(text) = content.as_text() else {
            continue;
        };
        facts.merge(SourceFacts::scan(text));
        let mut in_block = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("import (") {
                in_block = true;
                continue;
            }
            if in_block && line.starts_with(')') {
                in_block = false;
                continue;
            }
            let spec = if in_block {
                Some(line)
            } else {
                line.strip_prefix("import ")
            };
            if let Some(spec) = spec {
                if let Some(start) = spec.find('"') {
                    if let Some(end) = spec[start + 1..].find('"') {
                        found.insert(spec[start + 1..start + 1 + end].to_string());
                    }
                }
            }
        }
    }
    (files, found, facts, digest.finish())
}

/// What `go build` was asked: the output (`-o`), whether the symbols are
/// stripped (`-ldflags "-s -w"`), and the packages or files.
fn build_flags(args: &[String]) -> (Option<String>, bool, Vec<String>) {
    let mut output: Option<String> = None;
    let mut stripped = false;
    let mut packages = Vec::new();
    // Go's flags may be written with one dash or two.
    let args: Vec<String> = args
        .iter()
        .map(|a| match a.strip_prefix("--") {
            Some(flag) if !flag.is_empty() => format!("-{flag}"),
            _ => a.clone(),
        })
        .collect();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-o" => output = rest.next().cloned(),
            a if a.starts_with("-o=") => output = Some(a[3..].to_string()),
            "-ldflags" => {
                if let Some(flags) = rest.next() {
                    stripped |= flags.contains("-s") || flags.contains("-w");
                }
            }
            a if a.starts_with("-ldflags=") => stripped |= a.contains("-s") || a.contains("-w"),
            // The flags that take a value (when not written `-flag=value`).
            "-tags" | "-gcflags" | "-asmflags" | "-mod" | "-p" | "-C" | "-installsuffix"
            | "-pkgdir" | "-buildmode" | "-compiler" | "-gccgoflags" | "-modfile" | "-overlay"
            | "-pgo" | "-toolexec" | "-exec" => {
                rest.next();
            }
            a if a.starts_with('-') => {}
            a => packages.push(a.to_string()),
        }
    }
    (output, stripped, packages)
}

fn build(shell: &mut Shell, args: &[String], install: bool, io: &mut Io) -> i32 {
    let (output, stripped, packages) = build_flags(args);
    // `go install module/cmd@version` builds outside any module.
    let remote = packages.iter().find(|p| p.contains('@')).cloned();
    if let Some(spec) = remote {
        let (path, _) = spec.split_once('@').unwrap_or((&spec, ""));
        let name = path.rsplit('/').next().unwrap_or("main").to_string();
        let (binary, _) = module_sizes(path);
        let size = BASE_BINARY + binary + 4_000_000;
        let bin = format!("{}/bin/{name}", gopath(shell));
        let linkage = Linkage::Static;
        shell.work += cost::download(binary) + cost::go_build(20, 1);
        write_program(shell, &bin, size, &spec, Executable::new("go", linkage));
        return 0;
    }
    // `go build main.go util.go`: those files, as the package
    // `command-line-arguments`, in a module or (standard library only)
    // outside one.
    let named_files: Vec<String> = packages
        .iter()
        .filter(|p| p.ends_with(".go"))
        .map(|p| shell.path(p))
        .collect();
    let (module_dir, text) = match find_go_mod(shell) {
        Some(found) => found,
        None if !named_files.is_empty() => {
            (shell.cwd.clone(), "module command-line-arguments\n".into())
        }
        // GOPATH mode: the package is the directory, named after it.
        None if !modules_on(shell) => {
            let name = shell
                .cwd
                .rsplit('/')
                .find(|p| !p.is_empty())
                .unwrap_or("main");
            (shell.cwd.clone(), format!("module {name}\n"))
        }
        None => return no_go_mod(io),
    };
    let (module, requires) = parse_go_mod(&text);
    let target = packages.first().cloned().unwrap_or_else(|| ".".into());
    let recursive = target.ends_with("/...");
    let dir = shell.path(target.trim_end_matches("/..."));
    let (files, imported, facts, sources) = if named_files.is_empty() {
        imports(shell, &dir, recursive)
    } else {
        if let Some(absent) = named_files.iter().find(|f| !shell.fs.exists(f)) {
            let shown = absent.rsplit('/').next().unwrap_or(absent);
            io.err(&format!("no required module provides package {shown}: go.mod file not found in current directory or any parent directory; see 'go help modules'\n"));
            return 1;
        }
        imports_in(shell, &named_files)
    };
    if files == 0 {
        io.err(&format!("no Go files in {dir}\n"));
        return 1;
    }
    // Third-party imports must be required by go.mod, and their modules'
    // sums be in go.sum.
    let files = if named_files.is_empty() {
        source_files(shell, &dir, recursive)
    } else {
        named_files.clone()
    };
    let flags_mod = args
        .iter()
        .chain(shell.var("GOFLAGS").map(String::from).iter())
        .any(|a| a.contains("-mod=mod"));
    if let Some(error) = super::go_sum::unresolved_import(
        shell,
        &super::go_sum::Module {
            dir: &module_dir,
            path: &module,
            requires: &requires,
            may_update: flags_mod || !named_files.is_empty() && find_go_mod(shell).is_none(),
        },
        &imported,
        &files,
    ) {
        io.err(&error);
        return 1;
    }
    // `go build ./...` checks that everything compiles and writes nothing.
    if recursive && output.is_none() && !install {
        return 0;
    }
    let mut size = BASE_BINARY;
    let (mut std_packages, mut modules) = (0, 0);
    for (package, weight) in STD {
        if imported.iter().any(|i| i == package) {
            size += weight;
            std_packages += 1;
        }
    }
    for (path, _) in &requires {
        if imported.iter().any(|i| i.starts_with(path.as_str())) {
            size += module_sizes(path).0;
            modules += 1;
        }
    }
    shell.work += cost::go_build(std_packages, modules);
    if stripped {
        size = size * 70 / 100;
    }
    let uses_net = imported
        .iter()
        .any(|i| i == "net" || i.starts_with("net/") || i == "os/user");
    let linkage = linkage(shell, uses_net);
    let name = if let Some(first) = named_files.first() {
        // Named after the first file: `go build main.go` writes `main`.
        split_parent(first).1.trim_end_matches(".go").to_string()
    } else if target == "." || recursive {
        module.rsplit('/').next().unwrap_or("main").to_string()
    } else {
        split_parent(&dir).1.to_string()
    };
    let path = match (&output, install) {
        (Some(o), _) => {
            let o = shell.path(o);
            if shell.fs.is_dir(&o) {
                format!("{}/{name}", o.trim_end_matches('/'))
            } else {
                o
            }
        }
        (None, true) => format!("{}/bin/{name}", gopath(shell)),
        (None, false) => format!("{}/{name}", shell.cwd.trim_end_matches('/')),
    };
    write_program(
        shell,
        &path,
        size,
        &format!("{module}:{}:{facts:?}:{sources}", imported.len()),
        Executable {
            facts,
            ..Executable::new("go", linkage)
        },
    );
    fill_build_cache(shell, &path, size);
    0
}

/// Static, unless cgo is on and the program uses the network (Go's
/// resolver then links the C library).
fn linkage(shell: &Shell, uses_net: bool) -> Linkage {
    if cgo(shell) && uses_net {
        let musl = shell.fs.exists("/lib/ld-musl-x86_64.so.1");
        Linkage::Dynamic {
            interpreter: if musl {
                "/lib/ld-musl-x86_64.so.1".into()
            } else {
                "/lib64/ld-linux-x86-64.so.2".into()
            },
            libraries: vec![if musl {
                "libc.musl-x86_64.so.1".into()
            } else {
                "libc.so.6".into()
            }],
        }
    } else {
        Linkage::Static
    }
}

/// The build cache keeps compiled packages: its README, and an entry
/// about nine times the program.
pub(super) fn fill_build_cache(shell: &mut Shell, path: &str, size: u64) {
    let cache = cache_dir(shell);
    write(
        shell,
        &format!("{cache}/README"),
        Content::text("This directory holds cached build artifacts from the Go build system.\nRun \"go clean -cache\" if the directory is getting too large.\nRun \"go clean -fuzzcache\" to delete the fuzz cache.\nSee golang.org to learn more about Go.\n"),
        0o644,
    );
    write(
        shell,
        &format!(
            "{cache}/00/{}-d",
            crate::engine::content::Digest::of(path.as_bytes())
        ),
        Content::blob(size * 9, &format!("go-build-cache:{path}")),
        0o644,
    );
}

fn write_program(shell: &mut Shell, path: &str, size: u64, identity: &str, program: Executable) {
    let content = Content::program(size, &format!("go-binary:{identity}:{size}"), program);
    write(shell, path, content, 0o755);
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;
    use crate::engine::content::Linkage;

    const APP: &str = "mkdir -p /src && cd /src && printf 'module example.com/server\\n\\ngo 1.22\\n\\nrequire github.com/gin-gonic/gin v1.10.0\\n' > go.mod && printf 'package main\\n\\nimport (\\n\\t\"net/http\"\\n\\t\"github.com/gin-gonic/gin\"\\n)\\n\\nfunc main() { _ = http.StatusOK; gin.Default() }\\n' > main.go && printf 'github.com/gin-gonic/gin v1.10.0 h1:nTuyha1TYqgedzytsKYqna+DfLos46nTv2ygFy86HFU=\\n' > go.sum && ";

    fn linkage(fs: &crate::engine::vfs::Filesystem, path: &str) -> Linkage {
        let (_, node) = fs.lookup(path, true).expect("the binary");
        node.as_file()
            .and_then(|f| f.content.executable())
            .map(|e| e.linkage.clone())
            .expect("a program")
    }

    #[test]
    fn cgo_decides_the_linkage() {
        let (fs, status, output, _) = run_in(
            "golang:1.22",
            &format!("{APP}go mod download && go build -o /out/server ."),
        );
        assert_eq!(status, 0, "{output}");
        assert!(matches!(
            linkage(&fs, "/out/server"),
            Linkage::Dynamic { .. }
        ));
        assert!(fs.exists("/go/pkg/mod/github.com/gin-gonic/gin@v1.10.0/source.go"));
        let (fs, status, output, _) = run_in(
            "golang:1.22",
            &format!("{APP}CGO_ENABLED=0 go build -ldflags='-s -w' -o /out/server ."),
        );
        assert_eq!(status, 0, "{output}");
        assert_eq!(linkage(&fs, "/out/server"), Linkage::Static);
        let size = fs.read("/out/server").unwrap().size();
        assert!((5_000_000..12_000_000).contains(&size), "{size}");
    }

    #[test]
    fn build_all_packages_checks_and_writes_nothing() {
        let (fs, status, output, _) = run_in(
            "golang:1.22",
            &format!("{APP}mkdir -p cmd/tool && printf 'package main\\nimport \"fmt\"\\nfunc main() {{ fmt.Println() }}\\n' > cmd/tool/main.go && go build ./... && go build -o /out/tool ./cmd/tool"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(!fs.exists("/src/server"));
        let size = fs.read("/out/tool").unwrap().size();
        assert!(size < 3_000_000, "{size}");
    }

    #[test]
    fn files_named_on_the_command_line_build_in_or_outside_a_module() {
        let hello = "printf 'package main\\nimport \"net/http\"\\nfunc main() { http.ListenAndServe(\":80\", nil) }\\n'";
        let (fs, status, output, _) = run_in(
            "golang:1.22",
            &format!("{APP}{hello} > main.go && go build -o bin/backend main.go"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.read("/src/bin/backend").unwrap().size() > 1_000_000);
        // Outside a module: the standard library only; named after the file.
        let (fs, status, output, _) = run_in(
            "golang:1.22",
            &format!("mkdir /x && cd /x && {hello} > hello.go && go build hello.go"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/x/hello"));
        let (_, status, output, _) =
            run_in("golang:1.22", "mkdir /x && cd /x && go build nothere.go");
        assert_eq!(status, 1);
        assert!(output.contains("nothere.go"), "{output}");
    }

    #[test]
    fn go_needs_its_module() {
        let (_, status, output, _) = run_in("golang:1.22", "mkdir /x && cd /x && go build .");
        assert_eq!(status, 1);
        assert!(output.contains("go: go.mod file not found"), "{output}");
        let (_, status, output, _) = run_in("debian:bookworm", "go version");
        assert_eq!(status, 127, "{output}");
    }

    #[test]
    fn a_glibc_binary_does_not_start_on_alpine() {
        let (fs, status, output, _) =
            run_in("golang:1.22", &format!("{APP}go build -o /out/server ."));
        assert_eq!(status, 0, "{output}");
        let binary = fs.lookup("/out/server", true).unwrap().1.clone();
        let (mut alpine, ..) = run_in("alpine:3.19", "true");
        alpine
            .mkdir_all("/app", crate::engine::vfs::Meta::dir())
            .unwrap();
        alpine.put("/app/server", binary).unwrap();
        let mut io = crate::engine::shell::state::Io::default();
        let mut sh = crate::engine::shell::state::Shell::new(
            &mut alpine,
            crate::engine::catalog::builtin(),
            crate::engine::catalog::ShellFlavor::Ash,
            "/bin/sh",
        );
        let status = sh.run_script("/app/server", &mut io).status();
        assert_eq!(status, 127);
        assert_eq!(
            String::from_utf8_lossy(&io.stderr),
            "/bin/sh: /app/server: not found\n"
        );
    }
}
