//! How long the build would take: each step gets a simulated duration
//! from a simple model of what it does (DURATION_MODEL), each stage the
//! sum of its steps. BuildKit runs independent stages in parallel, so its
//! total is the critical path through the stages the target needs; the
//! legacy builder runs every stage up to the target, one after another.

use serde::Serialize;

use crate::engine::build::{Build, StageBase, StageStatus};

/// The model, stated for the report.
pub const DURATION_MODEL: &str = "pulling a base image: its compressed size at 50 MB/s; COPY and ADD: 0.1 s plus 200 MB/s; RUN: 0.3 s plus its layer at 30 MB/s (downloads, unpacking), plus 15 s for a compile (go build, gcc, make, mvn, gradle, dotnet publish, npm run build) or 60 s for cargo build; other instructions: none";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepTime {
    pub line: usize,
    pub instruction: String,
    pub seconds: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageTime {
    pub stage: String,
    /// Its own steps (and pulling its base image).
    pub seconds: f64,
    /// When it would finish under BuildKit, its dependencies first.
    pub finishes_at: f64,
    pub steps: Vec<StepTime>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    pub model: &'static str,
    pub stages: Vec<StageTime>,
    /// BuildKit: the critical path through the stages the target needs.
    pub buildkit_seconds: f64,
    /// The legacy builder: every stage up to the target, in sequence.
    pub legacy_seconds: f64,
    /// The stages on the critical path, first to last.
    pub critical_path: Vec<String>,
}

fn step_seconds(instruction: &str, bytes: u64) -> f64 {
    let keyword = instruction
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let mb = bytes as f64 / 1e6;
    match keyword.as_str() {
        "COPY" | "ADD" => 0.1 + mb / 200.0,
        "RUN" => {
            let text = instruction.to_ascii_lowercase();
            let compile = if text.contains("cargo build") || text.contains("cargo install") {
                60.0
            } else if [
                "go build",
                "go install",
                "gcc ",
                "g++ ",
                "make",
                "mvn ",
                "gradle",
                "dotnet publish",
                "dotnet build",
                "npm run build",
                "vite build",
                "yarn build",
            ]
            .iter()
            .any(|c| text.contains(c))
            {
                15.0
            } else {
                0.0
            };
            0.3 + mb / 30.0 + compile
        }
        _ => 0.0,
    }
}

/// The stages a stage needs: its base, and what it copies from.
fn dependencies(build: &Build, index: usize) -> Vec<usize> {
    let stage = &build.stages[index];
    let mut deps = Vec::new();
    if let Some(StageBase::Stage { index }) = stage.base {
        deps.push(index);
    }
    for step in &stage.steps {
        let from = super::lineage::copy_source(&step.instruction)
            .and_then(|name| super::lineage::stage_named(build, &name));
        if let Some(s) = from {
            if s.index < index && !deps.contains(&s.index) {
                deps.push(s.index);
            }
        }
    }
    deps
}

pub fn timing(build: &Build) -> Timing {
    let mut stages: Vec<StageTime> = Vec::new();
    let mut via: Vec<Option<usize>> = Vec::new();
    for stage in &build.stages {
        let pull = match (&stage.base, &stage.image) {
            (Some(StageBase::Image { .. }), Some(image)) => image.base_size() as f64 * 0.4 / 50e6,
            _ => 0.0,
        };
        let steps: Vec<StepTime> = stage
            .steps
            .iter()
            .map(|s| StepTime {
                line: s.line,
                instruction: s.instruction.clone(),
                seconds: step_seconds(&s.instruction, s.size),
            })
            .collect();
        let seconds = pull + steps.iter().map(|s| s.seconds).sum::<f64>();
        let deps = dependencies(build, stage.index);
        let before = deps
            .iter()
            .map(|&d| (stages[d].finishes_at, d))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        via.push(before.map(|(_, d)| d));
        stages.push(StageTime {
            stage: stage.display_name.clone(),
            seconds,
            finishes_at: before.map_or(0.0, |(t, _)| t) + seconds,
            steps,
        });
    }
    let target = build.target.unwrap_or(stages.len().saturating_sub(1));
    let mut critical_path = Vec::new();
    let mut at = (!stages.is_empty()).then_some(target);
    while let Some(i) = at {
        critical_path.push(stages[i].stage.clone());
        at = via[i];
    }
    critical_path.reverse();
    Timing {
        model: DURATION_MODEL,
        buildkit_seconds: stages.get(target).map_or(0.0, |s| s.finishes_at),
        legacy_seconds: build
            .stages
            .iter()
            .take(target + 1)
            .filter(|s| s.status != StageStatus::NotReached)
            .map(|s| stages[s.index].seconds)
            .sum(),
        stages,
        critical_path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::builtin;
    use crate::engine::{build, BuildContext, BuildOptions};

    #[test]
    fn independent_stages_run_in_parallel_under_buildkit() {
        let b = build(
            "FROM golang:1.22 AS api\nRUN mkdir /out && go version > /out/api\n\nFROM node:20 AS web\nRUN mkdir /dist && node --version > /dist/index.html\n\nFROM alpine:3.19\nCOPY --from=api /out/api /api\nCOPY --from=web /dist /web\n",
            &BuildContext::empty(),
            &BuildOptions {
                legacy_builder: true,
                ..BuildOptions::default()
            },
            builtin(),
        );
        assert!(b.error.is_none(), "{:?}", b.error);
        let t = timing(&b);
        let api = t.stages[0].seconds;
        let web = t.stages[1].seconds;
        let last = t.stages[2].seconds;
        assert!(
            (t.buildkit_seconds - (api.max(web) + last)).abs() < 1e-9,
            "{t:#?}"
        );
        assert!(
            (t.legacy_seconds - (api + web + last)).abs() < 1e-9,
            "{t:#?}"
        );
        assert!(t.buildkit_seconds < t.legacy_seconds);
        // node:20 is the bigger pull: the web stage is on the critical path.
        assert_eq!(
            t.critical_path,
            vec!["web".to_string(), "stage-2".to_string()]
        );
    }

    #[test]
    fn compiles_and_downloads_take_time() {
        assert!(step_seconds("RUN cargo build --release", 0) > 60.0);
        assert!(step_seconds("RUN go build -o /app .", 0) > 15.0);
        assert!(step_seconds("RUN apt-get install -y curl", 30_000_000) > 1.0);
        assert_eq!(step_seconds("ENV A=b", 0), 0.0);
    }
}
