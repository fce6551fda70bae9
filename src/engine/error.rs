//! Why a build failed: the instruction's place and a kind, worded as
//! BuildKit words it.

use std::fmt;

use serde::Serialize;

use crate::dockerfile::dump::go_quote;
use crate::dockerfile::expand::ExpandError;
use crate::dockerfile::Span;

use super::vfs::FsError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BuildError {
    /// The instruction at fault (empty for errors about the whole build).
    pub span: Span,
    pub kind: Box<BuildErrorKind>,
    /// What the failing process printed, for RUN.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub output: String,
}

impl BuildError {
    pub fn new(span: Span, kind: BuildErrorKind) -> BuildError {
        BuildError {
            span,
            kind: Box::new(kind),
            output: String::new(),
        }
    }

    pub fn with_output(span: Span, kind: BuildErrorKind, output: String) -> BuildError {
        BuildError {
            span,
            kind: Box::new(kind),
            output,
        }
    }

    pub fn line(&self) -> usize {
        self.span.start.line
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BuildErrorKind {
    /// The Dockerfile did not parse; the message is the first diagnostic.
    Dockerfile {
        message: String,
    },
    Expand(ExpandError),
    NoStages,
    BlankBaseName {
        base: String,
    },
    TargetNotFound {
        target: String,
        suggestion: Option<String>,
    },
    InvalidStageIndex {
        index: String,
    },
    CopyFromLaterStage {
        from: String,
        current: String,
    },
    MountFromLaterStage {
        from: String,
        current: String,
    },
    /// A mount whose target is `/` (written so, or no target with the
    /// WORKDIR at /).
    InvalidMountTarget {
        target: String,
    },
    CircularDependency {
        stage: String,
    },
    FromVariable,
    UnknownImage {
        reference: String,
    },
    SourceNotFound {
        /// The snapshot BuildKit names (`worker::ref`).
        reference: String,
        path: String,
    },
    SourceIsUrl {
        instruction: String,
    },
    MultipleSourcesNeedDirectory {
        instruction: String,
    },
    InvalidPort {
        message: String,
    },
    InvalidChmod {
        value: String,
    },
    InvalidChmodSyntax,
    Filesystem(FsError),
    /// A failed filesystem call, as Go words it (`mkdir /x: not a directory`).
    FsOp {
        op: String,
        error: FsError,
    },
    CopyToNonDirectory {
        path: String,
    },
    ReplaceDirectoryWithFile {
        path: String,
    },
    ProcessFailed {
        command: String,
        code: i32,
    },
    /// The process could not start (its user is unknown, ...).
    ProcessError {
        command: String,
        message: String,
    },
    /// A program the simulator does not model, in strict mode.
    NotSimulated {
        program: String,
    },
    /// Strict: a program of a RUN approximated what it did (its warning).
    Approximated {
        what: String,
    },
    /// The shell (or, in exec form, the program) is not in the image.
    ExecNotFound {
        command: String,
        program: String,
        shell_form: bool,
    },
    /// A RUN script ran more steps than allowed.
    StepLimit {
        limit: u64,
    },
    /// One of Stagecraft's limits (`crate::limits`).
    Limit {
        what: String,
        limit: String,
    },
    Unsupported {
        what: String,
    },
    /// The build was stopped before this instruction (the learner canceled
    /// it, or edited the Dockerfile while it ran).
    Canceled,
    /// The page's guard stopped the build (it ran past the time limit, or
    /// stopped the simulator), or it did not finish before the page
    /// last closed: the reason, whole.
    Stopped {
        reason: String,
    },
}

impl BuildErrorKind {
    /// Whether one of Stagecraft's own limits stopped the build (rather
    /// than an error Docker would give).
    pub fn is_limit(&self) -> bool {
        match self {
            BuildErrorKind::Limit { .. }
            | BuildErrorKind::StepLimit { .. }
            | BuildErrorKind::Stopped { .. } => true,
            BuildErrorKind::Expand(e) => e.kind.is_limit(),
            BuildErrorKind::Filesystem(e) | BuildErrorKind::FsOp { error: e, .. } => {
                e.kind == super::vfs::FsErrorKind::TooDeep
            }
            _ => false,
        }
    }
}

impl fmt::Display for BuildErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use BuildErrorKind::*;
        match self {
            Dockerfile { message } => f.write_str(message),
            Expand(e) => e.fmt(f),
            NoStages => f.write_str("dockerfile contains no stages to build"),
            Canceled => f.write_str("Canceled: context canceled"),
            BlankBaseName { base } => write!(f, "base name ({base}) should not be blank"),
            TargetNotFound { target, suggestion } => {
                write!(f, "target stage {} could not be found", go_quote(target))?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean {s}?)")?;
                }
                Ok(())
            }
            InvalidStageIndex { index } => write!(f, "invalid stage index {index}"),
            CopyFromLaterStage { from, current } => write!(
                f,
                "cannot copy from stage {}, it needs to be defined before current stage {}",
                go_quote(from),
                go_quote(current)
            ),
            InvalidMountTarget { target } => write!(f, "invalid mount target {target:?}"),
            MountFromLaterStage { from, current } => write!(
                f,
                "cannot mount from stage {} to {}, stage needs to be defined before current command",
                go_quote(from),
                go_quote(current)
            ),
            CircularDependency { stage } => write!(f, "circular dependency detected on stage: {stage}"),
            FromVariable => f.write_str(
                "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
            ),
            UnknownImage { reference } => write!(
                f,
                "failed to resolve source metadata for {reference}: {reference}: not found"
            ),
            SourceNotFound { reference, path } => write!(
                f,
                "failed to compute cache key: failed to calculate checksum of ref {reference}: {}: not found",
                go_quote(path)
            ),
            CopyToNonDirectory { path } => write!(f, "cannot copy to non-directory: {path}"),
            ReplaceDirectoryWithFile { path } => {
                write!(f, "cannot replace to directory {path} with file")
            }
            FsOp { op, error } => f.write_str(&error.go_text(op)),
            SourceIsUrl { instruction } => write!(f, "source can't be a URL for {instruction}"),
            MultipleSourcesNeedDirectory { instruction } => write!(
                f,
                "When using {instruction} with more than one source file, the destination must be a directory and end with a /"
            ),
            InvalidPort { message } => f.write_str(message),
            InvalidChmod { value } => write!(
                f,
                "invalid chmod parameter: '{value}'. it should be octal string and between 0 and 07777"
            ),
            InvalidChmodSyntax => f.write_str("invalid syntax"),
            Filesystem(e) => e.fmt(f),
            ProcessFailed { command, code } => write!(
                f,
                "process {} did not complete successfully: exit code: {code}",
                go_quote(command)
            ),
            ProcessError { command, message } => write!(
                f,
                "process {} did not complete successfully: {message}",
                go_quote(command)
            ),
            NotSimulated { program } => write!(
                f,
                "{program}: not simulated by Stagecraft (strict mode treats it as an error)"
            ),
            Approximated { what } => write!(
                f,
                "{what} (an approximation: strict mode treats it as an error)"
            ),
            ExecNotFound {
                command,
                program,
                shell_form,
            } => {
                write!(
                    f,
                    "process {} did not complete successfully: runc run failed: unable to start container process: error during container init: exec: {}: ",
                    go_quote(command),
                    go_quote(program)
                )?;
                if *shell_form || program.contains('/') {
                    write!(f, "stat {program}: no such file or directory")
                } else {
                    f.write_str("executable file not found in $PATH")
                }
            }
            StepLimit { limit } => write!(
                f,
                "the RUN script was stopped after {limit} steps: a loop that never ends? (a simulation limit)"
            ),
            Limit { what, limit } => write!(
                f,
                "{what}: over Stagecraft's limit of {limit} (a simulation limit, not Docker's; the About view lists them)"
            ),
            Unsupported { what } => write!(f, "{what} is not simulated by Stagecraft"),
            Stopped { reason } => f.write_str(reason),
        }
    }
}
