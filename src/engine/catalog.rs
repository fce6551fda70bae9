//! Base images: the catalog interface, and the catalog generated into
//! `catalog/catalog.json` (see catalog/README.md).

pub mod apk_db;
pub mod data;
pub mod dpkg;
pub mod npm_registry;
pub mod pack;
pub mod package_archive;
pub mod pep508;
pub mod pypi;
pub mod snapshot;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use super::config::ImageConfig;
use super::content::Content;
use super::layer::{diff, Change, Changes};
use super::vfs::{absolute, split_parent, Filesystem, Meta, Node};
use data::{DataStore, Lacking};
use snapshot::ImageStore;

/// Which C library an image's programs link against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Libc {
    Glibc,
    Musl,
    None,
}

/// What `/bin/sh` is, which decides how the shell words its errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShellFlavor {
    Dash,
    Ash,
    Bash,
}

/// One layer of a base image.
#[derive(Clone, Debug)]
pub struct BaseLayer {
    pub created_by: String,
    pub changes: std::sync::Arc<Changes>,
    pub size: u64,
}

/// A base image, ready to build on.
#[derive(Clone, Debug)]
pub struct BaseImage {
    /// `name:tag` as the catalog knows it.
    pub reference: String,
    pub family: String,
    pub description: String,
    pub libc: Libc,
    pub shell: ShellFlavor,
    pub config: ImageConfig,
    pub layers: Vec<BaseLayer>,
    /// The filesystem after every layer.
    pub filesystem: Filesystem,
    /// The real image's uncompressed size in bytes, when known.
    pub target_size: Option<u64>,
    /// What the analysis works out once of these layers, which every
    /// build on the image would otherwise work out again (its own type:
    /// the engine does not know the analysis).
    pub analysis: std::sync::OnceLock<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
}

impl BaseImage {
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size).sum()
    }
}

/// How a FROM reference was found.
#[derive(Clone, Debug)]
pub enum Resolution {
    /// The catalog has it.
    Exact(Arc<BaseImage>),
    /// The catalog has another image of the same family; `used` says which.
    Nearest(Arc<BaseImage>),
    /// Nothing alike: a generic minimal base stands in.
    Generic(Arc<BaseImage>),
}

impl Resolution {
    pub fn image(&self) -> &Arc<BaseImage> {
        match self {
            Resolution::Exact(i) | Resolution::Nearest(i) | Resolution::Generic(i) => i,
        }
    }
}

/// Where base images come from, and the data files (package archives,
/// registries) builds over them read.
pub trait Catalog {
    /// The image a FROM reference names, or a stand-in; the data files it
    /// lacks to make the image are noted in `lacking` (a stand-in serves
    /// meanwhile).
    fn resolve_lacking(&self, reference: &str, lacking: &Lacking) -> Resolution;

    /// The catalog's data files.
    fn data(&self) -> &DataStore;

    /// What a stand-in for `reference` does to the size, for its warning
    /// (" (python:3.12 is ~7.8x a slim image: ...)"); empty when unknown.
    fn stand_in_size(&self, _reference: &str, _used: &BaseImage) -> String {
        String::new()
    }

    /// [`Catalog::resolve_lacking`], for who fetches nothing (natively
    /// every file is at hand).
    fn resolve(&self, reference: &str) -> Resolution {
        self.resolve_lacking(reference, &Lacking::default())
    }
}

/// A parsed image reference: `[registry/]repository[:tag][@digest]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// The repository without Docker Hub's `docker.io/library/` prefix.
    pub repository: String,
    pub tag: String,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(reference: &str) -> ImageRef {
        let (rest, digest) = match reference.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (reference, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (
                &rest[..last_slash + i],
                rest[last_slash + i + 1..].to_string(),
            ),
            None => (rest, "latest".to_string()),
        };
        let mut repository = repository.to_lowercase();
        for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] {
            if let Some(r) = repository.strip_prefix(prefix) {
                repository = r.to_string();
            }
        }
        if let Some(r) = repository.strip_prefix("library/") {
            repository = r.to_string();
        }
        ImageRef {
            repository,
            tag,
            digest,
        }
    }

    /// The fully qualified name BuildKit prints (`docker.io/library/x:tag`).
    pub fn qualified(&self) -> String {
        let first = self.repository.split('/').next().unwrap_or_default();
        let has_registry = self.repository.contains('/')
            && (first.contains('.') || first.contains(':') || first == "localhost");
        let name = if has_registry {
            self.repository.clone()
        } else if self.repository.contains('/') {
            format!("docker.io/{}", self.repository)
        } else {
            format!("docker.io/library/{}", self.repository)
        };
        format!("{name}:{}", self.tag)
    }

    /// The short family name: the last path element (`golang`,
    /// `static-debian12`).
    pub fn family(&self) -> &str {
        let last = self
            .repository
            .rsplit('/')
            .next()
            .unwrap_or(&self.repository);
        match last {
            // Builds of the same OpenJDK: the catalog's is Temurin.
            "openjdk"
            | "java"
            | "amazoncorretto"
            | "adoptopenjdk"
            | "sapmachine"
            | "ibm-semeru-runtimes"
            | "ibmjava" => "eclipse-temurin",
            other => other,
        }
    }
}

#[derive(Deserialize)]
struct CatalogFile {
    images: Vec<ImageEntry>,
    layers: HashMap<String, LayerEntry>,
}

#[derive(Deserialize)]
struct ImageEntry {
    name: String,
    tags: Vec<String>,
    family: String,
    description: String,
    libc: Libc,
    shell: ShellFlavor,
    config: ImageConfig,
    layers: Vec<String>,
    /// The real image's uncompressed size, for calibration.
    #[serde(default)]
    target_mb: Option<f64>,
}

#[derive(Deserialize)]
struct LayerEntry {
    created_by: String,
}

/// The catalog generated into `catalog/catalog.json` (the index), with
/// each layer's files in `catalog/layers/ID.json`, read when an image
/// with the layer is first built.
pub struct DataCatalog {
    file: CatalogFile,
    built: Vec<OnceLock<Arc<BaseImage>>>,
    data: DataStore,
    /// Where built images are kept between runs.
    store: Option<Box<dyn ImageStore>>,
}

/// A repository's name without the distribution release it ends with
/// (`gcr.io/distroless/base-debian11` is `gcr.io/distroless/base`).
fn sans_release(repository: &str) -> &str {
    for distro in ["-debian", "-ubuntu", "-alpine"] {
        if let Some(at) = repository.rfind(distro) {
            let rest = &repository[at + distro.len()..];
            if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return &repository[..at];
            }
        }
    }
    repository
}

/// The catalog shipped with Stagecraft, read once.
pub fn builtin() -> &'static DataCatalog {
    static CATALOG: OnceLock<DataCatalog> = OnceLock::new();
    CATALOG.get_or_init(DataCatalog::shipped)
}

/// What kind of image a tag's variant (what follows its version) names:
/// `alpine` for any Alpine release, `slim` for Debian's slim images of any
/// release, `` for the full Debian images (`bookworm`, `bullseye`) and
/// others as written (`jdk`, `jre`, `apache`), Debian's and Ubuntu's
/// release names left out.
fn variant(suffix: &str) -> String {
    const RELEASES: [&str; 9] = [
        "stretch", "buster", "bullseye", "bookworm", "trixie", "sid", "focal", "jammy", "noble",
    ];
    let words: Vec<&str> = suffix
        .split('-')
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.'))
        .filter(|w| !w.is_empty() && !RELEASES.contains(w))
        .collect();
    words.join("-")
}

/// How close a tag's version is to the one wanted: how many of their
/// numbers agree, then how little the first differing one differs (3.9
/// is nearer 3.8 than 3.14 is), then how many characters they share
/// (for names: `lts`, `bookworm`).
fn closeness(tag: &str, wanted: &str) -> (usize, i64, usize) {
    let numbers = |v: &str| -> Vec<i64> { v.split('.').map_while(|p| p.parse().ok()).collect() };
    let (a, b) = (numbers(tag), numbers(wanted));
    let same = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let gap = match (a.get(same), b.get(same)) {
        (Some(x), Some(y)) => -(x - y).abs(),
        // A name (`jod`) is no nearer a number than any number is.
        (None, Some(_)) => i64::MIN,
        _ => 0,
    };
    (same, gap, common_prefix(tag, wanted))
}

/// The stand-ins for an image the catalog has nothing like: Debian's
/// slim image (most images are built on Debian), or Alpine's when the
/// tag names Alpine.
const GENERIC: (&str, &str) = ("debian", "bookworm-slim");
const GENERIC_ALPINE: (&str, &str) = ("alpine", "3.19");

impl DataCatalog {
    /// The catalog of an index, over `data` (its layers' and packages'
    /// files).
    pub fn from_json(json: &str, data: DataStore) -> Result<DataCatalog, String> {
        let file: CatalogFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        for image in &file.images {
            for layer in &image.layers {
                if !file.layers.contains_key(layer) {
                    return Err(format!("image {} names missing layer {layer}", image.name));
                }
            }
        }
        let built = file.images.iter().map(|_| OnceLock::new()).collect();
        Ok(DataCatalog {
            file,
            built,
            data,
            store: None,
        })
    }

    /// The catalog, keeping the images it builds in `store`.
    pub fn with_store(self, store: Box<dyn ImageStore>) -> DataCatalog {
        DataCatalog {
            store: Some(store),
            ..self
        }
    }

    /// A new catalog of the data shipped with Stagecraft (the index is
    /// embedded in every build: build.rs).
    pub fn shipped() -> DataCatalog {
        let data = DataStore::new();
        let text = data
            .text("catalog.json", &Lacking::default())
            .unwrap_or_else(|| Err("not embedded".into()))
            .unwrap_or_else(|e| panic!("catalog/catalog.json: {e}"));
        DataCatalog::from_json(&text, data)
            .unwrap_or_else(|e| panic!("catalog/catalog.json is invalid: {e}"))
    }

    /// Every `name:tag` the catalog knows, first tag of each image.
    pub fn references(&self) -> Vec<String> {
        self.file
            .images
            .iter()
            .map(|i| format!("{}:{}", i.name, i.tags[0]))
            .collect()
    }

    fn find(&self, name: &str, tag: &str) -> Option<usize> {
        self.file
            .images
            .iter()
            .position(|i| i.name == name && i.tags.iter().any(|t| t == tag))
    }

    /// Of `candidates`, the image nearest to `tag`: the same variant
    /// (`-slim`, `-alpine`: what the tag says after its version;
    /// `alpine3.18` and `alpine3.19` are the same variant), then the
    /// closest version, then `latest`, then the newest release.
    fn nearest(&self, candidates: &[usize], tag: &str) -> Option<usize> {
        let variant_of = |tag: &str| variant(tag.split_once('-').map_or("", |(_, v)| v));
        let version = tag.split('-').next().unwrap_or_default();
        let variant = variant_of(tag);
        candidates.iter().copied().max_by_key(|&i| {
            let tags = &self.file.images[i].tags;
            let same_variant = tags.iter().any(|t| variant_of(t) == variant);
            let shared = tags
                .iter()
                .map(|t| closeness(t.split('-').next().unwrap_or(t), version))
                .max()
                .unwrap_or_default();
            let release: Vec<u32> = tags
                .first()
                .map(|t| t.split('-').next().unwrap_or_default())
                .unwrap_or_default()
                .split('.')
                .map_while(|part| part.parse().ok())
                .collect();
            (
                same_variant,
                shared,
                tags.iter().any(|t| t == "latest"),
                release,
            )
        })
    }

    /// An image of a family (the catalog's grouping: `distroless`,
    /// `dotnet`) that a part of the reference's path names: the one whose
    /// name begins with the reference's last part (`distroless/static`
    /// is `static-debian12`), nearest to the tag.
    fn family_in_path(&self, r: &ImageRef) -> Option<usize> {
        let parts: Vec<&str> = r.repository.split('/').collect();
        let last = r.family();
        let in_family: Vec<usize> = (0..self.file.images.len())
            .filter(|&i| parts.contains(&self.file.images[i].family.as_str()))
            .collect();
        let named: Vec<usize> = in_family
            .iter()
            .copied()
            .filter(|&i| {
                let name = &self.file.images[i].name;
                name.rsplit('/').next().is_some_and(|n| n.starts_with(last))
            })
            .collect();
        self.nearest(if named.is_empty() { &in_family } else { &named }, &r.tag)
    }

    /// An image of a catalog family that the reference names in its
    /// repository's path (`bitnami/python`) or at the start of its tag
    /// (`python3.9-slim`), nearest to the version that follows the name.
    fn named_family(&self, r: &ImageRef) -> Option<usize> {
        let families: BTreeSet<&str> = self
            .file
            .images
            .iter()
            .map(|i| i.name.rsplit('/').next().unwrap_or(&i.name))
            .filter(|f| f.len() > 2)
            .collect();
        // Longest first: `node` before `no`.
        let mut families: Vec<&str> = families.into_iter().collect();
        families.sort_by_key(|f| std::cmp::Reverse(f.len()));
        for family in families {
            let in_path = r
                .repository
                .split('/')
                .any(|part| part.split(['-', '_', '.']).any(|word| word == family));
            let tag = r.tag.strip_prefix(family);
            if !in_path && tag.is_none() {
                continue;
            }
            let candidates: Vec<usize> = (0..self.file.images.len())
                .filter(|&i| self.file.images[i].name.rsplit('/').next() == Some(family))
                .collect();
            let tag = tag.unwrap_or(&r.tag).trim_start_matches(['-', ':']);
            if let Some(i) = self.nearest(&candidates, tag) {
                return Some(i);
            }
        }
        None
    }

    fn image(&self, index: usize, lacking: &Lacking) -> Arc<BaseImage> {
        if let Some(image) = self.built[index].get() {
            return image.clone();
        }
        let entry = &self.file.images[index];
        if let Some(image) = self.stored_image(entry) {
            return self.built[index].get_or_init(|| Arc::new(image)).clone();
        }
        let mine = Lacking::default();
        let image = self.build_image(entry, &mine);
        let complete = mine.is_empty();
        if complete {
            self.store_image(entry, &image);
        }
        lacking.extend(mine.paths());
        if !complete {
            // Some layer's data is still to come (in the browser): this
            // image stands in for one build and is made again after.
            return Arc::new(image);
        }
        self.built[index].get_or_init(|| Arc::new(image)).clone()
    }

    /// The key of an image's snapshot in the store.
    fn store_key(entry: &ImageEntry) -> String {
        format!("{}-{}", entry.name, entry.tags[0]).replace(['/', ':'], "_")
    }

    /// The image as the store kept it, if it did (and for this data).
    fn stored_image(&self, entry: &ImageEntry) -> Option<BaseImage> {
        let kept = self.store.as_ref()?.load(&Self::store_key(entry))?;
        if kept.layers.len() != entry.layers.len() {
            return None;
        }
        Some(self.assemble(entry, kept.layers, kept.filesystem))
    }

    fn store_image(&self, entry: &ImageEntry, image: &BaseImage) {
        if let Some(store) = &self.store {
            let layers: Vec<&[Change]> = image.layers.iter().map(|l| &l.changes[..]).collect();
            store.save(&Self::store_key(entry), &layers, &image.filesystem);
        }
    }

    /// The image of a catalog entry, from its layers' changes and the
    /// filesystem after them.
    fn assemble(&self, entry: &ImageEntry, changes: Vec<Changes>, fs: Filesystem) -> BaseImage {
        let layers = entry
            .layers
            .iter()
            .zip(changes)
            .map(|(id, changes)| BaseLayer {
                created_by: self.file.layers[id].created_by.clone(),
                size: changes.size(),
                changes: Arc::new(changes),
            })
            .collect();
        BaseImage {
            reference: format!("{}:{}", entry.name, entry.tags[0]),
            family: entry.family.clone(),
            description: entry.description.clone(),
            libc: entry.libc,
            shell: entry.shell,
            target_size: entry.target_mb.map(|mb| (mb * 1e6) as u64),
            config: entry.config.clone(),
            layers,
            filesystem: fs,
            analysis: OnceLock::new(),
        }
    }

    /// The image from its layers' files; what it lacked noted in `lacking`.
    fn build_image(&self, entry: &ImageEntry, lacking: &Lacking) -> BaseImage {
        let mut fs = Filesystem::new();
        let mut layers = Vec::new();
        for id in &entry.layers {
            let path = format!("layers/{id}.json");
            let entries: Vec<Vec<serde_json::Value>> = match self.data.text(&path, lacking) {
                Some(Ok(text)) => serde_json::from_str(&text).unwrap_or_else(|e| {
                    // Damaged: noted as lacking, so that it is not kept.
                    lacking.note(&path);
                    eprintln!("catalog/{path}: {e}");
                    Vec::new()
                }),
                _ => Vec::new(),
            };
            let before = fs.clone();
            for e in &entries {
                apply_entry(&mut fs, id, e, &self.data, lacking);
            }
            layers.push(diff(&before, &fs).into());
        }
        self.assemble(entry, layers, fs)
    }
}

impl Catalog for DataCatalog {
    fn data(&self) -> &DataStore {
        &self.data
    }

    fn stand_in_size(&self, reference: &str, used: &BaseImage) -> String {
        let variant_of = |tag: &str| variant(tag.split_once('-').map_or("", |(_, v)| v));
        let kind = |v: &str| {
            if v.is_empty() {
                "default".to_string()
            } else {
                format!("-{v}")
            }
        };
        let wanted = variant_of(&ImageRef::parse(reference).tag);
        let used_tag = ImageRef::parse(&used.reference).tag;
        let mb = |bytes: u64| (bytes as f64 / 1e6).round() as u64;
        // The real image's size where the catalog knows it, else the
        // simulated one.
        let used_size = used
            .target_size
            .filter(|s| *s > 0)
            .unwrap_or_else(|| used.size());
        if variant_of(&used_tag) == wanted {
            return format!(
                " (the same variant of {}, about {} MB: the size should be close)",
                used.family,
                mb(used_size)
            );
        }
        // The family's images of the kind asked for: their median size.
        let mut sizes: Vec<f64> = self
            .file
            .images
            .iter()
            .filter(|i| i.family == used.family && i.tags.iter().any(|t| variant_of(t) == wanted))
            .filter_map(|i| i.target_mb)
            .collect();
        sizes.sort_by(f64::total_cmp);
        match sizes.get(sizes.len() / 2) {
            Some(&median) if median > 0.0 => {
                let ratio = used_size as f64 / (median * 1e6);
                let (times, than) = if ratio >= 1.0 { (ratio, "larger") } else { (1.0 / ratio, "smaller") };
                format!(
                    " ({} is the {} variant, about {} MB: ~{:.1}x {than} than a {} {} image, about {} MB; the image's size is that far off)",
                    used.reference,
                    kind(&variant_of(&used_tag)),
                    mb(used_size),
                    times,
                    kind(&wanted),
                    used.family,
                    median.round() as u64
                )
            }
            _ => format!(
                " ({} is the {} variant, about {} MB; the catalog has no {} image of its family, so the size may be far off)",
                used.reference,
                kind(&variant_of(&used_tag)),
                mb(used_size),
                kind(&wanted)
            ),
        }
    }

    fn resolve_lacking(&self, reference: &str, lacking: &Lacking) -> Resolution {
        let r = ImageRef::parse(reference);
        if let Some(i) = self.find(&r.repository, &r.tag) {
            return Resolution::Exact(self.image(i, lacking));
        }
        // Another tag of the same repository (`dotnet/sdk:6.0` is the
        // catalog's `dotnet/sdk:8.0`), then an image of the same family
        // (`library/python`, or a catalog family the name or the tag
        // names: `tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim` is a
        // python, 3.9, slim).
        let same_repository: Vec<usize> = (0..self.file.images.len())
            .filter(|&i| self.file.images[i].name == r.repository)
            .collect();
        if let Some(i) = self.nearest(&same_repository, &r.tag) {
            return Resolution::Nearest(self.image(i, lacking));
        }
        // The same image for another release of its distribution
        // (`distroless/base-debian10` is the catalog's `base-debian12`).
        let sans = sans_release(&r.repository);
        let other_release: Vec<usize> = (0..self.file.images.len())
            .filter(|&i| sans != r.repository && sans_release(&self.file.images[i].name) == sans)
            .collect();
        if let Some(i) = self.nearest(&other_release, &r.tag) {
            return Resolution::Nearest(self.image(i, lacking));
        }
        let family = r.family();
        let same_family: Vec<usize> = (0..self.file.images.len())
            .filter(|&i| self.file.images[i].family == family || self.file.images[i].name == family)
            .collect();
        if let Some(i) = self.nearest(&same_family, &r.tag) {
            return Resolution::Nearest(self.image(i, lacking));
        }
        if let Some(i) = self.family_in_path(&r) {
            return Resolution::Nearest(self.image(i, lacking));
        }
        if let Some(i) = self.named_family(&r) {
            return Resolution::Nearest(self.image(i, lacking));
        }
        // Nothing like it: most images are Debian's, or Alpine's when the
        // tag says so.
        let base = if r.tag.contains("alpine") {
            GENERIC_ALPINE
        } else {
            GENERIC
        };
        let generic = self
            .find(base.0, base.1)
            .unwrap_or_else(|| panic!("the catalog lacks its generic base {}:{}", base.0, base.1));
        Resolution::Generic(self.image(generic, lacking))
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Applies one catalog entry (see catalog/README.md) to `fs`; packages
/// come from their release's archive, itself data.
fn apply_entry(
    fs: &mut Filesystem,
    layer_id: &str,
    entry: &[serde_json::Value],
    data: &DataStore,
    lacking: &Lacking,
) {
    let text = |i: usize| entry.get(i).and_then(|v| v.as_str()).unwrap_or_default();
    let number = |i: usize| entry.get(i).and_then(|v| v.as_u64());
    let kind = text(0);
    if kind == "pkgs" {
        install_packages(fs, text(1), entry.get(2), entry.get(3), data, lacking);
        return;
    }
    let path = absolute("/", text(1));
    let mode = u32::from_str_radix(text(2), 8).unwrap_or(0o644);
    let uid = number(4).unwrap_or(0) as u32;
    let gid = number(5).unwrap_or(0) as u32;
    let meta = Meta::new(mode, uid, gid);
    let (parent, _) = split_parent(&path);
    let _ = fs.mkdir_all(parent, Meta::dir());
    let node = match kind {
        "d" => {
            if let Some(Node::Dir(_)) = fs.get(&path) {
                let _ = fs.set_meta(&path, false, |m| *m = meta);
                return;
            }
            Node::dir(meta)
        }
        "f" => Node::file(
            Content::blob(number(3).unwrap_or(0), &format!("{layer_id}:{path}")),
            meta,
        ),
        "t" => Node::file(Content::text(text(3)), meta),
        "l" => Node::symlink(text(3), Meta::symlink()),
        _ => return,
    };
    let _ = fs.put(&path, node);
}

/// `["pkgs", "debian-bookworm", [names], {"recommends": false}]`: the
/// named packages and what they need, installed as apt-get would (files
/// and dpkg's records), from the release's archive.
fn install_packages(
    fs: &mut Filesystem,
    release: &str,
    names: Option<&serde_json::Value>,
    options: Option<&serde_json::Value>,
    data: &DataStore,
    lacking: &Lacking,
) {
    let archive = match release {
        "debian-bookworm" => package_archive::debian_bookworm(data, lacking),
        "alpine-3.19" => {
            let names: Vec<String> = names
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from))
                .collect();
            apk_db::install(fs, &package_archive::alpine_3_19(data, lacking), &names);
            return;
        }
        _ => return,
    };
    let requested: Vec<String> = names
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    let recommends = options
        .and_then(|o| o.get("recommends"))
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let option = |key: &str| options.and_then(|o| o.get(key));
    if option("files_only").and_then(|v| v.as_bool()) == Some(true) {
        // Distroless: exactly these packages' files (no dependencies, no
        // dpkg database but a record per package in status.d).
        let filter = dpkg::PathFilter::parse(
            option("exclude")
                .and_then(|v| v.as_str())
                .unwrap_or_default(),
        );
        for name in &requested {
            if let Some(package) = archive.package(name) {
                dpkg::unpack(fs, package, &filter, 0, dpkg::Libc::Glibc);
                let record = format!(
                    "Package: {name}\nVersion: {}\nArchitecture: amd64\n",
                    package.version
                );
                let _ = fs.mkdir_all("/var/lib/dpkg/status.d", Meta::dir());
                let _ = fs.put(
                    &format!("/var/lib/dpkg/status.d/{name}"),
                    Node::file(Content::text(&record), Meta::file()),
                );
            }
        }
        return;
    }
    let have = dpkg::installed(fs);
    let Ok(order) = archive.resolve(&requested, recommends, &have) else {
        return;
    };
    let auto = if have.is_empty() {
        // The release's own image marks nothing.
        Default::default()
    } else {
        order
            .iter()
            .filter(|n| !requested.contains(n))
            .cloned()
            .collect()
    };
    dpkg::install(fs, &archive, &order, &auto, 0);
    if !have.is_empty() {
        let command = format!(
            "apt-get install -y{} {}",
            if recommends {
                ""
            } else {
                " --no-install-recommends"
            },
            requested.join(" ")
        );
        dpkg::log_history(fs, &command, &order, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references_like_docker() {
        let r = ImageRef::parse("golang:1.22-alpine");
        assert_eq!(
            (r.repository.as_str(), r.tag.as_str()),
            ("golang", "1.22-alpine")
        );
        assert_eq!(r.qualified(), "docker.io/library/golang:1.22-alpine");
        let r = ImageRef::parse("docker.io/library/alpine");
        assert_eq!(
            (r.repository.as_str(), r.tag.as_str()),
            ("alpine", "latest")
        );
        let r = ImageRef::parse("gcr.io/distroless/static-debian12:nonroot@sha256:abc");
        assert_eq!(r.repository, "gcr.io/distroless/static-debian12");
        assert_eq!(r.tag, "nonroot");
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(r.family(), "static-debian12");
        assert_eq!(ImageRef::parse("localhost:5000/app").tag, "latest");
        assert_eq!(
            ImageRef::parse("bitnami/redis:7").qualified(),
            "docker.io/bitnami/redis:7"
        );
    }

    #[test]
    fn a_stand_in_says_what_it_does_to_the_size() {
        let catalog = builtin();
        let note = |reference: &str| {
            let used = catalog.resolve(reference).image().clone();
            catalog.stand_in_size(reference, &used)
        };
        assert_eq!(
            note("python:3.8-slim-buster"),
            " (the same variant of python, about 128 MB: the size should be close)"
        );
        assert!(
            note("golang:1.22-slim")
                .contains("no -slim image of its family, so the size may be far off"),
            "{}",
            note("golang:1.22-slim")
        );
        assert!(
            note("openjdk:8-jre-alpine").starts_with(" (the same variant of eclipse-temurin"),
            "{}",
            note("openjdk:8-jre-alpine")
        );
    }

    #[test]
    fn every_catalog_image_builds() {
        let catalog = builtin();
        for reference in catalog.references() {
            let Resolution::Exact(image) = catalog.resolve(&reference) else {
                panic!("{reference} is not found by its own name");
            };
            assert!(!image.layers.is_empty(), "{reference}");
            if image.family == "distroless" || (image.family == "uv" && image.libc == Libc::None) {
                // No shell at all, on purpose (uv's own image is two
                // static binaries FROM scratch).
                assert!(!image.filesystem.exists("/bin/sh"), "{reference}");
                continue;
            }
            let sh = image.filesystem.resolve("/bin/sh", true).unwrap();
            assert!(
                matches!(image.filesystem.get(&sh), Some(Node::File(_))),
                "{reference}: /bin/sh resolves to {sh}"
            );
            assert!(image
                .filesystem
                .read("/etc/passwd")
                .unwrap()
                .as_text()
                .unwrap()
                .starts_with("root:x:0:0:"));
        }
    }

    #[test]
    fn sizes_are_plausible() {
        let mb = |r: &str| builtin().resolve(r).image().size() as f64 / 1e6;
        assert!((3.0..6.0).contains(&mb("busybox")), "{}", mb("busybox"));
        assert!(
            (6.0..9.0).contains(&mb("alpine:3.19")),
            "{}",
            mb("alpine:3.19")
        );
        assert!((100.0..135.0).contains(&mb("debian:bookworm")));
        assert!(mb("debian:bookworm-slim") < mb("debian:bookworm") * 0.75);
        assert!(
            (700.0..950.0).contains(&mb("golang:1.22")),
            "{}",
            mb("golang:1.22")
        );
    }

    #[test]
    fn sizes_are_within_ten_percent_of_the_real_images() {
        let catalog = builtin();
        let mut table = String::new();
        let mut off = Vec::new();
        for reference in catalog.references() {
            let image = catalog.resolve(&reference).image().clone();
            let Some(target) = image.target_size else {
                continue;
            };
            let ratio = image.size() as f64 / target as f64;
            table.push_str(&format!(
                "{reference:<28} {:>8.1} MB {:>8.1} MB\n",
                target as f64 / 1e6,
                image.size() as f64 / 1e6
            ));
            if !(0.9..=1.1).contains(&ratio) {
                off.push(reference);
            }
        }
        println!("{table}");
        assert!(off.is_empty(), "off by more than 10%: {off:?}\n{table}");
    }

    #[test]
    fn another_release_of_the_same_image_stands_in() {
        for (asked, used) in [
            (
                "gcr.io/distroless/base-debian10",
                "gcr.io/distroless/base-debian12:latest",
            ),
            (
                "gcr.io/distroless/static-debian11:nonroot",
                "gcr.io/distroless/static-debian12:nonroot",
            ),
        ] {
            match builtin().resolve(asked) {
                Resolution::Nearest(image) => assert_eq!(image.reference, used, "{asked}"),
                _ => panic!("{asked} has no stand-in of its own name"),
            }
        }
        assert_eq!(
            sans_release("gcr.io/distroless/cc-debian12"),
            "gcr.io/distroless/cc"
        );
        assert_eq!(sans_release("node"), "node");
    }

    #[test]
    fn unknown_images_fall_back() {
        let catalog = builtin();
        match catalog.resolve("golang:1.21-bookworm") {
            Resolution::Exact(image) => assert_eq!(image.reference, "golang:1.21"),
            other => panic!("{other:?}"),
        }
        // Versions the catalog lacks: the same family and variant.
        match catalog.resolve("golang:1.20-bookworm") {
            Resolution::Nearest(image) => assert!(image.reference.starts_with("golang:1.2")),
            other => panic!("{other:?}"),
        }
        match catalog.resolve("python:3.8-slim-buster") {
            Resolution::Nearest(image) => {
                assert!(
                    image.reference.starts_with("python:3.9"),
                    "{}",
                    image.reference
                );
                assert!(image.reference.ends_with("-slim"), "{}", image.reference);
            }
            other => panic!("{other:?}"),
        }
        // Another Debian release's slim image is a slim image.
        match catalog.resolve("node:17.0.1-bullseye-slim") {
            Resolution::Nearest(image) => assert_eq!(image.reference, "node:18-slim"),
            other => panic!("{other:?}"),
        }
        match catalog.resolve("eclipse-temurin:17-jre-focal") {
            Resolution::Exact(image) | Resolution::Nearest(image) => {
                assert_eq!(image.reference, "eclipse-temurin:17-jre")
            }
            other => panic!("{other:?}"),
        }
        match catalog.resolve("node:16-alpine3.16") {
            Resolution::Nearest(image) => assert!(image.reference.ends_with("-alpine")),
            other => panic!("{other:?}"),
        }
        match catalog.resolve("ghcr.io/acme/unheard-of:1") {
            Resolution::Generic(image) => assert_eq!(image.reference, "debian:bookworm-slim"),
            other => panic!("{other:?}"),
        }
        match catalog.resolve("ghcr.io/acme/unheard-of:1.2-alpine") {
            Resolution::Generic(image) => assert_eq!(image.reference, "alpine:3.19"),
            other => panic!("{other:?}"),
        }
        // Another tag of the same repository, whatever its last name.
        match catalog.resolve("mcr.microsoft.com/dotnet/sdk:6.0") {
            Resolution::Nearest(image) => {
                assert_eq!(image.reference, "mcr.microsoft.com/dotnet/sdk:8.0")
            }
            other => panic!("{other:?}"),
        }
        // A family the tag names, with the version and variant after it.
        match catalog.resolve("tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim") {
            Resolution::Nearest(image) => assert_eq!(image.reference, "python:3.9-slim"),
            other => panic!("{other:?}"),
        }
        // A family a part of its path names, by the name's start.
        match catalog.resolve("gcr.io/distroless/static:nonroot") {
            Resolution::Nearest(image) => {
                assert_eq!(image.reference, "gcr.io/distroless/static-debian12:nonroot")
            }
            other => panic!("{other:?}"),
        }
        // ... or that a part of its path names.
        match catalog.resolve("bitnami/node:18") {
            Resolution::Nearest(image) => assert_eq!(image.reference, "node:18"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            catalog.resolve("library/alpine:latest"),
            Resolution::Exact(_)
        ));
    }

    #[test]
    fn base_layers_are_shared_snapshots() {
        let golang = builtin().resolve("golang:1.22").image().clone();
        let debian = builtin().resolve("debian:bookworm").image().clone();
        assert_eq!(golang.layers[0].size, debian.layers[0].size);
        assert!(golang.filesystem.exists("/usr/local/go/bin/go"));
        assert_eq!(golang.config.working_dir.as_deref(), Some("/go"));
    }
}
