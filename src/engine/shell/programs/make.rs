//! `make`: reads the Makefile (variables, rules, `.PHONY`), brings the
//! goal up to date by building its prerequisites first, and runs each
//! recipe line in `/bin/sh -c` as GNU make does, echoing it unless it
//! starts with `@`. Built-in rules compile `x.c` into `x.o` or `x`. A
//! target is rebuilt when it is phony, missing, or older than something it
//! depends on that was rebuilt in this run.

use std::collections::{HashMap, HashSet};

use super::super::state::{Flow, Io, Shell};
use super::sh::run_shell;

struct Rule {
    prerequisites: Vec<String>,
    /// Each recipe line with its line number in the makefile.
    recipe: Vec<(usize, String)>,
}

struct Makefile {
    name: String,
    variables: HashMap<String, String>,
    rules: HashMap<String, Rule>,
    phony: HashSet<String>,
    default_goal: Option<String>,
}

/// Expands `$(VAR)`, `${VAR}`, `$X`, `$$`, and the automatic variables.
/// A variable that refers to itself is GNU make's error; one nested past
/// Stagecraft's limit, or a value past the text limit, stops too.
fn expand(
    text: &str,
    vars: &HashMap<String, String>,
    auto: &HashMap<&str, String>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut references = 0;
    expand_into(text, vars, auto, &mut Vec::new(), &mut references, &mut out)?;
    Ok(out)
}

/// Variable references one expansion may follow: `A1 = $(A0)$(A0)`, ...
/// doubles them a line, whatever the values hold.
const MAX_REFERENCES: usize = 1_000_000;

fn expand_into<'v>(
    text: &str,
    vars: &'v HashMap<String, String>,
    auto: &HashMap<&str, String>,
    expanding: &mut Vec<&'v str>,
    references: &mut usize,
    out: &mut String,
) -> Result<(), String> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if out.len() > crate::limits::SHELL_TEXT_BYTES {
            return Err(format!(
                "a variable's value grew past {} MiB (a Stagecraft limit)",
                crate::limits::SHELL_TEXT_BYTES >> 20
            ));
        }
        if c != '$' {
            out.push(c);
            continue;
        }
        let name = match chars.next() {
            Some('$') => {
                out.push('$');
                continue;
            }
            Some(open @ ('(' | '{')) => {
                let close = if open == '(' { ')' } else { '}' };
                let mut name = String::new();
                let mut depth = 0;
                for c in chars.by_ref() {
                    if c == open {
                        depth += 1;
                    } else if c == close {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                    }
                    name.push(c);
                }
                name
            }
            Some(c) => c.to_string(),
            None => break,
        };
        if let Some(value) = auto.get(name.as_str()) {
            out.push_str(value);
        } else if let Some((key, value)) = vars.get_key_value(&name) {
            if expanding.contains(&key.as_str()) {
                return Err(format!(
                    "Recursive variable '{name}' references itself (eventually)"
                ));
            }
            if expanding.len() >= crate::limits::SHELL_NESTING as usize {
                return Err(crate::limits::nested_too_deep("variables"));
            }
            *references += 1;
            if *references > MAX_REFERENCES {
                return Err(format!(
                    "expanding variables referred to more than {MAX_REFERENCES} of them (a Stagecraft limit)"
                ));
            }
            expanding.push(key);
            expand_into(value, vars, auto, expanding, references, out)?;
            expanding.pop();
        }
    }
    Ok(())
}

fn parse(
    name: &str,
    text: &str,
    overrides: &HashMap<String, String>,
    env: &[(String, String)],
) -> Result<Makefile, String> {
    let mut variables: HashMap<String, String> = [
        ("CC", "cc"),
        ("CXX", "g++"),
        ("RM", "rm -f"),
        ("MAKE", "make"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in env {
        variables.insert(k.clone(), v.clone());
    }
    let mut makefile = Makefile {
        name: name.to_string(),
        variables,
        rules: HashMap::new(),
        phony: HashSet::new(),
        default_goal: None,
    };
    // Joins continued lines, keeping the number of each logical line's
    // first physical line.
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let (number, mut line) = match pending.take() {
            Some((n, mut acc)) => {
                acc.push(' ');
                acc.push_str(raw.trim_start());
                (n, acc)
            }
            None => (i + 1, raw.to_string()),
        };
        if line.ends_with('\\') {
            line.pop();
            pending = Some((number, line));
            continue;
        }
        lines.push((number, line));
    }
    let mut current: Option<Vec<String>> = None;
    let none = HashMap::new();
    for (number, line) in lines {
        if let Some(recipe) = line.strip_prefix('\t') {
            if let Some(targets) = &current {
                for target in targets {
                    if let Some(rule) = makefile.rules.get_mut(target) {
                        rule.recipe.push((number, recipe.to_string()));
                    }
                }
            }
            continue;
        }
        let content = line.split('#').next().unwrap_or_default();
        if content.trim().is_empty() {
            continue;
        }
        // An assignment: NAME = value, :=, ::=, ?=, +=.
        let assignment = content.find('=').filter(|&eq| {
            let before = &content[..eq];
            !before.contains(':') || before.ends_with(':')
        });
        if let Some(eq) = assignment {
            let (mut name, value) = (content[..eq].trim_end(), content[eq + 1..].trim());
            let mut op = "=";
            for suffix in ["::", ":", "?", "+"] {
                if let Some(n) = name.strip_suffix(suffix) {
                    name = n.trim_end();
                    op = suffix;
                    break;
                }
            }
            let name = name.trim().to_string();
            if overrides.contains_key(&name) {
                continue;
            }
            let value = match op {
                ":" | "::" => expand(value, &makefile.variables, &none)?,
                "+" => format!(
                    "{} {value}",
                    makefile.variables.get(&name).cloned().unwrap_or_default()
                )
                .trim()
                .to_string(),
                "?" if makefile.variables.contains_key(&name) => continue,
                _ => value.to_string(),
            };
            makefile.variables.insert(name, value);
            current = None;
            continue;
        }
        let Some((targets, prerequisites)) = content.split_once(':') else {
            current = None;
            continue;
        };
        let targets: Vec<String> = expand(targets, &makefile.variables, &none)?
            .split_whitespace()
            .map(String::from)
            .collect();
        let prerequisites: Vec<String> = expand(
            prerequisites.split(';').next().unwrap_or_default(),
            &makefile.variables,
            &none,
        )?
        .split_whitespace()
        .map(String::from)
        .collect();
        if targets.iter().any(|t| t == ".PHONY") {
            makefile.phony.extend(prerequisites);
            current = None;
            continue;
        }
        for target in &targets {
            if makefile.default_goal.is_none() && !target.starts_with('.') {
                makefile.default_goal = Some(target.clone());
            }
            let rule = makefile.rules.entry(target.clone()).or_insert(Rule {
                prerequisites: Vec::new(),
                recipe: Vec::new(),
            });
            rule.prerequisites.extend(prerequisites.iter().cloned());
        }
        current = Some(targets);
    }
    for (k, v) in overrides {
        makefile.variables.insert(k.clone(), v.clone());
    }
    Ok(makefile)
}

enum Outcome {
    /// Nothing was run for this target.
    UpToDate,
    Rebuilt,
}

struct Run<'a> {
    makefile: &'a Makefile,
    done: HashMap<String, bool>,
    /// Targets being brought up to date, outermost first: one met again
    /// is a circular dependency, which GNU make drops.
    building: Vec<String>,
    silent: bool,
    keep_going_on_error: bool,
}

impl Run<'_> {
    fn build(
        &mut self,
        shell: &mut Shell,
        target: &str,
        parent: Option<&str>,
        io: &mut Io,
    ) -> Result<Outcome, i32> {
        if let Some(&rebuilt) = self.done.get(target) {
            return Ok(if rebuilt {
                Outcome::Rebuilt
            } else {
                Outcome::UpToDate
            });
        }
        let exists = shell.fs.exists(&shell.path(target));
        let (prerequisites, recipe) = match self.makefile.rules.get(target) {
            Some(rule) => (rule.prerequisites.clone(), rule.recipe.clone()),
            None => match implicit(shell, target) {
                Some((source, recipe)) if !exists => (vec![source], vec![(0, recipe)]),
                _ if exists => {
                    self.done.insert(target.to_string(), false);
                    return Ok(Outcome::UpToDate);
                }
                _ => {
                    let needed = parent
                        .map(|p| format!(", needed by '{p}'"))
                        .unwrap_or_default();
                    io.err(&format!(
                        "make: *** No rule to make target '{target}'{needed}.  Stop.\n"
                    ));
                    return Err(2);
                }
            },
        };
        let mut stale = !exists || self.makefile.phony.contains(target);
        if self.building.len() >= crate::limits::SHELL_NESTING as usize {
            io.err(&format!(
                "make: *** {}.  Stop.\n",
                crate::limits::nested_too_deep(&format!("prerequisites of '{target}'"))
            ));
            return Err(2);
        }
        self.building.push(target.to_string());
        for prerequisite in &prerequisites {
            if self.building.iter().any(|t| t == prerequisite) {
                io.err(&format!(
                    "make: Circular {target} <- {prerequisite} dependency dropped.\n"
                ));
                continue;
            }
            match self.build(shell, prerequisite, Some(target), io) {
                Ok(Outcome::Rebuilt) => stale = true,
                Ok(Outcome::UpToDate) => {}
                Err(status) => {
                    self.building.pop();
                    return Err(status);
                }
            }
        }
        self.building.pop();
        if !stale {
            self.done.insert(target.to_string(), false);
            return Ok(Outcome::UpToDate);
        }
        if recipe.is_empty() {
            // Done when its prerequisites are: rebuilt if they were.
            let rebuilt = prerequisites
                .iter()
                .any(|p| self.done.get(p).copied().unwrap_or(false));
            self.done.insert(target.to_string(), rebuilt);
            return Ok(if rebuilt {
                Outcome::Rebuilt
            } else {
                Outcome::UpToDate
            });
        }
        let auto: HashMap<&str, String> = [
            ("@", target.to_string()),
            ("<", prerequisites.first().cloned().unwrap_or_default()),
            ("^", prerequisites.join(" ")),
            (
                "*",
                target
                    .rsplit_once('.')
                    .map_or(target, |(s, _)| s)
                    .to_string(),
            ),
        ]
        .into_iter()
        .collect();
        for (line, command) in &recipe {
            let mut text = match expand(command, &self.makefile.variables, &auto) {
                Ok(text) => text,
                Err(message) => {
                    io.err(&format!("make: *** {message}.  Stop.\n"));
                    return Err(2);
                }
            };
            let mut echo = !self.silent;
            let mut ignore = self.keep_going_on_error;
            loop {
                if let Some(rest) = text.strip_prefix('@') {
                    echo = false;
                    text = rest.to_string();
                } else if let Some(rest) = text.strip_prefix('-') {
                    ignore = true;
                    text = rest.to_string();
                } else if let Some(rest) = text.strip_prefix('+') {
                    text = rest.to_string();
                } else {
                    break;
                }
            }
            if echo {
                io.out(&format!("{text}\n"));
            }
            let flavor = shell.flavor;
            let flow = run_shell(shell, flavor, &["-c".to_string(), text], "/bin/sh", io);
            // A limit met in the recipe stops the whole script.
            if let Flow::Abort(_) = flow {
                shell.stopped.get_or_insert(flow);
                return Err(2);
            }
            let status = flow.status();
            if status != 0 {
                let place = if *line > 0 {
                    format!("{}:{line}: ", self.makefile.name)
                } else {
                    String::new()
                };
                if ignore {
                    io.err(&format!(
                        "make: [{place}{target}] Error {status} (ignored)\n"
                    ));
                    continue;
                }
                io.err(&format!("make: *** [{place}{target}] Error {status}\n"));
                return Err(2);
            }
        }
        self.done.insert(target.to_string(), true);
        Ok(Outcome::Rebuilt)
    }
}

/// GNU make's built-in rules for C: `x.o` from `x.c`, `x` from `x.c`.
fn implicit(shell: &Shell, target: &str) -> Option<(String, String)> {
    if let Some(stem) = target.strip_suffix(".o") {
        let source = format!("{stem}.c");
        return shell.fs.exists(&shell.path(&source)).then(|| {
            (
                source,
                "$(CC) $(CFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c -o $@ $<".to_string(),
            )
        });
    }
    let source = format!("{target}.c");
    shell.fs.exists(&shell.path(&source)).then(|| {
        (
            source,
            "$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH) $^ $(LOADLIBES) $(LDLIBS) -o $@"
                .to_string(),
        )
    })
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut file: Option<String> = None;
    let mut directory: Option<String> = None;
    let mut goals = Vec::new();
    let mut overrides = HashMap::new();
    let (mut silent, mut ignore) = (false, false);
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-f" | "--file" | "--makefile" => file = rest.next().cloned(),
            "-C" | "--directory" => directory = rest.next().cloned(),
            "-s" | "--silent" | "--quiet" => silent = true,
            "-i" | "--ignore-errors" => ignore = true,
            "-j" => {
                // `-j N` or a bare `-j`.
                if rest
                    .clone()
                    .next()
                    .is_some_and(|n| n.parse::<u32>().is_ok())
                {
                    rest.next();
                }
            }
            "--version" | "-v" => {
                io.out("GNU Make 4.3\nBuilt for x86_64-pc-linux-gnu\n");
                return 0;
            }
            a if a.starts_with("-C") && a.len() > 2 => directory = Some(a[2..].to_string()),
            a if a.starts_with("-f") && a.len() > 2 => file = Some(a[2..].to_string()),
            a if a.starts_with('-') => {}
            a if a.contains('=') => {
                let (k, v) = a.split_once('=').unwrap_or((a, ""));
                overrides.insert(k.to_string(), v.to_string());
            }
            _ => goals.push(arg.clone()),
        }
    }
    let saved = shell.cwd.clone();
    if let Some(dir) = &directory {
        let path = shell.path(dir);
        if !shell.fs.exists(&path) {
            io.err(&format!(
                "make: *** {dir}: No such file or directory.  Stop.\n"
            ));
            return 2;
        }
        io.out(&format!("make: Entering directory '{path}'\n"));
        shell.cwd = path;
    }
    let status = run_in_directory(shell, file, goals, &overrides, silent, ignore, io);
    if directory.is_some() {
        io.out(&format!("make: Leaving directory '{}'\n", shell.cwd));
    }
    shell.cwd = saved;
    status
}

fn run_in_directory(
    shell: &mut Shell,
    file: Option<String>,
    goals: Vec<String>,
    overrides: &HashMap<String, String>,
    silent: bool,
    ignore: bool,
    io: &mut Io,
) -> i32 {
    let name = match file {
        Some(f) => Some(f),
        None => ["GNUmakefile", "makefile", "Makefile"]
            .into_iter()
            .find(|n| shell.fs.exists(&shell.path(n)))
            .map(String::from),
    };
    let text = match &name {
        Some(n) => match shell
            .fs
            .read(&shell.path(n))
            .ok()
            .and_then(|c| c.as_text().map(String::from))
        {
            Some(text) => text,
            None => {
                io.err(&format!("make: {n}: No such file or directory\nmake: *** No rule to make target '{n}'.  Stop.\n"));
                return 2;
            }
        },
        None => String::new(),
    };
    let env = shell.environment();
    let makefile = match parse(
        name.as_deref().unwrap_or("Makefile"),
        &text,
        overrides,
        &env,
    ) {
        Ok(makefile) => makefile,
        Err(message) => {
            io.err(&format!("make: *** {message}.  Stop.\n"));
            return 2;
        }
    };
    let goals = if goals.is_empty() {
        match &makefile.default_goal {
            Some(goal) => vec![goal.clone()],
            None => {
                io.err("make: *** No targets specified and no makefile found.  Stop.\n");
                return 2;
            }
        }
    } else {
        goals
    };
    let mut run = Run {
        makefile: &makefile,
        done: HashMap::new(),
        building: Vec::new(),
        silent,
        keep_going_on_error: ignore,
    };
    for goal in &goals {
        match run.build(shell, goal, None, io) {
            Ok(Outcome::Rebuilt) => {}
            Ok(Outcome::UpToDate) => {
                let has_recipe = makefile
                    .rules
                    .get(goal)
                    .is_some_and(|r| !r.recipe.is_empty());
                if has_recipe && !makefile.phony.contains(goal) {
                    io.out(&format!("make: '{goal}' is up to date.\n"));
                } else {
                    io.out(&format!("make: Nothing to be done for '{goal}'.\n"));
                }
            }
            Err(status) => return status,
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    const PROJECT: &str = "mkdir -p /src && cd /src && printf '#include <stdio.h>\\nint main(void) { return 0; }\\n' > main.c && printf 'CFLAGS := -O2\\nBIN = app\\n\\n.PHONY: all clean\\nall: $(BIN)\\n\\n$(BIN): main.o\\n\\t$(CC) $(CFLAGS) -o $@ $^\\n\\nclean:\\n\\t@rm -f $(BIN) *.o\\n' > Makefile && ";

    #[test]
    fn make_builds_prerequisites_then_the_goal() {
        let (fs, status, output, _) = run_in("golang:1.22", &format!("{PROJECT}make"));
        assert_eq!(status, 0, "{output}");
        assert!(
            output.contains("cc -O2   -c -o main.o main.c\ncc -O2 -o app main.o\n"),
            "{output}"
        );
        assert!(fs.exists("/src/main.o"));
        assert!(fs.read("/src/app").unwrap().executable().is_some());
        // A second run has nothing to do; clean is silent.
        let (fs, status, output, _) = run_in(
            "golang:1.22",
            &format!("{PROJECT}make && make app && make clean"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(output.contains("make: 'app' is up to date."), "{output}");
        assert!(!fs.exists("/src/app"));
        assert!(!output.contains("rm -f"), "{output}");
    }

    #[test]
    fn make_fails_as_gnu_make_says() {
        let (_, status, output, _) = run_in("golang:1.22", "mkdir /e && cd /e && make");
        assert_eq!(status, 2);
        assert!(
            output.contains("make: *** No targets specified and no makefile found.  Stop."),
            "{output}"
        );
        let (_, status, output, _) = run_in(
            "golang:1.22",
            "mkdir /e && cd /e && printf 'app: missing.c\\n\\tcc -o app missing.c\\n' > Makefile && make",
        );
        assert_eq!(status, 2);
        assert!(
            output
                .contains("make: *** No rule to make target 'missing.c', needed by 'app'.  Stop."),
            "{output}"
        );
        let (_, status, output, _) = run_in(
            "golang:1.22",
            "mkdir /e && cd /e && printf 'test:\\n\\tfalse\\n' > Makefile && make test",
        );
        assert_eq!(status, 2);
        assert!(
            output.contains("make: *** [Makefile:2: test] Error 1"),
            "{output}"
        );
        let (_, status, output, _) = run_in("node:20-slim", "make");
        assert_eq!(status, 127);
        assert!(output.contains("make: not found"), "{output}");
    }
}
