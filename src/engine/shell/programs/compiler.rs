//! `gcc`, `g++`, `cc`, `c++`: compile C and C++ sources from the
//! filesystem. Each `#include <...>` must be found (the C library's headers
//! come with libc6-dev or musl-dev), each `-lNAME` must be found as a
//! library, as gcc and ld say. The program records its linkage: dynamic
//! against the image's C library, or static with `-static`. Sizes are
//! approximations: the object code grows with the source.

use crate::engine::content::{Content, Executable, Linkage, LIBRARY_DIRS};
use crate::engine::source_facts::SourceFacts;
use crate::engine::vfs::{split_parent, Node};

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::write_file;

/// A program's code beyond what its sources make.
const STARTUP: u64 = 15_800;
/// What `-static` copies in from the C library (glibc, musl) and, for
/// C++, from libstdc++.
const STATIC_GLIBC: u64 = 780_000;
const STATIC_MUSL: u64 = 70_000;
const STATIC_LIBSTDCXX: u64 = 1_900_000;

const GLIBC_LOADER: &str = "/lib64/ld-linux-x86-64.so.2";
const MUSL_LOADER: &str = "/lib/ld-musl-x86_64.so.1";

/// Where gcc looks for headers and ld for libraries, beside `-I`/`-L`.
const INCLUDE_DIRS: &[&str] = &[
    "/usr/local/include",
    "/usr/include/x86_64-linux-gnu",
    "/usr/include",
];

struct Invocation {
    output: Option<String>,
    compile_only: bool,
    static_: bool,
    strip: bool,
    sources: Vec<String>,
    include: Vec<String>,
    library_dirs: Vec<String>,
    libraries: Vec<String>,
}

fn parse(args: &[String]) -> Invocation {
    let mut inv = Invocation {
        output: None,
        compile_only: false,
        static_: false,
        strip: false,
        sources: Vec::new(),
        include: Vec::new(),
        library_dirs: Vec::new(),
        libraries: Vec::new(),
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let arg = arg.as_str();
        match arg {
            "-o" => inv.output = rest.next().cloned(),
            "-c" | "-S" | "-E" => inv.compile_only = true,
            "-static" => inv.static_ = true,
            "-s" => inv.strip = true,
            "-I" => inv.include.extend(rest.next().cloned()),
            "-L" => inv.library_dirs.extend(rest.next().cloned()),
            "-l" => inv.libraries.extend(rest.next().cloned()),
            "-x" | "-MF" | "-MT" | "-include" | "-isystem" => {
                rest.next();
            }
            a if a.starts_with("-o") => inv.output = Some(a[2..].to_string()),
            a if a.starts_with("-I") => inv.include.push(a[2..].to_string()),
            a if a.starts_with("-L") => inv.library_dirs.push(a[2..].to_string()),
            a if a.starts_with("-l") => inv.libraries.push(a[2..].to_string()),
            a if a.starts_with("-Wl,") && a.contains("-s") && !a.contains("-static") => {
                inv.strip = true
            }
            a if a.starts_with('-') => {}
            _ => inv.sources.push(arg.to_string()),
        }
    }
    inv
}

fn is_cplusplus(program: &str, source: &str) -> bool {
    program.contains("++")
        || [".cc", ".cpp", ".cxx", ".C"]
            .iter()
            .any(|s| source.ends_with(s))
}

fn musl(shell: &Shell) -> bool {
    shell.fs.exists(MUSL_LOADER)
}

/// The directories holding gcc's own headers and C++'s.
fn compiler_include_dirs(shell: &Shell) -> Vec<String> {
    let mut dirs = Vec::new();
    for root in ["/usr/lib/gcc", "/usr/include/c++"] {
        for (path, node) in shell.fs.walk_under(root) {
            if !matches!(node, Node::Dir(_)) {
                continue;
            }
            // /usr/include/c++/12, /usr/lib/gcc/x86_64-linux-gnu/12/include.
            let depth = path.matches('/').count();
            if (root == "/usr/include/c++" && depth == 0)
                || (root == "/usr/lib/gcc" && depth == 2 && path.ends_with("/include"))
            {
                dirs.push(format!("{root}/{path}"));
            }
        }
    }
    dirs
}

fn find_header(shell: &Shell, inv: &Invocation, dirs: &[String], header: &str) -> bool {
    inv.include
        .iter()
        .map(|d| shell.path(d))
        .chain(INCLUDE_DIRS.iter().map(|d| d.to_string()))
        .chain(dirs.iter().cloned())
        .any(|dir| shell.fs.exists(&format!("{dir}/{header}")))
}

/// The file name a `-lNAME` resolves to at run time (the soname behind
/// a `libNAME.so` link), or None when ld cannot find it.
fn find_library(shell: &Shell, inv: &Invocation, name: &str) -> Option<String> {
    let files = if inv.static_ {
        vec![format!("lib{name}.a")]
    } else {
        vec![format!("lib{name}.so"), format!("lib{name}.a")]
    };
    let dirs: Vec<String> = inv
        .library_dirs
        .iter()
        .map(|d| shell.path(d))
        .chain(LIBRARY_DIRS.iter().map(|d| d.to_string()))
        .collect();
    for dir in &dirs {
        for file in &files {
            let path = format!("{dir}/{file}");
            match shell.fs.lookup(&path, false) {
                Ok((_, Node::Symlink(link))) if shell.fs.exists(&path) => {
                    return Some(split_parent(&link.target).1.to_string());
                }
                Ok(_) if shell.fs.exists(&path) => return Some(file.clone()),
                _ => {}
            }
        }
    }
    None
}

/// The first `#include <...>` of `text` that cannot be found, with its
/// line and column.
fn missing_header(
    shell: &Shell,
    inv: &Invocation,
    dirs: &[String],
    text: &str,
) -> Option<(usize, usize, String, String)> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed
            .strip_prefix('#')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix("include"))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(name) = rest
            .strip_prefix('<')
            .and_then(|r| r.split_once('>'))
            .map(|(n, _)| n)
        else {
            continue;
        };
        if !find_header(shell, inv, dirs, name) {
            let column = line.find('<').unwrap_or(0) + 1;
            return Some((i + 1, column, name.to_string(), line.to_string()));
        }
    }
    None
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let program = split_parent(&args[0]).1.to_string();
    let tool = if program.contains("++") { "g++" } else { "gcc" };
    if args.iter().any(|a| a == "--version") {
        version(shell, &program, io);
        return 0;
    }
    let inv = parse(&args[1..]);
    if inv.sources.is_empty() {
        io.err(&format!(
            "{tool}: fatal error: no input files\ncompilation terminated.\n"
        ));
        return 1;
    }
    shell.work += cost::compile(inv.sources.len());
    let mut code = 0u64;
    let mut cplusplus = false;
    let mut facts = SourceFacts::default();
    let dirs = compiler_include_dirs(shell);
    for source in &inv.sources {
        let path = shell.path(source);
        let Ok(content) = shell.fs.read(&path) else {
            io.err(&format!(
                "{tool}: error: {source}: No such file or directory\n"
            ));
            if inv.sources.len() == 1 {
                io.err(&format!(
                    "{tool}: fatal error: no input files\ncompilation terminated.\n"
                ));
            }
            return 1;
        };
        cplusplus |= is_cplusplus(&program, source);
        if source.ends_with(".o") || source.ends_with(".a") {
            code += content.size();
            continue;
        }
        if let Some(text) = content.as_text() {
            facts.merge(SourceFacts::scan(text));
            if let Some((line, column, header, shown)) = missing_header(shell, &inv, &dirs, text) {
                let marker = format!(
                    "{}^{}",
                    " ".repeat(column - 1),
                    "~".repeat(header.len() + 1)
                );
                io.err(&format!(
                    "{source}:{line}:{column}: fatal error: {header}: No such file or directory\n{line:>5} | {shown}\n      | {marker}\ncompilation terminated.\n"
                ));
                return 1;
            }
        }
        // Object code is about twice the source text.
        code += content.size() * 2;
    }
    if inv.compile_only {
        write_objects(shell, &inv);
        return 0;
    }
    let mut libraries = inv.libraries.clone();
    if cplusplus {
        libraries.push("stdc++".into());
    }
    let mut sonames = std::collections::HashMap::new();
    for name in &inv.libraries {
        if matches!(name.as_str(), "c" | "m" | "pthread" | "dl" | "rt") {
            continue;
        }
        match find_library(shell, &inv, name) {
            Some(file) => {
                sonames.insert(name.clone(), file);
            }
            None => {
                io.err(&format!(
                    "/usr/bin/ld: cannot find -l{name}: No such file or directory\ncollect2: error: ld returned 1 exit status\n"
                ));
                return 1;
            }
        }
    }
    if !musl(shell) && !shell.fs.exists("/usr/lib/x86_64-linux-gnu/crt1.o") {
        io.err("/usr/bin/ld: cannot find crt1.o: No such file or directory\n/usr/bin/ld: cannot find crti.o: No such file or directory\ncollect2: error: ld returned 1 exit status\n");
        return 1;
    }
    let mut size = STARTUP + code;
    let linkage = linkage(shell, &inv, &libraries, &sonames, cplusplus, &mut size);
    if inv.strip {
        size = size * 70 / 100;
    }
    let out = shell.path(inv.output.as_deref().unwrap_or("a.out"));
    let content = Content::program(
        size,
        &format!("c-binary:{out}:{size}"),
        Executable {
            facts,
            ..Executable::new(if cplusplus { "c++" } else { "c" }, linkage)
        },
    );
    write_file(shell, &out, content, 0o755);
    0
}

/// `gcc --version`: the compiler of the image's C library.
fn version(shell: &Shell, program: &str, io: &mut Io) {
    let version = if musl(shell) {
        "13.2.1 20231014"
    } else {
        "12.2.0"
    };
    io.out(&format!(
        "{program} ({}) {version}\n",
        if musl(shell) {
            "Alpine 13.2.1_git20231014"
        } else {
            "Debian 12.2.0-14"
        }
    ));
}

/// `-c`: an object file for each source.
fn write_objects(shell: &mut Shell, inv: &Invocation) {
    for source in &inv.sources {
        let stem = split_parent(source).1;
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        let out = match (&inv.output, inv.sources.len()) {
            (Some(o), 1) => o.clone(),
            _ => format!("{stem}.o"),
        };
        let size = shell
            .fs
            .read(&shell.path(source))
            .map_or(0, |c| c.size() * 2 + 1_000);
        let path = shell.path(&out);
        write_file(
            shell,
            &path,
            Content::blob(size, &format!("object:{path}:{size}")),
            0o644,
        );
    }
}

/// How the program links: statically (the C library, and C++'s, copied
/// in, `size` grows) or against the shared libraries it names.
fn linkage(
    shell: &Shell,
    inv: &Invocation,
    libraries: &[String],
    sonames: &std::collections::HashMap<String, String>,
    cplusplus: bool,
    size: &mut u64,
) -> Linkage {
    if inv.static_ {
        *size += if musl(shell) {
            STATIC_MUSL
        } else {
            STATIC_GLIBC
        };
        if cplusplus {
            *size += STATIC_LIBSTDCXX;
        }
        Linkage::Static
    } else {
        let (interpreter, libc) = if musl(shell) {
            (MUSL_LOADER, "libc.musl-x86_64.so.1")
        } else {
            (GLIBC_LOADER, "libc.so.6")
        };
        let mut needed: Vec<String> = libraries
            .iter()
            .filter(|l| l.as_str() != "c")
            // A static archive is copied in, not needed at run time.
            .filter(|l| !sonames.get(l.as_str()).is_some_and(|f| f.ends_with(".a")))
            .map(|l| match l.as_str() {
                "stdc++" => "libstdc++.so.6".to_string(),
                "m" if !musl(shell) => "libm.so.6".to_string(),
                "m" | "pthread" | "dl" | "rt" => libc.to_string(),
                other => sonames
                    .get(other)
                    .cloned()
                    .unwrap_or_else(|| format!("lib{other}.so")),
            })
            .collect();
        if cplusplus {
            needed.push("libgcc_s.so.1".into());
        }
        needed.push(libc.to_string());
        needed.dedup();
        Linkage::Dynamic {
            interpreter: interpreter.into(),
            libraries: needed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;
    use crate::engine::content::Linkage;

    const HELLO: &str = "mkdir -p /src && cd /src && printf '#include <stdio.h>\\nint main(void) { puts(\"hi\"); return 0; }\\n' > hello.c && ";

    #[test]
    fn gcc_links_against_the_image_libc_or_statically() {
        let (fs, status, output, _) =
            run_in("golang:1.22", &format!("{HELLO}gcc -O2 -o hello hello.c"));
        assert_eq!(status, 0, "{output}");
        let binary = fs.read("/src/hello").unwrap();
        match &binary.executable().unwrap().linkage {
            Linkage::Dynamic {
                interpreter,
                libraries,
            } => {
                assert_eq!(interpreter, "/lib64/ld-linux-x86-64.so.2");
                assert_eq!(libraries, &vec!["libc.so.6".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        let (fs, status, output, _) = run_in(
            "golang:1.22",
            &format!("{HELLO}gcc -static -o hello hello.c"),
        );
        assert_eq!(status, 0, "{output}");
        let binary = fs.read("/src/hello").unwrap();
        assert_eq!(binary.executable().unwrap().linkage, Linkage::Static);
        assert!(binary.size() > 700_000, "{}", binary.size());
    }

    #[test]
    fn missing_headers_libraries_and_sources_fail_as_gcc_says() {
        // Alpine's gcc without musl-dev has no stdio.h.
        let (_, status, output, _) = run_in(
            "alpine:3.19",
            &format!("apk add --no-cache gcc >/dev/null && {HELLO}gcc hello.c"),
        );
        assert_eq!(status, 1, "{output}");
        assert!(
            output.contains("hello.c:1:10: fatal error: stdio.h: No such file or directory"),
            "{output}"
        );
        let (_, status, output, _) =
            run_in("golang:1.22", &format!("{HELLO}gcc hello.c -lpq -o hello"));
        assert_eq!(status, 1);
        assert!(output.contains("/usr/bin/ld: cannot find -lpq"), "{output}");
        let (_, status, output, _) = run_in("golang:1.22", "cd /tmp && gcc nothere.c");
        assert_eq!(status, 1);
        assert!(
            output.contains("gcc: error: nothere.c: No such file or directory\ngcc: fatal error: no input files"),
            "{output}"
        );
        let (_, status, output, _) = run_in("debian:bookworm-slim", "gcc --version");
        assert_eq!(status, 127);
        assert!(output.contains("gcc: not found"), "{output}");
    }

    #[test]
    fn a_glibc_program_does_not_start_on_alpine_but_a_static_one_does() {
        let (fs, status, _, _) = run_in(
            "golang:1.22",
            &format!("{HELLO}gcc -o dyn hello.c && gcc -static -o st hello.c"),
        );
        assert_eq!(status, 0);
        for (name, expected) in [("dyn", 127), ("st", 0)] {
            let content = fs.read(&format!("/src/{name}")).unwrap().clone();
            use crate::engine::catalog::Catalog;
            let base = crate::engine::catalog::builtin()
                .resolve("alpine:3.19")
                .image()
                .clone();
            let mut alpine = base.filesystem.clone();
            let meta = crate::engine::vfs::Meta::executable();
            alpine
                .put("/app", crate::engine::vfs::Node::file(content, meta))
                .unwrap();
            let mut sh = crate::engine::shell::state::Shell::new(
                &mut alpine,
                crate::engine::catalog::builtin(),
                base.shell,
                "/bin/sh",
            );
            let mut io = crate::engine::shell::state::Io::default();
            let status = sh.run_script("/app", &mut io).status();
            assert_eq!(
                status,
                expected,
                "{name}: {}",
                String::from_utf8_lossy(&io.stderr)
            );
        }
    }
}
