//! `sh`, `bash`, `dash`, `ash`: a shell running `-c` text, a script file,
//! or standard input; and scripts run through their `#!` interpreter.

use crate::engine::catalog::ShellFlavor;
use crate::engine::vfs::{split_parent, Node};

use super::super::state::{Abort, Flow, Io, Shell};
use super::find_program;

/// Which shell a program is, given its name and the name of its file.
pub fn shell_flavor(program: &str, file_name: &str) -> Option<ShellFlavor> {
    match (program, file_name) {
        ("bash", _) => Some(ShellFlavor::Bash),
        ("dash", _) => Some(ShellFlavor::Dash),
        ("sh" | "ash", "busybox") | ("ash", _) => Some(ShellFlavor::Ash),
        ("sh", _) => Some(ShellFlavor::Dash),
        _ => None,
    }
}

/// Runs a child shell with `args` (after its name).
pub fn run_shell(
    parent: &mut Shell,
    flavor: ShellFlavor,
    args: &[String],
    name: &str,
    io: &mut Io,
) -> Flow {
    let mut options = Vec::new();
    let mut command: Option<String> = None;
    // `-s`: the script is standard input, the operands its arguments.
    let mut from_stdin = false;
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if arg == "--" {
            i += 1;
            break;
        }
        if arg == "-c" {
            command = args.get(i + 1).cloned();
            i += 2;
            break;
        }
        if arg == "-o" || arg == "+o" {
            options.push(format!(
                "{arg} {}",
                args.get(i + 1).cloned().unwrap_or_default()
            ));
            i += 2;
            continue;
        }
        if let Some(flags) = arg
            .strip_prefix('-')
            .filter(|f| !f.starts_with('-') && f.contains('s'))
        {
            from_stdin = true;
            let rest = flags.replace('s', "");
            if !rest.is_empty() {
                options.push(format!("-{rest}"));
            }
            i += 1;
            continue;
        }
        if let Some(flags) = arg.strip_prefix('-') {
            if flags.contains('c') {
                options.push(format!("-{}", flags.replace('c', "")));
                command = args.get(i + 1).cloned();
                i += 2;
                break;
            }
            options.push(arg.clone());
            i += 1;
            continue;
        }
        break;
    }
    let (source, zero, positional) = match command {
        Some(text) => {
            let zero = args.get(i).cloned().unwrap_or_else(|| name.to_string());
            let positional = args
                .get(i + 1..)
                .map(<[String]>::to_vec)
                .unwrap_or_default();
            (text, zero, positional)
        }
        None if from_stdin => (
            String::from_utf8_lossy(&io.stdin).into_owned(),
            name.to_string(),
            args.get(i..).map(<[String]>::to_vec).unwrap_or_default(),
        ),
        None => match args.get(i) {
            Some(file) => {
                let path = parent.path(file);
                match parent
                    .fs
                    .read(&path)
                    .ok()
                    .and_then(|c| c.as_text().map(str::to_string))
                {
                    Some(text) => (text, file.clone(), args[i + 1..].to_vec()),
                    None => {
                        io.err(&format!("{name}: 0: cannot open {file}: No such file\n"));
                        return Flow::Normal(2);
                    }
                }
            }
            None => (
                String::from_utf8_lossy(&io.stdin).into_owned(),
                name.to_string(),
                Vec::new(),
            ),
        },
    };
    run_child(parent, flavor, &zero, &source, positional, &options, io)
}

/// Runs `source` in a child shell sharing the filesystem, one nesting
/// level deeper than its parent.
fn run_child(
    parent: &mut Shell,
    flavor: ShellFlavor,
    zero: &str,
    source: &str,
    positional: Vec<String>,
    options: &[String],
    io: &mut Io,
) -> Flow {
    parent.nested(|parent| run_child_here(parent, flavor, zero, source, positional, options, io))
}

fn run_child_here(
    parent: &mut Shell,
    flavor: ShellFlavor,
    zero: &str,
    source: &str,
    positional: Vec<String>,
    options: &[String],
    io: &mut Io,
) -> Flow {
    let env = parent.environment();
    let (cwd, uid, gid, clock, umask, strict, steps, limit) = (
        parent.cwd.clone(),
        parent.uid,
        parent.gid,
        parent.clock,
        parent.umask,
        parent.strict,
        parent.steps,
        parent.step_limit,
    );
    let (parent_depth, parent_written) = (parent.depth, parent.written);
    let catalog = parent.catalog;
    let mut child = Shell::new(&mut *parent.fs, catalog, flavor, zero);
    for (k, v) in env {
        child.export(&k, Some(&v));
    }
    child.cwd = cwd;
    child.uid = uid;
    child.gid = gid;
    child.clock = clock;
    child.umask = umask;
    child.strict = strict;
    child.failing = parent.failing.clone();
    child.read_only = parent.read_only.clone();
    child.steps = steps;
    child.step_limit = limit;
    child.depth = parent_depth;
    child.written = parent_written;
    child.positional = positional;
    let mut setup = Io::default();
    for option in options {
        let words: Vec<String> = option.split(' ').map(String::from).collect();
        let mut argv = vec!["set".to_string()];
        argv.extend(words);
        if let Flow::Exit(status) = child.run_command(&argv, &mut setup) {
            io.err_bytes(&setup.stderr);
            return Flow::Normal(status);
        }
    }
    let flow = child.run_script(source, io);
    let warnings = std::mem::take(&mut child.warnings);
    let programs = std::mem::take(&mut child.programs);
    let lacking = child.lacking.paths();
    let (steps, work, written) = (child.steps, child.work, child.written);
    drop(child);
    parent.written = written;
    parent.warnings.extend(warnings);
    parent.programs.extend(programs);
    parent.lacking.extend(lacking);
    parent.steps = steps;
    parent.work += work;
    match flow {
        Flow::Abort(abort) => Flow::Abort(abort),
        other => Flow::Normal(other.status()),
    }
}

/// Runs a script file: through its `#!` interpreter, or with `sh`.
pub fn run_script_file(
    shell: &mut Shell,
    path: &str,
    text: &str,
    args: &[String],
    io: &mut Io,
) -> Flow {
    let Some(first) = text.strip_prefix("#!") else {
        let flavor = shell.flavor;
        return run_child(shell, flavor, path, text, args.to_vec(), &[], io);
    };
    let line = first.lines().next().unwrap_or_default().trim();
    let mut parts = line.splitn(2, char::is_whitespace);
    let interpreter = parts.next().unwrap_or_default().to_string();
    let argument = parts
        .next()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from);
    let (program, file_name) = match resolve(shell, &interpreter) {
        Some(found) => found,
        None => {
            io.err(&format!("{}{path}: not found\n", shell.error_prefix()));
            return Flow::Normal(127);
        }
    };
    // `#!/usr/bin/env NAME`: NAME is looked up on PATH.
    let (program, file_name, argument) = if program == "env" {
        let Some(name) = argument else {
            return Flow::Normal(0);
        };
        match find_program(shell, &name).and_then(|p| resolve(shell, &p)) {
            Some((program, file_name)) => (program, file_name, None),
            None => {
                io.err(&format!(
                    "/usr/bin/env: '{name}': No such file or directory\n"
                ));
                return Flow::Normal(127);
            }
        }
    } else {
        (program, file_name, argument)
    };
    if let Some(flavor) = shell_flavor(&program, &file_name) {
        let options: Vec<String> = argument.into_iter().collect();
        return run_child(shell, flavor, path, text, args.to_vec(), &options, io);
    }
    // An interpreter Stagecraft simulates (node for npm's scripts) is
    // given the script as `interpreter script args...`.
    if let Some(run) = super::lookup(&program) {
        let mut argv = vec![program.clone()];
        argv.extend(argument);
        argv.push(path.to_string());
        argv.extend(args.iter().cloned());
        return Flow::Normal(run(shell, &argv, io));
    }
    if shell.strict {
        return Flow::Abort(Abort::NotSimulated(program));
    }
    shell.note(format!(
        "{path}: runs with {program}, which is not simulated; assumed to succeed with no file changes"
    ));
    Flow::Normal(0)
}

/// The program an interpreter path is, and the name of the file it
/// resolves to.
fn resolve(shell: &Shell, interpreter: &str) -> Option<(String, String)> {
    let path = shell.path(interpreter);
    let (canonical, node) = shell.fs.lookup(&path, true).ok()?;
    if !matches!(node, Node::File(_)) {
        return None;
    }
    let file_name = split_parent(&canonical).1.to_string();
    let program = if file_name == "busybox" {
        split_parent(interpreter).1.to_string()
    } else {
        // `node.js` (the npm package `node`'s program, linked as
        // node_modules/.bin/node) answers as node, as exec's programs do.
        let stem = file_name.split('.').next().unwrap_or_default();
        if super::lookup(&file_name).is_none() && super::lookup(stem).is_some() {
            stem.to_string()
        } else {
            file_name.clone()
        }
    };
    Some((program, file_name))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn sh_c_and_script_files() {
        let (_, status, out) = debian("sh -c 'echo $0 $1' me you; bash -c 'echo \"$BASH_X\"'");
        assert_eq!((status, out.as_str()), (0, "me you\n\n"));
        let (_, status, out) = debian("printf '#!/bin/sh\\necho script $1\\n' > /s.sh && chmod 755 /s.sh && /s.sh arg && sh /s.sh two");
        assert_eq!((status, out.as_str()), (0, "script arg\nscript two\n"));
    }

    #[test]
    fn sh_s_reads_the_script_from_standard_input_with_arguments() {
        let (_, status, out) = debian(
            "echo 'echo got $# $1 $2' | sh -s -- -y --default && echo 'echo $1' | bash -es one",
        );
        assert_eq!((status, out.as_str()), (0, "got 2 -y --default\none\n"));
    }

    #[test]
    fn shells_report_errors_in_their_own_words() {
        let (_, status, out) = debian("bash -c 'nope'");
        assert_eq!(
            (status, out.as_str()),
            (127, "bash: line 1: nope: command not found\n")
        );
    }

    #[test]
    fn interpreters_the_image_lacks() {
        let (_, status, out) =
            debian("printf '#!/usr/bin/env node\\n' > /a.js && chmod +x /a.js && /a.js");
        assert_eq!(
            (status, out.as_str()),
            (127, "/usr/bin/env: 'node': No such file or directory\n")
        );
    }
}
