//! The lesson file: front matter between `---` lines, then Markdown whose
//! fenced blocks carry the lesson's parts by their info string:
//!
//! - `dockerfile starter`: what the learner starts from;
//! - `dockerfile solution`: the reference solution;
//! - `LANG file=PATH`: a file of the build context (`text file=.dockerignore`);
//! - `LANG file=PATH solution`: a file as the solution has it (added, or
//!   changed from the starter's: the `.dockerignore` the lesson asks for);
//! - `checks`: one check a line (see `check.rs`);
//! - `hint`: one hint (Markdown), in the order they unlock;
//! - `question id=ID`: an exam-style question (see `question.rs`).
//!
//! Every other fenced block stays in the text, as an example.

use std::collections::BTreeMap;

use serde::Serialize;

use super::check::{parse_checks, Check};
use super::error::error;
pub use super::error::{LessonError, LessonErrorKind};
use super::fence::{fences, valid_id, Fence};
use super::question::{parse_question, Question};

/// A lesson, as its file declares it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    /// Where it sits in the course (1 first).
    pub order: u32,
    /// Estimated minutes.
    pub minutes: u32,
    /// A final challenge shows no hints.
    pub challenge: bool,
    /// The text (Markdown) with the lesson's blocks taken out.
    pub text: String,
    pub starter: String,
    pub solution: String,
    /// The build context's files by path.
    pub files: BTreeMap<String, String>,
    /// Files the solution adds or changes.
    pub solution_files: BTreeMap<String, String>,
    pub checks: Vec<Check>,
    pub hints: Vec<String>,
    pub questions: Vec<Question>,
    /// Solutions a learner would try that must not pass (kept from the
    /// page's lesson data: they are the course author's tests).
    #[serde(skip)]
    pub wrong: Vec<WrongSolution>,
}

/// A known wrong solution (```` ```dockerfile wrong ````): it must fail
/// the lesson. Its leading `#` comment says why it is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct WrongSolution {
    /// `wrong=NAME` ties context files (`file=PATH wrong=NAME`) to it.
    pub name: Option<String>,
    /// The line of its opening fence.
    pub line: usize,
    /// Why it is wrong: its leading comment lines.
    pub reason: String,
    pub dockerfile: String,
    /// Context files it changes or adds over the lesson's.
    pub files: BTreeMap<String, String>,
}

impl WrongSolution {
    /// The build context it is graded over: the lesson's files with its own.
    pub fn context(&self, lesson: &Lesson) -> BTreeMap<String, String> {
        let mut files = lesson.files.clone();
        files.extend(self.files.clone());
        files
    }
}

/// The roles a fenced block can have in a lesson.
const ROLES: &[&str] = &["starter", "solution", "checks", "hint", "question", "wrong"];

pub(crate) fn is_lesson_block(info: &[&str]) -> bool {
    info.iter()
        .any(|w| ROLES.contains(w) || w.starts_with("file=") || w.starts_with("wrong="))
}

/// A wrong solution's context file, before its solution is known: (line,
/// solution name, path, text).
type WrongFile = (usize, String, String, String);

/// Takes a `wrong` block (a wrong solution, or one of its files) into the
/// lesson; false for any other block.
fn take_wrong(
    lesson: &mut Lesson,
    block: &Fence<'_>,
    wrong_files: &mut Vec<WrongFile>,
) -> Result<bool, LessonError> {
    let wrong_name = block.attribute("wrong").map(str::to_string);
    let is_wrong = block.has("wrong") || wrong_name.is_some();
    if !is_wrong {
        return Ok(false);
    }
    if let Some(path) = block.attribute("file") {
        let Some(name) = wrong_name else {
            return Err(error(block.line, 1, LessonErrorKind::UnnamedWrongFile));
        };
        if !valid_path(path) {
            return Err(error(
                block.line,
                1,
                LessonErrorKind::BadFilePath(path.to_string()),
            ));
        }
        wrong_files.push((block.line, name, path.to_string(), block.body.clone()));
        return Ok(true);
    }
    let reason = leading_comment(&block.body);
    if reason.is_empty() {
        return Err(error(
            block.line + 1,
            1,
            LessonErrorKind::WrongWithoutReason,
        ));
    }
    if lesson.wrong.len() >= crate::limits::LESSON_WRONG {
        return Err(error(block.line, 1, LessonErrorKind::TooManyWrong));
    }
    if wrong_name.is_some() && lesson.wrong.iter().any(|w| w.name == wrong_name) {
        return Err(error(
            block.line,
            1,
            LessonErrorKind::Duplicate("wrong=NAME"),
        ));
    }
    lesson.wrong.push(WrongSolution {
        name: wrong_name,
        line: block.line,
        reason,
        dockerfile: block.body.clone(),
        files: BTreeMap::new(),
    });
    Ok(true)
}

/// Gives each wrong solution its files.
fn attach_wrong_files(lesson: &mut Lesson, wrong_files: Vec<WrongFile>) -> Result<(), LessonError> {
    for (line, name, path, body) in wrong_files {
        let Some(wrong) = lesson
            .wrong
            .iter_mut()
            .find(|w| w.name.as_deref() == Some(name.as_str()))
        else {
            return Err(error(line, 1, LessonErrorKind::UnknownWrong(name)));
        };
        if wrong.files.insert(path.clone(), body).is_some() {
            return Err(error(line, 1, LessonErrorKind::DuplicateFile(path)));
        }
    }
    Ok(())
}

/// The reason a wrong solution gives: its leading comment lines.
fn leading_comment(dockerfile: &str) -> String {
    dockerfile
        .lines()
        .map_while(|l| l.trim_start().strip_prefix('#'))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

/// The front matter's `key: value` pairs (with their lines), and the line
/// where the rest begins.
/// Front matter: each `key: value` with its line.
pub(crate) type FrontMatter = Vec<(String, String, usize)>;

pub(crate) fn front_matter(text: &str) -> Result<(FrontMatter, usize, &str), LessonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "---" => {}
        _ => return Err(error(1, 1, LessonErrorKind::NoFrontMatter)),
    }
    let mut pairs = Vec::new();
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    for (i, raw) in lines.enumerate() {
        let line_no = i + 2;
        offset += raw.len();
        let line = raw.trim_end();
        if line == "---" {
            return Ok((pairs, line_no + 1, &text[offset..]));
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(error(
                line_no,
                1,
                LessonErrorKind::BadFrontMatterLine(line.to_string()),
            ));
        };
        let value = value.trim().trim_matches('"').to_string();
        pairs.push((key.trim().to_string(), value, line_no));
    }
    Err(error(1, 1, LessonErrorKind::UnclosedFrontMatter))
}

fn number(key: &str, value: &str, line: usize) -> Result<u32, LessonError> {
    value.parse().map_err(|_| {
        error(
            line,
            key.len() + 3,
            LessonErrorKind::BadNumber {
                key: key.to_string(),
                value: value.to_string(),
            },
        )
    })
}

/// Whether a context path is one a lesson may give: relative, no `..`,
/// no empty parts.
fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

impl Lesson {
    /// Reads a lesson file.
    pub fn parse(text: &str) -> Result<Lesson, LessonError> {
        let (pairs, body_line, body) = front_matter(text)?;
        let mut id = None;
        let mut title = None;
        let mut order = None;
        let mut minutes = None;
        let mut challenge = false;
        for (key, value, line) in &pairs {
            match key.as_str() {
                "id" => {
                    if !valid_id(value) {
                        return Err(error(*line, 5, LessonErrorKind::BadId(value.clone())));
                    }
                    id = Some(value.clone());
                }
                "title" => title = Some(value.clone()),
                "order" => order = Some(number(key, value, *line)?),
                "minutes" => minutes = Some(number(key, value, *line)?),
                "challenge" => challenge = value == "true",
                _ => return Err(error(*line, 1, LessonErrorKind::UnknownKey(key.clone()))),
            }
        }
        let (text, blocks) = fences(body, body_line, |info| !is_lesson_block(info))?;
        let mut lesson = Lesson {
            id: id.ok_or(error(1, 1, LessonErrorKind::MissingKey("id")))?,
            title: title.ok_or(error(1, 1, LessonErrorKind::MissingKey("title")))?,
            order: order.ok_or(error(1, 1, LessonErrorKind::MissingKey("order")))?,
            minutes: minutes.unwrap_or(10),
            challenge,
            text: text.trim().to_string() + "\n",
            starter: String::new(),
            solution: String::new(),
            files: BTreeMap::new(),
            solution_files: BTreeMap::new(),
            checks: Vec::new(),
            hints: Vec::new(),
            questions: Vec::new(),
            wrong: Vec::new(),
        };
        let mut seen_checks = false;
        let mut wrong_files: Vec<WrongFile> = Vec::new();
        for block in blocks {
            if take_wrong(&mut lesson, &block, &mut wrong_files)? {
                continue;
            }
            if let Some(path) = block.attribute("file") {
                if !valid_path(path) {
                    return Err(error(
                        block.line,
                        1,
                        LessonErrorKind::BadFilePath(path.to_string()),
                    ));
                }
                let files = if block.has("solution") {
                    &mut lesson.solution_files
                } else {
                    &mut lesson.files
                };
                if files.insert(path.to_string(), block.body.clone()).is_some() {
                    return Err(error(
                        block.line,
                        1,
                        LessonErrorKind::DuplicateFile(path.to_string()),
                    ));
                }
            } else if block.has("starter") {
                if !lesson.starter.is_empty() {
                    return Err(error(block.line, 1, LessonErrorKind::Duplicate("starter")));
                }
                lesson.starter = block.body;
            } else if block.has("solution") {
                if !lesson.solution.is_empty() {
                    return Err(error(block.line, 1, LessonErrorKind::Duplicate("solution")));
                }
                lesson.solution = block.body;
            } else if block.has("checks") {
                if seen_checks {
                    return Err(error(block.line, 1, LessonErrorKind::Duplicate("checks")));
                }
                seen_checks = true;
                lesson.checks = parse_checks(&block.body).map_err(|(offset, message)| {
                    error(
                        block.line + 1 + offset,
                        1,
                        LessonErrorKind::BadCheck(message),
                    )
                })?;
            } else if block.has("hint") {
                lesson.hints.push(block.body.trim().to_string());
            } else if block.has("question") {
                let question = parse_question(&block).map_err(|(offset, message)| {
                    error(
                        block.line + offset,
                        1,
                        LessonErrorKind::BadQuestion(message),
                    )
                })?;
                lesson.questions.push(question);
            }
        }
        for (what, missing) in [
            ("`dockerfile starter`", lesson.starter.is_empty()),
            ("`dockerfile solution`", lesson.solution.is_empty()),
            (
                "`checks`",
                lesson.checks.is_empty() && lesson.questions.is_empty(),
            ),
        ] {
            if missing {
                return Err(error(1, 1, LessonErrorKind::Missing(what)));
            }
        }
        if lesson.challenge && !lesson.hints.is_empty() {
            return Err(error(1, 1, LessonErrorKind::ChallengeWithHints));
        }
        attach_wrong_files(&mut lesson, wrong_files)?;
        Ok(lesson)
    }

    /// The context files of the reference solution: the lesson's, with
    /// the solution's own.
    pub fn solution_context(&self) -> BTreeMap<String, String> {
        let mut files = self.files.clone();
        files.extend(self.solution_files.clone());
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = "---
id: first
title: The first build
order: 1
minutes: 5
---

# Hello

Some text.

```dockerfile
FROM example
```

```dockerfile starter
FROM golang:1.22
```

```go file=main.go
package main
```

```text file=.dockerignore solution
*.md
```

```dockerfile solution
FROM scratch
```

```checks
stages >= 2
```

```hint
Use **two** stages.
```

````hint
A hint with a block:
```dockerfile
FROM x
```
````
";

    #[test]
    fn a_lesson_has_its_parts() {
        let lesson = Lesson::parse(LESSON).expect("parses");
        assert_eq!(lesson.id, "first");
        assert_eq!(lesson.title, "The first build");
        assert_eq!((lesson.order, lesson.minutes), (1, 5));
        assert_eq!(lesson.starter, "FROM golang:1.22\n");
        assert_eq!(lesson.solution, "FROM scratch\n");
        assert_eq!(lesson.files["main.go"], "package main\n");
        assert!(!lesson.files.contains_key(".dockerignore"));
        assert_eq!(lesson.solution_context()[".dockerignore"], "*.md\n");
        assert_eq!(lesson.checks.len(), 1);
        assert_eq!(lesson.hints.len(), 2);
        assert!(lesson.hints[1].contains("```dockerfile\nFROM x\n```"));
        // The example block stays in the text; the lesson's blocks do not.
        assert!(lesson.text.contains("```dockerfile\nFROM example\n```"));
        assert!(!lesson.text.contains("golang"));
    }

    fn problem(text: &str) -> (usize, String) {
        let e = Lesson::parse(text).expect_err("fails");
        (e.line, e.kind.to_string())
    }

    #[test]
    fn problems_name_their_line() {
        assert_eq!(problem("# no front matter\n").0, 1);
        let unclosed = LESSON.trim_end().trim_end_matches('`');
        let (line, message) = problem(unclosed);
        assert!(message.contains("never closed"), "{message}");
        assert_eq!(line, 40);
        let bad_check = LESSON.replace("stages >= 2", "stages >= two");
        assert_eq!(problem(&bad_check).0, 33);
        let bad_order = LESSON.replace("order: 1", "order: first");
        assert_eq!(
            problem(&bad_order),
            (4, "`order` must be a whole number, not \"first\"".into())
        );
        let no_solution = LESSON.replace("dockerfile solution", "dockerfile");
        assert!(problem(&no_solution)
            .1
            .contains("no `dockerfile solution` block"));
        let bad_path = LESSON.replace("file=main.go", "file=../main.go");
        assert_eq!(problem(&bad_path).0, 20);
        let bad_id = LESSON.replace("id: first", "id: First Lesson");
        assert!(problem(&bad_id).1.contains("lower-case"));
    }

    #[test]
    fn a_challenge_has_no_hints() {
        let challenge = LESSON.replace("minutes: 5", "minutes: 5\nchallenge: true");
        assert!(problem(&challenge).1.contains("challenge has no hints"));
    }
}
