//! Lessons: a curriculum of Dockerfile exercises, each graded after every
//! build by declarative checks on the analysis `Report`, with stars
//! against a reference solution, hints, and exam-style questions.

pub mod check;
pub mod curriculum;
pub mod error;
pub mod fence;
pub mod format;
pub mod grade;
pub mod markdown;
pub mod notes;
pub mod progress;
pub mod question;
pub mod quiz;
pub mod subject;
pub mod verify;

pub use check::{Check, CheckResult};
pub use format::{Lesson, LessonError};
pub use grade::{grade, grade_build, Answers, Grade, Reference};
pub use question::{Question, QuestionKind};
