//! Grading that cannot be fooled: `runs` wants the lesson's app, not a
//! command the base image brings; who may write what; the app's sources
//! graded as the lesson wrote them; the par without metadata; notes on a
//! passing but discouraged solution; known wrong solutions in a lesson.

use std::collections::BTreeMap;

use stagecraft::engine::catalog::builtin;
use stagecraft::lessons::grade::{grade, right_answers, Reference};
use stagecraft::lessons::verify::verify_lesson;
use stagecraft::lessons::{Grade, Lesson};

const MAIN_GO: &str = "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n";
const GO_MOD: &str = "module example.com/server\n\ngo 1.22\n";
const SOLUTION: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\n\nFROM alpine:3.19\nCOPY --from=build /server /server\nEXPOSE 8080\nCMD [\"/server\"]\n";

/// A Go lesson with these checks, and these blocks after them.
fn lesson(checks: &str, more: &str) -> Lesson {
    let text = format!(
        "---\nid: t\ntitle: T\norder: 1\n---\n\n```dockerfile starter\nFROM golang:1.22\n```\n\n```dockerfile solution\n{SOLUTION}```\n\n```go file=main.go\n{MAIN_GO}```\n\n```text file=go.mod\n{GO_MOD}```\n\n```checks\n{checks}\n```\n\n```hint\nBuild it.\n```\n{more}"
    );
    Lesson::parse(&text).expect("the lesson parses")
}

fn graded(lesson: &Lesson, dockerfile: &str, files: &[(&str, &str)]) -> Grade {
    let catalog = builtin();
    let reference = Reference::of(lesson, catalog);
    let mut context: BTreeMap<String, String> = lesson.files.clone();
    for (path, text) in files {
        context.insert(path.to_string(), text.to_string());
    }
    grade(
        lesson,
        &reference,
        dockerfile,
        &context,
        &right_answers(lesson),
        catalog,
    )
}

#[test]
fn runs_wants_the_app_not_the_base_images_command() {
    let lesson = lesson("runs", "");
    assert!(graded(&lesson, SOLUTION, &[]).passed);
    // The base image's shell starts: it runs, and it is not the app.
    let only_base = graded(&lesson, "FROM alpine:3.19\n", &[]);
    let run = &only_base.results[0];
    assert!(!run.passed);
    assert!(run.detail.contains("is not the app"), "{}", run.detail);
    let why = run.diagnosis.as_deref().unwrap_or_default();
    assert!(why.contains("CMD of the base image alpine:3.19"), "{why}");
    // A program of the image under the app's name is not the app either.
    let other = graded(
        &lesson,
        "FROM alpine:3.19\nRUN cp /bin/busybox /server\nCMD [\"/server\"]\n",
        &[],
    );
    assert!(!other.passed);
    assert!(
        other.results[0].detail.contains("`main.go`"),
        "{}",
        other.results[0].detail
    );
}

#[test]
fn runs_with_a_program_names_what_must_start() {
    let lesson = lesson("runs nginx", "");
    let nginx = graded(&lesson, "FROM nginx:1.25-alpine\n", &[]);
    assert!(nginx.passed, "{:?}", nginx.results);
    let shell = graded(&lesson, "FROM alpine:3.19\n", &[]);
    assert!(!shell.passed);
    assert!(
        shell.results[0].detail.contains("not nginx"),
        "{}",
        shell.results[0].detail
    );
}

#[test]
fn the_apps_sources_are_graded_as_the_lesson_wrote_them() {
    let lesson = lesson("runs", "");
    // The learner's main.go is replaced by the lesson's, and a note says so.
    let edited = graded(
        &lesson,
        SOLUTION,
        &[("main.go", "package main\n\nfunc main() {}\n")],
    );
    assert!(edited.passed);
    assert!(
        edited.notes[0].starts_with("Graded with the lesson's main.go"),
        "{:?}",
        edited.notes
    );
    assert!(graded(&lesson, SOLUTION, &[]).notes.is_empty());
}

#[test]
fn metadata_does_not_count_toward_the_instruction_star() {
    let lesson = lesson("runs", "");
    let without_expose = SOLUTION.replace("EXPOSE 8080\n", "");
    let with_labels = SOLUTION.replace(
        "EXPOSE 8080\n",
        "EXPOSE 8080\nLABEL org.opencontainers.image.title=server\nLABEL a=b\n",
    );
    let par = |dockerfile: &str| graded(&lesson, dockerfile, &[]).par.expect("a par");
    assert_eq!(
        par(&without_expose).instructions,
        par(SOLUTION).instructions
    );
    assert_eq!(par(&with_labels).instructions, par(SOLUTION).instructions);
    assert_eq!(graded(&lesson, &with_labels, &[]).stars, 3);
}

#[test]
fn who_may_write_what() {
    let lesson = lesson(
        "runs\nwritable /data\nnot-writable /server\nno-world-writable",
        "",
    );
    let base = SOLUTION.replace(
        "EXPOSE",
        "RUN mkdir /data && chown 1000 /data\nUSER 1000\nEXPOSE",
    );
    let good = graded(&lesson, &base, &[]);
    assert!(good.passed, "{:?}", good.results);
    // The program handed to the app's user.
    let owned = graded(
        &lesson,
        &base.replace(
            "COPY --from=build /server",
            "COPY --chown=1000 --from=build /server",
        ),
        &[],
    );
    assert!(!owned.results[2].passed);
    assert!(
        owned.results[2].detail.contains("owner 1000:1000"),
        "{}",
        owned.results[2].detail
    );
    // chmod 777: writable by every user.
    let open = graded(
        &lesson,
        &base.replace("chown 1000 /data", "chmod 777 /data"),
        &[],
    );
    assert!(open.results[1].passed && !open.results[3].passed);
    assert!(open.results[3]
        .detail
        .contains("/data is writable by every user"));
    // /data left to root: the app cannot write it.
    let root = graded(&lesson, &base.replace(" && chown 1000 /data", ""), &[]);
    assert!(!root.results[1].passed);
}

#[test]
fn a_passing_but_discouraged_solution_gets_notes() {
    let lesson = lesson("runs", "");
    let world = graded(
        &lesson,
        &SOLUTION.replace("EXPOSE", "RUN mkdir /data && chmod 777 /data\nEXPOSE"),
        &[],
    );
    assert!(world.passed);
    assert!(
        world
            .notes
            .iter()
            .any(|n| n.starts_with("/data is writable by every user")),
        "{:?}",
        world.notes
    );
    let named = graded(
        &lesson,
        &SOLUTION.replace("EXPOSE", "USER nobody\nEXPOSE"),
        &[],
    );
    assert!(named.passed);
    assert!(
        named
            .notes
            .iter()
            .any(|n| n.contains("write the id, USER 65534")),
        "{:?}",
        named.notes
    );
    let code = graded(
        &lesson,
        &SOLUTION
            .replace("COPY --from", "COPY --chown=1000 --from")
            .replace("EXPOSE", "USER 1000\nEXPOSE"),
        &[],
    );
    assert!(
        code.notes
            .iter()
            .any(|n| n.contains("may write its own code, /server")),
        "{:?}",
        code.notes
    );
}

const WRONG: &str = "\n```dockerfile wrong\n# Only a base image.\nFROM alpine:3.19\n```\n\n```dockerfile wrong\n# The toolchain image.\nFROM golang:1.22\n```\n\n```dockerfile wrong=edited\n# The app edited to do nothing: graded as the lesson wrote it, it still passes.\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\nFROM alpine:3.19\nCOPY --from=build /server /server\nEXPOSE 8080\nCMD [\"/server\"]\n```\n\n```go file=main.go wrong=edited\npackage main\n\nfunc main() {}\n```\n";

#[test]
fn a_lesson_keeps_wrong_solutions_and_each_must_fail() {
    let lesson = lesson("runs", WRONG);
    assert_eq!(lesson.wrong.len(), 3);
    assert_eq!(lesson.wrong[0].reason, "Only a base image.");
    assert_eq!(lesson.wrong[2].files.len(), 1);
    let text = format!(
        "---\nid: t\ntitle: T\norder: 1\n---\n\n```dockerfile starter\nFROM golang:1.22\n```\n\n```dockerfile solution\n{SOLUTION}```\n\n```go file=main.go\n{MAIN_GO}```\n\n```text file=go.mod\n{GO_MOD}```\n\n```checks\nruns\n```\n\n```hint\nBuild it.\n```\n{WRONG}"
    );
    let verdict = verify_lesson("t.md", &text, builtin());
    // The third is a good solution under another name: it passes, and the
    // check names it.
    assert_eq!(verdict.problems.len(), 1, "{:?}", verdict.problems);
    assert!(
        verdict.problems[0].contains("the wrong solution on line")
            && verdict.problems[0].contains("The app edited to do nothing"),
        "{:?}",
        verdict.problems
    );
    assert!(
        verdict.wrong[0].failed[0].contains("is not the app"),
        "{:?}",
        verdict.wrong
    );
    // Two wrong solutions are too few.
    let two = text.replace(
        &WRONG[WRONG.find("\n```dockerfile wrong=edited").unwrap_or(0)..],
        "\n",
    );
    let verdict = verify_lesson("t.md", &two, builtin());
    assert!(
        verdict
            .problems
            .iter()
            .any(|p| p.contains("keeps 2 wrong solutions")),
        "{:?}",
        verdict.problems
    );
}

#[test]
fn a_wrong_block_must_say_why_and_its_files_name_it() {
    for (more, why) in [
        (
            "\n```dockerfile wrong\nFROM alpine:3.19\n```\n",
            "starts with `#` comment lines",
        ),
        (
            "\n```text file=a.txt wrong\nx\n```\n",
            "`file=PATH wrong=NAME`",
        ),
        (
            "\n```text file=a.txt wrong=nope\nx\n```\n",
            "no `dockerfile wrong=nope` block",
        ),
    ] {
        let text = format!(
            "---\nid: t\ntitle: T\norder: 1\n---\n\n```dockerfile starter\nFROM alpine:3.19\n```\n\n```dockerfile solution\nFROM alpine:3.19\n```\n\n```checks\nruns\n```\n{more}"
        );
        let error = Lesson::parse(&text).expect_err(more).to_string();
        assert!(error.contains(why), "{more}: {error}");
        assert!(
            error.starts_with("1") || error.starts_with("2"),
            "{error}: a line"
        );
    }
}

/// The questions generated from live builds of the lessons: they show
/// starters, never a solution; their keys hold on the build; the path
/// question is sometimes yes and sometimes no, and says why from the
/// lineage.
#[test]
fn generated_questions_are_right_and_spoil_nothing() {
    let lessons = stagecraft::lessons::curriculum::lessons();
    let lacking = stagecraft::engine::catalog::data::Lacking::default();
    let questions = stagecraft::lessons::quiz::generated(lessons, builtin(), &lacking);
    let mut keys = BTreeMap::new();
    for q in &questions {
        let lesson = lessons
            .iter()
            .find(|l| q.id.starts_with(&format!("live-{}-", l.id)))
            .expect("its lesson");
        if !lesson.starter.contains(lesson.solution.trim()) {
            assert!(
                !q.prompt.contains(lesson.solution.trim()),
                "{} prints the solution",
                q.id
            );
        }
        assert!(q.prompt.contains(lesson.starter.trim()), "{}", q.id);
        if q.id.ends_with("-path") {
            let key = q.options[q.correct[0]].clone();
            // The key against the starter's image, links not followed.
            let path = q.prompt.split('`').nth(1).expect("a path");
            let context = stagecraft::lessons::grade::context_of(&lesson.files, &lesson.starter);
            let build = stagecraft::engine::build(
                &lesson.starter,
                &context,
                &stagecraft::engine::BuildOptions::default(),
                builtin(),
            );
            let there = build
                .image()
                .expect("an image")
                .filesystem
                .lookup(path, false)
                .is_ok();
            assert_eq!(key == "Yes", there, "{}: {path}", q.id);
            let why = if there { "Yes. " } else { "No. " };
            assert!(q.explanation.starts_with(why), "{}", q.explanation);
            if there {
                assert!(
                    q.explanation.contains("came with")
                        || q.explanation.contains("reached the final image"),
                    "{}",
                    q.explanation
                );
            }
            *keys.entry(key).or_insert(0) += 1;
        }
    }
    // The size's rank among its options (smallest first) varies too.
    let ranks: std::collections::BTreeSet<usize> = questions
        .iter()
        .filter(|q| q.id.ends_with("-size"))
        .map(|q| q.correct[0])
        .collect();
    assert!(ranks.len() >= 3, "{ranks:?}");
    assert!(keys.get("Yes").is_some_and(|n| *n >= 3), "{keys:?}");
    assert!(keys.get("No").is_some_and(|n| *n >= 2), "{keys:?}");
}

#[test]
fn contains_wants_a_real_file_and_not_contains_looks_in_every_layer() {
    let lesson = lesson("runs\ncontains /etc/app.conf\nnot-contains /secret.txt", "");
    let base = SOLUTION.replace("EXPOSE", "RUN echo port=8080 > /etc/app.conf\nEXPOSE");
    assert!(graded(&lesson, &base, &[]).passed);
    // An empty stand-in is not the file.
    let empty = graded(
        &lesson,
        &SOLUTION.replace("EXPOSE", "RUN touch /etc/app.conf\nEXPOSE"),
        &[],
    );
    assert!(!empty.results[1].passed);
    assert!(
        empty.results[1].detail.contains("an empty file"),
        "{}",
        empty.results[1].detail
    );
    // A file deleted by a later layer still ships in the layer below.
    let hidden = base.replace(
        "EXPOSE",
        "RUN echo hunter2 > /secret.txt\nRUN rm /secret.txt\nEXPOSE",
    );
    let result = &graded(&lesson, &hidden, &[]).results[2];
    assert!(!result.passed);
    assert!(
        result.detail.contains("hidden in the final filesystem"),
        "{}",
        result.detail
    );
    // Removed in the RUN that made it: in no layer.
    let same_run = base.replace(
        "EXPOSE",
        "RUN echo hunter2 > /secret.txt && rm /secret.txt\nEXPOSE",
    );
    assert!(graded(&lesson, &same_run, &[]).results[2].passed);
}

#[test]
fn secret_mounts_and_buildkit_checks_can_be_asked_for() {
    let lesson = lesson(
        "runs\nsecret-mount /root/.token: go build\nno-lint SecretsUsedInArgOrEnv",
        "",
    );
    let mounted = SOLUTION.replace(
        "RUN CGO_ENABLED=0 go build",
        "RUN --mount=type=secret,id=token,target=/root/.token CGO_ENABLED=0 go build",
    );
    let good = graded(&lesson, &mounted, &[]);
    assert!(good.passed, "{:?}", good.results);
    // Mounted where the tool does not read it, or not at all.
    let elsewhere = SOLUTION.replace(
        "RUN CGO_ENABLED=0 go build",
        "RUN --mount=type=secret,id=token CGO_ENABLED=0 go build",
    );
    assert!(!graded(&lesson, &elsewhere, &[]).results[1].passed);
    // A token in a build argument: BuildKit's own check.
    let arg = mounted.replace("WORKDIR /src", "WORKDIR /src\nARG GITHUB_TOKEN");
    let result = &graded(&lesson, &arg, &[]).results[2];
    assert!(!result.passed);
    assert!(
        result.detail.contains("SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"GITHUB_TOKEN\")"),
        "{}",
        result.detail
    );
}

#[test]
fn checks_see_through_names_parents_and_passwd() {
    // pip3 and python -m pip are pip; a cache mounted at a parent holds it.
    let pip = lesson("runs\ncache-mount /root/.cache/pip: pip install", "");
    for run in [
        "RUN --mount=type=cache,target=/root/.cache/pip mkdir -p /root/.cache/pip/x && pip3 install --version",
        "RUN --mount=type=cache,target=/root/.cache mkdir -p /root/.cache/pip/x && python3 -m pip install --version",
    ] {
        let dockerfile = SOLUTION.replace("EXPOSE", &format!("RUN apk add --no-cache python3 py3-pip\n{run}\nEXPOSE"));
        let result = &graded(&pip, &dockerfile, &[]).results[1];
        assert!(!result.detail.contains("No built RUN runs"), "{run}: {}", result.detail);
    }
    // A user whose passwd line says uid 0 is root.
    let root = lesson("runs\nuser-not-root", "");
    let named = SOLUTION.replace(
        "EXPOSE",
        "RUN echo 'app:x:0:0::/:/bin/sh' >> /etc/passwd\nUSER app\nEXPOSE",
    );
    let result = &graded(&root, &named, &[]).results[1];
    assert!(!result.passed);
    assert!(result.detail.contains("uid 0, root"), "{}", result.detail);
    // The directory that holds the program belongs to the app's user.
    let replace = lesson("runs\nnot-writable /opt/app/server", "");
    let owned_dir = SOLUTION
        .replace(
            "COPY --from=build /server /server",
            "RUN mkdir /opt/app && chown 1000 /opt/app\nCOPY --from=build /server /opt/app/server",
        )
        .replace("CMD [\"/server\"]", "USER 1000\nCMD [\"/opt/app/server\"]");
    let result = &graded(&replace, &owned_dir, &[]).results[1];
    assert!(!result.passed);
    assert!(
        result
            .diagnosis
            .as_deref()
            .unwrap_or_default()
            .contains("the directory that holds /opt/app/server"),
        "{:?}",
        result
    );
}

#[test]
fn a_copy_from_a_stage_must_carry_what_the_stage_made() {
    let lesson = lesson("runs\ncopy-from build", "");
    assert!(graded(&lesson, SOLUTION, &[]).passed);
    // The program built elsewhere, and a base-image file copied from build.
    let dummy = "FROM golang:1.22 AS build\n\nFROM golang:1.22 AS compile\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\n\nFROM alpine:3.19\nCOPY --from=compile /server /server\nCOPY --from=build /etc/hostname /etc/built-by\nCMD [\"/server\"]\n";
    let result = &graded(&lesson, dummy, &[]).results[1];
    assert!(!result.passed);
    assert!(
        result.detail.contains("only what it did not make"),
        "{}",
        result.detail
    );
    // A stage that only copies the context in and hands it on builds
    // nothing either.
    let pass_through = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n\nFROM golang:1.22 AS compile\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\n\nFROM alpine:3.19\nCOPY --from=compile /server /server\nCOPY --from=build /src/main.go /main.go\nCMD [\"/server\"]\n";
    let result = &graded(&lesson, pass_through, &[]).results[1];
    assert!(!result.passed, "{}", result.detail);
}

#[test]
fn a_lesson_with_thousands_of_wrong_solutions_is_refused_by_line() {
    let many = "\n```dockerfile wrong\n# x\nFROM scratch\n```\n".repeat(10_000);
    let text = format!(
        "---\nid: t\ntitle: T\norder: 1\n---\n\n```dockerfile starter\nFROM alpine:3.19\n```\n\n```dockerfile solution\nFROM alpine:3.19\n```\n\n```checks\nruns\n```\n{many}"
    );
    let error = Lesson::parse(&text).expect_err("too many").to_string();
    assert!(error.contains("at most 50 wrong solutions"), "{error}");
    assert!(error.starts_with(&format!("{}:1:", 19 + 5 * 50)), "{error}");
}

#[test]
fn target_runs_wants_tests_whose_failure_stops_the_build() {
    let lesson = lesson("target-runs test: go test", "");
    let test_go = "package main\n\nimport \"testing\"\n\nfunc TestServe(t *testing.T) {}\n";
    let with_test = |run: &str| {
        let dockerfile = format!(
            "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\n\nFROM build AS test\nRUN {run}\n\nFROM alpine:3.19\nCOPY --from=build /server /server\nCMD [\"/server\"]\n"
        );
        graded(&lesson, &dockerfile, &[("main_test.go", test_go)]).results[0].clone()
    };
    // Its failure fails the RUN: these pass.
    for run in [
        "go test ./...",
        "go test -v -run '^TestServe$' .",
        "go test ./... && echo tested",
        "go test ./... || exit 1",
    ] {
        let result = with_test(run);
        assert!(result.passed, "{run}: {}", result.detail);
    }
    // A failure hidden, or no test run: these fail.
    for run in [
        "go test ./... || true",
        "go test ./...; echo done",
        "go test -v ./... | tee /tmp/log",
        "if go test ./...; then echo ok; fi",
        "go test -run NOTHING ./...",
        "go test -skip . ./...",
        "go test ./... || echo failed",
    ] {
        let result = with_test(run);
        assert!(!result.passed, "{run} passed: {}", result.detail);
        assert!(
            result.detail.contains("would still build if it failed"),
            "{run}: {}",
            result.detail
        );
    }
    // No test file in the stage: go test runs nothing.
    let solution_only = graded(
        &lesson,
        "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\n\nFROM build AS test\nRUN go test ./...\n\nFROM alpine:3.19\nCOPY --from=build /server /server\nCMD [\"/server\"]\n",
        &[],
    );
    assert!(!solution_only.results[0].passed);
}

#[test]
fn bind_mount_wants_the_context_file_mounted_for_that_run() {
    let lesson = lesson("bind-mount main.go: go build", "");
    let build = |run: &str| {
        let dockerfile = format!(
            "FROM golang:1.22 AS build\nWORKDIR /src\n{run}\n\nFROM alpine:3.19\nCOPY --from=build /server /server\nCMD [\"/server\"]\n"
        );
        graded(&lesson, &dockerfile, &[]).results[0].clone()
    };
    for run in [
        "RUN --mount=type=bind,target=. CGO_ENABLED=0 go build -o /server .",
        "RUN --mount=type=bind,source=.,target=/src CGO_ENABLED=0 go build -o /server .",
    ] {
        let result = build(run);
        assert!(result.passed, "{run}: {}", result.detail);
    }
    for run in [
        "COPY . .\nRUN CGO_ENABLED=0 go build -o /server .",
        "COPY . .\nRUN --mount=type=bind,source=go.mod,target=/tmp/go.mod CGO_ENABLED=0 go build -o /server .",
        "COPY . .\nRUN --mount=type=bind,target=/ctx true\nRUN CGO_ENABLED=0 go build -o /server .",
        "COPY . .\nRUN --mount=type=bind,from=alpine:3.19,target=/mnt CGO_ENABLED=0 go build -o /server .",
    ] {
        let result = build(run);
        assert!(!result.passed, "{run} passed: {}", result.detail);
        assert!(
            result.detail.contains("without main.go bind-mounted"),
            "{run}: {}",
            result.detail
        );
    }
    // Mounted beside a command that reads the copy: the mount is not used.
    let unused =
        build("COPY . .\nRUN --mount=type=bind,target=/ctx CGO_ENABLED=0 go build -o /server .");
    assert!(!unused.passed);
    assert!(
        unused.detail.contains("nothing reads it"),
        "{}",
        unused.detail
    );
}

#[test]
fn a_secret_may_be_mounted_where_the_command_is_told_to_read_it() {
    let lesson = stagecraft::lessons::curriculum::lesson("build-secrets").expect("the lesson");
    let secret_check = |run: &str| {
        let dockerfile = lesson.solution.replace(
            "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \\\n    npm ci --omit=dev",
            run,
        );
        assert_ne!(
            dockerfile, lesson.solution,
            "the solution's RUN is replaced"
        );
        let graded = graded(lesson, &dockerfile, &[]);
        graded
            .results
            .into_iter()
            .find(|r| r.goal.contains("reads a secret"))
            .expect("the secret check")
    };
    for pointed in [
        "RUN --mount=type=secret,id=npmrc npm ci --omit=dev --userconfig /run/secrets/npmrc",
        "RUN --mount=type=secret,id=npmrc NPM_CONFIG_USERCONFIG=/run/secrets/npmrc npm ci --omit=dev",
    ] {
        let result = secret_check(pointed);
        assert!(result.passed, "{pointed}: {}", result.detail);
    }
    // Mounted where nothing reads it: npm looks in ~/.npmrc, or where it
    // is told to look.
    for unread in [
        "RUN --mount=type=secret,id=npmrc npm ci --omit=dev",
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev --userconfig=/dev/null",
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc NPM_CONFIG_USERCONFIG=/tmp/npmrc npm ci --omit=dev",
    ] {
        let result = secret_check(unread);
        assert!(!result.passed, "{unread}: {}", result.detail);
    }
    // A token by build argument, whatever its name, beside a decoy mount;
    // an argument with a default is configuration and may be used.
    let by_arg = secret_check(
        "ARG NPM_TK
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc NPM_CONFIG__AUTHTOKEN=$NPM_TK npm ci --omit=dev",
    );
    assert!(!by_arg.passed);
    assert!(
        by_arg.detail.contains("build argument NPM_TK"),
        "{}",
        by_arg.detail
    );
    let configured = secret_check(
        "ARG REGISTRY=https://registry.npmjs.org/
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev --registry=$REGISTRY",
    );
    assert!(configured.passed, "{}", configured.detail);
}

#[test]
fn final_base_names_an_exact_image_or_a_family() {
    let exact = lesson("final-base alpine:3.19", "");
    let family = lesson("final-base alpine", "");
    let with_final = |from: &str| SOLUTION.replace("FROM alpine:3.19", from);
    for (from, exact_passes) in [
        ("FROM alpine:3.19", true),
        ("FROM docker.io/library/alpine:3.19", true),
        ("FROM alpine:3.20", false),
    ] {
        let graded_exact = graded(&exact, &with_final(from), &[]);
        assert_eq!(
            graded_exact.results[0].passed, exact_passes,
            "{from}: {:?}",
            graded_exact.results[0]
        );
        assert!(
            graded(&family, &with_final(from), &[]).results[0].passed,
            "{from}"
        );
    }
}

#[test]
fn run_as_non_root_wants_a_number_other_than_zero() {
    let lesson = lesson("run-as-non-root", "");
    let with_user = |user: &str| SOLUTION.replace("CMD [", &format!("{user}CMD ["));
    for (user, passes, says) in [
        ("USER 65534\n", true, "a number, not 0"),
        ("USER 65534:65534\n", true, "a number, not 0"),
        (
            "USER nobody\n",
            false,
            "image has non-numeric user (nobody), cannot verify user is non-root",
        ),
        ("USER 0\n", false, "image will run as root"),
        ("", false, "image will run as root"),
    ] {
        let result = &graded(&lesson, &with_user(user), &[]).results[0];
        assert_eq!(result.passed, passes, "{user:?}: {}", result.detail);
        assert!(result.detail.contains(says), "{user:?}: {}", result.detail);
    }
}
