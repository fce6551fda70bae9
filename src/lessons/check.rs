//! A lesson's checks, one a line in its `checks` block, each evaluated on
//! a build and its analysis `Report`:
//!
//! | line | holds when |
//! |---|---|
//! | `size <= 20 MB` | the final image is at most 20 MB (decimal units, as Docker prints) |
//! | `size <= 25% of starter` | ... at most a quarter of the starter's image |
//! | `contains /app/server` | the final image has the path (a pattern: `*`, `?`, `**`) |
//! | `not-contains /usr/local/go` | ... has no path matching it (nor anything under one) |
//! | `stages >= 2` | the Dockerfile's stage count compares so (`<`, `<=`, `==`, `>=`, `>`) |
//! | `copy-from` | a built stage uses `COPY --from` |
//! | `copy-from build` | ... with `--from=build`: the stage by its name |
//! | `final-base alpine distroless scratch` | the final stage's base is of one of these families |
//! | `efficiency >= 95%` | dive's efficiency score compares so |
//! | `no-lint SC003` | the lint rule (id or name) finds nothing |
//! | `runs` | the run check passes: `docker run` would start the program |
//! | `target-builds test` | `docker build --target test` succeeds |
//! | `cached-after-edit main.go: go mod download` | after an edit to main.go, every RUN that ran `go mod download` is CACHED |
//! | `user-not-root` | the final image's USER is not root |
//! | `ignored .git` | `.dockerignore` leaves the context path out |
//! | `cache-mount /root/.cache/pip` | a RUN of a built stage mounts a cache at that path |
//! | `answered ID` | the lesson's question ID is answered right |

use std::fmt;

use serde::Serialize;

use crate::analysis::{lineage, Verdict};
use crate::dockerfile::ignore::IgnoreMatcher;
use crate::engine::build::{Build, StageBase};
use crate::engine::image::{human_size, Image};
use crate::engine::vfs::Node;

use super::subject::{AppEntry, Subject};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    Less,
    AtMost,
    Equal,
    AtLeast,
    More,
}

impl Op {
    fn holds<T: PartialOrd>(self, value: T, limit: T) -> bool {
        match self {
            Op::Less => value < limit,
            Op::AtMost => value <= limit,
            Op::Equal => value == limit,
            Op::AtLeast => value >= limit,
            Op::More => value > limit,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Op::Less => "less than",
            Op::AtMost => "at most",
            Op::Equal => "exactly",
            Op::AtLeast => "at least",
            Op::More => "more than",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum SizeLimit {
    Bytes(u64),
    /// A fraction of the starter's final image.
    OfStarter(f64),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub enum Check {
    Size {
        op: Op,
        limit: SizeLimit,
    },
    Contains {
        pattern: String,
    },
    NotContains {
        pattern: String,
    },
    Stages {
        op: Op,
        count: usize,
    },
    /// `copy-from` (any), or `copy-from build`: `--from=build` by name.
    CopyFrom {
        from: Option<String>,
    },
    FinalBase {
        families: Vec<String>,
    },
    Efficiency {
        op: Op,
        score: f64,
    },
    NoLint {
        rule: String,
    },
    /// `runs`: the image starts the lesson's app (a program or entry
    /// file built from the lesson's sources), and it would start.
    /// `runs nginx`: it starts this program (by name or path).
    Runs {
        program: Option<String>,
    },
    TargetBuilds {
        target: String,
    },
    CachedAfterEdit {
        file: String,
        steps: String,
    },
    UserNotRoot,
    /// `run-as-non-root`: Kubernetes' runAsNonRoot admits the image (its
    /// USER is a number other than 0).
    RunAsNonRoot,
    Ignored {
        path: String,
    },
    /// `cache-mount /root/.cache/pip`, or with `: pip install`: every
    /// built RUN that runs pip install mounts it.
    CacheMount {
        target: String,
        steps: Option<String>,
    },
    /// `secret-mount /root/.npmrc: npm ci`: every built RUN that runs
    /// npm ci has a secret mounted at that path.
    SecretMount {
        path: String,
        steps: String,
    },
    /// `bind-mount requirements.txt: pip install`: every built RUN that
    /// runs pip install bind-mounts that context path (or a directory
    /// holding it).
    BindMount {
        path: String,
        steps: String,
    },
    /// `run-args --port 9090`: `docker run IMAGE --port 9090` gives the
    /// app those arguments (they replace CMD; ENTRYPOINT passes them on).
    RunArgs {
        args: Vec<String>,
    },
    /// `target-runs test: go test`: building `--target test` runs it.
    TargetRuns {
        target: String,
        steps: String,
    },
    /// The user the container runs as may write the path.
    Writable {
        path: String,
    },
    /// ... may not write the path, nor anything under it.
    NotWritable {
        path: String,
    },
    /// No path this Dockerfile made is writable by every user.
    NoWorldWritable,
    Answered {
        question: String,
    },
}

/// Whether `no-lint` names one of BuildKit's own build checks
/// (`SecretsUsedInArgOrEnv`) rather than a Stagecraft rule.
fn is_buildkit_check(rule: &str) -> bool {
    crate::dockerfile::check_rule::Check::ALL
        .iter()
        .any(|c| c.name() == rule)
}

/// A check's outcome, in sentences.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    /// What the check asks, as the lesson lists it.
    pub goal: String,
    pub passed: bool,
    /// What the build showed: why it passes or fails.
    pub detail: String,
    /// When it fails and the analysis can tell why: what to change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<String>,
}

fn op(word: &str) -> Option<Op> {
    Some(match word {
        "<" => Op::Less,
        "<=" => Op::AtMost,
        "==" | "=" => Op::Equal,
        ">=" => Op::AtLeast,
        ">" => Op::More,
        _ => return None,
    })
}

/// `15 MB`, `15MB`, `1.5 GB`, `800 kB`, `2 MiB`, `100 B`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let scale: f64 = match unit.trim() {
        "" | "B" => 1.0,
        "kB" | "KB" | "k" => 1e3,
        "MB" | "M" => 1e6,
        "GB" | "G" => 1e9,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = number * scale;
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes.round() as u64)
}

fn percent_or_fraction(text: &str) -> Option<f64> {
    match text.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok().map(|p| p / 100.0),
        None => text.parse().ok(),
    }
    .filter(|f| f.is_finite() && *f >= 0.0)
}

fn comparison<'a>(rest: &'a str, what: &str) -> Result<(Op, &'a str), String> {
    let (word, value) = rest
        .split_once(char::is_whitespace)
        .ok_or(format!("write `{what} <= VALUE` (or <, ==, >=, >)"))?;
    let op = op(word).ok_or(format!(
        "{word:?} is not a comparison: use <, <=, ==, >= or >"
    ))?;
    Ok((op, value.trim()))
}

fn one_word(rest: &str, what: &str) -> Result<String, String> {
    let mut words = rest.split_whitespace();
    match (words.next(), words.next()) {
        (Some(word), None) => Ok(word.to_string()),
        _ => Err(format!("{what} takes one argument")),
    }
}

/// `WHAT: TEXT OF THE STEPS`, both parts there.
fn with_steps<'a>(rest: &'a str, usage: &str) -> Result<(&'a str, String), String> {
    match rest.split_once(':') {
        Some((what, steps)) if !what.trim().is_empty() && !steps.trim().is_empty() => {
            Ok((what.trim(), steps.trim().to_string()))
        }
        _ => Err(format!("write `{usage}: TEXT OF THE STEPS`")),
    }
}

/// Reads one check line.
pub fn parse_check(line: &str) -> Result<Check, String> {
    let line = line.trim();
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let no_argument = |check: Check| {
        if rest.is_empty() {
            Ok(check)
        } else {
            Err(format!("{name} takes no argument"))
        }
    };
    match name {
        "size" => {
            let (op, value) = comparison(rest, "size")?;
            let limit = match value.strip_suffix("of starter") {
                Some(fraction) => SizeLimit::OfStarter(
                    percent_or_fraction(fraction.trim())
                        .ok_or(format!("{fraction:?} is not a percentage"))?,
                ),
                None => SizeLimit::Bytes(
                    parse_size(value).ok_or(format!("{value:?} is not a size like `20 MB`"))?,
                ),
            };
            Ok(Check::Size { op, limit })
        }
        "contains" => Ok(Check::Contains {
            pattern: one_word(rest, name)?,
        }),
        "not-contains" => Ok(Check::NotContains {
            pattern: one_word(rest, name)?,
        }),
        "stages" => {
            let (op, value) = comparison(rest, "stages")?;
            let count = value
                .parse()
                .map_err(|_| format!("{value:?} is not a number"))?;
            Ok(Check::Stages { op, count })
        }
        "copy-from" => match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
            [] => Ok(Check::CopyFrom { from: None }),
            [stage] => Ok(Check::CopyFrom {
                from: Some(stage.to_ascii_lowercase()),
            }),
            _ => Err("copy-from takes at most one stage name".into()),
        },
        "final-base" => {
            let families: Vec<String> = rest.split_whitespace().map(str::to_string).collect();
            if families.is_empty() {
                return Err("final-base names one or more families: alpine slim distroless scratch, or an image name".into());
            }
            Ok(Check::FinalBase { families })
        }
        "efficiency" => {
            let (op, value) = comparison(rest, "efficiency")?;
            let score = percent_or_fraction(value)
                .filter(|s| *s <= 1.0)
                .ok_or(format!("{value:?} is not a score like 95% or 0.95"))?;
            Ok(Check::Efficiency { op, score })
        }
        "no-lint" => {
            let rule = one_word(rest, name)?;
            if !is_buildkit_check(&rule)
                && crate::analysis::lint::RULES
                    .iter()
                    .all(|r| r.id != rule && r.name != rule)
            {
                return Err(format!("no lint rule or BuildKit check is called {rule:?}"));
            }
            Ok(Check::NoLint { rule })
        }
        "runs" => Ok(Check::Runs {
            program: match rest {
                "" => None,
                _ => Some(one_word(rest, name)?),
            },
        }),
        "target-builds" => Ok(Check::TargetBuilds {
            target: one_word(rest, name)?,
        }),
        "cached-after-edit" => {
            let (file, steps) = with_steps(rest, "cached-after-edit FILE")?;
            Ok(Check::CachedAfterEdit {
                file: file.to_string(),
                steps,
            })
        }
        "user-not-root" => no_argument(Check::UserNotRoot),
        "run-as-non-root" => no_argument(Check::RunAsNonRoot),
        "ignored" => Ok(Check::Ignored {
            path: one_word(rest, name)?,
        }),
        "cache-mount" => {
            let (target, steps) = match rest.split_once(':') {
                Some((t, s)) if !s.trim().is_empty() => (t, Some(s.trim().to_string())),
                Some(_) => {
                    return Err(
                        "write `cache-mount TARGET` or `cache-mount TARGET: TEXT OF THE STEPS`"
                            .into(),
                    )
                }
                None => (rest, None),
            };
            Ok(Check::CacheMount {
                target: one_word(target, name)?,
                steps,
            })
        }
        "bind-mount" => {
            let (path, steps) = with_steps(rest, "bind-mount PATH")?;
            Ok(Check::BindMount {
                path: one_word(path, name)?,
                steps,
            })
        }
        "secret-mount" => {
            let (path, steps) = with_steps(rest, "secret-mount PATH")?;
            Ok(Check::SecretMount {
                path: one_word(path, name)?,
                steps,
            })
        }
        "run-args" => {
            let args: Vec<String> = rest.split_whitespace().map(str::to_string).collect();
            if args.is_empty() {
                return Err("run-args takes the arguments of `docker run IMAGE ARGS`".into());
            }
            Ok(Check::RunArgs { args })
        }
        "target-runs" => {
            let (target, steps) = with_steps(rest, "target-runs TARGET")?;
            Ok(Check::TargetRuns {
                target: one_word(target, name)?,
                steps,
            })
        }
        "writable" => Ok(Check::Writable {
            path: one_word(rest, name)?,
        }),
        "not-writable" => Ok(Check::NotWritable {
            path: one_word(rest, name)?,
        }),
        "no-world-writable" => no_argument(Check::NoWorldWritable),
        "answered" => Ok(Check::Answered {
            question: one_word(rest, name)?,
        }),
        "" => Err("an empty check".into()),
        other => Err(format!("unknown check {other:?}")),
    }
}

/// Reads a `checks` block: one check a line; blank lines and `#` comments
/// are skipped. An error is (line offset in the block, why).
pub fn parse_checks(body: &str) -> Result<Vec<Check>, (usize, String)> {
    let checks: Vec<Check> = body
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| parse_check(l).map_err(|e| (i, e)))
        .collect::<Result<_, _>>()?;
    // Each check may build again or walk the whole image: a course with
    // thousands of them would grade for minutes.
    if checks.len() > crate::limits::LESSON_CHECKS {
        let line = body
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .nth(crate::limits::LESSON_CHECKS)
            .map_or(0, |(i, _)| i);
        return Err((
            line,
            format!(
                "a lesson has at most {} checks (a Stagecraft limit)",
                crate::limits::LESSON_CHECKS
            ),
        ));
    }
    Ok(checks)
}

/// The family of an image reference: `scratch`, `distroless`, `alpine`,
/// `slim`, or the repository's last name (`golang`, `debian`).
pub fn image_family(reference: &str) -> String {
    let (name, tag) = match reference.rsplit_once(':') {
        Some((n, t)) if !t.contains('/') => (n, t),
        _ => (reference, ""),
    };
    let name = name.rsplit('/').next().unwrap_or(name);
    if reference.contains("distroless") {
        "distroless".into()
    } else if name == "alpine" || tag.contains("alpine") {
        "alpine".into()
    } else if tag.contains("slim") {
        "slim".into()
    } else {
        name.to_string()
    }
}

/// The final stage's base family, following `FROM stage` back to an image.
pub fn final_base(build: &Build) -> Option<String> {
    final_image(build).map(|image| match image.as_str() {
        "scratch" => image,
        reference => image_family(reference),
    })
}

/// The image the final stage is built on, as its FROM names it (after
/// ARG expansion), following `FROM stage` back to an image; `scratch`.
pub fn final_image(build: &Build) -> Option<String> {
    let mut stage = build.stages.get(build.target?)?;
    for _ in 0..=build.stages.len() {
        match stage.base.as_ref()? {
            StageBase::Scratch => return Some("scratch".into()),
            StageBase::Image { requested, .. } => return Some(requested.clone()),
            StageBase::Stage { index } => stage = build.stages.get(*index)?,
        }
    }
    None
}

/// Whether a `final-base` word names one image (`python:3.12-slim`,
/// `gcr.io/distroless/static-debian12:nonroot`, a digest) rather than a
/// family.
fn is_exact_image(word: &str) -> bool {
    word.contains([':', '@'])
}

/// A reference as Docker Hub reads it: `docker.io/library/alpine:3.19`
/// is `alpine:3.19`.
fn short_reference(reference: &str) -> &str {
    let reference = reference
        .strip_prefix("docker.io/")
        .or_else(|| reference.strip_prefix("index.docker.io/"))
        .unwrap_or(reference);
    reference.strip_prefix("library/").unwrap_or(reference)
}

/// A path pattern of the image: leading `/` optional, `.dockerignore`
/// syntax (`*`, `?`, `**`), matching a directory matches what is under it.
fn matcher(pattern: &str) -> IgnoreMatcher {
    IgnoreMatcher::from_text(pattern.trim_start_matches('/')).0
}

/// The paths of `image` that `pattern` matches itself (not only through
/// a parent), shallowest first.
fn matches(image: &Image, pattern: &str) -> Vec<String> {
    // A plain path needs no walk over the whole image.
    if !pattern.contains(['*', '?', '[', '\\']) {
        let path = format!("/{}", pattern.trim_matches('/'));
        return if image.filesystem.get(&path).is_some() {
            vec![path]
        } else {
            Vec::new()
        };
    }
    let m = matcher(pattern);
    let found: std::collections::HashSet<String> = image
        .filesystem
        .walk_from(&literal_dirs(pattern))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p != "/" && m.excludes_itself(p.trim_start_matches('/')))
        .collect();
    // The shallowest: those no parent of which matched too.
    let mut tops: Vec<String> = found
        .iter()
        .filter(|path| {
            let mut parent = path.as_str();
            while let Some(i) = parent.rfind('/').filter(|&i| i > 0) {
                parent = &parent[..i];
                if found.contains(parent) {
                    return false;
                }
            }
            true
        })
        .cloned()
        .collect();
    tops.sort_by_key(|p| (p.matches('/').count(), p.clone()));
    tops
}

/// The directory a pattern's leading literal names lead to (`/tmp` of
/// `/tmp/node-*.tar.gz`, `/` of `**/*.go`): only paths under it can
/// match, so only it need be walked.
fn literal_dirs(pattern: &str) -> String {
    let cleaned = crate::dockerfile::ignore::clean_path(pattern.trim_start_matches('/'));
    if cleaned.starts_with('!') {
        return "/".into();
    }
    let parts: Vec<&str> = cleaned.split('/').collect();
    let literal: Vec<&str> = parts[..parts.len() - 1]
        .iter()
        .take_while(|p| !p.contains(['*', '?', '[', '\\']))
        .copied()
        .collect();
    format!("/{}", literal.join("/"))
}

/// Bytes under `path` (or of it), and its largest file.
fn weight(image: &Image, path: &str) -> (u64, String) {
    let mut total = 0;
    let mut largest = (0, path.to_string());
    let mut add = |p: String, node: &Node| {
        if let Node::File(f) = node {
            let size = f.content.size();
            total += size;
            if size >= largest.0 {
                largest = (size, p);
            }
        }
    };
    if let Some(node) = image.filesystem.get(path) {
        add(path.to_string(), node);
    }
    // walk_under's paths are relative to `path`.
    for (p, node) in image.filesystem.walk_under(path) {
        add(format!("{}/{p}", path.trim_end_matches('/')), node);
    }
    (total, largest.1)
}

/// "reached the final image through `COPY --from=builder /app` on line
/// 14", or "came with the base image golang:1.22".
pub(crate) fn how_it_got_there(build: &Build, path: &str) -> String {
    let hops = lineage::origin(build, path);
    let Some(first) = hops.first() else {
        return "is in the final image".into();
    };
    if let Some(base) = &first.base_image {
        return format!("came with the final stage's base image {base}");
    }
    let mut text = format!(
        "reached the final image through `{}` on line {}",
        first.instruction, first.line
    );
    if let Some(origin) = hops.last().filter(|_| hops.len() > 1) {
        match &origin.base_image {
            Some(base) => text.push_str(&format!(
                ", from the {base} image of stage {}",
                origin.stage
            )),
            None => text.push_str(&format!(
                ", made by `{}` on line {} in stage {}",
                origin.instruction, origin.line, origin.stage
            )),
        }
    }
    text
}

impl fmt::Display for Check {
    /// The goal, as a learner reads it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Check::Size { op, limit } => match limit {
                SizeLimit::Bytes(b) => {
                    write!(f, "The final image is {} {}", op.words(), human_size(*b))
                }
                SizeLimit::OfStarter(fr) => write!(
                    f,
                    "The final image is {} {:.0}% of the starter's",
                    op.words(),
                    fr * 100.0
                ),
            },
            Check::Contains { pattern } => write!(f, "The final image has {pattern}"),
            Check::NotContains { pattern } => write!(f, "The final image has no {pattern}"),
            Check::Stages { op, count } => {
                write!(
                    f,
                    "The Dockerfile has {} {count} stage{}",
                    op.words(),
                    plural(*count)
                )
            }
            Check::CopyFrom { from: None } => {
                write!(f, "A stage copies from another with COPY --from")
            }
            Check::CopyFrom { from: Some(stage) } => {
                write!(f, "A COPY --from={stage} names the stage {stage}")
            }
            Check::FinalBase { families } => {
                write!(f, "The final stage is based on {}", families.join(" or "))
            }
            Check::Efficiency { op, score } => {
                write!(
                    f,
                    "The image efficiency is {} {:.0}%",
                    op.words(),
                    score * 100.0
                )
            }
            Check::NoLint { rule } => write!(f, "Lint finds no {rule}"),
            Check::Runs { program: None } => {
                write!(f, "The image runs the app: `docker run` starts it")
            }
            Check::Runs {
                program: Some(program),
            } => write!(f, "The image runs {program}: `docker run` starts it"),
            Check::TargetBuilds { target } => {
                write!(f, "`docker build --target {target}` succeeds")
            }
            Check::CachedAfterEdit { file, steps } => write!(
                f,
                "After editing {file}, the step running `{steps}` stays CACHED"
            ),
            Check::UserNotRoot => write!(f, "The container runs as a user other than root"),
            Check::RunAsNonRoot => write!(
                f,
                "Kubernetes' runAsNonRoot admits the image: USER is a number, not 0"
            ),
            Check::Ignored { path } => write!(f, ".dockerignore keeps {path} out of the context"),
            Check::CacheMount {
                target,
                steps: None,
            } => write!(f, "A RUN keeps {target} in a cache mount"),
            Check::CacheMount {
                target,
                steps: Some(steps),
            } => write!(
                f,
                "The RUN that runs `{steps}` keeps {target} in a cache mount"
            ),
            Check::TargetRuns { target, steps } => {
                write!(f, "`docker build --target {target}` runs `{steps}`")
            }
            Check::RunArgs { args } => write!(
                f,
                "`docker run IMAGE {}` passes `{}` to the app",
                args.join(" "),
                args.join(" ")
            ),
            Check::BindMount { path, steps } => write!(
                f,
                "The RUN that runs `{steps}` reads {path} through a bind mount"
            ),
            Check::SecretMount { path, steps } => {
                write!(
                    f,
                    "The RUN that runs `{steps}` reads a secret mounted at {path}"
                )
            }
            Check::Writable { path } => write!(f, "The app's user may write {path}"),
            Check::NotWritable { path } => write!(f, "The app's user may not change {path}"),
            Check::NoWorldWritable => write!(f, "Nothing is writable by every user"),
            Check::Answered { question } => write!(f, "Question {question} is answered right"),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn result(goal: String, passed: bool, detail: String, diagnosis: Option<String>) -> CheckResult {
    CheckResult {
        goal,
        passed,
        detail,
        diagnosis: diagnosis.filter(|_| !passed),
    }
}

impl Check {
    /// Evaluates the check on `subject`, a build that produced an image.
    pub fn evaluate(&self, subject: &Subject<'_>) -> CheckResult {
        let goal = self.to_string();
        let build = subject.build;
        let Some(image) = build.image() else {
            let why = match &build.error {
                Some(e) => format!("The build failed: {e}"),
                None => "The build made no image.".into(),
            };
            return result(goal, false, why, None);
        };
        match self {
            Check::Size { op, limit } => size(goal, subject, image, op, limit),
            Check::Contains { pattern } => contains(goal, image, pattern),
            Check::NotContains { pattern } => not_contains(goal, subject, image, pattern),
            Check::Stages { op, count } => {
                let n = build.stages.len();
                let passed = op.holds(n, *count);
                let detail = format!("The Dockerfile has {n} stage{}.", plural(n));
                result(goal, passed, detail, None)
            }
            Check::CopyFrom { from } => copy_from(goal, subject, from),
            Check::FinalBase { families } => final_base_is(goal, build, families),
            Check::Efficiency { op, score } => {
                let Some(report) = subject.report else {
                    return result(goal, false, "No analysis.".into(), None);
                };
                let value = report.efficiency.score;
                let passed = op.holds(value, *score);
                let detail = format!("The efficiency is {:.1}%.", value * 100.0);
                let diagnosis = report.waste.first().map(|w| {
                    format!(
                        "{} is stored {} times ({} in all): {}.",
                        w.path.path,
                        w.path.count,
                        human_size(w.path.total_bytes),
                        w.instructions.join("; ")
                    )
                });
                result(goal, passed, detail, diagnosis)
            }
            Check::NoLint { rule } if is_buildkit_check(rule) => {
                let found = build.dockerfile.diagnostics.iter().find(|d| {
                    matches!(&d.kind, crate::dockerfile::diagnostic::DiagnosticKind::Check { check, .. } if check.name() == rule)
                });
                match found {
                    None => result(
                        goal,
                        true,
                        format!("BuildKit's {rule} check finds nothing."),
                        None,
                    ),
                    Some(d) => result(
                        goal,
                        false,
                        format!("Line {}: {}", d.span.start.line, d.kind),
                        Some(format!("{}: {}", rule, d.kind.help().unwrap_or_default())),
                    ),
                }
            }
            Check::NoLint { rule } => {
                let findings: Vec<_> = subject
                    .report
                    .map(|r| r.lint.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .filter(|f| f.rule.id == rule || f.rule.name == rule)
                    .collect();
                match findings.first() {
                    None => result(goal, true, format!("Lint found no {rule}."), None),
                    Some(f) => result(
                        goal,
                        false,
                        format!("Line {}: {}", f.line, f.message),
                        Some(f.rule.fix.to_string()),
                    ),
                }
            }
            Check::Runs { program } => runs(goal, subject, image, program.as_deref()),
            Check::TargetBuilds { target } => match subject.build_target(target) {
                Ok(()) => result(goal, true, format!("The {target} stage builds."), None),
                Err(why) => result(goal, false, why, None),
            },
            Check::CachedAfterEdit { file, steps } => cached_after_edit(goal, subject, file, steps),
            Check::UserNotRoot => user_not_root(goal, image),
            Check::RunAsNonRoot => run_as_non_root(goal, image),
            Check::Ignored { path } => ignored(goal, subject, path),
            Check::CacheMount { target, steps } => {
                cache_mount(goal, subject, target, steps.as_deref())
            }
            Check::TargetRuns { target, steps } => target_runs(goal, subject, target, steps),
            Check::SecretMount { path, steps } => secret_mount(goal, subject, path, steps),
            Check::BindMount { path, steps } => bind_mount(goal, subject, path, steps),
            Check::RunArgs { args } => run_args(goal, subject, image, args),
            Check::Writable { path } => writable(goal, image, path, true),
            Check::NotWritable { path } => writable(goal, image, path, false),
            Check::NoWorldWritable => {
                let found = super::notes::world_writable_paths(image);
                match super::notes::world_writable_sentence(&found) {
                    None => result(
                        goal,
                        true,
                        "No path of this Dockerfile's layers is writable by every user.".into(),
                        None,
                    ),
                    Some(sentence) => result(
                        goal,
                        false,
                        format!("{} is writable by every user.", found[0]),
                        Some(sentence),
                    ),
                }
            }
            Check::Answered { question } => match subject.answer(question) {
                Some(true) => result(goal, true, "Answered right.".into(), None),
                Some(false) => result(
                    goal,
                    false,
                    "Not right yet: read the question again.".into(),
                    None,
                ),
                None => result(goal, false, "Not answered yet.".into(), None),
            },
        }
    }
}

/// `final-base`: the family, or the exact image, of the final stage.
fn final_base_is(goal: String, build: &Build, families: &[String]) -> CheckResult {
    let image = final_image(build).unwrap_or_default();
    let family = final_base(build).unwrap_or_default();
    let passed = families.iter().any(|wanted| {
        if is_exact_image(wanted) {
            short_reference(wanted) == short_reference(&image)
        } else {
            *wanted == family
        }
    });
    let detail = if families.iter().any(|w| is_exact_image(w)) {
        format!("The final stage is based on {image}.")
    } else {
        format!("The final stage is based on {family}.")
    };
    result(goal, passed, detail, None)
}

fn contains(goal: String, image: &Image, pattern: &str) -> CheckResult {
    let all = matches(image, pattern);
    // An empty file is a stand-in made to be found, not the file the
    // lesson means.
    let empty = |p: &String| matches!(image.filesystem.lookup(p, true), Ok((_, Node::File(f))) if f.content.size() == 0);
    let found: Vec<&String> = all.iter().filter(|p| !empty(p)).collect();
    let detail = match (found.first(), all.first()) {
        (Some(p), _) => format!("{p} is in the final image."),
        (None, Some(p)) => format!("{p} is in the final image, and it is an empty file."),
        (None, None) => format!("Nothing in the final image matches {pattern}."),
    };
    let diagnosis = Some(format!(
        "Nothing in the final stage puts {pattern} there: copy it in (COPY, or COPY --from=STAGE from the stage that made it) or install it in the final stage."
    ));
    result(goal, !found.is_empty(), detail, diagnosis)
}

fn size(
    goal: String,
    subject: &Subject<'_>,
    image: &Image,
    op: &Op,
    limit: &SizeLimit,
) -> CheckResult {
    let size = image.size();
    let bytes = match limit {
        SizeLimit::Bytes(b) => Some(*b),
        SizeLimit::OfStarter(fr) => subject.starter_size.map(|s| (s as f64 * fr) as u64),
    };
    let Some(bytes) = bytes else {
        return result(
            goal,
            false,
            "The starter made no image to compare with.".into(),
            None,
        );
    };
    let passed = op.holds(size, bytes);
    let detail = format!(
        "Your image is {}; the limit is {} {}.",
        human_size(size),
        op.words(),
        human_size(bytes)
    );
    let diagnosis = subject.report.and_then(|r| {
        r.contributions.iter().max_by_key(|c| c.bytes).map(|c| {
            let what = if c.line == 0 {
                format!("the base image ({})", c.instruction)
            } else {
                format!("`{}` on line {}", c.instruction, c.line)
            };
            format!("The biggest part is {what}: {}.", human_size(c.bytes))
        })
    });
    result(goal, passed, detail, diagnosis)
}

/// A path a layer of this Dockerfile stores that the final filesystem hides
/// (a later layer deleted it): its bytes still ship. The path, its size
/// and the layer.
fn hidden_in_a_layer(image: &Image, pattern: &str) -> Option<(String, u64, usize)> {
    let plain = !pattern.contains(['*', '?', '[', '\\']);
    let wanted = format!("/{}", pattern.trim_matches('/'));
    let m = matcher(pattern);
    let hit = |path: &str| {
        let mut at = path;
        loop {
            let matched = if plain {
                at == wanted
            } else {
                m.excludes_itself(at.trim_start_matches('/'))
            };
            if matched {
                return true;
            }
            match at.rfind('/').filter(|&i| i > 0) {
                Some(i) => at = &at[..i],
                None => return false,
            }
        }
    };
    // Only this Dockerfile's layers: a base image's own deletions are not
    // the learner's doing.
    own_changes(image).find_map(|(index, change)| {
        let stored = matches!(
            change.kind,
            crate::engine::layer::ChangeKind::Added | crate::engine::layer::ChangeKind::Modified
        ) && change.size() > 0;
        (stored && hit(&change.path) && image.filesystem.lookup(&change.path, false).is_err())
            .then(|| (change.path.clone(), change.size(), index))
    })
}

/// A file of this Dockerfile's layers whose bytes are one of `digests`:
/// its path and layer.
fn layer_with_content(
    image: &Image,
    digests: &[crate::engine::content::Digest],
) -> Option<(String, usize)> {
    own_changes(image).find_map(|(index, change)| {
        let digest = change.entry.as_ref()?.digest?;
        digests
            .contains(&digest)
            .then(|| (change.path.clone(), index))
    })
}

/// The changes of this Dockerfile's layers, each with its layer's index:
/// a base image's layers are not the learner's doing, and stay undecoded.
fn own_changes(image: &Image) -> impl Iterator<Item = (usize, &crate::engine::layer::Change)> {
    image
        .layers
        .iter()
        .enumerate()
        .filter(|(_, layer)| matches!(layer.origin, crate::engine::image::LayerOrigin::Step { .. }))
        .flat_map(|(index, layer)| layer.changes.iter().map(move |change| (index, change)))
}

/// The lesson's own files that `pattern` names (8 bytes or more): a copy
/// of one under another name is the same file.
fn lesson_files_named(
    subject: &Subject<'_>,
    pattern: &str,
) -> Vec<(String, crate::engine::content::Digest)> {
    let m = matcher(pattern);
    subject
        .context
        .files
        .walk_under("/")
        .into_iter()
        .filter_map(|(rel, node)| match node {
            Node::File(f)
                if f.content.size() >= 8 && m.excludes_itself(rel.trim_start_matches('/')) =>
            {
                Some((rel, f.content.digest()))
            }
            _ => None,
        })
        .collect()
}

fn not_contains(goal: String, subject: &Subject<'_>, image: &Image, pattern: &str) -> CheckResult {
    let build = subject.build;
    let found = matches(image, pattern);
    let Some(path) = found.iter().max_by_key(|p| weight(image, p).0) else {
        if let Some((path, bytes, index)) = hidden_in_a_layer(image, pattern) {
            let layer = &image.layers[index];
            return result(
                goal,
                false,
                format!(
                    "{path} is hidden in the final filesystem, but layer {} stores it ({}).",
                    index + 1,
                    human_size(bytes)
                ),
                Some(
                    if layer.created_by.starts_with("COPY") || layer.created_by.starts_with("ADD") {
                        format!(
                        "`{}` wrote {path} into its layer, and a later layer only hides it: the bytes, and whatever secret they hold, ship with the image. Do not copy it: lend it to the RUN that needs it with a bind mount (--mount=type=bind,source=...,target=...), or a secret mount for a secret, or use it in a stage the final image does not copy from.",
                        layer.created_by
                    )
                    } else {
                        format!(
                        "`{}` wrote {path} into its layer, and a later layer only hides it: the bytes, and whatever secret they hold, ship with the image. Remove it in the same RUN that makes it, keep it out of the image with a mount (--mount=type=secret, --mount=type=cache), or make it in a stage the final image does not copy from.",
                        layer.created_by
                    )
                    },
                ),
            );
        }
        let named = lesson_files_named(subject, pattern);
        let digests: Vec<_> = named.iter().map(|(_, d)| *d).collect();
        if let Some((path, index)) = layer_with_content(image, &digests) {
            let original = &named
                .iter()
                .find(|(_, d)| {
                    Some(d)
                        == image
                            .filesystem
                            .read(&path)
                            .ok()
                            .map(|c| c.digest())
                            .as_ref()
                })
                .map_or_else(|| named[0].0.clone(), |(rel, _)| rel.clone());
            return result(
                goal,
                false,
                format!(
                    "{path} (layer {}) holds the same bytes as the lesson's {}: under another name, it is the same file.",
                    index + 1,
                    original.trim_start_matches('/')
                ),
                Some(format!("Renaming or moving a file does not take it out of the image. Leave {pattern} out of the final stage: use it in a stage the final image does not copy from, or lend it to the one RUN that needs it with a mount.")),
            );
        }
        return result(
            goal,
            true,
            format!("Nothing in the final image matches {pattern}."),
            None,
        );
    };
    let (bytes, largest) = weight(image, path);
    let detail = if found.len() == 1 {
        format!("{path} is in the final image.")
    } else {
        format!("{} paths match, {path} among them.", found.len())
    };
    let diagnosis = format!(
        "{path} ({}) {}.",
        human_size(bytes),
        how_it_got_there(build, &largest)
    );
    result(goal, false, detail, Some(diagnosis))
}

fn copy_from(goal: String, subject: &Subject<'_>, from: &Option<String>) -> CheckResult {
    let copies = subject
        .report
        .map(|r| r.copies.as_slice())
        .unwrap_or_default();
    // The stage, named in --from (case does not matter).
    let named = |c: &&crate::analysis::lineage::CopyFrom| match from {
        None => true,
        Some(stage) => c.by_name && c.from.eq_ignore_ascii_case(stage),
    };
    // What a copy carries must be something the stage made, not a file
    // its base image already had (a dummy `COPY --from=build /etc/hostname`)
    // nor a file of the build context passed through it unchanged.
    let made_there = |c: &crate::analysis::lineage::CopyFrom| {
        let Some(image) = subject.build.image() else {
            return true;
        };
        let Some(layer) = image.layers.iter().find(|l| {
            matches!(l.origin, crate::engine::image::LayerOrigin::Step { line, .. } if line == c.line)
        }) else {
            return true;
        };
        let files: Vec<&crate::engine::layer::Change> = layer
            .changes
            .iter()
            .filter(|ch| {
                ch.entry
                    .as_ref()
                    .is_some_and(|e| e.kind == crate::engine::vfs::Kind::File)
            })
            .collect();
        files.is_empty()
            || files.iter().any(|ch| {
                let hops = lineage::origin(subject.build, &ch.path);
                hops.len() < 2
                    || hops.last().is_some_and(|h| {
                        let from_context =
                            h.instruction.starts_with("COPY") && !h.instruction.contains("--from");
                        h.base_image.is_none() && h.line > 0 && !from_context
                    })
            })
    };
    let dummy = copies.iter().filter(named).find(|c| !made_there(c));
    match copies.iter().filter(named).find(|c| made_there(c)) {
        None if dummy.is_some() => {
            let c = dummy.map(|c| (c.line, c.from.clone())).unwrap_or_default();
            result(
                goal,
                false,
                format!(
                    "Line {} copies from stage {} only what it did not make: files of its base image, or of the build context passed through it unchanged.",
                    c.0, c.1
                ),
                Some(format!(
                    "Copy what stage {} builds (the program, the bundle, the installed packages): a stage that only holds copies builds nothing.",
                    c.1
                )),
            )
        }
        Some(c) => result(
            goal,
            true,
            format!(
                "Line {} copies {} from stage {}.",
                c.line,
                human_size(c.bytes),
                c.from
            ),
            None,
        ),
        None => {
            let (detail, diagnosis) = match (from, copies.first()) {
                    (Some(stage), Some(c)) => (
                        format!("Line {} copies with `{}`, not --from={stage}.", c.line, c.instruction),
                        format!("Name the stage (`FROM ... AS {stage}`) and copy with --from={stage}: a name survives adding a stage before it; an index does not."),
                    ),
                    _ => (
                        "No built stage uses COPY --from.".to_string(),
                        "Build in one stage, then start a new FROM and COPY --from=NAME only what runs.".to_string(),
                    ),
                };
            result(goal, false, detail, Some(diagnosis))
        }
    }
}

/// Where the image's command comes from: the line of the CMD or
/// ENTRYPOINT the final stage (or a stage it is built on) sets last, or
/// the base image it inherits them from.
fn command_origin(build: &Build) -> Result<usize, String> {
    let mut index = build.target.ok_or_else(String::new)?;
    for _ in 0..=build.stages.len() {
        let set = build.dockerfile.stages.get(index).and_then(|stage| {
            stage
                .instructions
                .iter()
                .rev()
                .find(|i| {
                    i.keyword.eq_ignore_ascii_case("CMD")
                        || i.keyword.eq_ignore_ascii_case("ENTRYPOINT")
                })
                .map(|i| i.start_line)
        });
        if let Some(line) = set {
            return Ok(line);
        }
        match build.stages.get(index).and_then(|s| s.base.as_ref()) {
            Some(StageBase::Stage { index: parent }) => index = *parent,
            Some(StageBase::Image { requested, .. }) => return Err(requested.clone()),
            _ => return Err("scratch".into()),
        }
    }
    Err(String::new())
}

fn runs(goal: String, subject: &Subject<'_>, image: &Image, program: Option<&str>) -> CheckResult {
    let Some(report) = subject.report else {
        return result(goal, false, "No analysis.".into(), None);
    };
    let run = &report.run;
    let shown = run.command.join(" ");
    if let Verdict::Fails {
        message,
        explanation,
    } = &run.verdict
    {
        return result(
            goal,
            false,
            format!("docker run fails: {message}"),
            Some(explanation.clone()),
        );
    }
    // The app must be reachable where the image says it listens.
    if let Some(port) = &run.listens {
        let exposed: Vec<&str> = image
            .config
            .exposed_ports
            .iter()
            .map(|p| p.split('/').next().unwrap_or(p))
            .collect();
        if !exposed.contains(&port.as_str()) {
            let detail = if exposed.is_empty() {
                format!("`{shown}` starts, and the app listens on port {port}, which the image does not EXPOSE.")
            } else {
                format!(
                    "`{shown}` starts, and the app listens on port {port}, while the image EXPOSEs {}: `docker run -p` with the exposed port reaches nothing.",
                    exposed.join(", ")
                )
            };
            return result(
                goal,
                false,
                detail,
                Some(format!("Say where the app listens: `EXPOSE {port}` in the final stage. It publishes nothing by itself, and it is what `docker run -P` publishes and what readers of the image trust.")),
            );
        }
    }
    let inherited = command_origin(subject.build).err().map(|base| {
        format!("The command `{shown}` is not this Dockerfile's: it is the CMD of the base image {base}.")
    });
    if let Some(wanted) = program {
        let starts = run
            .entry
            .iter()
            .any(|p| p == wanted || crate::engine::vfs::split_parent(p).1 == wanted);
        let detail = if starts {
            format!("`{shown}` starts {wanted} as {}.", run.user)
        } else {
            format!("`{shown}` starts, but not {wanted}.")
        };
        let diagnosis = Some(inherited.unwrap_or_else(|| {
            format!("Give the final stage a CMD (or ENTRYPOINT) that starts {wanted}.")
        }));
        return result(goal, starts, detail, diagnosis);
    }
    // The app is what changes when its sources change: build again with
    // every source file of the lesson edited, and look for an entry file
    // (the program, or the script an interpreter runs) that changed.
    // What the app reads must be the lesson's file of that name, not a
    // stand-in made to be found.
    for (name, full) in &run.reads {
        let lesson_file = crate::engine::vfs::absolute("/", name);
        let Ok(wanted) = subject.context.files.read(&lesson_file) else {
            continue;
        };
        let found = match image.filesystem.lookup(full, true) {
            Ok((_, crate::engine::vfs::Node::File(file))) => Some(file.content.digest()),
            _ => None,
        };
        if found != Some(wanted.digest()) {
            return result(
                goal,
                false,
                format!("The app reads {full}, and it is not the lesson's {name}."),
                Some(format!(
                    "The app needs the {name} of the build context, as it is: copy that file (COPY {name} ...), not one made in the build."
                )),
            );
        }
    }
    match subject.app_entry(image, &run.entry) {
        AppEntry::Built(path) => result(
            goal,
            true,
            format!(
                "`{shown}` starts as {}, and runs {path}, built from the lesson's sources.",
                run.user
            ),
            None,
        ),
        AppEntry::NoSources => result(
            goal,
            true,
            format!("`{shown}` starts as {}.", run.user),
            None,
        ),
        AppEntry::NotBuilt(sources) => {
            let detail = format!(
                "`{shown}` starts, but it is not the app: nothing it runs changes when {} change{}.",
                sources,
                if sources.contains(", ") || sources.contains(" and ") { "" } else { "s" }
            );
            let diagnosis = inherited.unwrap_or_else(|| {
                format!(
                    "{} comes with an image or a package, not from the lesson's code. Start the program the build makes from it (CMD [\"/path/to/program\"], or the interpreter with the app's file).",
                    run.entry.first().map(String::as_str).unwrap_or("The program")
                )
            });
            result(goal, false, detail, Some(diagnosis))
        }
    }
}

fn cached_after_edit(goal: String, subject: &Subject<'_>, file: &str, steps: &str) -> CheckResult {
    let build = subject.build;
    let outcomes = subject.rebuild_after_edit(file);
    // The steps whose RUN ran the program `steps` names.
    let runs = |stage: &str, line: usize| {
        build
            .stages
            .iter()
            .filter(|s| s.display_name == stage)
            .flat_map(|s| &s.steps)
            .any(|s| s.line == line && s.run().is_some_and(|r| r.ran(steps)))
    };
    let wanted: Vec<_> = outcomes.iter().filter(|o| runs(&o.stage, o.line)).collect();
    if wanted.is_empty() {
        return result(goal, false, format!("No built step runs `{steps}`."), None);
    }
    match wanted.iter().find(|o| !o.cached) {
        None => result(
            goal,
            true,
            format!("Line {} stays CACHED when {file} changes.", wanted[0].line),
            None,
        ),
        Some(miss) => {
            let first_miss = outcomes.iter().find(|o| !o.cached && o.stage == miss.stage);
            let diagnosis = first_miss.map(|m| {
                    format!(
                        "The cache breaks at line {} (`{}`): {}. Copy only what `{steps}` needs before it, and the rest after.",
                        m.line,
                        m.instruction,
                        m.reason.as_deref().unwrap_or("it changed")
                    )
                });
            result(
                goal,
                false,
                format!("Line {} runs again after {file} changes.", miss.line),
                diagnosis,
            )
        }
    }
}

/// What Kubernetes' `runAsNonRoot` says of the image's user, as the
/// kubelet checks it before starting the container: it cannot read the
/// image's /etc/passwd, so the user must be a number, and not 0.
fn run_as_non_root(goal: String, image: &Image) -> CheckResult {
    let user = image.config.user.clone().unwrap_or_default();
    let name = user.split(':').next().unwrap_or_default();
    let refused = match name.parse::<u32>() {
        _ if name.is_empty() => Some(("The final stage sets no USER: uid 0.", "container has runAsNonRoot and image will run as root".to_string())),
        Ok(0) => Some(("USER is uid 0.", "container has runAsNonRoot and image will run as root".to_string())),
        Ok(_) => None,
        Err(_) => Some(("USER names its user.", format!("container has runAsNonRoot and image has non-numeric user ({name}), cannot verify user is non-root"))),
    };
    match refused {
        Some((what, error)) => result(
            goal,
            false,
            format!("{what} The kubelet refuses to start it: {error}."),
            Some("Write the user by its number (`USER 10001`, or `USER 65532:65532`): Kubernetes cannot look a name up in the image, and a number other than 0 is provably not root.".into()),
        ),
        None => result(
            goal,
            true,
            format!("USER {user}: a number, not 0, so runAsNonRoot admits it."),
            None,
        ),
    }
}

fn user_not_root(goal: String, image: &Image) -> CheckResult {
    let user = image.config.user.clone().unwrap_or_default();
    let fix = "Create a user (or use one the base image has, like nobody or nonroot) and add USER in the final stage.";
    if user.is_empty() {
        return result(
            goal,
            false,
            "The final stage sets no USER, so the container runs as root.".into(),
            Some(fix.into()),
        );
    }
    // By name or number, as the image's /etc/passwd resolves it: a user
    // called app with uid 0 is root.
    match super::notes::run_ids(image) {
        None => result(
            goal,
            false,
            format!("USER is {user}, and the image's /etc/passwd has no such user: the container cannot start."),
            Some("Name a user of the image's /etc/passwd, or give a numeric id (USER 65532).".into()),
        ),
        Some((0, _)) => result(
            goal,
            false,
            format!("USER is {user}: that is uid 0, root."),
            Some(fix.into()),
        ),
        Some((uid, _)) => result(
            goal,
            true,
            format!("The container runs as {user} (uid {uid})."),
            None,
        ),
    }
}

fn ignored(goal: String, subject: &Subject<'_>, path: &str) -> CheckResult {
    let clean = path.trim_start_matches('/').trim_end_matches('/');
    // Left out whole: nothing of it reaches the builder.
    let inside = subject.context.files.exists(&format!("/{clean}"));
    let out = !inside
        && subject
            .context
            .excluded
            .iter()
            .any(|p| p == clean || p.starts_with(&format!("{clean}/")));
    match (out, inside) {
        (true, _) => result(
            goal,
            true,
            format!("{clean} is left out of the context."),
            None,
        ),
        (false, true) => result(
            goal,
            false,
            format!("{clean} is sent to the builder with the context."),
            Some(format!("Add a line `{clean}` to .dockerignore.")),
        ),
        (false, false) => result(
            goal,
            false,
            format!("The context has no {clean} to leave out."),
            None,
        ),
    }
}

fn cache_mount(
    goal: String,
    subject: &Subject<'_>,
    target: &str,
    steps: Option<&str>,
) -> CheckResult {
    let build = subject.build;
    let all: Vec<&crate::engine::step::Step> = build
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .filter(|s| s.run().is_some())
        .collect();
    let mounts = |s: &crate::engine::step::Step| s.run().is_some_and(|r| r.caches(target));
    let fills = |s: &crate::engine::step::Step| s.run().is_some_and(|r| r.filled(target));
    let fix = format!(
        "Add --mount=type=cache,target={target} to the RUN that fills it (the download or the compile)."
    );
    let unused = |step: &crate::engine::step::Step| {
        result(
            goal.clone(),
            false,
            format!(
                "Line {} mounts a cache at {target}, and its command writes nothing into it: nothing is kept for the next build.",
                step.line
            ),
            Some("Let the tool write its cache there: drop the flags that turn it off (pip's --no-cache-dir) and any rm -rf of it in the same RUN.".into()),
        )
    };
    if let Some(words) = steps {
        let runs: Vec<_> = all
            .iter()
            .filter(|s| s.run().is_some_and(|r| r.ran(words)))
            .collect();
        let Some(first) = runs.first() else {
            return result(goal, false, format!("No built RUN runs `{words}`."), None);
        };
        if let Some(step) = runs.iter().find(|s| !mounts(s)) {
            let detail = match all.iter().find(|s| mounts(s)) {
                Some(other) => format!(
                    "Line {} runs `{words}` without the cache; line {} mounts it, where it does nothing.",
                    step.line, other.line
                ),
                None => format!(
                    "Line {} runs `{words}` without a cache mounted at {target}.",
                    step.line
                ),
            };
            return result(goal, false, detail, Some(fix));
        }
        return match runs.iter().find(|s| !fills(s)) {
            Some(step) => unused(step),
            None => result(
                goal,
                true,
                format!(
                    "Line {} runs `{words}` with a cache mounted at {target}.",
                    first.line
                ),
                None,
            ),
        };
    }
    match (
        all.iter().find(|s| mounts(s) && fills(s)),
        all.iter().find(|s| mounts(s)),
    ) {
        (Some(step), _) => result(
            goal,
            true,
            format!(
                "Line {} mounts a cache at {target}, and fills it.",
                step.line
            ),
            None,
        ),
        (None, Some(step)) => unused(step),
        (None, None) => result(
            goal,
            false,
            format!("No RUN mounts a cache at {target}."),
            Some(fix),
        ),
    }
}

fn run_args(goal: String, subject: &Subject<'_>, image: &Image, args: &[String]) -> CheckResult {
    let started = crate::analysis::run_check::final_command(image, args);
    // The arguments reach the program, and it is still the app: every
    // file the plain `docker run` runs (the program, its script) runs.
    let with = crate::analysis::run_check::run_check_with(image, args);
    let same_app = subject
        .report
        .is_some_and(|r| r.run.entry.iter().all(|e| with.entry.contains(e)))
        && with.verdict == Verdict::Runs;
    // A flag the ENTRYPOINT already gives is given twice: which one the
    // app takes is up to its argument parser.
    let twice = image
        .config
        .entrypoint
        .iter()
        .flatten()
        .find(|word| word.starts_with('-') && args.iter().any(|a| a == *word));
    if let Some(flag) = twice {
        return result(
            goal,
            false,
            format!(
                "`docker run IMAGE {}` starts `{}`: {flag} is given twice, and the ENTRYPOINT's comes first.",
                args.join(" "),
                started.join(" ")
            ),
            Some(format!("Keep the defaults out of ENTRYPOINT: `ENTRYPOINT [\"node\", \"server.js\"]` with `CMD [\"{flag}\", ...]`, so that docker run's arguments replace them rather than follow them.")),
        );
    }
    let passed = started.ends_with(args) && same_app;
    result(
        goal,
        passed,
        format!(
            "`docker run IMAGE {}` starts `{}`.",
            args.join(" "),
            started.join(" ")
        ),
        Some("Arguments to docker run replace CMD and go to ENTRYPOINT, in exec form only: a shell-form ENTRYPOINT (`ENTRYPOINT node server.js`, or `[\"/bin/sh\", \"-c\", ...]`) makes them the shell's $0 and $1, which the script never reads. Write ENTRYPOINT [\"node\", \"server.js\"] and keep the defaults in CMD.".into()),
    )
}

fn secret_mount(goal: String, subject: &Subject<'_>, path: &str, steps: &str) -> CheckResult {
    // The secret must not reach a layer by another route (copied out of
    // its mount, cat into a file).
    if let Some(image) = subject.build.image() {
        let secrets: Vec<_> = subject
            .build
            .stages
            .iter()
            .flat_map(|s| &s.steps)
            .filter_map(|s| s.run())
            .flat_map(|r| &r.mounts)
            .filter(|m| m.kind == crate::dockerfile::mount::MountType::Secret)
            .filter_map(|m| {
                m.id.clone().or_else(|| {
                    m.target
                        .as_deref()
                        .map(|t| crate::engine::vfs::split_parent(t).1.to_string())
                })
            })
            .map(|name| crate::engine::content::Content::secret(&name).digest())
            .collect();
        if let Some((leaked, index)) = layer_with_content(image, &secrets) {
            return result(
                goal,
                false,
                format!("The secret was written into layer {} at {leaked}: it ships with the image.", index + 1),
                Some("A secret mount keeps the secret out of the layers only while it stays in the mount: do not copy it (cp, cat >, tee) to another path. Point the tool at the mount instead.".into()),
            );
        }
    }
    // A build argument the RUN uses is in the image's history, with the
    // value it was given: a token must not come that way too.
    let by_argument = runs_running(subject.build, steps)
        .find_map(|(stage, step)| build_arg_used(stage, step).map(|name| (step.line, name)));
    if let Some((line, name)) = by_argument {
        return result(
            goal,
            false,
            format!("Line {line} runs `{steps}` with the build argument {name}: its value is in the image's history (`docker history` shows `|1 {name}=...`)."),
            Some("Pass credentials as a secret only (`--secret id=...` and `--mount=type=secret`), never as --build-arg, whatever the argument is called.".into()),
        );
    }
    every_run_mounts(
        goal,
        subject,
        steps,
        |step| {
            step.run().is_some_and(|r| {
                // A program that says which file it read (npm's
                // userconfig) must have read a secret's; else the mount
                // must be where the tool looks, or the command point at it.
                if r.reads.is_empty() {
                    r.mounts_secret_at(path) || r.points_at_secret(&step.instruction)
                } else {
                    let secrets = r.secret_files();
                    r.reads.iter().any(|read| secrets.contains(read))
                }
            })
        },
        &format!("a secret mounted at {path} (or where the command is told to read it)"),
        format!("Mount the secret where the tool reads it, for that RUN only: `RUN --mount=type=secret,id=ID,target={path} {steps}`. A secret with no target lands in /run/secrets/ID, where the tool does not look."),
    )
}

/// The built RUN steps that ran `steps` (as [`crate::engine::step::RunFacts::ran`]
/// matches them), each with its stage.
fn runs_running<'a>(
    build: &'a Build,
    steps: &'a str,
) -> impl Iterator<
    Item = (
        &'a crate::engine::build::StageResult,
        &'a crate::engine::step::Step,
    ),
> + 'a {
    build
        .stages
        .iter()
        .flat_map(|stage| stage.steps.iter().map(move |step| (stage, step)))
        .filter(move |(_, step)| step.run().is_some_and(|r| r.ran(steps)))
}

/// A build argument in scope, without a default (one given at build
/// time, as a token would be), that the RUN's command uses (`$NAME`,
/// `${NAME}`): BuildKit lists the arguments in scope in the RUN's history
/// line (`RUN |1 NAME=value ...`). An argument with a default (a registry
/// URL, a version) is configuration, not a credential.
fn build_arg_used(
    stage: &crate::engine::build::StageResult,
    step: &crate::engine::step::Step,
) -> Option<String> {
    let layer = stage.image.as_ref()?.layers.get(step.layer?)?;
    let rest = layer.created_by.strip_prefix("RUN |")?;
    let mut words = rest.split_whitespace();
    let count: usize = words.next()?.parse().ok()?;
    words
        .take(count)
        .filter_map(|pair| pair.split_once('='))
        .filter(|(_, value)| value.is_empty())
        .map(|(name, _)| name.to_string())
        .find(|name| {
            step.instruction.contains(&format!("${name}"))
                || step.instruction.contains(&format!("${{{name}}}"))
        })
}

fn bind_mount(goal: String, subject: &Subject<'_>, path: &str, steps: &str) -> CheckResult {
    let mounted = every_run_mounts(
        goal,
        subject,
        steps,
        |step| step.run().is_some_and(|r| r.binds_context(path)),
        &format!("{path} bind-mounted from the build context"),
        format!("Mount it from the context for that RUN only, instead of copying it into a layer: `RUN --mount=type=bind,source={path},target=/tmp/{name} {steps} ...` (a COPY keeps the file in the image's layers even if a later RUN deletes it).", name = crate::engine::vfs::split_parent(path).1),
    );
    // Mounted, and read: without the mount the build must fail.
    if mounted.passed && subject.builds_without_mounting(path) {
        return result(
            mounted.goal,
            false,
            format!("`{steps}` runs with {path} mounted, and the build succeeds just as well without the mount: nothing reads it."),
            Some(format!("Have the command use the mounted file (`-r` the path you mounted it at), rather than mounting {path} beside a command that does not read it.")),
        );
    }
    mounted
}

/// Every built RUN that runs `steps` has the mount `has` looks for
/// (`what`, for the messages).
fn every_run_mounts(
    goal: String,
    subject: &Subject<'_>,
    steps: &str,
    has: impl Fn(&crate::engine::step::Step) -> bool,
    what: &str,
    fix: String,
) -> CheckResult {
    let runs: Vec<&crate::engine::step::Step> = runs_running(subject.build, steps)
        .map(|(_, step)| step)
        .collect();
    let Some(first) = runs.first() else {
        return result(goal, false, format!("No built RUN runs `{steps}`."), None);
    };
    match runs.iter().find(|s| !has(s)) {
        None => result(
            goal,
            true,
            format!("Line {} runs `{steps}` with {what}.", first.line),
            None,
        ),
        Some(step) => result(
            goal,
            false,
            format!("Line {} runs `{steps}` without {what}.", step.line),
            Some(fix),
        ),
    }
}

fn target_runs(goal: String, subject: &Subject<'_>, target: &str, steps: &str) -> CheckResult {
    let build = match subject.build_of_target(target) {
        Ok(build) => build,
        Err(why) => return result(goal, false, why, None),
    };
    let ran = runs_running(&build, steps).next();
    match ran {
        // It ran: its failure must stop the build, or it checks nothing.
        Some((stage, step)) => match subject.build_of_target_failing(target, Some(steps)) {
            Ok(_) => result(
                goal,
                false,
                format!(
                    "`--target {target}` runs `{steps}` on line {} (stage {}), and would still build if it failed.",
                    step.line, stage.display_name
                ),
                Some(format!(
                    "The build must stop when `{steps}` fails, and it must run the tests. A RUN's status is its last command's, so `|| true`, `; echo done`, a pipe into another program (without `set -o pipefail`) or an `if` around it hides a failure; a filter that selects no test, or test files left out of the stage, runs nothing that can fail. Let `{steps}` end the RUN (or join what follows with &&), over the tests."
                )),
            ),
            Err(_) => result(
                goal,
                true,
                format!(
                    "`--target {target}` runs `{steps}` on line {} (stage {}), and fails when it fails.",
                    step.line, stage.display_name
                ),
                None,
            ),
        },
        None => result(
            goal,
            false,
            format!("`--target {target}` builds, but no step it runs runs `{steps}`."),
            Some(format!(
                "A stage that only names itself {target} checks nothing: give it the RUN that runs `{steps}`."
            )),
        ),
    }
}

/// Whether the container's user may (or may not) write `path` and, for
/// `may == false`, anything under it.
fn writable(goal: String, image: &Image, path: &str, may: bool) -> CheckResult {
    let path = crate::engine::vfs::absolute("/", path);
    let Some(ids) = super::notes::run_ids(image) else {
        return result(
            goal,
            false,
            "The container's user is not in the image.".into(),
            None,
        );
    };
    let fs = &image.filesystem;
    let Ok((_, node)) = fs.lookup(&path, true) else {
        return result(
            goal,
            false,
            format!("{path} is not in the final image."),
            None,
        );
    };
    // A path the app may write, made a link to a directory every user
    // may write (/tmp): the app's data lands where anyone can change it.
    if may {
        if let Ok((_, Node::Symlink(link))) = fs.lookup(&path, false) {
            let shared = fs
                .lookup(&path, true)
                .is_ok_and(|(_, n)| n.meta().mode & 0o002 != 0);
            if shared {
                return result(
                    goal,
                    false,
                    format!("{path} is a link to {}, which every user may write.", link.target),
                    Some(format!("Make {path} a directory of its own, owned by the app's user (`COPY --chown` or `mkdir` and `chown`), rather than a link into a shared directory.")),
                );
            }
        }
    }
    let describe = |p: &str, meta: &crate::engine::vfs::Meta| {
        format!(
            "{p} (owner {}:{}, mode {:o})",
            meta.uid,
            meta.gid,
            meta.mode & 0o7777
        )
    };
    if may {
        let ok = crate::engine::users::may_write(&node.meta(), ids);
        let detail = format!(
            "uid {} {} write {}.",
            ids.0,
            if ok { "may" } else { "may not" },
            describe(&path, &node.meta())
        );
        let diagnosis = Some(format!(
            "Give {path} to the app's user: `COPY --chown={}:{}` or `RUN mkdir -p {path} && chown {}:{} {path}`.",
            ids.0, ids.1, ids.0, ids.1
        ));
        return result(goal, ok, detail, diagnosis);
    }
    // Who may write the directory that holds the path may replace it.
    let parent = crate::engine::vfs::split_parent(&path).0.to_string();
    let mut entries = vec![(path.clone(), node.meta())];
    if path != "/" {
        if let Ok((_, dir)) = fs.lookup(&parent, true) {
            entries.push((parent.clone(), dir.meta()));
        }
    }
    if node.kind() == crate::engine::vfs::Kind::Dir {
        entries.extend(
            fs.walk_under(&path)
                .into_iter()
                .map(|(rel, n)| (format!("{}/{rel}", path.trim_end_matches('/')), n.meta())),
        );
    }
    // The owner of a path may chmod it writable again: owning counts as
    // writing, whatever the mode says.
    match entries
        .iter()
        .find(|(_, meta)| crate::engine::users::may_write(meta, ids) || meta.uid == ids.0)
    {
        None => result(
            goal,
            true,
            format!("uid {} may not write {path}.", ids.0),
            None,
        ),
        Some((p, meta)) => {
            let why = if ids.0 == 0 {
                "The container runs as root, which may write everything: set USER to the app's uid."
                    .to_string()
            } else if *p == parent && parent != path {
                format!("{p}, the directory that holds {path}, is writable by the app's user, who may delete and replace {path}. Leave the directory root's: a WORKDIR made after USER (or in a base image whose USER is not root) belongs to that user, so create it with COPY, or before USER.")
            } else if meta.mode & 0o002 != 0 {
                format!("{p} is writable by every user: drop the chmod 777 (or --chmod) and give write access only where the app writes.")
            } else if meta.uid == ids.0 && !crate::engine::users::may_write(meta, ids) {
                format!("{p} belongs to the app's user: its mode ({:o}) says read-only, but an owner may chmod it back and rewrite it. Leave the code root's (COPY without --chown) and chown only the directories the app writes.", meta.mode & 0o7777)
            } else {
                format!("{p} belongs to the app's user: leave the code root's (COPY without --chown) and chown only the directories the app writes.")
            };
            result(
                goal,
                false,
                format!("uid {} may write {}.", ids.0, describe(p, meta)),
                Some(why),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_lines_read() {
        assert_eq!(
            parse_check("size <= 20 MB"),
            Ok(Check::Size {
                op: Op::AtMost,
                limit: SizeLimit::Bytes(20_000_000)
            })
        );
        assert_eq!(
            parse_check("size < 25% of starter"),
            Ok(Check::Size {
                op: Op::Less,
                limit: SizeLimit::OfStarter(0.25)
            })
        );
        assert_eq!(
            parse_check("efficiency >= 95%"),
            Ok(Check::Efficiency {
                op: Op::AtLeast,
                score: 0.95
            })
        );
        assert_eq!(
            parse_check("cached-after-edit main.go: go mod download"),
            Ok(Check::CachedAfterEdit {
                file: "main.go".into(),
                steps: "go mod download".into()
            })
        );
        assert_eq!(
            parse_check("no-lint apt-recommends"),
            Ok(Check::NoLint {
                rule: "apt-recommends".into()
            })
        );
        assert_eq!(parse_check("runs"), Ok(Check::Runs { program: None }));
        assert_eq!(
            parse_check("runs nginx"),
            Ok(Check::Runs {
                program: Some("nginx".into())
            })
        );
        assert_eq!(
            parse_check("cache-mount /root/.cache/pip: pip install"),
            Ok(Check::CacheMount {
                target: "/root/.cache/pip".into(),
                steps: Some("pip install".into())
            })
        );
        assert_eq!(
            parse_check("target-runs test: go test"),
            Ok(Check::TargetRuns {
                target: "test".into(),
                steps: "go test".into()
            })
        );
        assert_eq!(
            parse_check("not-writable /app/server.js"),
            Ok(Check::NotWritable {
                path: "/app/server.js".into()
            })
        );
        assert_eq!(parse_check("no-world-writable"), Ok(Check::NoWorldWritable));
        assert_eq!(
            parse_check("run-args --port 9090"),
            Ok(Check::RunArgs {
                args: vec!["--port".into(), "9090".into()]
            })
        );
        assert!(parse_check("run-args").is_err());
        assert!(parse_check("secret-mount /root/.npmrc").is_err());
        assert_eq!(parse_size("1.5GB"), Some(1_500_000_000));
        assert_eq!(parse_size("2 MiB"), Some(2 * 1024 * 1024));
    }

    #[test]
    fn a_pattern_is_looked_for_under_its_literal_directories() {
        assert_eq!(literal_dirs("/tmp/node-*.tar.gz"), "/tmp");
        assert_eq!(literal_dirs("**/*.go"), "/");
        assert_eq!(
            literal_dirs("/app/node_modules/*typescript"),
            "/app/node_modules"
        );
        assert_eq!(literal_dirs("/app//x/../src/*"), "/app/src");
        assert_eq!(literal_dirs("/a/b[c]/d"), "/a");
        assert_eq!(literal_dirs("/usr/lib/gcc"), "/usr/lib");
        assert_eq!(literal_dirs("x*"), "/");
    }

    #[test]
    fn bad_check_lines_say_why() {
        for (line, why) in [
            ("size about 20 MB", "not a comparison"),
            ("size <= twenty", "not a size"),
            ("stages >= two", "not a number"),
            ("efficiency >= 150%", "not a score"),
            ("no-lint SC999", "no lint rule"),
            ("runs fast now", "takes one argument"),
            ("user-not-root 1000", "takes no argument"),
            ("cached-after-edit main.go", "FILE: TEXT"),
            ("target-runs test", "TARGET: TEXT"),
            ("target-runs test:", "TARGET: TEXT"),
            ("cache-mount /root/.cache/pip:", "cache-mount TARGET"),
            ("writable", "takes one argument"),
            ("no-world-writable /app", "takes no argument"),
            ("smaller", "unknown check"),
        ] {
            let error = parse_check(line).expect_err(line);
            assert!(error.contains(why), "{line}: {error}");
        }
    }

    #[test]
    fn families_of_images() {
        for (reference, family) in [
            ("golang:1.22", "golang"),
            ("golang:1.22-alpine", "alpine"),
            ("alpine:3.19", "alpine"),
            ("python:3.12-slim", "slim"),
            ("gcr.io/distroless/static-debian12", "distroless"),
            ("gcr.io/distroless/base-debian12:nonroot", "distroless"),
            ("debian:bookworm", "debian"),
            ("localhost:5000/app", "app"),
        ] {
            assert_eq!(image_family(reference), family, "{reference}");
        }
    }
}
