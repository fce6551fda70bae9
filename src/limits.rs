//! Every limit Stagecraft sets on what it reads and runs, in one place.
//! Docker has none of these: they keep a learner's page (and a stranger's
//! share link) from freezing a browser. Hitting one stops that build with
//! an error that names the limit and the line; the About view lists them.

/// The Dockerfile's text.
pub const DOCKERFILE_BYTES: usize = 1 << 20;
/// Instructions in one Dockerfile (global ARGs and FROMs count).
pub const INSTRUCTIONS: usize = 5_000;
/// Substitutions inside each other in one Dockerfile word
/// (`${a:-${b:-...}}`): each level is a few frames of the expander.
pub const WORD_NESTING: u32 = 100;
/// A word a Dockerfile instruction expands to (a literal word fits: the
/// Dockerfile's own limit is the same).
pub const WORD_BYTES: usize = 1 << 20;
/// Work the Dockerfile's expansions of one build may do (copying values,
/// trimming and replacing with patterns), in units of about 16 bytes
/// copied.
pub const EXPAND_WORK: u64 = 1 << 22;
/// The environment of a stage: the names and values of its ENVs and
/// ARGs. Linux refuses to start a process whose environment is past
/// 2 MiB; each RUN copies it.
pub const ENV_BYTES: usize = 1 << 20;
/// Directories an entry of an image may be below (`/a/b/c` is 3 down).
/// Linux's own limit is on a path's length (4,096 bytes), which
/// Stagecraft keeps too; this one keeps every walk of a tree (copying,
/// finding, comparing layers, drawing it) within the page's stack.
pub const PATH_DEPTH: usize = 512;
/// Files and directories in the build context.
pub const CONTEXT_FILES: usize = 25_000;
/// Bytes of the build context's files.
pub const CONTEXT_BYTES: usize = 16 << 20;
/// A context path, in bytes.
pub const CONTEXT_PATH_BYTES: usize = 1024;
/// Entries of a context directory the command line looks at, those
/// `.dockerignore` leaves out included (it skips an excluded directory
/// whole when no `!` pattern could bring part of it back).
pub const CONTEXT_VISITED: usize = 250_000;
/// A `.dockerignore` file.
pub const IGNORE_FILE_BYTES: usize = 1 << 20;
/// Work matching `.dockerignore` (or `COPY --exclude`) patterns against
/// paths: a test is one unit; a wildcard pattern's test that needs its
/// automaton four, and one more for each 32 of its size times the path's
/// length.
pub const IGNORE_MATCH_WORK: u64 = 5_000_000;
/// A lesson's Markdown file, read by the command line.
pub const LESSON_FILE_BYTES: usize = 1 << 20;
/// Checks in one lesson (each may build again, or walk the whole image).
pub const LESSON_CHECKS: usize = 100;
/// Known wrong solutions in one lesson (each is a whole build, graded).
pub const LESSON_WRONG: usize = 50;
/// Symbolic links followed in one path lookup (Linux's MAXSYMLINKS).
pub const SYMLINK_HOPS: usize = 40;
/// Commands (and each word of a command past its first), loop turns and
/// function calls of one RUN's shell script.
pub const SHELL_STEPS: u64 = 100_000;
/// Text a command of a RUN script expands to (its words and assignments)
/// that counts as one more step: copying a big string in a loop is work
/// the step limits must see.
pub const SHELL_TEXT_PER_STEP: usize = 4 << 10;
/// Bytes of a RUN's environment that count as one more step when it
/// starts (each variable is one too): its process copies them, and its
/// history line lists the ARGs.
pub const ENV_BYTES_PER_STEP: usize = 256;
/// Steps (as above) of all the RUN scripts of one
/// build: many RUNs each near the limit above would otherwise take
/// minutes (the build runs on the page's thread, which gets its turns
/// only between instructions).
pub const BUILD_SHELL_STEPS: u64 = 300_000;
/// Levels of a RUN script inside each other: compound commands, function
/// calls, `eval`, `.`, `sh -c`, expansions within expansions, and
/// parentheses in arithmetic. A script that calls itself forever would
/// otherwise overflow the browser's stack: measured natively, the
/// costliest level (`sh -c`) takes about 4 KiB of stack optimised and
/// 16 KiB unoptimised, so 100 levels stay well inside a 1 MiB stack.
pub const SHELL_NESTING: u32 = 100;
/// One word, variable or stream (stdout, stderr) of a RUN script, and
/// one file its redirections write.
pub const SHELL_TEXT_BYTES: usize = 16 << 20;
/// Bytes one RUN's redirections write in all (an append rewrites the
/// file, so a loop appending to a big file counts it each turn).
pub const SHELL_WRITE_BYTES: usize = 256 << 20;
/// The largest file a RUN's programs make from a size they are given
/// (`dd`, `truncate`, `fallocate`): past it the simulated disk is full.
/// (Sizes are not bytes held, but a build's sums of them must not
/// overflow: 500,000 such files still fit in a u64.)
pub const DISK_BYTES: u64 = 1 << 40;
/// Turns of one `while`, `until` or `for` loop.
pub const LOOP_ITERATIONS: u64 = 10_000;
/// Paths one RUN may add, change or delete.
pub const FILES_PER_RUN: usize = 100_000;
/// Paths the steps of one build may add, change or delete in all: each
/// is kept in its layer and in its stage's image, so this bounds a
/// build's memory (a chain of stages that each copy the last one whole
/// would otherwise grow it by a whole image a stage).
pub const BUILD_LAYER_PATHS: usize = 500_000;
/// Bytes the archives ADD unpacks in one build come to, in all (one
/// archive unpacks to 256 MiB at most).
pub const BUILD_UNPACKED_BYTES: usize = 1 << 30;
/// Programs of one RUN whose argv the build keeps (for lint and the
/// lesson checks), and the bytes of those argv, in one RUN and in all.
pub const RECORDED_PROGRAMS: usize = 2_000;
pub const RECORDED_PROGRAM_BYTES: usize = 256 << 10;
pub const BUILD_RECORDED_PROGRAM_BYTES: usize = 4 << 20;
/// Paths one wildcard may match (in COPY and ADD sources).
pub const GLOB_MATCHES: usize = 10_000;
/// A `printf` field width in a RUN script.
pub const FORMAT_WIDTH: usize = 1 << 20;
/// How long the page's guard lets a build run in its worker before it
/// stops it (a slow machine, or a test, sets another in localStorage:
/// `stagecraft-watchdog-ms`).
pub const PAGE_BUILD_MS: u64 = 20_000;
/// A share link's fragment, as text.
pub const SHARE_LINK_BYTES: usize = 512 << 10;
/// Above this the editor shows the Dockerfile without colours (it still
/// parses, underlines nothing, and builds).
pub const HIGHLIGHT_BYTES: usize = 200 << 10;

/// The words of the error for `what` (parentheses, variables...) nested
/// past [`SHELL_NESTING`] levels, where a program of the RUN shell would
/// otherwise recurse without end.
pub fn nested_too_deep(what: &str) -> String {
    format!("{what} nested deeper than {SHELL_NESTING} levels (a Stagecraft limit)")
}

/// A limit as the About view lists it.
pub struct Limit {
    pub what: &'static str,
    pub value: String,
}

fn bytes(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{} KiB", n >> 10)
    }
}

/// Every limit, for the About view.
pub fn all() -> Vec<Limit> {
    let limit = |what: &'static str, value: String| Limit { what, value };
    vec![
        limit("Dockerfile size", bytes(DOCKERFILE_BYTES)),
        limit("instructions in a Dockerfile", INSTRUCTIONS.to_string()),
        limit(
            "substitutions inside each other in a Dockerfile word",
            WORD_NESTING.to_string(),
        ),
        limit(
            "a word a Dockerfile instruction expands to",
            bytes(WORD_BYTES),
        ),
        limit(
            "work of a build's Dockerfile expansions",
            format!("{EXPAND_WORK} units (about 16 bytes copied each)"),
        ),
        limit("the environment of a stage (ENV and ARG)", bytes(ENV_BYTES)),
        limit(
            "directories an image's entry is below",
            PATH_DEPTH.to_string(),
        ),
        limit("files in the build context", CONTEXT_FILES.to_string()),
        limit("build context size", bytes(CONTEXT_BYTES)),
        limit("a context path", format!("{CONTEXT_PATH_BYTES} bytes")),
        limit(
            "entries of a context directory looked at",
            CONTEXT_VISITED.to_string(),
        ),
        limit("a .dockerignore file", bytes(IGNORE_FILE_BYTES)),
        limit(
            "work matching .dockerignore patterns",
            format!("{IGNORE_MATCH_WORK} units"),
        ),
        limit("symbolic links in one path", SYMLINK_HOPS.to_string()),
        limit("steps of one RUN's shell", SHELL_STEPS.to_string()),
        limit(
            "steps of all the RUNs of a build",
            BUILD_SHELL_STEPS.to_string(),
        ),
        limit(
            "text a RUN command expands to, counted as one more step",
            format!("every {}", bytes(SHELL_TEXT_PER_STEP)),
        ),
        limit("turns of one shell loop", LOOP_ITERATIONS.to_string()),
        limit(
            "a word, variable, stream or file of a RUN script",
            bytes(SHELL_TEXT_BYTES),
        ),
        limit(
            "bytes one RUN's redirections write",
            bytes(SHELL_WRITE_BYTES),
        ),
        limit(
            "levels of a RUN script inside each other",
            SHELL_NESTING.to_string(),
        ),
        limit("paths one RUN changes", FILES_PER_RUN.to_string()),
        limit(
            "paths the steps of a build change in all",
            BUILD_LAYER_PATHS.to_string(),
        ),
        limit("paths one COPY wildcard matches", GLOB_MATCHES.to_string()),
        limit(
            "programs of one RUN recorded for lint and checks (the rest run, unrecorded)",
            format!(
                "{RECORDED_PROGRAMS}, {} of arguments ({} a build)",
                bytes(RECORDED_PROGRAM_BYTES),
                bytes(BUILD_RECORDED_PROGRAM_BYTES)
            ),
        ),
        limit(
            "bytes ADD's archives unpack to in a build",
            bytes(BUILD_UNPACKED_BYTES),
        ),
        limit("a printf field width", FORMAT_WIDTH.to_string()),
        limit(
            "time a build may run in the page's worker",
            format!("{} s", PAGE_BUILD_MS / 1000),
        ),
        limit("a share link", bytes(SHARE_LINK_BYTES)),
        limit(
            "colours in the editor",
            format!("up to {}", bytes(HIGHLIGHT_BYTES)),
        ),
    ]
}
