//! Grading: a lesson's checks on the learner's build, and stars the way
//! learnGitBranching gives them against its own solution. A passed lesson
//! earns one star, one more for an image no bigger than ours (with 5%
//! to spare) and one more for no more instructions than ours.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::{analyze, Report};
use crate::dockerfile::instruction::Dockerfile;
use crate::engine::build::Build;
use crate::engine::catalog::data::Lacking;
use crate::engine::catalog::Catalog;
use crate::engine::context::{BuildContext, ContextEntry};
use crate::engine::image::{human_size, Image};
use crate::engine::plan::BuildOptions;

use super::check::{Check, CheckResult};
use super::format::Lesson;
pub use super::subject::Answers;
use super::subject::{app_sources, Subject};

/// How much bigger than ours an image may be and still earn the size star.
const SIZE_SLACK: f64 = 1.05;

/// The starter's and the solution's figures, built once per lesson.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    pub starter_size: Option<u64>,
    pub solution_size: Option<u64>,
    pub solution_instructions: usize,
    /// Data files the two builds lacked (the page fetches them and builds
    /// again; a reference built without them is not kept).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lacking: Vec<String>,
}

/// Yours against ours.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Par {
    pub size: u64,
    pub reference_size: u64,
    pub instructions: usize,
    pub reference_instructions: usize,
    pub size_star: bool,
    pub instructions_star: bool,
}

impl Par {
    /// "Your image is 14.2MB, ours is 12.9MB; you used 9 instructions, we
    /// used 7."
    pub fn sentence(&self) -> String {
        format!(
            "Your image is {}, ours is {}; you used {} instructions, we used {}.",
            human_size(self.size),
            human_size(self.reference_size),
            self.instructions,
            self.reference_instructions
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grade {
    pub results: Vec<CheckResult>,
    /// Every check holds.
    pub passed: bool,
    /// 1 to 3 when passed, 0 otherwise.
    pub stars: u8,
    pub par: Option<Par>,
    /// The build's error, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Data files the graded build, the reference or a check's own build
    /// lacked: graded on stand-ins, so the page fetches them and grades
    /// again.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lacking: Vec<String>,
    /// What a passing solution does that is discouraged, and what was
    /// graded other than the learner wrote it, as an analyzer comments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Grade {
    /// The diagnosed hints: what the analysis says about each failing check.
    pub fn diagnoses(&self) -> Vec<&str> {
        self.results
            .iter()
            .filter_map(|r| r.diagnosis.as_deref())
            .collect()
    }
}

/// Instructions that only describe the image (documentation and
/// metadata): they do not count toward the instruction star, so that
/// leaving them out never earns it.
const METADATA: &[&str] = &["EXPOSE", "LABEL", "MAINTAINER", "STOPSIGNAL", "HEALTHCHECK"];

/// How many instructions a Dockerfile has (global ARGs and FROMs count;
/// EXPOSE, LABEL and the other metadata do not).
pub fn instruction_count(dockerfile: &Dockerfile) -> usize {
    dockerfile.meta_args.len()
        + dockerfile
            .stages
            .iter()
            .map(|s| {
                1 + s
                    .instructions
                    .iter()
                    .filter(|i| !METADATA.iter().any(|m| i.keyword.eq_ignore_ascii_case(m)))
                    .count()
            })
            .sum::<usize>()
}

/// The build context of a lesson's files and a Dockerfile.
pub fn context_of(files: &BTreeMap<String, String>, dockerfile: &str) -> BuildContext {
    let entries = files
        .iter()
        .filter(|(p, _)| p.as_str() != "Dockerfile")
        .map(|(p, t)| (p.clone(), ContextEntry::text(t)))
        .chain(std::iter::once((
            "Dockerfile".to_string(),
            ContextEntry::text(dockerfile),
        )));
    BuildContext::from_entries(entries, "Dockerfile")
}

fn reference_build(
    files: &BTreeMap<String, String>,
    dockerfile: &str,
    catalog: &dyn Catalog,
    lacking: &Lacking,
) -> Build {
    let context = context_of(files, dockerfile);
    let build = crate::engine::build(dockerfile, &context, &BuildOptions::default(), catalog);
    lacking.extend(build.lacking.iter().cloned());
    build
}

impl Reference {
    pub fn of(lesson: &Lesson, catalog: &dyn Catalog) -> Reference {
        let lacking = Lacking::default();
        let starter = reference_build(&lesson.files, &lesson.starter, catalog, &lacking);
        let solution = reference_build(
            &lesson.solution_context(),
            &lesson.solution,
            catalog,
            &lacking,
        );
        Reference {
            starter_size: starter.image().map(Image::size),
            solution_size: solution.image().map(Image::size),
            solution_instructions: instruction_count(&solution.dockerfile),
            lacking: lacking.paths(),
        }
    }
}

/// The checks a lesson grades: its `checks` block, then one per question.
pub fn checks(lesson: &Lesson) -> Vec<Check> {
    let mut checks = lesson.checks.clone();
    for q in &lesson.questions {
        let listed = checks
            .iter()
            .any(|c| matches!(c, Check::Answered { question } if *question == q.id));
        if !listed {
            checks.push(Check::Answered {
                question: q.id.clone(),
            });
        }
    }
    checks
}

/// What is graded: the learner's Dockerfile and files as built, and their
/// answers.
pub struct Graded<'a> {
    pub dockerfile: &'a str,
    pub context: &'a BuildContext,
    pub build: &'a Build,
    pub report: Option<&'a Report>,
    pub answers: &'a Answers,
}

/// The lesson's app sources the learner changed or removed, and the
/// context with them as the lesson wrote them: the app is graded as the
/// lesson wrote it (a learner may edit the files a lesson asks for, such
/// as a `.dockerignore` or a config, not the code the checks look at).
fn restore_sources(lesson: &Lesson, context: &BuildContext) -> Option<(Vec<String>, BuildContext)> {
    let mut restored = context.clone();
    let mut changed = Vec::new();
    for path in app_sources(lesson.files.keys()) {
        if lesson.solution_files.contains_key(&path) {
            continue;
        }
        let written = &lesson.files[&path];
        let now = context
            .files
            .read(&crate::engine::vfs::absolute("/", &path))
            .ok()
            .and_then(|c| c.as_text().map(str::to_string));
        if now.as_deref() != Some(written.as_str()) {
            restored = restored.with_file(&path, written);
            changed.push(path);
        }
    }
    (!changed.is_empty()).then_some((changed, restored))
}

/// Grades a build already made (the page's live build). When the
/// learner changed the app's sources, grades a build over the lesson's
/// sources instead, and says so.
pub fn grade_build(
    lesson: &Lesson,
    reference: &Reference,
    graded: &Graded<'_>,
    catalog: &dyn Catalog,
) -> Grade {
    if let Some((changed, context)) = restore_sources(lesson, graded.context) {
        let build =
            crate::engine::build(graded.dockerfile, &context, &graded.build.options, catalog);
        let report = analyze(&context, &build);
        let mut grade = grade_as_built(
            lesson,
            reference,
            &Graded {
                dockerfile: graded.dockerfile,
                context: &context,
                build: &build,
                report: report.as_ref(),
                answers: graded.answers,
            },
            catalog,
        );
        grade.notes.insert(
            0,
            format!(
                "Graded with the lesson's {}: the app's code is graded as the lesson wrote it, so your edits to it do not count.",
                changed.join(", ")
            ),
        );
        return grade;
    }
    grade_as_built(lesson, reference, graded, catalog)
}

fn grade_as_built(
    lesson: &Lesson,
    reference: &Reference,
    graded: &Graded<'_>,
    catalog: &dyn Catalog,
) -> Grade {
    let options = graded.build.options.clone();
    let sources = app_sources(lesson.files.keys());
    let lacking = Lacking::default();
    lacking.extend(reference.lacking.iter().cloned());
    lacking.extend(graded.build.lacking.iter().cloned());
    let subject = Subject {
        source: graded.dockerfile,
        context: graded.context,
        options: &options,
        build: graded.build,
        report: graded.report,
        catalog,
        starter_size: reference.starter_size,
        questions: &lesson.questions,
        answers: graded.answers,
        lacking: &lacking,
        sources: &sources,
    };
    let results: Vec<CheckResult> = checks(lesson)
        .iter()
        .map(|c| {
            let mut r = c.evaluate(&subject);
            if let Check::Answered { question } = c {
                if let Some(q) = lesson.questions.iter().find(|q| q.id == *question) {
                    // The prompt's first paragraph, on one line.
                    let first: Vec<&str> = q
                        .prompt
                        .lines()
                        .take_while(|l| !l.trim().is_empty())
                        .map(str::trim)
                        .collect();
                    r.goal = format!("Answer: {}", first.join(" "));
                }
            }
            r
        })
        .collect();
    let passed = results.iter().all(|r| r.passed);
    let par = match (graded.build.image(), reference.solution_size) {
        (Some(image), Some(reference_size)) => {
            let size = image.size();
            let instructions = instruction_count(&graded.build.dockerfile);
            Some(Par {
                size,
                reference_size,
                instructions,
                reference_instructions: reference.solution_instructions,
                size_star: size as f64 <= reference_size as f64 * SIZE_SLACK,
                instructions_star: instructions <= reference.solution_instructions,
            })
        }
        _ => None,
    };
    let stars = match (&par, passed) {
        (Some(p), true) => 1 + u8::from(p.size_star) + u8::from(p.instructions_star),
        (None, true) => 1,
        _ => 0,
    };
    let notes = if passed {
        super::notes::discouraged(graded.build, graded.report)
    } else {
        Vec::new()
    };
    Grade {
        results,
        passed,
        stars,
        par,
        error: graded.build.error.as_ref().map(ToString::to_string),
        lacking: lacking.paths(),
        notes,
    }
}

/// Builds and grades `dockerfile` over `files` (the lesson's, or the
/// learner's own).
pub fn grade(
    lesson: &Lesson,
    reference: &Reference,
    dockerfile: &str,
    files: &BTreeMap<String, String>,
    answers: &Answers,
    catalog: &dyn Catalog,
) -> Grade {
    let context = context_of(files, dockerfile);
    grade_in(lesson, reference, dockerfile, &context, answers, catalog)
}

/// Builds and grades `dockerfile` over a context already made (the
/// command line's, read from a directory).
pub fn grade_in(
    lesson: &Lesson,
    reference: &Reference,
    dockerfile: &str,
    context: &BuildContext,
    answers: &Answers,
    catalog: &dyn Catalog,
) -> Grade {
    let build = crate::engine::build(dockerfile, context, &BuildOptions::default(), catalog);
    let report = analyze(context, &build);
    grade_build(
        lesson,
        reference,
        &Graded {
            dockerfile,
            context,
            build: &build,
            report: report.as_ref(),
            answers,
        },
        catalog,
    )
}

/// The answers the lesson's questions expect: what its solution answers.
pub fn right_answers(lesson: &Lesson) -> Answers {
    lesson
        .questions
        .iter()
        .map(|q| (q.id.clone(), q.correct.clone()))
        .collect()
}
