//! The build plan: what each stage starts from, which stages depend on which
//! (FROM, COPY --from, RUN --mount from=), the target, and the stages that
//! will actually be built.

use std::collections::HashSet;

use serde::Serialize;

use crate::dockerfile::env_map::EnvMap;
use crate::dockerfile::expand::{Lex, Meter};
use crate::dockerfile::instruction::{Command, Dockerfile, Instruction};
use crate::dockerfile::suggest::suggest;
use crate::dockerfile::Span;

use super::error::{BuildError, BuildErrorKind};

/// The platform every simulated build targets.
pub const PLATFORM_ARGS: &[(&str, &str)] = &[
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
];

/// What a build is asked to do besides the Dockerfile and the context.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BuildOptions {
    /// `--target`: the stage to build (the last one when unset).
    pub target: Option<String>,
    /// `--build-arg KEY=VALUE`, in order.
    pub build_args: Vec<(String, String)>,
    /// Build every stage up to the target, in order, as the classic
    /// builder did, instead of only the stages the target needs.
    pub legacy_builder: bool,
    /// Treat stand-ins (images the catalog lacks, programs not simulated)
    /// as errors.
    pub strict: bool,
    /// What `RUN --mount=type=cache` directories hold, by id: kept between
    /// the steps of a build and, shared by clones of these options, between
    /// builds, as BuildKit keeps them.
    #[serde(skip)]
    pub cache_mounts: CacheMounts,
    /// A what-if for graders: the program run with these words (as
    /// [`super::step::invokes`] matches them) fails, as a failing test
    /// would, so that a check can see whether the build notices.
    #[serde(skip)]
    pub failing: Option<String>,
    /// A what-if for graders: bind mounts of the build context that hold
    /// this path are left out, to see whether a RUN needs them.
    #[serde(skip)]
    pub unmounted: Option<String>,
}

/// The contents of cache mounts, shared by every clone.
#[derive(Clone, Default)]
pub struct CacheMounts(
    std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, super::vfs::Node>>>,
);

impl CacheMounts {
    pub fn get(&self, id: &str) -> Option<super::vfs::Node> {
        self.0.lock().ok()?.get(id).cloned()
    }

    pub fn put(&self, id: &str, node: super::vfs::Node) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(id.to_string(), node);
        }
    }
}

impl PartialEq for CacheMounts {
    fn eq(&self, other: &CacheMounts) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for CacheMounts {}

impl std::fmt::Debug for CacheMounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self.0.lock().map_or(0, |m| m.len());
        write!(f, "CacheMounts({count})")
    }
}

impl BuildOptions {
    pub fn build_arg(&self, name: &str) -> Option<&str> {
        self.build_args
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a stage starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Base {
    Scratch,
    Stage(usize),
    Image(String),
}

/// Where a COPY --from or RUN --mount takes files from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Source {
    Stage(usize),
    Image(String),
}

/// One place a stage takes files from another stage or an image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceUse {
    pub source: Source,
    /// The instruction that names it.
    pub span: Span,
    /// A `RUN --mount=from=...` (else a `COPY --from`).
    pub mount: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct StagePlan {
    pub index: usize,
    pub name: Option<String>,
    /// The name BuildKit uses in messages: the stage's name or `stage-N`.
    pub display_name: String,
    pub base: Base,
    /// Stages and images this stage takes files from, with the instruction.
    pub sources: Vec<SourceUse>,
    /// The build runs this stage.
    pub built: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    /// Global (pre-FROM) arguments after `--build-arg`, with the platform
    /// arguments.
    pub global_args: EnvMap,
    pub stages: Vec<StagePlan>,
    pub target: usize,
}

impl Plan {
    /// The stages to build, in order.
    pub fn order(&self) -> Vec<usize> {
        self.stages
            .iter()
            .filter(|s| s.built)
            .map(|s| s.index)
            .collect()
    }
}

/// Expands the global arguments: defaults in order, each overridden by a
/// build argument of the same name.
fn global_args(
    dockerfile: &Dockerfile,
    options: &BuildOptions,
    meter: &mut Meter,
) -> Result<EnvMap, BuildError> {
    let mut args: EnvMap = PLATFORM_ARGS.iter().copied().collect();
    let lex = Lex::new(dockerfile.ast.escape);
    for instruction in &dockerfile.meta_args {
        let Command::Arg(arg) = &instruction.command else {
            continue;
        };
        for def in &arg.args {
            let value = match options.build_arg(&def.name) {
                Some(v) => Some(v.to_string()),
                None => match &def.default {
                    Some(d) => Some(
                        lex.process_metered(d, &args, meter)
                            .map(|e| e.result)
                            .map_err(|e| {
                                BuildError::new(instruction.span, BuildErrorKind::Expand(e))
                            })?,
                    ),
                    None => None,
                },
            };
            if let Some(value) = value {
                args.set(&def.name, &value);
            }
        }
    }
    Ok(args)
}

/// Plans the build of `dockerfile`.
pub fn plan(dockerfile: &Dockerfile, options: &BuildOptions) -> Result<Plan, BuildError> {
    if dockerfile.stages.is_empty() {
        return Err(BuildError::new(Span::default(), BuildErrorKind::NoStages));
    }
    let mut meter = Meter::build();
    let global_args = global_args(dockerfile, options, &mut meter)?;
    let lex = Lex::new(dockerfile.ast.escape);
    let names: Vec<Option<String>> = dockerfile.stages.iter().map(|s| s.name.clone()).collect();
    let find_by_name = |name: &str, before: usize| {
        let lower = name.to_lowercase();
        // The last stage of that name wins, as in BuildKit.
        (0..before)
            .rev()
            .find(|&i| names[i].as_deref() == Some(lower.as_str()))
    };

    let mut stages = Vec::new();
    for stage in &dockerfile.stages {
        let written = stage.base();
        let expanded = lex
            .process_metered(written, &global_args, &mut meter)
            .map(|e| e.result)
            .map_err(|e| BuildError::new(stage.from.span, BuildErrorKind::Expand(e)))?;
        if expanded.is_empty() {
            return Err(BuildError::new(
                stage.from.span,
                BuildErrorKind::BlankBaseName {
                    base: written.to_string(),
                },
            ));
        }
        let base = if expanded.eq_ignore_ascii_case("scratch") {
            Base::Scratch
        } else {
            match find_by_name(&expanded, stage.index) {
                Some(i) => Base::Stage(i),
                None => Base::Image(expanded),
            }
        };
        let mut sources = Vec::new();
        for instruction in &stage.instructions {
            for (from, span, mount) in copy_sources(instruction) {
                let source = match from.parse::<i64>() {
                    Ok(index) => {
                        if index < 0 || index as usize >= dockerfile.stages.len() {
                            return Err(BuildError::new(
                                span,
                                BuildErrorKind::InvalidStageIndex {
                                    index: index.to_string(),
                                },
                            ));
                        }
                        Source::Stage(index as usize)
                    }
                    Err(_) => match find_by_name(&from, dockerfile.stages.len()) {
                        Some(i) => Source::Stage(i),
                        None => Source::Image(from),
                    },
                };
                sources.push(SourceUse {
                    source,
                    span,
                    mount,
                });
            }
        }
        stages.push(StagePlan {
            index: stage.index,
            name: stage.name.clone(),
            display_name: stage
                .name
                .clone()
                .unwrap_or_else(|| format!("stage-{}", stage.index)),
            base,
            sources,
            built: false,
        });
    }

    check_cycles(&stages)?;

    let target = match &options.target {
        None => stages.len() - 1,
        Some(target) => {
            let lower = target.to_lowercase();
            match stages
                .iter()
                .rposition(|s| s.name.as_deref() == Some(lower.as_str()))
            {
                Some(i) => i,
                None => {
                    let options: Vec<&str> =
                        stages.iter().filter_map(|s| s.name.as_deref()).collect();
                    return Err(BuildError::new(
                        Span::default(),
                        BuildErrorKind::TargetNotFound {
                            target: target.clone(),
                            suggestion: suggest(target, &options, true),
                        },
                    ));
                }
            }
        }
    };

    if options.legacy_builder {
        for stage in stages.iter_mut().take(target + 1) {
            stage.built = true;
        }
    } else {
        let mut pending = vec![target];
        while let Some(i) = pending.pop() {
            if stages[i].built {
                continue;
            }
            stages[i].built = true;
            if let Base::Stage(b) = stages[i].base {
                pending.push(b);
            }
            for used in &stages[i].sources {
                if let Source::Stage(s) = used.source {
                    pending.push(s);
                }
            }
        }
    }
    Ok(Plan {
        global_args,
        stages,
        target,
    })
}

/// The `--from` of COPY and the `from=` of RUN mounts, as written.
fn copy_sources(instruction: &Instruction) -> Vec<(String, Span, bool)> {
    match &instruction.command {
        Command::Copy(copy) => copy
            .from
            .iter()
            .map(|w| (w.value.to_string(), instruction.span, false))
            .collect(),
        Command::Run(run) => run
            .mounts
            .iter()
            .filter_map(|m| m.from.clone())
            .map(|from| (from, instruction.span, true))
            .collect(),
        _ => Vec::new(),
    }
}

/// BuildKit's `validateCircularDependency` over COPY --from and mount
/// sources.
fn check_cycles(stages: &[StagePlan]) -> Result<(), BuildError> {
    fn visit(
        stages: &[StagePlan],
        i: usize,
        visited: &mut HashSet<usize>,
        path: &mut Vec<usize>,
    ) -> Option<Span> {
        if !visited.insert(i) {
            return None;
        }
        path.push(i);
        for used in &stages[i].sources {
            let Source::Stage(dep) = used.source else {
                continue;
            };
            if path.contains(&dep) {
                return Some(used.span);
            }
            if let Some(span) = visit(stages, dep, visited, path) {
                return Some(span);
            }
        }
        path.pop();
        None
    }
    let mut visited = HashSet::new();
    for stage in stages {
        let mut path = Vec::new();
        if let Some(span) = visit(stages, stage.index, &mut visited, &mut path) {
            return Err(BuildError::new(
                span,
                BuildErrorKind::CircularDependency {
                    stage: stage.display_name.clone(),
                },
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(source: &str, options: BuildOptions) -> Result<Plan, String> {
        let df = Dockerfile::parse(source);
        assert!(!df.has_errors(), "{:?}", df.diagnostics);
        plan(&df, &options).map_err(|e| format!("line {}: {e}", e.line()))
    }

    fn built(p: &Plan) -> Vec<String> {
        p.stages
            .iter()
            .filter(|s| s.built)
            .map(|s| s.display_name.clone())
            .collect()
    }

    const MULTI: &str = "FROM golang:1.22 AS build\nRUN go build\nFROM alpine AS test\nRUN go test\nFROM scratch\nCOPY --from=BUILD /app /app\n";

    #[test]
    fn only_stages_the_target_needs_are_built() {
        let p = planned(MULTI, BuildOptions::default()).unwrap();
        assert_eq!(built(&p), ["build", "stage-2"]);
        assert_eq!(p.target, 2);
        assert_eq!(p.stages[2].base, Base::Scratch);
        assert_eq!(p.stages[2].sources[0].source, Source::Stage(0));
        let legacy = planned(
            MULTI,
            BuildOptions {
                legacy_builder: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(built(&legacy), ["build", "test", "stage-2"]);
        let test = planned(
            MULTI,
            BuildOptions {
                target: Some("Test".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(built(&test), ["test"]);
    }

    #[test]
    fn targets_that_do_not_exist() {
        assert_eq!(
            planned(
                MULTI,
                BuildOptions {
                    target: Some("bulid".into()),
                    ..Default::default()
                }
            )
            .unwrap_err(),
            "line 0: target stage \"bulid\" could not be found (did you mean build?)"
        );
    }

    #[test]
    fn global_args_reach_from_and_build_args_override() {
        let source = "ARG GO=1.21\nARG IMAGE=golang:${GO}\nFROM ${IMAGE} AS a\nFROM a\n";
        let p = planned(source, BuildOptions::default()).unwrap();
        assert_eq!(p.stages[0].base, Base::Image("golang:1.21".into()));
        assert_eq!(p.stages[1].base, Base::Stage(0));
        let p = planned(
            source,
            BuildOptions {
                build_args: vec![("GO".into(), "1.22".into())],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(p.stages[0].base, Base::Image("golang:1.22".into()));
        assert_eq!(
            planned("ARG IMG\nFROM ${IMG}\n", BuildOptions::default()).unwrap_err(),
            "line 2: base name (${IMG}) should not be blank"
        );
        let p = planned(
            "FROM --platform=$BUILDPLATFORM alpine:${TARGETARCH}\n",
            BuildOptions::default(),
        )
        .unwrap();
        assert_eq!(p.stages[0].base, Base::Image("alpine:amd64".into()));
    }

    #[test]
    fn copy_from_by_index_name_or_image() {
        let p = planned(
            "FROM a\nFROM b\nCOPY --from=0 / /\nCOPY --from=nginx:1.25 / /\n",
            BuildOptions::default(),
        )
        .unwrap();
        assert_eq!(p.stages[1].sources[0].source, Source::Stage(0));
        assert_eq!(
            p.stages[1].sources[1].source,
            Source::Image("nginx:1.25".into())
        );
        assert_eq!(
            planned("FROM a\nCOPY --from=3 / /\n", BuildOptions::default()).unwrap_err(),
            "line 2: invalid stage index 3"
        );
    }

    #[test]
    fn cycles_are_found() {
        assert_eq!(
            planned(
                "FROM a AS x\nCOPY --from=y / /\nFROM b AS y\nCOPY --from=x / /\n",
                BuildOptions::default()
            )
            .unwrap_err(),
            "line 4: circular dependency detected on stage: x"
        );
        assert_eq!(
            planned("FROM a AS x\nCOPY --from=x / /\n", BuildOptions::default()).unwrap_err(),
            "line 2: circular dependency detected on stage: x"
        );
    }

    #[test]
    fn from_a_later_stage_name_is_an_image() {
        let p = planned(
            "FROM later\nFROM alpine AS later\n",
            BuildOptions::default(),
        )
        .unwrap();
        assert_eq!(p.stages[0].base, Base::Image("later".into()));
    }
}
