//! `curl` and `wget`: no network is reached. A URL in the table of
//! well-known downloads (KNOWN) gets its real size, and what it is: an
//! install script, a program, or an archive whose files `tar` unpacks.
//! Any other URL gets a placeholder of PLACEHOLDER bytes and a warning.
//! HTTPS needs the image's CA bundle, as curl and GNU wget do.

use crate::engine::content::{Content, Executable, Linkage};
use crate::engine::vfs::{split_parent, Node};

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::{busybox, write_file};

/// What a download is.
#[derive(Clone, Copy)]
enum Kind {
    /// A shell script, with a short text standing in for its body.
    Script(&'static str),
    /// A program; static or linked against glibc.
    Program {
        language: &'static str,
        static_: bool,
    },
    /// A tar archive: its files, relative to the archive's root.
    Archive(&'static [Item]),
    /// Anything else (a zip, a jar).
    File,
}

/// A file of a known archive.
#[derive(Clone, Copy)]
pub enum Item {
    /// A file of this size, not simulated byte by byte.
    File(&'static str, u64),
    /// A small file with its text.
    Text(&'static str, &'static str),
    /// A symbolic link and its target.
    Link(&'static str, &'static str),
}

struct Download {
    /// The URL, with `*` for any run of characters (versions).
    pattern: &'static str,
    size: u64,
    kind: Kind,
}

const GO_TREE: &[Item] = &[
    Item::File("go/bin/go", 14_700_000),
    Item::File("go/bin/gofmt", 3_200_000),
    Item::File("go/pkg/tool/linux_amd64/compile", 20_000_000),
    Item::File("go/pkg/tool/linux_amd64/link", 6_400_000),
    Item::File("go/pkg/tool/linux_amd64/other-tools", 74_000_000),
    Item::File("go/src/standard-library.go", 95_000_000),
    Item::File("go/test/tests.go", 14_000_000),
    Item::File("go/misc/misc", 3_200_000),
    Item::File("go/api/api.txt", 1_200_000),
    Item::File("go/lib/time/zoneinfo.zip", 400_000),
];

const NODE_TREE: &[Item] = &[
    Item::File("node/bin/node", 96_400_000),
    Item::Link("node/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js"),
    Item::Link("node/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js"),
    Item::Text(
        "node/lib/node_modules/npm/bin/npm-cli.js",
        "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n",
    ),
    Item::Text(
        "node/lib/node_modules/npm/bin/npx-cli.js",
        "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n",
    ),
    Item::File(
        "node/lib/node_modules/npm/node_modules/dependencies.js",
        11_000_000,
    ),
    Item::File("node/include/node/headers.h", 5_600_000),
    Item::File("node/share/doc/node/doc.md", 400_000),
];

const MAVEN_TREE: &[Item] = &[
    Item::Text(
        "apache-maven/bin/mvn",
        "#!/bin/sh\n# Apache Maven startup script\n",
    ),
    Item::File("apache-maven/lib/maven-libraries.jar", 9_800_000),
    Item::File("apache-maven/boot/plexus-classworlds.jar", 52_000),
];

const KNOWN: &[Download] = &[
    Download {
        pattern: "https://dl.google.com/go/go*.linux-amd64.tar.gz",
        size: 68_900_000,
        kind: Kind::Archive(GO_TREE),
    },
    Download {
        pattern: "https://go.dev/dl/go*.linux-amd64.tar.gz",
        size: 68_900_000,
        kind: Kind::Archive(GO_TREE),
    },
    Download {
        pattern: "https://nodejs.org/dist/v*/node-v*-linux-x64.tar.xz",
        size: 25_300_000,
        kind: Kind::Archive(NODE_TREE),
    },
    Download {
        pattern: "https://nodejs.org/dist/v*/node-v*-linux-x64.tar.gz",
        size: 46_900_000,
        kind: Kind::Archive(NODE_TREE),
    },
    Download {
        pattern: "https://*apache.org/*maven-3/*/binaries/apache-maven-*-bin.tar.gz",
        size: 9_100_000,
        kind: Kind::Archive(MAVEN_TREE),
    },
    Download {
        pattern: "https://services.gradle.org/distributions/gradle-*-bin.zip",
        size: 134_000_000,
        kind: Kind::File,
    },
    Download {
        pattern: "https://sh.rustup.rs",
        size: 24_000,
        kind: Kind::Script("#!/bin/sh\n# rustup-init.sh: downloads rustup-init for this platform and runs it\necho 'info: downloading installer'\n"),
    },
    Download {
        pattern: "https://static.rust-lang.org/rustup/*/x86_64-unknown-linux-gnu/rustup-init",
        size: 15_600_000,
        kind: Kind::Program { language: "rust", static_: false },
    },
    Download {
        pattern: "https://bootstrap.pypa.io/get-pip.py",
        size: 2_650_000,
        kind: Kind::File,
    },
    Download {
        pattern: "https://astral.sh/uv/*install.sh",
        size: 58_000,
        kind: Kind::Script("#!/bin/sh\n# uv's installer: the uv and uvx binaries (0.5.11, x86_64 musl) into UV_INSTALL_DIR, XDG_BIN_HOME or ~/.local/bin\ndir=\"${UV_INSTALL_DIR:-${XDG_BIN_HOME:-${HOME:-/root}/.local/bin}}\"\necho \"downloading uv 0.5.11 x86_64-unknown-linux-musl\"\nmkdir -p \"$dir\"\ntruncate -s 36700000 \"$dir/uv\"\ntruncate -s 340000 \"$dir/uvx\"\nchmod 755 \"$dir/uv\" \"$dir/uvx\"\necho \"installing to $dir\"\necho \"  uv\"\necho \"  uvx\"\necho \"everything's installed!\"\n"),
    },
    Download {
        pattern: "https://raw.githubusercontent.com/WasmEdge/WasmEdge/*/utils/install.sh",
        size: 31_000,
        kind: Kind::Script("#!/bin/bash\n# WasmEdge's installer: wasmedge, its AOT compiler wasmedgec and libwasmedge into ~/.wasmedge (0.13.5, manylinux2014 x86_64)\ndir=\"${HOME:-/root}/.wasmedge\"\necho \"Installing WasmEdge-0.13.5 in $dir\"\nmkdir -p \"$dir/bin\" \"$dir/lib\" \"$dir/include/wasmedge\"\ntruncate -s 48000 \"$dir/bin/wasmedge\"\ntruncate -s 40000 \"$dir/bin/wasmedgec\"\ntruncate -s 45300000 \"$dir/lib/libwasmedge.so.0.0.3\"\ntruncate -s 210000 \"$dir/include/wasmedge/wasmedge.h\"\nchmod 755 \"$dir/bin/wasmedge\" \"$dir/bin/wasmedgec\"\necho \"source $dir/env\" >> \"${HOME:-/root}/.bashrc\"\nprintf 'export PATH=\"%s/bin:$PATH\"\\n' \"$dir\" > \"$dir/env\"\n"),
    },
    Download {
        pattern: "https://install.python-poetry.org*",
        size: 30_000,
        kind: Kind::File,
    },
    Download {
        pattern: "https://deb.nodesource.com/setup_*",
        size: 12_000,
        kind: Kind::Script("#!/bin/bash\n# NodeSource's setup script: adds its apt repository, then updates the lists\necho 'Repository configured successfully.'\napt-get update\n"),
    },
    Download {
        pattern: "https://get.docker.com*",
        size: 22_000,
        kind: Kind::Script("#!/bin/sh\n# get-docker.sh (Docker's convenience script)\necho '# Executing docker install script'\n"),
    },
    Download {
        pattern: "https://raw.githubusercontent.com/nvm-sh/nvm/*/install.sh",
        size: 16_500,
        kind: Kind::Script("#!/usr/bin/env bash\n# nvm's installer: clones nvm into ~/.nvm\necho '=> Downloading nvm as script to ~/.nvm'\n"),
    },
    Download {
        pattern: "https://dot.net/v1/dotnet-install.sh",
        size: 62_000,
        kind: Kind::Script("#!/usr/bin/env bash\n# dotnet-install.sh: downloads a .NET SDK or runtime\necho 'dotnet-install: Note that the intended use of this script is for Continuous Integration (CI) scenarios'\n"),
    },
    Download {
        pattern: "https://github.com/krallin/tini/releases/download/*/tini-static*",
        size: 880_000,
        kind: Kind::Program { language: "c", static_: true },
    },
    Download {
        pattern: "https://github.com/krallin/tini/releases/download/*/tini*",
        size: 24_000,
        kind: Kind::Program { language: "c", static_: false },
    },
    Download {
        pattern: "https://dl.k8s.io/release/*/bin/linux/amd64/kubectl",
        size: 49_600_000,
        kind: Kind::Program { language: "go", static_: true },
    },
    Download {
        pattern: "https://github.com/grpc-ecosystem/grpc-health-probe/releases/download/*/grpc_health_probe-linux-amd64",
        size: 12_400_000,
        kind: Kind::Program { language: "go", static_: true },
    },
];

/// The size of a URL not in KNOWN.
pub const PLACEHOLDER: u64 = 1_000_000;

/// What stands in for a download written to standard output, so that a
/// `tar` or `sh` reading the pipe knows what it received.
const MARKER: &str = "\u{0}stagecraft-download ";

fn matches(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            let Some(rest) = text.strip_prefix(head) else {
                return false;
            };
            (0..=rest.len())
                .filter(|&i| rest.is_char_boundary(i))
                .any(|i| matches(tail, &rest[i..]))
        }
    }
}

fn known(url: &str) -> Option<&'static Download> {
    KNOWN.iter().find(|d| matches(d.pattern, url))
}

fn identity(url: &str) -> String {
    format!("download:{url}")
}

/// The file a download becomes.
fn content(url: &str) -> Content {
    match known(url) {
        Some(Download {
            kind: Kind::Script(text),
            ..
        }) => Content::text(text),
        Some(Download {
            size,
            kind: Kind::Program { language, static_ },
            ..
        }) => Content::program(
            *size,
            &identity(url),
            Executable::new(
                language,
                if *static_ {
                    Linkage::Static
                } else {
                    Linkage::Dynamic {
                        interpreter: "/lib64/ld-linux-x86-64.so.2".into(),
                        libraries: vec!["libc.so.6".into()],
                    }
                },
            ),
        ),
        Some(d) => Content::download(d.size, url),
        None => Content::download(PLACEHOLDER, url),
    }
}

fn warn_unknown(shell: &mut Shell, program: &str, url: &str) {
    if known(url).is_none() {
        shell.note(format!(
            "{program} {url}: not in Stagecraft's table of known downloads; a {} MB placeholder stands in",
            PLACEHOLDER / 1_000_000
        ));
    }
}

/// Whether a URL is an install script (`install.sh`, `get.docker.com`,
/// `sh.rustup.rs`, `…/install`): what `curl URL | sh` pipes into a shell.
fn looks_like_installer(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url).to_lowercase();
    let host = host_of(url).to_lowercase();
    path.ends_with(".sh")
        || path.ends_with("/install")
        || path.ends_with("/installer")
        || host.starts_with("get.")
        || host.starts_with("sh.")
        || host.starts_with("install.")
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', ':', '?']).next().unwrap_or(rest)
}

fn has_ca_bundle(shell: &Shell) -> bool {
    let file = shell
        .var("SSL_CERT_FILE")
        .unwrap_or("/etc/ssl/certs/ca-certificates.crt")
        .to_string();
    shell.fs.exists(&file)
}

/// The name `-O` or wget gives a URL's file.
fn remote_name(url: &str) -> String {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    match path.split_once('/') {
        Some((_, p)) if !p.is_empty() && !p.ends_with('/') => split_parent(p).1.to_string(),
        _ => "index.html".to_string(),
    }
}

/// Writes a download to `path`, or to standard output.
fn deliver(shell: &mut Shell, url: &str, path: Option<&str>, io: &mut Io) -> Result<(), String> {
    let content = content(url);
    shell.work += cost::download(content.size());
    match path {
        None | Some("-") => {
            match content.as_text() {
                Some(text) => io.out(text),
                // An installer Stagecraft does not know, piped to a shell:
                // a script that installs nothing stands in.
                None if known(url).is_none() && looks_like_installer(url) => {
                    shell.note(format!(
                        "{url}: an installer Stagecraft does not know; it stands in as a script that installs nothing (the image lacks what it would install, and its size)"
                    ));
                    io.out(&format!(
                        "#!/bin/sh\n# stagecraft: {url} is not simulated; nothing is installed\n:\n"
                    ));
                }
                None => io.out(&format!("{MARKER}{url}\n")),
            }
            Ok(())
        }
        Some(path) => {
            let full = shell.path(path);
            let parent = split_parent(&full).0;
            let is_dir = parent.is_empty()
                || parent == "/"
                || matches!(shell.fs.lookup(parent, true), Ok((_, Node::Dir(_))));
            if !is_dir {
                return Err(format!("{path}: No such file or directory"));
            }
            // Downloads are not executable until a chmod.
            write_file(shell, &full, content, 0o644);
            Ok(())
        }
    }
}

/// Options of curl that take a value.
const CURL_VALUES: &str = "oHXduAwmeCxrTKEbcDFUzQ";

pub fn curl(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut urls = Vec::new();
    let mut output: Option<String> = None;
    let (mut remote, mut silent, mut show_error, mut insecure, mut create_dirs) =
        (false, false, false, false, false);
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--output" => output = rest.next().cloned(),
            "--remote-name" => remote = true,
            "--silent" => silent = true,
            "--show-error" => show_error = true,
            "--insecure" => insecure = true,
            "--create-dirs" => create_dirs = true,
            "--version" | "-V" => {
                io.out("curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.13\n");
                return 0;
            }
            a if a.starts_with("--") => {
                if matches!(
                    a,
                    "--header"
                        | "--request"
                        | "--data"
                        | "--user"
                        | "--user-agent"
                        | "--write-out"
                        | "--max-time"
                        | "--retry"
                        | "--retry-delay"
                        | "--connect-timeout"
                        | "--proto"
                        | "--cacert"
                        | "--proxy"
                        | "--range"
                        | "--url"
                ) {
                    let value = rest.next();
                    if a == "--url" {
                        urls.extend(value.cloned());
                    }
                }
            }
            a if a.starts_with('-') && a.len() > 1 => {
                let letters: Vec<char> = a[1..].chars().collect();
                for (i, c) in letters.iter().enumerate() {
                    match c {
                        'O' => remote = true,
                        's' => silent = true,
                        'S' => show_error = true,
                        'k' => insecure = true,
                        c if CURL_VALUES.contains(*c) => {
                            let tail: String = letters[i + 1..].iter().collect();
                            let value = if tail.is_empty() {
                                rest.next().cloned()
                            } else {
                                Some(tail)
                            };
                            if *c == 'o' {
                                output = value;
                            }
                            break;
                        }
                        _ => {}
                    }
                }
            }
            _ => urls.push(arg.clone()),
        }
    }
    let Some(url) = urls.first().cloned() else {
        io.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
        return 2;
    };
    let speak = !silent || show_error;
    if url.starts_with("https://") && !insecure && !has_ca_bundle(shell) {
        if speak {
            io.err(
                "curl: (77) error setting certificate file: /etc/ssl/certs/ca-certificates.crt\n",
            );
        }
        return 77;
    }
    let path = if remote {
        Some(remote_name(&url))
    } else {
        output
    };
    // An installer written to standard output says what it stands in for
    // as it is delivered.
    if !(matches!(path.as_deref(), None | Some("-")) && looks_like_installer(&url)) {
        warn_unknown(shell, "curl", &url);
    }
    if create_dirs {
        if let Some(p) = &path {
            let dir = split_parent(&shell.path(p)).0.to_string();
            let meta = shell.new_meta(0o755);
            let _ = shell.fs.mkdir_all(&dir, meta);
        }
    }
    match deliver(shell, &url, path.as_deref(), io) {
        Ok(()) => 0,
        Err(message) => {
            if speak {
                io.err(&format!(
                    "Warning: Failed to open the file {message}\ncurl: (23) Failure writing output to destination\n"
                ));
            }
            23
        }
    }
}

pub fn wget(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut urls = Vec::new();
    let mut output: Option<String> = None;
    let mut prefix: Option<String> = None;
    let (mut quiet, mut insecure) = (false, false);
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-O" | "--output-document" => output = rest.next().cloned(),
            "-P" | "--directory-prefix" => prefix = rest.next().cloned(),
            "-q" | "--quiet" | "-nv" | "--no-verbose" => quiet = true,
            "--no-check-certificate" => insecure = true,
            "-T" | "-t" | "--header" | "-U" | "--user-agent" => {
                rest.next();
            }
            "--version" | "-V" => {
                io.out("GNU Wget 1.21.3 built on linux-gnu.\n");
                return 0;
            }
            a if a.starts_with("--output-document=") => output = Some(a[18..].to_string()),
            a if a.starts_with("-O") && a.len() > 2 => output = Some(a[2..].to_string()),
            a if a.starts_with('-') => {
                if a.contains('q') && !a.starts_with("--") {
                    quiet = true;
                }
            }
            _ => urls.push(arg.clone()),
        }
    }
    let Some(url) = urls.first().cloned() else {
        io.err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
        return 1;
    };
    if url.starts_with("https://") && !insecure && !busybox(shell) && !has_ca_bundle(shell) {
        let host = host_of(&url);
        io.err(&format!(
            "ERROR: The certificate of ‘{host}’ is not trusted.\nERROR: The certificate of ‘{host}’ doesn't have a known issuer.\n"
        ));
        return 5;
    }
    warn_unknown(shell, "wget", &url);
    let path = match output {
        Some(o) => o,
        None => {
            let name = remote_name(&url);
            match &prefix {
                Some(p) => format!("{}/{name}", p.trim_end_matches('/')),
                None => name,
            }
        }
    };
    if !quiet && path != "-" {
        let size = known(&url).map_or(PLACEHOLDER, |d| d.size);
        io.err(&format!(
            "Connecting to {}... connected.\nHTTP request sent, awaiting response... 200 OK\nLength: {size}\nSaving to: ‘{path}’\n\n‘{path}’ saved [{size}/{size}]\n\n",
            host_of(&url)
        ));
    }
    if let Some(p) = prefix.filter(|_| path != "-") {
        let dir = shell.path(&p);
        let meta = shell.new_meta(0o755);
        let _ = shell.fs.mkdir_all(&dir, meta);
    }
    match deliver(shell, &url, Some(&path), io) {
        Ok(()) => 0,
        Err(message) => {
            io.err(&format!(
                "{path}: {}\n",
                message.split(": ").nth(1).unwrap_or(&message)
            ));
            3
        }
    }
}

/// The URL whose download a pipe carries (`curl URL | python3 -`).
pub fn piped_url(stdin: &[u8]) -> Option<String> {
    Some(
        std::str::from_utf8(stdin)
            .ok()?
            .strip_prefix(MARKER)?
            .trim_end()
            .to_string(),
    )
}

/// The files of a known archive behind a file's content or a pipe's
/// bytes, for `tar`.
pub fn archive_files(content: Option<&Content>, stdin: &[u8]) -> Option<&'static [Item]> {
    let url = match content {
        Some(content) => content.origin()?.to_string(),
        None => std::str::from_utf8(stdin)
            .ok()?
            .strip_prefix(MARKER)?
            .trim_end()
            .to_string(),
    };
    match known(&url)?.kind {
        Kind::Archive(files) => Some(files),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;
    use super::PLACEHOLDER;

    #[test]
    fn a_known_archive_has_its_size_and_unpacks_with_tar() {
        let (fs, status, output, warnings) = run_in(
            "debian:bookworm",
            "apt-get update >/dev/null && apt-get install -y --no-install-recommends curl ca-certificates >/dev/null && curl -fsSLO https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz && tar -C /usr/local -xzf go1.22.5.linux-amd64.tar.gz && /usr/local/go/bin/go version",
        );
        assert_eq!(status, 0, "{output}");
        assert_eq!(
            fs.read("/go1.22.5.linux-amd64.tar.gz").unwrap().size(),
            68_900_000
        );
        assert!(fs.exists("/usr/local/go/pkg/tool/linux_amd64/compile"));
        assert!(output.contains("go version go1.22.5"), "{output}");
        assert!(
            !warnings.iter().any(|w| w.contains("known downloads")),
            "{warnings:?}"
        );
        // Through a pipe, the same.
        let (fs, status, output, _) = run_in(
            "golang:1.22",
            "curl -fsSL https://nodejs.org/dist/v20.15.1/node-v20.15.1-linux-x64.tar.xz | tar -xJ -C /usr/local --strip-components=1 && node --version",
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/usr/local/bin/node"));
    }

    #[test]
    fn an_unknown_url_gets_a_placeholder_and_a_warning() {
        let (fs, status, _, warnings) = run_in(
            "alpine:3.19",
            "wget -q -O /tmp/tool.bin https://example.com/tool.bin",
        );
        assert_eq!(status, 0);
        assert_eq!(fs.read("/tmp/tool.bin").unwrap().size(), PLACEHOLDER);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("not in Stagecraft's table of known downloads")),
            "{warnings:?}"
        );
    }

    #[test]
    fn wasmedge_installs_its_aot_compiler() {
        let (fs, status, output, warnings) = run_in(
            "rust:1.75",
            "curl -sSf https://raw.githubusercontent.com/WasmEdge/WasmEdge/master/utils/install.sh | bash && mkdir -p /w/src && cd /w && printf '[package]\\nname = \"app\"\\nversion = \"0.1.0\"\\n' > Cargo.toml && echo 'fn main() {}' > src/main.rs && rustup target add wasm32-wasi && cargo build --target wasm32-wasi --release && /root/.wasmedge/bin/wasmedgec target/wasm32-wasi/release/app.wasm app.wasm",
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/root/.wasmedge/lib/libwasmedge.so.0.0.3"));
        let module = fs
            .read("/w/target/wasm32-wasi/release/app.wasm")
            .unwrap()
            .size();
        assert_eq!(
            fs.read("/w/app.wasm").unwrap().size(),
            module * 3,
            "{output}"
        );
        assert!(
            !warnings.iter().any(|w| w.contains("installer")),
            "{warnings:?}"
        );
    }

    #[test]
    fn an_unknown_installer_piped_to_a_shell_installs_nothing_with_a_warning() {
        let (_, status, output, warnings) = run_in(
            "golang:1.22",
            "curl -sSf https://raw.githubusercontent.com/someone/tool/master/install.sh | bash && curl -fsSL https://get.example.dev | sh -s -- -y",
        );
        assert_eq!(status, 0, "{output}");
        let installers: Vec<&String> = warnings
            .iter()
            .filter(|w| w.contains("an installer Stagecraft does not know"))
            .collect();
        assert_eq!(installers.len(), 2, "{warnings:?}");
        assert!(installers[0].contains("the image lacks what it would install"));
        // Not an installer: a shell reading it finds no script.
        let (_, status, _, _) =
            run_in("golang:1.22", "curl -sSf https://example.com/data.bin | sh");
        assert_ne!(status, 0);
    }

    #[test]
    fn https_needs_ca_certificates_and_the_tool_must_be_there() {
        let (_, status, output, _) = run_in(
            "debian:bookworm-slim",
            "apt-get update >/dev/null && apt-get install -y --no-install-recommends curl >/dev/null && curl -fsSL -o /tmp/x https://sh.rustup.rs",
        );
        assert_eq!(status, 77, "{output}");
        assert!(
            output.contains(
                "curl: (77) error setting certificate file: /etc/ssl/certs/ca-certificates.crt"
            ),
            "{output}"
        );
        let (_, status, output, _) = run_in(
            "debian:bookworm-slim",
            "curl -fsSL https://sh.rustup.rs | sh",
        );
        assert!(output.contains("curl: not found"), "{output}");
        assert_eq!(status, 0, "the pipeline's status is sh's");
        let (_, status, output, _) = run_in("debian:bookworm-slim", "wget https://sh.rustup.rs");
        assert_eq!(status, 127);
        assert!(output.contains("wget: not found"), "{output}");
    }
}
