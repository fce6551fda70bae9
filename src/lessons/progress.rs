//! The learner's progress, as localStorage keeps it: per lesson whether it
//! passed, the best stars, the hints unlocked, whether the solution was
//! shown, their own Dockerfile and files, and their answers; the quiz's
//! best score. The store carries a version. Reading is per entry: an
//! entry that does not fit is reset alone, with a notice, and the others
//! are kept; fields an older store lacks take their defaults.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::grade::Answers;

/// The version written now.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LessonProgress {
    /// Every check held at least once.
    pub passed: bool,
    /// The best stars earned (0 to 3).
    pub stars: u8,
    /// Hints unlocked.
    pub hints: usize,
    /// The solution was shown: solved with help.
    pub helped: bool,
    /// The learner's Dockerfile, when it differs from the starter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dockerfile: Option<String>,
    /// The learner's context files, when they differ from the lesson's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: Answers,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuizBest {
    pub right: usize,
    pub total: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    pub lessons: BTreeMap<String, LessonProgress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz: Option<QuizBest>,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress {
            version: VERSION,
            lessons: BTreeMap::new(),
            quiz: None,
        }
    }
}

/// Most a lesson entry may hold, as stored text.
const MAX_ENTRY_BYTES: usize = 2 << 20;

impl Progress {
    /// Reads a stored (or imported) progress. Never fails: what cannot be
    /// read is reset, and each reset is named in the notices.
    pub fn load(text: &str) -> (Progress, Vec<String>) {
        let mut notices = Vec::new();
        let mut progress = Progress::default();
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                notices.push(format!(
                    "The saved progress could not be read ({e}); it starts afresh."
                ));
                return (progress, notices);
            }
        };
        let Some(object) = value.as_object() else {
            notices.push("The saved progress is not a progress record; it starts afresh.".into());
            return (progress, notices);
        };
        let version = object.get("version").and_then(Value::as_u64).unwrap_or(0);
        if version > u64::from(VERSION) {
            notices.push(format!(
                "The progress was saved by a newer Stagecraft (version {version}); what this one understands is kept."
            ));
        }
        if let Some(lessons) = object.get("lessons").and_then(Value::as_object) {
            for (id, entry) in lessons {
                let size = entry.to_string().len();
                let read = if size > MAX_ENTRY_BYTES {
                    None
                } else {
                    serde_json::from_value::<LessonProgress>(entry.clone()).ok()
                };
                match read {
                    Some(mut entry) => {
                        entry.stars = entry.stars.min(3);
                        progress.lessons.insert(id.clone(), entry);
                    }
                    None => notices.push(format!(
                        "The saved progress of lesson {id:?} was damaged and was reset; the other lessons are kept."
                    )),
                }
            }
        } else if object.contains_key("lessons") {
            notices.push("The saved lesson progress was damaged and was reset.".into());
        }
        progress.quiz = object
            .get("quiz")
            .and_then(|q| serde_json::from_value(q.clone()).ok());
        (progress, notices)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn lesson(&self, id: &str) -> LessonProgress {
        self.lessons.get(id).cloned().unwrap_or_default()
    }

    pub fn lesson_mut(&mut self, id: &str) -> &mut LessonProgress {
        self.lessons.entry(id.to_string()).or_default()
    }

    /// Records a pass with `stars`; a pass with help records no stars.
    pub fn record_pass(&mut self, id: &str, stars: u8) {
        let entry = self.lesson_mut(id);
        entry.passed = true;
        if !entry.helped {
            entry.stars = entry.stars.max(stars.min(3));
        }
    }

    /// Adds an imported progress: per lesson the better of the two.
    pub fn merge(&mut self, other: Progress) {
        for (id, theirs) in other.lessons {
            let ours = self.lessons.entry(id).or_default();
            ours.passed |= theirs.passed;
            ours.stars = ours.stars.max(theirs.stars);
            ours.hints = ours.hints.max(theirs.hints);
            ours.helped |= theirs.helped;
            if ours.dockerfile.is_none() {
                ours.dockerfile = theirs.dockerfile;
            }
            if ours.files.is_none() {
                ours.files = theirs.files;
            }
            for (q, a) in theirs.answers {
                ours.answers.entry(q).or_insert(a);
            }
        }
        if let Some(q) = other.quiz {
            let better = self
                .quiz
                .as_ref()
                .is_none_or(|mine| q.right * mine.total.max(1) > mine.right * q.total.max(1));
            if better {
                self.quiz = Some(q);
            }
        }
    }

    /// Lessons passed.
    pub fn passed(&self) -> usize {
        self.lessons.values().filter(|l| l.passed).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips() {
        let mut p = Progress::default();
        p.record_pass("first", 2);
        p.lesson_mut("second").dockerfile = Some("FROM alpine\n".into());
        let (read, notices) = Progress::load(&p.to_json());
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(read, p);
    }

    #[test]
    fn a_damaged_entry_is_reset_alone() {
        let text = r#"{"version":1,"lessons":{
            "first":{"passed":true,"stars":3},
            "second":{"passed":"yes","stars":[1]},
            "third":{"passed":true,"stars":2,"dockerfile":"FROM x\n"}}}"#;
        let (p, notices) = Progress::load(text);
        assert_eq!(p.lesson("first").stars, 3);
        assert_eq!(p.lesson("third").dockerfile.as_deref(), Some("FROM x\n"));
        assert!(!p.lessons.contains_key("second"));
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("\"second\""), "{notices:?}");
    }

    #[test]
    fn an_older_entry_takes_defaults_and_a_broken_store_starts_afresh() {
        // A store without a version or the newer fields.
        let (p, notices) = Progress::load(r#"{"lessons":{"first":{"passed":true}}}"#);
        assert!(notices.is_empty());
        assert!(p.lesson("first").passed);
        assert_eq!(p.lesson("first").hints, 0);
        let (p, notices) = Progress::load("{not json");
        assert_eq!(p, Progress::default());
        assert_eq!(notices.len(), 1);
        let (_, notices) = Progress::load(r#"{"version":9,"lessons":{}}"#);
        assert!(notices[0].contains("newer"));
    }

    #[test]
    fn help_earns_no_stars_and_merge_keeps_the_better() {
        let mut p = Progress::default();
        p.lesson_mut("a").helped = true;
        p.record_pass("a", 3);
        assert_eq!(p.lesson("a").stars, 0);
        assert!(p.lesson("a").passed);
        let mut other = Progress::default();
        other.record_pass("b", 2);
        other.quiz = Some(QuizBest {
            right: 30,
            total: 40,
        });
        p.merge(other);
        assert_eq!(p.lesson("b").stars, 2);
        assert_eq!(
            p.quiz,
            Some(QuizBest {
                right: 30,
                total: 40
            })
        );
        assert_eq!(p.passed(), 2);
    }
}
