//! `stagecraft lessons check`: every lesson parses, its starter builds and
//! fails at least one check, its solution passes every check and earns
//! three stars, and the course holds together (ids and orders unique,
//! hints where the lesson is not a challenge).

use std::collections::BTreeMap;

use crate::engine::catalog::Catalog;

use super::format::Lesson;
use super::grade::{grade, right_answers, Answers, Reference};
use super::quiz::Bank;

/// How many known wrong solutions a lesson keeps, at least.
pub const MIN_WRONG: usize = 3;

/// What one lesson file came to.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The file's name.
    pub file: String,
    /// The lesson's id, once it parsed.
    pub id: Option<String>,
    /// Empty when the lesson is sound.
    pub problems: Vec<String>,
    /// Each known wrong solution, and what failed it.
    pub wrong: Vec<WrongOutcome>,
}

/// How a known wrong solution fared.
#[derive(Clone, Debug, PartialEq)]
pub struct WrongOutcome {
    /// The line of its block.
    pub line: usize,
    pub reason: String,
    /// The checks it failed, as "goal: detail" (the build's error when it
    /// did not build).
    pub failed: Vec<String>,
}

/// Checks one lesson.
pub fn verify_lesson(file: &str, text: &str, catalog: &dyn Catalog) -> Verdict {
    let mut verdict = Verdict {
        file: file.to_string(),
        id: None,
        problems: Vec::new(),
        wrong: Vec::new(),
    };
    let lesson = match Lesson::parse(text) {
        Ok(lesson) => lesson,
        Err(e) => {
            verdict.problems.push(format!("{file}:{e}"));
            return verdict;
        }
    };
    verdict.id = Some(lesson.id.clone());
    let mut problems = std::mem::take(&mut verdict.problems);
    if !lesson.challenge && lesson.hints.is_empty() {
        problems.push("has no hints (a lesson that is not a challenge gives at least one)".into());
    }
    for check in &lesson.checks {
        if let super::Check::Answered { question } = check {
            if !lesson.questions.iter().any(|q| q.id == *question) {
                problems.push(format!(
                    "check `answered {question}` names no question of the lesson"
                ));
            }
        }
    }
    let reference = Reference::of(&lesson, catalog);
    let right = right_answers(&lesson);
    let unanswered: Answers = BTreeMap::new();
    let starter = grade(
        &lesson,
        &reference,
        &lesson.starter,
        &lesson.files,
        &unanswered,
        catalog,
    );
    if let Some(error) = &starter.error {
        problems.push(format!("the starter does not build: {error}"));
    } else if starter.passed {
        problems.push("the starter already passes every check: there is nothing to do".into());
    }
    let solution_files = lesson.solution_context();
    let solution = grade(
        &lesson,
        &reference,
        &lesson.solution,
        &solution_files,
        &right,
        catalog,
    );
    if let Some(error) = &solution.error {
        problems.push(format!("the solution does not build: {error}"));
    }
    for r in solution.results.iter().filter(|r| !r.passed) {
        problems.push(format!(
            "the solution fails the check \"{}\": {}",
            r.goal, r.detail
        ));
    }
    for note in &solution.notes {
        problems.push(format!(
            "the solution draws a note (a reference solution shows the good practice): {note}"
        ));
    }
    if solution.passed && solution.stars != 3 {
        problems.push(format!(
            "the solution earns {} stars, not 3",
            solution.stars
        ));
    }
    if lesson.wrong.len() < MIN_WRONG {
        problems.push(format!(
            "keeps {} wrong solution{}; a lesson keeps at least {MIN_WRONG} (```dockerfile wrong blocks: what a learner would try that must not pass)",
            lesson.wrong.len(),
            if lesson.wrong.len() == 1 { "" } else { "s" }
        ));
    }
    for wrong in &lesson.wrong {
        let graded = grade(
            &lesson,
            &reference,
            &wrong.dockerfile,
            &wrong.context(&lesson),
            &right,
            catalog,
        );
        let mut failed: Vec<String> = graded
            .results
            .iter()
            .filter(|r| !r.passed)
            .map(|r| format!("{}: {}", r.goal, r.detail))
            .collect();
        if let (Some(error), true) = (&graded.error, failed.is_empty()) {
            failed.push(format!("the build fails: {error}"));
        }
        verdict.wrong.push(WrongOutcome {
            line: wrong.line,
            reason: wrong.reason.clone(),
            failed,
        });
        if graded.passed {
            problems.push(format!(
                "the wrong solution on line {} passes every check ({} star{}), though it is wrong: {}",
                wrong.line,
                graded.stars,
                if graded.stars == 1 { "" } else { "s" },
                wrong.reason
            ));
        }
    }
    if !lesson.questions.is_empty() {
        let without = grade(
            &lesson,
            &reference,
            &lesson.solution,
            &solution_files,
            &unanswered,
            catalog,
        );
        if without.passed {
            problems.push("the solution passes without its questions answered".into());
        }
    }
    verdict.problems = problems;
    verdict
}

/// Checks a course: each lesson, then what holds across them.
pub fn verify_course(files: &[(String, String)], catalog: &dyn Catalog) -> Vec<Verdict> {
    let mut verdicts: Vec<Verdict> = files
        .iter()
        .filter(|(name, _)| name != super::curriculum::QUIZ_FILE)
        .map(|(name, text)| verify_lesson(name, text, catalog))
        .collect();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut orders: BTreeMap<u32, String> = BTreeMap::new();
    for (name, text) in files {
        let Ok(lesson) = Lesson::parse(text) else {
            continue;
        };
        let mut clash = Vec::new();
        if let Some(other) = ids.insert(lesson.id.clone(), name.clone()) {
            clash.push(format!("its id {} is also {other}'s", lesson.id));
        }
        if let Some(other) = orders.insert(lesson.order, name.clone()) {
            clash.push(format!("its order {} is also {other}'s", lesson.order));
        }
        if let Some(v) = verdicts.iter_mut().find(|v| v.file == *name) {
            v.problems.extend(clash);
        }
    }
    if let Some((name, text)) = files
        .iter()
        .find(|(n, _)| n == super::curriculum::QUIZ_FILE)
    {
        let problems = match Bank::parse(text) {
            Ok(_) => Vec::new(),
            Err(e) => vec![format!("{name}:{e}")],
        };
        verdicts.push(Verdict {
            file: name.clone(),
            id: Some("quiz".into()),
            problems,
            wrong: Vec::new(),
        });
    }
    verdicts
}
