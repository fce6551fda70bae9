//! Runs parsed scripts: lists, pipelines, compound commands, redirections,
//! builtins and the image's programs, over the build's filesystem.

use crate::engine::catalog::ShellFlavor;
use crate::limits::{SHELL_TEXT_BYTES, SHELL_TEXT_PER_STEP};

use super::ast::*;
use super::parser::parse_script;
use super::programs;
pub use super::state::{Abort, Flow, Io, Options, Shell, Var, DEFAULT_STEP_LIMIT};

/// Stops a loop on its turn past the limit.
fn loop_turn(turn: u64) -> Result<(), Flow> {
    if turn >= crate::limits::LOOP_ITERATIONS {
        return Err(Flow::Abort(Abort::LoopLimit(
            crate::limits::LOOP_ITERATIONS,
        )));
    }
    Ok(())
}

impl Shell<'_> {
    /// Runs a script's text.
    pub fn run_script(&mut self, source: &str, io: &mut Io) -> Flow {
        match parse_script(source) {
            Ok(list) => {
                let flow = self.exec_list(&list, io);
                if io.overflow && !matches!(flow, Flow::Abort(_)) {
                    return Flow::Abort(Abort::text("the output of a command"));
                }
                let flow = match flow {
                    Flow::Normal(s) | Flow::Exit(s) | Flow::Return(s) => {
                        self.status = s;
                        Flow::Exit(s)
                    }
                    Flow::Break(_) | Flow::Continue(_) => Flow::Exit(self.status),
                    abort => abort,
                };
                self.run_exit_trap(flow, io)
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

    /// The shell's EXIT trap (`trap 'exit 0' EXIT`), run as the script
    /// ends: an `exit` in it sets the script's status.
    fn run_exit_trap(&mut self, flow: Flow, io: &mut Io) -> Flow {
        let (Flow::Exit(status), Some(action)) = (&flow, self.exit_trap.take()) else {
            return flow;
        };
        let status = *status;
        match parse_script(&action) {
            Ok(list) => match self.exec_list(&list, io) {
                Flow::Exit(code) => {
                    self.status = code;
                    Flow::Exit(code)
                }
                Flow::Abort(abort) => Flow::Abort(abort),
                _ => Flow::Exit(status),
            },
            Err(_) => Flow::Exit(status),
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
            if !self.options.pipefail {
                self.programs.unguarded_pipe = true;
            }
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
        self.programs.commands += 1;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::vfs::{Filesystem, Meta};

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
    fn an_exit_trap_runs_as_the_script_ends_and_may_set_its_status() {
        assert_eq!(run("trap 'exit 0' EXIT; false").0, 0);
        assert_eq!(
            run("trap 'echo bye' EXIT; false"),
            (1, "bye\n".into(), String::new())
        );
        assert_eq!(run("trap 'exit 0' EXIT; trap - EXIT; false").0, 1);
        assert_eq!(run("trap 'exit 3' 0; true").0, 3);
        assert_eq!(run("trap 'exit 0' INT; false").0, 1);
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
