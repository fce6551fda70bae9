//! The sample apps (samples/): each a build context with a lean
//! `Dockerfile` and variants (`Dockerfile.bloated`, ...). Native builds
//! carry their text; the page fetches a sample's files when the learner
//! loads it.

use super::sandbox::Sandbox;

mod index {
    include!(concat!(env!("OUT_DIR"), "/samples.rs"));
}

/// One Dockerfile of a sample app, as the menu offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleChoice {
    pub app: String,
    /// `Dockerfile`, `Dockerfile.bloated`, ...
    pub dockerfile: String,
}

impl SampleChoice {
    /// `go-server (bloated)`, `go-server`.
    pub fn label(&self) -> String {
        match self.dockerfile.strip_prefix("Dockerfile.") {
            Some(variant) => format!("{} ({variant})", self.app),
            None => self.app.clone(),
        }
    }

    /// The value a menu option carries: `go-server/Dockerfile.bloated`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.app, self.dockerfile)
    }
}

/// Every sample's Dockerfiles, the bloated one first: the story starts
/// with the big image.
pub fn choices() -> Vec<SampleChoice> {
    let mut out: Vec<SampleChoice> = index::SAMPLE_FILES
        .iter()
        .filter_map(|(path, _)| {
            let (app, file) = path.split_once('/')?;
            (file.starts_with("Dockerfile") && !file.contains('/')).then(|| SampleChoice {
                app: app.to_string(),
                dockerfile: file.to_string(),
            })
        })
        .collect();
    out.sort_by_key(|c| {
        (
            c.app.clone(),
            c.dockerfile != "Dockerfile.bloated",
            c.dockerfile.clone(),
        )
    });
    out
}

pub fn choice(key: &str) -> Option<SampleChoice> {
    choices().into_iter().find(|c| c.key() == key)
}

/// The paths (under samples/) of an app's files.
pub fn files(app: &str) -> Vec<&'static str> {
    let prefix = format!("{app}/");
    index::SAMPLE_FILES
        .iter()
        .map(|(path, _)| *path)
        .filter(|path| path.starts_with(&prefix))
        .collect()
}

/// A file's text, when this build carries it (natively).
pub fn embedded(path: &str) -> Option<&'static str> {
    index::SAMPLE_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .and_then(|(_, text)| *text)
}

/// The sandbox of a sample: the chosen Dockerfile, and every other file
/// of the app as the context (the lean `Dockerfile` is the one being
/// edited, so the context's copy is the edited text). `read` gives a
/// file's text by its path under samples/.
pub fn sandbox(choice: &SampleChoice, read: impl Fn(&str) -> Option<String>) -> Option<Sandbox> {
    let dockerfile = read(&format!("{}/{}", choice.app, choice.dockerfile))?;
    let mut sandbox = Sandbox::new(&dockerfile);
    let prefix = format!("{}/", choice.app);
    for path in files(&choice.app) {
        let relative = &path[prefix.len()..];
        if relative == "Dockerfile" {
            continue;
        }
        sandbox
            .files_mut()
            .insert(relative.to_string(), read(path)?);
    }
    Some(sandbox)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_is_offered_bloated_first() {
        let choices = choices();
        let go: Vec<String> = choices
            .iter()
            .filter(|c| c.app == "go-server")
            .map(SampleChoice::label)
            .collect();
        assert_eq!(
            go,
            ["go-server (bloated)", "go-server", "go-server (alpine)"]
        );
        assert!(choices.len() >= 14, "{choices:?}");
        assert_eq!(
            choice("node-api/Dockerfile.bloated").map(|c| c.label()),
            Some("node-api (bloated)".into())
        );
    }

    #[test]
    fn a_sample_sandbox_builds_like_the_directory() {
        let choice = choice("go-server/Dockerfile.bloated").expect("sample");
        let sandbox = sandbox(&choice, |p| embedded(p).map(String::from)).expect("files");
        assert!(sandbox.dockerfile.contains("FROM golang"));
        assert!(sandbox.files.contains_key("main.go"));
        assert!(sandbox.files.contains_key("Dockerfile.bloated"));
        assert!(!sandbox.files.contains_key("Dockerfile"));
        let b = crate::engine::build(
            &sandbox.dockerfile,
            &sandbox.context(),
            &sandbox.build_options(),
            crate::engine::catalog::builtin(),
        );
        assert!(b.error.is_none(), "{:?}", b.error);
        assert!(b.image().expect("image").size() > 800_000_000);
    }
}
