//! `stagecraft lessons check [DIR]` verifies a course (the embedded one, or
//! DIR's `*.md` but its README); `stagecraft grade --lesson ID DOCKERFILE`
//! grades a learner's Dockerfile, exit status 0 when it passes.

use std::io::Write;
use std::path::Path;

use super::args::{read_dockerfile, usage_error};
use super::host::{self, HostError};
use super::images::catalog as builtin;
use crate::lessons::curriculum::{self, QUIZ_FILE};
use crate::lessons::grade::{grade, grade_in, Answers, Grade, Reference};
use crate::lessons::verify::verify_course;
use crate::lessons::Lesson;

/// A course's files (name, text): DIR's Markdown files but the README,
/// each a regular file (or a link to one inside DIR) within the limit.
fn course_files(dir: Option<&str>) -> Result<Vec<(String, String)>, HostError> {
    let Some(dir) = dir else {
        let mut files: Vec<(String, String)> = curriculum::lesson_files()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        if let Ok(bank) = curriculum::quiz_text() {
            files.push((QUIZ_FILE.to_string(), bank.to_string()));
        }
        return Ok(files);
    };
    let root = Path::new(dir);
    let read_error = |error| HostError::Io {
        path: dir.to_string(),
        error,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.ends_with(".md") && name != "README.md" {
            let text = host::read_text(&path, &[root], crate::limits::LESSON_FILE_BYTES)?;
            files.push((name, text));
        }
    }
    files.sort();
    Ok(files)
}

pub fn lessons_command(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    match args.first().map(String::as_str) {
        Some("check") => {}
        _ => return usage_error(stderr, "lessons takes a subcommand: check [DIR]"),
    }
    let verbose = args[1..].iter().any(|a| a == "-v" || a == "--verbose");
    let rest: Vec<&String> = args[1..]
        .iter()
        .filter(|a| *a != "-v" && *a != "--verbose")
        .collect();
    if rest.len() > 1 {
        return usage_error(stderr, "lessons check takes at most one DIR (and -v)");
    }
    let dir = rest.first().map(|s| s.as_str());
    let files = match course_files(dir) {
        Ok(files) => files,
        Err(error) => {
            let _ = writeln!(stderr, "stagecraft: {error}");
            return error.status();
        }
    };
    if files.is_empty() {
        let _ = writeln!(
            stderr,
            "stagecraft: no lessons in {}",
            dir.unwrap_or("this build")
        );
        return 1;
    }
    let verdicts = verify_course(&files, builtin());
    let mut failed = 0;
    for v in &verdicts {
        let name = match &v.id {
            Some(id) => format!("{} ({id})", v.file),
            None => v.file.clone(),
        };
        let wrong = match v.wrong.len() {
            0 => String::new(),
            1 => ": its wrong solution fails".to_string(),
            n => format!(": its {n} wrong solutions fail"),
        };
        if v.problems.is_empty() {
            let _ = writeln!(stdout, "ok    {name}{wrong}");
        } else {
            failed += 1;
            let _ = writeln!(stdout, "FAIL  {name}");
            for p in &v.problems {
                let _ = writeln!(stdout, "      {p}");
            }
        }
        if verbose {
            for w in &v.wrong {
                let _ = writeln!(stdout, "      wrong, line {}: {}", w.line, w.reason);
                for f in &w.failed {
                    let _ = writeln!(stdout, "        fails {f}");
                }
            }
        }
    }
    let _ = writeln!(
        stdout,
        "{} of {} files sound",
        verdicts.len() - failed,
        verdicts.len()
    );
    i32::from(failed > 0)
}

/// `ID=a` or `ID=a,c`: options by letter.
fn parse_answer(text: &str) -> Option<(String, Vec<usize>)> {
    let (id, letters) = text.split_once('=')?;
    let chosen = letters
        .split(',')
        .map(|l| {
            let mut chars = l.trim().chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_lowercase() => Some(c as usize - 'a' as usize),
                _ => None,
            }
        })
        .collect::<Option<Vec<usize>>>()?;
    Some((id.to_string(), chosen))
}

pub fn grade_command(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let mut lesson_id = None;
    let mut lessons_dir = None;
    let mut context = None;
    let mut json = false;
    let mut answers = Answers::new();
    let mut file = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let mut value = |name: &str| {
            i += 1;
            args.get(i).cloned().ok_or(format!("{name} needs a value"))
        };
        let result = match arg {
            "--lesson" => value("--lesson").map(|v| lesson_id = Some(v)),
            "--lessons" => value("--lessons").map(|v| lessons_dir = Some(v)),
            "--context" => value("--context").map(|v| context = Some(v)),
            "--answer" => value("--answer").and_then(|v| {
                parse_answer(&v)
                    .map(|(id, chosen)| {
                        answers.insert(id, chosen);
                    })
                    .ok_or(format!(
                        "--answer takes QUESTION=LETTER[,LETTER], not {v:?}"
                    ))
            }),
            "--json" => {
                json = true;
                Ok(())
            }
            _ if arg.starts_with("--") => Err(format!("unknown option {arg}")),
            _ => {
                if file.replace(arg.to_string()).is_some() {
                    Err("give one DOCKERFILE".into())
                } else {
                    Ok(())
                }
            }
        };
        if let Err(message) = result {
            return usage_error(stderr, &message);
        }
        i += 1;
    }
    let (Some(id), Some(file)) = (lesson_id, file) else {
        return usage_error(stderr, "grade needs --lesson ID and a DOCKERFILE");
    };
    let lesson = match find_lesson(&id, lessons_dir.as_deref(), stderr) {
        Ok(lesson) => lesson,
        Err(status) => return status,
    };
    let dockerfile_path = Path::new(&file);
    // A link is followed inside the context (or the Dockerfile's own
    // directory), never out of it.
    let inside = context.as_deref().map_or_else(
        || host::parent_of(dockerfile_path).to_path_buf(),
        std::path::PathBuf::from,
    );
    let dockerfile = match read_dockerfile(dockerfile_path, &inside) {
        Ok(t) => t,
        Err(error) => {
            let _ = writeln!(stderr, "stagecraft: {error}");
            return error.status();
        }
    };
    let reference = Reference::of(&lesson, builtin());
    let result = match &context {
        None => grade(
            &lesson,
            &reference,
            &dockerfile,
            &lesson.files,
            &answers,
            builtin(),
        ),
        Some(dir) => {
            // The graded Dockerfile is the context's Dockerfile, as
            // `docker build -f` sends it.
            let edits = [("Dockerfile".to_string(), Some(dockerfile.clone()))];
            let context = match host::read_context(Path::new(dir), "Dockerfile", &edits) {
                Ok(c) => c,
                Err(error) => {
                    let _ = writeln!(stderr, "stagecraft: {error}");
                    return error.status();
                }
            };
            grade_in(
                &lesson,
                &reference,
                &dockerfile,
                &context,
                &answers,
                builtin(),
            )
        }
    };
    print_grade(&lesson, &result, json, stdout);
    i32::from(!result.passed)
}

/// The lesson `id`: built in, or read from `dir`'s lessons (a lesson that
/// does not parse is named when none is `id`). Err is the exit status,
/// the message written.
fn find_lesson(id: &str, lessons_dir: Option<&str>, stderr: &mut dyn Write) -> Result<Lesson, i32> {
    Ok(match lessons_dir {
        None => match curriculum::lesson(id) {
            Some(l) => l.clone(),
            None => {
                let known: Vec<&str> = curriculum::lessons()
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect();
                let _ = writeln!(
                    stderr,
                    "stagecraft: no lesson {id:?} (lessons: {})",
                    known.join(", ")
                );
                return Err(2);
            }
        },
        Some(dir) => {
            let files = match course_files(Some(dir)) {
                Ok(files) => files,
                Err(error) => {
                    let _ = writeln!(stderr, "stagecraft: {error}");
                    return Err(error.status());
                }
            };
            let mut unreadable = Vec::new();
            let mut found = None;
            for (name, text) in files {
                match Lesson::parse(&text) {
                    Ok(l) if l.id == id => {
                        found = Some(l);
                        break;
                    }
                    Ok(_) => {}
                    Err(e) => unreadable.push(format!("{name}: {e}")),
                }
            }
            match found {
                Some(l) => l,
                None => {
                    let _ = writeln!(stderr, "stagecraft: no lesson {id:?} in {dir}");
                    for problem in unreadable {
                        let _ = writeln!(stderr, "  (not read: {problem})");
                    }
                    return Err(2);
                }
            }
        }
    })
}

/// A grade, as JSON or for a reader: each check with why, the stars.
fn print_grade(lesson: &Lesson, result: &Grade, json: bool, stdout: &mut dyn Write) {
    if json {
        let _ = writeln!(
            stdout,
            "{}",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        );
    } else {
        let _ = writeln!(stdout, "Lesson {}: {}", lesson.order, lesson.title);
        if let Some(error) = &result.error {
            let _ = writeln!(stdout, "The build fails: {error}");
        }
        for r in &result.results {
            let mark = if r.passed { "pass" } else { "FAIL" };
            let _ = writeln!(stdout, "{mark}  {}\n      {}", r.goal, r.detail);
            if let Some(d) = &r.diagnosis {
                let _ = writeln!(stdout, "      hint: {d}");
            }
        }
        if result.passed {
            let stars = "*".repeat(usize::from(result.stars));
            let _ = writeln!(stdout, "Passed: {stars} ({} of 3 stars)", result.stars);
        } else {
            let failing = result.results.iter().filter(|r| !r.passed).count();
            let _ = writeln!(
                stdout,
                "Not yet: {failing} of {} checks fail",
                result.results.len()
            );
        }
        if let Some(par) = &result.par {
            let _ = writeln!(stdout, "{}", par.sentence());
        }
        for note in &result.notes {
            let _ = writeln!(stdout, "note: {note}");
        }
    }
}
