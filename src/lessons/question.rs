//! An exam-style question, in the two formats of the Docker Certified
//! Associate exam: multiple choice (pick one, or pick all that apply) and
//! discrete-option multiple choice (DOMC: the options come one at a time
//! and each gets a yes or a no). In a fenced block:
//!
//! ````text
//! ```question id=copy-from kind=domc topic=multi-stage
//! Which instruction copies a file from an earlier stage?
//!
//! - [ ] `ADD --stage=build /app /app`
//! - [x] `COPY --from=build /app /app`
//!
//! `COPY --from` takes a stage name or index; ADD has no such flag.
//! ```
//! ````
//!
//! The text before the options is the prompt, `[x]` marks a right option,
//! and the text after them explains the answer.

use serde::{Deserialize, Serialize};

use super::fence::{valid_id, Fence};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Pick the right option (or all the right ones, when several are).
    Choice,
    /// Discrete-option multiple choice: one option at a time, yes or no.
    Domc,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub topic: String,
    /// Markdown.
    pub prompt: String,
    pub options: Vec<String>,
    /// Indices of the right options, ascending.
    pub correct: Vec<usize>,
    /// Markdown: why the answer is right.
    pub explanation: String,
}

impl Question {
    /// Whether `chosen` (option indices, any order) is the right answer.
    pub fn is_right(&self, chosen: &[usize]) -> bool {
        let mut chosen = chosen.to_vec();
        chosen.sort_unstable();
        chosen.dedup();
        chosen == self.correct
    }

    /// The answer a DOMC question takes when the learner says `yes` to
    /// option `index`, having said no to the ones before: what they chose.
    /// A no to a right option ends the question with nothing chosen.
    pub fn domc_answer(&self, index: usize, yes: bool) -> Option<Vec<usize>> {
        let right = self.correct.contains(&index);
        match (yes, right) {
            (true, _) => Some(vec![index]),
            (false, true) => Some(Vec::new()),
            (false, false) => None,
        }
    }
}

fn option(line: &str) -> Option<(bool, &str)> {
    let rest = line.trim_start().strip_prefix("- [")?;
    let (mark, text) = rest.split_once(']')?;
    let right = match mark {
        "x" | "X" => true,
        " " => false,
        _ => return None,
    };
    Some((right, text.trim()))
}

/// Reads a question block; an error is (line offset from the fence, why).
pub(crate) fn parse_question(block: &Fence<'_>) -> Result<Question, (usize, String)> {
    let id = block
        .attribute("id")
        .ok_or((0, "a question needs `id=NAME` after `question`".to_string()))?;
    if !valid_id(id) {
        return Err((0, format!("the question id {id:?} must be [a-z0-9-]")));
    }
    let kind = match block.attribute("kind").unwrap_or("choice") {
        "choice" => QuestionKind::Choice,
        "domc" => QuestionKind::Domc,
        other => return Err((0, format!("kind is choice or domc, not {other:?}"))),
    };
    let mut prompt = String::new();
    let mut options = Vec::new();
    let mut correct = Vec::new();
    let mut explanation = String::new();
    for (i, line) in block.body.lines().enumerate() {
        if let Some((right, text)) = option(line) {
            if !explanation.trim().is_empty() {
                return Err((
                    i + 1,
                    "the options come together, before the explanation".into(),
                ));
            }
            if right {
                correct.push(options.len());
            }
            options.push(text.to_string());
        } else if options.is_empty() {
            prompt.push_str(line);
            prompt.push('\n');
        } else {
            explanation.push_str(line);
            explanation.push('\n');
        }
    }
    let trimmed = |s: String| s.trim().to_string();
    let question = Question {
        id: id.to_string(),
        kind,
        topic: block.attribute("topic").unwrap_or("general").to_string(),
        prompt: trimmed(prompt),
        options,
        correct,
        explanation: trimmed(explanation),
    };
    if question.prompt.is_empty() {
        return Err((1, "a question needs its text before the options".into()));
    }
    if question.options.len() < 2 {
        return Err((1, "a question needs at least two options `- [ ]`".into()));
    }
    if question.correct.is_empty() {
        return Err((1, "mark the right option with `- [x]`".into()));
    }
    if question.kind == QuestionKind::Domc && question.correct.len() != 1 {
        return Err((0, "a DOMC question has exactly one right option".into()));
    }
    if question.explanation.is_empty() {
        return Err((1, "explain the answer after the options".into()));
    }
    Ok(question)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(info: &str, body: &str) -> Result<Question, (usize, String)> {
        let block = Fence {
            line: 1,
            info: info.split_whitespace().collect(),
            body: body.to_string(),
        };
        parse_question(&block)
    }

    #[test]
    fn a_question_has_a_prompt_options_and_an_explanation() {
        let q = read(
            "question id=q1 kind=domc topic=cache",
            "Which?\n\n- [ ] ADD\n- [x] COPY --from\n\nBecause.\n",
        )
        .expect("reads");
        assert_eq!(q.prompt, "Which?");
        assert_eq!(q.options, ["ADD", "COPY --from"]);
        assert_eq!(q.correct, [1]);
        assert_eq!(q.kind, QuestionKind::Domc);
        assert_eq!(q.topic, "cache");
        assert_eq!(q.explanation, "Because.");
        assert!(q.is_right(&[1]));
        assert!(!q.is_right(&[0, 1]));
        // DOMC: a no to a wrong option goes on; a no to the right one ends.
        assert_eq!(q.domc_answer(0, false), None);
        assert_eq!(q.domc_answer(0, true), Some(vec![0]));
        assert_eq!(q.domc_answer(1, false), Some(vec![]));
    }

    #[test]
    fn several_right_options_must_all_be_chosen() {
        let q = read(
            "question id=q2",
            "Pick two\n- [x] a\n- [x] b\n- [ ] c\nWhy.",
        )
        .expect("reads");
        assert!(q.is_right(&[1, 0]));
        assert!(!q.is_right(&[0]));
    }

    #[test]
    fn a_question_without_a_right_option_or_an_id_is_refused() {
        assert!(read("question", "Q\n- [ ] a\n- [ ] b\nWhy").is_err());
        let (_, why) = read("question id=q", "Q\n- [ ] a\n- [ ] b\nWhy").expect_err("no answer");
        assert!(why.contains("[x]"), "{why}");
        let (_, why) =
            read("question id=q kind=domc", "Q\n- [x] a\n- [x] b\nWhy").expect_err("two");
        assert!(why.contains("exactly one"), "{why}");
    }
}
