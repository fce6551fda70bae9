//! The lessons: the course verifies (as `make test` runs it), a broken
//! lesson is named with its failing check, grading by the command line,
//! and the lesson mode of the page: its reducer and its views.

use std::rc::Rc;

use stagecraft::cli;
use stagecraft::lessons::curriculum;
use stagecraft::lessons::grade::{grade, right_answers, Answers, Reference};
use stagecraft::ui::components::lesson_map::LessonMap;
use stagecraft::ui::components::lesson_panel::LessonPanel;
use stagecraft::ui::components::quiz_view::QuizView;
use stagecraft::ui::course::{quiz_round, Route};
use stagecraft::ui::output::Output;
use stagecraft::ui::sandbox::Sandbox;
use stagecraft::ui::workspace::{Action, Workspace};
use yew::prelude::*;

use crate::render::block_on;

fn run(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = cli::run(&args, &mut &b""[..], &mut out, &mut err);
    (
        status,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn lessons_dir() -> String {
    format!("{}/lessons", env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("stagecraft-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

const FIRST: &str = "01-why-images-are-big.md";

#[test]
fn every_lesson_of_the_course_is_sound() {
    let (status, out, err) = run(&["lessons", "check", &lessons_dir()]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(out.contains("ok    01-why-images-are-big.md"), "{out}");
    // The embedded course is the same one.
    let (status, out, _) = run(&["lessons", "check"]);
    assert_eq!(status, 0, "{out}");
    assert!(
        curriculum::lessons().len() >= 14,
        "{} lessons",
        curriculum::lessons().len()
    );
    let bank = curriculum::bank().expect("the quiz parses");
    assert!(
        bank.questions.len() >= 40,
        "{} questions",
        bank.questions.len()
    );
}

#[test]
fn a_broken_lesson_is_named_with_its_failing_check() {
    let dir = scratch("broken");
    let text = std::fs::read_to_string(format!("{}/{FIRST}", lessons_dir())).expect("lesson 1");
    // The solution no longer has the server the checks ask for.
    let broken = text.replacen(
        "RUN go mod download && go build -o /usr/local/bin/server .\nEXPOSE 8080\nCMD [\"server\"]\n```\n\n```checks",
        "RUN go mod download && go build -o /usr/local/bin/app .\nEXPOSE 8080\nCMD [\"app\"]\n```\n\n```checks",
        1,
    );
    assert_ne!(broken, text, "the solution block was found");
    std::fs::write(dir.join(FIRST), broken).expect("written");
    let (status, out, _) = run(&["lessons", "check", dir.to_str().expect("a path")]);
    assert_eq!(status, 1, "{out}");
    assert!(
        out.contains("FAIL  01-why-images-are-big.md (why-images-are-big)"),
        "{out}"
    );
    assert!(
        out.contains("the solution fails the check \"The final image has /usr/local/bin/server\""),
        "{out}"
    );
    // A lesson that does not parse says where.
    std::fs::write(dir.join(FIRST), "---\nid: x\n").expect("written");
    let (status, out, _) = run(&["lessons", "check", dir.to_str().expect("a path")]);
    assert_eq!(status, 1);
    assert!(
        out.contains("01-why-images-are-big.md:1:1: the front matter has no closing"),
        "{out}"
    );
}

#[test]
fn grade_exits_zero_only_when_every_check_passes() {
    let dir = scratch("grade");
    let lesson = curriculum::lesson("why-images-are-big").expect("lesson 1");
    let file = dir.join("Dockerfile");
    std::fs::write(&file, &lesson.solution).expect("written");
    let path = file.to_str().expect("a path");
    let (status, out, _) = run(&["grade", "--lesson", "why-images-are-big", path]);
    assert_eq!(status, 1, "unanswered: {out}");
    assert!(out.contains("FAIL  Answer:"), "{out}");
    let (status, out, _) = run(&[
        "grade",
        "--lesson",
        "why-images-are-big",
        "--answer",
        "where-go-comes-from=a",
        path,
    ]);
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("Passed: *** (3 of 3 stars)"), "{out}");
    let (status, out, _) = run(&[
        "grade",
        "--lesson",
        "why-images-are-big",
        "--json",
        "--answer",
        "where-go-comes-from=a",
        path,
    ]);
    assert_eq!(status, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["stars"], 3);
    assert_eq!(json["passed"], true);
    let (status, _, err) = run(&["grade", "--lesson", "nope", path]);
    assert_eq!(status, 2);
    assert!(err.contains("no lesson \"nope\""), "{err}");
}

#[test]
fn every_solution_earns_three_stars_and_every_starter_fails() {
    for lesson in curriculum::lessons() {
        let reference = Reference::of(lesson, stagecraft::engine::catalog::builtin());
        let right = right_answers(lesson);
        let ours = grade(
            lesson,
            &reference,
            &lesson.solution,
            &lesson.solution_context(),
            &right,
            stagecraft::engine::catalog::builtin(),
        );
        assert!(
            ours.passed && ours.stars == 3,
            "{}: {:?}",
            lesson.id,
            ours.results
        );
        let starter = grade(
            lesson,
            &reference,
            &lesson.starter,
            &lesson.files,
            &Answers::new(),
            stagecraft::engine::catalog::builtin(),
        );
        assert!(!starter.passed, "{}", lesson.id);
        assert!(starter.results.iter().any(|r| !r.passed));
    }
}

/// The workspace with lesson 1 open and built (graded).
fn in_lesson(dockerfile: Option<&str>) -> Workspace {
    let mut ws = Workspace::new(Sandbox::new("FROM alpine:3.19\n"));
    ws = ws.apply(Action::Go(Route::Lesson {
        id: "why-images-are-big".into(),
        step: Some(2),
    }));
    if let Some(text) = dockerfile {
        ws = ws.apply(Action::EditDockerfile(text.into()));
    }
    let output = Output::build_graded(&ws.sandbox, ws.revision, None, ws.grading().as_ref());
    ws.apply(Action::Built(Rc::new(output)))
}

#[test]
fn a_lesson_takes_the_editor_and_gives_the_sandbox_back() {
    let lesson = curriculum::lesson("why-images-are-big").expect("lesson 1");
    let ws = in_lesson(None);
    assert_eq!(ws.sandbox.dockerfile, lesson.starter);
    assert_eq!(ws.sandbox.files.get("main.go"), lesson.files.get("main.go"));
    assert_eq!(
        ws.course.stash.as_ref().map(|s| s.dockerfile.as_str()),
        Some("FROM alpine:3.19\n")
    );
    // The step of the link selects that layer of the final image, counted
    // from 1 as the Layers view labels them.
    assert_eq!(ws.explorer.selection.layer, Some(1));
    let grade = ws
        .output
        .as_ref()
        .and_then(|o| o.grade.clone())
        .expect("graded");
    assert!(!grade.passed, "the question is not answered yet");
    // Answering grades again; a pass is kept with its stars.
    let ws = ws.apply(Action::Answer {
        question: "where-go-comes-from".into(),
        chosen: vec![0],
    });
    let output = Output::build_graded(&ws.sandbox, ws.revision, None, ws.grading().as_ref());
    let ws = ws.apply(Action::Built(Rc::new(output)));
    assert!(
        ws.output
            .as_ref()
            .and_then(|o| o.grade.clone())
            .expect("graded")
            .passed
    );
    assert_eq!(ws.course.progress.lesson("why-images-are-big").stars, 3);
    // An edit is the learner's own work on this lesson.
    let ws = ws.apply(Action::EditDockerfile("FROM golang:1.22\n".into()));
    assert_eq!(
        ws.course
            .progress
            .lesson("why-images-are-big")
            .dockerfile
            .as_deref(),
        Some("FROM golang:1.22\n")
    );
    // Hints unlock one at a time, up to their number.
    let ws = ws
        .apply(Action::UnlockHint)
        .apply(Action::UnlockHint)
        .apply(Action::UnlockHint);
    assert_eq!(
        ws.course.progress.lesson("why-images-are-big").hints,
        lesson.hints.len()
    );
    // Back to the sandbox: as it was.
    let back = ws.apply(Action::Go(Route::Sandbox));
    assert_eq!(back.sandbox.dockerfile, "FROM alpine:3.19\n");
    assert!(back.course.stash.is_none());
    // The lesson again: the learner's version, not the starter.
    let again = back.apply(Action::Go(Route::Lesson {
        id: "why-images-are-big".into(),
        step: None,
    }));
    assert_eq!(again.sandbox.dockerfile, "FROM golang:1.22\n");
    let reset = again.apply(Action::ResetLesson);
    assert_eq!(reset.sandbox.dockerfile, lesson.starter);
}

#[test]
fn the_solution_shown_means_solved_with_help_and_an_unknown_lesson_goes_to_the_map() {
    let ws = in_lesson(None).apply(Action::ShowSolution);
    assert!(ws.course.solution_open);
    assert!(ws.course.progress.lesson("why-images-are-big").helped);
    let lost = Workspace::new(Sandbox::new("FROM alpine\n")).apply(Action::Go(Route::Lesson {
        id: "no-such-lesson".into(),
        step: None,
    }));
    assert_eq!(lost.course.route, Route::Map);
    assert!(lost
        .notice
        .as_ref()
        .is_some_and(|n| n.text.contains("no lesson")));
}

#[derive(Properties, PartialEq)]
struct Host {
    which: &'static str,
    answered: bool,
}

#[component]
fn CourseHost(props: &Host) -> Html {
    let answered = props.answered;
    let which = props.which;
    let ws = use_reducer(move || {
        let mut ws = in_lesson(None);
        if answered {
            ws = ws.apply(Action::Answer {
                question: "where-go-comes-from".into(),
                chosen: vec![0],
            });
            let output =
                Output::build_graded(&ws.sandbox, ws.revision, None, ws.grading().as_ref());
            ws = ws.apply(Action::Built(Rc::new(output)));
        }
        ws = ws.apply(Action::UnlockHint);
        if which == "quiz" {
            let round = quiz_round(&[], 3).expect("a quiz");
            ws = ws
                .apply(Action::Go(Route::Quiz))
                .apply(Action::QuizReady(round));
        }
        ws
    });
    match props.which {
        "panel" => html! {
            <LessonPanel course={ws.course.clone()} output={ws.output.clone()} revision={ws.revision} dispatch={ws.dispatcher()} on_solution={Callback::noop()} on_reset={Callback::noop()} on_sandbox={Callback::noop()} />
        },
        "map" => {
            html! { <LessonMap course={ws.course.clone()} on_export={Callback::noop()} on_import={Callback::noop()} /> }
        }
        _ => html! { <QuizView course={ws.course.clone()} dispatch={ws.dispatcher()} /> },
    }
}

fn render(which: &'static str, answered: bool) -> String {
    block_on(yew::LocalServerRenderer::<CourseHost>::with_props(Host { which, answered }).render())
}

#[test]
fn the_lesson_panel_shows_checks_hints_and_stars() {
    let html = render("panel", false);
    assert!(
        html.contains("data-lesson=\"why-images-are-big\""),
        "{html}"
    );
    assert!(html.contains("class=\"check pass\""), "{html}");
    assert!(html.contains("class=\"check fail\""), "{html}");
    assert!(html.contains("data-hint=\"1\""));
    assert!(!html.contains("data-hint=\"2\""));
    assert!(html.contains("Show hint 2 of 2"));
    // The lesson's Markdown: a heading and emphasis, as elements.
    assert!(html.contains("<h3>Why images are big</h3>"), "{html}");
    assert!(html.contains("<strong>one stage</strong>"));
    let html = render("panel", true);
    assert!(html.contains("Lesson passed!"), "{html}");
    assert!(html.contains("data-stars=\"3\""));
    assert!(
        html.contains("Your image is 1.01GB, ours is 1.01GB"),
        "{html}"
    );
}

#[test]
fn the_map_marks_where_the_learner_is() {
    let html = render("map", true);
    assert!(
        html.contains("data-lesson=\"why-images-are-big\" data-state=\"passed\""),
        "{html}"
    );
    assert!(html.contains("you are here"));
    assert!(html.contains("1 of "));
}

#[test]
fn a_quiz_round_asks_one_question_at_a_time() {
    let html = render("quiz", false);
    assert!(html.contains("Question 1 of 20"), "{html}");
    assert!(html.contains("class=\"question\""));
    let round = quiz_round(&[], 3).expect("a quiz");
    assert_eq!(round.quiz.questions.len(), 20);
}

/// A lesson of one check over a small Go context, graded on `dockerfile`
/// with `files` on top of the lesson's.
fn check_on(
    check: &str,
    dockerfile: &str,
    files: &[(&str, &str)],
) -> stagecraft::lessons::CheckResult {
    let text = format!(
        "---\nid: t\ntitle: T\norder: 1\n---\n\n```dockerfile starter\nFROM alpine:3.19\n```\n\n```dockerfile solution\nFROM alpine:3.19\n```\n\n```text file=a.txt\nhello\n```\n\n```checks\n{check}\n```\n"
    );
    let lesson = stagecraft::lessons::Lesson::parse(&text).expect("the lesson parses");
    let mut context = lesson.files.clone();
    for (path, text) in files {
        context.insert(path.to_string(), text.to_string());
    }
    let catalog = stagecraft::engine::catalog::builtin();
    let reference = Reference::of(&lesson, catalog);
    let graded = grade(
        &lesson,
        &reference,
        dockerfile,
        &context,
        &Answers::new(),
        catalog,
    );
    graded.results.into_iter().next().expect("one check")
}

#[test]
fn a_cache_mount_check_reads_the_mount_at_that_target() {
    // The command writes into the cache, as pip does.
    let run = |mount: &str| {
        format!("FROM alpine:3.19\nRUN {mount} mkdir -p /root/.cache/pip/wheels && echo wheel > /root/.cache/pip/wheels/a.whl\n")
    };
    let check = "cache-mount /root/.cache/pip";
    assert!(
        check_on(
            check,
            &run("--mount=type=cache,target=/root/.cache/pip"),
            &[]
        )
        .passed
    );
    assert!(check_on(check, &run("--mount=type=cache,dst=/root/.cache/pip/"), &[]).passed);
    // pip-tools' cache is another directory; a bind mount is no cache;
    // the words in a string are no mount at all.
    for wrong in [
        run("--mount=type=cache,target=/root/.cache/pip-tools"),
        run("--mount=type=bind,target=/root/.cache/pip"),
        "FROM alpine:3.19\nRUN echo type=cache,target=/root/.cache/pip\n".to_string(),
    ] {
        assert!(!check_on(check, &wrong, &[]).passed, "{wrong}");
    }
    // A cache the command fills and then empties keeps nothing either.
    let emptied = check_on(
        check,
        "FROM alpine:3.19\nRUN --mount=type=cache,target=/root/.cache/pip mkdir -p /root/.cache/pip/wheels && echo wheel > /root/.cache/pip/wheels/a.whl && rm -rf /root/.cache/pip/wheels\n",
        &[],
    );
    assert!(!emptied.passed, "{}", emptied.detail);
    assert!(
        emptied.detail.contains("writes nothing into it"),
        "{}",
        emptied.detail
    );
    // A mount its command leaves as it found it keeps nothing.
    let unused = check_on(
        check,
        "FROM alpine:3.19\nRUN --mount=type=cache,target=/root/.cache/pip echo ok\n",
        &[],
    );
    assert!(!unused.passed);
    assert!(
        unused.detail.contains("writes nothing into it"),
        "{}",
        unused.detail
    );
}

#[test]
fn a_cache_mount_check_with_steps_wants_the_mount_on_that_run() {
    let check = "cache-mount /root/.cache/pip: mkdir";
    let fill = "mkdir -p /root/.cache/pip/wheels && echo wheel > /root/.cache/pip/wheels/a.whl";
    let on_it =
        format!("FROM alpine:3.19\nRUN --mount=type=cache,target=/root/.cache/pip {fill}\n");
    assert!(check_on(check, &on_it, &[]).passed);
    // The mount on another RUN than the one that runs the step.
    let elsewhere = format!(
        "FROM alpine:3.19\nRUN --mount=type=cache,target=/root/.cache/pip echo ok\nRUN {fill}\n"
    );
    let result = check_on(check, &elsewhere, &[]);
    assert!(!result.passed);
    assert!(
        result.detail.contains("line 2 mounts it"),
        "{}",
        result.detail
    );
    // No RUN runs the step at all.
    let result = check_on(check, "FROM alpine:3.19\nRUN echo mkdir\n", &[]);
    assert!(!result.passed);
    assert!(
        result.detail.contains("No built RUN runs `mkdir`"),
        "{}",
        result.detail
    );
}

#[test]
fn cached_after_edit_finds_the_step_by_the_program_it_ran() {
    let files = [("app.txt", "v1\n"), ("deps.txt", "d\n")];
    let check = "cached-after-edit app.txt: cat deps.txt";
    // The program runs through a variable: the step is found, and stays
    // CACHED when app.txt changes.
    let good = "FROM alpine:3.19\nCOPY deps.txt .\nRUN C=cat; $C deps.txt > /d\nCOPY app.txt .\n";
    let result = check_on(check, good, &files);
    assert!(result.passed, "{}", result.detail);
    // Copied before it, app.txt breaks the cache of that step.
    let bad = "FROM alpine:3.19\nCOPY . .\nRUN C=cat; $C deps.txt > /d\n";
    assert!(!check_on(check, bad, &files).passed);
    // Words in an echo are not the program.
    let none = "FROM alpine:3.19\nCOPY deps.txt .\nRUN echo cat deps.txt\n";
    let result = check_on(check, none, &files);
    assert!(!result.passed);
    assert!(
        result.detail.contains("No built step runs"),
        "{}",
        result.detail
    );
}

#[test]
fn copy_from_a_name_means_that_whole_name() {
    let two = |from: &str| {
        format!("FROM alpine:3.19 AS build\nRUN echo hi > /out\nFROM alpine:3.19 AS builder\nRUN echo hi > /other\nFROM alpine:3.19\nCOPY --from={from} /out /out\n")
    };
    assert!(check_on("copy-from build", &two("build"), &[]).passed);
    assert!(check_on("copy-from build", &two("BUILD"), &[]).passed);
    let index = check_on("copy-from build", &two("0"), &[]);
    assert!(!index.passed);
    assert!(
        index.detail.contains("not --from=build"),
        "{}",
        index.detail
    );
    let other = two("builder").replace("RUN echo hi > /other", "RUN echo hi > /out");
    assert!(!check_on("copy-from build", &other, &[]).passed);
}

#[test]
fn ignored_means_nothing_of_the_path_reaches_the_builder() {
    let files = [(".git/HEAD", "ref: main\n"), (".git/config", "[core]\n")];
    let dockerfile = "FROM alpine:3.19\nCOPY . /app\n";
    let none = check_on("ignored .git", dockerfile, &files);
    assert!(!none.passed);
    assert_eq!(
        none.diagnosis.as_deref(),
        Some("Add a line `.git` to .dockerignore.")
    );
    let mut partly = files.to_vec();
    partly.push((".dockerignore", ".git/HEAD\n"));
    assert!(!check_on("ignored .git", dockerfile, &partly).passed);
    let mut whole = files.to_vec();
    whole.push((".dockerignore", ".git\n"));
    assert!(check_on("ignored .git", dockerfile, &whole).passed);
}

#[test]
fn not_contains_names_what_put_a_directory_there() {
    let r = check_on("not-contains /usr/local/go", "FROM golang:1.22\n", &[]);
    assert!(!r.passed);
    let why = r.diagnosis.expect("a diagnosis");
    assert!(
        why.contains("came with the final stage's base image golang:1.22"),
        "{why}"
    );
    let r = check_on(
        "not-contains /app",
        "FROM alpine:3.19 AS build\nRUN mkdir /app && echo hi > /app/x\nFROM alpine:3.19\nCOPY --from=build /app /app\n",
        &[],
    );
    let why = r.diagnosis.expect("a diagnosis");
    assert!(
        why.contains("through `COPY --from=build /app /app` on line 4"),
        "{why}"
    );
    assert!(
        why.contains("made by `RUN mkdir /app && echo hi > /app/x` on line 2"),
        "{why}"
    );
}

#[test]
fn a_misspelt_stage_in_copy_from_fails_as_buildkit_does() {
    let catalog = stagecraft::engine::catalog::builtin();
    let context = stagecraft::engine::BuildContext::empty();
    let b = stagecraft::engine::build(
        "FROM alpine:3.19 AS build\nRUN echo hi > /out\nFROM alpine:3.19\nCOPY --from=biuld /out /out\n",
        &context,
        &stagecraft::engine::BuildOptions::default(),
        catalog,
    );
    let error = b.error.expect("an error").to_string();
    assert!(
        error.contains("failed to resolve source metadata for docker.io/library/biuld:latest"),
        "{error}"
    );
    // A real image still works, by name and tag.
    let b = stagecraft::engine::build(
        "FROM alpine:3.19\nCOPY --from=nginx:1.25-alpine /etc/nginx/nginx.conf /nginx.conf\n",
        &context,
        &stagecraft::engine::BuildOptions::default(),
        catalog,
    );
    assert!(b.error.is_none(), "{:?}", b.error);
}

#[test]
fn the_guides_complete_example_passes_the_lessons_check() {
    let guide = std::fs::read_to_string(format!("{}/README.md", lessons_dir())).expect("guide");
    let from = guide.find("## A complete example").expect("the section");
    let start = guide[from..].find("`````markdown\n").expect("its fence") + from + 14;
    let end = guide[start..].find("\n`````").expect("its end") + start;
    let dir = scratch("example");
    std::fs::write(dir.join("09-static-site.md"), &guide[start..=end]).expect("written");
    let (status, out, err) = run(&["lessons", "check", "-v", dir.to_str().expect("a path")]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(out.contains("its 3 wrong solutions fail"), "{out}");
}

#[derive(Properties, PartialEq)]
struct OneQuestion {
    chosen: Vec<usize>,
    retry: bool,
    hold: bool,
}

#[component]
fn QuestionHost(props: &OneQuestion) -> Html {
    let lesson = curriculum::lessons()
        .iter()
        .find(|l| l.id == "why-images-are-big")
        .expect("lesson 1");
    let q = Rc::new(lesson.questions[0].clone());
    html! {
        <stagecraft::ui::components::question_view::QuestionView question={q}
            answered={Some(props.chosen.clone())} on_answer={Callback::noop()}
            retry={props.retry} hold={props.hold} />
    }
}

fn question_html(chosen: Vec<usize>, retry: bool, hold: bool) -> String {
    block_on(
        yew::LocalServerRenderer::<QuestionHost>::with_props(OneQuestion {
            chosen,
            retry,
            hold,
        })
        .render(),
    )
}

#[test]
fn a_lesson_question_keeps_its_key_after_a_first_wrong_answer() {
    let q = &curriculum::lessons()[0].questions[0];
    let wrong = (0..q.options.len())
        .find(|i| !q.correct.contains(i))
        .expect("a wrong option");
    let html = question_html(vec![wrong], true, false);
    assert!(html.contains("Not quite."), "{html}");
    assert!(html.contains("Answer again"), "{html}");
    assert!(!html.contains(">right answer<"), "{html}");
    assert!(!html.contains("explanation"), "{html}");
    // A right answer shows why; the exam practice (no retry) shows the key.
    let right = question_html(q.correct.clone(), true, false);
    assert!(right.contains("Right."), "{right}");
    assert!(right.contains("explanation"), "{right}");
    assert!(question_html(vec![wrong], false, false).contains(">right answer<"));
    // In exam mode the answer is only recorded.
    let held = question_html(vec![wrong], false, true);
    assert!(held.contains("Answer recorded: "), "{held}");
    assert!(
        !held.contains("Not quite") && !held.contains(">right answer<"),
        "{held}"
    );
}

#[test]
fn exam_mode_is_timed_and_ends_the_round_when_time_is_up() {
    let round = quiz_round(&[], 5).expect("a quiz");
    let total = round.quiz.questions.len();
    let ws = in_lesson(None)
        .apply(Action::Go(Route::Quiz))
        .apply(Action::QuizReady(round))
        .apply(Action::QuizExam(Some(1000.0)));
    let exam = ws
        .course
        .quiz
        .as_ref()
        .and_then(|r| r.exam)
        .expect("exam mode");
    // The exam's pace: 90 minutes for 55 questions.
    assert!((exam.limit_ms - total as f64 * 90.0 * 60_000.0 / 55.0).abs() < 1.0);
    assert_eq!(exam.left_ms(1000.0 + exam.limit_ms + 5.0), 0.0);
    // Once a question is answered, the mode stays as it is.
    let ws = ws
        .apply(Action::QuizAnswer {
            index: 0,
            chosen: vec![0],
        })
        .apply(Action::QuizExam(None));
    assert!(ws.course.quiz.as_ref().is_some_and(|r| r.exam.is_some()));
    let ws = ws.apply(Action::QuizTimeUp);
    let round = ws.course.quiz.as_ref().expect("the round");
    assert_eq!(round.at, total);
    let topics = stagecraft::ui::course::score_by_topic(&round.quiz);
    assert_eq!(topics.iter().map(|t| t.2).sum::<usize>(), total);
    assert!(ws.course.progress.quiz.is_some(), "the score is recorded");
}
