//! The build: every stage the plan needs, instruction by instruction, each
//! layer recorded as what it changed.

use serde::Serialize;

use std::cell::Cell;
use std::sync::Arc;

use crate::dockerfile::expand::{Lex, Meter};
use crate::dockerfile::instruction::{Command, Dockerfile, Instruction};
use crate::dockerfile::{parse, Diagnostic, Span};

use super::catalog::data::Lacking;
use super::catalog::{Catalog, ImageRef, Resolution};
use super::config::History;
use super::context::{BuildContext, ContextSummary};
use super::error::{BuildError, BuildErrorKind};
use super::image::{Image, Layer, LayerOrigin};
use super::layer::{changes_size, diff};
use super::pause::{finish, Go, NoPause, Pause};
use super::plan::{plan, Base, BuildOptions, Plan};
pub(super) use super::stage_state::StageState;
use super::step::{Step, StepKind};
use super::vfs::Filesystem;
pub use super::warning::{BuildWarning, WarningKind};

/// Why a stage did or did not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    Built,
    /// The target does not need it, so BuildKit skips it.
    Skipped,
    Failed,
    /// The build stopped before reaching it.
    NotReached,
}

/// What a stage started from.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StageBase {
    Scratch,
    Stage {
        index: usize,
    },
    Image {
        requested: String,
        used: String,
        exact: bool,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct StageResult {
    pub index: usize,
    pub name: Option<String>,
    pub display_name: String,
    pub line: usize,
    pub status: StageStatus,
    pub base: Option<StageBase>,
    pub steps: Vec<Step>,
    pub image: Option<Image>,
}

/// A whole build: the one value every view shows.
#[derive(Clone, Debug, Serialize)]
pub struct Build {
    pub options: BuildOptions,
    /// The Dockerfile as parsed: views read it, never the text.
    #[serde(skip)]
    pub dockerfile: Arc<Dockerfile>,
    /// The plan: each stage's base and what it takes files from, for
    /// every stage (those the target skips too); none when the
    /// Dockerfile could not be planned.
    #[serde(skip)]
    pub plan: Option<Arc<Plan>>,
    /// Problems reading the Dockerfile (errors stop the build).
    pub diagnostics: Vec<Diagnostic>,
    pub context: ContextSummary,
    pub stages: Vec<StageResult>,
    /// The stage the image is (the target).
    pub target: Option<usize>,
    pub warnings: Vec<BuildWarning>,
    pub error: Option<BuildError>,
    /// The catalog data files the build asked for and did not find (the
    /// page fetches them and builds again); empty where all data is
    /// embedded. A build that lacked some ran on stand-ins for them.
    pub lacking: Vec<String>,
}

impl Build {
    /// A build that stopped before its first stage, with `error`.
    pub fn not_run(options: &BuildOptions, context: &BuildContext, error: BuildError) -> Build {
        Build {
            options: options.clone(),
            // Not read: past the limits, the text is not parsed.
            dockerfile: Arc::new(Dockerfile::parse("")),
            plan: None,
            diagnostics: Vec::new(),
            context: context.summary(),
            stages: Vec::new(),
            target: None,
            warnings: Vec::new(),
            error: Some(error),
            lacking: Vec::new(),
        }
    }

    pub fn succeeded(&self) -> bool {
        self.error.is_none()
    }

    /// The image the build produced: the target stage's.
    pub fn image(&self) -> Option<&Image> {
        if self.error.is_some() {
            return None;
        }
        self.stages.get(self.target?)?.image.as_ref()
    }
}

/// The stage's starting image from the catalog image `resolution` gives
/// for `reference`, and what the stage says of its base.
fn image_of(resolution: &Resolution, reference: &str) -> (StageBase, Image) {
    let base = resolution.image();
    let mut config = base.config.clone();
    if let Resolution::Nearest(_) = resolution {
        versions_as_asked(&mut config.env, reference, &base.reference);
    }
    let image = Image {
        layers: base
            .layers
            .iter()
            .map(|l| Layer {
                created_by: l.created_by.clone(),
                origin: LayerOrigin::Base {
                    image: base.reference.clone(),
                },
                size: l.size,
                changes: l.changes.clone(),
            })
            .collect(),
        config,
        history: base
            .layers
            .iter()
            .map(|l| History {
                created_by: l.created_by.clone(),
                empty_layer: false,
                comment: None,
            })
            .collect(),
        filesystem: base.filesystem.clone(),
        base: Some(base.clone()),
    };
    (
        StageBase::Image {
            requested: reference.to_string(),
            used: base.reference.clone(),
            exact: matches!(resolution, Resolution::Exact(_)),
        },
        image,
    )
}

/// The version a tag names: its leading `1.11` of `1.11-alpine`.
fn tag_version(reference: &str) -> Option<String> {
    let tag = ImageRef::parse(reference).tag;
    let end = tag
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(tag.len());
    let version = tag[..end].trim_end_matches('.');
    (!version.is_empty()).then(|| version.to_string())
}

/// A stand-in of the same family for another version (golang:1.21 for
/// golang:1.11) says the version asked for in its `*_VERSION` variables:
/// programs that behave by version read them (Go before 1.16 builds
/// without a go.mod).
fn versions_as_asked(env: &mut [String], requested: &str, used: &str) {
    let (Some(asked), Some(have)) = (tag_version(requested), tag_version(used)) else {
        return;
    };
    if asked == have {
        return;
    }
    for entry in env.iter_mut() {
        let Some((name, value)) = entry.split_once('=') else {
            continue;
        };
        if name.ends_with("_VERSION") && value.starts_with(&have) {
            *entry = format!("{name}={asked}");
        }
    }
}

/// Runs a build of `source` (the Dockerfile's text) over `context`.
/// For tests: builds `source` over an empty context with the default
/// options, and insists that it builds.
#[cfg(test)]
pub(crate) fn build_ok(source: &str) -> Build {
    let b = build(
        source,
        &BuildContext::empty(),
        &BuildOptions::default(),
        super::catalog::builtin(),
    );
    assert!(b.error.is_none(), "{:?}", b.error);
    b
}

pub fn build(
    source: &str,
    context: &BuildContext,
    options: &BuildOptions,
    catalog: &dyn Catalog,
) -> Build {
    finish(build_pausing(
        source,
        context,
        options,
        catalog,
        &mut NoPause,
    ))
}

/// [`build`], asking `pause` before each instruction whether to go on: a
/// stop ends the build with [`BuildErrorKind::Canceled`] at the instruction
/// not run.
pub async fn build_pausing(
    source: &str,
    context: &BuildContext,
    options: &BuildOptions,
    catalog: &dyn Catalog,
    pause: &mut impl Pause,
) -> Build {
    if let Some(error) = over_limits(source, context) {
        return Build::not_run(options, context, error);
    }
    let dockerfile = Arc::new(Dockerfile::parse(source));
    let mut build = Build {
        options: options.clone(),
        dockerfile: dockerfile.clone(),
        plan: None,
        diagnostics: dockerfile.diagnostics.clone(),
        context: context.summary(),
        stages: Vec::new(),
        target: None,
        warnings: context
            .diagnostics
            .iter()
            .map(|d| {
                BuildWarning::general(WarningKind::Dockerignore {
                    message: d.kind.to_string(),
                })
            })
            .chain(
                context
                    .warnings
                    .iter()
                    .map(|w| BuildWarning::general(WarningKind::Context { message: w.clone() })),
            )
            .collect(),
        error: None,
        lacking: Vec::new(),
    };
    if let Some(first) = dockerfile.errors().next() {
        build.error = Some(BuildError::new(
            first.span,
            BuildErrorKind::Dockerfile {
                message: first.kind.to_string(),
            },
        ));
        return build;
    }
    let plan = match plan(&dockerfile, options) {
        Ok(plan) => plan,
        Err(error) => {
            build.error = Some(error);
            return build;
        }
    };
    let plan = Arc::new(plan);
    build.plan = Some(plan.clone());
    build.target = Some(plan.target);
    build.stages = plan
        .stages
        .iter()
        .map(|s| StageResult {
            index: s.index,
            name: s.name.clone(),
            display_name: s.display_name.clone(),
            line: dockerfile.stages[s.index].from.start_line,
            status: if s.built {
                StageStatus::NotReached
            } else {
                StageStatus::Skipped
            },
            base: None,
            steps: Vec::new(),
            image: None,
        })
        .collect();
    let mut runner = Runner {
        dockerfile: &dockerfile,
        plan: &plan,
        context,
        options,
        catalog,
        clock: 0,
        shell_steps: 0,
        expand_meter: Cell::new(Meter::build()),
        layer_paths: 0,
        unpacked: 0,
        warnings: Vec::new(),
        lacking: Lacking::default(),
        recorded_bytes: 0,
    };
    for index in plan.order() {
        let (result, error) = runner.build_stage(index, &build.stages, pause).await;
        build.stages[index] = result;
        if let Some(error) = error {
            build.stages[index].status = StageStatus::Failed;
            build.error = Some(error);
            break;
        }
        build.stages[index].status = StageStatus::Built;
    }
    build.warnings.extend(runner.warnings);
    build.lacking = runner.lacking.paths();
    build
}

/// The span of the line holding byte `offset` of `source`.
fn line_at(source: &str, offset: usize) -> Span {
    let offset = offset.min(source.len());
    let line = source.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1;
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let position = crate::dockerfile::source::Position {
        offset: start,
        line,
        column: 1,
    };
    Span::new(position, position)
}

/// The Dockerfile's size and the context against Stagecraft's limits,
/// before anything is parsed or built.
fn over_limits(source: &str, context: &BuildContext) -> Option<BuildError> {
    use crate::limits::{CONTEXT_BYTES, CONTEXT_FILES, DOCKERFILE_BYTES};
    let limit = |span: Span, what: String, limit: String| {
        Some(BuildError::new(span, BuildErrorKind::Limit { what, limit }))
    };
    if source.len() > DOCKERFILE_BYTES {
        // The command line reads no more than the limit and a byte, so
        // the size itself is not said.
        return limit(
            line_at(source, DOCKERFILE_BYTES),
            "the Dockerfile is too long".to_string(),
            format!("{DOCKERFILE_BYTES} bytes"),
        );
    }
    if let Some(error) = &context.error {
        return Some(BuildError::new(Span::default(), error.clone()));
    }
    if context.entry_count > CONTEXT_FILES {
        return limit(
            Span::default(),
            format!(
                "the build context has {} files and directories",
                context.entry_count
            ),
            format!("{CONTEXT_FILES}"),
        );
    }
    if context.size > CONTEXT_BYTES as u64 {
        return limit(
            Span::default(),
            format!("the build context is {} bytes", context.size),
            format!("{CONTEXT_BYTES} bytes"),
        );
    }
    None
}

/// Runs stages; holds what every stage shares.
pub(super) struct Runner<'a> {
    pub dockerfile: &'a Dockerfile,
    pub plan: &'a Plan,
    pub context: &'a BuildContext,
    pub options: &'a BuildOptions,
    pub catalog: &'a dyn Catalog,
    /// Logical time: one tick per layer-making step.
    pub clock: u64,
    /// Steps the RUN scripts took so far, toward [`crate::limits::BUILD_SHELL_STEPS`].
    pub shell_steps: u64,
    /// What is left of the work the Dockerfile's expansions may do.
    pub expand_meter: Cell<Meter>,
    /// Paths the layers so far changed, toward
    /// [`crate::limits::BUILD_LAYER_PATHS`].
    pub layer_paths: usize,
    /// Bytes ADD's archives unpacked to so far, toward
    /// [`crate::limits::BUILD_UNPACKED_BYTES`].
    pub unpacked: usize,
    pub warnings: Vec<BuildWarning>,
    /// Data files the catalog did not have at hand.
    pub lacking: Lacking,
    /// Bytes of programs' argv the steps recorded so far, toward
    /// [`crate::limits::BUILD_RECORDED_PROGRAM_BYTES`].
    pub recorded_bytes: usize,
}

impl Runner<'_> {
    pub fn warn(&mut self, span: Span, kind: WarningKind) {
        let warning = BuildWarning::at(span, kind);
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    pub fn lex(&self) -> Lex {
        Lex::new(self.dockerfile.ast.escape)
    }

    /// Expands `word` with the stage's environment, from the build's
    /// budget of expansion work.
    pub fn expand(&self, state: &StageState, word: &str, span: Span) -> Result<String, BuildError> {
        let mut meter = self.expand_meter.get();
        let result = self.lex().process_metered(word, state, &mut meter);
        self.expand_meter.set(meter);
        result
            .map(|e| e.result)
            .map_err(|e| BuildError::new(span, BuildErrorKind::Expand(e)))
    }

    /// An image from the catalog, with a warning (or, strict, an error)
    /// when it stands in for another.
    pub fn resolve_image(&mut self, reference: &str, span: Span) -> Result<Resolution, BuildError> {
        let resolution = self.catalog.resolve_lacking(reference, &self.lacking);
        let used = resolution.image().reference.clone();
        let stand_in = match &resolution {
            Resolution::Exact(_) => None,
            Resolution::Nearest(_) => Some(false),
            Resolution::Generic(_) => Some(true),
        };
        if let Some(generic) = stand_in {
            if self.options.strict {
                return Err(BuildError::new(
                    span,
                    BuildErrorKind::UnknownImage {
                        reference: ImageRef::parse(reference).qualified(),
                    },
                ));
            }
            let size = if generic {
                String::new()
            } else {
                self.catalog.stand_in_size(reference, resolution.image())
            };
            self.warn(
                span,
                WarningKind::StandInImage {
                    reference: reference.to_string(),
                    used,
                    generic,
                    size,
                },
            );
        }
        Ok(resolution)
    }

    async fn build_stage(
        &mut self,
        index: usize,
        done: &[StageResult],
        pause: &mut impl Pause,
    ) -> (StageResult, Option<BuildError>) {
        let stage = &self.dockerfile.stages[index];
        let planned = &self.plan.stages[index];
        let mut result = StageResult {
            index,
            name: planned.name.clone(),
            display_name: planned.display_name.clone(),
            line: stage.from.start_line,
            status: StageStatus::Built,
            base: None,
            steps: Vec::new(),
            image: None,
        };
        let (base, image) = match &planned.base {
            Base::Scratch => (StageBase::Scratch, Image::empty()),
            Base::Stage(i) => match done.get(*i).and_then(|s| s.image.clone()) {
                Some(image) => (StageBase::Stage { index: *i }, image),
                None => {
                    return (
                        result,
                        Some(BuildError::new(
                            stage.from.span,
                            BuildErrorKind::Unsupported {
                                what: format!("stage {i} was not built"),
                            },
                        )),
                    )
                }
            },
            Base::Image(reference) => match self.resolve_image(reference, stage.from.span) {
                Ok(resolution) => image_of(&resolution, reference),
                Err(error) => return (result, Some(error)),
            },
        };
        result.base = Some(base);
        let mut state = StageState::new(index, image);
        // ONBUILD triggers of the base run first, and are not inherited.
        let triggers = std::mem::take(&mut state.image.config.on_build);
        for trigger in triggers {
            let ast = parse(&trigger);
            let problem = match ast.diagnostics.iter().find(|d| d.is_error()) {
                Some(d) => Some(d.kind.to_string()),
                None if ast.nodes.len() != 1 => {
                    Some("onbuild trigger should be a single expression".to_string())
                }
                None => None,
            };
            let (Some(node), None) = (ast.nodes.first(), problem.clone()) else {
                return (
                    result,
                    Some(BuildError::new(
                        stage.from.span,
                        BuildErrorKind::Dockerfile {
                            message: problem.unwrap_or_default(),
                        },
                    )),
                );
            };
            let instruction = match crate::dockerfile::instruction_parse::parse_instruction(node) {
                Ok(mut i) => {
                    // Triggers run at the FROM line of this stage.
                    i.span = stage.from.span;
                    i.start_line = stage.from.start_line;
                    i.end_line = stage.from.start_line;
                    i
                }
                Err((kind, _)) => {
                    return (
                        result,
                        Some(BuildError::new(
                            stage.from.span,
                            BuildErrorKind::Dockerfile {
                                message: kind.to_string(),
                            },
                        )),
                    )
                }
            };
            match self.run_instruction(&mut state, &instruction, done) {
                Ok(mut step) => {
                    step.trigger = true;
                    result.steps.push(step);
                }
                Err(error) => {
                    result.image = Some(state.image);
                    return (result, Some(error));
                }
            }
        }
        for instruction in &stage.instructions {
            if pause.pause(instruction.start_line).await == Go::Stop {
                result.image = Some(state.image);
                return (
                    result,
                    Some(BuildError::new(instruction.span, BuildErrorKind::Canceled)),
                );
            }
            match self.run_instruction(&mut state, instruction, done) {
                Ok(step) => result.steps.push(step),
                Err(error) => {
                    result.image = Some(state.image);
                    return (result, Some(error));
                }
            }
        }
        result.image = Some(state.image);
        (result, None)
    }

    /// Runs one instruction and records its step (and layer).
    fn run_instruction(
        &mut self,
        state: &mut StageState,
        instruction: &Instruction,
        done: &[StageResult],
    ) -> Result<Step, BuildError> {
        let before = state.image.filesystem.clone();
        let warnings_before = self.warnings.len();
        let mut step = Step {
            line: instruction.start_line,
            end_line: instruction.end_line,
            instruction: instruction.original.trim().to_string(),
            kind: StepKind::Config {
                instruction: instruction.name(),
            },
            layer: None,
            size: 0,
            trigger: false,
            warnings: Vec::new(),
            output: String::new(),
            work_seconds: 0.0,
        };
        let (created_by, makes_layer) = match &instruction.command {
            Command::From(_) => return Ok(step),
            Command::Copy(copy) => {
                self.clock += 1;
                let (created_by, from) = self.copy(state, instruction, copy, done)?;
                step.kind = StepKind::Copy { from };
                (created_by, true)
            }
            Command::Add(add) => {
                self.clock += 1;
                let created_by = self.add(state, instruction, add)?;
                step.kind = StepKind::Add;
                (created_by, true)
            }
            Command::Run(run) => {
                self.clock += 1;
                let ran = self.run(state, instruction, run, done)?;
                step.output = ran.output;
                step.work_seconds = ran.work;
                step.kind = StepKind::Run(ran.facts);
                let created_by = ran.created_by;
                (created_by, true)
            }
            _ => match self.configure(state, instruction)? {
                Some(made) => made,
                // ONBUILD: recorded in the config only, no history entry.
                None => return Ok(step),
            },
        };
        if makes_layer {
            let changes = diff(&before, &state.image.filesystem);
            if changes.len() > crate::limits::FILES_PER_RUN {
                return Err(BuildError::new(
                    instruction.span,
                    BuildErrorKind::Limit {
                        what: format!("this step changed {} paths", changes.len()),
                        limit: format!("{} paths a step", crate::limits::FILES_PER_RUN),
                    },
                ));
            }
            // Each changed path is kept (in the layer, and in the tree
            // the stage's image holds): the build's memory, bounded.
            self.layer_paths += changes.len();
            if self.layer_paths > crate::limits::BUILD_LAYER_PATHS {
                return Err(BuildError::new(
                    instruction.span,
                    BuildErrorKind::Limit {
                        what: format!(
                            "the steps of this build changed {} paths in all",
                            self.layer_paths
                        ),
                        limit: format!("{} paths a build", crate::limits::BUILD_LAYER_PATHS),
                    },
                ));
            }
            let size = changes_size(&changes);
            state.image.layers.push(Layer {
                created_by: format!("{created_by} # buildkit"),
                origin: LayerOrigin::Step {
                    stage: state.index,
                    line: instruction.start_line,
                },
                size,
                changes: std::sync::Arc::new(changes.into()),
            });
            step.layer = Some(state.image.layers.len() - 1);
            step.size = size;
        }
        state.image.history.push(History {
            created_by: if makes_layer {
                format!("{created_by} # buildkit")
            } else {
                created_by
            },
            empty_layer: !makes_layer,
            comment: Some("buildkit.dockerfile.v0".to_string()),
        });
        step.warnings = self.warnings[warnings_before..].to_vec();
        Ok(step)
    }

    /// The uid and gid a RUN runs as: the stage's USER, which must be in
    /// the image's /etc/passwd (and its group in /etc/group) unless
    /// numeric.
    pub fn run_ids(state: &StageState) -> Result<(u32, u32), String> {
        let user = state.image.config.user.clone().unwrap_or_default();
        if user.is_empty() {
            return Ok((0, 0));
        }
        super::users::resolve_owner(&state.image.filesystem, &user).map_err(|(is_user, name)| {
            if is_user {
                format!("unable to find user {name}: no matching entries in passwd file")
            } else {
                format!("unable to find group {name}: no matching entries in group file")
            }
        })
    }
}

/// What a `--from` (COPY) or `from=` (RUN --mount) names, seen from
/// stage `current`.
pub(super) enum FromRef {
    /// An earlier stage (its index), built (its filesystem) or not.
    Stage(usize, Option<Filesystem>),
    /// This stage or a later one: BuildKit refuses it.
    Later,
    /// An image.
    Image(Filesystem),
    /// An image the catalog has nothing like (its reference): what is
    /// asked of it stands in.
    Unknown(String),
}

impl Runner<'_> {
    /// Resolves `from`: a stage index, else a stage name (case-insensitive,
    /// the last stage of that name), else an image.
    pub(super) fn resolve_from(
        &mut self,
        current: usize,
        from: &str,
        span: Span,
        done: &[StageResult],
    ) -> Result<FromRef, BuildError> {
        let lower = from.to_lowercase();
        let stage = match from.parse::<usize>() {
            Ok(i) => Some(i),
            Err(_) => self
                .plan
                .stages
                .iter()
                .rposition(|s| s.name.as_deref() == Some(lower.as_str())),
        };
        Ok(match stage {
            Some(i) if i >= current => FromRef::Later,
            Some(i) => FromRef::Stage(
                i,
                done.get(i)
                    .and_then(|s| s.image.as_ref())
                    .map(|image| image.filesystem.clone()),
            ),
            None => {
                // A bare name the catalog knows nothing like is almost
                // always a misspelt stage: fail as BuildKit does, rather
                // than stand an empty image in for it.
                let bare = !from.contains([':', '/', '@']);
                if bare
                    && matches!(
                        self.catalog.resolve_lacking(from, &self.lacking),
                        Resolution::Generic(_)
                    )
                {
                    return Err(BuildError::new(
                        span,
                        BuildErrorKind::UnknownImage {
                            reference: ImageRef::parse(from).qualified(),
                        },
                    ));
                }
                match self.catalog.resolve_lacking(from, &self.lacking) {
                    Resolution::Generic(_) if self.options.strict => {
                        return Err(BuildError::new(
                            span,
                            BuildErrorKind::UnknownImage {
                                reference: ImageRef::parse(from).qualified(),
                            },
                        ))
                    }
                    Resolution::Generic(_) => FromRef::Unknown(from.to_string()),
                    _ => FromRef::Image(self.resolve_image(from, span)?.image().filesystem.clone()),
                }
            }
        })
    }
}
