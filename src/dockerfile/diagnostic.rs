//! Everything Stagecraft can say about a Dockerfile: a span, a severity and a
//! kind. The message of each kind is BuildKit's own wording, so that a learner
//! who later meets the real error recognises it; `help` adds what to do.

use std::fmt;

use serde::Serialize;

use super::check_rule::Check;
use super::dump::go_quote;
use super::mount::MountError;
use super::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub span: Span,
    pub severity: Severity,
    pub kind: DiagnosticKind,
}

impl Diagnostic {
    pub fn error(span: Span, kind: DiagnosticKind) -> Diagnostic {
        Diagnostic {
            span,
            severity: Severity::Error,
            kind,
        }
    }

    pub fn warning(span: Span, kind: DiagnosticKind) -> Diagnostic {
        Diagnostic {
            span,
            severity: Severity::Warning,
            kind,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `FILE:LINE:COL: error: MESSAGE`, the form compilers and editors use.
    pub fn render(&self, file: &str) -> String {
        format!(
            "{}:{}:{}: {}: {}",
            file, self.span.start.line, self.span.start.column, self.severity, self.kind
        )
    }

    /// One sentence on what to do about it, where the message alone may not say.
    pub fn help(&self) -> Option<String> {
        self.kind.help()
    }
}

impl fmt::Display for Diagnostic {
    /// `line 3: MESSAGE`, the way BuildKit locates its parse errors.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.span.start.line, self.kind)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DiagnosticKind {
    // Reading the file.
    NoInstructions,
    /// More instructions than Stagecraft reads (`crate::limits`).
    TooManyInstructions {
        limit: usize,
    },
    DuplicateDirective {
        name: String,
    },
    InvalidEscapeToken {
        token: String,
    },
    UnterminatedHeredoc,
    HeredocWord {
        message: String,
    },
    // Arguments of one instruction.
    TwoArgumentsRequired {
        instruction: String,
    },
    MissingEquals {
        word: String,
    },
    JsonNotStrings,
    UnknownInstruction {
        name: String,
        suggestion: Option<String>,
    },
    UnknownFlag {
        flag: String,
        suggestion: Option<String>,
    },
    DuplicateFlag {
        flag: String,
    },
    MissingFlagValue {
        flag: String,
    },
    ExpectingBoolean {
        flag: String,
        value: String,
    },
    AtLeastOneArgument {
        instruction: String,
    },
    ExactlyOneArgument {
        instruction: String,
    },
    NoDestination {
        instruction: String,
    },
    BlankNames {
        instruction: String,
    },
    TooManyArguments {
        instruction: String,
    },
    NotJson {
        instruction: String,
    },
    BadHeredoc {
        instruction: String,
        purpose: String,
    },
    OnbuildChaining,
    OnbuildTrigger {
        trigger: String,
    },
    HealthcheckNoneArguments,
    HealthcheckMissingCommand,
    HealthcheckUnknownType {
        kind: String,
    },
    InvalidDuration {
        message: String,
    },
    IntervalTooShort {
        flag: String,
    },
    InvalidRetries {
        message: String,
    },
    NegativeRetries {
        retries: i64,
    },
    EmptyVolume,
    Mount(MountError),
    InvalidNetwork {
        value: String,
    },
    InvalidSecurity {
        value: String,
    },
    InvalidChmod {
        value: String,
    },
    InvalidChmodSyntax {
        value: String,
    },
    FromFlagVariable,
    // Stages.
    FromArity,
    InvalidStageName {
        name: String,
    },
    /// A BuildKit build check (`docker build --check`), as a warning.
    Check {
        check: Check,
        message: String,
    },
    CheckOptions {
        message: String,
    },
    LintViolation {
        rules: Vec<String>,
    },
    NoBuildStage,
    NoStages,
    // .dockerignore
    IgnoreBadPattern {
        pattern: String,
    },
    IgnoreBareExclusion,
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DiagnosticKind::*;
        match self {
            NoInstructions => f.write_str("file with no instructions"),
            TooManyInstructions { limit } => write!(
                f,
                "the Dockerfile has more than {limit} instructions: over Stagecraft's limit of {limit} instructions (a simulation limit, not Docker's; the About view lists them)"
            ),
            DuplicateDirective { name } => {
                write!(f, "only one {name} parser directive can be used")
            }
            InvalidEscapeToken { token } => {
                write!(f, "invalid escape token '{token}' does not match ` or \\")
            }
            UnterminatedHeredoc => f.write_str("unterminated heredoc"),
            HeredocWord { message } => f.write_str(message),
            TwoArgumentsRequired { instruction } => {
                write!(f, "{instruction} must have two arguments")
            }
            MissingEquals { word } => write!(
                f,
                "Syntax error - can't find = in {}. Must be of the form: name=value",
                go_quote(word)
            ),
            JsonNotStrings => f.write_str(
                "when using JSON array syntax, arrays must be comprised of strings only",
            ),
            UnknownInstruction { name, suggestion } => {
                write!(f, "unknown instruction: {name}")?;
                did_you_mean(f, suggestion)
            }
            UnknownFlag { flag, suggestion } => {
                write!(f, "unknown flag: {flag}")?;
                did_you_mean(f, suggestion)
            }
            DuplicateFlag { flag } => write!(f, "duplicate flag specified: {flag}"),
            MissingFlagValue { flag } => write!(f, "missing a value on flag: {flag}"),
            ExpectingBoolean { flag, value } => {
                write!(f, "expecting boolean value for flag {flag}, not: {value}")
            }
            AtLeastOneArgument { instruction } => {
                write!(f, "{instruction} requires at least one argument")
            }
            ExactlyOneArgument { instruction } => {
                write!(f, "{instruction} requires exactly one argument")
            }
            NoDestination { instruction } => write!(
                f,
                "{instruction} requires at least two arguments, but only one was provided. Destination could not be determined."
            ),
            BlankNames { instruction } => write!(f, "{instruction} names can not be blank"),
            TooManyArguments { instruction } => {
                write!(f, "Bad input to {instruction}, too many arguments")
            }
            NotJson { instruction } => {
                write!(f, "{instruction} requires the arguments to be in JSON form")
            }
            BadHeredoc {
                instruction,
                purpose,
            } => write!(f, "{instruction} cannot accept a heredoc as {purpose}"),
            OnbuildChaining => f.write_str("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
            OnbuildTrigger { trigger } => {
                write!(f, "{trigger} isn't allowed as an ONBUILD trigger")
            }
            HealthcheckNoneArguments => f.write_str("HEALTHCHECK NONE takes no arguments"),
            HealthcheckMissingCommand => f.write_str("Missing command after HEALTHCHECK CMD"),
            HealthcheckUnknownType { kind } => {
                write!(f, "Unknown type {} in HEALTHCHECK (try CMD)", go_quote(kind))
            }
            InvalidDuration { message } | InvalidRetries { message } => f.write_str(message),
            IntervalTooShort { flag } => {
                write!(f, "Interval {} cannot be less than 1ms", go_quote(flag))
            }
            NegativeRetries { retries } => {
                write!(f, "--retries cannot be negative ({retries})")
            }
            EmptyVolume => f.write_str("VOLUME specified can not be an empty string"),
            Mount(error) => error.fmt(f),
            InvalidNetwork { value } => write!(f, "invalid network mode {}", go_quote(value)),
            InvalidSecurity { value } => write!(f, "security {} is not valid", go_quote(value)),
            InvalidChmod { value } => write!(
                f,
                "invalid chmod parameter: '{value}'. it should be octal string and between 0 and 07777"
            ),
            InvalidChmodSyntax { .. } => f.write_str("invalid syntax"),
            FromFlagVariable => f.write_str(
                "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
            ),
            FromArity => f.write_str("FROM requires either one or three arguments"),
            InvalidStageName { name } => write!(
                f,
                "invalid name for build stage: {}, name can't start with a number or contain symbols",
                go_quote(name)
            ),
            Check { check, message } => write!(f, "{}: {message}", check.name()),
            CheckOptions { message } => write!(f, "failed to parse check options: {message}"),
            LintViolation { rules } => {
                write!(f, "lint violation found for rules: {}", rules.join(", "))
            }
            NoBuildStage => f.write_str("no build stage in current context"),
            NoStages => f.write_str("dockerfile contains no stages to build"),
            IgnoreBadPattern { pattern } => {
                write!(f, "syntax error in pattern: {}", go_quote(pattern))
            }
            IgnoreBareExclusion => f.write_str("illegal exclusion pattern: \"!\""),
        }
    }
}

fn did_you_mean(f: &mut fmt::Formatter<'_>, suggestion: &Option<String>) -> fmt::Result {
    match suggestion {
        Some(s) => write!(f, " (did you mean {s}?)"),
        None => Ok(()),
    }
}

impl DiagnosticKind {
    /// A plain-words hint for a learner, where BuildKit's message leaves the
    /// next step unsaid.
    pub fn help(&self) -> Option<String> {
        use DiagnosticKind::*;
        let text = match self {
            NoInstructions => "Start with a FROM line, such as `FROM alpine:3.19`.",
            TooManyInstructions { .. } => {
                "Stagecraft reads the instructions up to here; the rest is not parsed or built."
            }
            UnterminatedHeredoc => {
                "End the here-document with a line holding only its delimiter, such as `EOF`."
            }
            TwoArgumentsRequired { .. } => "Give a value: `ENV NAME=value` (or the older `ENV NAME value`).",
            MissingEquals { .. } => {
                "When one pair uses `=`, every pair must: `ENV A=1 B=2`; quote values that contain spaces."
            }
            JsonNotStrings => "Write every element of the array as a string in double quotes.",
            UnknownInstruction { .. } => {
                "Each line starts with an instruction such as FROM, RUN, COPY, ENV or CMD."
            }
            UnknownFlag { .. } => "Check the flag's spelling against the instruction's reference.",
            NoDestination { .. } => "The last argument is where the files go: `COPY app.go /src/`.",
            NotJson { .. } => "SHELL takes a JSON array: `SHELL [\"/bin/bash\", \"-c\"]`.",
            FromArity => "Write `FROM image` or `FROM image AS name`.",
            InvalidStageName { .. } => {
                "Stage names start with a letter and use only letters, digits, `-`, `_` and `.`."
            }
            Check { check, .. } => return Some(check.description().to_string()),
            LintViolation { .. } => {
                "The `# check=` directive asks for build checks to fail the build; fix the warnings or remove `error=true`."
            }
            NoBuildStage => {
                "Only ARG may come before the first FROM; move this instruction below a FROM line."
            }
            NoStages => "A Dockerfile needs at least one FROM line.",
            FromFlagVariable => {
                "Declare `ARG` before the first FROM, start a stage with `FROM ${ARG} AS alias`, then `COPY --from=alias`."
            }
            InvalidChmod { .. } | InvalidChmodSyntax { .. } => {
                "--chmod takes an octal mode such as `755`, or a symbolic one such as `u+x,go-w`."
            }
            _ => return None,
        };
        Some(text.to_string())
    }

    /// A short stable name for the kind, for tests and the web app.
    pub fn code(&self) -> &'static str {
        use DiagnosticKind::*;
        match self {
            NoInstructions => "no-instructions",
            TooManyInstructions { .. } => "too-many-instructions",
            DuplicateDirective { .. } => "duplicate-directive",
            InvalidEscapeToken { .. } => "invalid-escape-token",
            UnterminatedHeredoc => "unterminated-heredoc",
            HeredocWord { .. } => "heredoc-word",
            TwoArgumentsRequired { .. } => "two-arguments-required",
            MissingEquals { .. } => "missing-equals",
            JsonNotStrings => "json-not-strings",
            UnknownInstruction { .. } => "unknown-instruction",
            UnknownFlag { .. } => "unknown-flag",
            DuplicateFlag { .. } => "duplicate-flag",
            MissingFlagValue { .. } => "missing-flag-value",
            ExpectingBoolean { .. } => "expecting-boolean",
            AtLeastOneArgument { .. } => "at-least-one-argument",
            ExactlyOneArgument { .. } => "exactly-one-argument",
            NoDestination { .. } => "no-destination",
            BlankNames { .. } => "blank-names",
            TooManyArguments { .. } => "too-many-arguments",
            NotJson { .. } => "not-json",
            BadHeredoc { .. } => "bad-heredoc",
            OnbuildChaining => "onbuild-chaining",
            OnbuildTrigger { .. } => "onbuild-trigger",
            HealthcheckNoneArguments => "healthcheck-none-arguments",
            HealthcheckMissingCommand => "healthcheck-missing-command",
            HealthcheckUnknownType { .. } => "healthcheck-unknown-type",
            InvalidDuration { .. } => "invalid-duration",
            IntervalTooShort { .. } => "interval-too-short",
            InvalidRetries { .. } => "invalid-retries",
            NegativeRetries { .. } => "negative-retries",
            EmptyVolume => "empty-volume",
            Mount(_) => "invalid-mount",
            InvalidNetwork { .. } => "invalid-network",
            InvalidSecurity { .. } => "invalid-security",
            InvalidChmod { .. } => "invalid-chmod",
            InvalidChmodSyntax { .. } => "invalid-chmod-syntax",
            FromFlagVariable => "from-flag-variable",
            FromArity => "from-arity",
            InvalidStageName { .. } => "invalid-stage-name",
            Check { check, .. } => check.name(),
            CheckOptions { .. } => "check-options",
            LintViolation { .. } => "lint-violation",
            NoBuildStage => "no-build-stage",
            NoStages => "no-stages",
            IgnoreBadPattern { .. } => "ignore-bad-pattern",
            IgnoreBareExclusion => "ignore-bare-exclusion",
        }
    }
}
