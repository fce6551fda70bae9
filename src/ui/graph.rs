//! The stage graph: stages and the base images they start from as boxes,
//! FROM and COPY --from as arrows, laid out in columns by dependency (a
//! stage right of everything it needs). Pure, so the layout is tested
//! natively and the page only draws it.

use crate::engine::build::{Build, StageBase, StageStatus};
use crate::engine::plan::{Base, Source};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphNode {
    pub label: String,
    /// A stage of the Dockerfile (its index), or an image (None).
    pub stage: Option<usize>,
    /// `built`, `skipped`, `failed`, `not reached`, or `image`.
    pub status: &'static str,
    pub target: bool,
    pub column: usize,
    pub row: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphEdge {
    pub from: usize,
    pub to: usize,
    /// `FROM`, `COPY --from` or `RUN --mount from`.
    pub kind: &'static str,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    pub columns: usize,
    pub rows: usize,
}

fn status(s: StageStatus) -> &'static str {
    match s {
        StageStatus::Built => "built",
        StageStatus::Skipped => "skipped",
        StageStatus::Failed => "failed",
        StageStatus::NotReached => "not reached",
    }
}

impl Graph {
    /// The graph of a build.
    pub fn of(build: &Build) -> Graph {
        let mut graph = Graph::default();
        let mut stage_node = Vec::new();
        let image_node = |graph: &mut Graph, name: &str| -> usize {
            if let Some(i) = graph
                .nodes
                .iter()
                .position(|n| n.stage.is_none() && n.label == name)
            {
                return i;
            }
            graph.nodes.push(GraphNode {
                label: name.to_string(),
                stage: None,
                status: "image",
                target: false,
                column: 0,
                row: 0,
            });
            graph.nodes.len() - 1
        };
        // Stages the build did not reach or skipped have no resolved
        // base: the plan says what they name, and what every stage takes
        // files from.
        let planned = build.plan.as_deref();
        for stage in &build.stages {
            let mut sources = Vec::new();
            let plan = planned.and_then(|p| p.stages.get(stage.index));
            match (&stage.base, plan.map(|p| &p.base)) {
                (Some(StageBase::Stage { index }), _) | (None, Some(Base::Stage(index))) => {
                    if let Some(&n) = stage_node.get(*index) {
                        sources.push((n, "FROM"));
                    }
                }
                (Some(StageBase::Image { used, .. }), _) => {
                    sources.push((image_node(&mut graph, used), "FROM"));
                }
                (Some(StageBase::Scratch), _) | (None, Some(Base::Scratch)) => {
                    sources.push((image_node(&mut graph, "scratch"), "FROM"));
                }
                (None, Some(Base::Image(name))) => {
                    sources.push((image_node(&mut graph, name), "FROM"));
                }
                (None, None) => {}
            }
            for used in plan.map(|p| &p.sources[..]).unwrap_or_default() {
                let from = match &used.source {
                    Source::Stage(i) if *i < stage.index => stage_node.get(*i).copied(),
                    Source::Stage(_) => None,
                    Source::Image(name) => Some(image_node(&mut graph, name)),
                };
                let kind = if used.mount {
                    "RUN --mount from"
                } else {
                    "COPY --from"
                };
                if let Some(from) = from {
                    if !sources.iter().any(|(n, k)| *n == from && *k == kind) {
                        sources.push((from, kind));
                    }
                }
            }
            let column = sources
                .iter()
                .map(|(n, _)| graph.nodes[*n].column + 1)
                .max()
                .unwrap_or(0);
            graph.nodes.push(GraphNode {
                label: stage.display_name.clone(),
                stage: Some(stage.index),
                status: status(stage.status),
                target: build.target == Some(stage.index),
                column,
                row: 0,
            });
            let to = graph.nodes.len() - 1;
            stage_node.push(to);
            graph
                .edges
                .extend(
                    sources
                        .into_iter()
                        .map(|(from, kind)| GraphEdge { from, to, kind }),
                );
        }
        // Rows: order of appearance within each column.
        let mut used = Vec::new();
        for node in &mut graph.nodes {
            if used.len() <= node.column {
                used.resize(node.column + 1, 0);
            }
            node.row = used[node.column];
            used[node.column] += 1;
        }
        graph.columns = used.len();
        graph.rows = used.into_iter().max().unwrap_or(0);
        graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::build::build_ok;

    #[test]
    fn stages_sit_right_of_what_they_need() {
        let source = "FROM golang:1.22 AS build\nRUN mkdir /out && go version > /out/v\nFROM build AS test\nRUN go version\nFROM alpine:3.19\nCOPY --from=build /out/v /v\nCOPY --from=busybox:1.36 /bin/busybox /bin/bb\n";
        let b = build_ok(source);
        let g = Graph::of(&b);
        let node = |label: &str| {
            g.nodes
                .iter()
                .find(|n| n.label == label)
                .unwrap_or_else(|| panic!("{label} in {g:#?}"))
        };
        assert_eq!(node("golang:1.22").status, "image");
        assert_eq!((node("golang:1.22").column, node("build").column), (0, 1));
        assert_eq!(node("test").column, 2);
        assert_eq!(node("test").status, "skipped");
        let last = node("stage-2");
        assert!(last.target);
        assert_eq!(last.column, 2);
        assert_eq!(last.row, 1);
        let edges: Vec<(String, String, &str)> = g
            .edges
            .iter()
            .map(|e| {
                (
                    g.nodes[e.from].label.clone(),
                    g.nodes[e.to].label.clone(),
                    e.kind,
                )
            })
            .collect();
        assert!(edges.contains(&("build".into(), "test".into(), "FROM")));
        assert!(edges.contains(&("build".into(), "stage-2".into(), "COPY --from")));
        assert!(edges.contains(&("busybox:1.36".into(), "stage-2".into(), "COPY --from")));
        assert!(edges.contains(&("alpine:3.19".into(), "stage-2".into(), "FROM")));
        assert_eq!((g.columns, g.rows), (3, 3));
    }
}
