//! `jdeps --print-module-deps` and `jlink`: a custom Java runtime of the
//! modules an application needs (`--add-modules`, `--output`,
//! `--strip-debug`, `--compress`, `--no-header-files`, `--no-man-pages`).
//! The runtime's `java` is the JDK's, with the same C library; its sizes
//! approximate a real jlink image (java.base alone: about 30 MB stripped).

use crate::engine::content::Content;

use super::super::state::{Io, Shell};
use super::common::write_file;

/// Bytes of lib/modules for java.base, and for each other module.
const BASE_MODULES: u64 = 13_000_000;
const MODULE: u64 = 2_600_000;
const LIBJVM: u64 = 22_500_000;
const NATIVE_LIBS: u64 = 2_000_000;

/// `jdeps ...`: the modules a class needs (java.base for classes that
/// use only it, as small programs do).
pub fn jdeps(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let files: Vec<&String> = args[1..].iter().filter(|a| !a.starts_with('-')).collect();
    for file in &files {
        if !shell.fs.exists(&shell.path(file)) {
            io.err(&format!(
                "Error: {file} is not a valid class file, JAR file, or directory\n"
            ));
            return 1;
        }
    }
    if args
        .iter()
        .any(|a| a == "--print-module-deps" || a == "--list-deps")
    {
        io.out("java.base\n");
        return 0;
    }
    shell.note(format!(
        "{}: its analysis is not simulated; assumed to succeed",
        args.join(" ")
    ));
    0
}

/// `jlink ...`.
pub fn jlink(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut modules: Vec<String> = Vec::new();
    let mut output: Option<String> = None;
    let mut strip = false;
    let mut compressed = false;
    let mut words = args[1..].iter();
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (word.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| words.next().cloned());
        match flag {
            "--add-modules" => modules.extend(
                value()
                    .unwrap_or_default()
                    .split(',')
                    .filter(|m| !m.is_empty())
                    .map(String::from),
            ),
            "--output" => output = value(),
            "--strip-debug" | "-G" | "--strip-java-debug-attributes" => strip = true,
            "--compress" | "-c" => compressed = value().is_some_and(|v| v != "0" && v != "zip-0"),
            "--module-path" | "-p" | "--launcher" | "--vendor-version" => {
                value();
            }
            _ => {}
        }
    }
    let Some(output) = output else {
        io.err("Error: --output must be specified\nUsage: jlink <options> --module-path <modulepath> --add-modules <module>[,<module>...]\n");
        return 1;
    };
    if modules.is_empty() {
        io.err("Error: --add-modules must be specified\n");
        return 1;
    }
    let dir = shell.path(&output);
    if shell.fs.exists(&dir) {
        io.err(&format!("Error: directory already exists: {dir}\n"));
        return 1;
    }
    let others = modules.iter().filter(|m| m.as_str() != "java.base").count() as u64;
    let mut image = BASE_MODULES + MODULE * others;
    let mut jvm = LIBJVM;
    if strip {
        image = image * 85 / 100;
        jvm = jvm * 78 / 100;
    }
    if compressed {
        image = image * 65 / 100;
    }
    // The JDK's own java, copied: it keeps its C library.
    let java = super::find_program(shell, "java")
        .and_then(|p| shell.fs.read(&p).ok().cloned())
        .unwrap_or_else(|| Content::blob(13_000, "jlink-java"));
    write_file(shell, &format!("{dir}/bin/java"), java, 0o755);
    write_file(
        shell,
        &format!("{dir}/bin/keytool"),
        Content::blob(13_000, "jlink-keytool"),
        0o755,
    );
    write_file(
        shell,
        &format!("{dir}/lib/modules"),
        Content::blob(
            image,
            &format!("jlink-modules:{}:{strip}:{compressed}", modules.join(",")),
        ),
        0o644,
    );
    write_file(
        shell,
        &format!("{dir}/lib/server/libjvm.so"),
        Content::blob(jvm, &format!("jlink-libjvm:{strip}")),
        0o755,
    );
    write_file(
        shell,
        &format!("{dir}/lib/libjava.so"),
        Content::blob(NATIVE_LIBS, "jlink-native"),
        0o755,
    );
    write_file(
        shell,
        &format!("{dir}/lib/security/cacerts"),
        Content::blob(170_000, "jlink-cacerts"),
        0o644,
    );
    write_file(
        shell,
        &format!("{dir}/conf/security/java.security"),
        Content::blob(60_000, "jlink-security"),
        0o644,
    );
    write_file(
        shell,
        &format!("{dir}/release"),
        Content::text(&format!(
            "JAVA_VERSION=\"17.0.12\"\nMODULES=\"{}\"\n",
            modules.join(" ")
        )),
        0o644,
    );
    shell.work += super::super::cost::install(modules.len(), image);
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    #[test]
    fn jlink_makes_a_small_runtime_of_the_modules_jdeps_names() {
        let (fs, status, output, _) = run_in(
            "eclipse-temurin:21-jdk",
            "mkdir /w && cd /w && echo 'class hello { public static void main(String[] a) {} }' > hello.java && javac hello.java && jdeps --print-module-deps hello.class > java.modules && jlink --strip-debug --add-modules $(cat java.modules) --output /java && /java/bin/java -version",
        );
        assert_eq!(status, 0, "{output}");
        assert_eq!(
            fs.read("/w/java.modules").unwrap().as_text(),
            Some("java.base\n")
        );
        let total: u64 = fs
            .walk_under("/java")
            .iter()
            .filter_map(|(p, _)| fs.read(&format!("/java/{p}")).ok().map(|c| c.size()))
            .sum();
        assert!((25_000_000..40_000_000).contains(&total), "{total}");
        let (_, status, output, _) = run_in(
            "eclipse-temurin:21-jdk",
            "mkdir /java && jlink --add-modules java.base --output /java",
        );
        assert_eq!(status, 1);
        assert!(
            output.contains("Error: directory already exists: /java"),
            "{output}"
        );
    }
}
