//! A warning about the build: where (the instruction's span; none for the
//! build context) and what (a kind), written out by one `Display`, as
//! [`crate::dockerfile::Diagnostic`] is for the Dockerfile's problems, so
//! the editor underlines a warning as it underlines an error.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::dockerfile::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildWarning {
    /// The instruction it is about; `None` for the build context.
    pub span: Option<Span>,
    pub kind: WarningKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum WarningKind {
    /// A pattern of `.dockerignore` that is not applied as written.
    Dockerignore { message: String },
    /// Reading the build context (a file left out, a link kept).
    Context { message: String },
    /// The catalog lacks the image: another stands in for it.
    StandInImage {
        reference: String,
        used: String,
        /// The generic minimal base, not an image of the same family.
        generic: bool,
        /// What the stand-in does to the size, worded (may be empty).
        #[serde(default)]
        size: String,
    },
    /// COPY --from (or a mount from) an image the catalog has nothing
    /// like: the paths it was asked for stand in as placeholders.
    UnknownSource {
        reference: String,
        stand_ins: Vec<String>,
        /// Bytes each placeholder holds.
        size: u64,
    },
    /// A program the simulator does not model ran as a no-op.
    NotSimulated { command: String },
    /// `--chown` named a user or group the image does not have.
    ChownUnknown {
        spec: String,
        name: String,
        user: bool,
    },
    /// Several sources onto a destination that is not a directory.
    SourcesOntoFile {
        instruction: String,
        written: String,
        dest: String,
    },
    /// ADD of an archive that is copied as a file.
    ArchiveNotUnpacked {
        path: String,
        /// Why it could not be unpacked; `None` when its contents are
        /// not simulated at all.
        reason: Option<String>,
    },
    /// ADD of a git repository: an empty checkout stands in.
    GitSource { url: String },
    /// ADD of a URL: a placeholder stands in.
    Download { url: String },
    /// What a program of a RUN said of itself (an approximation, a
    /// package it could not find).
    Program { message: String },
}

impl BuildWarning {
    pub fn at(span: Span, kind: WarningKind) -> BuildWarning {
        BuildWarning {
            span: Some(span),
            kind,
        }
    }

    /// Not at an instruction (the build context).
    pub fn general(kind: WarningKind) -> BuildWarning {
        BuildWarning { span: None, kind }
    }

    /// The Dockerfile line it is about, or 0.
    pub fn line(&self) -> usize {
        self.span.map_or(0, |s| s.start.line)
    }
}

impl WarningKind {
    /// Its name, as the JSON tags it.
    pub fn code(&self) -> &'static str {
        match self {
            WarningKind::Dockerignore { .. } => "dockerignore",
            WarningKind::Context { .. } => "context",
            WarningKind::StandInImage { .. } => "stand_in_image",
            WarningKind::UnknownSource { .. } => "unknown_source",
            WarningKind::NotSimulated { .. } => "not_simulated",
            WarningKind::ChownUnknown { .. } => "chown_unknown",
            WarningKind::SourcesOntoFile { .. } => "sources_onto_file",
            WarningKind::ArchiveNotUnpacked { .. } => "archive_not_unpacked",
            WarningKind::GitSource { .. } => "git_source",
            WarningKind::Download { .. } => "download",
            WarningKind::Program { .. } => "program",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::Dockerignore { message } => write!(f, ".dockerignore: {message}"),
            WarningKind::Context { message } | WarningKind::Program { message } => {
                f.write_str(message)
            }
            WarningKind::StandInImage {
                reference,
                used,
                generic: false,
                size,
            } => write!(
                f,
                "{reference} is not in Stagecraft's catalog; using {used} instead{size}"
            ),
            WarningKind::StandInImage {
                reference,
                used,
                generic: true,
                ..
            } => write!(
                f,
                "{reference} is not in Stagecraft's catalog, nor anything like it; using {used} (the base most images are built on) instead: its programs and size may differ"
            ),
            WarningKind::UnknownSource {
                reference,
                stand_ins,
                ..
            } if stand_ins.is_empty() => write!(
                f,
                "{reference} is not in Stagecraft's catalog, nor anything like it: nothing of it is copied (the image may lack what the real one holds)"
            ),
            WarningKind::UnknownSource {
                reference,
                stand_ins,
                size,
            } => write!(
                f,
                "{reference} is not in Stagecraft's catalog, nor anything like it: {} stand{} in as {} MB placeholder{} (the image may differ by {} real size)",
                stand_ins.join(", "),
                if stand_ins.len() == 1 { "s" } else { "" },
                if stand_ins.len() == 1 { format!("a {}", size / 1_000_000) } else { (size / 1_000_000).to_string() },
                if stand_ins.len() == 1 { "" } else { "s" },
                if stand_ins.len() == 1 { "its" } else { "their" },
            ),
            WarningKind::NotSimulated { command } => write!(
                f,
                "{command}: not simulated; assumed to succeed with no file changes"
            ),
            WarningKind::ChownUnknown {
                spec,
                name,
                user: true,
            } => write!(
                f,
                "--chown={spec}: the image has no user {name} in /etc/passwd; BuildKit does not fail but uses uid 0 (root)"
            ),
            WarningKind::ChownUnknown {
                spec,
                name,
                user: false,
            } => write!(
                f,
                "--chown={spec}: the image has no group {name} in /etc/group; BuildKit does not fail but keeps the user's group"
            ),
            WarningKind::SourcesOntoFile {
                instruction,
                written,
                dest,
            } => write!(
                f,
                "{instruction} has several sources but its destination {written} does not end in /: BuildKit copies each source onto {dest} in turn, so a file replaces the one before (Docker's documentation asks for a directory ending in /)"
            ),
            WarningKind::ArchiveNotUnpacked { path, reason: None } => write!(
                f,
                "{path}: the archive's contents are not simulated; ADD copies it as a file"
            ),
            WarningKind::ArchiveNotUnpacked {
                path,
                reason: Some(reason),
            } => write!(f, "{path}: not unpacked ({reason}); ADD copies it as a file"),
            WarningKind::GitSource { url } => write!(
                f,
                "{url}: git sources are not fetched; an empty checkout stands in"
            ),
            WarningKind::Download { url } => write!(
                f,
                "{url}: downloads are not simulated; a 1 MiB placeholder stands in"
            ),
        }
    }
}

impl fmt::Display for BuildWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

/// `{"line", "message", "span", "kind"}`: the line and the words for
/// readers of the JSON, the span and the kind for programs.
impl Serialize for BuildWarning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("BuildWarning", 4)?;
        s.serialize_field("line", &self.line())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("span", &self.span)?;
        s.serialize_field("kind", &self.kind)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::source::Position;

    #[test]
    fn a_warning_reads_as_before_and_keeps_its_place() {
        let at = |line, column| Position {
            offset: 0,
            line,
            column,
        };
        let warning = BuildWarning::at(
            Span::new(at(3, 1), at(3, 20)),
            WarningKind::StandInImage {
                reference: "golang:1.99".into(),
                used: "golang:1.22".into(),
                generic: false,
                size: String::new(),
            },
        );
        assert_eq!(warning.line(), 3);
        assert_eq!(
            warning.to_string(),
            "golang:1.99 is not in Stagecraft's catalog; using golang:1.22 instead"
        );
        let json = serde_json::to_value(&warning).expect("json");
        assert_eq!(json["line"], 3);
        assert_eq!(json["kind"]["warning"], "stand_in_image");
        assert_eq!(warning.kind.code(), "stand_in_image");
        assert_eq!(json["span"]["end"]["column"], 20);
        let context = BuildWarning::general(WarningKind::Context {
            message: "a link kept as a link".into(),
        });
        assert_eq!(context.line(), 0);
        assert_eq!(context.to_string(), "a link kept as a link");
    }
}
