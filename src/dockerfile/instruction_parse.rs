//! Instructions checked as BuildKit's `instructions.Parse` checks them,
//! on top of the syntax tree, and grouped into stages.

use smol_str::SmolStr;

use super::ast::{Node, Word};
use super::diagnostic::{Diagnostic, DiagnosticKind};
use super::duration::parse_duration;
use super::flags::{parse_flags, FlagKind, FlagSpecs, Flags};
use super::heredoc::{chomp, parse_heredoc};
use super::instruction::*;
use super::keyword::Keyword;
use super::mount::parse_mount;
use super::parser::Ast;
use super::source::Span;
use super::suggest::suggest;

/// Every instruction name, as `unknown instruction` suggestions use them.
pub const INSTRUCTIONS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

type Checked<T> = Result<T, (DiagnosticKind, Span)>;

const COPY_FLAGS: FlagSpecs = &[
    ("chown", FlagKind::String),
    ("from", FlagKind::String),
    ("chmod", FlagKind::String),
    ("link", FlagKind::Bool),
    ("parents", FlagKind::Bool),
    ("exclude", FlagKind::Strings),
];
const ADD_FLAGS: FlagSpecs = &[
    ("chown", FlagKind::String),
    ("chmod", FlagKind::String),
    ("link", FlagKind::Bool),
    ("keep-git-dir", FlagKind::Bool),
    ("checksum", FlagKind::String),
    ("unpack", FlagKind::Bool),
    ("exclude", FlagKind::Strings),
];
const RUN_FLAGS: FlagSpecs = &[
    ("mount", FlagKind::Strings),
    ("network", FlagKind::String),
    ("security", FlagKind::String),
];
const FROM_FLAGS: FlagSpecs = &[("platform", FlagKind::String)];
const HEALTHCHECK_FLAGS: FlagSpecs = &[
    ("interval", FlagKind::String),
    ("timeout", FlagKind::String),
    ("start-period", FlagKind::String),
    ("start-interval", FlagKind::String),
    ("retries", FlagKind::String),
];
const NO_FLAGS: FlagSpecs = &[];

/// Groups the checked instructions of `ast` into stages (the build
/// checks are run after, by `read.rs`).
pub fn from_ast(ast: Ast) -> Dockerfile {
    let mut diagnostics = ast.diagnostics.clone();
    let mut meta_args = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    let mut no_stage_error = false;
    for (at, node) in ast.nodes.iter().enumerate().filter(|(_, n)| !n.invalid) {
        let instruction = match parse_instruction(node) {
            Ok(i) => i,
            Err((kind, span)) => {
                diagnostics.push(Diagnostic::error(span, kind));
                // A broken FROM still starts a stage, so that the lines after
                // it are not all reported as outside any stage.
                match lenient_from(node) {
                    Some(from) => from,
                    None => continue,
                }
            }
        };
        match instruction.command {
            Command::Arg(_) if stages.is_empty() => meta_args.push(instruction),
            Command::From(ref from) => {
                let name = from.name.as_ref().map(|w| w.value.to_lowercase());
                // Room for the instructions up to the next FROM (a hint).
                let room = ast.nodes[at + 1..]
                    .iter()
                    .take_while(|n| n.keyword != Keyword::From)
                    .count();
                stages.push(Stage {
                    index: stages.len(),
                    name,
                    from: instruction,
                    instructions: Vec::with_capacity(room),
                });
            }
            _ => match stages.last_mut() {
                Some(stage) => stage.instructions.push(instruction),
                None => {
                    no_stage_error = true;
                    diagnostics.push(Diagnostic::error(
                        instruction.keyword_span,
                        DiagnosticKind::NoBuildStage,
                    ));
                }
            },
        }
    }
    let clean = !no_stage_error && !diagnostics.iter().any(Diagnostic::is_error);
    if stages.is_empty() && clean {
        let end = ast.nodes.last().map_or(Span::default(), |n| n.span);
        diagnostics.push(Diagnostic::error(end, DiagnosticKind::NoStages));
    }
    Dockerfile {
        ast,
        meta_args,
        stages,
        diagnostics,
    }
}

/// A FROM that failed its checks, read as well as it can be: its first
/// argument as the image, no name.
fn lenient_from(node: &Node) -> Option<Instruction> {
    if node.keyword != Keyword::From {
        return None;
    }
    let image = node.arg_words().next().map_or_else(
        || Word {
            value: SmolStr::default(),
            span: node.keyword_span,
        },
        |w| (*w).clone(),
    );
    Some(instruction(
        node,
        Command::From(From {
            image,
            name: None,
            as_keyword: None,
            platform: None,
        }),
    ))
}

/// BuildKit's `ParseInstruction` for one node.
pub fn parse_instruction(node: &Node) -> Checked<Instruction> {
    let command = command_of(node)?;
    Ok(instruction(node, command))
}

/// The instruction `node` is, with its `command`.
fn instruction(node: &Node, command: Command) -> Instruction {
    Instruction {
        keyword: node.value.clone(),
        span: node.span,
        keyword_span: node.keyword_span,
        start_line: node.start_line,
        end_line: node.end_line,
        original: node.original.clone(),
        command,
    }
}

/// The command of an instruction, from the keyword its name is.
fn command_of(node: &Node) -> Checked<Command> {
    Ok(match node.keyword {
        Keyword::From => parse_from(node)?,
        Keyword::Arg => parse_arg(node)?,
        Keyword::Env => Command::Env {
            pairs: parse_key_values(node, "ENV")?,
        },
        Keyword::Label => Command::Label {
            pairs: parse_key_values(node, "LABEL")?,
        },
        Keyword::Maintainer => {
            let arg = exactly_one(node, "MAINTAINER")?;
            flags(node, NO_FLAGS)?;
            Command::Maintainer {
                name: arg.value.to_string(),
            }
        }
        Keyword::Run => parse_run(node)?,
        Keyword::Cmd => {
            flags(node, NO_FLAGS)?;
            Command::Cmd(command_line(node))
        }
        Keyword::Entrypoint => {
            flags(node, NO_FLAGS)?;
            Command::Entrypoint(command_line(node))
        }
        Keyword::Shell => {
            flags(node, NO_FLAGS)?;
            let shell = command_line(node).args;
            if shell.is_empty() {
                return Err(err(node, at_least_one("SHELL")));
            }
            if !node.json {
                return Err(err(
                    node,
                    DiagnosticKind::NotJson {
                        instruction: "SHELL".into(),
                    },
                ));
            }
            Command::Shell { shell }
        }
        Keyword::Copy => parse_copy(node)?,
        Keyword::Add => parse_add(node)?,
        Keyword::Workdir => {
            let path = exactly_one(node, "WORKDIR")?;
            flags(node, NO_FLAGS)?;
            Command::Workdir { path }
        }
        Keyword::User => {
            let user = exactly_one(node, "USER")?;
            flags(node, NO_FLAGS)?;
            Command::User { user }
        }
        Keyword::Expose => {
            let mut ports = words(node);
            if ports.is_empty() {
                return Err(err(node, at_least_one("EXPOSE")));
            }
            flags(node, NO_FLAGS)?;
            ports.sort_by(|a, b| a.value.cmp(&b.value));
            Command::Expose { ports }
        }
        Keyword::Volume => {
            let paths = words(node);
            if paths.is_empty() {
                return Err(err(node, at_least_one("VOLUME")));
            }
            flags(node, NO_FLAGS)?;
            let mut trimmed = Vec::new();
            for mut path in paths {
                path.value = path.value.trim().into();
                if path.value.is_empty() {
                    return Err((DiagnosticKind::EmptyVolume, path.span));
                }
                trimmed.push(path);
            }
            Command::Volume { paths: trimmed }
        }
        // BuildKit checks no flags for STOPSIGNAL.
        Keyword::Stopsignal => Command::Stopsignal {
            signal: exactly_one(node, "STOPSIGNAL")?,
        },
        Keyword::Healthcheck => parse_healthcheck(node)?,
        Keyword::Onbuild => parse_onbuild(node)?,
        Keyword::Unknown => {
            return Err((
                DiagnosticKind::UnknownInstruction {
                    name: node.value.to_string(),
                    suggestion: suggest(&node.value, INSTRUCTIONS, false),
                },
                node.keyword_span,
            ))
        }
    })
}

fn err(node: &Node, kind: DiagnosticKind) -> (DiagnosticKind, Span) {
    (kind, node.span)
}

fn at_least_one(instruction: &str) -> DiagnosticKind {
    DiagnosticKind::AtLeastOneArgument {
        instruction: instruction.to_string(),
    }
}

fn words(node: &Node) -> Vec<Word> {
    node.arg_words().cloned().collect()
}

fn flags(node: &Node, specs: FlagSpecs) -> Checked<Flags> {
    parse_flags(&node.flags, specs)
}

fn exactly_one(node: &Node, instruction: &str) -> Checked<Word> {
    let mut args = node.arg_words();
    match (args.next(), args.next()) {
        (Some(only), None) => Ok(only.clone()),
        _ => Err(err(
            node,
            DiagnosticKind::ExactlyOneArgument {
                instruction: instruction.to_string(),
            },
        )),
    }
}

/// `handleJSONArgs`: exec form keeps the list, shell form joins it.
fn command_line(node: &Node) -> CommandLine {
    let mut words = node.arg_words().map(|w| w.value.as_str());
    let args: Vec<String> = if node.json {
        words.map(str::to_string).collect()
    } else {
        // Most shell forms are one word already.
        match words.next() {
            None => Vec::new(),
            Some(first) => {
                let mut joined = first.to_string();
                for word in words {
                    joined.push(' ');
                    joined.push_str(word);
                }
                vec![joined]
            }
        }
    };
    CommandLine {
        args,
        shell_form: !node.json,
        heredocs: node.heredocs.clone(),
    }
}

fn parse_from(node: &Node) -> Checked<Command> {
    let args = words(node);
    let (name, as_keyword) = match args.len() {
        3 if args[1].value.eq_ignore_ascii_case("as") => {
            let written = args[2].clone();
            if !valid_stage_name(&written.value.to_lowercase()) {
                return Err((
                    DiagnosticKind::InvalidStageName {
                        name: written.value.to_string(),
                    },
                    written.span,
                ));
            }
            (Some(written), Some(args[1].clone()))
        }
        1 => (None, None),
        _ => return Err(err(node, DiagnosticKind::FromArity)),
    };
    let flags = flags(node, FROM_FLAGS)?;
    Ok(Command::From(From {
        image: args[0].clone(),
        name,
        as_keyword,
        platform: flags.string("platform").map(|(value, span)| Word {
            value: value.into(),
            span,
        }),
    }))
}

/// `^[a-z][a-z0-9-_.]*$`
fn valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

fn parse_arg(node: &Node) -> Checked<Command> {
    let args = words(node);
    if args.is_empty() {
        return Err(err(node, at_least_one("ARG")));
    }
    flags(node, NO_FLAGS)?;
    let mut definitions = Vec::new();
    for word in args {
        let (name, default) = match word.value.split_once('=') {
            Some((name, value)) => {
                if name.is_empty() {
                    return Err((
                        DiagnosticKind::BlankNames {
                            instruction: "ARG".into(),
                        },
                        word.span,
                    ));
                }
                (name.to_string(), Some(value.to_string()))
            }
            None => (word.value.to_string(), None),
        };
        definitions.push(ArgDefinition {
            name,
            default,
            span: word.span,
        });
    }
    Ok(Command::Arg(ArgCommand { args: definitions }))
}

fn parse_key_values(node: &Node, instruction: &str) -> Checked<Vec<KeyValue>> {
    flags(node, NO_FLAGS)?;
    let args = words(node);
    if args.is_empty() {
        return Err(err(node, at_least_one(instruction)));
    }
    if args.len() % 3 != 0 {
        return Err(err(
            node,
            DiagnosticKind::TooManyArguments {
                instruction: instruction.to_string(),
            },
        ));
    }
    let mut pairs = Vec::new();
    for triple in args.chunks(3) {
        if triple[0].value.is_empty() {
            return Err((
                DiagnosticKind::BlankNames {
                    instruction: instruction.to_string(),
                },
                triple[0].span,
            ));
        }
        pairs.push(KeyValue {
            key: triple[0].clone(),
            value: triple[1].clone(),
            legacy: triple[2].value.is_empty(),
        });
    }
    Ok(pairs)
}

fn parse_run(node: &Node) -> Checked<Command> {
    let flags = flags(node, RUN_FLAGS)?;
    let mut mounts = Vec::new();
    for value in flags.strings("mount") {
        let mount = parse_mount(&value).map_err(|e| {
            let span = node
                .flags
                .iter()
                .find(|f| f.value.ends_with(value.as_str()))
                .map_or(node.span, |f| f.span);
            (DiagnosticKind::Mount(e), span)
        })?;
        mounts.push(mount);
    }
    let network = flags.string("network");
    if let Some((value, span)) = network {
        if !matches!(value, "default" | "none" | "host") {
            return Err((
                DiagnosticKind::InvalidNetwork {
                    value: value.to_string(),
                },
                span,
            ));
        }
    }
    let security = flags.string("security");
    if let Some((value, span)) = security {
        if !matches!(value, "sandbox" | "insecure") {
            return Err((
                DiagnosticKind::InvalidSecurity {
                    value: value.to_string(),
                },
                span,
            ));
        }
    }
    Ok(Command::Run(Run {
        command: command_line(node),
        mounts,
        network: network.map(|(v, _)| v.to_string()),
        security: security.map(|(v, _)| v.to_string()),
    }))
}

/// `parseSourcesAndDest`: the last argument is the destination; heredoc
/// words among the sources become inline files.
fn sources_and_dest(node: &Node, instruction: &str) -> Checked<Sources> {
    let mut args = words(node);
    let Some(dest) = args.pop() else {
        return Err(err(
            node,
            DiagnosticKind::NoDestination {
                instruction: instruction.to_string(),
            },
        ));
    };
    let is_heredoc = |w: &str| matches!(parse_heredoc(w), Ok(Some(_)));
    if is_heredoc(&dest.value) {
        return Err((
            DiagnosticKind::BadHeredoc {
                instruction: instruction.to_string(),
                purpose: "a destination".to_string(),
            },
            dest.span,
        ));
    }
    let mut paths = Vec::new();
    let mut inline = Vec::new();
    for src in args {
        match parse_heredoc(&src.value) {
            Ok(Some(spec)) => {
                let content = node
                    .heredocs
                    .iter()
                    .find(|h| h.name == spec.name)
                    .map(|h| h.content.clone())
                    .unwrap_or_default();
                inline.push(InlineSource {
                    data: if spec.chomp { chomp(&content) } else { content },
                    path: spec.name,
                    expand: spec.expand,
                });
            }
            _ => paths.push(src),
        }
    }
    Ok(Sources {
        paths,
        inline,
        dest,
    })
}

fn check_no_destination(node: &Node, instruction: &str) -> Checked<()> {
    if node.arg_words().nth(1).is_none() {
        return Err(err(
            node,
            DiagnosticKind::NoDestination {
                instruction: instruction.to_string(),
            },
        ));
    }
    Ok(())
}

fn parse_copy(node: &Node) -> Checked<Command> {
    check_no_destination(node, "COPY")?;
    let flags = flags(node, COPY_FLAGS)?;
    let sources = sources_and_dest(node, "COPY")?;
    let from = flags.string("from").map(|(value, span)| Word {
        value: value.into(),
        span,
    });
    if let Some(from) = &from {
        if has_variable(&from.value) {
            return Err((DiagnosticKind::FromFlagVariable, from.span));
        }
    }
    let chmod = flags.string("chmod");
    if let Some((value, span)) = chmod {
        check_chmod(value, span)?;
    }
    Ok(Command::Copy(Copy {
        sources,
        from,
        chown: flags.string_value("chown"),
        chmod: chmod.map(|(v, _)| v.to_string()),
        link: flags.bool("link").unwrap_or(false),
        parents: flags.bool("parents").unwrap_or(false),
        excludes: flags.strings("exclude"),
    }))
}

fn parse_add(node: &Node) -> Checked<Command> {
    check_no_destination(node, "ADD")?;
    let flags = flags(node, ADD_FLAGS)?;
    let sources = sources_and_dest(node, "ADD")?;
    let chmod = flags.string("chmod");
    if let Some((value, span)) = chmod {
        check_chmod(value, span)?;
    }
    Ok(Command::Add(Add {
        sources,
        chown: flags.string_value("chown"),
        chmod: chmod.map(|(v, _)| v.to_string()),
        link: flags.bool("link").unwrap_or(false),
        keep_git_dir: flags.bool("keep-git-dir").unwrap_or(false),
        checksum: flags.string_value("checksum"),
        unpack: flags.bool("unpack"),
        excludes: flags.strings("exclude"),
    }))
}

/// A `$` followed by any character.
fn has_variable(value: &str) -> bool {
    value.find('$').is_some_and(|i| i + 1 < value.len())
}

/// `--chmod`: an octal mode up to 07777, or a symbolic one such as
/// `u+x,go-w`; values with variables wait for the build.
fn check_chmod(value: &str, span: Span) -> Checked<()> {
    if value.contains('$') {
        return Ok(());
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return match u32::from_str_radix(value, 8) {
            Ok(mode) if mode <= 0o7777 => Ok(()),
            _ => Err((
                DiagnosticKind::InvalidChmod {
                    value: value.to_string(),
                },
                span,
            )),
        };
    }
    if symbolic_mode(value) {
        Ok(())
    } else {
        Err((
            DiagnosticKind::InvalidChmodSyntax {
                value: value.to_string(),
            },
            span,
        ))
    }
}

/// chmod's symbolic modes: clauses `[ugoa]*([-+=]([rwxXst]*|[ugo]))+`
/// separated by commas.
fn symbolic_mode(value: &str) -> bool {
    value.split(',').all(|clause| {
        let rest = clause.trim_start_matches(['u', 'g', 'o', 'a']);
        let mut chars = rest.chars().peekable();
        let mut actions = 0;
        while let Some(op) = chars.next() {
            if !matches!(op, '+' | '-' | '=') {
                return false;
            }
            actions += 1;
            if matches!(chars.peek(), Some('u' | 'g' | 'o')) {
                chars.next();
                continue;
            }
            while chars.next_if(|c| "rwxXst".contains(*c)).is_some() {}
        }
        actions > 0
    })
}

fn parse_healthcheck(node: &Node) -> Checked<Command> {
    let args = words(node);
    let Some(kind) = args.first() else {
        return Err(err(node, at_least_one("HEALTHCHECK")));
    };
    let kind = kind.value.to_uppercase();
    if kind == "NONE" {
        if args.len() != 1 {
            return Err(err(node, DiagnosticKind::HealthcheckNoneArguments));
        }
        return Ok(Command::Healthcheck(Healthcheck::None));
    }
    let flags = flags(node, HEALTHCHECK_FLAGS)?;
    if kind != "CMD" {
        return Err(err(node, DiagnosticKind::HealthcheckUnknownType { kind }));
    }
    let rest: Vec<String> = args[1..].iter().map(|w| w.value.to_string()).collect();
    let command = if node.json || rest.is_empty() {
        rest
    } else {
        vec![rest.join(" ")]
    };
    if command.is_empty() {
        return Err(err(node, DiagnosticKind::HealthcheckMissingCommand));
    }
    let mut test = vec![if node.json { "CMD" } else { "CMD-SHELL" }.to_string()];
    test.extend(command);
    let interval = |name: &str| -> Checked<i64> {
        let Some((value, span)) = flags.string(name) else {
            return Ok(0);
        };
        if value.is_empty() {
            return Ok(0);
        }
        let nanos = parse_duration(value)
            .map_err(|message| (DiagnosticKind::InvalidDuration { message }, span))?;
        if nanos != 0 && nanos < 1_000_000 {
            return Err((
                DiagnosticKind::IntervalTooShort {
                    flag: name.to_string(),
                },
                span,
            ));
        }
        Ok(nanos)
    };
    let interval_ns = interval("interval")?;
    let timeout_ns = interval("timeout")?;
    let start_period_ns = interval("start-period")?;
    let start_interval_ns = interval("start-interval")?;
    let retries = match flags.string("retries") {
        None | Some(("", _)) => 0,
        Some((value, span)) => {
            let retries = parse_go_int32(value)
                .map_err(|message| (DiagnosticKind::InvalidRetries { message }, span))?;
            if retries < 0 {
                return Err((DiagnosticKind::NegativeRetries { retries }, span));
            }
            retries
        }
    };
    Ok(Command::Healthcheck(Healthcheck::Cmd {
        test,
        interval_ns,
        timeout_ns,
        start_period_ns,
        start_interval_ns,
        retries,
    }))
}

/// Go's `strconv.ParseInt(s, 10, 32)`, with its error texts.
fn parse_go_int32(s: &str) -> Result<i64, String> {
    let quoted = super::dump::go_quote(s);
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.ParseInt: parsing {quoted}: invalid syntax"
        ));
    }
    match s.parse::<i64>() {
        Ok(n) if i32::try_from(n).is_ok() => Ok(n),
        _ => Err(format!(
            "strconv.ParseInt: parsing {quoted}: value out of range"
        )),
    }
}

fn parse_onbuild(node: &Node) -> Checked<Command> {
    let Some(trigger) = node.child() else {
        return Err(err(node, at_least_one("ONBUILD")));
    };
    flags(node, NO_FLAGS)?;
    let name = trigger.value.trim().to_uppercase();
    match name.as_str() {
        "ONBUILD" => return Err(err(node, DiagnosticKind::OnbuildChaining)),
        "MAINTAINER" | "FROM" => {
            return Err(err(node, DiagnosticKind::OnbuildTrigger { trigger: name }))
        }
        _ => {}
    }
    let original = node.original.trim_start();
    let mut expression = original
        .get(7..)
        .filter(|_| original[..7].eq_ignore_ascii_case("onbuild"))
        .unwrap_or(original)
        .trim_start()
        .to_string();
    for heredoc in &node.heredocs {
        expression.push('\n');
        expression.push_str(&heredoc.content);
        expression.push_str(&heredoc.name);
    }
    let mut trigger = Box::new(trigger.clone());
    trigger.heredocs = node.heredocs.clone();
    Ok(Command::Onbuild(Onbuild {
        expression,
        trigger: Some(trigger),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(source: &str) -> Vec<String> {
        Dockerfile::parse(source)
            .errors()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn groups_instructions_into_stages() {
        let df = Dockerfile::parse(
            "ARG GO=1.22\nFROM golang:${GO} AS Build\nRUN go build\nFROM scratch\nCOPY --from=build /app /app\n",
        );
        assert!(!df.has_errors(), "{:?}", df.diagnostics);
        assert_eq!(df.meta_args.len(), 1);
        assert_eq!(df.stages.len(), 2);
        assert_eq!(df.stages[0].name.as_deref(), Some("build"));
        assert_eq!(df.stages[0].base(), "golang:${GO}");
        assert_eq!(df.stages[1].instructions[0].name(), "COPY");
        assert_eq!(df.stage("BUILD").map(|s| s.index), Some(0));
        assert_eq!(df.stage("1").map(|s| s.index), Some(1));
    }

    #[test]
    fn reports_every_bad_instruction() {
        assert_eq!(
            errors("RUN echo\nFROM a AS 1st\nFRM b\nCOPY a\nWORKDIR\nCOPY --chmod=999 a b\n"),
            [
                "line 1: no build stage in current context",
                "line 2: invalid name for build stage: \"1st\", name can't start with a number or contain symbols",
                "line 3: unknown instruction: FRM (did you mean FROM?)",
                "line 4: COPY requires at least two arguments, but only one was provided. Destination could not be determined.",
                "line 5: WORKDIR requires exactly one argument",
                "line 6: invalid chmod parameter: '999'. it should be octal string and between 0 and 07777",
            ]
        );
    }

    #[test]
    fn stage_checks() {
        assert_eq!(
            errors("FROM a b\n"),
            ["line 1: FROM requires either one or three arguments"]
        );
        assert_eq!(
            errors("FROM a\nCOPY --from=$X / /\n"),
            ["line 2: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround"]
        );
        assert_eq!(
            errors("ARG A\n"),
            ["line 1: dockerfile contains no stages to build"]
        );
    }

    #[test]
    fn flags_are_checked_per_instruction() {
        assert_eq!(
            errors("FROM a\nCOPY --form=b x y\n"),
            ["line 2: unknown flag: --form (did you mean from?)"]
        );
        assert_eq!(
            errors("FROM a\nADD --from=b x y\n"),
            ["line 2: unknown flag: --from"]
        );
        assert_eq!(
            errors("FROM a\nRUN --network=wifi x\n"),
            ["line 2: invalid network mode \"wifi\""]
        );
        assert_eq!(
            errors("FROM a\nRUN --mount=type=cache,target=/c --mount=type=nope x\n"),
            ["line 2: unsupported mount type \"nope\""]
        );
    }

    #[test]
    fn healthcheck_options() {
        let df = Dockerfile::parse("FROM a\nHEALTHCHECK --interval=5s --retries=3 CMD curl -f x\n");
        let Command::Healthcheck(Healthcheck::Cmd {
            test,
            interval_ns,
            retries,
            ..
        }) = &df.stages[0].instructions[0].command
        else {
            panic!("{:?}", df.diagnostics)
        };
        assert_eq!(test, &["CMD-SHELL", "curl -f x"]);
        assert_eq!((*interval_ns, *retries), (5_000_000_000, 3));
        assert_eq!(
            errors("FROM a\nHEALTHCHECK --interval=5 CMD x\n"),
            ["line 2: time: missing unit in duration \"5\""]
        );
        assert_eq!(
            errors("FROM a\nHEALTHCHECK --timeout=1us CMD x\n"),
            ["line 2: Interval \"timeout\" cannot be less than 1ms"]
        );
        assert_eq!(
            errors("FROM a\nHEALTHCHECK --retries=-1 CMD x\n"),
            ["line 2: --retries cannot be negative (-1)"]
        );
        assert_eq!(
            errors("FROM a\nHEALTHCHECK NONE x\n"),
            ["line 2: HEALTHCHECK NONE takes no arguments"]
        );
        assert_eq!(
            errors("FROM a\nHEALTHCHECK PING x\n"),
            ["line 2: Unknown type \"PING\" in HEALTHCHECK (try CMD)"]
        );
        assert_eq!(
            errors("FROM a\nHEALTHCHECK CMD\n"),
            ["line 2: Missing command after HEALTHCHECK CMD"]
        );
    }

    #[test]
    fn shell_must_be_json() {
        assert_eq!(
            errors("FROM a\nSHELL /bin/bash -c\n"),
            ["line 2: SHELL requires the arguments to be in JSON form"]
        );
        assert_eq!(
            errors("FROM a\nSHELL []\n"),
            ["line 2: SHELL requires at least one argument"]
        );
    }

    #[test]
    fn onbuild_triggers() {
        assert_eq!(
            errors("FROM a\nONBUILD ONBUILD RUN x\n"),
            ["line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]
        );
        assert_eq!(
            errors("FROM a\nONBUILD from b\n"),
            ["line 2: FROM isn't allowed as an ONBUILD trigger"]
        );
        let df = Dockerfile::parse("FROM a\nONBUILD COPY . /app\n");
        let Command::Onbuild(o) = &df.stages[0].instructions[0].command else {
            panic!()
        };
        assert_eq!(o.expression, "COPY . /app");
    }

    #[test]
    fn heredoc_sources_become_inline_files() {
        let df = Dockerfile::parse("FROM a\nCOPY <<-EOF /etc/motd\n\thello\n\tEOF\n");
        let Command::Copy(copy) = &df.stages[0].instructions[0].command else {
            panic!("{:?}", df.diagnostics)
        };
        assert_eq!(copy.sources.inline[0].data, "hello\n");
        assert_eq!(copy.sources.dest.value, "/etc/motd");
        assert_eq!(
            errors("FROM a\nCOPY x <<EOF\nEOF\n"),
            ["line 2: COPY cannot accept a heredoc as a destination"]
        );
    }

    #[test]
    fn env_and_label_pairs() {
        let df = Dockerfile::parse("FROM a\nENV A=1 B=2\nENV C three four\nLABEL =x\n");
        let Command::Env { pairs } = &df.stages[0].instructions[1].command else {
            panic!()
        };
        assert!(pairs[0].legacy);
        assert_eq!(pairs[0].value.value, "three four");
        assert_eq!(
            errors("FROM a\nLABEL =x\n"),
            ["line 2: LABEL names can not be blank"]
        );
        assert_eq!(
            errors("FROM a\nARG =x\n"),
            ["line 2: ARG names can not be blank"]
        );
    }
}
