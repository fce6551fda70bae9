//! `gradle` and `./gradlew` (Gradle 8.8): build, assemble, jar, bootJar,
//! clean over build.gradle or build.gradle.kts. The wrapper downloads its
//! distribution into ~/.gradle/wrapper (and needs gradle-wrapper.jar,
//! which a .dockerignore may have left out); dependencies go to
//! ~/.gradle/caches; the jar to build/libs, a fat one with the Spring Boot
//! plugin. Sizes of artifacts are the approximations of `mvn` (java.rs).

use crate::engine::content::Content;

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::write_file;
use super::find_program;
use super::java::weight;

const DEFAULT_VERSION: &str = "8.8";
/// The distribution's zip and what it unpacks to.
const DISTRIBUTION_ZIP: u64 = 134_000_000;
const DISTRIBUTION: u64 = 152_000_000;
/// What Gradle writes to its caches on a first build (generated jars,
/// transforms, the Kotlin DSL's compiled scripts), beside dependencies.
const OWN_CACHES: u64 = 48_000_000;

struct Build {
    name: String,
    version: String,
    dependencies: Vec<(String, String)>,
    boot: bool,
}

/// `implementation 'g:a:v'`, `implementation("g:a:v")` and the like.
fn parse_build(text: &str, settings: Option<&str>, directory: &str) -> Build {
    let mut dependencies = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let Some((configuration, rest)) = line.split_once(['(', ' ', '\'', '"']) else {
            continue;
        };
        if !matches!(
            configuration,
            "implementation"
                | "api"
                | "runtimeOnly"
                | "compileOnly"
                | "annotationProcessor"
                | "testImplementation"
                | "testRuntimeOnly"
                | "developmentOnly"
        ) {
            continue;
        }
        let coordinates = rest.trim_matches(|c: char| "()'\" ".contains(c));
        let artifact = coordinates.split(':').nth(1).unwrap_or(coordinates);
        dependencies.push((configuration.to_string(), artifact.to_string()));
    }
    let quoted = |line: &str| {
        line.split_once('=')
            .map(|(_, v)| v.trim().trim_matches(|c| c == '\'' || c == '"').to_string())
    };
    let name = settings
        .and_then(|s| {
            s.lines()
                .find(|l| l.trim_start().starts_with("rootProject.name"))
        })
        .and_then(quoted)
        .unwrap_or_else(|| directory.rsplit('/').next().unwrap_or("app").to_string());
    let version = text
        .lines()
        .find(|l| l.trim_start().starts_with("version"))
        .and_then(quoted)
        .unwrap_or_else(|| "unspecified".into());
    Build {
        name: if name.is_empty() { "app".into() } else { name },
        version,
        dependencies,
        boot: text.contains("org.springframework.boot"),
    }
}

fn read(shell: &Shell, name: &str) -> Option<String> {
    shell
        .fs
        .read(&shell.path(name))
        .ok()
        .and_then(|c| c.as_text().map(String::from))
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let wrapper = args[0].ends_with("gradlew");
    let home = format!(
        "{}/.gradle",
        shell.var("HOME").unwrap_or("/root").trim_end_matches('/')
    );
    let home = shell.var("GRADLE_USER_HOME").map_or(home, String::from);
    let has_java = shell
        .var("JAVA_HOME")
        .is_some_and(|j| shell.fs.exists(&format!("{j}/bin/java")))
        || find_program(shell, "java").is_some();
    if !has_java {
        io.err("\nERROR: JAVA_HOME is not set and no 'java' command could be found in your PATH.\n\nPlease set the JAVA_HOME variable in your environment to match the\nlocation of your Java installation.\n");
        return 1;
    }
    let version = if wrapper {
        match wrapper_version(shell, &home, io) {
            Ok(version) => version,
            Err(status) => return status,
        }
    } else {
        DEFAULT_VERSION.to_string()
    };
    if args.iter().any(|a| a == "--version" || a == "-v") {
        io.out(&format!(
            "\n------------------------------------------------------------\nGradle {version}\n------------------------------------------------------------\n\nJVM:          {}\n",
            super::java::java_version(shell)
        ));
        return 0;
    }
    let tasks: Vec<&str> = args[1..]
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let skip_tests = args.windows(2).any(|w| w[0] == "-x" && w[1] == "test");
    let text = read(shell, "build.gradle").or_else(|| read(shell, "build.gradle.kts"));
    let Some(text) = text else {
        io.err(&format!(
            "\nFAILURE: Build failed with an exception.\n\n* What went wrong:\nDirectory '{}' does not contain a Gradle build.\n\n* Try:\n> Run gradle init to create a new Gradle build in this directory.\n\nBUILD FAILED in 1s\n",
            shell.cwd
        ));
        return 1;
    };
    let settings = read(shell, "settings.gradle").or_else(|| read(shell, "settings.gradle.kts"));
    let build = parse_build(&text, settings.as_deref(), &shell.cwd);
    write_file(
        shell,
        &format!("{home}/caches/{version}/generated-gradle-jars/gradle-api-{version}.jar"),
        Content::blob(OWN_CACHES, &format!("gradle-caches:{version}")),
        0o644,
    );
    let mut runtime = 0;
    for (configuration, artifact) in &build.dependencies {
        let test = configuration.starts_with("test");
        if test && skip_tests {
            continue;
        }
        let size = weight(artifact);
        write_file(
            shell,
            &format!("{home}/caches/modules-2/files-2.1/{artifact}/{artifact}.jar"),
            Content::blob(size, &format!("gradle-dep:{artifact}")),
            0o644,
        );
        if !test
            && !matches!(
                configuration.as_str(),
                "compileOnly" | "annotationProcessor"
            )
        {
            runtime += size;
        }
    }
    let project = shell.cwd.trim_end_matches('/').to_string();
    if tasks.contains(&"clean") {
        let _ = shell.fs.remove(&format!("{project}/build"));
    }
    let builds = tasks
        .iter()
        .any(|t| matches!(*t, "build" | "assemble" | "jar" | "bootJar" | "installDist"));
    if builds {
        write_jars(shell, &build, &project, runtime);
    }
    shell.work += cost::JVM_BUILD;
    io.out(&format!(
        "Welcome to Gradle {version}!\n\n> Task :compileJava\n> Task :processResources\n> Task :classes\n{}\nBUILD SUCCESSFUL in 38s\n",
        if build.boot { "> Task :bootJar\n> Task :jar\n" } else { "> Task :jar\n" }
    ));
    0
}

/// `./gradlew`: the wrapper's jar must be there; the distribution its
/// properties name is downloaded once into the Gradle home. The version.
fn wrapper_version(shell: &mut Shell, home: &str, io: &mut Io) -> Result<String, i32> {
    let mut version = DEFAULT_VERSION.to_string();
    if !shell
        .fs
        .exists(&shell.path("gradle/wrapper/gradle-wrapper.jar"))
    {
        io.err("Error: Could not find or load main class org.gradle.wrapper.GradleWrapperMain\nCaused by: java.lang.ClassNotFoundException: org.gradle.wrapper.GradleWrapperMain\n");
        return Err(1);
    }
    if let Some(url) = read(shell, "gradle/wrapper/gradle-wrapper.properties").and_then(|p| {
        p.lines()
            .find_map(|l| l.strip_prefix("distributionUrl=").map(String::from))
    }) {
        let url = url.replace("\\:", ":");
        if let Some(v) = url
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_prefix("gradle-"))
            .and_then(|f| f.split_once("-bin").or_else(|| f.split_once("-all")))
        {
            version = v.0.to_string();
        }
    }
    let dists = format!("{home}/wrapper/dists/gradle-{version}-bin/dk3v3bb6oq6sm0e2ef2u7lfs9");
    if !shell.fs.exists(&dists) {
        io.out(&format!(
            "Downloading https://services.gradle.org/distributions/gradle-{version}-bin.zip\n............10%.............20%............30%.............40%.............50%............60%.............70%.............80%............90%.............100%\n"
        ));
        shell.work += cost::download(DISTRIBUTION_ZIP) + cost::unpack(DISTRIBUTION);
        write_file(
            shell,
            &format!("{dists}/gradle-{version}-bin.zip"),
            Content::blob(DISTRIBUTION_ZIP, &format!("gradle-zip:{version}")),
            0o644,
        );
        write_file(
            shell,
            &format!("{dists}/gradle-{version}/lib/gradle-libraries.jar"),
            Content::blob(DISTRIBUTION, &format!("gradle-dist:{version}")),
            0o644,
        );
    }
    Ok(version)
}

/// The compiled classes and the jars (a Spring Boot fat jar beside the
/// plain one) under build/.
fn write_jars(shell: &mut Shell, build: &Build, project: &str, runtime: u64) {
    let sources: u64 = shell
        .fs
        .walk_under(&format!("{project}/src/main"))
        .iter()
        .map(|(_, n)| n.size())
        .sum();
    let classes = sources + 2_000;
    write_file(
        shell,
        &format!("{project}/build/classes/java/main/Application.class"),
        Content::blob(classes, &format!("gradle-classes:{}", build.name)),
        0o644,
    );
    let stem = if build.version == "unspecified" {
        build.name.clone()
    } else {
        format!("{}-{}", build.name, build.version)
    };
    let libs = format!("{project}/build/libs");
    if build.boot {
        let fat = runtime + classes + 80_000;
        write_file(
            shell,
            &format!("{libs}/{stem}.jar"),
            Content::blob(fat, &format!("boot-jar:{}:{fat}", build.name)),
            0o644,
        );
        write_file(
            shell,
            &format!("{libs}/{stem}-plain.jar"),
            Content::blob(classes + 2_000, &format!("plain-jar:{}", build.name)),
            0o644,
        );
    } else {
        write_file(
            shell,
            &format!("{libs}/{stem}.jar"),
            Content::blob(classes + 2_000, &format!("jar:{}", build.name)),
            0o644,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    const PROJECT: &str = "mkdir -p /app/src/main/java /app/gradle/wrapper && cd /app && printf \"plugins {\\n  id 'java'\\n  id 'org.springframework.boot' version '3.3.2'\\n}\\nversion = '0.0.1-SNAPSHOT'\\ndependencies {\\n  implementation 'org.springframework.boot:spring-boot-starter-web'\\n  testImplementation 'org.springframework.boot:spring-boot-starter-test'\\n}\\n\" > build.gradle && echo \"rootProject.name = 'demo'\" > settings.gradle && echo 'class A {}' > src/main/java/A.java && printf '#!/bin/sh\\nexec java -classpath gradle/wrapper/gradle-wrapper.jar org.gradle.wrapper.GradleWrapperMain \"$@\"\\n' > gradlew && chmod +x gradlew && echo 'distributionUrl=https\\://services.gradle.org/distributions/gradle-8.8-bin.zip' > gradle/wrapper/gradle-wrapper.properties && ";

    #[test]
    fn the_wrapper_downloads_gradle_and_builds_a_boot_jar() {
        let (fs, status, output, _) = run_in(
            "eclipse-temurin:21-jdk",
            &format!("{PROJECT}touch gradle/wrapper/gradle-wrapper.jar && ./gradlew build -x test --no-daemon"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(
            output.contains(
                "Downloading https://services.gradle.org/distributions/gradle-8.8-bin.zip"
            ),
            "{output}"
        );
        assert!(output.contains("BUILD SUCCESSFUL"), "{output}");
        let jar = fs
            .read("/app/build/libs/demo-0.0.1-SNAPSHOT.jar")
            .unwrap()
            .size();
        assert!((20_000_000..25_000_000).contains(&jar), "{jar}");
        assert!(fs.exists("/app/build/libs/demo-0.0.1-SNAPSHOT-plain.jar"));
        let home: u64 = fs
            .walk_under("/root/.gradle")
            .iter()
            .map(|(_, n)| n.size())
            .sum();
        assert!(home > 300_000_000, "{home}");
    }

    #[test]
    fn the_wrapper_needs_its_jar_and_java() {
        let (_, status, output, _) = run_in(
            "eclipse-temurin:21-jdk",
            &format!("{PROJECT}./gradlew build"),
        );
        assert_eq!(status, 1);
        assert!(
            output
                .contains("Could not find or load main class org.gradle.wrapper.GradleWrapperMain"),
            "{output}"
        );
        let (_, status, output, _) = run_in(
            "debian:bookworm",
            &format!("{PROJECT}touch gradle/wrapper/gradle-wrapper.jar && ./gradlew build"),
        );
        assert_eq!(status, 1);
        assert!(
            output.contains("JAVA_HOME is not set and no 'java' command could be found"),
            "{output}"
        );
    }
}
