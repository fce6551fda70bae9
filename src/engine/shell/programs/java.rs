//! `java` and `mvn`: the JDK's version, a jar's presence, and Maven's
//! package/install/verify/dependency:go-offline over the project's pom.xml.
//! Dependencies land in ~/.m2/repository, the build in target/; with the
//! Spring Boot plugin the jar holds every runtime dependency (a "fat"
//! jar). Artifact sizes are documented approximations (DEPENDENCIES).

use crate::engine::content::Content;
use crate::engine::vfs::split_parent;

use super::super::cost;
use super::super::state::{Io, Shell};

/// Approximate bytes of jars a dependency brings (with what it pulls in),
/// by artifactId prefix; anything else: 1 MB.
const DEPENDENCIES: &[(&str, u64)] = &[
    ("spring-boot-starter-web", 21_000_000),
    ("spring-boot-starter-webflux", 19_000_000),
    ("spring-boot-starter-data-jpa", 29_000_000),
    ("spring-boot-starter-security", 4_500_000),
    ("spring-boot-starter-actuator", 5_500_000),
    ("spring-boot-starter-validation", 1_800_000),
    ("spring-boot-starter-test", 16_000_000),
    ("spring-boot-starter", 9_000_000),
    ("postgresql", 1_100_000),
    ("mysql-connector", 2_500_000),
    ("h2", 2_600_000),
    ("lombok", 2_000_000),
    ("jackson", 2_200_000),
    ("guava", 3_100_000),
    ("junit", 1_200_000),
];

/// Maven's own plugins, downloaded on the first build.
const PLUGINS: u64 = 24_000_000;

pub(super) fn java_version(shell: &Shell) -> String {
    shell
        .var("JAVA_VERSION")
        .map(|v| v.trim_start_matches("jdk-").to_string())
        .unwrap_or_else(|| "21.0.4+7".into())
}

pub fn java(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let version = java_version(shell);
    let short = version.split('+').next().unwrap_or(&version).to_string();
    match args.get(1).map(String::as_str) {
        Some("-version" | "--version") => {
            io.err(&format!(
                "openjdk version \"{short}\" 2024-07-16 LTS\nOpenJDK Runtime Environment Temurin-{version} (build {version}-LTS)\nOpenJDK 64-Bit Server VM Temurin-{version} (build {version}-LTS, mixed mode, sharing)\n"
            ));
            0
        }
        Some("-jar") => {
            let jar = args.get(2).cloned().unwrap_or_default();
            if !shell.fs.exists(&shell.path(&jar)) {
                io.err(&format!("Error: Unable to access jarfile {jar}\n"));
                return 1;
            }
            shell.note(format!(
                "java -jar {jar}: Java programs are not run by Stagecraft; assumed to succeed with no file changes"
            ));
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

/// The parts of a pom.xml a build needs: coordinates, dependencies (with
/// scope), and whether Spring Boot repackages the jar.
struct Pom {
    artifact: String,
    version: String,
    packaging: String,
    dependencies: Vec<(String, String)>,
    fat: bool,
    /// `<build><finalName>`: the jar's name instead of ARTIFACT-VERSION.
    final_name: Option<String>,
    /// The assembly plugin's jar-with-dependencies: its name (the
    /// plugin's finalName, or the project's), and whether `-jar-with-
    /// dependencies` is appended to it (`appendAssemblyId`).
    assembly: Option<(Option<String>, bool)>,
    /// The shade plugin: the jar is replaced by one with the
    /// dependencies, the plain one kept as `original-NAME.jar`.
    shaded: bool,
}

impl Pom {
    /// The jar's name without `.jar`: finalName, or ARTIFACT-VERSION.
    fn jar_name(&self) -> String {
        self.final_name
            .clone()
            .unwrap_or_else(|| format!("{}-{}", self.artifact, self.version))
    }
}

fn tag<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let start = text.find(&format!("<{name}>"))? + name.len() + 2;
    let end = text[start..].find(&format!("</{name}>"))? + start;
    Some(text[start..end].trim())
}

fn parse_pom(text: &str) -> Pom {
    // The project's own coordinates come after its <parent> block.
    let own = match (text.find("<parent>"), text.find("</parent>")) {
        (Some(_), Some(end)) => &text[end..],
        _ => text,
    };
    let before_deps = own.split("<dependencies>").next().unwrap_or(own);
    let mut dependencies = Vec::new();
    if let Some(block) = tag(text, "dependencies") {
        for dep in block.split("<dependency>").skip(1) {
            let artifact = tag(dep, "artifactId").unwrap_or_default().to_string();
            let scope = tag(dep, "scope").unwrap_or("compile").to_string();
            dependencies.push((artifact, scope));
        }
    }
    // The build's plugins, and what is left of <build> without them.
    let build = tag(own, "build").unwrap_or_default();
    let mut outside = String::new();
    let mut assembly = None;
    let mut shaded = false;
    for (i, part) in build.split("<plugin>").enumerate() {
        let (plugin, rest) = match part.split_once("</plugin>") {
            Some((plugin, rest)) if i > 0 => (plugin, rest),
            _ => ("", part),
        };
        outside.push_str(rest);
        match tag(plugin, "artifactId") {
            Some("maven-assembly-plugin") if plugin.contains("jar-with-dependencies") => {
                assembly = Some((
                    tag(plugin, "finalName").map(String::from),
                    tag(plugin, "appendAssemblyId") != Some("false"),
                ));
            }
            Some("maven-shade-plugin") => shaded = true,
            _ => {}
        }
    }
    Pom {
        artifact: tag(before_deps, "artifactId").unwrap_or("app").to_string(),
        version: tag(before_deps, "version").unwrap_or("1.0").to_string(),
        packaging: tag(before_deps, "packaging").unwrap_or("jar").to_string(),
        dependencies,
        fat: text.contains("spring-boot-maven-plugin"),
        final_name: tag(&outside, "finalName").map(String::from),
        assembly,
        shaded,
    }
}

pub(super) fn weight(artifact: &str) -> u64 {
    DEPENDENCIES
        .iter()
        .find(|(prefix, _)| artifact.starts_with(prefix))
        .map_or(1_000_000, |(_, size)| *size)
}

pub fn mvn(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let goals: Vec<&str> = args[1..]
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let skip_tests = args
        .iter()
        .any(|a| a.starts_with("-DskipTests") || a.starts_with("-Dmaven.test.skip"));
    let quiet = args.iter().any(|a| a == "-q" || a == "--quiet");
    if args.iter().any(|a| a == "-v" || a == "--version") {
        io.out(&format!(
            "Apache Maven 3.9.8\nMaven home: /usr/share/maven\nJava version: {}, vendor: Eclipse Adoptium\n",
            java_version(shell)
        ));
        return 0;
    }
    let pom_path = shell.path("pom.xml");
    let Some(text) = shell
        .fs
        .read(&pom_path)
        .ok()
        .and_then(|c| c.as_text())
        .map(String::from)
    else {
        io.out(&format!(
            "[ERROR] The goal you specified requires a project to execute but there is no POM in this directory ({}). Please verify you invoked Maven from the correct directory. -> [Help 1]\n",
            shell.cwd
        ));
        return 1;
    };
    let pom = parse_pom(&text);
    let home = shell.var("HOME").unwrap_or("/root").to_string();
    let repo = shell
        .var("MAVEN_CONFIG")
        .map(|c| format!("{c}/repository"))
        .unwrap_or_else(|| format!("{home}/.m2/repository"));
    if !quiet {
        io.out(&format!(
            "[INFO] Scanning for projects...\n[INFO] \n[INFO] --------------------< com.example:{} >--------------------\n[INFO] Building {} {}\n[INFO]   from pom.xml\n[INFO] --------------------------------[ {} ]---------------------------------\n",
            pom.artifact, pom.artifact, pom.version, pom.packaging
        ));
    }
    // Everything the build needs comes into the local repository first.
    let test_scope = !skip_tests;
    let mut runtime = 0;
    write(
        shell,
        &format!("{repo}/org/apache/maven/plugins/plugins.jar"),
        Content::blob(PLUGINS, "maven-plugins"),
    );
    for (artifact, scope) in &pom.dependencies {
        let size = weight(artifact);
        if scope == "test" && !test_scope && !goals.contains(&"dependency:go-offline") {
            continue;
        }
        write(
            shell,
            &format!("{repo}/deps/{artifact}/{artifact}.jar"),
            Content::blob(size, &format!("m2:{artifact}")),
        );
        if scope != "test" && scope != "provided" {
            runtime += size;
        }
    }
    let builds = goals
        .iter()
        .any(|g| matches!(*g, "package" | "install" | "verify" | "deploy"));
    let assembles = goals.contains(&"assembly:single");
    let compiles = builds || assembles || goals.iter().any(|g| matches!(*g, "compile" | "test"));
    let target = shell.path("target");
    if goals.first() == Some(&"clean") {
        let _ = shell.fs.remove(&target);
    }
    if compiles {
        let sources: u64 = shell
            .fs
            .walk_under(&shell.path("src/main"))
            .iter()
            .map(|(_, n)| n.size())
            .sum();
        let classes = sources + 2_000;
        write(
            shell,
            &format!("{target}/classes/application.class"),
            Content::blob(classes, &format!("classes:{}", pom.artifact)),
        );
        let install = goals.contains(&"install");
        if builds {
            write_jars(shell, &pom, &target, &repo, (runtime, classes), install);
        } else if assembles && pom.assembly.is_some() {
            // `mvn compile assembly:single`: the assembly alone.
            write_assembly(shell, &pom, &target, runtime + classes + 2_000);
        }
    }
    shell.work += cost::JVM_BUILD;
    if !quiet {
        io.out("[INFO] ------------------------------------------------------------------------\n[INFO] BUILD SUCCESS\n[INFO] ------------------------------------------------------------------------\n");
    }
    0
}

/// What a jar the build made holds, for `jar -xf`: Spring Boot's layout
/// (BOOT-INF/lib with each runtime dependency, BOOT-INF/classes, its
/// loader) or a plain jar's classes; and its manifest.
fn jar_content(pom: &Pom, size: u64, classes: u64) -> Content {
    let mut listing = vec![format!("META-INF/MANIFEST.MF {}", 400)];
    if pom.fat {
        for (artifact, scope) in &pom.dependencies {
            if scope != "test" && scope != "provided" {
                listing.push(format!("BOOT-INF/lib/{artifact}.jar {}", weight(artifact)));
            }
        }
        listing.push(format!("BOOT-INF/classes/application.class {classes}"));
        listing.push("org/springframework/boot/loader/launch/JarLauncher.class 80000".into());
    } else {
        listing.push(format!("application.class {classes}"));
    }
    Content::packed(
        size,
        &format!("jar:{}:{size}", pom.artifact),
        &format!("{JAR_LISTING}{}", listing.join("\n")),
    )
}

/// What marks a jar's listing in its content's origin.
const JAR_LISTING: &str = "jar-listing:\n";

/// `jar -xf FILE` (or `jar xf FILE`): the files of a jar this build made,
/// in the current directory. A jar from elsewhere (a download, the
/// context) is not simulated: nothing is unpacked, with a warning.
pub fn jar(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mode = args
        .get(1)
        .map(|a| a.trim_start_matches('-'))
        .unwrap_or_default();
    if !(mode.contains('x') && mode.contains('f')) {
        shell.note(format!(
            "{}: only `jar -xf FILE` is simulated; assumed to succeed with no file changes",
            args.join(" ")
        ));
        return 0;
    }
    let Some(file) = args.get(2) else {
        io.err("jar: option -f requires an argument\n");
        return 1;
    };
    let path = shell.path(file);
    let Some(content) = shell.fs.read(&path).ok().cloned() else {
        io.err(&format!(
            "java.io.FileNotFoundException: {file} (No such file or directory)\n"
        ));
        return 1;
    };
    let Some(listing) = content.origin().and_then(|o| o.strip_prefix(JAR_LISTING)) else {
        shell.note(format!(
            "jar -xf {file}: what the jar holds is not known to Stagecraft; nothing is unpacked (the image lacks its files and their size)"
        ));
        return 0;
    };
    let listing = listing.to_string();
    let cwd = shell.cwd.trim_end_matches('/').to_string();
    for line in listing.lines() {
        let Some((name, size)) = line.rsplit_once(' ') else {
            continue;
        };
        let size = size.parse().unwrap_or(0);
        write(
            shell,
            &format!("{cwd}/{name}"),
            Content::blob(size, &format!("{}:{name}", content.digest())),
        );
    }
    0
}

/// The assembly plugin's jar-with-dependencies of `size` bytes, if the
/// pom configures one.
fn write_assembly(shell: &mut Shell, pom: &Pom, target: &str, size: u64) {
    let Some((assembly_name, append)) = &pom.assembly else {
        return;
    };
    let base = assembly_name.clone().unwrap_or_else(|| pom.jar_name());
    let suffix = if *append {
        "-jar-with-dependencies"
    } else {
        ""
    };
    write(
        shell,
        &format!("{target}/{base}{suffix}.jar"),
        Content::blob(size, &format!("jar-assembly:{}:{size}", pom.artifact)),
    );
}

/// The jars `package` writes into target/: the project's (named by
/// finalName, fat when Spring Boot or the shade plugin repackages it),
/// then the assembly plugin's, and the copy `install` puts in the local
/// repository. `sizes` are the runtime dependencies' and the classes'.
fn write_jars(
    shell: &mut Shell,
    pom: &Pom,
    target: &str,
    repo: &str,
    sizes: (u64, u64),
    install: bool,
) {
    let (runtime, classes) = sizes;
    let jar_size = if pom.fat || pom.shaded {
        runtime + classes + 80_000
    } else {
        classes + 2_000
    };
    let name = pom.jar_name();
    let jar = format!("{target}/{name}.{}", pom.packaging);
    if pom.shaded {
        write(
            shell,
            &format!("{target}/original-{name}.{}", pom.packaging),
            Content::blob(classes + 2_000, &format!("jar-original:{}", pom.artifact)),
        );
    }
    write(shell, &jar, jar_content(pom, jar_size, classes));
    write_assembly(shell, pom, target, runtime + classes + 2_000);
    if pom.fat {
        write(
            shell,
            &format!("{jar}.original"),
            Content::blob(classes + 2_000, &format!("jar-original:{}", pom.artifact)),
        );
    }
    if install {
        write(
            shell,
            &format!(
                "{repo}/com/example/{}/{}/{}",
                pom.artifact,
                pom.version,
                split_parent(&jar).1
            ),
            Content::blob(jar_size, &format!("jar:{}:{jar_size}", pom.artifact)),
        );
    }
}

/// `javac [-d DIR] [-cp PATH] FILE.java...`: a class file for each source,
/// named after its public class (the file's name), in `-d` or beside the
/// source. A class file is about the size of its source; nested classes
/// are not told apart.
pub fn javac(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut out_dir: Option<String> = None;
    let mut sources = Vec::new();
    let mut words = args[1..].iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "-d" => out_dir = words.next().cloned(),
            "-cp" | "-classpath" | "--class-path" | "-sourcepath" | "--release" | "-source"
            | "-target" | "-encoding" => {
                words.next();
            }
            w if w.starts_with('-') => {}
            w => sources.push(w.to_string()),
        }
    }
    if sources.is_empty() {
        io.err("error: no source files\n");
        return 2;
    }
    for source in &sources {
        let path = shell.path(source);
        let Ok(content) = shell.fs.read(&path).cloned() else {
            io.err(&format!("error: file not found: {source}\n"));
            return 2;
        };
        if !source.ends_with(".java") {
            io.err(&format!(
                "error: invalid flag: {source}\nUsage: javac <options> <source files>\n"
            ));
            return 2;
        }
        let (dir, file) = split_parent(&path);
        let class = format!("{}.class", file.trim_end_matches(".java"));
        let target = match &out_dir {
            Some(d) => format!("{}/{class}", shell.path(d).trim_end_matches('/')),
            None => format!("{}/{class}", dir.trim_end_matches('/')),
        };
        let size = content.size().max(200);
        shell.work += cost::COMMAND;
        write(
            shell,
            &target,
            Content::blob(size, &format!("class:{}", content.digest())),
        );
    }
    0
}

fn write(shell: &mut Shell, path: &str, content: Content) {
    super::common::write_file(shell, path, content, 0o644);
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;
    use super::parse_pom;

    const POM: &str = "<project><parent><artifactId>spring-boot-starter-parent</artifactId><version>3.3.2</version></parent><artifactId>demo</artifactId><version>0.0.1-SNAPSHOT</version><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency><dependency><artifactId>spring-boot-starter-test</artifactId><scope>test</scope></dependency></dependencies><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>";

    #[test]
    fn javac_writes_a_class_beside_each_source_or_in_d() {
        let (fs, status, output, _) = run_in(
            "eclipse-temurin:21-jdk",
            "mkdir /src && cd /src && printf 'class hello {}' > hello.java && javac hello.java && javac -d /out hello.java",
        );
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/src/hello.class") && fs.exists("/out/hello.class"));
        let (_, status, output, _) = run_in("eclipse-temurin:21-jdk", "javac /nope.java");
        assert_eq!(status, 2);
        assert!(
            output.contains("error: file not found: /nope.java"),
            "{output}"
        );
    }

    #[test]
    fn poms_are_read() {
        let pom = parse_pom(POM);
        assert_eq!(pom.artifact, "demo");
        assert_eq!(pom.version, "0.0.1-SNAPSHOT");
        assert_eq!(pom.dependencies.len(), 2);
        assert!(pom.fat);
    }

    #[test]
    fn spring_boot_builds_a_fat_jar() {
        let script = format!("mkdir -p /app/src/main/java && cd /app && echo '{POM}' > pom.xml && echo 'class A {{}}' > src/main/java/A.java && mvn -B package -DskipTests");
        let (fs, status, output, _) = run_in("maven:3.9", &script);
        assert_eq!(status, 0, "{output}");
        let jar = fs
            .read("/app/target/demo-0.0.1-SNAPSHOT.jar")
            .unwrap()
            .size();
        assert!((20_000_000..25_000_000).contains(&jar), "{jar}");
        assert!(output.contains("BUILD SUCCESS"));
        let (_, status, output, _) = run_in("maven:3.9", "mkdir /x && cd /x && mvn package");
        assert_eq!(status, 1);
        assert!(
            output.contains("there is no POM in this directory (/x)"),
            "{output}"
        );
    }

    #[test]
    fn final_name_and_the_assembly_and_shade_plugins_name_the_jars() {
        // As sparkjava's: the assembly's jar-with-dependencies named app.jar.
        let assembly = "<project><artifactId>server</artifactId><version>1.0</version><dependencies><dependency><artifactId>spark-core</artifactId></dependency></dependencies><build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId><configuration><descriptorRefs><descriptorRef>jar-with-dependencies</descriptorRef></descriptorRefs><finalName>app</finalName><appendAssemblyId>false</appendAssemblyId></configuration></plugin></plugins></build></project>";
        let pom = parse_pom(assembly);
        assert_eq!(pom.final_name, None);
        assert_eq!(pom.assembly, Some((Some("app".to_string()), false)));
        let script = format!("mkdir -p /w/src/main/java && cd /w && echo '{assembly}' > pom.xml && echo 'class A {{}}' > src/main/java/A.java && mvn -q package");
        let (fs, status, output, _) = run_in("maven:3.9", &script);
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/w/target/server-1.0.jar"));
        let fat = fs.read("/w/target/app.jar").unwrap().size();
        let thin = fs.read("/w/target/server-1.0.jar").unwrap().size();
        assert!(fat > thin + 500_000, "{fat} {thin}");
        // `mvn clean compile assembly:single`: the assembly without the
        // project's jar.
        let script = format!("mkdir -p /w/src/main/java && cd /w && echo '{assembly}' > pom.xml && echo 'class A {{}}' > src/main/java/A.java && mvn -q clean compile assembly:single");
        let (fs, status, output, _) = run_in("maven:3.9", &script);
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/w/target/app.jar"));
        assert!(!fs.exists("/w/target/server-1.0.jar"));
        // The project's finalName, and the shade plugin's original jar.
        let shaded = "<project><artifactId>tool</artifactId><version>2.0</version><build><finalName>tool</finalName><plugins><plugin><artifactId>maven-shade-plugin</artifactId></plugin></plugins></build></project>";
        let script = format!("mkdir -p /w/src/main/java && cd /w && echo '{shaded}' > pom.xml && echo 'class A {{}}' > src/main/java/A.java && mvn -q package");
        let (fs, status, output, _) = run_in("maven:3.9", &script);
        assert_eq!(status, 0, "{output}");
        assert!(fs.exists("/w/target/tool.jar"));
        assert!(fs.exists("/w/target/original-tool.jar"));
    }

    #[test]
    fn jar_xf_unpacks_spring_boots_layout_and_nothing_it_does_not_know() {
        let script = format!("mkdir -p /app/src/main/java && cd /app && echo '{POM}' > pom.xml && echo 'class A {{}}' > src/main/java/A.java && mvn -q package -DskipTests && mkdir -p target/dependency && cd target/dependency && jar -xf ../*.jar");
        let (fs, status, output, _) = run_in("maven:3.9", &script);
        assert_eq!(status, 0, "{output}");
        let lib = "/app/target/dependency/BOOT-INF/lib/spring-boot-starter-web.jar";
        assert!(fs.read(lib).unwrap().size() > 1_000_000);
        assert!(fs.exists("/app/target/dependency/BOOT-INF/classes/application.class"));
        assert!(fs.exists("/app/target/dependency/META-INF/MANIFEST.MF"));
        // Test-scoped dependencies are not in the jar.
        assert!(!fs.exists("/app/target/dependency/BOOT-INF/lib/spring-boot-starter-test.jar"));
        let (fs, status, _, warnings) = run_in(
            "maven:3.9",
            "echo x > /other.jar && cd /tmp && jar xf /other.jar",
        );
        assert_eq!(status, 0);
        assert!(fs.walk_under("/tmp").is_empty());
        assert!(
            warnings.iter().any(|w| w.contains("nothing is unpacked")),
            "{warnings:?}"
        );
    }
}
