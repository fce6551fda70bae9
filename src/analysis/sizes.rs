//! Sizes: per layer, per stage, the final image (only the target's chain
//! ships), the base image's share, an estimated compressed size, and what
//! each stage left behind.

use serde::Serialize;

use crate::engine::build::{Build, StageStatus};
use crate::engine::image::{Image, LayerOrigin};
use crate::engine::layer::Change;
use crate::engine::vfs::Kind;

/// How the compressed (registry) size is estimated: gzip's usual ratio by
/// kind of file.
pub const COMPRESSION_BASIS: &str = "gzip estimate by kind of file: text and source x0.25, programs and libraries x0.40, archives and images (already compressed) x1.0, anything else x0.50";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerSize {
    pub index: usize,
    pub created_by: String,
    /// Its Dockerfile line, for a layer of this build.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The base image it came from, for a base layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    pub bytes: u64,
    pub compressed_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageSize {
    pub index: usize,
    pub name: String,
    pub status: StageStatus,
    /// The stage's image, base included.
    pub bytes: u64,
    /// What its own instructions added.
    pub built_bytes: u64,
    /// Whether the final image is this stage (the target).
    pub target: bool,
    /// Bytes it built that the final image does not carry: all it built,
    /// for a stage other than the target (COPY --from takes copies).
    pub left_behind_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sizes {
    pub image_bytes: u64,
    pub base_bytes: u64,
    /// base / image, 0 to 1.
    pub base_share: f64,
    pub compressed_bytes: u64,
    pub compression_basis: &'static str,
    pub layers: Vec<LayerSize>,
    pub stages: Vec<StageSize>,
}

fn ratio(path: &str, change: &Change) -> f64 {
    let name = &path[path.rfind('/').map_or(0, |i| i + 1)..];
    let ext = &name[name.rfind('.').map_or(name.len(), |i| i + 1)..];
    let mut lower = [0u8; 8];
    let ext = if ext.len() <= lower.len() {
        lower[..ext.len()].copy_from_slice(ext.as_bytes());
        lower[..ext.len()].make_ascii_lowercase();
        std::str::from_utf8(&lower[..ext.len()]).unwrap_or("")
    } else {
        ""
    };
    let executable = change.entry.as_ref().is_some_and(|e| e.mode & 0o111 != 0);
    match ext {
        "gz" | "tgz" | "xz" | "bz2" | "zst" | "zip" | "jar" | "war" | "whl" | "nupkg" | "png"
        | "jpg" | "jpeg" | "gif" | "webp" | "woff" | "woff2" | "deb" | "apk" | "pack" => 1.0,
        "js" | "mjs" | "cjs" | "ts" | "py" | "go" | "rs" | "java" | "c" | "h" | "cc" | "cpp"
        | "json" | "html" | "css" | "md" | "txt" | "xml" | "yaml" | "yml" | "toml" | "sh"
        | "rb" | "php" | "cs" | "map" | "svg" => 0.25,
        "so" | "a" | "o" | "rlib" | "dll" | "class" | "pyc" => 0.40,
        _ if name.contains(".so.") || executable => 0.40,
        _ => 0.50,
    }
}

/// The estimated gzip size of a layer's changes.
pub fn compressed(changes: &[Change]) -> u64 {
    changes
        .iter()
        .filter(|c| c.entry.as_ref().is_some_and(|e| e.kind == Kind::File))
        .map(|c| (c.size() as f64 * ratio(&c.path, c)).round() as u64)
        .sum::<u64>()
        // Each tar entry has a 512-byte header.
        + changes.len() as u64 * 512 / 4
}

pub fn layer_sizes(image: &Image) -> Vec<LayerSize> {
    image
        .layers
        .iter()
        .enumerate()
        .map(|(index, layer)| LayerSize {
            index,
            created_by: layer.created_by.clone(),
            line: match layer.origin {
                LayerOrigin::Step { line, .. } => Some(line),
                LayerOrigin::Base { .. } => None,
            },
            base: match &layer.origin {
                LayerOrigin::Base { image } => Some(image.clone()),
                LayerOrigin::Step { .. } => None,
            },
            bytes: layer.size,
            compressed_bytes: layer.changes.compressed(compressed),
        })
        .collect()
}

pub fn sizes(build: &Build, image: &Image) -> Sizes {
    let layers = layer_sizes(image);
    let image_bytes = image.size();
    let base_bytes = image.base_size();
    let stages = build
        .stages
        .iter()
        .map(|stage| {
            let bytes = stage.image.as_ref().map_or(0, Image::size);
            let built_bytes = stage.image.as_ref().map_or(0, |i| i.size() - i.base_size());
            let target = build.target == Some(stage.index);
            StageSize {
                index: stage.index,
                name: stage.display_name.clone(),
                status: stage.status,
                bytes,
                built_bytes,
                target,
                left_behind_bytes: if target { 0 } else { built_bytes },
            }
        })
        .collect();
    Sizes {
        image_bytes,
        base_bytes,
        base_share: if image_bytes == 0 {
            0.0
        } else {
            base_bytes as f64 / image_bytes as f64
        },
        compressed_bytes: layers.iter().map(|l| l.compressed_bytes).sum(),
        compression_basis: COMPRESSION_BASIS,
        layers,
        stages,
    }
}
