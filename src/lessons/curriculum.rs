//! The lessons embedded at build time (lessons/*.md), in course order,
//! and the quiz's question bank (lessons/quiz.md).

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

/// The embedded lessons that parse, in course order. `stagecraft lessons
/// check` (in `make test`) insists that all of them do.
pub fn lessons() -> &'static [Lesson] {
    static LESSONS: OnceLock<Vec<Lesson>> = OnceLock::new();
    LESSONS.get_or_init(|| {
        let mut lessons: Vec<Lesson> = lesson_files()
            .filter_map(|(_, text)| Lesson::parse(text).ok())
            .collect();
        lessons.sort_by_key(|l| l.order);
        lessons
    })
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
