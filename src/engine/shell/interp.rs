//! Runs parsed scripts: lists, pipelines, compound commands, redirections,
//! builtins and the image's programs, over the build's filesystem.

use std::collections::BTreeMap;

use crate::engine::catalog::Catalog;
use crate::engine::catalog::ShellFlavor;
use crate::engine::content::Content;
use crate::engine::data::{DataStore, Lacking};
use crate::engine::vfs::{absolute, Filesystem, Meta, Node};
use crate::engine::warning::WarningKind;
use crate::limits::{SHELL_TEXT_BYTES, SHELL_TEXT_PER_STEP};

use super::ast::*;
use super::parser::parse_script;
use super::program_log::ProgramLog;
use super::programs;

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
fn push_capped(stream: &mut Vec<u8>, bytes: &[u8]) -> bool {
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

/// Stops a loop on its turn past the limit.
fn loop_turn(turn: u64) -> Result<(), Flow> {
    if turn >= crate::limits::LOOP_ITERATIONS {
        return Err(Flow::Abort(Abort::LoopLimit(
            crate::limits::LOOP_ITERATIONS,
        )));
    }
    Ok(())
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
    /// Notes for the learner (programs not simulated, ...).
    pub warnings: Vec<WarningKind>,
    /// The programs the script ran.
    pub programs: ProgramLog,
    pub functions: BTreeMap<String, Command>,
    /// Nesting of contexts where `set -e` does not apply (conditions).
    errexit_suppressed: u32,
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

    /// The prefix of the shell's own error messages (`/bin/sh: 1: `).
    pub fn error_prefix(&self) -> String {
        match self.flavor {
            ShellFlavor::Dash => format!("{}: {}: ", self.name, self.line),
            ShellFlavor::Ash => format!("{}: ", self.name),
            ShellFlavor::Bash => format!("{}: line {}: ", self.name, self.line),
        }
    }

    /// Runs a script's text.
    pub fn run_script(&mut self, source: &str, io: &mut Io) -> Flow {
        match parse_script(source) {
            Ok(list) => {
                let flow = self.exec_list(&list, io);
                if io.overflow && !matches!(flow, Flow::Abort(_)) {
                    return Flow::Abort(Abort::text("the output of a command"));
                }
                match flow {
                    Flow::Normal(s) | Flow::Exit(s) | Flow::Return(s) => {
                        self.status = s;
                        Flow::Exit(s)
                    }
                    Flow::Break(_) | Flow::Continue(_) => Flow::Exit(self.status),
                    abort => abort,
                }
            }
            Err(error) => {
                let prefix = match self.flavor {
                    ShellFlavor::Dash => format!("{}: {}: ", self.name, error.line),
                    ShellFlavor::Ash => format!("{}: line {}: ", self.name, error.line),
                    ShellFlavor::Bash => format!("{}: line {}: ", self.name, error.line),
                };
                io.err(&format!("{prefix}{error}\n"));
                Flow::Exit(2)
            }
        }
    }

    pub fn exec_list(&mut self, list: &List, io: &mut Io) -> Flow {
        let mut flow = Flow::Normal(self.status);
        for and_or in list {
            flow = self.exec_and_or(and_or, io);
            match flow {
                Flow::Normal(s) => self.status = s,
                other => return other,
            }
        }
        flow
    }

    fn exec_and_or(&mut self, and_or: &AndOr, io: &mut Io) -> Flow {
        let last = and_or.rest.len();
        let mut flow = self.with_errexit(last > 0, |sh| sh.exec_pipeline(&and_or.first, io));
        for (i, (connector, pipeline)) in and_or.rest.iter().enumerate() {
            let Flow::Normal(status) = flow else {
                return flow;
            };
            self.status = status;
            let run = match connector {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if run {
                let conditional = i + 1 < last;
                flow = self.with_errexit(conditional, |sh| sh.exec_pipeline(pipeline, io));
            }
        }
        flow
    }

    /// Runs `f` where `set -e` is suppressed when `suppress`.
    fn with_errexit(&mut self, suppress: bool, f: impl FnOnce(&mut Self) -> Flow) -> Flow {
        if suppress {
            self.errexit_suppressed += 1;
        }
        let flow = f(self);
        if suppress {
            self.errexit_suppressed -= 1;
        }
        flow
    }

    fn exec_pipeline(&mut self, pipeline: &Pipeline, io: &mut Io) -> Flow {
        let flow = if pipeline.commands.len() == 1 {
            if pipeline.negated {
                self.with_errexit(true, |sh| sh.exec_command(&pipeline.commands[0], io))
            } else {
                self.exec_command(&pipeline.commands[0], io)
            }
        } else {
            let mut input = std::mem::take(&mut io.stdin);
            let mut statuses = Vec::new();
            let count = pipeline.commands.len();
            for (i, command) in pipeline.commands.iter().enumerate() {
                let mut stage = Io::with_stdin(std::mem::take(&mut input));
                // Each part of a pipeline runs in a subshell.
                if let Err(flow) = self.charge(self.vars_cost()) {
                    return flow;
                }
                let saved_vars = self.vars.clone();
                let saved_cwd = self.cwd.clone();
                let flow = self.with_errexit(true, |sh| sh.exec_command(command, &mut stage));
                self.vars = saved_vars;
                self.cwd = saved_cwd;
                if let Flow::Abort(_) = flow {
                    return flow;
                }
                statuses.push(flow.status());
                io.err_bytes(&stage.stderr);
                if stage.overflow {
                    return Flow::Abort(Abort::text("the output of a command"));
                }
                if i + 1 == count {
                    io.out_bytes(&stage.stdout);
                } else {
                    input = stage.stdout;
                }
            }
            let status = if self.options.pipefail {
                statuses
                    .iter()
                    .rev()
                    .copied()
                    .find(|&s| s != 0)
                    .unwrap_or(0)
            } else {
                statuses.last().copied().unwrap_or(0)
            };
            Flow::Normal(status)
        };
        let flow = match flow {
            Flow::Normal(s) if pipeline.negated => Flow::Normal(i32::from(s == 0)),
            other => other,
        };
        if let Flow::Normal(s) = flow {
            self.status = s;
            if s != 0 && self.options.errexit && self.errexit_suppressed == 0 && !pipeline.negated {
                return Flow::Exit(s);
            }
        }
        flow
    }

    pub fn exec_command(&mut self, command: &Command, io: &mut Io) -> Flow {
        match command {
            Command::Simple(simple) => self.exec_simple(simple, io),
            Command::Compound(compound, redirects) => self.nested(|sh| {
                sh.with_redirects(redirects, io, |sh, inner| sh.exec_compound(compound, inner))
            }),
            Command::FunctionDef { name, body } => {
                self.functions.insert(name.clone(), (**body).clone());
                Flow::Normal(0)
            }
        }
    }

    /// Counts a step of the script; stops it past the limit.
    fn step(&mut self) -> Result<(), Flow> {
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

    fn exec_compound(&mut self, compound: &Compound, io: &mut Io) -> Flow {
        match compound {
            Compound::Group(list) => self.exec_list(list, io),
            Compound::Subshell(list) => {
                if let Err(flow) = self.charge(self.vars_cost()) {
                    return flow;
                }
                let saved_vars = self.vars.clone();
                let saved_cwd = self.cwd.clone();
                let saved_options = self.options.clone();
                let flow = self.exec_list(list, io);
                self.vars = saved_vars;
                self.cwd = saved_cwd;
                self.options = saved_options;
                match flow {
                    Flow::Exit(s) | Flow::Return(s) | Flow::Normal(s) => Flow::Normal(s),
                    Flow::Break(_) | Flow::Continue(_) => Flow::Normal(0),
                    abort => abort,
                }
            }
            Compound::If {
                branches,
                otherwise,
            } => {
                for (condition, body) in branches {
                    let flow = self.with_errexit(true, |sh| sh.exec_list(condition, io));
                    match flow {
                        Flow::Normal(0) => return self.exec_list(body, io),
                        Flow::Normal(_) => {}
                        other => return other,
                    }
                }
                match otherwise {
                    Some(list) => self.exec_list(list, io),
                    None => Flow::Normal(0),
                }
            }
            Compound::For { var, items, body } => {
                let values = match items {
                    Some(words) => {
                        let mut values = Vec::new();
                        for word in words {
                            match self.expand_fields(word, io) {
                                Ok(mut fields) => {
                                    // Charged as they come, as a command's
                                    // words are.
                                    let text: usize = fields.iter().map(String::len).sum();
                                    if let Err(flow) =
                                        self.charge((text / SHELL_TEXT_PER_STEP) as u64)
                                    {
                                        return flow;
                                    }
                                    values.append(&mut fields)
                                }
                                Err(flow) => return flow,
                            }
                        }
                        values
                    }
                    None => self.positional.clone(),
                };
                let mut status = 0;
                for (turn, value) in values.into_iter().enumerate() {
                    if let Err(flow) = self.step().and_then(|()| loop_turn(turn as u64)) {
                        return flow;
                    }
                    self.set_var(var, &value);
                    match self.exec_list(body, io) {
                        Flow::Normal(s) => status = s,
                        Flow::Break(n) if n > 1 => return Flow::Break(n - 1),
                        Flow::Break(_) => break,
                        Flow::Continue(n) if n > 1 => return Flow::Continue(n - 1),
                        Flow::Continue(_) => {}
                        other => return other,
                    }
                }
                Flow::Normal(status)
            }
            Compound::While {
                until,
                condition,
                body,
            } => {
                let mut status = 0;
                let mut turn = 0;
                loop {
                    if let Err(flow) = self.step().and_then(|()| loop_turn(turn)) {
                        return flow;
                    }
                    turn += 1;
                    let test = self.with_errexit(true, |sh| sh.exec_list(condition, io));
                    let passed = match test {
                        Flow::Normal(s) => (s == 0) != *until,
                        other => return other,
                    };
                    if !passed {
                        break;
                    }
                    match self.exec_list(body, io) {
                        Flow::Normal(s) => status = s,
                        Flow::Break(n) if n > 1 => return Flow::Break(n - 1),
                        Flow::Break(_) => break,
                        Flow::Continue(n) if n > 1 => return Flow::Continue(n - 1),
                        Flow::Continue(_) => {}
                        other => return other,
                    }
                }
                Flow::Normal(status)
            }
            Compound::Case { subject, arms } => {
                let subject = match self.expand_single(subject, io) {
                    Ok(s) => s,
                    Err(flow) => return flow,
                };
                for (patterns, body) in arms {
                    for pattern in patterns {
                        let pattern = match self.expand_pattern(pattern, io) {
                            Ok(p) => p,
                            Err(flow) => return flow,
                        };
                        let compiled = super::pattern::Pattern::new(&pattern);
                        // A match can retry the pattern's tail at each
                        // place in the subject.
                        let work = subject.len().saturating_mul(compiled.len() + 1);
                        if let Err(flow) = self.charge((work / SHELL_TEXT_PER_STEP) as u64) {
                            return flow;
                        }
                        if compiled.matches(&subject) {
                            return self.exec_list(body, io);
                        }
                    }
                }
                Flow::Normal(0)
            }
        }
    }

    fn exec_simple(&mut self, simple: &Simple, io: &mut Io) -> Flow {
        if let Err(flow) = self.step() {
            return flow;
        }
        if io.overflow {
            return Flow::Abort(Abort::text("the output of a command"));
        }
        self.line = simple.line;
        let mut argv = Vec::new();
        let mut charged = 0;
        for word in &simple.words {
            match self.expand_fields(word, io) {
                Ok(mut fields) => {
                    // The words' text is charged as it grows (the whole of
                    // it again below): many big words stop before they
                    // fill memory.
                    let text: usize = fields.iter().map(String::len).sum();
                    charged += (text / SHELL_TEXT_PER_STEP) as u64;
                    if let Err(flow) = self.charge((text / SHELL_TEXT_PER_STEP) as u64) {
                        return flow;
                    }
                    argv.append(&mut fields)
                }
                Err(flow) => return flow,
            }
        }
        let mut assignments = Vec::new();
        for (name, value) in &simple.assignments {
            match self.expand_single(value, io) {
                Ok(v) => assignments.push((name.clone(), v)),
                Err(flow) => return flow,
            }
        }
        if argv.iter().any(|a| a.len() > SHELL_TEXT_BYTES) {
            return Flow::Abort(Abort::text("a word"));
        }
        if assignments.iter().any(|(_, v)| v.len() > SHELL_TEXT_BYTES) {
            return Flow::Abort(Abort::text("a variable"));
        }
        let text = argv.iter().map(String::len).sum::<usize>()
            + assignments.iter().map(|(_, v)| v.len()).sum::<usize>();
        // A step a word past the first, too: a program does work for each
        // of its arguments (a file to write, a path to look up).
        let words = argv.len().saturating_sub(1) as u64;
        let text_steps = ((text / SHELL_TEXT_PER_STEP) as u64).saturating_sub(charged);
        if let Err(flow) = self.charge(text_steps + words) {
            return flow;
        }
        if self.options.xtrace {
            let mut trace = String::from("+");
            for (k, v) in &assignments {
                trace.push_str(&format!(" {k}={v}"));
            }
            for a in &argv {
                trace.push(' ');
                trace.push_str(a);
            }
            io.err(&format!("{trace}\n"));
        }
        if argv.is_empty() {
            for (name, value) in &assignments {
                self.set_var(name, value);
            }
            let redirected =
                self.with_redirects(&simple.redirects, io, |sh, _| Flow::Normal(sh.status));
            return match redirected {
                Flow::Normal(s) if s != 0 => Flow::Normal(s),
                Flow::Normal(_) => Flow::Normal(self.status),
                other => other,
            };
        }
        // Prefix assignments hold for this command only (and are exported
        // to programs).
        let saved: Vec<(String, Option<Var>)> = assignments
            .iter()
            .map(|(k, _)| (k.clone(), self.vars.get(k).cloned()))
            .collect();
        for (name, value) in &assignments {
            self.vars.insert(
                name.clone(),
                Var {
                    value: value.clone(),
                    exported: true,
                },
            );
        }
        let flow = self.with_redirects(&simple.redirects, io, |sh, inner| {
            sh.run_command(&argv, inner)
        });
        let special = matches!(
            argv[0].as_str(),
            "export" | "readonly" | "set" | "unset" | "." | ":" | "eval" | "exit"
        );
        if !special {
            for (name, old) in saved {
                match old {
                    Some(v) => {
                        self.vars.insert(name, v);
                    }
                    None => {
                        self.vars.remove(&name);
                    }
                }
            }
        }
        flow
    }

    /// Runs a command by name: function, builtin, or program of the image.
    pub fn run_command(&mut self, argv: &[String], io: &mut Io) -> Flow {
        if let Some(body) = self.functions.get(&argv[0]).cloned() {
            let saved = std::mem::replace(&mut self.positional, argv[1..].to_vec());
            let flow = self.nested(|sh| sh.exec_command(&body, io));
            self.positional = saved;
            return match flow {
                Flow::Return(s) => Flow::Normal(s),
                other => other,
            };
        }
        if let Some(flow) = super::builtins::run(self, argv, io) {
            return flow;
        }
        programs::exec(self, argv, io)
    }

    /// Applies redirections around `f`, which runs with the redirected
    /// streams; outputs go back to `io` or to files.
    pub fn with_redirects(
        &mut self,
        redirects: &[Redirect],
        io: &mut Io,
        f: impl FnOnce(&mut Self, &mut Io) -> Flow,
    ) -> Flow {
        if redirects.is_empty() {
            return f(self, io);
        }
        #[derive(Clone)]
        enum Dest {
            Out,
            Err,
            File(String),
            Null,
        }
        let mut fds = [Dest::Out, Dest::Out, Dest::Err];
        let mut inner = Io::with_stdin(std::mem::take(&mut io.stdin));
        for redirect in redirects {
            let fd = redirect.fd as usize;
            let target = match &redirect.target {
                RedirectTarget::HereDoc { body, expand } => {
                    let text = if *expand {
                        match self.expand_heredoc(body, io) {
                            Ok(t) => t,
                            Err(flow) => return flow,
                        }
                    } else {
                        body.clone()
                    };
                    inner.stdin = text.into_bytes();
                    continue;
                }
                RedirectTarget::Word(word) => match self.expand_single(word, io) {
                    Ok(t) => t,
                    Err(flow) => return flow,
                },
            };
            match redirect.op {
                RedirectOp::Duplicate => {
                    if fd > 2 {
                        continue;
                    }
                    match target.as_str() {
                        "-" => fds[fd] = Dest::Null,
                        "0" | "1" | "2" => {
                            let from: usize = target.parse().unwrap_or(1);
                            fds[fd] = fds[from].clone();
                        }
                        _ => {
                            io.err(&format!("{}{target}: Bad fd number\n", self.error_prefix()));
                            return Flow::Normal(2);
                        }
                    }
                }
                RedirectOp::Read | RedirectOp::ReadWrite => {
                    if target == "/dev/null" {
                        inner.stdin.clear();
                        continue;
                    }
                    match self.fs.read(&self.path(&target)) {
                        Ok(content) => {
                            inner.stdin = content.data().map(<[u8]>::to_vec).unwrap_or_default();
                        }
                        Err(_) => {
                            io.err(&format!(
                                "{}cannot open {target}: No such file\n",
                                self.error_prefix()
                            ));
                            return Flow::Normal(2);
                        }
                    }
                }
                RedirectOp::Write | RedirectOp::Append | RedirectOp::WriteBoth => {
                    let dest = match target.as_str() {
                        "/dev/null" => Dest::Null,
                        "/dev/stdout" => Dest::Out,
                        "/dev/stderr" => Dest::Err,
                        _ => {
                            let path = self.path(&target);
                            let truncate = redirect.op != RedirectOp::Append;
                            if let Err(message) = self.open_for_write(&path, truncate) {
                                io.err(&format!(
                                    "{}cannot create {target}: {message}\n",
                                    self.error_prefix()
                                ));
                                return Flow::Normal(2);
                            }
                            Dest::File(path)
                        }
                    };
                    if redirect.op == RedirectOp::WriteBoth {
                        fds[1] = dest.clone();
                        fds[2] = dest;
                    } else if fd <= 2 {
                        fds[fd] = dest;
                    }
                }
                RedirectOp::HereDoc => {}
            }
        }
        let flow = f(self, &mut inner);
        for (fd, data) in [(1, inner.stdout), (2, inner.stderr)] {
            if data.is_empty() {
                continue;
            }
            match &fds[fd] {
                Dest::Out => io.out_bytes(&data),
                Dest::Err => io.err_bytes(&data),
                Dest::Null => {}
                Dest::File(path) => {
                    if let Err(abort) = self.charge_write(path, data.len()) {
                        return abort;
                    }
                    let _ = self.append_file(path, &data);
                }
            }
        }
        flow
    }

    /// Counts what appending `len` bytes to `path` writes (the file is
    /// rewritten whole); stops the script past the file or write limit.
    fn charge_write(&mut self, path: &str, len: usize) -> Result<(), Flow> {
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
        if self.uid == 0 {
            return true;
        }
        if meta.uid == self.uid {
            meta.mode & 0o200 != 0
        } else if meta.gid == self.gid {
            meta.mode & 0o020 != 0
        } else {
            meta.mode & 0o002 != 0
        }
    }

    /// Whether the current user may execute an entry with `meta`.
    pub fn can_execute(&self, meta: Meta) -> bool {
        if self.uid == 0 {
            return meta.mode & 0o111 != 0;
        }
        if meta.uid == self.uid {
            meta.mode & 0o100 != 0
        } else if meta.gid == self.gid {
            meta.mode & 0o010 != 0
        } else {
            meta.mode & 0o001 != 0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::vfs::Meta;

    fn shell_fs() -> Filesystem {
        let mut fs = Filesystem::new();
        fs.mkdir_all("/tmp", Meta::new(0o1777, 0, 0)).unwrap();
        fs
    }

    fn run(script: &str) -> (i32, String, String) {
        let mut fs = shell_fs();
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Dash,
            "/bin/sh",
        );
        let mut io = Io::default();
        let flow = sh.run_script(script, &mut io);
        (
            flow.status(),
            String::from_utf8_lossy(&io.stdout).into_owned(),
            String::from_utf8_lossy(&io.stderr).into_owned(),
        )
    }

    #[test]
    fn lists_and_status() {
        assert_eq!(run("true && echo yes || echo no").1, "yes\n");
        assert_eq!(run("false && echo yes || echo no").1, "no\n");
        assert_eq!(run("false; echo $?").1, "1\n");
        assert_eq!(run("! false").0, 0);
        assert_eq!(run("exit 3; echo no").0, 3);
    }

    #[test]
    fn set_e_stops_at_the_first_failure_outside_conditions() {
        assert_eq!(
            run("set -e; false; echo after"),
            (1, String::new(), String::new())
        );
        assert_eq!(
            run("set -e; if false; then :; fi; false || true; echo after").1,
            "after\n"
        );
    }

    #[test]
    fn variables_loops_and_case() {
        assert_eq!(
            run("X=a; for i in 1 2 3; do X=$X$i; done; echo $X").1,
            "a123\n"
        );
        assert_eq!(
            run("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i").1,
            "3\n"
        );
        assert_eq!(
            run("case foo.tar.gz in *.zip) echo zip;; *.tar.*) echo tar;; esac").1,
            "tar\n"
        );
        assert_eq!(
            run("A=1 sh_unused=2; echo ${A:-x} ${B:-y} ${#A}").1,
            "1 y 1\n"
        );
    }

    #[test]
    fn pipelines_and_redirections() {
        let mut fs = shell_fs();
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Dash,
            "/bin/sh",
        );
        let mut io = Io::default();
        sh.run_script(
            "echo hello > /tmp/f; echo more >> /tmp/f; echo err 1>&2 2>/dev/null",
            &mut io,
        );
        assert_eq!(fs.read("/tmp/f").unwrap().as_text(), Some("hello\nmore\n"));
        assert_eq!(String::from_utf8_lossy(&io.stderr), "err\n");
    }

    #[test]
    fn runaway_loops_stop() {
        let mut fs = shell_fs();
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Dash,
            "/bin/sh",
        );
        sh.step_limit = 1000;
        let flow = sh.run_script("while true; do :; done", &mut Io::default());
        assert_eq!(flow, Flow::Abort(Abort::StepLimit(1000)));
        // A loop of few steps a turn meets the limit on its turns first.
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Dash,
            "/bin/sh",
        );
        let flow = sh.run_script("while :; do :; done", &mut Io::default());
        assert_eq!(
            flow,
            Flow::Abort(Abort::LoopLimit(crate::limits::LOOP_ITERATIONS))
        );
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Dash,
            "/bin/sh",
        );
        let flow = sh.run_script("for i in $(seq 1 9999); do :; done", &mut Io::default());
        assert_eq!(flow.status(), 0, "{flow:?}");
    }

    #[test]
    fn copying_big_text_counts_as_steps() {
        let mut fs = shell_fs();
        let script = |copies: &str| {
            format!(
                "s=$(printf %40000s); i=0; while [ $i -lt 400 ]; do t={copies}; i=$((i+1)); done"
            )
        };
        // Small text: the 400 turns (eight steps each, `[ $i -lt 400 ]`
        // five of them) fit in 4,000 steps.
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Dash,
            "/bin/sh",
        );
        sh.step_limit = 4000;
        let flow = sh.run_script(&script("x"), &mut Io::default());
        assert_eq!(flow.status(), 0, "{flow:?}");
        // 80,000 bytes a turn is 19 steps more.
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Dash,
            "/bin/sh",
        );
        sh.step_limit = 4000;
        let flow = sh.run_script(&script("\"$s$s\""), &mut Io::default());
        assert_eq!(flow, Flow::Abort(Abort::StepLimit(4000)));
    }

    #[test]
    fn missing_programs_read_like_each_shell() {
        let (status, _, err) = run("go build");
        assert_eq!((status, err.as_str()), (127, "/bin/sh: 1: go: not found\n"));
        let mut fs = shell_fs();
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Ash,
            "/bin/sh",
        );
        let mut io = Io::default();
        assert_eq!(sh.run_script("\ngo build", &mut io).status(), 127);
        assert_eq!(
            String::from_utf8_lossy(&io.stderr),
            "/bin/sh: go: not found\n"
        );
    }

    #[test]
    fn syntax_errors() {
        let (status, _, err) = run("if true; then");
        assert_eq!(status, 2);
        assert_eq!(
            err,
            "/bin/sh: 1: Syntax error: end of file unexpected (expecting \"fi\")\n"
        );
    }
}
