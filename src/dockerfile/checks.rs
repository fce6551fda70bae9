//! BuildKit's build checks that need only the Dockerfile (no image, no build
//! context), with BuildKit's rule names and wording, and the `# check=`
//! directive that skips them or makes them fail the build.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::ast::Word;
pub use super::check_rule::{Check, CheckOptions};
use super::diagnostic::{Diagnostic, DiagnosticKind};
use super::dump::go_quote;
use super::env_map::EnvMap;
use super::expand::{Lex, Meter};
use super::instruction::{Command, Dockerfile, Instruction, KeyValue, Stage};
use super::source::{is_lowercase, is_uppercase, Span};
use super::suggest::suggest;

/// Build arguments every build has (BuildKit's predefined platform args).
const PREDEFINED_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETSTAGE",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

/// Runs every check on `dockerfile` and applies its `# check=` directive.
pub fn run_checks(dockerfile: &mut Dockerfile) {
    let mut found: Vec<(Check, Span, String)> = Vec::new();
    let mut warn = |check: Check, span: Span, message: String| found.push((check, span, message));
    check_stages(dockerfile, &mut warn);
    check_casing(dockerfile, &mut warn);
    check_from_args(dockerfile, &mut warn);
    let inherited = inherited_workdirs(dockerfile);
    for (stage, inherits) in dockerfile.stages.iter().zip(inherited) {
        check_stage_instructions(stage, inherits, &mut warn);
    }

    let directive = dockerfile.ast.directives.iter().find(|d| d.name == "check");
    let options = match directive.map(|d| (d, CheckOptions::parse(&d.value))) {
        None => CheckOptions::default(),
        Some((_, Ok(options))) => options,
        Some((d, Err(message))) => {
            dockerfile.diagnostics.push(Diagnostic::error(
                d.span,
                DiagnosticKind::CheckOptions { message },
            ));
            CheckOptions::default()
        }
    };
    // The parser's own check (empty continuation lines) is filtered here too.
    dockerfile.diagnostics.retain(|d| match &d.kind {
        DiagnosticKind::Check { check, .. } => !options.skips(*check),
        _ => true,
    });
    let mut violated: BTreeSet<&'static str> = dockerfile
        .diagnostics
        .iter()
        .filter_map(|d| match &d.kind {
            DiagnosticKind::Check { check, .. } => Some(check.name()),
            _ => None,
        })
        .collect();
    for (check, span, message) in found {
        if options.skips(check) {
            continue;
        }
        violated.insert(check.name());
        dockerfile.diagnostics.push(Diagnostic::warning(
            span,
            DiagnosticKind::Check { check, message },
        ));
    }
    if options.error && !violated.is_empty() {
        let span = directive.map_or(Span::default(), |d| d.span);
        dockerfile.diagnostics.push(Diagnostic::error(
            span,
            DiagnosticKind::LintViolation {
                rules: violated.into_iter().map(String::from).collect(),
            },
        ));
    }
}

type Warn<'a> = dyn FnMut(Check, Span, String) + 'a;

fn from_of(instruction: &Instruction) -> Option<&super::instruction::From> {
    match &instruction.command {
        Command::From(from) => Some(from),
        _ => None,
    }
}

/// Stage names: casing, reuse, reserved words; FROM and AS casing.
fn check_stages(dockerfile: &Dockerfile, warn: &mut Warn) {
    let mut seen = HashSet::new();
    for stage in &dockerfile.stages {
        let Some(from) = from_of(&stage.from) else {
            continue;
        };
        if let Some(name) = &from.name {
            if !is_lowercase(&name.value) {
                warn(
                    Check::StageNameCasing,
                    name.span,
                    format!("Stage name '{}' should be lowercase", name.value),
                );
            }
            let lower = name.value.to_lowercase();
            if !seen.insert(lower.clone()) {
                warn(
                    Check::DuplicateStageName,
                    name.span,
                    format!(
                        "Duplicate stage name {}, stage names should be unique",
                        go_quote(&lower)
                    ),
                );
            }
            if lower == "context" || lower == "scratch" {
                warn(
                    Check::ReservedStageName,
                    name.span,
                    format!(
                        "Stage name should not use the same name as reserved stage {}",
                        go_quote(&lower)
                    ),
                );
            }
        }
        if let Some(as_keyword) = &from.as_keyword {
            let keyword = &stage.from.keyword;
            if self_consistent(keyword)
                && self_consistent(&as_keyword.value)
                && is_upper(keyword) != is_upper(&as_keyword.value)
            {
                warn(
                    Check::FromAsCasing,
                    as_keyword.span,
                    format!(
                        "'{}' and '{}' keywords' casing do not match",
                        as_keyword.value, keyword
                    ),
                );
            }
        }
    }
}

/// A name BuildKit takes for a secret: one of its `_`-separated words is
/// a secret's word (case aside), and none is an allowed one
/// (dockerfile2llb's `getSecretsRegex`).
fn looks_secret(key: &str) -> bool {
    const DENY: &[&str] = &[
        "apikey",
        "auth",
        "credential",
        "credentials",
        "key",
        "password",
        "pword",
        "passwd",
        "secret",
        "token",
    ];
    const ALLOW: &[&str] = &["public", "file", "version"];
    let has = |words: &[&str]| {
        key.split('_')
            .any(|part| words.iter().any(|w| part.eq_ignore_ascii_case(w)))
    };
    has(DENY) && !has(ALLOW)
}

/// All upper case or all lower case.
fn self_consistent(s: &str) -> bool {
    is_uppercase(s) || is_lowercase(s)
}

fn is_upper(s: &str) -> bool {
    is_uppercase(s)
}

/// Every instruction of every stage in the casing most of them use.
fn check_casing(dockerfile: &Dockerfile, warn: &mut Warn) {
    let all: Vec<&Instruction> = dockerfile
        .stages
        .iter()
        .flat_map(|s| std::iter::once(&s.from).chain(&s.instructions))
        .collect();
    let (mut lower, mut upper) = (0, 0);
    for i in &all {
        if self_consistent(&i.keyword) {
            if is_lowercase(&i.keyword) {
                lower += 1;
            } else {
                upper += 1;
            }
        }
    }
    let majority_lower = lower > upper;
    for i in all {
        let wrong = if majority_lower {
            !is_lowercase(&i.keyword)
        } else {
            !is_uppercase(&i.keyword)
        };
        if wrong {
            warn(
                Check::ConsistentInstructionCasing,
                i.keyword_span,
                format!(
                    "Command '{}' should match the case of the command majority ({})",
                    i.keyword,
                    if majority_lower {
                        "lowercase"
                    } else {
                        "uppercase"
                    }
                ),
            );
        }
    }
}

/// The most undefined FROM arguments reported.
const MAX_UNDEFINED_REPORTS: usize = 100;

/// Variables in FROM must be global ARGs; `--platform` should vary.
fn check_from_args(dockerfile: &Dockerfile, warn: &mut Warn) {
    let mut declared: EnvMap = PREDEFINED_ARGS.iter().map(|a| (*a, "")).collect();
    let mut names: Vec<String> = Vec::new();
    for meta in &dockerfile.meta_args {
        if let Command::Arg(arg) = &meta.command {
            for def in &arg.args {
                declared.set(&def.name, def.default.as_deref().unwrap_or_default());
                names.push(def.name.clone());
            }
        }
    }
    let lex = Lex::new(dockerfile.ast.escape);
    // One budget for the whole pass: past it, the rest goes unchecked.
    let mut meter = Meter::build();
    // Each undefined name is a warning; past this many, a Dockerfile made
    // of them says no more (each looks for a near name among the ARGs).
    let mut reported = 0;
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    for stage in &dockerfile.stages {
        let Some(from) = from_of(&stage.from) else {
            continue;
        };
        let mut words: Vec<&Word> = vec![&from.image];
        words.extend(&from.platform);
        for word in words {
            let Ok(expansion) = lex.process_metered(&word.value, &declared, &mut meter) else {
                continue;
            };
            for name in &expansion.unmatched {
                reported += 1;
                if reported > MAX_UNDEFINED_REPORTS {
                    break;
                }
                let mut message = format!("FROM argument '{name}' is not declared");
                if let Some(s) = suggest(name, &name_refs, true) {
                    message.push_str(&format!(" (did you mean {s}?)"));
                }
                warn(Check::UndefinedArgInFrom, word.span, message);
            }
        }
        if let Some(platform) = &from.platform {
            if platform.value == "$TARGETPLATFORM" || platform.value == "${TARGETPLATFORM}" {
                warn(
                    Check::RedundantTargetPlatform,
                    platform.span,
                    format!(
                        "Setting platform to predefined {} in FROM is redundant as this is the default behavior",
                        platform.value
                    ),
                );
            } else if !platform.value.contains('$') {
                warn(
                    Check::FromPlatformFlagConstDisallowed,
                    platform.span,
                    format!(
                        "FROM --platform flag should not use constant value {}",
                        go_quote(&platform.value)
                    ),
                );
            }
        }
    }
}

/// Checks inside one stage: exec form for CMD and ENTRYPOINT, instructions
/// that only count once, legacy ENV and LABEL, MAINTAINER, EXPOSE
/// protocols and relative WORKDIR.
fn check_stage_instructions(stage: &Stage, inherits_workdir: bool, warn: &mut Warn) {
    let mut has_shell = false;
    let mut workdir_set = inherits_workdir;
    let mut last_once: Vec<(&'static str, Span)> = Vec::new();
    for i in &stage.instructions {
        if let Some((_, previous)) = last_once.iter().find(|(n, _)| *n == i.name()) {
            warn(
                Check::MultipleInstructionsDisallowed,
                *previous,
                format!(
                    "Multiple {} instructions should not be used in the same stage because only the last one will be used",
                    i.keyword
                ),
            );
        }
        let keys: Vec<&str> = match &i.command {
            Command::Arg(arg) => arg.args.iter().map(|a| a.name.as_str()).collect(),
            Command::Env { pairs } => pairs.iter().map(|p| p.key.value.as_str()).collect(),
            _ => Vec::new(),
        };
        for key in keys.into_iter().filter(|k| looks_secret(k)) {
            warn(
                Check::SecretsUsedInArgOrEnv,
                i.span,
                format!(
                    "Do not use ARG or ENV instructions for sensitive data ({} {})",
                    i.name(),
                    go_quote(key)
                ),
            );
        }
        match &i.command {
            Command::Cmd(line) | Command::Entrypoint(line) if line.shell_form && !has_shell => {
                warn(
                    Check::JsonArgsRecommended,
                    i.keyword_span,
                    format!(
                        "JSON arguments recommended for {} to prevent unintended behavior related to OS signals",
                        i.keyword
                    ),
                );
            }
            Command::Shell { .. } => has_shell = true,
            Command::Maintainer { .. } => warn(
                Check::MaintainerDeprecated,
                i.keyword_span,
                "Maintainer instruction is deprecated in favor of using label".to_string(),
            ),
            Command::Env { pairs } | Command::Label { pairs }
                if pairs.iter().any(|p: &KeyValue| p.legacy) =>
            {
                warn(
                    Check::LegacyKeyValueFormat,
                    i.keyword_span,
                    format!(
                        "\"{0} key=value\" should be used instead of legacy \"{0} key value\" format",
                        i.keyword
                    ),
                );
            }
            Command::Expose { ports } => {
                for port in ports {
                    if let Some((_, proto)) = port.value.split_once('/') {
                        if proto != proto.to_lowercase() {
                            warn(
                                Check::ExposeProtoCasing,
                                port.span,
                                format!("Defined protocol '{}' in EXPOSE instruction should be lowercase", port.value),
                            );
                        }
                    }
                }
            }
            Command::Workdir { path } => {
                if path.value.starts_with('/') || path.value.starts_with('$') {
                    workdir_set = true;
                } else if !workdir_set {
                    warn(
                        Check::WorkdirRelativePath,
                        path.span,
                        format!(
                            "Relative workdir {} can have unexpected results if the base image changes",
                            go_quote(&path.value)
                        ),
                    );
                }
            }
            _ => {}
        }
        if matches!(
            i.command,
            Command::Cmd(_) | Command::Entrypoint(_) | Command::Healthcheck(_)
        ) {
            last_once.retain(|(n, _)| *n != i.name());
            last_once.push((i.name(), i.span));
        }
    }
}

/// For each stage, whether it starts from an earlier stage that set an
/// absolute WORKDIR, itself or through the stages it starts from. One pass
/// in order: a stage's base is the latest earlier stage of that name.
fn inherited_workdirs(dockerfile: &Dockerfile) -> Vec<bool> {
    let mut latest: HashMap<String, usize> = HashMap::new();
    let mut has_workdir: Vec<bool> = Vec::with_capacity(dockerfile.stages.len());
    let mut inherits: Vec<bool> = Vec::with_capacity(dockerfile.stages.len());
    for (index, stage) in dockerfile.stages.iter().enumerate() {
        let from_parent = latest
            .get(&stage.base().to_lowercase())
            .is_some_and(|&parent| has_workdir[parent] || inherits[parent]);
        inherits.push(from_parent);
        has_workdir.push(stage.instructions.iter().any(
            |i| matches!(&i.command, Command::Workdir { path } if path.value.starts_with('/')),
        ));
        if let Some(name) = &stage.name {
            latest.insert(name.clone(), index);
        }
    }
    inherits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(source: &str) -> Vec<String> {
        Dockerfile::parse(source)
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.severity, d))
            .collect()
    }

    #[test]
    fn stage_name_checks() {
        assert_eq!(
            warnings("FROM a AS Build\nFROM b as build\nFROM c AS scratch\n"),
            [
                "warning: line 1: StageNameCasing: Stage name 'Build' should be lowercase",
                "warning: line 2: FromAsCasing: 'as' and 'FROM' keywords' casing do not match",
                "warning: line 2: DuplicateStageName: Duplicate stage name \"build\", stage names should be unique",
                "warning: line 3: ReservedStageName: Stage name should not use the same name as reserved stage \"scratch\"",
            ]
        );
    }

    #[test]
    fn secrets_in_arg_or_env() {
        assert_eq!(
            warnings("FROM a\nARG NPM_TOKEN\nENV db_password=x PUBLIC_KEY=y GPG_KEY_FILE=z KEYS=1 AUTH=2\n"),
            [
                "warning: line 2: SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"NPM_TOKEN\")",
                "warning: line 3: SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV \"db_password\")",
                "warning: line 3: SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV \"AUTH\")",
            ]
        );
        assert!(warnings("# check=skip=SecretsUsedInArgOrEnv\nFROM a\nARG API_KEY\n").is_empty());
    }

    #[test]
    fn casing_follows_the_majority() {
        assert_eq!(
            warnings("from a\nrun x\nRUN y\n"),
            ["warning: line 3: ConsistentInstructionCasing: Command 'RUN' should match the case of the command majority (lowercase)"]
        );
    }

    #[test]
    fn from_arguments_must_be_declared() {
        assert_eq!(
            warnings("ARG VERSION=1\nFROM alpine:${VERSOIN} AS a\nFROM --platform=$BUILDPLATFORM golang:$VERSION\n"),
            ["warning: line 2: UndefinedArgInFrom: FROM argument 'VERSOIN' is not declared (did you mean VERSION?)"]
        );
        assert_eq!(
            warnings("FROM --platform=linux/amd64 a\nFROM --platform=$TARGETPLATFORM b\n"),
            [
                "warning: line 1: FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value \"linux/amd64\"",
                "warning: line 2: RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
            ]
        );
    }

    #[test]
    fn stage_instruction_checks() {
        assert_eq!(
            warnings("FROM a\nMAINTAINER me\nENV A 1\nWORKDIR app\nEXPOSE 80/TCP\nCMD run\nCMD [\"x\"]\n"),
            [
                "warning: line 2: MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label",
                "warning: line 3: LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                "warning: line 4: WorkdirRelativePath: Relative workdir \"app\" can have unexpected results if the base image changes",
                "warning: line 5: ExposeProtoCasing: Defined protocol '80/TCP' in EXPOSE instruction should be lowercase",
                "warning: line 6: JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
                "warning: line 6: MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used",
            ]
        );
        assert_eq!(
            warnings("FROM a AS b\nWORKDIR /src\nFROM b\nWORKDIR app\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            warnings("FROM a\nSHELL [\"/bin/bash\", \"-c\"]\nCMD run\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_check_directive_skips_and_fails() {
        assert_eq!(
            warnings("# check=skip=all\nFROM a as b\nMAINTAINER x\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            warnings("# check=skip=FromAsCasing\nFROM a as b\nMAINTAINER x\n"),
            ["warning: line 3: MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label"]
        );
        assert_eq!(
            warnings("# check=error=true\nFROM a as b\n"),
            [
                "error: line 1: lint violation found for rules: FromAsCasing",
                "warning: line 2: FromAsCasing: 'as' and 'FROM' keywords' casing do not match",
            ]
        );
        assert_eq!(
            warnings("# check=skip\nFROM a\n"),
            ["error: line 1: failed to parse check options: invalid check option \"skip\""]
        );
        assert_eq!(
            warnings("# check=error=maybe\nFROM a\n"),
            ["error: line 1: failed to parse check options: failed to parse check option \"error=maybe\": strconv.ParseBool: parsing \"maybe\": invalid syntax"]
        );
    }

    #[test]
    fn rule_urls() {
        assert_eq!(
            Check::JsonArgsRecommended.url(),
            "https://docs.docker.com/go/dockerfile/rule/json-args-recommended/"
        );
        assert_eq!(
            Check::FromAsCasing.url(),
            "https://docs.docker.com/go/dockerfile/rule/from-as-casing/"
        );
    }
}
