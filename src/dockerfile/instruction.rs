//! The typed instructions of a Dockerfile, grouped into build stages (as
//! BuildKit keeps `commands.go`; the parsing is in `instruction_parse.rs`,
//! the whole read in `read.rs`).

use serde::Serialize;
use smol_str::SmolStr;

use super::ast::{Heredoc, Node, Word};
use super::diagnostic::Diagnostic;
use super::mount::Mount;
use super::parser::Ast;
use super::source::Span;

/// A Dockerfile read into stages.
#[derive(Clone, Debug, Serialize)]
pub struct Dockerfile {
    pub ast: Ast,
    /// ARG instructions before the first FROM.
    pub meta_args: Vec<Instruction>,
    pub stages: Vec<Stage>,
    /// The parser's diagnostics and the instructions', in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Dockerfile {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The stage a name (case-insensitive) or index refers to.
    pub fn stage(&self, name_or_index: &str) -> Option<&Stage> {
        if let Ok(i) = name_or_index.parse::<usize>() {
            return self.stages.get(i);
        }
        let lower = name_or_index.to_lowercase();
        self.stages
            .iter()
            .find(|s| s.name.as_deref() == Some(lower.as_str()))
    }
}

/// One build stage: a FROM and the instructions up to the next FROM.
#[derive(Clone, Debug, Serialize)]
pub struct Stage {
    pub index: usize,
    /// Lower-cased, as BuildKit stores it.
    pub name: Option<String>,
    pub from: Instruction,
    pub instructions: Vec<Instruction>,
}

impl Stage {
    /// The base image or stage named by FROM, as written.
    pub fn base(&self) -> &str {
        match &self.from.command {
            Command::From(f) => &f.image.value,
            _ => "",
        }
    }

    /// What a learner calls it: its name, or `stage N`.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => format!("stage {}", self.index),
        }
    }
}

/// One checked instruction and where it is.
#[derive(Clone, Debug, Serialize)]
pub struct Instruction {
    /// The instruction's name as written (`RUN`, `run`).
    pub keyword: SmolStr,
    pub span: Span,
    pub keyword_span: Span,
    pub start_line: usize,
    pub end_line: usize,
    /// The joined text of the instruction, as written.
    pub original: SmolStr,
    pub command: Command,
}

impl Instruction {
    pub fn name(&self) -> &'static str {
        self.command.name()
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "instruction", rename_all = "lowercase")]
pub enum Command {
    From(From),
    Arg(ArgCommand),
    Env { pairs: Vec<KeyValue> },
    Label { pairs: Vec<KeyValue> },
    Maintainer { name: String },
    Run(Run),
    Cmd(CommandLine),
    Entrypoint(CommandLine),
    Shell { shell: Vec<String> },
    Copy(Copy),
    Add(Add),
    Workdir { path: Word },
    User { user: Word },
    Expose { ports: Vec<Word> },
    Volume { paths: Vec<Word> },
    Stopsignal { signal: Word },
    Healthcheck(Healthcheck),
    Onbuild(Onbuild),
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::From(_) => "FROM",
            Command::Arg(_) => "ARG",
            Command::Env { .. } => "ENV",
            Command::Label { .. } => "LABEL",
            Command::Maintainer { .. } => "MAINTAINER",
            Command::Run(_) => "RUN",
            Command::Cmd(_) => "CMD",
            Command::Entrypoint(_) => "ENTRYPOINT",
            Command::Shell { .. } => "SHELL",
            Command::Copy(_) => "COPY",
            Command::Add(_) => "ADD",
            Command::Workdir { .. } => "WORKDIR",
            Command::User { .. } => "USER",
            Command::Expose { .. } => "EXPOSE",
            Command::Volume { .. } => "VOLUME",
            Command::Stopsignal { .. } => "STOPSIGNAL",
            Command::Healthcheck(_) => "HEALTHCHECK",
            Command::Onbuild(_) => "ONBUILD",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct From {
    pub image: Word,
    /// The stage name as written (the stage's `name` is lower-cased).
    pub name: Option<Word>,
    /// The `AS` keyword as written.
    pub as_keyword: Option<Word>,
    pub platform: Option<Word>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ArgCommand {
    pub args: Vec<ArgDefinition>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ArgDefinition {
    pub name: String,
    pub default: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct KeyValue {
    pub key: Word,
    pub value: Word,
    /// The legacy `KEY value` form, without `=`.
    pub legacy: bool,
}

/// The command of RUN, CMD or ENTRYPOINT.
#[derive(Clone, Debug, Serialize)]
pub struct CommandLine {
    /// Exec form: the program and its arguments. Shell form: one string.
    pub args: Vec<String>,
    /// Shell form: run through the image's SHELL.
    pub shell_form: bool,
    /// Here-documents of a shell-form RUN.
    pub heredocs: Vec<Heredoc>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Run {
    pub command: CommandLine,
    pub mounts: Vec<Mount>,
    pub network: Option<String>,
    pub security: Option<String>,
}

/// A here-document used as a COPY or ADD source: a file made from text.
#[derive(Clone, Debug, Serialize)]
pub struct InlineSource {
    pub path: String,
    pub data: String,
    pub expand: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Sources {
    pub paths: Vec<Word>,
    pub inline: Vec<InlineSource>,
    pub dest: Word,
}

#[derive(Clone, Debug, Serialize)]
pub struct Copy {
    pub sources: Sources,
    pub from: Option<Word>,
    pub chown: Option<String>,
    pub chmod: Option<String>,
    pub link: bool,
    pub parents: bool,
    pub excludes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Add {
    pub sources: Sources,
    pub chown: Option<String>,
    pub chmod: Option<String>,
    pub link: bool,
    pub keep_git_dir: bool,
    pub checksum: Option<String>,
    /// `--unpack` as given; unset leaves BuildKit's default.
    pub unpack: Option<bool>,
    pub excludes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Healthcheck {
    /// `HEALTHCHECK NONE`: disables an inherited check.
    None,
    Cmd {
        /// `CMD` (exec form) or `CMD-SHELL`, then the command.
        test: Vec<String>,
        interval_ns: i64,
        timeout_ns: i64,
        start_period_ns: i64,
        start_interval_ns: i64,
        retries: i64,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct Onbuild {
    /// The trigger as written, run when a later build starts FROM this image.
    pub expression: String,
    /// The trigger's syntax tree; it is checked only when it runs, as in
    /// BuildKit.
    pub trigger: Option<Box<Node>>,
}
