//! The run check: what `docker run` would do with the final image, one
//! test per way it fails, and the sample apps' lean images all start.

use std::path::Path;

use stagecraft::analysis::{analyze, Verdict};
use stagecraft::engine::catalog::builtin;
use stagecraft::engine::{build, BuildContext, BuildOptions, ContextEntry};

fn verdict(dockerfile: &str, files: &[(&str, ContextEntry)]) -> Verdict {
    let context = BuildContext::from_entries(files.iter().cloned(), "Dockerfile");
    let result = build(dockerfile, &context, &BuildOptions::default(), builtin());
    assert!(result.error.is_none(), "{:?}", result.error);
    analyze(&context, &result).expect("an image").run.verdict
}

fn fails(dockerfile: &str, files: &[(&str, ContextEntry)]) -> (String, String) {
    match verdict(dockerfile, files) {
        Verdict::Fails {
            message,
            explanation,
        } => (message, explanation),
        Verdict::Runs => panic!("expected a failure:\n{dockerfile}"),
    }
}

const HELLO_C: &str = "RUN printf '#include <stdio.h>\\nint main(void) { return 0; }\\n' > /h.c";

#[test]
fn a_program_not_on_path() {
    let (message, _) = fails("FROM alpine:3.19\nCMD [\"server\"]\n", &[]);
    assert!(
        message.ends_with("exec: \"server\": executable file not found in $PATH: unknown."),
        "{message}"
    );
}

#[test]
fn a_program_that_is_not_there() {
    let (message, explanation) = fails("FROM alpine:3.19\nCMD [\"/app/server\"]\n", &[]);
    assert!(
        message.ends_with(
            "exec: \"/app/server\": stat /app/server: no such file or directory: unknown."
        ),
        "{message}"
    );
    assert!(explanation.contains("COPY --from"), "{explanation}");
}

#[test]
fn no_execute_bit() {
    let (message, explanation) = fails(
        "FROM alpine:3.19\nCOPY run.sh /run.sh\nCMD [\"/run.sh\"]\n",
        &[("run.sh", ContextEntry::text("#!/bin/sh\necho hi\n"))],
    );
    assert!(
        message.ends_with("exec: \"/run.sh\": permission denied: unknown."),
        "{message}"
    );
    assert!(explanation.contains("mode 644"), "{explanation}");
}

#[test]
fn a_non_root_user_without_permission() {
    let files = [("run.sh", ContextEntry::executable("#!/bin/sh\necho hi\n"))];
    let (message, explanation) = fails(
        "FROM alpine:3.19\nCOPY --chmod=700 run.sh /run.sh\nUSER nobody\nCMD [\"/run.sh\"]\n",
        &files,
    );
    assert!(
        message.ends_with("permission denied: unknown."),
        "{message}"
    );
    assert!(explanation.contains("user nobody"), "{explanation}");
    // As root, the same image starts.
    assert_eq!(
        verdict(
            "FROM alpine:3.19\nCOPY --chmod=700 run.sh /run.sh\nCMD [\"/run.sh\"]\n",
            &files
        ),
        Verdict::Runs
    );
}

#[test]
fn a_missing_interpreter() {
    let (message, explanation) = fails(
        "FROM alpine:3.19\nCOPY run.sh /run.sh\nCMD [\"/run.sh\"]\n",
        &[("run.sh", ContextEntry::executable("#!/bin/bash\necho hi\n"))],
    );
    assert_eq!(message, "exec /run.sh: no such file or directory");
    assert!(explanation.contains("/bin/bash"), "{explanation}");
}

#[test]
fn a_glibc_program_on_alpine_and_on_scratch() {
    for base in ["alpine:3.19", "scratch"] {
        let dockerfile = format!(
            "FROM golang:1.22 AS build\n{HELLO_C}\nRUN gcc -o /app /h.c\n\nFROM {base}\nCOPY --from=build /app /app\nCMD [\"/app\"]\n"
        );
        let (message, explanation) = fails(&dockerfile, &[]);
        assert_eq!(message, "exec /app: no such file or directory", "{base}");
        assert!(explanation.contains("glibc"), "{explanation}");
        // Linked statically, it starts.
        let dockerfile = dockerfile.replace("gcc -o", "gcc -static -o");
        assert_eq!(verdict(&dockerfile, &[]), Verdict::Runs, "{base}");
    }
}

#[test]
fn a_missing_shared_library() {
    let dockerfile = format!(
        "FROM golang:1.22 AS build\n{}\nRUN g++ -o /app /h.cc\n\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
        HELLO_C.replace("stdio.h", "cstdio").replace("/h.c", "/h.cc")
    );
    let (message, explanation) = fails(&dockerfile, &[]);
    assert_eq!(
        message,
        "/app: error while loading shared libraries: libstdc++.so.6: cannot open shared object file: No such file or directory"
    );
    assert!(explanation.contains("distroless/cc"), "{explanation}");
    let fixed = dockerfile.replace("base-debian12", "cc-debian12");
    assert_eq!(verdict(&fixed, &[]), Verdict::Runs);
}

#[test]
fn shell_form_cmd_on_scratch() {
    let files = [("app", ContextEntry::executable("binary"))];
    let (message, explanation) = fails("FROM scratch\nCOPY app /app\nCMD /app\n", &files);
    assert!(
        message.ends_with("exec: \"/bin/sh\": stat /bin/sh: no such file or directory: unknown."),
        "{message}"
    );
    assert!(explanation.contains("shell form"), "{explanation}");
}

#[test]
fn an_unknown_user_and_no_command() {
    let (message, _) = fails("FROM alpine:3.19\nUSER app\n", &[]);
    assert_eq!(
        message,
        "docker: Error response from daemon: unable to find user app: no matching entries in passwd file."
    );
    let (message, _) = fails(
        "FROM scratch\nCOPY a /a\n",
        &[("a", ContextEntry::text("x"))],
    );
    assert_eq!(
        message,
        "docker: Error response from daemon: No command specified."
    );
}

#[test]
fn an_interpreter_needs_its_script_and_node_its_modules() {
    let (message, _) = fails(
        "FROM node:20-alpine\nWORKDIR /app\nCMD [\"node\", \"server.js\"]\n",
        &[],
    );
    assert_eq!(message, "Error: Cannot find module '/app/server.js'");
    let files = [
        ("server.js", ContextEntry::text("require('express')\n")),
        (
            "package.json",
            ContextEntry::text("{\"name\":\"api\",\"dependencies\":{\"express\":\"^4.19.2\"}}"),
        ),
    ];
    let (message, _) = fails(
        "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
        &files,
    );
    assert_eq!(message, "Error: Cannot find module 'express'");
    assert_eq!(
        verdict(
            "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"server.js\"]\n",
            &files
        ),
        Verdict::Runs
    );
}

#[test]
fn the_sample_apps_lean_images_all_start() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut apps: Vec<_> = std::fs::read_dir(&root)
        .expect("samples/")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Dockerfile").exists())
        .map(|e| e.path())
        .collect();
    apps.sort();
    assert!(apps.len() >= 7, "{apps:?}");
    for dir in apps {
        let source = std::fs::read_to_string(dir.join("Dockerfile")).expect("Dockerfile");
        let context =
            stagecraft::cli::host::read_context(&dir, "Dockerfile", &[]).expect("context");
        let result = build(&source, &context, &BuildOptions::default(), builtin());
        let report = analyze(&context, &result).expect("an image");
        assert_eq!(
            report.run.verdict,
            Verdict::Runs,
            "{}: {:#?}",
            dir.display(),
            report.run
        );
    }
}

#[test]
fn a_config_file_the_app_reads_and_the_port_it_listens_on() {
    let files = [
        (
            "app.py",
            ContextEntry::text("import json\nconfig = json.load(open('config.json'))\napp.run(host='0.0.0.0', port=5000)\n"),
        ),
        ("config.json", ContextEntry::text("{}")),
    ];
    let (message, explanation) = fails(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n",
        &files,
    );
    assert_eq!(
        message,
        "FileNotFoundError: [Errno 2] No such file or directory: 'config.json'"
    );
    assert!(explanation.contains("/app"), "{explanation}");
    // With the file, it runs; EXPOSE naming another port is noted.
    let context = BuildContext::from_entries(files.iter().cloned(), "Dockerfile");
    let dockerfile =
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";
    let result = build(dockerfile, &context, &BuildOptions::default(), builtin());
    let run = analyze(&context, &result).expect("an image").run;
    assert_eq!(run.verdict, Verdict::Runs);
    assert_eq!(
        run.notes,
        vec!["the app listens on 5000, but the image exposes 8000/tcp: `docker run -p` with the exposed port reaches nothing".to_string()]
    );
}

#[test]
fn a_non_root_app_that_writes_where_it_may_not() {
    let files = [(
        "app.py",
        ContextEntry::text("log = open('data/app.log', 'a')\nlog.write('started')\n"),
    )];
    let (message, explanation) = fails(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nRUN mkdir data\nUSER nobody\nCMD [\"python\", \"app.py\"]\n",
        &files,
    );
    assert_eq!(
        message,
        "PermissionError: [Errno 13] Permission denied: 'data/app.log'"
    );
    assert!(
        explanation.contains("/app/data is not writable by uid 65534"),
        "{explanation}"
    );
    assert_eq!(
        verdict(
            "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nRUN mkdir data && chown nobody data\nUSER nobody\nCMD [\"python\", \"app.py\"]\n",
            &files
        ),
        Verdict::Runs
    );
}

#[test]
fn a_compiled_program_keeps_what_its_source_reads_and_writes() {
    // The Go source reads config.yaml; a multi-stage build that copies only
    // the binary forgets it.
    let files = [
        (
            "main.go",
            ContextEntry::text("package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() {\n\tcfg, _ := os.ReadFile(\"config.yaml\")\n\t_ = cfg\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"),
        ),
        ("go.mod", ContextEntry::text("module example.com/app\n\ngo 1.22\n")),
        ("config.yaml", ContextEntry::text("port: 8080\n")),
    ];
    let build_stage = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n";
    let (message, explanation) = fails(
        &format!("{build_stage}FROM scratch\nWORKDIR /app\nCOPY --from=build /out/app /app/app\nCMD [\"/app/app\"]\n"),
        &files,
    );
    assert_eq!(message, "open config.yaml: no such file or directory");
    assert!(
        explanation.contains("its go source, as compiled") && explanation.contains("/app"),
        "{explanation}"
    );
    assert_eq!(
        verdict(
            &format!("{build_stage}FROM scratch\nWORKDIR /app\nCOPY --from=build /out/app /app/app\nCOPY --from=build /src/config.yaml /app/\nEXPOSE 8080\nCMD [\"/app/app\"]\n"),
            &files
        ),
        Verdict::Runs
    );
    // A C program that writes under a directory its user may not write.
    let c = [(
        "log.c",
        ContextEntry::text("#include <stdio.h>\nint main(void) { FILE *f = fopen(\"/var/log/app.log\", \"a\"); return f == 0; }\n"),
    )];
    let (message, explanation) = fails(
        "FROM golang:1.22 AS build\nCOPY log.c .\nRUN gcc -static -o /log log.c\nFROM debian:bookworm-slim\nCOPY --from=build /log /usr/local/bin/log\nUSER nobody\nCMD [\"log\"]\n",
        &c,
    );
    assert_eq!(message, "/var/log/app.log: Permission denied");
    assert!(
        explanation.contains("/var/log is not writable by uid 65534"),
        "{explanation}"
    );
}

fn run_of(dockerfile: &str, files: &[(&str, ContextEntry)]) -> stagecraft::analysis::RunCheck {
    let context = BuildContext::from_entries(files.iter().cloned(), "Dockerfile");
    let result = build(dockerfile, &context, &BuildOptions::default(), builtin());
    assert!(result.error.is_none(), "{:?}", result.error);
    analyze(&context, &result).expect("an image").run
}

#[test]
fn an_empty_file_is_no_program() {
    let (message, explanation) = fails(
        "FROM alpine:3.19\nRUN touch /server && chmod +x /server\nCMD [\"/server\"]\n",
        &[],
    );
    assert_eq!(message, "exec /server: exec format error");
    assert!(explanation.contains("empty file"), "{explanation}");
}

#[test]
fn a_shell_form_command_is_followed_into_the_program_it_starts() {
    let files = [("server.js", ContextEntry::text("console.log('hi')\n"))];
    let run = run_of(
        "FROM node:20-alpine\nWORKDIR /app\nCOPY server.js .\nCMD node server.js\n",
        &files,
    );
    assert_eq!(run.verdict, Verdict::Runs);
    assert!(
        run.entry.contains(&"/app/server.js".to_string()),
        "{:?}",
        run.entry
    );
    // The script it names must be there, as node says.
    let (message, _) = fails(
        "FROM node:20-alpine\nWORKDIR /app\nCMD exec node missing.js\n",
        &[],
    );
    assert_eq!(message, "Error: Cannot find module '/app/missing.js'");
    // A script with operators is not taken apart.
    let run = run_of("FROM node:20-alpine\nCMD node a.js || node b.js\n", &[]);
    assert_eq!(run.verdict, Verdict::Runs);
}

#[test]
fn a_wsgi_server_runs_the_module_it_is_given() {
    let app = (
        "app.py",
        ContextEntry::text("from flask import Flask\napp = Flask(__name__)\n"),
    );
    let dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install gunicorn flask\nCOPY app.py .\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:app\"]\n";
    let run = run_of(dockerfile, std::slice::from_ref(&app));
    assert_eq!(run.verdict, Verdict::Runs);
    assert!(
        run.entry.contains(&"/app/app.py".to_string()),
        "{:?}",
        run.entry
    );
    // Without the module, gunicorn cannot import it.
    let without = dockerfile.replace("COPY app.py .\n", "");
    let (message, _) = fails(&without, &[app]);
    assert_eq!(message, "ModuleNotFoundError: No module named 'app'");
}

#[test]
fn python_dash_m_runs_a_module_of_the_workdir_or_an_installed_one() {
    let files = [("tool.py", ContextEntry::text("print('hi')\n"))];
    let run = run_of(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY tool.py .\nCMD [\"python\", \"-m\", \"tool\"]\n",
        &files,
    );
    assert!(
        run.entry.contains(&"/app/tool.py".to_string()),
        "{:?}",
        run.entry
    );
    // An installed module is found on sys.path: not a missing script.
    let run = run_of(
        "FROM python:3.12-slim\nCMD [\"python\", \"-m\", \"http.server\"]\n",
        &[],
    );
    assert_eq!(run.verdict, Verdict::Runs);
}

#[test]
fn a_shell_form_entrypoint_runs_its_command_and_drops_cmd() {
    let files = [(
        "server.js",
        ContextEntry::text("require('http').createServer().listen(8080)\n"),
    )];
    let run = run_of(
        "FROM node:20-alpine\nWORKDIR /app\nCOPY server.js .\nENTRYPOINT node server.js\nCMD [\"--port\", \"8080\"]\n",
        &files,
    );
    assert_eq!(run.verdict, Verdict::Runs);
    assert!(
        run.entry.contains(&"/app/server.js".to_string()),
        "{:?}",
        run.entry
    );
    assert!(
        run.notes
            .iter()
            .any(|n| n.starts_with("--port 8080 reach the shell as $0")),
        "{:?}",
        run.notes
    );
}

#[test]
fn a_server_that_forks_into_the_background_ends_the_container() {
    let fails = |dockerfile: &str| match verdict(dockerfile, &[]) {
        Verdict::Fails {
            message,
            explanation,
        } => Some((message, explanation)),
        Verdict::Runs => None,
    };
    let (message, why) =
        fails("FROM nginx:1.25-alpine\nCMD [\"nginx\"]\n").expect("nginx alone daemonizes");
    assert_eq!(
        message,
        "the container exits at once (Exited (0)): nginx went to the background"
    );
    assert!(why.contains("daemon off;"), "{why}");
    assert!(fails("FROM httpd:2.4\nCMD [\"httpd\"]\n").is_some());
    // Told to stay: by argument, by the image's script, or by its config.
    for good in [
        "FROM nginx:1.25-alpine\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        "FROM nginx:1.25\n",
        "FROM httpd:2.4\n",
        "FROM httpd:2.4\nCMD [\"httpd\", \"-D\", \"FOREGROUND\"]\n",
        "FROM nginx:1.25-alpine\nRUN printf 'daemon off;\\nevents {}\\n' > /etc/nginx/nginx.conf\nCMD [\"nginx\"]\n",
    ] {
        assert_eq!(fails(good), None, "{good}");
    }
}

#[test]
fn a_packaged_program_needs_its_distributions_c_library() {
    // Debian's curl is linked against glibc: copied into Alpine or
    // scratch, the loader is missing; Alpine's own curl runs there.
    let (message, why) = fails(
        "FROM debian:bookworm-slim AS tools\nRUN apt-get update && apt-get install -y curl\n\nFROM alpine:3.19\nCOPY --from=tools /usr/bin/curl /usr/bin/curl\nCMD [\"curl\", \"--version\"]\n",
        &[],
    );
    assert_eq!(message, "exec /usr/bin/curl: no such file or directory");
    assert!(why.contains("linked against glibc"), "{why}");
    assert!(matches!(
        verdict(
            "FROM alpine:3.19\nRUN apk add --no-cache curl\nCMD [\"curl\", \"--version\"]\n",
            &[]
        ),
        Verdict::Runs
    ));
    // And Alpine's nginx, copied onto Debian, lacks musl's loader.
    let (message, _) = fails(
        "FROM nginx:1.25-alpine AS web\n\nFROM debian:bookworm-slim\nCOPY --from=web /usr/sbin/nginx /usr/sbin/nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        &[],
    );
    assert_eq!(message, "exec /usr/sbin/nginx: no such file or directory");
}

#[test]
fn a_stock_server_run_as_a_user_who_may_not_write_its_files_stops() {
    let (message, why) = fails("FROM nginx:1.25-alpine\nUSER nginx\n", &[]);
    assert_eq!(
        message,
        "nginx: [emerg] open() \"/var/run/nginx.pid\" failed (13: Permission denied)"
    );
    assert!(why.contains("nginx-unprivileged"), "{why}");
    // As root (the image's own way), it starts.
    assert!(matches!(
        verdict("FROM nginx:1.25-alpine\n", &[]),
        Verdict::Runs
    ));
}
