//! What a build makes: images as layers, a filesystem, a config and a
//! history; and the steps that made them.

use serde::Serialize;

use super::config::{History, ImageConfig};
use super::layer::{Changes, EntryInfo};
use super::vfs::{Filesystem, Node};

/// Where a layer came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum LayerOrigin {
    /// A layer of a base image from the catalog.
    Base { image: String },
    /// An instruction of this Dockerfile.
    Step { stage: usize, line: usize },
}

#[derive(Clone, Debug, Serialize)]
pub struct Layer {
    pub created_by: String,
    pub origin: LayerOrigin,
    pub size: u64,
    pub changes: std::sync::Arc<Changes>,
}

/// An image: a stack of layers and what they add up to.
#[derive(Clone, Debug, Serialize)]
pub struct Image {
    pub layers: Vec<Layer>,
    pub config: ImageConfig,
    pub history: Vec<History>,
    #[serde(skip)]
    pub filesystem: Filesystem,
    /// The catalog image whose layers this image's first layers are.
    #[serde(skip)]
    pub base: Option<std::sync::Arc<super::catalog::BaseImage>>,
}

impl Image {
    pub fn empty() -> Image {
        Image {
            layers: Vec::new(),
            config: ImageConfig::default(),
            history: Vec::new(),
            filesystem: Filesystem::new(),
            base: None,
        }
    }

    /// The image's size: the sum of its layers.
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size).sum()
    }

    /// How many of the first layers came from base images.
    pub fn base_layer_count(&self) -> usize {
        self.layers
            .iter()
            .take_while(|l| matches!(l.origin, LayerOrigin::Base { .. }))
            .count()
    }

    /// Bytes of the layers that came from base images.
    pub fn base_size(&self) -> u64 {
        self.layers
            .iter()
            .filter(|l| matches!(l.origin, LayerOrigin::Base { .. }))
            .map(|l| l.size)
            .sum()
    }
}

/// One path of an image's filesystem, for listings.
#[derive(Clone, Debug, Serialize)]
pub struct FileEntry {
    pub path: String,
    #[serde(flatten)]
    pub info: EntryInfo,
}

impl Image {
    /// Every path of the filesystem, sorted.
    pub fn files(&self) -> Vec<FileEntry> {
        let mut files: Vec<FileEntry> = self
            .filesystem
            .walk()
            .into_iter()
            .map(|(path, node)| FileEntry {
                path,
                info: EntryInfo::of(node),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// `--list-files`: one path a line, directories ending in `/`,
    /// symlinks as `path -> target`.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for (path, node) in self
            .filesystem
            .walk()
            .into_iter()
            .map(|(p, n)| (p, n.clone()))
            .collect::<std::collections::BTreeMap<_, _>>()
        {
            match node {
                Node::Dir(_) => out.push_str(&format!("{path}/\n")),
                Node::Symlink(s) => out.push_str(&format!("{path} -> {}\n", s.target)),
                Node::File(_) => out.push_str(&format!("{path}\n")),
            }
        }
        out
    }
}

/// A size the way Docker prints it: decimal units, three significant
/// digits (`7.38MB`, `816MB`, `0B`).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes}B");
    }
    let text = if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_like_docker() {
        assert_eq!(human_size(0), "0B");
        assert_eq!(human_size(999), "999B");
        assert_eq!(human_size(7_380_000), "7.38MB");
        assert_eq!(human_size(816_200_000), "816MB");
        assert_eq!(human_size(1_500), "1.5kB");
        assert_eq!(human_size(1_100_000_000), "1.1GB");
    }
}
