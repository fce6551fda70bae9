//! Lineage: where each file of the final image came from. A file's layer
//! is the last one that wrote it; when that layer is a `COPY --from`, the
//! file is followed into the stage it was copied from (found there by its
//! content), and so on, to the instruction that made it. Also: what each
//! `COPY --from` carried, and how much of the final image each
//! instruction put there.

use serde::Serialize;

use super::efficiency::{is_under, FxMap};
use crate::engine::build::{Build, StageResult};
use crate::engine::content::Digest;
use crate::engine::image::{Image, Layer, LayerOrigin};
use crate::engine::layer::ChangeKind;
use crate::engine::step::{CopySource, Step, StepKind};
use crate::engine::vfs::{Kind, Node};

/// One hop: a file as one stage has it, and what wrote it there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hop {
    pub stage: String,
    pub path: String,
    /// The Dockerfile line, or 0 for a base image's layer.
    pub line: usize,
    /// The instruction, or the base image's layer history.
    pub instruction: String,
    /// The base image, for a file that came with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_image: Option<String>,
}

/// A `COPY --from` of this build and what it carried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CopyFrom {
    pub stage: String,
    pub line: usize,
    pub instruction: String,
    /// The stage or image copied from.
    pub from: String,
    /// `--from` named a stage (not an index, not an image).
    pub by_name: bool,
    pub files: usize,
    pub bytes: u64,
}

/// How many bytes of the final image an instruction put there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contribution {
    /// 0 for the base image.
    pub line: usize,
    pub instruction: String,
    pub bytes: u64,
    pub files: usize,
}

/// The step of `stage` that made layer `layer` of its image.
fn step_of(stage: &StageResult, layer: usize) -> Option<&Step> {
    stage.steps.iter().find(|s| s.layer == Some(layer))
}

/// The layer of `image` that last wrote `path`.
fn writer(image: &Image, path: &str) -> Option<usize> {
    image.layers.iter().rposition(|layer| {
        layer
            .changes
            .iter()
            .any(|c| c.path == path && c.entry.is_some())
    })
}

/// The path in `image` holding content `digest`, the one sharing the
/// longest end with `path` (the same name, the same last directories).
fn find_by_content(image: &Image, digest: Digest, path: &str) -> Option<String> {
    let common = |a: &str| {
        a.rsplit('/')
            .zip(path.rsplit('/'))
            .take_while(|(x, y)| x == y)
            .count()
    };
    image
        .filesystem
        .walk()
        .into_iter()
        .filter(|(_, node)| matches!(node, Node::File(f) if f.content.digest() == digest))
        .map(|(p, _)| p)
        .max_by_key(|p| (common(p), std::cmp::Reverse(p.len())))
}

/// The chain of hops that put `path` in the final image, newest first.
pub fn origin(build: &Build, path: &str) -> Vec<Hop> {
    let mut hops = Vec::new();
    let Some(mut stage) = build.target.and_then(|t| build.stages.get(t)) else {
        return hops;
    };
    let mut path = path.to_string();
    // A chain of copies is at most as long as the stages.
    for _ in 0..=build.stages.len() {
        let Some(image) = stage.image.as_ref() else {
            break;
        };
        let Some(index) = writer(image, &path) else {
            break;
        };
        let layer = &image.layers[index];
        match &layer.origin {
            LayerOrigin::Base { image: base } => {
                hops.push(Hop {
                    stage: stage.display_name.clone(),
                    path: path.clone(),
                    line: 0,
                    instruction: layer.created_by.clone(),
                    base_image: Some(base.clone()),
                });
                break;
            }
            LayerOrigin::Step { line, .. } => {
                let step = step_of(stage, index);
                hops.push(Hop {
                    stage: stage.display_name.clone(),
                    path: path.clone(),
                    line: *line,
                    instruction: step.map(|s| s.instruction.clone()).unwrap_or_default(),
                    base_image: None,
                });
                let Some(from) = step
                    .and_then(Step::copied_stage)
                    .and_then(|i| build.stages.get(i))
                else {
                    break;
                };
                let Some(Node::File(file)) = image.filesystem.get(&path) else {
                    break;
                };
                let Some(source_image) = from.image.as_ref() else {
                    break;
                };
                let Some(source) = find_by_content(source_image, file.content.digest(), &path)
                else {
                    break;
                };
                stage = from;
                path = source;
            }
        }
    }
    hops
}

/// Every `COPY --from` of the stages that were built, and what it carried.
pub fn copies(build: &Build) -> Vec<CopyFrom> {
    let mut out = Vec::new();
    for stage in &build.stages {
        let Some(image) = stage.image.as_ref() else {
            continue;
        };
        for step in &stage.steps {
            let (from, by_name) = match &step.kind {
                StepKind::Copy {
                    from: CopySource::Stage { index, named },
                } => (
                    build
                        .stages
                        .get(*index)
                        .map_or_else(|| index.to_string(), |s| s.display_name.clone()),
                    *named,
                ),
                StepKind::Copy {
                    from: CopySource::Image { reference },
                } => (reference.clone(), false),
                _ => continue,
            };
            let changes = step
                .layer
                .and_then(|i| image.layers.get(i))
                .map(|l| &l.changes[..])
                .unwrap_or_default();
            out.push(CopyFrom {
                stage: stage.display_name.clone(),
                line: step.line,
                instruction: step.instruction.clone(),
                from,
                by_name,
                files: changes.iter().filter(|c| c.entry.is_some()).count(),
                bytes: step.size,
            });
        }
    }
    out
}

/// How much of the final image each instruction put there (the bytes of
/// the files it wrote that nothing later replaced), the largest first.
pub fn contributions(build: &Build) -> Vec<Contribution> {
    contributions_over(build, None)
}

/// The layer that last wrote each file still there, and its size, after
/// `layers`; and the directories there.
fn last_writers(layers: &[Layer]) -> FxMap<&str, (usize, u64)> {
    writers_and_dirs(layers).0
}

type Writers<'a> = FxMap<&'a str, (usize, u64)>;
type Dirs<'a> = FxMap<&'a str, ()>;

fn writers_and_dirs(layers: &[Layer]) -> (Writers<'_>, Dirs<'_>) {
    let mut last: Writers = FxMap::default();
    let mut dirs: Dirs = FxMap::default();
    last.reserve(layers.iter().map(|l| l.changes.len()).sum());
    for (index, layer) in layers.iter().enumerate() {
        for change in layer.changes.iter() {
            let path = change.path.as_str();
            match (&change.kind, &change.entry) {
                (ChangeKind::Deleted | ChangeKind::Opaque, _) => {
                    last.retain(|p, _| !is_under(p, path));
                    dirs.retain(|p, _| !is_under(p, path));
                    if change.kind == ChangeKind::Deleted {
                        last.remove(path);
                        dirs.remove(path);
                    }
                }
                (_, Some(entry)) if entry.kind == Kind::Dir => {
                    last.remove(path);
                    dirs.insert(path, ());
                }
                (_, entry) => {
                    // A file or a link where a directory was hides what
                    // was in it.
                    if dirs.remove(path).is_some() {
                        last.retain(|p, _| !is_under(p, path));
                        dirs.retain(|p, _| !is_under(p, path));
                    }
                    match entry {
                        Some(e) if e.kind == Kind::File => {
                            last.insert(path, (index, e.size));
                        }
                        _ => {
                            last.remove(path);
                        }
                    }
                }
            }
        }
    }
    (last, dirs)
}

/// Bytes and files per layer, of what `last_writers` found.
fn per_layer<'a>(last: impl Iterator<Item = &'a (usize, u64)>, layers: usize) -> Vec<(u64, usize)> {
    let mut by_layer = vec![(0, 0); layers];
    for &(index, size) in last {
        by_layer[index].0 += size;
        by_layer[index].1 += 1;
    }
    by_layer
}

/// What a base image's layers leave (the layer that last wrote each file
/// there): every build on the image starts from it, so it is worked out
/// once.
pub struct BaseLineage {
    last: FxMap<String, (usize, u64)>,
    /// The base's directories.
    dirs: FxMap<String, ()>,
    by_layer: Vec<(u64, usize)>,
}

impl BaseLineage {
    /// The lineage of `layers`, a base image's.
    pub fn of(layers: &[Layer]) -> BaseLineage {
        let (last, dirs) = writers_and_dirs(layers);
        BaseLineage {
            by_layer: per_layer(last.values(), layers.len()),
            last: last.into_iter().map(|(p, w)| (p.to_string(), w)).collect(),
            dirs: dirs.into_keys().map(|p| (p.to_string(), ())).collect(),
        }
    }
}

/// Bytes and files per layer of `image` that are still there, and what
/// `base` already knows of its first `base_count` layers.
fn layer_totals(image: &Image, base: Option<(&BaseLineage, usize)>) -> Vec<(u64, usize)> {
    match base {
        None => per_layer(last_writers(&image.layers).values(), image.layers.len()),
        Some((base, base_count)) => {
            // What the layers above change (None: gone), and the base
            // directories whose contents are all gone.
            let mut upper: FxMap<&str, Option<(usize, u64)>> = FxMap::default();
            let mut upper_dirs: FxMap<&str, ()> = FxMap::default();
            let mut hidden: Vec<&str> = Vec::new();
            for (index, layer) in image.layers.iter().enumerate().skip(base_count) {
                for change in layer.changes.iter() {
                    let path = change.path.as_str();
                    let written = match (&change.kind, &change.entry) {
                        (ChangeKind::Deleted | ChangeKind::Opaque, _) => {
                            upper.retain(|p, _| !is_under(p, path));
                            upper_dirs.retain(|p, _| !is_under(p, path));
                            hidden.push(path);
                            if change.kind == ChangeKind::Opaque {
                                continue;
                            }
                            upper_dirs.remove(path);
                            None
                        }
                        (_, Some(entry)) if entry.kind == Kind::Dir => {
                            upper_dirs.insert(path, ());
                            None
                        }
                        (_, entry) => {
                            // A file or a link where a directory was (of
                            // the layers above, or of the base, still
                            // there) hides what was in it.
                            let was_dir = upper_dirs.remove(path).is_some()
                                || (!upper.contains_key(path)
                                    && base.dirs.contains_key(path)
                                    && !hidden.iter().any(|h| is_under(path, h)));
                            if was_dir {
                                upper.retain(|p, _| !is_under(p, path));
                                upper_dirs.retain(|p, _| !is_under(p, path));
                                hidden.push(path);
                            }
                            match entry {
                                Some(e) if e.kind == Kind::File => Some((index, e.size)),
                                _ => None,
                            }
                        }
                    };
                    upper.insert(path, written);
                }
            }
            let mut by_layer = base.by_layer.clone();
            by_layer.resize(image.layers.len(), (0, 0));
            // Take out the base's files written over or gone.
            let mut gone = |(index, size): (usize, u64)| {
                by_layer[index].0 -= size;
                by_layer[index].1 -= 1;
            };
            if hidden.is_empty() {
                for path in upper.keys() {
                    if let Some(&writer) = base.last.get(*path) {
                        gone(writer);
                    }
                }
            } else {
                for (path, &writer) in &base.last {
                    if upper.contains_key(path.as_str()) || hidden.iter().any(|h| is_under(path, h))
                    {
                        gone(writer);
                    }
                }
            }
            for &(index, size) in upper.values().flatten() {
                by_layer[index].0 += size;
                by_layer[index].1 += 1;
            }
            by_layer
        }
    }
}

/// [`contributions`], with the final image's first `base_count` layers
/// those that `base` was worked out of: only the layers above are read.
pub fn contributions_over(build: &Build, base: Option<(&BaseLineage, usize)>) -> Vec<Contribution> {
    let Some(image) = build.image() else {
        return Vec::new();
    };
    let stage = build.target.and_then(|t| build.stages.get(t));
    let by_layer = layer_totals(image, base);
    let mut base = Contribution {
        line: 0,
        instruction: String::new(),
        bytes: 0,
        files: 0,
    };
    let mut out = Vec::new();
    for (index, (bytes, files)) in by_layer.into_iter().enumerate() {
        if files == 0 {
            continue;
        }
        let layer = &image.layers[index];
        match &layer.origin {
            LayerOrigin::Base { image } => {
                base.instruction = format!("FROM {image}");
                base.bytes += bytes;
                base.files += files;
            }
            LayerOrigin::Step { line, .. } => out.push(Contribution {
                line: *line,
                instruction: match stage {
                    Some(s) => step_of(s, index)
                        .map(|s| s.instruction.clone())
                        .unwrap_or_default(),
                    None => layer.created_by.clone(),
                },
                bytes,
                files,
            }),
        }
    }
    if base.files > 0 {
        out.push(base);
    }
    out.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.line.cmp(&b.line)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files whose last writer is known are the files replaying the
    /// layers leaves, with their sizes.
    #[test]
    fn last_writers_are_the_files_replaying_leaves() {
        use crate::engine::image::Layer;
        for changes in super::super::efficiency::tests::random_stacks(300) {
            let replayed: Vec<(String, u64)> =
                crate::engine::layer::replay(changes.iter().map(Vec::as_slice))
                    .into_iter()
                    .filter(|(_, e)| e.kind == Kind::File)
                    .map(|(p, e)| (p, e.size))
                    .collect();
            let layers: Vec<Layer> = changes
                .into_iter()
                .enumerate()
                .map(|(line, changes)| Layer {
                    created_by: format!("RUN {line}"),
                    origin: LayerOrigin::Step { stage: 0, line },
                    size: 0,
                    changes: std::sync::Arc::new(changes.into()),
                })
                .collect();
            let mut written: Vec<(String, u64)> = last_writers(&layers)
                .into_iter()
                .map(|(p, (_, size))| (p.to_string(), size))
                .collect();
            written.sort();
            assert_eq!(written, replayed);
        }
    }

    /// What is left of each layer, over a kept base, is what the long way
    /// finds, for every split of random layers into base and layers above.
    #[test]
    fn totals_over_a_kept_base_are_the_long_way_s() {
        use crate::engine::image::Layer;
        let mut compared = 0;
        for changes in super::super::efficiency::tests::random_stacks(300) {
            let mut image = Image::empty();
            for (line, changes) in changes.into_iter().enumerate() {
                image.layers.push(Layer {
                    created_by: format!("RUN {line}"),
                    origin: LayerOrigin::Step { stage: 0, line },
                    size: changes.iter().map(|c| c.size()).sum(),
                    changes: std::sync::Arc::new(changes.into()),
                });
            }
            let long = layer_totals(&image, None);
            for base_count in 1..=image.layers.len() {
                let base = BaseLineage::of(&image.layers[..base_count]);
                let kept = layer_totals(&image, Some((&base, base_count)));
                assert_eq!(kept, long, "base {base_count}");
                compared += 1;
            }
        }
        assert!(compared > 600, "{compared}");
    }
    use crate::engine::catalog::builtin;
    use crate::engine::{build, BuildContext, BuildOptions, ContextEntry};

    const APP: &str = "FROM node:20 AS deps
WORKDIR /app
COPY package.json .
RUN npm install --omit=dev

FROM node:20-alpine AS assemble
WORKDIR /srv
COPY --from=deps /app/node_modules ./node_modules

FROM node:20-alpine
WORKDIR /app
COPY --from=assemble /srv/node_modules ./node_modules
COPY server.js .
CMD [\"node\", \"server.js\"]
";

    fn built() -> Build {
        let context = BuildContext::from_entries(
            [
                (
                    "package.json",
                    ContextEntry::text("{\"name\":\"api\",\"version\":\"1.0.0\",\"dependencies\":{\"express\":\"^4.19.2\"}}"),
                ),
                ("server.js", ContextEntry::text("require('express')\n")),
            ],
            "Dockerfile",
        );
        let result = build(APP, &context, &BuildOptions::default(), builtin());
        assert!(result.error.is_none(), "{:?}", result.error);
        result
    }

    #[test]
    fn a_file_is_followed_through_a_chain_of_copies() {
        let b = built();
        let hops = origin(&b, "/app/node_modules/express/package.json");
        let lines: Vec<usize> = hops.iter().map(|h| h.line).collect();
        assert_eq!(lines, vec![12, 8, 4], "{hops:#?}");
        assert_eq!(hops[2].stage, "deps");
        assert_eq!(hops[2].path, "/app/node_modules/express/package.json");
        assert_eq!(hops[2].instruction, "RUN npm install --omit=dev");
        // A file of the base image names it.
        let hops = origin(&b, "/bin/busybox");
        assert_eq!(hops.len(), 1);
        assert_eq!(hops[0].base_image.as_deref(), Some("node:20-alpine"));
    }

    #[test]
    fn copies_and_contributions_say_what_went_where() {
        let b = built();
        let copies = copies(&b);
        assert_eq!(copies.len(), 2);
        assert_eq!(copies[1].line, 12);
        assert_eq!(copies[1].from, "assemble");
        assert!(
            copies[1].files > 50 && copies[1].bytes > 1_000_000,
            "{copies:?}"
        );
        let contributions = contributions(&b);
        let node_modules = contributions
            .iter()
            .find(|c| c.line == 12)
            .expect("line 12");
        assert_eq!(node_modules.bytes, copies[1].bytes);
        assert!(contributions
            .iter()
            .any(|c| c.line == 0 && c.instruction == "FROM node:20-alpine"));
    }
}
