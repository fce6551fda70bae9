//! The stage graph: stages and the base images they start from as boxes,
//! FROM and COPY --from as arrows, laid out in columns by dependency (a
//! stage right of everything it needs). Pure, so the layout is tested
//! natively and the page only draws it.

use crate::analysis::lineage::{copy_source, stage_named};
use crate::dockerfile::instruction::Dockerfile;
use crate::engine::build::{Build, StageBase, StageStatus};

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
    /// `FROM` or `COPY --from`.
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
    /// The graph of a build of `source`.
    pub fn of(build: &Build, source: &str) -> Graph {
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
        // base: the parsed Dockerfile says what they name.
        let parsed = Dockerfile::parse(source);
        for stage in &build.stages {
            let mut sources = Vec::new();
            let named = parsed.stages.get(stage.index);
            match &stage.base {
                Some(StageBase::Stage { index }) => {
                    if let Some(&n) = stage_node.get(*index) {
                        sources.push((n, "FROM"));
                    }
                }
                Some(StageBase::Image { used, .. }) => {
                    sources.push((image_node(&mut graph, used), "FROM"));
                }
                Some(StageBase::Scratch) => {
                    sources.push((image_node(&mut graph, "scratch"), "FROM"));
                }
                None => {
                    if let Some(base) = named.map(|s| s.base().to_string()) {
                        let earlier = stage_named(build, &base).filter(|s| s.index < stage.index);
                        match earlier.and_then(|s| stage_node.get(s.index)) {
                            Some(&n) => sources.push((n, "FROM")),
                            None if !base.is_empty() => {
                                sources.push((image_node(&mut graph, &base), "FROM"))
                            }
                            None => {}
                        }
                    }
                }
            }
            let instructions: Vec<String> = if stage.steps.is_empty() {
                named
                    .map(|s| {
                        s.instructions
                            .iter()
                            .map(|i| i.original.trim().to_string())
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                stage.steps.iter().map(|s| s.instruction.clone()).collect()
            };
            for instruction in &instructions {
                if let Some(name) = copy_source(instruction) {
                    let from = match stage_named(build, &name) {
                        Some(s) if s.index < stage.index => stage_node.get(s.index).copied(),
                        Some(_) => None,
                        None => Some(image_node(&mut graph, &name)),
                    };
                    if let Some(from) = from {
                        if !sources
                            .iter()
                            .any(|(n, k)| *n == from && *k == "COPY --from")
                        {
                            sources.push((from, "COPY --from"));
                        }
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
        let g = Graph::of(&b, source);
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
