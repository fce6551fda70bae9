//! One instruction as the build ran it, with the facts the engine knows
//! about it (what kind of step, which stage a COPY read, the mounts and
//! the programs of a RUN), so that no view reads the instruction's text
//! again.

use serde::Serialize;

use crate::dockerfile::mount::Mount;

use super::warning::BuildWarning;

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub line: usize,
    pub end_line: usize,
    /// The instruction as written (continuations joined): for display.
    pub instruction: String,
    pub kind: StepKind,
    /// The index of the layer it made in its stage's image, if any.
    pub layer: Option<usize>,
    /// Bytes of that layer.
    pub size: u64,
    /// Ran as an ONBUILD trigger of the base image.
    pub trigger: bool,
    pub warnings: Vec<BuildWarning>,
    /// What RUN printed.
    pub output: String,
    /// Simulated seconds RUN's programs took, by their models
    /// (`shell::cost`).
    pub work_seconds: f64,
}

/// What a step was.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "lowercase")]
pub enum StepKind {
    /// Set the image's config or the build's variables (ENV, ARG, LABEL,
    /// USER, WORKDIR, CMD, ...): the instruction's name.
    Config {
        instruction: &'static str,
    },
    Copy {
        from: CopySource,
    },
    Add,
    Run(RunFacts),
}

/// What a COPY read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "lowercase")]
pub enum CopySource {
    Context,
    /// An earlier stage of this build, as the engine resolved `--from`;
    /// `named`: `--from` named it (rather than giving its index).
    Stage {
        index: usize,
        named: bool,
    },
    /// An image, by the reference written in `--from`.
    Image {
        reference: String,
    },
}

/// A RUN as it ran.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RunFacts {
    /// Its mounts, their values expanded and targets made absolute.
    pub mounts: Vec<Mount>,
    /// The argv of every program the shell ran, in order, after
    /// expansion (so `sh -c`, functions and variables are seen through);
    /// builtins that run no program are not listed.
    pub programs: Vec<Vec<String>>,
    /// More programs ran than are kept (Stagecraft's limit).
    pub programs_cut: bool,
    /// A pipeline ran with pipefail off (`a | b` fails only when `b`
    /// does).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unguarded_pipe: bool,
    /// Simple commands run: builtins too.
    pub commands: usize,
    /// The cache mounts (by target) the command wrote into: a cache it
    /// mounts but leaves as it found it (`pip install --no-cache-dir`)
    /// saves nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caches_filled: Vec<String>,
    /// The digest of what each bind mount showed: part of the RUN's
    /// cache key, as BuildKit keys a RUN on its mounts' contents.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bound: Vec<String>,
    /// The configuration files its programs looked for as they started
    /// (npm's userconfig), by absolute path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reads: Vec<String>,
}

impl Step {
    /// The RUN facts, for a RUN.
    pub fn run(&self) -> Option<&RunFacts> {
        match &self.kind {
            StepKind::Run(facts) => Some(facts),
            _ => None,
        }
    }

    /// The stage a `COPY --from` read, by index.
    pub fn copied_stage(&self) -> Option<usize> {
        match &self.kind {
            StepKind::Copy {
                from: CopySource::Stage { index, .. },
            } => Some(*index),
            _ => None,
        }
    }

    pub fn is_copy_or_add(&self) -> bool {
        matches!(self.kind, StepKind::Copy { .. } | StepKind::Add)
    }
}

impl RunFacts {
    /// Whether a program it ran was called with `words` ([`invokes`]).
    pub fn ran(&self, words: &str) -> bool {
        self.programs.iter().any(|argv| invokes(argv, words))
    }

    /// The secret mount whose file is at `path` (a secret without a
    /// target is at /run/secrets/ID).
    pub fn mounts_secret_at(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        self.secret_files()
            .iter()
            .any(|file| file.trim_end_matches('/') == path)
    }

    /// A bind mount of the build context (no `from`) whose source is
    /// `path` or a directory that holds it.
    pub fn binds_context(&self, path: &str) -> bool {
        let path = crate::engine::vfs::absolute("/", path);
        self.mounts.iter().any(|m| {
            m.kind == crate::dockerfile::mount::MountType::Bind
                && m.from.is_none()
                && covers(
                    &crate::engine::vfs::absolute("/", m.source.as_deref().unwrap_or(".")),
                    &path,
                )
        })
    }

    /// The paths where this RUN's secret mounts put their files.
    pub fn secret_files(&self) -> Vec<String> {
        self.mounts.iter().filter_map(secret_file).collect()
    }

    /// A secret mount the command is pointed at: its file's path, or its
    /// `env=` variable, named in the RUN's text (`npm ci --userconfig
    /// /run/secrets/npmrc`, `NPM_CONFIG_USERCONFIG=/run/secrets/npmrc`).
    pub fn points_at_secret(&self, instruction: &str) -> bool {
        let command = instruction
            .split_whitespace()
            .filter(|w| !w.starts_with("--mount="))
            .collect::<Vec<_>>()
            .join(" ");
        self.mounts.iter().any(|m| {
            secret_file(m).is_some_and(|f| command.contains(&f))
                || m.env.as_deref().is_some_and(|e| {
                    command.contains(&format!("${e}")) || command.contains(&format!("${{{e}}}"))
                })
        })
    }

    /// A cache mount at `dir` or a directory that holds it (exactly:
    /// `/root/.cache/pip` is not `/root/.cache/pip-tools`).
    pub fn caches(&self, dir: &str) -> bool {
        self.mounts.iter().any(|m| {
            m.kind == crate::dockerfile::mount::MountType::Cache
                && m.target.as_deref().is_some_and(|t| covers(t, dir))
        })
    }

    /// Whether the command wrote into a cache mount that holds `dir`.
    pub fn filled(&self, dir: &str) -> bool {
        self.caches_filled.iter().any(|t| covers(t, dir))
    }
}

/// Where a secret mount puts its file: its target, or /run/secrets/ID;
/// None for a mount that is not a secret.
fn secret_file(m: &crate::dockerfile::mount::Mount) -> Option<String> {
    if m.kind != crate::dockerfile::mount::MountType::Secret {
        return None;
    }
    match (&m.target, &m.id) {
        (Some(target), _) => Some(target.clone()),
        (None, Some(id)) => Some(format!("/run/secrets/{id}")),
        (None, None) => None,
    }
}

/// Whether `argv` runs `words` (`go mod download`: the program by its file
/// name, then those arguments in a row, anywhere after it). A versioned
/// name is the program (`pip3`, `pip3.12` for `pip`), and so is a Python
/// module run with `python -m pip`.
pub fn invokes(argv: &[String], words: &str) -> bool {
    let words: Vec<&str> = words.split_whitespace().collect();
    let Some((program, args)) = words.split_first() else {
        return false;
    };
    let named = |word: &str| {
        let name = word.rsplit('/').next().unwrap_or(word);
        name.strip_prefix(*program)
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    let Some((first, mut rest)) = argv.split_first() else {
        return false;
    };
    let python = first
        .rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with("python"));
    let module = python && rest.first().map(String::as_str) == Some("-m");
    let matched = if module {
        let hit = rest.get(1).is_some_and(|m| named(m));
        rest = rest.get(2..).unwrap_or_default();
        hit
    } else {
        named(first)
    };
    matched
        && (args.is_empty()
            || rest
                .windows(args.len())
                .any(|w| w.iter().zip(args).all(|(a, b)| a == b)))
}

/// Whether a mount at `target` holds `dir`: the same directory or one of
/// its parents (`/root/.cache` holds `/root/.cache/pip`, not
/// `/root/.cache/pip-tools`'s sibling).
pub(crate) fn covers(target: &str, dir: &str) -> bool {
    let target = target.trim_end_matches('/');
    let dir = dir.trim_end_matches('/');
    dir == target
        || dir
            .strip_prefix(target)
            .is_some_and(|rest| rest.starts_with('/'))
}
