//! The course: the lessons (lessons/*.md), in course order, and the
//! quiz's question bank (lessons/quiz.md). Native builds embed the files;
//! the page fetches them (`lessons/NAME` beside the app) when the learner
//! first opens the course, and installs them here.

use std::sync::OnceLock;

use super::format::Lesson;
use super::quiz::Bank;

mod files {
    include!(concat!(env!("OUT_DIR"), "/lessons.rs"));
}

/// The quiz's file among the lessons'.
pub const QUIZ_FILE: &str = "quiz.md";

/// Each lesson file (name, text), the quiz aside.
pub fn lesson_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    files::LESSON_FILES
        .iter()
        .copied()
        .filter(|(name, _)| *name != QUIZ_FILE)
}

static LESSONS: OnceLock<Vec<Lesson>> = OnceLock::new();

/// The lessons that parse, in course order (none in the page until they
/// are installed). `stagecraft lessons check` (in `make test`) insists
/// that all of them do.
pub fn lessons() -> &'static [Lesson] {
    if files::LESSON_FILES.is_empty() {
        return LESSONS.get().map_or(&[], Vec::as_slice);
    }
    LESSONS.get_or_init(|| parse_all(lesson_files()))
}

fn parse_all<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Lesson> {
    let mut lessons: Vec<Lesson> = files
        .filter_map(|(_, text)| Lesson::parse(text).ok())
        .collect();
    lessons.sort_by_key(|l| l.order);
    lessons
}

/// The names of the course's lesson files (the quiz's too), known to
/// every build.
pub fn lesson_names() -> &'static [&'static str] {
    files::LESSON_NAMES
}

/// Whether the lessons are here: embedded, or fetched and installed.
pub fn loaded() -> bool {
    !files::LESSON_FILES.is_empty() || LESSONS.get().is_some()
}

/// Installs the lesson files the page fetched (name, text); the first
/// call wins.
pub fn install(files: &[(String, String)]) {
    let _ = LESSONS.set(parse_all(
        files
            .iter()
            .filter(|(name, _)| name != QUIZ_FILE)
            .map(|(n, t)| (n.as_str(), t.as_str())),
    ));
}

pub fn lesson(id: &str) -> Option<&'static Lesson> {
    lessons().iter().find(|l| l.id == id)
}

/// The embedded quiz file's text.
pub fn quiz_text() -> Result<&'static str, String> {
    files::LESSON_FILES
        .iter()
        .find(|(name, _)| *name == QUIZ_FILE)
        .map(|(_, text)| *text)
        .ok_or(format!("this build has no lessons/{QUIZ_FILE}"))
}

/// The embedded quiz bank.
pub fn bank() -> Result<Bank, String> {
    Bank::parse(quiz_text()?).map_err(|e| format!("{QUIZ_FILE}:{e}"))
}
