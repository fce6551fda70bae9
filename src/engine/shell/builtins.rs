//! The shell's builtin commands: `cd`, `export`, `set`, `echo`, `test`...

use crate::engine::catalog::ShellFlavor;

use super::parser::parse_script;
use super::state::{Flow, Io, Shell};
use super::test_cmd;

/// `trap ACTION CONDITION...`: the EXIT trap (`EXIT` or `0`) is kept and
/// run as the script ends; `-` resets it. Signals never arrive in a
/// build, so their traps do nothing.
fn trap(shell: &mut Shell, args: &[String]) -> i32 {
    if let [action, conditions @ ..] = args {
        if conditions.iter().any(|c| c == "EXIT" || c == "0") {
            shell.exit_trap = (action != "-").then(|| action.clone());
        }
    }
    0
}

/// Runs `argv` if it names a builtin.
pub fn run(shell: &mut Shell, argv: &[String], io: &mut Io) -> Option<Flow> {
    let args = &argv[1..];
    let status = match argv[0].as_str() {
        ":" | "true" | "wait" | "alias" | "unalias" | "ulimit" | "hash" => 0,
        "trap" => trap(shell, args),
        "false" => 1,
        "echo" => echo(shell, args, io),
        "printf" => printf(shell, args, io),
        "cd" => cd(shell, args, io),
        "pwd" => {
            io.out(&format!("{}\n", shell.cwd));
            0
        }
        "export" | "readonly" => {
            for arg in args.iter().filter(|a| !a.starts_with('-')) {
                match arg.split_once('=') {
                    Some((k, v)) => shell.export(k, Some(v)),
                    None => shell.export(arg, None),
                }
            }
            0
        }
        "local" => {
            for arg in args {
                match arg.split_once('=') {
                    Some((k, v)) => shell.set_var(k, v),
                    None => shell.set_var(arg, ""),
                }
            }
            0
        }
        "unset" => {
            for arg in args.iter().filter(|a| !a.starts_with('-')) {
                shell.vars.remove(arg);
                shell.functions.remove(arg);
            }
            0
        }
        "set" => return Some(set(shell, args, io)),
        "umask" => 0,
        "exit" => {
            let code = match args.first() {
                Some(a) => match number(shell, "exit", a, io) {
                    // A process's status is its low eight bits.
                    Ok(n) => (n & 0xff) as i32,
                    Err(flow) => return Some(flow),
                },
                None => shell.status,
            };
            return Some(Flow::Exit(code));
        }
        "return" => {
            let code = match args.first() {
                Some(a) => match number(shell, "return", a, io) {
                    Ok(n) => (n & 0xff) as i32,
                    Err(flow) => return Some(flow),
                },
                None => shell.status,
            };
            return Some(Flow::Return(code));
        }
        "break" | "continue" => return loop_control(shell, argv, args, io),
        "shift" => {
            let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1);
            if n > shell.positional.len() {
                io.err(&format!(
                    "{}shift: can't shift that many\n",
                    shell.error_prefix()
                ));
                return Some(Flow::Exit(2));
            }
            shell.positional.drain(..n);
            0
        }
        "test" => test_cmd::test(shell, args, io),
        "[" => {
            if args.last().map(String::as_str) != Some("]") {
                io.err(&format!("{}[: missing ]\n", shell.error_prefix()));
                2
            } else {
                test_cmd::test(shell, &args[..args.len() - 1], io)
            }
        }
        "read" => read(shell, args, io),
        "eval" => {
            let source = args.join(" ");
            return Some(match parse_script(&source) {
                Ok(list) => shell.nested(|sh| sh.exec_list(&list, io)),
                Err(e) => {
                    io.err(&format!("{}{e}\n", shell.error_prefix()));
                    Flow::Normal(2)
                }
            });
        }
        "." | "source" => return source(shell, args, io),
        "command" => return command(shell, args, io),
        "type" => type_of(shell, args, io),
        "exec" => {
            if args.is_empty() {
                return Some(Flow::Normal(0));
            }
            let flow = shell.run_command(args, io);
            return Some(match flow {
                Flow::Normal(s) => Flow::Exit(s),
                other => other,
            });
        }
        _ => return None,
    };
    Some(Flow::Normal(status))
}

/// `.` and `source`: a script read and run in this shell.
fn source(shell: &mut Shell, args: &[String], io: &mut Io) -> Option<Flow> {
    let Some(file) = args.first() else {
        return Some(Flow::Normal(0));
    };
    let text = shell
        .fs
        .read(&shell.path(file))
        .ok()
        .and_then(|c| c.as_text().map(str::to_string));
    Some(match text.map(|t| parse_script(&t)) {
        Some(Ok(list)) => shell.nested(|sh| sh.exec_list(&list, io)),
        Some(Err(e)) => {
            io.err(&format!("{}{e}\n", shell.error_prefix()));
            Flow::Exit(2)
        }
        None => {
            io.err(&format!(
                "{}.: cannot open {file}: No such file\n",
                shell.error_prefix()
            ));
            Flow::Exit(2)
        }
    })
}

/// `command`: a program run past functions, or found (`-v`).
fn command(shell: &mut Shell, args: &[String], io: &mut Io) -> Option<Flow> {
    let rest: Vec<String> = args
        .iter()
        .skip_while(|a| a.starts_with('-'))
        .cloned()
        .collect();
    if args.first().is_some_and(|a| a == "-v" || a == "-V") {
        let Some(name) = rest.first() else {
            return Some(Flow::Normal(1));
        };
        return Some(Flow::Normal(
            match super::programs::find_program(shell, name) {
                Some(path) => {
                    io.out(&format!("{path}\n"));
                    0
                }
                None if is_builtin(name) => {
                    io.out(&format!("{name}\n"));
                    0
                }
                None => 1,
            },
        ));
    }
    if rest.is_empty() {
        return Some(Flow::Normal(0));
    }
    Some(super::programs::exec(shell, &rest, io))
}

/// `break` and `continue`: out of N loops, or to the next turn.
fn loop_control(shell: &mut Shell, argv: &[String], args: &[String], io: &mut Io) -> Option<Flow> {
    let n = match args.first() {
        Some(a) => match number(shell, &argv[0], a, io) {
            Ok(n) => u32::try_from(n).unwrap_or(u32::MAX),
            Err(flow) => return Some(flow),
        },
        None => 1,
    }
    .max(1);
    Some(if argv[0] == "break" {
        Flow::Break(n)
    } else {
        Flow::Continue(n)
    })
}

/// `type`: what each name is.
fn type_of(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut status = 0;
    for name in args {
        if is_builtin(name) {
            io.out(&format!("{name} is a shell builtin\n"));
        } else if let Some(path) = super::programs::find_program(shell, name) {
            io.out(&format!("{name} is {path}\n"));
        } else {
            io.out(&format!("{name}: not found\n"));
            status = 127;
        }
    }
    status
}

fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        ":" | "true"
            | "false"
            | "echo"
            | "printf"
            | "cd"
            | "pwd"
            | "export"
            | "readonly"
            | "local"
            | "unset"
            | "set"
            | "umask"
            | "exit"
            | "return"
            | "break"
            | "continue"
            | "shift"
            | "test"
            | "["
            | "read"
            | "eval"
            | "."
            | "source"
            | "command"
            | "type"
            | "exec"
            | "wait"
            | "trap"
    )
}

/// A special builtin's number (`exit 3`): digits only, as dash's
/// `number` reads it. Anything else is an error that ends the shell with
/// status 2, in each shell's words: dash's `exit: Illegal number: abc`,
/// BusyBox ash's `exit: line 1: Illegal number: abc`, bash's `exit: abc:
/// numeric argument required`.
fn number(shell: &Shell, builtin: &str, arg: &str, io: &mut Io) -> Result<i64, Flow> {
    let bash = shell.flavor == ShellFlavor::Bash;
    let digits = if bash {
        arg.strip_prefix(['-', '+']).unwrap_or(arg)
    } else {
        arg
    };
    let parsed = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        arg.parse::<i64>()
            .ok()
            .filter(|n| bash || *n <= i64::from(i32::MAX))
    } else {
        None
    };
    if let Some(n) = parsed {
        return Ok(n);
    }
    let message = match shell.flavor {
        ShellFlavor::Dash => format!(
            "{}: {}: {builtin}: Illegal number: {arg}",
            shell.name, shell.line
        ),
        ShellFlavor::Ash => format!(
            "{}: {builtin}: line {}: Illegal number: {arg}",
            shell.name, shell.line
        ),
        ShellFlavor::Bash => format!(
            "{}{builtin}: {arg}: numeric argument required",
            shell.error_prefix()
        ),
    };
    io.err(&format!("{message}\n"));
    Err(Flow::Exit(2))
}

fn cd(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let target = match args
        .iter()
        .find(|a| !a.starts_with('-') || a.as_str() == "-")
    {
        Some(t) if t == "-" => shell.var("OLDPWD").unwrap_or("/").to_string(),
        Some(t) => t.clone(),
        None => shell.var("HOME").unwrap_or("/").to_string(),
    };
    let path = shell.path(&target);
    if !shell.fs.is_dir(&path) {
        let message = match shell.flavor {
            ShellFlavor::Dash => format!("{}cd: can't cd to {target}\n", shell.error_prefix()),
            ShellFlavor::Ash => format!(
                "{}cd: can't cd to {target}: No such file or directory\n",
                shell.error_prefix()
            ),
            ShellFlavor::Bash => format!(
                "{}cd: {target}: No such file or directory\n",
                shell.error_prefix()
            ),
        };
        io.err(&message);
        return if shell.flavor == ShellFlavor::Bash {
            1
        } else {
            2
        };
    }
    let old = shell.cwd.clone();
    shell.set_var("OLDPWD", &old);
    shell.cwd = path;
    let cwd = shell.cwd.clone();
    shell.set_var("PWD", &cwd);
    0
}

fn set(shell: &mut Shell, args: &[String], io: &mut Io) -> Flow {
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if arg == "--" {
            shell.positional = args[i + 1..].to_vec();
            return Flow::Normal(0);
        }
        let (on, flags) = match arg.strip_prefix('-') {
            Some(f) => (true, f),
            None => match arg.strip_prefix('+') {
                Some(f) => (false, f),
                None => {
                    shell.positional = args[i..].to_vec();
                    return Flow::Normal(0);
                }
            },
        };
        for flag in flags.chars() {
            match flag {
                'e' => shell.options.errexit = on,
                'x' => shell.options.xtrace = on,
                'u' => shell.options.nounset = on,
                'o' => {
                    i += 1;
                    let name = args.get(i).map(String::as_str).unwrap_or_default();
                    match name {
                        "errexit" => shell.options.errexit = on,
                        "xtrace" => shell.options.xtrace = on,
                        "nounset" => shell.options.nounset = on,
                        // Debian's dash (0.5.12) has no pipefail.
                        "pipefail" if shell.flavor != ShellFlavor::Dash => {
                            shell.options.pipefail = on
                        }
                        _ => {
                            io.err(&format!(
                                "{}set: Illegal option -o {name}\n",
                                shell.error_prefix()
                            ));
                            return Flow::Exit(2);
                        }
                    }
                }
                'f' | 'v' | 'h' | 'a' | 'b' | 'C' | 'm' | 'n' => {}
                other => {
                    io.err(&format!(
                        "{}set: Illegal option -{other}\n",
                        shell.error_prefix()
                    ));
                    return Flow::Exit(2);
                }
            }
        }
        i += 1;
    }
    Flow::Normal(0)
}

/// Backslash escapes of `echo` (dash) and `printf`.
pub fn unescape(text: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('\\') => out.push('\\'),
            Some('c') => return (out, true),
            Some('0') => {
                let mut value = 0u32;
                for _ in 0..3 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\0'));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

fn echo(shell: &Shell, args: &[String], io: &mut Io) -> i32 {
    let mut newline = true;
    let mut escapes = shell.flavor == ShellFlavor::Dash;
    let mut rest = args;
    while let Some(first) = rest.first() {
        let flags = match first.strip_prefix('-') {
            Some(f) if !f.is_empty() && f.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) => f,
            _ => break,
        };
        if shell.flavor == ShellFlavor::Dash && flags != "n" {
            break;
        }
        for f in flags.chars() {
            match f {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        rest = &rest[1..];
    }
    let mut text = rest.join(" ");
    if escapes {
        let (unescaped, stop) = unescape(&text);
        text = unescaped;
        if stop {
            newline = false;
        }
    }
    if newline {
        text.push('\n');
    }
    io.out(&text);
    0
}

/// `printf FORMAT [ARG]...`, the format reused while arguments remain.
pub fn printf(shell: &Shell, args: &[String], io: &mut Io) -> i32 {
    let Some(format) = args.first() else {
        io.err(&format!(
            "{}printf: usage: printf format [arg ...]\n",
            shell.error_prefix()
        ));
        return 2;
    };
    let (format, _) = unescape(format);
    let mut values = args[1..].iter();
    let mut status = 0;
    loop {
        let mut consumed = false;
        let chars: Vec<char> = format.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            // Its output reached the limit: the rest would only be cut.
            if io.overflow {
                return 1;
            }
            if chars[i] != '%' {
                io.out(&chars[i].to_string());
                i += 1;
                continue;
            }
            i += 1;
            let spec_start = i;
            while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0'..='9' | '.') {
                i += 1;
            }
            let spec: String = chars[spec_start..i].iter().collect();
            let Some(&conv) = chars.get(i) else { break };
            i += 1;
            if conv == '%' {
                io.out("%");
                continue;
            }
            let value = values.next();
            consumed |= value.is_some();
            let value = value.map(String::as_str).unwrap_or_default();
            let text = match conv {
                's' => value.to_string(),
                'b' => unescape(value).0,
                'c' => value.chars().next().map(String::from).unwrap_or_default(),
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let n: i64 = if value.is_empty() {
                        0
                    } else {
                        match value.trim().parse() {
                            Ok(n) => n,
                            Err(_) => {
                                io.err(&format!(
                                    "{}printf: {value}: expected numeric value\n",
                                    shell.error_prefix()
                                ));
                                status = 1;
                                0
                            }
                        }
                    };
                    match conv {
                        'x' => format!("{n:x}"),
                        'X' => format!("{n:X}"),
                        'o' => format!("{n:o}"),
                        _ => n.to_string(),
                    }
                }
                _ => value.to_string(),
            };
            let Some(width) = spec_width(&spec) else {
                io.err(&format!(
                    "{}printf: %{spec}{conv}: width over Stagecraft's limit of {} (a simulation limit)\n",
                    shell.error_prefix(),
                    crate::limits::FORMAT_WIDTH
                ));
                status = 1;
                continue;
            };
            io.out(&pad(
                &text,
                &spec,
                width,
                matches!(conv, 'd' | 'i' | 'u' | 'x' | 'X' | 'o'),
            ));
        }
        if !consumed || values.len() == 0 || io.overflow {
            break;
        }
    }
    status
}

/// A directive's field width; None past the limit (a huge width would
/// fill memory with padding).
fn spec_width(spec: &str) -> Option<usize> {
    let digits = spec
        .trim_start_matches(['-', '+', ' ', '#', '0'])
        .split('.')
        .next()
        .unwrap_or_default();
    if digits.is_empty() {
        return Some(0);
    }
    digits
        .parse::<usize>()
        .ok()
        .filter(|w| *w <= crate::limits::FORMAT_WIDTH)
}

fn pad(text: &str, spec: &str, width: usize, numeric: bool) -> String {
    let left = spec.contains('-');
    let zero = numeric && spec.trim_start_matches('-').starts_with('0');
    let len = text.chars().count();
    if len >= width {
        return text.to_string();
    }
    let fill = width - len;
    if left {
        format!("{text}{}", " ".repeat(fill))
    } else if zero {
        format!("{}{text}", "0".repeat(fill))
    } else {
        format!("{}{text}", " ".repeat(fill))
    }
}

fn read(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let input = String::from_utf8_lossy(&io.stdin).into_owned();
    let Some(line) = input.lines().next().map(str::to_string) else {
        return 1;
    };
    let consumed = (line.len() + 1).min(io.stdin.len());
    io.stdin.drain(..consumed);
    let mut fields = line.split_whitespace();
    for (i, name) in names.iter().enumerate() {
        let value = if i + 1 == names.len() {
            fields.by_ref().collect::<Vec<_>>().join(" ")
        } else {
            fields.next().unwrap_or_default().to_string()
        };
        shell.set_var(name, &value);
    }
    if names.is_empty() {
        shell.set_var("REPLY", &line);
    }
    0
}

#[cfg(test)]
mod tests {
    use crate::engine::catalog::ShellFlavor;
    use crate::engine::shell::state::{Io, Shell};
    use crate::engine::vfs::{Filesystem, Meta};

    fn run_with(flavor: ShellFlavor, script: &str) -> (i32, String) {
        let mut fs = Filesystem::new();
        fs.mkdir_all("/app", Meta::dir()).unwrap();
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            flavor,
            "/bin/sh",
        );
        let mut io = Io::default();
        let status = sh.run_script(script, &mut io).status();
        (
            status,
            String::from_utf8_lossy(&io.stdout).into_owned() + &String::from_utf8_lossy(&io.stderr),
        )
    }

    fn run(script: &str) -> String {
        run_with(ShellFlavor::Dash, script).1
    }

    #[test]
    fn echo_and_printf() {
        assert_eq!(run("echo -n a; echo b"), "ab\n");
        assert_eq!(run("echo 'a\\tb'"), "a\tb\n", "dash's echo reads escapes");
        assert_eq!(run_with(ShellFlavor::Bash, "echo 'a\\tb'").1, "a\\tb\n");
        assert_eq!(run("printf '%s=%d\\n' a 1 b 2"), "a=1\nb=2\n");
        assert_eq!(run("printf '[%-4s][%03d]\\n' ab 7"), "[ab  ][007]\n");
        // Found by fuzzing (fuzz/fuzz_targets/shell.rs): a huge width
        // filled memory with padding.
        let (status, out) = run_with(ShellFlavor::Dash, "printf '[%-#444444444444s]' x");
        assert_eq!(status, 1);
        assert!(out.contains("width over Stagecraft's limit"), "{out}");
        // Past u64 too; the rest of the format still prints.
        let out = run("printf '%99999999999999999999999s|' x");
        assert!(
            out.contains("width over Stagecraft's limit") && out.contains('|'),
            "{out}"
        );
    }

    #[test]
    fn cd_and_pwd() {
        assert_eq!(run("cd /app && pwd && cd .. && pwd"), "/app\n/\n");
        assert_eq!(
            run_with(ShellFlavor::Dash, "cd /nope"),
            (2, "/bin/sh: 1: cd: can't cd to /nope\n".to_string())
        );
    }

    #[test]
    fn pipefail_is_not_in_dash() {
        assert_eq!(
            run_with(ShellFlavor::Dash, "set -o pipefail"),
            (
                2,
                "/bin/sh: 1: set: Illegal option -o pipefail\n".to_string()
            )
        );
        assert_eq!(
            run_with(ShellFlavor::Bash, "set -o pipefail; false | true").0,
            1
        );
    }

    #[test]
    fn read_eval_and_exports() {
        assert_eq!(
            run("echo 'a b c' | { read x rest; echo \"$x/$rest\"; }"),
            "a/b c\n"
        );
        assert_eq!(run("eval 'X=5'; echo $X"), "5\n");
        assert_eq!(
            run("f() { echo \"in f: $1\"; return 3; }; f arg; echo $?"),
            "in f: arg\n3\n"
        );
    }
}
