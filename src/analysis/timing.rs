//! How long the build would take: each step gets a simulated duration
//! from a model of what it does (`duration_model`), each stage the
//! sum of its steps. BuildKit runs independent stages in parallel, so its
//! total is the critical path through the stages the target needs; the
//! legacy builder runs every stage up to the target, one after another.

use serde::Serialize;

use crate::engine::build::{Build, StageBase, StageStatus};
use crate::engine::shell::cost;
use crate::engine::step::{Step, StepKind};

/// The model, stated for the report; RUN's programs follow theirs
/// (`shell::cost`).
pub fn duration_model() -> String {
    format!("pulling a base image: its compressed size at 50 MB/s; COPY and ADD: 0.1 s plus 200 MB/s; RUN: 0.3 s to start its container, plus what its programs take by their models ({})", cost::MODEL)
}

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
    pub model: String,
    pub stages: Vec<StageTime>,
    /// BuildKit: the critical path through the stages the target needs.
    pub buildkit_seconds: f64,
    /// The legacy builder: every stage up to the target, in sequence.
    pub legacy_seconds: f64,
    /// The stages on the critical path, first to last.
    pub critical_path: Vec<String>,
}

/// One step's simulated seconds: COPY and ADD by the bytes they write,
/// RUN by its programs' models, other instructions none.
fn step_seconds(step: &Step) -> f64 {
    match step.kind {
        StepKind::Copy { .. } | StepKind::Add => 0.1 + step.size as f64 / 200e6,
        StepKind::Run(_) => 0.3 + step.work_seconds,
        StepKind::Config { .. } => 0.0,
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
        if let Some(s) = step.copied_stage() {
            if s < index && !deps.contains(&s) {
                deps.push(s);
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
                seconds: step_seconds(s),
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
        model: duration_model(),
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
    use crate::engine::build::build_ok;
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

    fn step_times(dockerfile: &str) -> Vec<(String, f64, u64)> {
        let b = build_ok(dockerfile);
        let t = timing(&b);
        t.stages
            .iter()
            .flat_map(|s| s.steps.iter())
            .zip(b.stages.iter().flat_map(|s| s.steps.iter()))
            .map(|(time, step)| (time.instruction.clone(), time.seconds, step.size))
            .collect()
    }

    #[test]
    fn run_steps_take_what_their_programs_model() {
        let steps = step_times(
            "FROM golang:1.22\nRUN echo hi > /hi\nRUN curl -fsSLo /go.tgz https://go.dev/dl/go1.22.5.linux-amd64.tar.gz\nRUN apt-get update && apt-get install -y --no-install-recommends jq\nENV A=b\nCOPY --from=alpine:3.19 /etc/os-release /\n",
        );
        let seconds = |prefix: &str| {
            steps
                .iter()
                .find(|(i, _, _)| i.starts_with(prefix))
                .map(|(_, s, size)| (*s, *size))
                .expect(prefix)
        };
        // A command that does nothing costs its container's start.
        let (echo, _) = seconds("RUN echo");
        assert!((echo - (0.3 + cost::COMMAND)).abs() < 1e-9, "{echo}");
        // curl (run by /bin/sh -c): the tarball over the network, by its
        // size.
        let (curl, size) = seconds("RUN curl");
        assert!(size > 60_000_000, "{size}");
        let expected = 0.3 + 2.0 * cost::COMMAND + cost::download(size);
        assert!((curl - expected).abs() < 1e-6, "{curl} vs {expected}");
        // apt: the index, then each package fetched, unpacked, configured.
        let (apt, _) = seconds("RUN apt-get");
        assert!(apt > 0.3 + cost::APT_UPDATE + 0.1, "{apt}");
        assert_eq!(seconds("ENV").0, 0.0);
        assert!(seconds("COPY").0 > 0.1);
    }

    #[test]
    fn a_compile_costs_by_what_it_compiles() {
        let go = |imports: &str| {
            let b = build_ok(&format!("FROM golang:1.22\nWORKDIR /src\nRUN printf 'module example.com/app\\n\\ngo 1.22\\n' > go.mod && printf 'package main\\n\\nimport (\\n{imports}\\n)\\n\\nfunc main() {{}}\\n' > main.go\nRUN CGO_ENABLED=0 go build -o /app .\n"));
            timing(&b).stages[0].steps[2].seconds
        };
        let small = go("\\t\"fmt\"");
        let large = go("\\t\"fmt\"\\n\\t\"net/http\"\\n\\t\"encoding/json\"");
        assert!(small >= 0.3 + cost::go_build(0, 0), "{small}");
        assert!(large > small, "{large} vs {small}");
    }
}
