//! Properties of whole builds: random small Dockerfiles over random
//! contexts never panic or hang, build the same way twice, and their
//! layers add up: the image's size is the sum of its layers', and
//! replaying every layer's changes (whiteouts included) from an empty
//! filesystem gives exactly the image's files.

use std::collections::BTreeMap;

use proptest::prelude::*;

use stagecraft::engine::catalog::builtin;
use stagecraft::engine::image::Image;
use stagecraft::engine::inspect::inspect;
use stagecraft::engine::layer::{ChangeKind, EntryInfo};
use stagecraft::engine::vfs::Kind;
use stagecraft::engine::{build, BuildContext, BuildOptions, ContextEntry};

const PATHS: &[&str] = &[
    "app.py",
    "main.go",
    "README.md",
    "src/lib.rs",
    "src/bin/tool",
    "src/deep/x.txt",
    "docs/a.md",
    "data.tar",
    "notes.log",
];

const BASES: &[&str] = &[
    "scratch",
    "alpine:3.19",
    "debian:bookworm",
    "busybox",
    "golang:1.22",
    "nosuch/image:1",
];

const SOURCES: &[&str] = &[
    ".",
    "app.py",
    "src",
    "src/",
    "src/*",
    "*.md",
    "docs",
    "missing.txt",
    "*.none",
    "data.tar",
    "../app.py",
    "src/./bin",
];

const DESTS: &[&str] = &[
    "/app/",
    "/app",
    ".",
    "out/",
    "/etc/passwd",
    "/tmp/x",
    "/bin/",
    "/srv/data/",
];

const SCRIPTS: &[&str] = &[
    "mkdir -p /w/a && echo hi > /w/a/f",
    "rm -rf /w /etc/motd",
    "cp -r /app /copy || true",
    "mv /tmp/x /tmp/y",
    "ln -s /w/a /lnk && cat /lnk/f",
    "chmod -R 700 /app",
    "touch /a /b && ls -la /",
    "for i in 1 2 3; do echo $i >> /count; done",
    "false",
    "exit 3",
    "useradd -m app || adduser -D app",
    "tar -cf /t.tar /etc && tar -xf /t.tar -C /tmp",
    "find / -name '*.md' -delete",
    "sed -i 's/a/b/' /app/app.py",
    "while [ ! -f /stop ]; do touch /stop; done",
    "cd /nope",
    "go build ./...",
    "apk add curl",
    "echo $HOME $PATH > /env",
    "rm -rf /var/cache && mkdir /var/cache",
];

fn context_entries() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((prop::sample::select(PATHS), "[a-z \n]{0,40}"), 0..8).prop_map(|files| {
        // Most sources exist, so that builds get far.
        let mut all: Vec<(String, String)> = ["app.py", "src/lib.rs", "docs/a.md"]
            .iter()
            .map(|p| (p.to_string(), "print()\n".to_string()))
            .collect();
        all.extend(files.into_iter().map(|(p, text)| (p.to_string(), text)));
        all
    })
}

fn instruction() -> impl Strategy<Value = String> {
    let copy = (
        prop::sample::select(SOURCES),
        prop::sample::select(DESTS),
        prop::sample::select(
            &[
                "",
                "--chown=app ",
                "--chown=1000:1000 ",
                "--chmod=755 ",
                "--parents ",
            ][..],
        ),
        0..4usize,
    )
        .prop_map(|(s, d, flag, from)| {
            // `@N` becomes an earlier stage's name, or goes (see dockerfile()).
            if from < 3 {
                format!("COPY --from=@{from} {flag}/ {d}")
            } else {
                format!("COPY {flag}{s} {d}")
            }
        });
    prop_oneof![
        3 => copy,
        1 => (prop::sample::select(SOURCES), prop::sample::select(DESTS))
            .prop_map(|(s, d)| format!("ADD {s} {d}")),
        4 => prop::collection::vec(prop::sample::select(SCRIPTS), 1..3)
            .prop_map(|parts| format!("RUN {}", parts.join(" ; "))),
        1 => prop::sample::select(&["/app", "sub", "../up", "/"][..]).prop_map(|d| format!("WORKDIR {d}")),
        1 => prop::sample::select(&["A=1", "B=$A", "PATH=/x:$PATH", "HOME=/h"][..]).prop_map(|e| format!("ENV {e}")),
        1 => prop::sample::select(&["V", "V=2", "A=${V:-d}"][..]).prop_map(|a| format!("ARG {a}")),
        1 => prop::sample::select(&["app", "nobody", "1000:1000", "ghost", "root"][..]).prop_map(|u| format!("USER {u}")),
        1 => prop::sample::select(&[
            "EXPOSE 80 443/udp 9000-9001",
            "CMD [\"run\"]",
            "ENTRYPOINT echo hi",
            "LABEL a=b",
            "SHELL [\"/bin/bash\", \"-c\"]",
            "VOLUME /data",
            "STOPSIGNAL SIGTERM",
            "HEALTHCHECK CMD true",
            "ONBUILD RUN touch /triggered",
        ][..]).prop_map(String::from),
    ]
}

fn dockerfile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(BASES),
            prop::collection::vec(instruction(), 0..6),
        ),
        1..4,
    )
    .prop_map(|stages| {
        let mut text = String::from("ARG V=1\n");
        for (i, (base, instructions)) in stages.into_iter().enumerate() {
            // Now and then a stage builds on the one before.
            let base = if i > 0 && base == "busybox" {
                format!("s{}", i - 1)
            } else {
                base.to_string()
            };
            text.push_str(&format!("FROM {base} AS s{i}\n"));
            for instruction in instructions {
                let instruction = match instruction.find("--from=@") {
                    Some(at) => {
                        let from = instruction.as_bytes()[at + 8] - b'0';
                        if usize::from(from) < i {
                            instruction.replace("@", "s")
                        } else {
                            format!("COPY {}", &instruction[at + 10..])
                        }
                    }
                    None => instruction,
                };
                text.push_str(&instruction);
                text.push('\n');
            }
        }
        text
    })
}

/// Removes every path below `dir`.
fn remove_below(files: &mut BTreeMap<String, EntryInfo>, dir: &str) {
    let prefix = if dir == "/" {
        "/".to_string()
    } else {
        format!("{dir}/")
    };
    let below: Vec<String> = files
        .range(prefix.clone()..)
        .map(|(p, _)| p.clone())
        .take_while(|p| p.starts_with(&prefix))
        .filter(|p| p != "/")
        .collect();
    for path in below {
        files.remove(&path);
    }
}

/// The files of an image rebuilt from its layers' changes alone.
fn replay(image: &Image) -> BTreeMap<String, EntryInfo> {
    let mut files: BTreeMap<String, EntryInfo> = BTreeMap::new();
    for layer in &image.layers {
        for change in layer.changes.iter() {
            let path = change.path.clone();
            match change.kind {
                ChangeKind::Deleted => {
                    remove_below(&mut files, &path);
                    files.remove(&path);
                }
                ChangeKind::Opaque => remove_below(&mut files, &path),
                ChangeKind::Added | ChangeKind::Modified => {
                    if let Some(entry) = &change.entry {
                        // Anything but a directory hides what was below it.
                        if entry.kind != Kind::Dir {
                            remove_below(&mut files, &path);
                        }
                        files.insert(path, entry.clone());
                    }
                }
            }
        }
    }
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_builds_are_deterministic_and_add_up(
        source in dockerfile(),
        files in context_entries(),
        target in prop::option::of(prop::sample::select(&["s0", "s1", "S2"][..])),
        legacy in any::<bool>(),
    ) {
        let entries: Vec<(String, ContextEntry)> = files
            .iter()
            .map(|(p, text)| (p.clone(), ContextEntry::text(text)))
            .collect();
        let context = BuildContext::from_entries(entries, "Dockerfile");
        let options = BuildOptions {
            target: target.map(String::from),
            legacy_builder: legacy,
            ..BuildOptions::default()
        };
        let first = build(&source, &context, &options, builtin());
        let second = build(&source, &context, &options, builtin());
        prop_assert_eq!(inspect(&first), inspect(&second));
        prop_assert_eq!(
            serde_json::to_string(&first).ok(),
            serde_json::to_string(&second).ok()
        );
        if let Some(error) = &first.error {
            // An error names its instruction's line (or none, for the
            // whole build), within the file.
            prop_assert!(error.line() <= source.lines().count(), "{}", error);
        }
        for stage in &first.stages {
            let Some(image) = &stage.image else { continue };
            let sum: u64 = image.layers.iter().map(|l| l.size).sum();
            prop_assert_eq!(image.size(), sum);
            for layer in &image.layers {
                let changes: u64 = layer.changes.iter().map(|c| c.size()).sum();
                prop_assert_eq!(layer.size, changes);
            }
            if stage.status == stagecraft::engine::StageStatus::Built {
                let actual: BTreeMap<String, EntryInfo> = image
                    .files()
                    .into_iter()
                    .map(|f| (f.path, f.info))
                    .collect();
                prop_assert_eq!(replay(image), actual, "stage {}", stage.display_name);
            }
        }
    }
}
