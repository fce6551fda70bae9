//! Exam practice: the question bank (lessons/quiz.md: front matter, then
//! `question` blocks), questions generated from live simulated builds of
//! the lessons' Dockerfiles, and a quiz session with its score and review.

use serde::Serialize;

use crate::engine::build::{Build, StageStatus};
use crate::engine::catalog::data::Lacking;
use crate::engine::catalog::Catalog;
use crate::engine::image::{human_size, Image};
use crate::engine::plan::BuildOptions;

use super::error::{LessonError, LessonErrorKind};
use super::fence::fences;
use super::format::front_matter;
use super::grade::context_of;
use super::question::{parse_question, Question, QuestionKind};
use super::Lesson;

/// The written questions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bank {
    pub questions: Vec<Question>,
}

impl Bank {
    pub fn parse(text: &str) -> Result<Bank, LessonError> {
        let (_, body_line, body) = front_matter(text)?;
        let (_, blocks) = fences(body, body_line, |info| !info.contains(&"question"))?;
        let mut questions: Vec<Question> = Vec::new();
        for block in blocks {
            let question = parse_question(&block).map_err(|(offset, message)| LessonError {
                line: block.line + offset,
                column: 1,
                kind: LessonErrorKind::BadQuestion(message),
            })?;
            if questions.iter().any(|q| q.id == question.id) {
                return Err(LessonError {
                    line: block.line,
                    column: 1,
                    kind: LessonErrorKind::BadQuestion(format!(
                        "the id {} is used twice",
                        question.id
                    )),
                });
            }
            questions.push(question);
        }
        Ok(Bank { questions })
    }
}

fn fenced(dockerfile: &str) -> String {
    format!("```dockerfile\n{}```", dockerfile)
}

/// A path `has` has and `lacks` does not (not even as a link, dangling
/// or not): the largest directory two or three levels deep.
fn telling_path(has: &Image, lacks: &Image) -> Option<String> {
    let mut best: Option<(u64, String)> = None;
    for (path, _) in has.filesystem.walk() {
        let depth = path.matches('/').count();
        if !(2..=3).contains(&depth) || lacks.filesystem.lookup(&path, false).is_ok() {
            continue;
        }
        let size: u64 = has
            .filesystem
            .walk_under(&path)
            .iter()
            .filter_map(|(_, n)| match n {
                crate::engine::vfs::Node::File(f) => Some(f.content.size()),
                _ => None,
            })
            .sum();
        if best.as_ref().is_none_or(|(b, _)| size > *b) {
            best = Some((size, path));
        }
    }
    best.map(|(_, p)| p)
}

/// "Is PATH in the final image?" about the starter's build: yes, with
/// what put it there (from the lineage), or no, for a path only an
/// earlier stage has. Which one a lesson asks alternates with its order,
/// so that the answers are balanced.
fn path_question(lesson: &Lesson, starter: &Build, solution: &Image) -> Option<Question> {
    let image = starter.image()?;
    let earlier = starter
        .stages
        .iter()
        .filter(|s| Some(s.index) != starter.target)
        .find_map(|s| {
            let path = telling_path(s.image.as_ref()?, image)?;
            Some((s, path))
        });
    let no = earlier
        .map(|(stage, path)| {
            let why = format!(
                "No. `{path}` is in stage {} (line {}), and the final image has no `{path}`: only the final stage's layers, with what its COPY --from lines bring in, make the image.",
                stage.display_name, stage.line
            );
            (path, why)
        })
        .or_else(|| {
            // What the lesson's solution's own steps add, and this
            // Dockerfile lacks.
            let path = largest_made(solution, Some(image))?;
            let base = match starter.stages.get(starter.target?)?.base.as_ref()? {
                crate::engine::build::StageBase::Image { requested, .. } => requested.clone(),
                _ => "scratch".into(),
            };
            let why = format!(
                "No. Nothing in this Dockerfile puts `{path}` in the final image, and its base image {base} has none."
            );
            Some((path, why))
        });
    let yes = telling_path(image, solution)
        .or_else(|| largest_made(image, None))
        .map(|path| {
            let how = super::check::how_it_got_there(starter, &path);
            let why = format!("Yes. `{path}` {how}.");
            (path, why)
        });
    let (path, yes, why) = match (no, yes) {
        (Some((path, why)), Some(_)) if lesson.order % 2 == 0 => (path, false, why),
        (_, Some((path, why))) => (path, true, why),
        (Some((path, why)), None) => (path, false, why),
        (None, None) => return None,
    };
    Some(Question {
        id: format!("live-{}-path", lesson.id),
        kind: QuestionKind::Choice,
        topic: "multi-stage".into(),
        prompt: format!(
            "Is `{path}` in the final image this Dockerfile builds?\n\n{}",
            fenced(&lesson.starter)
        ),
        options: vec!["Yes".into(), "No".into()],
        correct: vec![usize::from(!yes)],
        explanation: why,
    })
}

/// The largest directory (two or three levels deep) a step of this
/// Dockerfile put in the final image (and `absent` lacks, links too).
fn largest_made(image: &Image, absent: Option<&Image>) -> Option<String> {
    let first_own = image
        .layers
        .iter()
        .position(|l| matches!(l.origin, crate::engine::image::LayerOrigin::Step { .. }))?;
    let mut best: Option<(u64, String)> = None;
    for layer in &image.layers[first_own..] {
        for change in layer.changes.iter() {
            let depth = change.path.matches('/').count();
            if !(2..=3).contains(&depth) {
                continue;
            }
            let size: u64 = image
                .filesystem
                .walk_under(&change.path)
                .iter()
                .map(|(_, n)| n.size())
                .sum::<u64>()
                + change.size();
            let elsewhere =
                absent.is_some_and(|a| a.filesystem.lookup(&change.path, false).is_ok());
            if image.filesystem.lookup(&change.path, false).is_ok()
                && !elsewhere
                && best.as_ref().is_none_or(|(b, _)| size > *b)
            {
                best = Some((size, change.path.clone()));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// With three or more stages in the starter: which stages does `--target`
/// build, with BuildKit (those the target needs) or, for every other
/// lesson, with the legacy builder (every stage up to the target).
fn target_question(
    lesson: &Lesson,
    starter: &Build,
    build_of: &dyn Fn(&str, Option<&str>) -> Build,
) -> Option<Question> {
    if starter.stages.len() < 3 {
        return None;
    }
    let last = starter.stages.len() - 1;
    let target = starter
        .stages
        .iter()
        .find(|s| s.name.is_some() && s.index > 0 && s.index < last)?;
    let name = target.name.clone()?;
    let targeted = build_of(&lesson.starter, Some(&name));
    let needed: Vec<String> = targeted
        .stages
        .iter()
        .filter(|s| s.status == StageStatus::Built)
        .map(|s| s.display_name.clone())
        .collect();
    let up_to: Vec<String> = starter.stages[..=target.index]
        .iter()
        .map(|s| s.display_name.clone())
        .collect();
    let all: Vec<String> = starter
        .stages
        .iter()
        .map(|s| s.display_name.clone())
        .collect();
    let legacy = lesson.order % 2 == 1;
    let mut options = vec![
        format!("Only {}", needed.join(", ")),
        format!("Every stage up to {name}: {}", up_to.join(", ")),
        format!("All of them: {}", all.join(", ")),
    ];
    let right = if legacy { 1 } else { 0 };
    // Two answers that name the same stages would be one answer.
    if needed == up_to {
        options.remove(if legacy { 0 } else { 1 });
    }
    let right = right.min(options.len() - 2);
    let builder = if legacy {
        "the legacy builder (`DOCKER_BUILDKIT=0`)"
    } else {
        "BuildKit"
    };
    Some(Question {
        id: format!("live-{}-target", lesson.id),
        kind: QuestionKind::Choice,
        topic: "build-targets".into(),
        prompt: format!(
            "With {builder}, `docker build --target {name} .` on this Dockerfile builds which stages?\n\n{}",
            fenced(&lesson.starter)
        ),
        options,
        correct: vec![right],
        explanation: format!(
            "BuildKit builds only the stages the target needs, through FROM and COPY --from ({}); the legacy builder builds every stage from the first up to the target ({}), needed or not. Neither builds the stages after the target.",
            needed.join(", "),
            up_to.join(", ")
        ),
    })
}

/// Four sizes a factor of four apart, smallest first, the right one at
/// rank `rank` (0 to 3), so that its place among them tells nothing.
fn size_options(size: u64, rank: usize) -> (Vec<String>, usize) {
    let rank = rank % 4;
    let sizes: Vec<u64> = (0..4)
        .map(|i| {
            let steps = i - rank as i32;
            (size as f64 * 4f64.powi(steps)).max(1.0) as u64
        })
        .collect();
    (sizes.into_iter().map(human_size).collect(), rank)
}

/// Questions about what these lessons' Dockerfiles build, answered by
/// building them: is a path in the final image, how big it is, which
/// stages `--target` runs. Data files the builds lacked are noted in
/// `lacking` (the page fetches them and asks again).
pub fn generated(lessons: &[Lesson], catalog: &dyn Catalog, lacking: &Lacking) -> Vec<Question> {
    let mut out = Vec::new();
    for lesson in lessons {
        let solution_files = lesson.solution_context();
        let build_of = |dockerfile: &str, target: Option<&str>| {
            let files = if dockerfile == lesson.solution {
                &solution_files
            } else {
                &lesson.files
            };
            let context = context_of(files, dockerfile);
            let options = BuildOptions {
                target: target.map(str::to_string),
                ..BuildOptions::default()
            };
            let build = crate::engine::build(dockerfile, &context, &options, catalog);
            lacking.extend(build.lacking.iter().cloned());
            build
        };
        let starter = build_of(&lesson.starter, None);
        let solution = build_of(&lesson.solution, None);
        let (Some(starter_image), Some(solution_image)) = (starter.image(), solution.image())
        else {
            continue;
        };
        // Every question shows the starter: the learner sees it anyway,
        // and the solution stays the lesson's to find.
        if let Some(question) = path_question(lesson, &starter, solution_image) {
            out.push(question);
        }
        let (options, right) = size_options(starter_image.size(), lesson.order as usize);
        out.push(Question {
            id: format!("live-{}-size", lesson.id),
            kind: QuestionKind::Choice,
            topic: "image-size".into(),
            prompt: format!(
                "About how big is the image this Dockerfile builds?\n\n{}",
                fenced(&lesson.starter)
            ),
            options,
            correct: vec![right],
            explanation: format!(
                "The simulated build gives {} in {} layers: the base image's layers plus what this Dockerfile's final stage adds.",
                human_size(starter_image.size()),
                starter_image.layers.len()
            ),
        });
        if let Some(question) = target_question(lesson, &starter, &build_of) {
            out.push(question);
        }
    }
    out
}

/// One round of the quiz.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quiz {
    pub questions: Vec<Question>,
    /// The answer to each, once given.
    pub answers: Vec<Option<Vec<usize>>>,
}

/// A small, seeded shuffle (the same seed, the same order), so that a
/// teacher can name a round.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// A question's options in another order, its key moved with them: the
/// exam shows options in random order, so a key's place tells nothing.
fn shuffle_options(question: &mut Question, seed: u64) {
    let mut order: Vec<usize> = (0..question.options.len()).collect();
    shuffle(&mut order, seed);
    question.options = order
        .iter()
        .filter_map(|&i| question.options.get(i).cloned())
        .collect();
    question.correct = order
        .iter()
        .enumerate()
        .filter(|(_, old)| question.correct.contains(old))
        .map(|(new, _)| new)
        .collect();
}

/// A seed for one question of a round: the round's seed and the
/// question's id, so that a question's order does not depend on where it
/// falls in the round.
fn question_seed(seed: u64, id: &str) -> u64 {
    crate::engine::content::Digester::new()
        .update(&seed.to_le_bytes())
        .part(id)
        .finish()
        .0
}

impl Quiz {
    /// `count` questions: written ones and generated ones, mixed by `seed`,
    /// each with its options shuffled by the same seed (so a round named
    /// by its seed shows the same options in the same order).
    pub fn new(bank: &Bank, generated: &[Question], count: usize, seed: u64) -> Quiz {
        let mut written = bank.questions.clone();
        shuffle(&mut written, seed);
        let mut live = generated.to_vec();
        shuffle(&mut live, seed.wrapping_add(1));
        let live_count = (count / 4).min(live.len());
        let mut questions: Vec<Question> = live.into_iter().take(live_count).collect();
        questions.extend(written.into_iter().take(count.saturating_sub(live_count)));
        shuffle(&mut questions, seed.wrapping_add(2));
        for question in &mut questions {
            shuffle_options(question, question_seed(seed, &question.id));
        }
        let answers = vec![None; questions.len()];
        Quiz { questions, answers }
    }

    pub fn answer(&mut self, index: usize, chosen: Vec<usize>) {
        if let Some(slot) = self.answers.get_mut(index) {
            *slot = Some(chosen);
        }
    }

    /// Whether question `index` was answered right.
    pub fn is_right(&self, index: usize) -> Option<bool> {
        let chosen = self.answers.get(index)?.as_ref()?;
        Some(self.questions.get(index)?.is_right(chosen))
    }

    pub fn score(&self) -> usize {
        (0..self.questions.len())
            .filter(|&i| self.is_right(i) == Some(true))
            .count()
    }

    pub fn finished(&self) -> bool {
        self.answers.iter().all(Option::is_some)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const BANK: &str = "---\ntitle: Quiz\n---\n\n```question id=a\nQ1\n- [x] y\n- [ ] n\nWhy.\n```\n\n```question id=b kind=domc\nQ2\n- [ ] y\n- [x] n\nWhy.\n```\n";

    #[test]
    fn a_round_scores_its_answers() {
        let bank = Bank::parse(BANK).expect("parses");
        assert_eq!(bank.questions.len(), 2);
        let mut quiz = Quiz::new(&bank, &[], 2, 7);
        assert_eq!(quiz.questions.len(), 2);
        let a = quiz.questions.iter().position(|q| q.id == "a").expect("a");
        quiz.answer(a, vec![0]);
        assert!(!quiz.finished());
        quiz.answer(1 - a, vec![0]);
        assert!(quiz.finished());
        assert_eq!(quiz.score(), 1);
        // The same seed, the same round.
        assert_eq!(Quiz::new(&bank, &[], 2, 7).questions, quiz.questions);
    }

    /// 1,000 rounds of the real bank: for each format, how often the key
    /// sits at each position against what chance gives, and how often the
    /// key is the longest option.
    #[test]
    fn keys_fall_anywhere_and_are_not_the_longest() {
        let bank =
            Bank::parse(crate::lessons::curriculum::quiz_text().expect("bank")).expect("parses");
        type Tally = (Vec<f64>, Vec<f64>, usize, usize);
        let mut by_format: BTreeMap<&str, Tally> = BTreeMap::new();
        for seed in 0..1000u64 {
            let quiz = Quiz::new(&bank, &[], 20, seed);
            for q in &quiz.questions {
                let format = match (q.kind, q.correct.len()) {
                    (QuestionKind::Domc, _) => "domc",
                    (_, 1) => "single",
                    _ => "several",
                };
                let (observed, expected, longest, seen) = by_format
                    .entry(format)
                    .or_insert_with(|| (vec![0.0; 8], vec![0.0; 8], 0, 0));
                let n = q.options.len();
                for slot in expected.iter_mut().take(n) {
                    *slot += q.correct.len() as f64 / n as f64;
                }
                for &k in &q.correct {
                    observed[k] += 1.0;
                }
                let lengths: Vec<usize> = q.options.iter().map(|o| o.chars().count()).collect();
                let max = lengths.iter().copied().max().unwrap_or(0);
                let unique = lengths.iter().filter(|l| **l == max).count() == 1;
                if unique && q.correct.iter().any(|&k| lengths[k] == max) {
                    *longest += 1;
                }
                *seen += 1;
            }
        }
        for (format, (observed, expected, longest, seen)) in &by_format {
            let keys: f64 = observed.iter().sum();
            for (position, (o, e)) in observed.iter().zip(expected).enumerate() {
                // Shares of all keys of the format, within 3 points.
                let off = (o - e).abs() / keys;
                assert!(
                    off < 0.03,
                    "{format}: the key is at position {position} {o} times, chance gives {e:.0}"
                );
            }
            let share = *longest as f64 / *seen as f64;
            assert!(
                share <= 0.30,
                "{format}: the key is the longest option in {:.0}% of questions asked",
                share * 100.0
            );
        }
        assert!(by_format.contains_key("domc") && by_format.contains_key("single"));
    }

    #[test]
    fn a_shuffled_question_keeps_its_key() {
        let bank = Bank::parse(BANK).expect("parses");
        let original = &bank.questions[0];
        let moved = (0..50u64).any(|seed| {
            let mut q = original.clone();
            shuffle_options(&mut q, seed);
            assert_eq!(
                q.options[q.correct[0]],
                original.options[original.correct[0]]
            );
            q.options != original.options
        });
        assert!(moved, "fifty seeds never moved an option");
    }

    #[test]
    fn a_repeated_id_is_refused() {
        let twice = BANK.replace("id=b", "id=a");
        let e = Bank::parse(&twice).expect_err("twice");
        assert!(e.to_string().contains("used twice"));
    }
}
