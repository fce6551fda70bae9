//! `test` and `[`: file, string and integer conditions.

use crate::engine::vfs::Node;

use super::state::{Io, Shell};

/// Exit status of `test ARGS` (0 true, 1 false, 2 error).
pub fn test(shell: &Shell, args: &[String], io: &mut Io) -> i32 {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut p = Parser {
        shell,
        args: &args,
        pos: 0,
        depth: 0,
    };
    match p.or() {
        Ok(value) if p.pos == args.len() => i32::from(!value),
        Ok(_) => {
            io.err(&format!(
                "{}test: unexpected operator\n",
                shell.error_prefix()
            ));
            2
        }
        Err(message) => {
            io.err(&format!("{}test: {message}\n", shell.error_prefix()));
            2
        }
    }
}

struct Parser<'a, 'b> {
    shell: &'a Shell<'b>,
    args: &'a [&'a str],
    pos: usize,
    /// Parentheses open around the expression being read.
    depth: u32,
}

const BINARY: &[&str] = &[
    "=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
];
const UNARY: &[&str] = &[
    "-e", "-f", "-d", "-L", "-h", "-x", "-r", "-w", "-s", "-z", "-n", "-b", "-c", "-p", "-S", "-g",
    "-u", "-k",
];

impl<'a> Parser<'a, '_> {
    fn next(&mut self) -> Option<&'a str> {
        let a = self.args.get(self.pos).copied();
        self.pos += 1;
        a
    }

    fn peek(&self) -> Option<&'a str> {
        self.args.get(self.pos).copied()
    }

    fn or(&mut self) -> Result<bool, String> {
        let mut value = self.and()?;
        while self.peek() == Some("-o") {
            self.pos += 1;
            let right = self.and()?;
            value = value || right;
        }
        Ok(value)
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut value = self.not()?;
        while self.peek() == Some("-a") {
            self.pos += 1;
            let right = self.not()?;
            value = value && right;
        }
        Ok(value)
    }

    fn not(&mut self) -> Result<bool, String> {
        // Each `!` negates what follows: counted, not recursed into.
        let mut negate = false;
        while self.peek() == Some("!") && self.args.len() - self.pos > 1 {
            self.pos += 1;
            negate = !negate;
        }
        Ok(self.primary()? != negate)
    }

    fn primary(&mut self) -> Result<bool, String> {
        let remaining = self.args.len() - self.pos;
        let Some(first) = self.peek() else {
            return Ok(false);
        };
        if first == "(" && remaining >= 3 {
            // dash recurses for each; past Stagecraft's nesting limit the
            // expression is refused rather than the stack overflowed.
            if self.depth >= crate::limits::SHELL_NESTING {
                return Err(crate::limits::nested_too_deep("parentheses"));
            }
            self.depth += 1;
            self.pos += 1;
            let value = self.or()?;
            self.depth -= 1;
            if self.next() != Some(")") {
                return Err("closing paren expected".into());
            }
            return Ok(value);
        }
        if remaining >= 3 && BINARY.contains(&self.args[self.pos + 1]) {
            let left = self.next().unwrap_or_default().to_string();
            let op = self.next().unwrap_or_default().to_string();
            let right = self.next().unwrap_or_default().to_string();
            return self.binary(&left, &op, &right);
        }
        if remaining >= 2 && UNARY.contains(&first) {
            self.pos += 1;
            let operand = self.next().unwrap_or_default().to_string();
            return Ok(self.unary(first, &operand));
        }
        self.pos += 1;
        Ok(!first.is_empty())
    }

    fn binary(&self, left: &str, op: &str, right: &str) -> Result<bool, String> {
        let int = |s: &str| {
            s.trim()
                .parse::<i64>()
                .map_err(|_| format!("{s}: bad number"))
        };
        Ok(match op {
            "=" | "==" => left == right,
            "!=" => left != right,
            "-eq" => int(left)? == int(right)?,
            "-ne" => int(left)? != int(right)?,
            "-lt" => int(left)? < int(right)?,
            "-le" => int(left)? <= int(right)?,
            "-gt" => int(left)? > int(right)?,
            "-ge" => int(left)? >= int(right)?,
            _ => false,
        })
    }

    fn unary(&self, op: &str, operand: &str) -> bool {
        let path = self.shell.path(operand);
        let follow = !matches!(op, "-L" | "-h");
        let node = self
            .shell
            .fs
            .lookup(&path, follow)
            .ok()
            .map(|(_, n)| n.clone());
        match op {
            "-z" => operand.is_empty(),
            "-n" => !operand.is_empty(),
            "-e" => node.is_some() || path == "/",
            "-f" => matches!(node, Some(Node::File(_))),
            "-d" => matches!(node, Some(Node::Dir(_))) || path == "/",
            "-L" | "-h" => matches!(node, Some(Node::Symlink(_))),
            "-s" => node.is_some_and(|n| n.size() > 0 || matches!(n, Node::Dir(_))),
            "-x" => {
                node.is_some_and(|n| self.shell.can_execute(n.meta()) || matches!(n, Node::Dir(_)))
            }
            "-w" => node.is_some_and(|n| self.shell.can_write(n.meta())),
            "-r" => node.is_some(),
            "-u" => node.is_some_and(|n| n.meta().mode & 0o4000 != 0),
            "-g" => node.is_some_and(|n| n.meta().mode & 0o2000 != 0),
            "-k" => node.is_some_and(|n| n.meta().mode & 0o1000 != 0),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::catalog::ShellFlavor;
    use crate::engine::content::Content;
    use crate::engine::shell::state::{Io, Shell};
    use crate::engine::vfs::{Filesystem, Meta};

    fn status(script: &str) -> i32 {
        let mut fs = Filesystem::new();
        fs.mkdir_all("/app", Meta::dir()).unwrap();
        fs.write_file(
            "/app/run.sh",
            Content::text("#!/bin/sh\n"),
            Meta::executable(),
        )
        .unwrap();
        fs.write_file("/app/empty", Content::empty(), Meta::file())
            .unwrap();
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Dash,
            "/bin/sh",
        );
        sh.run_script(script, &mut Io::default()).status()
    }

    #[test]
    fn files_strings_and_numbers() {
        assert_eq!(status("[ -f /app/run.sh ]"), 0);
        assert_eq!(status("[ -d /app/run.sh ]"), 1);
        assert_eq!(status("test -x /app/run.sh -a -d /app"), 0);
        assert_eq!(status("[ -s /app/empty ]"), 1);
        assert_eq!(status("[ ! -e /nope ]"), 0);
        assert_eq!(status("[ abc = abc ]"), 0);
        assert_eq!(status("[ -n \"\" ]"), 1);
        assert_eq!(status("[ 10 -gt 9 ]"), 0);
        assert_eq!(status("[ x -gt 9 ]"), 2);
        assert_eq!(status("[ -z x"), 2);
        assert_eq!(status("[ \\( 1 -eq 1 \\) -o x = y ]"), 0);
    }
}
