//! Exam practice: the question bank (lessons/quiz.md: front matter, then
//! `question` blocks), questions generated from live simulated builds of
//! the lessons' Dockerfiles, and a quiz session with its score and review.

use serde::Serialize;

use crate::engine::build::StageStatus;
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

/// A path the starter's image has and the solution's lacks: the largest
/// top-level directory of the difference, two levels deep.
fn telling_path(starter: &Image, solution: &Image) -> Option<String> {
    let mut best: Option<(u64, String)> = None;
    for (path, _) in starter.filesystem.walk() {
        let depth = path.matches('/').count();
        if !(2..=3).contains(&depth) || solution.filesystem.exists(&path) {
            continue;
        }
        let size: u64 = starter
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

/// Four sizes: the right one and three an order of magnitude off, sorted.
fn size_options(size: u64) -> (Vec<String>, usize) {
    let mut sizes = vec![
        size,
        size / 10 + 1,
        size.saturating_mul(4),
        size.saturating_mul(20),
    ];
    sizes.sort_unstable();
    sizes.dedup();
    let right = sizes.iter().position(|s| *s == size).unwrap_or(0);
    (sizes.into_iter().map(human_size).collect(), right)
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
        if let Some(path) = telling_path(starter_image, solution_image) {
            out.push(Question {
                id: format!("live-{}-path", lesson.id),
                kind: QuestionKind::Choice,
                topic: "multi-stage".into(),
                prompt: format!(
                    "Is `{path}` in the final image this Dockerfile builds?\n\n{}",
                    fenced(&lesson.solution)
                ),
                options: vec!["Yes".into(), "No".into()],
                correct: vec![1],
                explanation: format!(
                    "No. The build was simulated: `{path}` is only in a stage the final image does not ship. Only the target stage's layers, and what COPY --from brings into them, are in the image. (In the starter of lesson \"{}\" it was there.)",
                    lesson.title
                ),
            });
        }
        let (options, right) = size_options(solution_image.size());
        out.push(Question {
            id: format!("live-{}-size", lesson.id),
            kind: QuestionKind::Choice,
            topic: "image-size".into(),
            prompt: format!(
                "About how big is the image this Dockerfile builds?\n\n{}",
                fenced(&lesson.solution)
            ),
            options,
            correct: vec![right],
            explanation: format!(
                "The simulated build gives {} in {} layers: the base image's layers plus what this Dockerfile's final stage adds.",
                human_size(solution_image.size()),
                solution_image.layers.len()
            ),
        });
        // With three or more stages: which does BuildKit skip?
        if solution.stages.len() >= 3 {
            let first = &solution.stages[0];
            let target = solution
                .stages
                .iter()
                .find(|s| s.name.is_some() && s.index > 0 && s.index + 1 < solution.stages.len());
            if let Some(target) = target.and_then(|t| t.name.clone()) {
                let targeted = build_of(&lesson.solution, Some(&target));
                let built: Vec<String> = targeted
                    .stages
                    .iter()
                    .filter(|s| s.status == StageStatus::Built)
                    .map(|s| s.display_name.clone())
                    .collect();
                let names: Vec<String> = solution
                    .stages
                    .iter()
                    .map(|s| s.display_name.clone())
                    .collect();
                let skipped_first = !built.contains(&first.display_name);
                out.push(Question {
                    id: format!("live-{}-target", lesson.id),
                    kind: QuestionKind::Choice,
                    topic: "build-targets".into(),
                    prompt: format!(
                        "With BuildKit, `docker build --target {target} .` on this Dockerfile builds which stages?\n\n{}",
                        fenced(&lesson.solution)
                    ),
                    options: vec![
                        format!("Only {}", built.join(", ")),
                        format!("All of them: {}", names.join(", ")),
                    ],
                    correct: vec![0],
                    explanation: format!(
                        "BuildKit builds only the stages the target needs (through FROM and COPY --from): {}.{} The legacy builder built every stage up to the target.",
                        built.join(", "),
                        if skipped_first { " The first stage is not among them." } else { "" }
                    ),
                });
            }
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
