//! The learner's sandbox: the Dockerfile, the build context's files and
//! the build options. It is what localStorage keeps, what a share link
//! carries and what export writes, always with a version, and it is
//! checked against the limits below whenever it comes from outside.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::engine::{BuildContext, BuildOptions};

/// The version written now; older ones are read and upgraded.
pub const VERSION: u32 = 1;

/// The most a sandbox from outside may hold.
pub const MAX_DOCKERFILE_BYTES: usize = crate::limits::DOCKERFILE_BYTES;
pub const MAX_FILES: usize = crate::limits::CONTEXT_FILES;
pub const MAX_CONTEXT_BYTES: usize = crate::limits::CONTEXT_BYTES;
pub const MAX_PATH_BYTES: usize = crate::limits::CONTEXT_PATH_BYTES;
/// A share link's fragment, as text.
pub const MAX_LINK_BYTES: usize = crate::limits::SHARE_LINK_BYTES;

/// The fragment that marks a share link: `#s=...`.
pub const LINK_PREFIX: &str = "s=";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxOptions {
    /// `--target`; empty builds the last stage.
    #[serde(default)]
    pub target: String,
    /// `--build-arg`, in order.
    #[serde(default)]
    pub build_args: Vec<(String, String)>,
    /// The legacy builder: every stage up to the target, in order.
    #[serde(default)]
    pub legacy_builder: bool,
    /// `--strict`: what Stagecraft approximates (an image, a package, a
    /// program, a download it lacks) is an error, not a warning.
    #[serde(default)]
    pub strict: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sandbox {
    pub version: u32,
    pub dockerfile: String,
    /// The build context's files by path (text), the Dockerfile aside;
    /// shared, so that a build can tell they did not change.
    #[serde(default)]
    pub files: Rc<BTreeMap<String, String>>,
    #[serde(default)]
    pub options: SandboxOptions,
}

/// Why a sandbox from outside (a link, a file, storage) was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SandboxError {
    /// Not base64url, or not deflate.
    Damaged,
    TooLarge {
        what: &'static str,
        limit: usize,
    },
    NotJson(String),
    Version(u32),
    BadPath(String),
    /// A link's Dockerfile has more instructions than Stagecraft reads.
    TooManyInstructions(usize),
}

impl fmt::Display for SandboxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SandboxError::Damaged => write!(
                f,
                "the data is damaged (not the compressed text Stagecraft writes); it may have been cut short when copied"
            ),
            SandboxError::TooLarge { what, limit } => {
                write!(f, "{what} is larger than Stagecraft accepts ({limit} bytes)")
            }
            SandboxError::NotJson(message) => {
                write!(f, "the data is not a Stagecraft sandbox: {message}")
            }
            SandboxError::Version(v) => write!(
                f,
                "the sandbox is from a newer Stagecraft (version {v}; this one reads up to {VERSION})"
            ),
            SandboxError::TooManyInstructions(limit) => write!(
                f,
                "its Dockerfile has more than {limit} instructions, Stagecraft's limit (a simulation limit, not Docker's)"
            ),
            SandboxError::BadPath(path) => write!(
                f,
                "the context file path {path:?} is not allowed (it must be relative, without `..`, and at most {MAX_PATH_BYTES} bytes)"
            ),
        }
    }
}

impl Sandbox {
    pub fn new(dockerfile: &str) -> Sandbox {
        Sandbox {
            version: VERSION,
            dockerfile: dockerfile.to_string(),
            files: Rc::default(),
            options: SandboxOptions::default(),
        }
    }

    /// The files, to change (a copy when a build still holds them).
    pub fn files_mut(&mut self) -> &mut BTreeMap<String, String> {
        Rc::make_mut(&mut self.files)
    }

    /// The build context: the files, and the Dockerfile as `Dockerfile`
    /// (as `docker build .` sees it).
    pub fn context(&self) -> BuildContext {
        crate::lessons::grade::context_of(&self.files, &self.dockerfile)
    }

    pub fn build_options(&self) -> BuildOptions {
        BuildOptions {
            target: Some(self.options.target.trim().to_string()).filter(|t| !t.is_empty()),
            build_args: self
                .options
                .build_args
                .iter()
                .filter(|(k, _)| !k.trim().is_empty())
                .cloned()
                .collect(),
            legacy_builder: self.options.legacy_builder,
            strict: self.options.strict,
            ..BuildOptions::default()
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a sandbox from JSON (storage, an exported file), checking
    /// its version and limits.
    pub fn from_json(text: &str) -> Result<Sandbox, SandboxError> {
        if text.len() > MAX_CONTEXT_BYTES + MAX_DOCKERFILE_BYTES {
            return Err(SandboxError::TooLarge {
                what: "the sandbox",
                limit: MAX_CONTEXT_BYTES + MAX_DOCKERFILE_BYTES,
            });
        }
        let version = serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| SandboxError::NotJson(e.to_string()))?
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| SandboxError::NotJson("it has no version".into()))?;
        if version > u64::from(VERSION) || version == 0 {
            return Err(SandboxError::Version(
                u32::try_from(version).unwrap_or(u32::MAX),
            ));
        }
        let sandbox: Sandbox =
            serde_json::from_str(text).map_err(|e| SandboxError::NotJson(e.to_string()))?;
        sandbox.validate()?;
        Ok(sandbox)
    }

    fn validate(&self) -> Result<(), SandboxError> {
        if self.dockerfile.len() > MAX_DOCKERFILE_BYTES {
            return Err(SandboxError::TooLarge {
                what: "the Dockerfile",
                limit: MAX_DOCKERFILE_BYTES,
            });
        }
        if self.files.len() > MAX_FILES {
            return Err(SandboxError::TooLarge {
                what: "the number of context files",
                limit: MAX_FILES,
            });
        }
        let mut total = 0;
        for (path, text) in self.files.iter() {
            if !valid_path(path) {
                return Err(SandboxError::BadPath(path.chars().take(80).collect()));
            }
            total += text.len();
        }
        if total > MAX_CONTEXT_BYTES {
            return Err(SandboxError::TooLarge {
                what: "the build context",
                limit: MAX_CONTEXT_BYTES,
            });
        }
        Ok(())
    }

    /// The share link's fragment (without `#`): the JSON deflated and in
    /// base64url.
    pub fn to_link(&self) -> String {
        link_of_json(&self.to_json())
    }

    /// Opens a share link's fragment (with or without `#`).
    pub fn from_link(fragment: &str) -> Result<Sandbox, SandboxError> {
        let fragment = fragment.trim_start_matches('#');
        if fragment.len() > MAX_LINK_BYTES {
            return Err(SandboxError::TooLarge {
                what: "the share link",
                limit: MAX_LINK_BYTES,
            });
        }
        let data = fragment.strip_prefix(LINK_PREFIX).unwrap_or(fragment);
        let bytes = base64url::decode(data).ok_or(SandboxError::Damaged)?;
        // Read one byte past the limit, so that a bomb is caught, not
        // inflated.
        let limit = MAX_CONTEXT_BYTES + MAX_DOCKERFILE_BYTES;
        let mut json = Vec::new();
        flate2::read::DeflateDecoder::new(bytes.as_slice())
            .take(limit as u64 + 1)
            .read_to_end(&mut json)
            .map_err(|_| SandboxError::Damaged)?;
        if json.len() > limit {
            return Err(SandboxError::TooLarge {
                what: "the sandbox in the link",
                limit,
            });
        }
        let text = String::from_utf8(json).map_err(|_| SandboxError::Damaged)?;
        let sandbox = Sandbox::from_json(&text)?;
        // A stranger's link must not put a text in the page that the page
        // would refuse to build anyway. (The parser stops just past the
        // limit, so this costs little.)
        let parsed = crate::dockerfile::parse(&sandbox.dockerfile);
        let over = parsed.diagnostics.iter().any(|d| {
            matches!(
                d.kind,
                crate::dockerfile::DiagnosticKind::TooManyInstructions { .. }
            )
        });
        if over {
            return Err(SandboxError::TooManyInstructions(
                crate::limits::INSTRUCTIONS,
            ));
        }
        Ok(sandbox)
    }
}

/// A context path: relative, no `..`, no empty parts, not too long.
pub fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= MAX_PATH_BYTES
        && !path.starts_with('/')
        && !path.contains('\0')
        && path.split('/').all(|part| !part.is_empty() && part != "..")
}

/// A share link's fragment (without `#`) carrying `json` as it is, valid
/// or not: how `to_link` writes one, and how the fuzz target and the
/// properties reach the decoder's JSON checks.
pub fn link_of_json(json: &str) -> String {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(json.as_bytes());
    let bytes = encoder.finish().unwrap_or_default();
    format!("{LINK_PREFIX}{}", base64url::encode(&bytes))
}

/// Base64 with the URL alphabet and no padding (RFC 4648 section 5).
mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() * 3 / 4);
        let (mut n, mut bits) = (0u32, 0);
        for c in text.bytes() {
            let value = ALPHABET.iter().position(|a| *a == c)? as u32;
            n = n << 6 | value;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((n >> bits & 0xff) as u8);
            }
        }
        // A lone final character carries less than a byte.
        (text.len() % 4 != 1).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sandbox {
        let mut s = Sandbox::new("FROM alpine:3.19\nCOPY . /app\n");
        s.files_mut()
            .insert("main.go".into(), "package main\n".into());
        s.files_mut()
            .insert(".dockerignore".into(), "*.md\n".into());
        s.options.target = "build".into();
        s.options
            .build_args
            .push(("GO_VERSION".into(), "1.22".into()));
        s
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..20 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 250) as u8).collect();
            let text = base64url::encode(&bytes);
            assert!(!text.contains(['+', '/', '=']), "{text}");
            assert_eq!(base64url::decode(&text), Some(bytes));
        }
        assert_eq!(base64url::encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url::encode(b"fo"), "Zm8");
        assert_eq!(base64url::decode("Zm9v!"), None);
        assert_eq!(base64url::decode("Zm9vY"), None);
    }

    #[test]
    fn a_link_carries_the_whole_sandbox() {
        let s = sample();
        let link = s.to_link();
        assert!(link.starts_with("s="), "{link}");
        assert_eq!(Sandbox::from_link(&format!("#{link}")), Ok(s.clone()));
        assert_eq!(Sandbox::from_json(&s.to_json()), Ok(s));
    }

    #[test]
    fn bad_links_are_refused_with_a_reason() {
        assert_eq!(Sandbox::from_link("#s=%%%"), Err(SandboxError::Damaged));
        // Valid base64 of bytes that are not deflate data.
        assert_eq!(
            Sandbox::from_link("#s=AAAAAAAA"),
            Err(SandboxError::Damaged)
        );
        let cut = sample().to_link();
        assert!(Sandbox::from_link(&cut[..cut.len() / 2]).is_err());
        let huge = format!("s={}", "A".repeat(MAX_LINK_BYTES));
        assert!(matches!(
            Sandbox::from_link(&huge),
            Err(SandboxError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_compressed_bomb_is_stopped_at_the_limit() {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..20 {
            encoder.write_all(&zeros).expect("write");
        }
        let bytes = encoder.finish().expect("finish");
        let link = format!("s={}", base64url::encode(&bytes));
        assert!(link.len() < MAX_LINK_BYTES);
        assert!(matches!(
            Sandbox::from_link(&link),
            Err(SandboxError::TooLarge { .. })
        ));
    }

    #[test]
    fn versions_paths_and_shapes_are_checked() {
        let newer = sample().to_json().replace("\"version\":1", "\"version\":9");
        assert_eq!(Sandbox::from_json(&newer), Err(SandboxError::Version(9)));
        let mut escape = sample();
        escape
            .files_mut()
            .insert("../etc/passwd".into(), String::new());
        assert!(matches!(
            Sandbox::from_json(&escape.to_json()),
            Err(SandboxError::BadPath(_))
        ));
        assert!(matches!(
            Sandbox::from_json("{\"version\":1,\"dockerfile\":3}"),
            Err(SandboxError::NotJson(_))
        ));
        assert!(matches!(
            Sandbox::from_json("[]"),
            Err(SandboxError::NotJson(_))
        ));
        // Options may be missing: an older or hand-written file.
        let minimal = Sandbox::from_json("{\"version\":1,\"dockerfile\":\"FROM scratch\\n\"}");
        assert_eq!(minimal, Ok(Sandbox::new("FROM scratch\n")));
    }

    #[test]
    fn the_context_holds_the_files_and_the_dockerfile() {
        let s = sample();
        let context = s.context();
        let options = s.build_options();
        assert_eq!(options.target.as_deref(), Some("build"));
        assert_eq!(
            options.build_args,
            vec![("GO_VERSION".into(), "1.22".into())]
        );
        let b = crate::engine::build(
            "FROM alpine:3.19\nCOPY . /app\n",
            &context,
            &BuildOptions::default(),
            crate::engine::catalog::builtin(),
        );
        assert!(b.error.is_none(), "{:?}", b.error);
        let fs = &b.image().expect("image").filesystem;
        assert!(fs.exists("/app/main.go"));
        assert!(fs.exists("/app/Dockerfile"));
        assert!(fs.exists("/app/.dockerignore"));
    }

    #[test]
    fn a_link_past_the_instruction_limit_is_refused() {
        let text = format!("FROM alpine:3.19\n{}", "RUN true\n".repeat(100_000));
        let link = Sandbox::new(&text).to_link();
        assert!(
            link.len() < 10_000,
            "repetitive text deflates well: {}",
            link.len()
        );
        let error = Sandbox::from_link(&link).expect_err("refused");
        assert_eq!(
            error,
            SandboxError::TooManyInstructions(crate::limits::INSTRUCTIONS)
        );
        assert!(error.to_string().contains("more than 5000 instructions"));
        // At the limit it opens.
        let text = format!("FROM alpine:3.19\n{}", "RUN true\n".repeat(4_999));
        assert!(Sandbox::from_link(&Sandbox::new(&text).to_link()).is_ok());
    }
}
