//! What the page shows of a build: the image's size, its layers (base
//! image or Dockerfile line), the stages, the warnings or the error. Made
//! from the engine's one `Build` value.

use crate::engine::build::{Build, StageBase, StageStatus};
use crate::engine::image::{human_size, LayerOrigin};

#[derive(Clone, Debug, PartialEq)]
pub struct LayerView {
    pub created_by: String,
    pub size: String,
    /// `from golang:1.22`, or `line 4`.
    pub origin: String,
    pub base: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StageSummary {
    pub label: String,
    pub base: String,
    pub status: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BuildView {
    /// `golang:1.22 (814.9 MB)` style total, when an image was made.
    pub size: Option<String>,
    pub size_bytes: u64,
    pub layers: Vec<LayerView>,
    pub stages: Vec<StageSummary>,
    pub warnings: Vec<String>,
    /// `line 3: ...`, when the build failed.
    pub error: Option<String>,
}

impl BuildView {
    pub fn of(build: &Build) -> BuildView {
        let image = build.image();
        let layers = image
            .map(|image| {
                image
                    .layers
                    .iter()
                    .map(|layer| LayerView {
                        created_by: layer.created_by.clone(),
                        size: human_size(layer.size),
                        origin: match &layer.origin {
                            LayerOrigin::Base { image } => format!("from {image}"),
                            LayerOrigin::Step { line, .. } => format!("line {line}"),
                        },
                        base: matches!(layer.origin, LayerOrigin::Base { .. }),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let stages = build
            .stages
            .iter()
            .map(|stage| StageSummary {
                label: stage.display_name.clone(),
                base: match &stage.base {
                    Some(StageBase::Scratch) => "scratch".into(),
                    Some(StageBase::Stage { index }) => format!("stage {index}"),
                    Some(StageBase::Image { used, .. }) => used.clone(),
                    None => String::new(),
                },
                status: match stage.status {
                    StageStatus::Built => "built",
                    StageStatus::Skipped => "skipped",
                    StageStatus::Failed => "failed",
                    StageStatus::NotReached => "not reached",
                },
            })
            .collect();
        let error = build.error.as_ref().map(|e| {
            let line = e.span.start.line;
            let mut text = if line > 0 {
                format!("line {line}: {e}")
            } else {
                e.to_string()
            };
            if !e.output.is_empty() {
                text.push('\n');
                text.push_str(e.output.trim_end());
            }
            text
        });
        BuildView {
            size: image.map(|i| human_size(i.size())),
            size_bytes: image.map_or(0, |i| i.size()),
            layers,
            stages,
            warnings: build
                .warnings
                .iter()
                .map(|w| format!("line {}: {w}", w.line()))
                .collect(),
            error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::builtin;
    use crate::engine::{build, BuildContext, BuildOptions};

    #[test]
    fn a_build_shows_its_size_layers_and_errors() {
        let b = build(
            "FROM golang:1.22 AS build\nRUN go version\n\nFROM alpine:3.19\nRUN echo hi > /hi\n",
            &BuildContext::empty(),
            &BuildOptions::default(),
            builtin(),
        );
        let view = BuildView::of(&b);
        assert_eq!(view.error, None);
        assert!(
            view.size.as_deref().is_some_and(|s| s.ends_with("MB")),
            "{view:?}"
        );
        assert_eq!(view.layers.len(), 2);
        assert_eq!(view.layers[0].origin, "from alpine:3.19");
        assert_eq!(view.layers[1].origin, "line 5");
        // The target does not need the first stage: BuildKit skips it.
        assert_eq!(view.stages[0].status, "skipped");
        assert_eq!(view.stages[1].base, "alpine:3.19");
        assert_eq!(view.stages[1].status, "built");
        let b = build(
            "FROM debian:bookworm-slim\nRUN go build .\n",
            &BuildContext::empty(),
            &BuildOptions::default(),
            builtin(),
        );
        let view = BuildView::of(&b);
        let error = view.error.unwrap();
        assert!(error.starts_with("line 2: "), "{error}");
        assert!(error.contains("go: not found"), "{error}");
    }
}
