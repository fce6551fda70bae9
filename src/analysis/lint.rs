//! Lint for lean, safe images: Stagecraft's own rules, each with an
//! explanation and the fix, and the hadolint rule or BuildKit check that
//! matches where there is one. Rules read the Dockerfile, the build (what
//! the final image holds, which stages it needs) and the context. Each
//! finding points at a line.

use serde::Serialize;

use std::collections::HashMap;

use crate::dockerfile::check_rule::Check;
use crate::dockerfile::instruction::{Command, Dockerfile, Run, Stage};
use crate::dockerfile::DiagnosticKind;
use crate::engine::build::{Build, StageResult, StageStatus};
use crate::engine::context::BuildContext;
use crate::engine::image::{human_size, Image, Layer, LayerOrigin};
use crate::engine::layer::ChangeKind;
use crate::engine::plan::Base;
use crate::engine::step::{RunFacts, Step};
use crate::engine::vfs::{split_parent, Node};

/// A rule: its id, name, why it matters, how to fix it, and its
/// equivalent elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub name: &'static str,
    pub explanation: &'static str,
    pub fix: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equivalent: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    #[serde(flatten)]
    pub rule: Rule,
    pub line: usize,
    pub message: String,
}

macro_rules! rule {
    ($konst:ident, $id:literal, $name:literal, $equivalent:expr, $explanation:literal, $fix:literal) => {
        pub const $konst: Rule = Rule {
            id: $id,
            name: $name,
            explanation: $explanation,
            fix: $fix,
            equivalent: $equivalent,
        };
    };
}

rule!(UNPINNED_BASE, "SC001", "unpinned-base", Some("hadolint DL3006, DL3007"),
    "An image without a tag, or with a tag that names no version (`latest`, `lts`, `edge`, `alpine`), is whatever the registry holds the day you build: the next build can get a new major version and break, or grow, without a change to the Dockerfile. This holds for `COPY --from=IMAGE` too.",
    "Name a version: `FROM node:20-alpine`, or pin a digest (`@sha256:...`) for builds that must not change.");
rule!(APT_LISTS_KEPT, "SC002", "apt-lists-kept", Some("hadolint DL3009"),
    "`apt-get update` writes the package lists to /var/lib/apt/lists (about 20 MB on Debian). Removed in a later RUN, they stay in the earlier layer and in the image.",
    "End the same RUN with `&& rm -rf /var/lib/apt/lists/*`.");
rule!(APT_RECOMMENDS, "SC003", "apt-recommends", Some("hadolint DL3015"),
    "Without `--no-install-recommends`, apt-get installs every package the ones you asked for recommend: often tens of megabytes you never use.",
    "`apt-get install -y --no-install-recommends PACKAGE...`.");
rule!(
    APK_CACHE,
    "SC004",
    "apk-cache",
    Some("hadolint DL3019"),
    "`apk add` without `--no-cache` keeps the package index in /var/cache/apk, in the layer.",
    "`apk add --no-cache PACKAGE...` (it also saves the `apk update`)."
);
rule!(PIP_CACHE, "SC005", "pip-cache", Some("hadolint DL3042"),
    "pip keeps every wheel it downloaded in /root/.cache/pip, in the layer, though the packages are already installed.",
    "`pip install --no-cache-dir ...`, or set `ENV PIP_NO_CACHE_DIR=1`.");
rule!(CONSECUTIVE_RUNS, "SC006", "consecutive-runs", Some("hadolint DL3059"),
    "Each RUN is a layer. Short consecutive RUNs with the same mounts cost layers for nothing, and what one RUN writes and the next deletes or rewrites still ships in the first one's layer.",
    "Join them with `&&` (and `\\` line continuations) into one RUN.");
rule!(COPY_FROM_UNDEFINED, "SC007", "copy-from-undefined", Some("hadolint DL3022, DL3023"),
    "`COPY --from` names a stage that is not defined before this one, or this stage itself. A name no stage has is read as an image to pull, which fails or copies from something else; a stage defined below stops the build (`cannot copy from stage \"x\", it needs to be defined before current stage \"y\"`).",
    "Name a stage defined above (`FROM golang:1.22 AS build` ... `COPY --from=build`).");
rule!(
    DUPLICATE_STAGE,
    "SC008",
    "duplicate-stage-name",
    Some("hadolint DL3024; BuildKit DuplicateStageName"),
    "Two stages have the same name: `--from` and `--target` can only reach one of them.",
    "Give each stage its own name."
);
rule!(COPY_ALL_BEFORE_INSTALL, "SC009", "copy-all-before-install", None,
    "`COPY . .` before installing dependencies makes any edit to any source file invalidate the install's cache: every rebuild downloads and installs everything again.",
    "Copy the dependency manifests first (`COPY package.json package-lock.json ./`, `COPY go.mod go.sum ./`, `COPY requirements.txt .`), install, then `COPY . .`.");
rule!(ADD_LOCAL_FILE, "SC010", "add-local-file", Some("hadolint DL3020"),
    "ADD of a plain local file does what COPY does, and also unpacks archives and fetches URLs: the reader has to wonder which.",
    "Use COPY for files and directories; keep ADD for a local tar archive to unpack.");
rule!(SECRETS_IN_IMAGE, "SC011", "secrets-in-image", None,
    "The final image holds a file that usually carries secrets (.env, a private key, .npmrc, AWS credentials, a .git directory). Anyone who can pull the image can read it, even if a later layer deletes it.",
    "Keep it out of the context with .dockerignore; for build-time secrets use `RUN --mount=type=secret`; build in an earlier stage and copy only what runs.");
rule!(BUILD_TOOLS_IN_FINAL, "SC012", "build-tools-in-final", None,
    "The final image carries build tools or package caches (a compiler, the Go toolchain, npm's or pip's cache, ~/.m2): hundreds of megabytes and more to patch, none of it needed to run.",
    "Build in a stage with the tools, then start the final stage from a small base and `COPY --from` only the result.");
rule!(RUNS_AS_ROOT, "SC013", "runs-as-root", Some("hadolint DL3002"),
    "The container runs as root: a flaw in the app gives root in the container.",
    "Add a user and switch to it (`RUN adduser -D app` then `USER app`), or start from an image that runs as non-root (distroless `:nonroot`).");
rule!(COPY_FROM_ROOT, "SC014", "copy-from-root", Some("hadolint DL3067"),
    "`COPY --from=STAGE / /` copies the whole filesystem of the stage, tools and caches included: the multi-stage build saves nothing.",
    "Copy only what runs: the binary, the built assets, the production dependencies.");
rule!(CONTEXT_WITHOUT_DOCKERIGNORE, "SC015", "context-without-dockerignore", None,
    "The build context has node_modules or .git and there is no .dockerignore: they are sent to the builder on every build, and `COPY . .` puts them in the image (with the host's platform-specific modules).",
    "Add a .dockerignore with `node_modules`, `.git` and your build outputs.");
rule!(UNUSED_STAGE, "SC016", "unused-stage", None,
    "Nothing the target needs uses this stage (no `--from`, no `FROM` of it): BuildKit skips it, and it only makes the Dockerfile harder to read.",
    "Remove it, copy what it builds into the final stage, or, if it is meant to be built on its own (a test stage), build it with `docker build --target NAME`.");

rule!(PACKAGE_CACHE_IN_LAYER, "SC017", "package-cache-in-layer", Some("hadolint DL3060"),
    "npm and yarn keep every package they downloaded in their cache (~/.npm/_cacache, /usr/local/share/.cache/yarn), in the layer, though the packages are already installed in node_modules.",
    "End the same RUN with `npm cache clean --force` or `yarn cache clean`, or mount the cache (`RUN --mount=type=cache,target=/root/.npm npm ci`).");
rule!(SHELL_FORM_COMMAND, "SC018", "shell-form-command", Some("hadolint DL3025; BuildKit JSONArgsRecommended"),
    "In shell form, CMD and ENTRYPOINT run the app under `/bin/sh -c`: the shell is process 1, and `docker stop`'s SIGTERM never reaches the app, which is killed after 10 seconds.",
    "Use the exec (JSON) form: `CMD [\"node\", \"server.js\"]`.");
rule!(PIPE_WITHOUT_PIPEFAIL, "SC019", "pipe-without-pipefail", Some("hadolint DL4006"),
    "A pipeline's status is its last command's: in `curl URL | tar x`, a failed download still lets the RUN succeed, and the image is built without what it was meant to hold.",
    "Run the RUN's shell with pipefail: `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` (or `/bin/ash` on Alpine), or `set -o pipefail &&` at the start of the RUN.");

/// Every rule, in id order.
pub const RULES: &[Rule] = &[
    UNPINNED_BASE,
    APT_LISTS_KEPT,
    APT_RECOMMENDS,
    APK_CACHE,
    PIP_CACHE,
    CONSECUTIVE_RUNS,
    COPY_FROM_UNDEFINED,
    DUPLICATE_STAGE,
    COPY_ALL_BEFORE_INSTALL,
    ADD_LOCAL_FILE,
    SECRETS_IN_IMAGE,
    BUILD_TOOLS_IN_FINAL,
    RUNS_AS_ROOT,
    COPY_FROM_ROOT,
    CONTEXT_WITHOUT_DOCKERIGNORE,
    UNUSED_STAGE,
    PACKAGE_CACHE_IN_LAYER,
    SHELL_FORM_COMMAND,
    PIPE_WITHOUT_PIPEFAIL,
];

struct Lint {
    findings: Vec<Finding>,
}

impl Lint {
    fn add(&mut self, rule: Rule, line: usize, message: String) {
        self.findings.push(Finding {
            rule,
            line,
            message,
        });
    }
}

/// What a RUN of `stage` ran, when the build ran it: the rules about
/// RUN read the programs it ran and its mounts, not its text.
fn run_facts(built: Option<&StageResult>, line: usize) -> Option<&RunFacts> {
    step_at(built?, line).and_then(Step::run)
}

/// The step of the instruction at `line` (not an ONBUILD trigger's).
fn step_at(built: &StageResult, line: usize) -> Option<&Step> {
    built.steps.iter().find(|s| s.line == line && !s.trigger)
}

/// The layer the instruction at `line` made.
fn layer_at(built: &StageResult, line: usize) -> Option<&Layer> {
    built
        .image
        .as_ref()?
        .layers
        .get(step_at(built, line)?.layer?)
}

/// A program's file name.
fn program(argv: &[String]) -> &str {
    let first = argv.first().map(String::as_str).unwrap_or_default();
    first.rsplit('/').next().unwrap_or(first)
}

/// `tool verb ...`: the program is one of `tools` and its first operand
/// one of `verbs`.
fn is_install(argv: &[String], tools: &[&str], verbs: &[&str]) -> bool {
    tools.contains(&program(argv))
        && argv[1..]
            .iter()
            .find(|w| !w.starts_with('-'))
            .is_some_and(|v| verbs.contains(&v.as_str()))
}

fn has(argv: &[String], word: &str) -> bool {
    argv.iter().any(|w| w == word)
}

/// `pip install`, `pip3 install`, `python -m pip install`.
fn is_pip_install(argv: &[String]) -> bool {
    let pip = program(argv);
    is_install(argv, &["pip", "pip3"], &["install"])
        || (pip.starts_with("pip3.") && is_install(argv, &[pip], &["install"]))
        || (pip.starts_with("python")
            && argv.get(1).is_some_and(|w| w == "-m")
            && argv.get(2).is_some_and(|w| w == "pip")
            && has(argv, "install"))
}

/// Bytes the layer of the RUN at `first` wrote that the RUN at `second`
/// (in the same stage) deletes or rewrites: they ship in the first layer
/// though the image does not show them.
fn rewritten_bytes(built: &StageResult, first: usize, second: usize) -> u64 {
    let (Some(a), Some(b)) = (layer_at(built, first), layer_at(built, second)) else {
        return 0;
    };
    let later: HashMap<&str, ChangeKind> = b
        .changes
        .iter()
        .map(|c| (c.path.as_str(), c.kind))
        .collect();
    let hidden = |path: &str| {
        if later.contains_key(path) {
            return true;
        }
        let mut at = path;
        while at != "/" && !at.is_empty() {
            at = split_parent(at).0;
            if matches!(
                later.get(at),
                Some(ChangeKind::Deleted | ChangeKind::Opaque)
            ) {
                return true;
            }
        }
        false
    };
    a.changes
        .iter()
        .filter(|c| c.size() > 0 && hidden(&c.path))
        .map(|c| c.size())
        .sum()
}

/// Package managers' download caches, by a part of their path.
const PACKAGE_CACHES: &[(&str, &str)] = &[
    ("/.npm/_cacache/", "npm's cache"),
    ("/.cache/yarn/", "yarn's cache"),
    ("/.yarn/berry/cache/", "yarn's cache"),
];

/// The bytes of a package manager's cache the layer of the RUN at `line`
/// holds, and whose cache it is.
fn package_cache_bytes(built: &StageResult, line: usize) -> Option<(u64, &'static str)> {
    let layer = layer_at(built, line)?;
    let mut found: Option<(u64, &'static str)> = None;
    for change in layer.changes.iter() {
        if let Some((_, what)) = PACKAGE_CACHES.iter().find(|(p, _)| change.path.contains(p)) {
            let (bytes, _) = found.get_or_insert((0, what));
            *bytes += change.size();
        }
    }
    found.filter(|(bytes, _)| *bytes > 0)
}

/// The RUN rules of one stage; `ships` says whether the stage's layers
/// are in the target image (the target and the stages it is built
/// FROM): the size rules weigh only bytes that ship.
fn check_runs(lint: &mut Lint, stage: &Stage, built: Option<&StageResult>, ships: bool) {
    // The RUN to compare with, as hadolint's DL3059 keeps it: its line,
    // its flags and how many commands it ran.
    let mut previous: Option<(usize, &Run, usize)> = None;
    for instruction in &stage.instructions {
        let Command::Run(run) = &instruction.command else {
            previous = None;
            continue;
        };
        let line = instruction.start_line;
        let facts = run_facts(built, line);
        let commands = facts.map_or(1, |f| f.commands);
        let mut compared_again = false;
        // Layers of a stage that does not ship cost nothing in the image.
        if let Some((first, before, before_commands)) = previous.filter(|_| ships) {
            let wasted = built.map_or(0, |built| rewritten_bytes(built, first, line));
            let same_flags = before.mounts == run.mounts
                && before.network == run.network
                && before.security == run.security;
            if wasted > 0 {
                lint.add(
                    CONSECUTIVE_RUNS,
                    line,
                    format!("this RUN deletes or rewrites {} that the RUN of line {first} wrote: they still ship in that RUN's layer, where one RUN would not keep them", human_size(wasted)),
                );
            } else if same_flags && commands <= 2 && before_commands <= 2 {
                lint.add(
                    CONSECUTIVE_RUNS,
                    line,
                    format!(
                        "this RUN follows the RUN of line {first}: two layers where one would do"
                    ),
                );
                // The next RUN is compared with the same first RUN, as
                // DL3059 does.
                compared_again = true;
            }
        }
        if !compared_again {
            previous = Some((line, run, commands));
        }
        let Some(facts) = facts else {
            continue;
        };
        if facts.unguarded_pipe {
            lint.add(
                PIPE_WITHOUT_PIPEFAIL,
                line,
                "a pipeline ran without pipefail: only its last command's failure fails the RUN"
                    .into(),
            );
        }
        if !ships {
            // What this stage leaves behind does not reach the image.
            continue;
        }
        let programs = &facts.programs;
        let any_word = |text: &str| programs.iter().flatten().any(|w| w.contains(text));
        let apt_installs: Vec<&Vec<String>> = programs
            .iter()
            .filter(|a| is_install(a, &["apt-get", "apt"], &["install"]))
            .collect();
        if !apt_installs.is_empty() {
            if !any_word("/var/lib/apt/lists") {
                lint.add(
                    APT_LISTS_KEPT,
                    line,
                    "apt-get install without `rm -rf /var/lib/apt/lists/*` in the same RUN".into(),
                );
            }
            let all_recommend = apt_installs
                .iter()
                .any(|a| !has(a, "--no-install-recommends"));
            if all_recommend && !any_word("APT::Install-Recommends") {
                lint.add(
                    APT_RECOMMENDS,
                    line,
                    "apt-get install without --no-install-recommends".into(),
                );
            }
        }
        if programs
            .iter()
            .any(|a| is_install(a, &["apk"], &["add"]) && !has(a, "--no-cache"))
            && !facts.caches("/var/cache/apk")
        {
            lint.add(APK_CACHE, line, "apk add without --no-cache".into());
        }
        if programs
            .iter()
            .any(|a| is_pip_install(a) && !has(a, "--no-cache-dir"))
            && !facts.caches("/root/.cache/pip")
        {
            lint.add(PIP_CACHE, line, "pip install without --no-cache-dir".into());
        }
        if let Some((bytes, what)) = built.and_then(|b| package_cache_bytes(b, line)) {
            lint.add(
                PACKAGE_CACHE_IN_LAYER,
                line,
                format!(
                    "{what} is in this RUN's layer: {} that ship",
                    human_size(bytes)
                ),
            );
        }
    }
}

/// Installs that read dependency manifests, which `COPY . .` before them
/// makes rerun on every source edit.
fn installs_dependencies(facts: &RunFacts) -> bool {
    facts.programs.iter().any(|a| {
        is_install(a, &["npm"], &["ci", "install", "i"])
            || is_install(a, &["yarn"], &["install"])
            || (program(a) == "yarn" && a.len() == 1)
            || (is_pip_install(a) && has(a, "-r"))
            || (is_install(a, &["go"], &["mod"]) && has(a, "download"))
            || is_install(a, &["bundle"], &["install"])
            || is_install(a, &["composer"], &["install"])
            || is_install(
                a,
                &["mvn"],
                &["dependency:go-offline", "dependency:resolve"],
            )
            || is_install(a, &["dotnet"], &["restore"])
            || is_install(a, &["cargo"], &["fetch"])
    })
}

fn check_copies(
    lint: &mut Lint,
    dockerfile: &Dockerfile,
    stage: &Stage,
    built: Option<&StageResult>,
) {
    let mut copied_all: Option<usize> = None;
    for instruction in &stage.instructions {
        let line = instruction.start_line;
        match &instruction.command {
            Command::Copy(copy) => {
                if let Some(from) = &copy.from {
                    let name = from.value.as_str();
                    let own = stage
                        .name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                        || name == stage.index.to_string();
                    let earlier = dockerfile.stages[..stage.index].iter().any(|s| {
                        s.name
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                            || s.index.to_string() == name
                    });
                    let image_like = name.contains(['/', ':', '.', '@']);
                    let later = dockerfile.stages[stage.index + 1..].iter().any(|s| {
                        s.name
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    });
                    if own {
                        lint.add(
                            COPY_FROM_UNDEFINED,
                            line,
                            format!("COPY --from={name} names this stage itself"),
                        );
                    } else if !earlier && later {
                        lint.add(COPY_FROM_UNDEFINED, line, format!("the stage {name} is defined below this one; BuildKit stops with `cannot copy from stage \"{name}\", it needs to be defined before current stage \"{}\"`", stage.name.clone().unwrap_or_else(|| format!("stage-{}", stage.index))));
                    } else if !earlier && !image_like {
                        lint.add(COPY_FROM_UNDEFINED, line, format!("no stage named {name} is defined before this one; BuildKit will look for an image called {name}"));
                    } else if !earlier && name.parse::<usize>().is_err() {
                        // An image: pinned as a FROM should be.
                        if let Some(message) = unpinned(name) {
                            lint.add(UNPINNED_BASE, line, format!("COPY --from={message}"));
                        }
                    }
                    if copy
                        .sources
                        .paths
                        .iter()
                        .any(|p| p.value == "/" || p.value == "/.")
                    {
                        lint.add(
                            COPY_FROM_ROOT,
                            line,
                            format!("COPY --from={name} / copies the whole filesystem of {name}"),
                        );
                    }
                } else if copied_all.is_none()
                    && copy
                        .sources
                        .paths
                        .iter()
                        .any(|p| matches!(p.value.as_str(), "." | "./" | "./*" | "*"))
                {
                    copied_all = Some(line);
                }
            }
            Command::Add(add) => {
                for source in &add.sources.paths {
                    let value = source.value.as_str();
                    let remote = value.contains("://") || value.starts_with("git@");
                    let archive = [
                        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz",
                        ".tar.zst",
                    ]
                    .iter()
                    .any(|s| value.ends_with(s));
                    if !remote && !archive {
                        lint.add(
                            ADD_LOCAL_FILE,
                            line,
                            format!("ADD {value}: COPY does this plainly"),
                        );
                        break;
                    }
                }
            }
            Command::Run(_) => {
                if let (Some(copy_line), Some(facts)) = (copied_all, run_facts(built, line)) {
                    if installs_dependencies(facts) {
                        lint.add(
                            COPY_ALL_BEFORE_INSTALL,
                            copy_line,
                            format!("the whole context is copied here, before the dependencies are installed on line {line}: any source edit reruns the install"),
                        );
                        copied_all = None;
                    }
                }
            }
            _ => {}
        }
    }
}

/// The Dockerfile line of the layer that last wrote `path` in `image`, or
/// the FROM line when the base image has it.
fn line_of(image: &Image, path: &str, from_line: usize) -> usize {
    // Only this build's layers have lines; the base image's are at FROM.
    image
        .layers
        .iter()
        .rev()
        .filter_map(|layer| match layer.origin {
            LayerOrigin::Step { line, .. } => Some((line, layer)),
            LayerOrigin::Base { .. } => None,
        })
        .find(|(_, layer)| layer.changes.iter().any(|c| c.path == path))
        .map_or(from_line, |(line, _)| line)
}

const SECRET_NAMES: &[&str] = &[
    ".env",
    ".npmrc",
    ".pypirc",
    ".netrc",
    "id_rsa",
    "id_ed25519",
    "id_ecdsa",
    "credentials",
];
const SECRET_SUFFIXES: &[&str] = &[".pem", ".key", ".p12", ".pfx"];

/// Build tools and caches, by path (exact, or anything under a directory).
const TOOLS: &[(&str, &str)] = &[
    ("/usr/local/go/bin/go", "the Go toolchain"),
    ("/usr/bin/gcc", "a C compiler (gcc)"),
    ("/usr/local/cargo/bin/cargo", "the Rust toolchain"),
    ("/opt/java/openjdk/bin/javac", "a Java compiler (the JDK)"),
    ("/usr/share/maven/bin/mvn", "Maven"),
    ("/root/.npm/_cacache", "npm's cache"),
    ("/root/.cache", "a cache in /root/.cache (pip, go-build)"),
    ("/usr/local/share/.cache/yarn", "yarn's cache"),
    ("/root/.m2/repository", "Maven's repository"),
    ("/root/.gradle/caches", "Gradle's caches"),
    ("/go/pkg/mod", "Go's module cache"),
];

fn check_final_image(lint: &mut Lint, build: &Build, dockerfile: &Dockerfile) {
    let Some(target) = build.target else {
        return;
    };
    let Some(image) = build.image() else {
        return;
    };
    let from_line = dockerfile
        .stages
        .get(target)
        .map_or(1, |s| s.from.start_line);
    // Secrets come from the context or the build, not from base images:
    // the paths this build's layers wrote that the image still has.
    let mut secrets: Vec<String> = Vec::new();
    for layer in image
        .layers
        .iter()
        .filter(|l| matches!(l.origin, LayerOrigin::Step { .. }))
    {
        for change in layer.changes.iter() {
            let path = change.path.as_str();
            let name = path.rsplit('/').next().unwrap_or_default();
            let candidate = SECRET_NAMES.contains(&name)
                || SECRET_SUFFIXES.iter().any(|s| name.ends_with(s))
                || name == ".git";
            if !candidate {
                continue;
            }
            // Still in the image, as what it was written as.
            let secret = match image.filesystem.get(path) {
                Some(Node::File(_)) => {
                    SECRET_NAMES.contains(&name)
                        || (SECRET_SUFFIXES.iter().any(|s| name.ends_with(s))
                            && !path.starts_with("/etc/ssl")
                            && !path.starts_with("/usr/"))
                }
                Some(Node::Dir(_)) => name == ".git",
                _ => false,
            };
            if secret && !secrets.iter().any(|p| p == path) {
                secrets.push(path.to_string());
            }
        }
    }
    let tools: Vec<(String, &str)> = TOOLS
        .iter()
        .filter(|(path, _)| image.filesystem.exists(path))
        .map(|(path, what)| (path.to_string(), *what))
        .collect();
    for path in secrets {
        let line = line_of(image, &path, from_line);
        lint.add(
            SECRETS_IN_IMAGE,
            line,
            format!("the final image has {path}"),
        );
    }
    for (path, what) in tools {
        let line = line_of(image, &path, from_line);
        lint.add(
            BUILD_TOOLS_IN_FINAL,
            line,
            format!("the final image has {what} ({path})"),
        );
    }
    let user = image.config.user.as_deref().unwrap_or("");
    let root = user.is_empty()
        || user == "root"
        || user == "0"
        || user.starts_with("root:")
        || user.starts_with("0:");
    if root {
        let stage = &dockerfile.stages[target];
        let line = stage
            .instructions
            .iter()
            .rev()
            .find(|i| matches!(i.command, Command::User { .. }))
            .map_or(from_line, |i| i.start_line);
        lint.add(RUNS_AS_ROOT, line, "the final stage runs as root".into());
    }
}

/// Why the image `reference` moves under the build, if it does: no tag,
/// or a tag that names no version (`latest`, `lts`, `edge`, `alpine`,
/// `lts-slim`). A digest pins it; a variable is not known here.
fn unpinned(reference: &str) -> Option<String> {
    const FLOATING: [&str; 10] = [
        "latest", "lts", "edge", "current", "stable", "mainline", "rolling", "nightly", "alpine",
        "slim",
    ];
    if reference.contains('@') || reference.contains('$') {
        return None;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.split_once(':') {
        None => Some(format!(
            "{reference} has no tag: it means {reference}:latest"
        )),
        Some((_, "latest")) => Some(format!("{reference} follows latest")),
        Some((_, tag))
            if !tag.bytes().any(|b| b.is_ascii_digit())
                && tag.split('-').next().is_some_and(|w| FLOATING.contains(&w)) =>
        {
            Some(format!(
                "{reference}: the tag {tag} names no version, and moves to each new release"
            ))
        }
        Some(_) => None,
    }
}

fn check_stages(lint: &mut Lint, build: &Build, dockerfile: &Dockerfile) {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for stage in &dockerfile.stages {
        if let Some(name) = &stage.name {
            let lower = name.to_ascii_lowercase();
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == lower) {
                lint.add(
                    DUPLICATE_STAGE,
                    stage.from.start_line,
                    format!("stage name {name} is already used on line {first}"),
                );
            } else {
                seen.push((lower, stage.from.start_line));
            }
        }
        if let Command::From(from) = &stage.from.command {
            let image = from.image.value.as_str();
            let is_stage = dockerfile.stages[..stage.index].iter().any(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(image))
            });
            if image != "scratch" && !is_stage {
                if let Some(message) = unpinned(image) {
                    lint.add(UNPINNED_BASE, stage.from.start_line, message);
                }
            }
        }
    }
    for result in &build.stages {
        if result.status == StageStatus::Skipped {
            if let Some(stage) = dockerfile.stages.get(result.index) {
                lint.add(
                    UNUSED_STAGE,
                    stage.from.start_line,
                    format!("stage {} is not used by the target", result.display_name),
                );
            }
        }
    }
}

fn check_context(lint: &mut Lint, context: &BuildContext, dockerfile: &Dockerfile) {
    if context.ignore_file.is_some() {
        return;
    }
    let heavy: Vec<&str> = ["node_modules", ".git"]
        .into_iter()
        .filter(|name| context.files.exists(&format!("/{name}")))
        .collect();
    if heavy.is_empty() {
        return;
    }
    // At the instruction that sends it into the image, else line 1.
    let line = dockerfile
        .stages
        .iter()
        .flat_map(|s| &s.instructions)
        .find(|i| match &i.command {
            Command::Copy(c) if c.from.is_none() => c
                .sources
                .paths
                .iter()
                .any(|p| matches!(p.value.as_str(), "." | "./" | "*")),
            Command::Add(a) => a
                .sources
                .paths
                .iter()
                .any(|p| matches!(p.value.as_str(), "." | "./" | "*")),
            _ => false,
        })
        .map_or(1, |i| i.start_line);
    lint.add(
        CONTEXT_WITHOUT_DOCKERIGNORE,
        line,
        format!(
            "the context has {} and no .dockerignore",
            heavy.join(" and ")
        ),
    );
}

/// Which stages' layers are in the target image: the target and the
/// stages it is built FROM, one from the next. All of them, when the build
/// could not be planned.
fn shipping_stages(build: &Build, count: usize) -> Vec<bool> {
    let Some(plan) = &build.plan else {
        return vec![true; count];
    };
    let mut ships = vec![false; count];
    let mut at = Some(plan.target);
    while let Some(index) = at.filter(|&i| i < count && !ships[i]) {
        ships[index] = true;
        at = match plan.stages.get(index).map(|s| &s.base) {
            Some(Base::Stage(base)) => Some(*base),
            _ => None,
        };
    }
    ships
}

/// Lints the Dockerfile of `build`, as built from `context`; findings by
/// line.
pub fn lint(context: &BuildContext, build: &Build) -> Vec<Finding> {
    let dockerfile = &*build.dockerfile;
    let mut lint = Lint {
        findings: Vec::new(),
    };
    check_stages(&mut lint, build, dockerfile);
    let ships = shipping_stages(build, dockerfile.stages.len());
    for stage in &dockerfile.stages {
        let built = build
            .stages
            .get(stage.index)
            .filter(|s| s.status == StageStatus::Built);
        check_runs(&mut lint, stage, built, ships[stage.index]);
        check_copies(&mut lint, dockerfile, stage, built);
    }
    // BuildKit's own check, which the build computes.
    for diagnostic in &dockerfile.diagnostics {
        if let DiagnosticKind::Check {
            check: Check::JsonArgsRecommended,
            message,
            ..
        } = &diagnostic.kind
        {
            lint.add(
                SHELL_FORM_COMMAND,
                diagnostic.span.start.line,
                message.clone(),
            );
        }
    }
    check_final_image(&mut lint, build, dockerfile);
    check_context(&mut lint, context, dockerfile);
    lint.findings
        .sort_by(|a, b| a.line.cmp(&b.line).then(a.rule.id.cmp(b.rule.id)));
    lint.findings
}
