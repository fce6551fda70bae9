//! The state of a RUN's shell: its filesystem, variables, streams, where
//! it is, what it has spent of its limits, and what its programs noted;
//! the interpreter (`interp.rs`) runs scripts over it and the programs
//! read and change it.

use std::collections::BTreeMap;

use crate::engine::catalog::data::{DataStore, Lacking};
use crate::engine::catalog::{Catalog, ShellFlavor};
use crate::engine::content::Content;
use crate::engine::vfs::{absolute, Filesystem, Meta, Node};
use crate::engine::warning::WarningKind;
use crate::limits::{SHELL_TEXT_BYTES, SHELL_TEXT_PER_STEP};

use super::ast::Command;
use super::program_log::ProgramLog;
/// Simple commands one RUN may execute before it is stopped as runaway.
pub const DEFAULT_STEP_LIMIT: u64 = crate::limits::SHELL_STEPS;

/// The standard streams of one command.
#[derive(Clone, Debug, Default)]
pub struct Io {
    pub stdin: Vec<u8>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// A write was cut short: its stream had reached
    /// [`SHELL_TEXT_BYTES`]. The command stops the script when it returns.
    pub overflow: bool,
}

/// Appends what fits of `bytes` to `stream` (no stream grows past
/// [`SHELL_TEXT_BYTES`], however a program loops); false when it was cut.
pub(crate) fn push_capped(stream: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let room = SHELL_TEXT_BYTES.saturating_sub(stream.len());
    if bytes.len() <= room {
        stream.extend_from_slice(bytes);
        return true;
    }
    stream.extend_from_slice(&bytes[..room]);
    false
}

impl Io {
    pub fn with_stdin(stdin: Vec<u8>) -> Io {
        Io {
            stdin,
            ..Io::default()
        }
    }

    pub fn out(&mut self, text: &str) {
        self.out_bytes(text.as_bytes());
    }

    pub fn err(&mut self, text: &str) {
        self.err_bytes(text.as_bytes());
    }

    pub fn out_bytes(&mut self, bytes: &[u8]) {
        if !push_capped(&mut self.stdout, bytes) {
            self.overflow = true;
        }
    }

    pub fn err_bytes(&mut self, bytes: &[u8]) {
        if !push_capped(&mut self.stderr, bytes) {
            self.overflow = true;
        }
    }
}

/// How a piece of script ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flow {
    Normal(i32),
    /// `exit`, or an error that ends the shell.
    Exit(i32),
    Break(u32),
    Continue(u32),
    Return(i32),
    /// The script ran away or hit a strict-mode stop; the message says why.
    Abort(Abort),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Abort {
    StepLimit(u64),
    /// Commands, functions, `eval`, `.`, `sh -c` or expansions nested
    /// deeper than allowed.
    NestingLimit(u32),
    /// A word, variable, stream or file grew past its limit.
    TextLimit {
        what: &'static str,
        limit: usize,
    },
    /// One loop turned more times than allowed.
    LoopLimit(u64),
    /// A pattern matched more paths than allowed.
    GlobLimit(usize),
    /// A program made (or moved) an entry deeper than allowed.
    DepthLimit(usize),
    NotSimulated(String),
}

impl Abort {
    /// A word, variable, stream or file past [`SHELL_TEXT_BYTES`].
    pub fn text(what: &'static str) -> Abort {
        Abort::TextLimit {
            what,
            limit: SHELL_TEXT_BYTES,
        }
    }
}

impl Flow {
    pub fn status(&self) -> i32 {
        match self {
            Flow::Normal(s) | Flow::Exit(s) | Flow::Return(s) => *s,
            Flow::Break(_) | Flow::Continue(_) => 0,
            Flow::Abort(_) => 1,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub errexit: bool,
    pub xtrace: bool,
    pub pipefail: bool,
    pub nounset: bool,
}

/// A variable of the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    pub value: String,
    pub exported: bool,
}

/// The running shell.
pub struct Shell<'fs> {
    pub fs: &'fs mut Filesystem,
    pub vars: BTreeMap<String, Var>,
    pub cwd: String,
    pub uid: u32,
    pub gid: u32,
    pub flavor: ShellFlavor,
    /// `$0`: the shell as invoked (`/bin/sh`).
    pub name: String,
    pub options: Options,
    pub positional: Vec<String>,
    pub status: i32,
    pub steps: u64,
    pub step_limit: u64,
    /// Levels running inside each other: compound commands, function
    /// calls, `eval`, `.`, `sh -c` and expansions.
    pub depth: u32,
    /// Bytes the script's redirections wrote so far.
    pub written: usize,
    /// Strict mode: a program that is not simulated stops the build.
    pub strict: bool,
    /// The targets of the RUN's read-only mounts: a program that checks
    /// before writing (pip's cache) sees them as not writable.
    pub read_only: Vec<String>,
    /// The action of `trap ... EXIT`, run as the script ends.
    pub exit_trap: Option<String>,
    /// The program that fails when run ([`crate::engine::plan::BuildOptions::failing`]).
    pub failing: Option<String>,
    /// Notes for the learner (programs not simulated, ...).
    pub warnings: Vec<WarningKind>,
    /// The programs the script ran.
    pub programs: ProgramLog,
    pub functions: BTreeMap<String, Command>,
    /// Nesting of contexts where `set -e` does not apply (conditions).
    pub(crate) errexit_suppressed: u32,
    /// Line of the command running, for messages.
    pub line: usize,
    /// The logical time written into what the script changes.
    pub clock: u64,
    pub umask: u32,
    /// Simulated seconds the programs run so far took (`cost`).
    pub work: f64,
    /// A limit a program met ([`Shell::spend`]): the script stops with it
    /// when the program returns.
    pub stopped: Option<Flow>,
    /// The catalog the build runs over: package managers read its data.
    pub catalog: &'fs dyn Catalog,
    /// The catalog's data files the script's programs asked for and did
    /// not find (the build reports them).
    pub lacking: Lacking,
}

impl<'fs> Shell<'fs> {
    /// A shell over `fs`; its programs read package data from `catalog`.
    pub fn new(
        fs: &'fs mut Filesystem,
        catalog: &'fs dyn Catalog,
        flavor: ShellFlavor,
        name: &str,
    ) -> Shell<'fs> {
        Shell {
            fs,
            vars: BTreeMap::new(),
            cwd: "/".to_string(),
            uid: 0,
            gid: 0,
            flavor,
            name: name.to_string(),
            options: Options::default(),
            positional: Vec::new(),
            status: 0,
            steps: 0,
            depth: 0,
            written: 0,
            work: 0.0,
            step_limit: DEFAULT_STEP_LIMIT,
            strict: false,
            failing: None,
            exit_trap: None,
            read_only: Vec::new(),
            warnings: Vec::new(),
            programs: ProgramLog::default(),
            functions: BTreeMap::new(),
            errexit_suppressed: 0,
            line: 1,
            clock: 0,
            umask: 0o022,
            stopped: None,
            catalog,
            lacking: Lacking::default(),
        }
    }

    /// A note for the learner from a program.
    pub fn note(&mut self, message: String) {
        self.warnings.push(WarningKind::Program { message });
    }

    /// The catalog's data files, and where to note one not at hand.
    pub fn data(&self) -> (&DataStore, &Lacking) {
        (self.catalog.data(), &self.lacking)
    }

    /// Metadata for an entry the script creates: the mode less the umask,
    /// owned by the running user, stamped with the clock.
    pub fn new_meta(&self, mode: u32) -> Meta {
        Meta::new(mode & !self.umask, self.uid, self.gid).at(self.clock)
    }

    pub fn set_var(&mut self, name: &str, value: &str) {
        let exported = self.vars.get(name).is_some_and(|v| v.exported);
        self.vars.insert(
            name.to_string(),
            Var {
                value: value.to_string(),
                exported,
            },
        );
    }

    pub fn export(&mut self, name: &str, value: Option<&str>) {
        let entry = self.vars.entry(name.to_string()).or_insert(Var {
            value: String::new(),
            exported: true,
        });
        entry.exported = true;
        if let Some(v) = value {
            entry.value = v.to_string();
        }
    }

    pub fn var(&self, name: &str) -> Option<&str> {
        match name {
            "PWD" if !self.vars.contains_key("PWD") => Some(&self.cwd),
            _ => self.vars.get(name).map(|v| v.value.as_str()),
        }
    }

    /// The exported variables, as a program's environment.
    pub fn environment(&self) -> Vec<(String, String)> {
        self.vars
            .iter()
            .filter(|(_, v)| v.exported)
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect()
    }

    /// An absolute path for `path` against the working directory.
    pub fn path(&self, path: &str) -> String {
        absolute(&self.cwd, path)
    }

    /// Whether `path` lies in a read-only mount of the RUN.
    pub fn is_read_only(&self, path: &str) -> bool {
        self.read_only
            .iter()
            .any(|mount| crate::engine::step::covers(mount, path))
    }

    /// The prefix of the shell's own error messages (`/bin/sh: 1: `).
    pub fn error_prefix(&self) -> String {
        match self.flavor {
            ShellFlavor::Dash => format!("{}: {}: ", self.name, self.line),
            ShellFlavor::Ash => format!("{}: ", self.name),
            ShellFlavor::Bash => format!("{}: line {}: ", self.name, self.line),
        }
    }

    /// Counts a step of the script; stops it past the limit.
    pub(crate) fn step(&mut self) -> Result<(), Flow> {
        self.charge(1)
    }

    /// Steps a copy of every variable costs (a subshell, a pipeline's
    /// part and a command substitution each keep the variables to put
    /// back): one a variable, and one more for each
    /// [`SHELL_TEXT_PER_STEP`] of their values.
    pub fn vars_cost(&self) -> u64 {
        let bytes: usize = self.vars.values().map(|v| v.value.len()).sum();
        (self.vars.len() + bytes / SHELL_TEXT_PER_STEP) as u64
    }

    /// For a program that ran a command itself (`env`, `npm run`): the
    /// command's status, and a limit it met kept to stop the script when
    /// the program returns.
    pub fn settle(&mut self, flow: Flow) -> i32 {
        match flow {
            Flow::Abort(_) => {
                let status = flow.status();
                self.stopped.get_or_insert(flow);
                status
            }
            other => other.status(),
        }
    }

    /// For a program: counts `steps` steps of work it is about to do.
    /// False past the limit: the program should give up at once (the
    /// script stops when it returns).
    pub fn spend(&mut self, steps: u64) -> bool {
        match self.charge(steps) {
            Ok(()) => true,
            Err(flow) => {
                self.stopped.get_or_insert(flow);
                false
            }
        }
    }

    /// Counts `steps` steps of the script; stops it past the limit.
    pub fn charge(&mut self, steps: u64) -> Result<(), Flow> {
        self.steps = self.steps.saturating_add(steps);
        if self.steps > self.step_limit {
            return Err(Flow::Abort(Abort::StepLimit(self.step_limit)));
        }
        Ok(())
    }

    /// Goes one nesting level deeper (a compound command, a function
    /// body, `eval`, `.`, an expansion); past the limit the script stops
    /// instead of overflowing the stack. [`Shell::leave`] comes back.
    pub fn enter(&mut self) -> Result<(), Flow> {
        if self.depth >= crate::limits::SHELL_NESTING {
            return Err(Flow::Abort(Abort::NestingLimit(
                crate::limits::SHELL_NESTING,
            )));
        }
        self.depth += 1;
        Ok(())
    }

    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Runs `f` one nesting level deeper.
    pub fn nested(&mut self, f: impl FnOnce(&mut Self) -> Flow) -> Flow {
        if let Err(flow) = self.enter() {
            return flow;
        }
        let flow = f(self);
        self.leave();
        flow
    }

    /// Counts what appending `len` bytes to `path` writes (the file is
    /// rewritten whole); stops the script past the file or write limit.
    pub(crate) fn charge_write(&mut self, path: &str, len: usize) -> Result<(), Flow> {
        let old = match self.fs.lookup(path, true) {
            Ok((_, Node::File(f))) => f.content.size() as usize,
            _ => 0,
        };
        if old + len > SHELL_TEXT_BYTES {
            return Err(Flow::Abort(Abort::text("a file written by a redirection")));
        }
        self.count_written(old + len)
    }

    /// Counts `len` bytes written to files (by a redirection or a
    /// program); stops the script past the write limit.
    pub fn count_written(&mut self, len: usize) -> Result<(), Flow> {
        self.written = self.written.saturating_add(len);
        if self.written > crate::limits::SHELL_WRITE_BYTES {
            return Err(Flow::Abort(Abort::TextLimit {
                what: "what the RUN script wrote to files in all",
                limit: crate::limits::SHELL_WRITE_BYTES,
            }));
        }
        Ok(())
    }

    /// Creates or truncates a file for writing, as the current user.
    pub fn open_for_write(&mut self, path: &str, truncate: bool) -> Result<(), String> {
        match self.fs.lookup(path, true) {
            Ok((_, Node::Dir(_))) => return Err("Is a directory".to_string()),
            Ok((canonical, Node::File(file))) => {
                if !self.can_write(file.meta) {
                    return Err("Permission denied".to_string());
                }
                if truncate {
                    let meta = file.meta.at(self.clock);
                    return self
                        .fs
                        .write_file(&canonical, Content::empty(), meta)
                        .map_err(|e| e.reason().to_string());
                }
                return Ok(());
            }
            _ => {}
        }
        let (parent, _) = crate::engine::vfs::split_parent(path);
        match self.fs.lookup(parent, true) {
            Ok((_, Node::Dir(d))) if !self.can_write(d.meta) => {
                return Err("Permission denied".to_string())
            }
            Ok((_, Node::Dir(_))) => {}
            _ if parent == "/" => {}
            _ => return Err("Directory nonexistent".to_string()),
        }
        self.fs
            .write_file(path, Content::empty(), self.new_meta(0o666))
            .map_err(|e| e.reason().to_string())
    }

    /// Appends to a file that exists (made by `open_for_write`).
    pub fn append_file(&mut self, path: &str, data: &[u8]) -> Result<(), String> {
        let (canonical, existing) = match self.fs.lookup(path, true) {
            Ok((c, Node::File(f))) => (c, f.clone()),
            _ => {
                self.open_for_write(path, false)?;
                return self.append_file(path, data);
            }
        };
        let content = match existing.content.data() {
            Some(old) => {
                let mut bytes = old.to_vec();
                bytes.extend_from_slice(data);
                Content::bytes(bytes)
            }
            None => Content::blob(
                existing.content.size() + data.len() as u64,
                &format!(
                    "{}+{}",
                    existing.content.digest(),
                    crate::engine::content::Digest::of(data)
                ),
            ),
        };
        self.fs
            .write_file(&canonical, content, existing.meta.at(self.clock))
            .map_err(|e| e.reason().to_string())
    }

    /// Whether the current user may write an entry with `meta`.
    pub fn can_write(&self, meta: Meta) -> bool {
        self.uid == 0 || self.permitted(meta, 0o2)
    }

    /// Whether the current user may execute an entry with `meta`.
    pub fn can_execute(&self, meta: Meta) -> bool {
        if self.uid == 0 {
            return meta.mode & 0o111 != 0;
        }
        self.permitted(meta, 0o1)
    }

    /// Whether the permission `bit` (0o4 read, 0o2 write, 0o1 execute) is
    /// set for the current user's class: owner, group, or others.
    fn permitted(&self, meta: Meta, bit: u32) -> bool {
        let shift = if meta.uid == self.uid {
            6
        } else if meta.gid == self.gid {
            3
        } else {
            0
        };
        meta.mode & (bit << shift) != 0
    }
}
