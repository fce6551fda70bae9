//! The web app's state: a pure reducer over the Dockerfile being edited,
//! tested natively. Components only render it and dispatch actions.

use std::rc::Rc;

use yew::Reducible;

use crate::dockerfile::highlight::{highlight, Token};
use crate::dockerfile::instruction::{Dockerfile, Instruction, Stage};
use crate::dockerfile::Severity;

/// The Dockerfile shown when nothing was saved yet.
pub const EXAMPLE: &str = "\
# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22

# Build the binary with the full Go toolchain.
FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

# Ship only the binary.
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/server /server
USER nonroot
ENTRYPOINT [\"/server\"]
";

#[derive(Clone, Debug, PartialEq)]
pub struct EditorState {
    pub source: String,
    pub view: Rc<ParseView>,
    /// A request to move the caret, newest last.
    pub jump: Option<Jump>,
}

/// Move the caret to byte `offset`; `serial` makes each request distinct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    pub offset: usize,
    pub end: usize,
    pub serial: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Edit(String),
    /// Select this byte range of the source in the editor.
    JumpTo {
        start: usize,
        end: usize,
    },
}

/// What the views show of one parse.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseView {
    pub tokens: Vec<Token>,
    pub diagnostics: Vec<DiagnosticView>,
    pub meta_args: Vec<InstructionView>,
    pub stages: Vec<StageView>,
    pub error_count: usize,
    pub warning_count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagnosticView {
    pub severity: Severity,
    pub code: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    pub start: usize,
    pub end: usize,
}

impl DiagnosticView {
    /// A build's warning at its instruction, drawn as the parser's
    /// warnings are (the build must be of the text shown: spans are its).
    pub fn of_warning(warning: &crate::engine::warning::BuildWarning) -> Option<DiagnosticView> {
        let span = warning.span?;
        Some(DiagnosticView {
            severity: Severity::Warning,
            code: warning.kind.code(),
            line: span.start.line,
            column: span.start.column,
            message: warning.to_string(),
            help: None,
            start: span.start.offset,
            end: span.end.offset,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageView {
    pub index: usize,
    pub label: String,
    pub base: String,
    /// The base is an earlier stage of this file.
    pub base_is_stage: bool,
    pub from: InstructionView,
    pub instructions: Vec<InstructionView>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstructionView {
    pub name: &'static str,
    pub line: usize,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl InstructionView {
    fn new(instruction: &Instruction) -> InstructionView {
        let text: String = instruction.original.trim().chars().take(120).collect();
        InstructionView {
            name: instruction.name(),
            line: instruction.start_line,
            text,
            start: instruction.keyword_span.start.offset,
            end: instruction.keyword_span.end.offset,
        }
    }
}

impl ParseView {
    pub fn build(source: &str) -> ParseView {
        let dockerfile = Dockerfile::parse(source);
        let diagnostics: Vec<DiagnosticView> = dockerfile
            .diagnostics
            .iter()
            .map(|d| DiagnosticView {
                severity: d.severity,
                code: d.kind.code(),
                line: d.span.start.line,
                column: d.span.start.column,
                message: d.kind.to_string(),
                help: d.help(),
                start: d.span.start.offset,
                end: d.span.end.offset,
            })
            .collect();
        let mut names_so_far = std::collections::HashSet::new();
        let stages = dockerfile
            .stages
            .iter()
            .map(|stage| {
                let base_is_stage = names_so_far.contains(&stage.base().to_lowercase());
                if let Some(name) = &stage.name {
                    names_so_far.insert(name.clone());
                }
                stage_view(stage, base_is_stage)
            })
            .collect();
        ParseView {
            tokens: highlight(source, &dockerfile.ast),
            error_count: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            warning_count: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            diagnostics,
            meta_args: dockerfile
                .meta_args
                .iter()
                .map(InstructionView::new)
                .collect(),
            stages,
        }
    }
}

fn stage_view(stage: &Stage, base_is_stage: bool) -> StageView {
    let base = stage.base().to_string();
    StageView {
        index: stage.index,
        label: stage.label(),
        base,
        base_is_stage,
        from: InstructionView::new(&stage.from),
        instructions: stage
            .instructions
            .iter()
            .map(InstructionView::new)
            .collect(),
    }
}

impl EditorState {
    pub fn new(source: String) -> EditorState {
        EditorState {
            view: Rc::new(ParseView::build(&source)),
            source,
            jump: None,
        }
    }

    /// The pure transition behind `Reducible`.
    pub fn apply(&self, action: Action) -> EditorState {
        match action {
            Action::Edit(source) => {
                if source == self.source {
                    return self.clone();
                }
                EditorState {
                    view: Rc::new(ParseView::build(&source)),
                    source,
                    jump: self.jump,
                }
            }
            Action::JumpTo { start, end } => {
                let start = clamp_to_char(&self.source, start);
                let end = clamp_to_char(&self.source, end.max(start));
                EditorState {
                    jump: Some(Jump {
                        offset: start,
                        end,
                        serial: self.jump.map_or(1, |j| j.serial + 1),
                    }),
                    ..self.clone()
                }
            }
        }
    }
}

fn clamp_to_char(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl Reducible for EditorState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// Byte offset to the UTF-16 index a browser's text fields use.
pub fn utf16_index(text: &str, byte_offset: usize) -> u32 {
    let offset = clamp_to_char(text, byte_offset);
    text[..offset].encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_warning_is_underlined_at_its_instruction() {
        let source = "FROM golang:1.99\nRUN true\n";
        let build = crate::engine::build::build_ok(source);
        let views: Vec<DiagnosticView> = build
            .warnings
            .iter()
            .filter_map(DiagnosticView::of_warning)
            .collect();
        let stand_in = views
            .iter()
            .find(|v| v.code == "stand_in_image")
            .expect("the stand-in image is a warning at its FROM");
        assert_eq!((stand_in.line, stand_in.column), (1, 1));
        assert_eq!(&source[stand_in.start..stand_in.end], "FROM golang:1.99");
        let view = ParseView::build(source);
        let runs = crate::ui::highlight_view::runs(source, &view.tokens, &views);
        let underlined: String = runs
            .iter()
            .filter(|r| r.underline == Some(Severity::Warning))
            .map(|r| &source[r.range.clone()])
            .collect();
        assert_eq!(underlined, "FROM golang:1.99");
    }

    #[test]
    fn the_example_parses_cleanly() {
        let state = EditorState::new(EXAMPLE.to_string());
        assert_eq!(state.view.error_count, 0, "{:?}", state.view.diagnostics);
        assert_eq!(state.view.stages.len(), 2);
        assert_eq!(state.view.stages[0].label, "build");
        assert_eq!(state.view.meta_args.len(), 1);
        assert_eq!(
            state.view.stages[1].instructions[0].text,
            "COPY --from=build /out/server /server"
        );
    }

    #[test]
    fn editing_reparses_and_errors_come_and_go() {
        let state = EditorState::new("FROM alpine\n".into());
        let broken = state.apply(Action::Edit("FROM alpine\nCOPY a\n".into()));
        assert_eq!(broken.view.error_count, 1);
        let d = &broken.view.diagnostics[0];
        assert_eq!((d.line, d.column, d.code), (2, 1, "no-destination"));
        let fixed = broken.apply(Action::Edit("FROM alpine\nCOPY a /a\n".into()));
        assert_eq!(fixed.view.error_count, 0);
    }

    #[test]
    fn jumps_are_distinct_and_clamped() {
        let state = EditorState::new("FROM é\n".into());
        let a = state.apply(Action::JumpTo { start: 6, end: 99 });
        let jump = a.jump.unwrap();
        assert_eq!((jump.offset, jump.end), (5, 8));
        let b = a.apply(Action::JumpTo { start: 6, end: 99 });
        assert_ne!(b.jump, a.jump);
    }

    #[test]
    fn utf16_indexes_count_code_units() {
        assert_eq!(utf16_index("a😀b", 5), 3);
        assert_eq!(utf16_index("é", 1), 0);
    }
}
