//! Compare's second figure: a sandbox built again after a source file
//! changes, and the seconds of the steps that are not CACHED.

use crate::ui::output::Output;
use crate::ui::sandbox::Sandbox;

/// The context file a learner would edit next: source code first.
pub fn source_file(sandbox: &Sandbox) -> Option<String> {
    const SOURCE: &[&str] = &[
        ".go", ".js", ".ts", ".jsx", ".tsx", ".py", ".rs", ".java", ".cs", ".c", ".html",
    ];
    let files = || {
        sandbox
            .files
            .keys()
            .filter(|p| !p.starts_with("Dockerfile") && !p.ends_with(".dockerignore"))
    };
    files()
        .find(|p| SOURCE.iter().any(|ext| p.ends_with(ext)))
        .or_else(|| files().next())
        .cloned()
}

/// Builds a sandbox again with one source file changed; the seconds of
/// the steps that are not CACHED.
pub fn rebuild(sandbox: &Sandbox, first: &Output) -> (Option<String>, f64) {
    let Some(path) = source_file(sandbox) else {
        return (None, 0.0);
    };
    let mut edited = sandbox.clone();
    if let Some(text) = edited.files_mut().get_mut(&path) {
        text.push_str("\n// edited\n");
    }
    let second = Output::build(&edited, first.revision, Some(first));
    let seconds = second.report.as_ref().map_or(0.0, |r| {
        r.timing
            .stages
            .iter()
            .flat_map(|s| s.steps.iter().map(move |t| (s, t)))
            .filter(|(s, t)| second.cached(&s.stage, t.line).is_some_and(|o| !o.cached))
            .map(|(_, t)| t.seconds)
            .sum()
    });
    (Some(path), seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::samples;

    #[test]
    fn a_multi_stage_build_rebuilds_less_than_it_builds() {
        let choice = samples::choice("go-server/Dockerfile").expect("sample");
        let sandbox =
            samples::sandbox(&choice, |p| samples::embedded(p).map(String::from)).expect("sandbox");
        assert_eq!(source_file(&sandbox).as_deref(), Some("main.go"));
        let first = Output::build(&sandbox, 1, None);
        let (edited, seconds) = rebuild(&sandbox, &first);
        assert_eq!(edited.as_deref(), Some("main.go"));
        let total = first
            .report
            .as_ref()
            .expect("report")
            .timing
            .buildkit_seconds;
        // go mod download stays CACHED; the build and the copies do not.
        assert!(seconds > 0.0 && seconds < total, "{seconds} of {total}");
    }
}
