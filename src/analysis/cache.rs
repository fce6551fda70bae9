//! The build cache, as BuildKit keys it: each step's key is its parent's
//! key and the instruction; for COPY and ADD also the content of what they
//! copied (so an edit to a file they do not copy, or one .dockerignore
//! leaves out, changes nothing). A second build over an edited context is
//! compared step by step: CACHED, or rebuilt with the reason of the
//! first miss in its stage.

use serde::Serialize;

use crate::engine::build::{Build, StageBase, StageResult};
use crate::engine::content::{Digest, Digester};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepOutcome {
    pub stage: String,
    pub line: usize,
    pub instruction: String,
    pub cached: bool,
    /// Why it was rebuilt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a COPY or ADD step wrote: path and content of each entry.
fn copied(stage: &StageResult, step_layer: Option<usize>) -> Vec<(String, Option<Digest>)> {
    let Some(layer) = stage
        .image
        .as_ref()
        .and_then(|image| step_layer.and_then(|i| image.layers.get(i)))
    else {
        return Vec::new();
    };
    layer
        .changes
        .iter()
        .map(|c| (c.path.clone(), c.entry.as_ref().and_then(|e| e.digest)))
        .collect()
}

/// Each stage's step keys, in order.
fn keys(build: &Build) -> Vec<Vec<Digest>> {
    let mut all: Vec<Vec<Digest>> = Vec::new();
    for stage in &build.stages {
        let mut key = match &stage.base {
            Some(StageBase::Stage { index }) => all
                .get(*index)
                .and_then(|k| k.last().copied())
                .unwrap_or_else(|| Digest::of(b"stage")),
            Some(StageBase::Image { used, .. }) => Digest::of(used.as_bytes()),
            Some(StageBase::Scratch) | None => Digest::of(b"scratch"),
        };
        let mut stage_keys = Vec::new();
        for step in &stage.steps {
            let mut d = Digester::new();
            d.part(&key.to_string()).part(&step.instruction);
            if step.is_copy_or_add() {
                for (path, digest) in copied(stage, step.layer) {
                    d.part(&path)
                        .part(&digest.map(|x| x.to_string()).unwrap_or_default());
                }
            }
            for bound in step.run().map(|r| r.bound.as_slice()).unwrap_or_default() {
                d.part(bound);
            }
            key = d.finish();
            stage_keys.push(key);
        }
        all.push(stage_keys);
    }
    all
}

/// The paths a COPY wrote differently in the two builds.
fn changed_paths(before: &StageResult, after: &StageResult, i: usize) -> Vec<String> {
    let old = copied(before, before.steps.get(i).and_then(|s| s.layer));
    let new = copied(after, after.steps.get(i).and_then(|s| s.layer));
    let old_by_path: std::collections::HashMap<&str, &Option<Digest>> =
        old.iter().map(|(p, d)| (p.as_str(), d)).collect();
    let new_by_path: std::collections::HashMap<&str, &Option<Digest>> =
        new.iter().map(|(p, d)| (p.as_str(), d)).collect();
    let mut paths: Vec<String> = new
        .iter()
        .filter(|(p, d)| old_by_path.get(p.as_str()) != Some(&d))
        .map(|(p, _)| p.clone())
        .chain(
            old.iter()
                .filter(|(p, _)| !new_by_path.contains_key(p.as_str()))
                .map(|(p, _)| p.clone()),
        )
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The second build's steps, each CACHED or rebuilt (and why), against
/// the first build's cache.
pub fn rebuild(before: &Build, after: &Build) -> Vec<StepOutcome> {
    let old_keys = keys(before);
    let new_keys = keys(after);
    let mut out = Vec::new();
    let mut rebuilt_stages: Vec<bool> = Vec::new();
    for (s, stage) in after.stages.iter().enumerate() {
        let previous = before.stages.get(s);
        let mut miss: Option<String> = match &stage.base {
            Some(StageBase::Stage { index })
                if rebuilt_stages.get(*index).copied().unwrap_or(false) =>
            {
                Some(format!(
                    "its base stage {} was rebuilt",
                    after.stages[*index].display_name
                ))
            }
            _ => None,
        };
        let mut any = false;
        for (i, step) in stage.steps.iter().enumerate() {
            let cached = miss.is_none()
                && old_keys
                    .get(s)
                    .and_then(|k| k.get(i))
                    .zip(new_keys.get(s).and_then(|k| k.get(i)))
                    .is_some_and(|(a, b)| a == b);
            let reason = if cached {
                None
            } else if let Some(first) = &miss {
                Some(format!("a step before it was rebuilt ({first})"))
            } else {
                let old_step = previous.and_then(|p| p.steps.get(i));
                let why = match old_step {
                    Some(old) if old.instruction != step.instruction => {
                        format!("`{}` is new or changed", step.instruction)
                    }
                    Some(_) if step.is_copy_or_add() => {
                        let paths = previous
                            .map(|p| changed_paths(p, stage, i))
                            .unwrap_or_default();
                        format!("`{}` changed: {}", step.instruction, paths.join(", "))
                    }
                    Some(old) if old.run().map(|r| &r.bound) != step.run().map(|r| &r.bound) => {
                        format!("`{}`: what it bind-mounts changed", step.instruction)
                    }
                    Some(_) => format!("`{}`: a COPY --from source changed", step.instruction),
                    None => format!("`{}` is new", step.instruction),
                };
                miss = Some(why.clone());
                Some(why)
            };
            any |= !cached;
            out.push(StepOutcome {
                stage: stage.display_name.clone(),
                line: step.line,
                instruction: step.instruction.clone(),
                cached,
                reason,
            });
        }
        rebuilt_stages.push(any);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::builtin;
    use crate::engine::{build, BuildContext, BuildOptions, ContextEntry};

    fn run(dockerfile: &str, files: &[(&str, &str)]) -> Build {
        let context = BuildContext::from_entries(
            files.iter().map(|(p, t)| (*p, ContextEntry::text(t))),
            "Dockerfile",
        );
        let b = build(dockerfile, &context, &BuildOptions::default(), builtin());
        assert!(b.error.is_none(), "{:?}", b.error);
        b
    }

    fn outcomes(
        dockerfile: &str,
        before: &[(&str, &str)],
        after: &[(&str, &str)],
    ) -> Vec<(usize, bool, Option<String>)> {
        rebuild(&run(dockerfile, before), &run(dockerfile, after))
            .into_iter()
            .map(|o| (o.line, o.cached, o.reason))
            .collect()
    }

    const GO: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /out/app .\n\nFROM alpine:3.19\nCOPY --from=build /out/app /app\n";
    const GO_ORDERED: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod .\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .\n\nFROM alpine:3.19\nCOPY --from=build /out/app /app\n";

    fn app(main: &'static str) -> Vec<(&'static str, &'static str)> {
        vec![
            ("go.mod", "module example.com/app\n\ngo 1.22\n"),
            ("main.go", main),
            ("README.md", "notes\n"),
            (".dockerignore", "README.md\n"),
        ]
    }

    #[test]
    fn a_run_is_keyed_on_what_it_bind_mounts() {
        let dockerfile = "FROM golang:1.22 AS build\nWORKDIR /src\nRUN --mount=type=bind,source=go.mod,target=go.mod go mod download\nRUN --mount=type=bind,target=. go build -o /out/app .\n";
        let before = app("package main\nfunc main() {}\n");
        let after = app("package main\nfunc main() { println() }\n");
        let o = outcomes(dockerfile, &before, &after);
        // go.mod did not change: its RUN stays cached; the source did.
        assert_eq!(o[1], (3, true, None));
        assert!(!o[2].1, "{o:?}");
        assert_eq!(
            o[2].2.as_deref(),
            Some("`RUN --mount=type=bind,target=. go build -o /out/app .`: what it bind-mounts changed")
        );
        // An ignored file is not in the mount: editing it changes nothing.
        let mut readme = app("package main\nfunc main() {}\n");
        readme[2] = ("README.md", "other notes\n");
        assert!(outcomes(dockerfile, &before, &readme)
            .iter()
            .all(|(_, cached, _)| *cached));
    }

    #[test]
    fn an_edited_source_rebuilds_from_the_first_copy_that_has_it() {
        let o = outcomes(
            GO,
            &app("package main\nfunc main() {}\n"),
            &app("package main\nfunc main() { println() }\n"),
        );
        assert_eq!(o[0], (2, true, None));
        assert_eq!(o[1].0, 3);
        assert!(!o[1].1);
        assert_eq!(o[1].2.as_deref(), Some("`COPY . .` changed: /src/main.go"));
        assert!(o[2..4].iter().all(|(_, cached, _)| !cached), "{o:?}");
        assert_eq!(
            o[2].2.as_deref(),
            Some("a step before it was rebuilt (`COPY . .` changed: /src/main.go)")
        );
        // The final stage's COPY --from is keyed by what it copies: it
        // reruns only if the binary's bytes changed.
    }

    #[test]
    fn an_ignored_file_rebuilds_nothing() {
        let mut edited = app("package main\nfunc main() {}\n");
        edited[2] = ("README.md", "other notes\n");
        let o = outcomes(GO, &app("package main\nfunc main() {}\n"), &edited);
        assert!(o.iter().all(|(_, cached, _)| *cached), "{o:?}");
    }

    #[test]
    fn copying_go_mod_first_keeps_the_download_cached() {
        let o = outcomes(
            GO_ORDERED,
            &app("package main\nfunc main() {}\n"),
            &app("package main\nfunc main() { println() }\n"),
        );
        let by_line = |line: usize| o.iter().find(|x| x.0 == line).expect("line").1;
        assert!(by_line(3) && by_line(4), "{o:?}");
        assert!(!by_line(5) && !by_line(6), "{o:?}");
    }

    #[test]
    fn an_independent_stage_stays_cached() {
        let dockerfile = "FROM alpine:3.19 AS a\nCOPY a.txt /a\n\nFROM alpine:3.19 AS b\nCOPY b.txt /b\n\nFROM alpine:3.19\nCOPY --from=a /a /a\nCOPY --from=b /b /b\n";
        let o = outcomes(
            dockerfile,
            &[("a.txt", "1"), ("b.txt", "1")],
            &[("a.txt", "2"), ("b.txt", "1")],
        );
        let by_line = |line: usize| o.iter().find(|x| x.0 == line).expect("line").clone();
        // Stage b does not depend on a.txt: it stays cached.
        assert!(!by_line(2).1);
        assert!(by_line(5).1, "{o:?}");
        // In the final stage, everything after the first miss reruns.
        assert!(!by_line(8).1);
        assert!(!by_line(9).1, "{o:?}");
    }

    #[test]
    fn a_cache_mount_keeps_its_directory_between_builds_and_out_of_the_layer() {
        let dockerfile = "FROM alpine:3.19\nRUN --mount=type=cache,target=/root/.cache/app ls /root/.cache/app > /seen && touch /root/.cache/app/built\n";
        let options = BuildOptions::default();
        let first = build(dockerfile, &BuildContext::empty(), &options, builtin());
        assert!(first.error.is_none(), "{:?}", first.error);
        let image = first.image().expect("image");
        assert_eq!(image.filesystem.read("/seen").unwrap().as_text(), Some(""));
        assert!(!image.filesystem.exists("/root/.cache/app/built"));
        // The same options (as a builder keeps its cache): the second build
        // finds what the first left.
        let second = build(dockerfile, &BuildContext::empty(), &options, builtin());
        let image = second.image().expect("image");
        assert_eq!(
            image.filesystem.read("/seen").unwrap().as_text(),
            Some("built\n")
        );
        assert!(!image.filesystem.exists("/root/.cache/app/built"));
    }
}
