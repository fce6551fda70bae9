//! The course in the page: where the learner is (the sandbox, the lesson
//! map, a lesson at a step, the quiz), their progress, and the lesson
//! being worked on. Part of the workspace's pure reducer.

use crate::lessons::curriculum;
use crate::lessons::grade::Answers;
use crate::lessons::progress::{Progress, QuizBest};
use crate::lessons::quiz::Quiz;
use crate::lessons::Lesson;

use super::sandbox::Sandbox;

/// Where the page is, from the URL's fragment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Route {
    #[default]
    Sandbox,
    /// The lesson map.
    Map,
    /// A lesson; `step` a layer of the final image to open at (from 1,
    /// as the Layers view counts them).
    Lesson {
        id: String,
        step: Option<usize>,
    },
    Quiz,
}

impl Route {
    /// Reads a fragment: `#/lessons`, `#/lesson/ID`, `#/lesson/ID/3`,
    /// `#/quiz`; anything else (the empty fragment, `#/`) is the sandbox.
    /// None for what is not a route (a share link `#s=`).
    pub fn parse(hash: &str) -> Option<Route> {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        if hash.is_empty() || hash == "/" {
            return Some(Route::Sandbox);
        }
        let path = hash.strip_prefix('/')?;
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            ["lessons"] => Some(Route::Map),
            ["quiz"] => Some(Route::Quiz),
            ["sandbox"] => Some(Route::Sandbox),
            ["lesson", id] => Some(Route::Lesson {
                id: id.to_string(),
                step: None,
            }),
            ["lesson", id, step] => Some(Route::Lesson {
                id: id.to_string(),
                step: step.parse().ok(),
            }),
            _ => None,
        }
    }

    /// The fragment that leads here.
    pub fn hash(&self) -> String {
        match self {
            Route::Sandbox => "#/".into(),
            Route::Map => "#/lessons".into(),
            Route::Quiz => "#/quiz".into(),
            Route::Lesson { id, step: None } => format!("#/lesson/{id}"),
            Route::Lesson { id, step: Some(s) } => format!("#/lesson/{id}/{s}"),
        }
    }

    pub fn lesson_id(&self) -> Option<&str> {
        match self {
            Route::Lesson { id, .. } => Some(id),
            _ => None,
        }
    }
}

/// A quiz round as the page runs it.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizRound {
    pub quiz: Quiz,
    /// The question shown; past the end is the review.
    pub at: usize,
    /// What picked the questions.
    pub seed: u64,
    /// Exam mode: timed, and each answer held (no verdict, no
    /// explanation) until the round ends.
    pub exam: Option<Exam>,
}

/// A timed round: when it started (`now_ms`) and how long it may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exam {
    pub started_ms: f64,
    pub limit_ms: f64,
}

/// The exam's pace: 90 minutes for 55 questions, about 98 seconds each.
pub const EXAM_MS_PER_QUESTION: f64 = 90.0 * 60_000.0 / 55.0;

impl Exam {
    /// Milliseconds left at `now` (never below zero).
    pub fn left_ms(&self, now: f64) -> f64 {
        (self.limit_ms - (now - self.started_ms)).max(0.0)
    }
}

/// Right answers and questions asked, by topic, in the order topics come.
pub fn score_by_topic(quiz: &Quiz) -> Vec<(String, usize, usize)> {
    let mut topics: Vec<(String, usize, usize)> = Vec::new();
    for (i, q) in quiz.questions.iter().enumerate() {
        let right = usize::from(quiz.is_right(i) == Some(true));
        match topics.iter_mut().find(|(t, _, _)| *t == q.topic) {
            Some(entry) => {
                entry.1 += right;
                entry.2 += 1;
            }
            None => topics.push((q.topic.clone(), right, 1)),
        }
    }
    topics
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Course {
    pub route: Route,
    pub progress: Progress,
    /// The sandbox set aside while a lesson holds the editor.
    pub stash: Option<Sandbox>,
    /// A layer to select once the lesson's first build is in.
    pub pending_step: Option<usize>,
    pub presenter: bool,
    /// The solution is on screen.
    pub solution_open: bool,
    pub quiz: Option<QuizRound>,
    /// Bumped whenever progress changes: the page saves it.
    pub saved_revision: u64,
    /// A route that needs the course's files, asked for before the page
    /// had them: taken once they are in.
    pub waiting: Option<Route>,
}

impl Course {
    pub fn new(progress: Progress) -> Course {
        Course {
            progress,
            ..Course::default()
        }
    }

    /// The lesson open, if any.
    pub fn lesson(&self) -> Option<&'static Lesson> {
        curriculum::lesson(self.route.lesson_id()?)
    }

    /// The learner's answers in the open lesson.
    pub fn answers(&self) -> Answers {
        self.route
            .lesson_id()
            .map(|id| self.progress.lesson(id).answers)
            .unwrap_or_default()
    }

    /// Where the learner is: the first lesson not passed.
    pub fn next_lesson(&self) -> Option<&'static Lesson> {
        curriculum::lessons()
            .iter()
            .find(|l| !self.progress.lesson(&l.id).passed)
    }

    /// The sandbox a lesson opens with: the learner's own work, or the
    /// starter.
    pub fn lesson_sandbox(&self, lesson: &Lesson) -> Sandbox {
        let entry = self.progress.lesson(&lesson.id);
        let mut sandbox = Sandbox::new(entry.dockerfile.as_deref().unwrap_or(&lesson.starter));
        *sandbox.files_mut() = entry.files.unwrap_or_else(|| lesson.files.clone());
        sandbox
    }

    /// Keeps the learner's work on the open lesson in their progress.
    pub fn remember(&mut self, sandbox: &Sandbox) {
        let Some(lesson) = self.lesson() else {
            return;
        };
        let entry = self.progress.lesson_mut(&lesson.id);
        entry.dockerfile =
            (sandbox.dockerfile != lesson.starter).then(|| sandbox.dockerfile.clone());
        entry.files = (*sandbox.files != lesson.files).then(|| (*sandbox.files).clone());
        self.saved_revision += 1;
    }

    pub fn changed(&mut self) {
        self.saved_revision += 1;
    }

    pub fn record_quiz(&mut self) {
        let Some(round) = &self.quiz else {
            return;
        };
        let best = QuizBest {
            right: round.quiz.score(),
            total: round.quiz.questions.len(),
        };
        self.progress.merge(Progress {
            quiz: Some(best),
            ..Progress::default()
        });
        self.changed();
    }
}

/// The quiz questions of one round.
pub const QUIZ_LENGTH: usize = 20;

/// Starts a quiz round from the embedded bank (native builds; the page
/// fetches its bank, see `round_of`) and live questions.
pub fn quiz_round(live: &[crate::lessons::Question], seed: u64) -> Option<QuizRound> {
    let bank = curriculum::bank().ok()?;
    Some(round_of(&bank, live, seed))
}

/// A quiz round from a bank and live questions.
pub fn round_of(
    bank: &crate::lessons::quiz::Bank,
    live: &[crate::lessons::Question],
    seed: u64,
) -> QuizRound {
    QuizRound {
        quiz: Quiz::new(bank, live, QUIZ_LENGTH, seed),
        at: 0,
        seed,
        exam: None,
    }
}

/// The lessons the quiz builds live questions from, picked by `seed`:
/// a few, so that the page fetches little.
pub fn live_lessons(seed: u64) -> Vec<Lesson> {
    let all = curriculum::lessons();
    if all.is_empty() {
        return Vec::new();
    }
    let mut picked: Vec<Lesson> = Vec::new();
    for k in 0..3u64 {
        let index = ((seed.wrapping_mul(31).wrapping_add(k * 7)) % all.len() as u64) as usize;
        if picked.iter().all(|l| l.id != all[index].id) {
            picked.push(all[index].clone());
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_read_and_write_fragments() {
        for (hash, route) in [
            ("", Route::Sandbox),
            ("#/", Route::Sandbox),
            ("#/lessons", Route::Map),
            ("#/quiz", Route::Quiz),
            (
                "#/lesson/first-multi-stage",
                Route::Lesson {
                    id: "first-multi-stage".into(),
                    step: None,
                },
            ),
            (
                "#/lesson/first-multi-stage/3",
                Route::Lesson {
                    id: "first-multi-stage".into(),
                    step: Some(3),
                },
            ),
        ] {
            assert_eq!(Route::parse(hash), Some(route.clone()), "{hash}");
            if !hash.is_empty() {
                assert_eq!(route.hash(), hash);
            }
        }
        assert_eq!(Route::parse("#s=abc"), None);
        assert_eq!(Route::parse("#/nowhere"), None);
    }
}
