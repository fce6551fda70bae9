//! What a regular file holds: real bytes for small text files, or only a
//! size and an identity for large binaries, so that a 100 MB toolchain costs
//! a few bytes of memory yet two builds of the same input stay equal and a
//! change stays visible.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::source_facts::SourceFacts;

/// A 64-bit content identity (FNV-1a), stable across platforms and runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest(pub u64);

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        let mut d = Digester::new();
        d.update(bytes);
        d.finish()
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Incremental FNV-1a, for identities built from several parts.
#[derive(Clone, Copy, Debug)]
pub struct Digester(u64);

impl Default for Digester {
    fn default() -> Self {
        Digester::new()
    }
}

impl Digester {
    pub fn new() -> Digester {
        Digester(0xcbf2_9ce4_8422_2325)
    }

    pub fn update(&mut self, bytes: &[u8]) -> &mut Digester {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }

    /// Adds a string and a separator, so that ("ab","c") and ("a","bc")
    /// differ.
    pub fn part(&mut self, s: &str) -> &mut Digester {
        self.update(s.as_bytes()).update(&[0xff])
    }

    pub fn finish(&self) -> Digest {
        Digest(self.0)
    }
}

/// How a program file runs: what a compiler recorded about it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Executable {
    /// `go`, `rust`, `c`.
    pub language: String,
    pub linkage: Linkage,
    /// What its sources say it reads, writes and listens on.
    #[serde(skip_serializing_if = "SourceFacts::is_empty")]
    pub facts: SourceFacts,
}

impl Executable {
    pub fn new(language: &str, linkage: Linkage) -> Executable {
        Executable {
            language: language.to_string(),
            linkage,
            facts: SourceFacts::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Linkage {
    /// Needs nothing from the image.
    Static,
    /// Needs its dynamic loader (`/lib64/ld-linux-x86-64.so.2` for glibc,
    /// `/lib/ld-musl-x86_64.so.1` for musl) and these libraries.
    Dynamic {
        interpreter: String,
        libraries: Vec<String>,
    },
}

/// Where the dynamic loader finds shared libraries.
pub const LIBRARY_DIRS: &[&str] = &[
    "/usr/local/lib",
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib",
    "/usr/lib",
    "/lib64",
];

/// The content of a regular file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content {
    size: u64,
    digest: Digest,
    bytes: Option<Arc<[u8]>>,
    executable: Option<Arc<Executable>>,
    /// Where the bytes came from: the URL of a download, or for an
    /// archive a build made, the listing of what it holds.
    origin: Option<Arc<str>>,
}

impl Content {
    /// Real bytes, kept in memory.
    pub fn bytes(bytes: impl Into<Arc<[u8]>>) -> Content {
        let bytes: Arc<[u8]> = bytes.into();
        Content {
            size: bytes.len() as u64,
            digest: Digest::of(&bytes),
            bytes: Some(bytes),
            executable: None,
            origin: None,
        }
    }

    pub fn text(text: &str) -> Content {
        Content::bytes(text.as_bytes())
    }

    pub fn empty() -> Content {
        Content::bytes(Vec::new())
    }

    /// A file whose bytes are not simulated: `size` bytes identified by
    /// `identity` (for instance the image and path that produced it).
    pub fn blob(size: u64, identity: &str) -> Content {
        Content {
            size,
            digest: Digester::new()
                .part("blob")
                .part(identity)
                .update(&size.to_le_bytes())
                .finish(),
            bytes: None,
            executable: None,
            origin: None,
        }
    }

    /// Content as a snapshot kept it: its size, its digest and its bytes
    /// if they are simulated.
    pub fn restored(size: u64, digest: Digest, bytes: Option<Arc<[u8]>>) -> Content {
        Content {
            size,
            digest,
            bytes,
            executable: None,
            origin: None,
        }
    }

    /// This content, as the program `executable` (a snapshot reading a
    /// package's program back).
    pub fn with_executable(mut self, executable: Executable) -> Content {
        self.executable = Some(Arc::new(executable));
        self
    }

    /// What a secret mount holds in the simulation (a build has no real
    /// secret): a text naming it, the same in every build, so that a
    /// grader can find a copy of it in a layer.
    pub fn secret(name: &str) -> Content {
        Content::text(&format!("(secret {name})"))
    }

    /// Large real bytes, read a piece at a time: their size and digest.
    pub fn large(size: u64, digest: Digest) -> Content {
        Content {
            size,
            digest,
            bytes: None,
            executable: None,
            origin: None,
        }
    }

    /// A compiled program of `size` bytes: how it links decides where it
    /// runs.
    pub fn program(size: u64, identity: &str, executable: Executable) -> Content {
        let mut content = Content::blob(size, identity);
        content.executable = Some(Arc::new(executable));
        content
    }

    /// `size` bytes downloaded from `url` (not simulated byte by byte).
    pub fn download(size: u64, url: &str) -> Content {
        let mut content = Content::blob(size, &format!("download:{url}"));
        content.origin = Some(url.into());
        content
    }

    /// An archive a build made, of `size` bytes, that holds what
    /// `listing` says (the program that unpacks it reads it back).
    pub fn packed(size: u64, identity: &str, listing: &str) -> Content {
        let mut content = Content::blob(size, identity);
        content.origin = Some(listing.into());
        content
    }

    /// The URL this content was downloaded from.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    pub fn executable(&self) -> Option<&Executable> {
        self.executable.as_deref()
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn digest(&self) -> Digest {
        self.digest
    }

    /// The bytes, when the file holds real ones.
    pub fn data(&self) -> Option<&[u8]> {
        self.bytes.as_deref()
    }

    /// The bytes as text, when they are real and UTF-8.
    pub fn as_text(&self) -> Option<&str> {
        self.data().and_then(|b| std::str::from_utf8(b).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_content_has_equal_identity() {
        assert_eq!(Content::text("a"), Content::bytes(b"a".to_vec()));
        assert_ne!(Content::text("a"), Content::text("b"));
        assert_eq!(Content::blob(10, "go"), Content::blob(10, "go"));
        assert_ne!(Content::blob(10, "go"), Content::blob(11, "go"));
        assert_eq!(Content::blob(1 << 40, "big").size(), 1 << 40);
        assert_eq!(Content::text("hé").as_text(), Some("hé"));
        assert_eq!(Content::blob(3, "x").data(), None);
    }

    #[test]
    fn fnv_matches_reference_values() {
        assert_eq!(Digest::of(b"").0, 0xcbf2_9ce4_8422_2325);
        assert_eq!(Digest::of(b"a").0, 0xaf63_dc4c_8601_ec8c);
    }
}
