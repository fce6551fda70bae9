//! PEP 508 environment markers (`sys_platform == 'win32'`,
//! `python_full_version < '3.13' and extra == 'standard'`), evaluated for
//! CPython on Linux x86_64, as an image runs it.

use super::pypi::satisfies;

/// The interpreter a marker is evaluated for.
pub struct Environment<'a> {
    /// `3.12`.
    pub python: &'a str,
    /// The extras being installed (`extra == 'x'`).
    pub extras: &'a [String],
}

/// Whether the marker holds; one it cannot read holds (the package is
/// installed, as the safer guess for an image's size).
pub fn holds(marker: &str, env: &Environment) -> bool {
    let tokens = tokens(marker);
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        env,
        depth: 0,
    };
    match parser.or() {
        Some(value) if parser.at == tokens.len() => value,
        _ => true,
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Op(String),
    Open,
    Close,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '(' => {
                out.push(Token::Open);
                i += 1;
            }
            ')' => {
                out.push(Token::Close);
                i += 1;
            }
            '\'' | '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .map_or(chars.len(), |p| i + 1 + p);
                out.push(Token::Quoted(chars[i + 1..end].iter().collect()));
                i = end + 1;
            }
            '=' | '!' | '<' | '>' | '~' => {
                let start = i;
                while i < chars.len() && matches!(chars[i], '=' | '!' | '<' | '>' | '~') {
                    i += 1;
                }
                out.push(Token::Op(chars[start..i].iter().collect()));
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '.' | '-'))
                {
                    i += 1;
                }
                if start == i {
                    i += 1;
                    continue;
                }
                out.push(Token::Word(chars[start..i].iter().collect()));
            }
        }
    }
    out
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    env: &'a Environment<'a>,
    depth: usize,
}

impl Parser<'_> {
    fn word_is(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w == word)
    }

    fn or(&mut self) -> Option<bool> {
        let mut value = self.and()?;
        while self.word_is("or") {
            self.at += 1;
            value |= self.and()?;
        }
        Some(value)
    }

    fn and(&mut self) -> Option<bool> {
        let mut value = self.atom()?;
        while self.word_is("and") {
            self.at += 1;
            value &= self.atom()?;
        }
        Some(value)
    }

    fn atom(&mut self) -> Option<bool> {
        if self.tokens.get(self.at) == Some(&Token::Open) {
            self.depth += 1;
            if self.depth > 64 {
                return None;
            }
            self.at += 1;
            let value = self.or()?;
            if self.tokens.get(self.at) != Some(&Token::Close) {
                return None;
            }
            self.at += 1;
            self.depth -= 1;
            return Some(value);
        }
        let left = self.operand()?;
        let op = match self.tokens.get(self.at)? {
            Token::Op(op) => op.clone(),
            Token::Word(w) if w == "in" => "in".to_string(),
            Token::Word(w) if w == "not" => {
                self.at += 1;
                if !self.word_is("in") {
                    return None;
                }
                "not in".to_string()
            }
            _ => return None,
        };
        self.at += 1;
        let right = self.operand()?;
        Some(self.compare(left, &op, right))
    }

    /// A variable's value or a quoted literal; `(is variable, text)`.
    fn operand(&mut self) -> Option<(bool, String)> {
        let token = self.tokens.get(self.at)?;
        self.at += 1;
        match token {
            Token::Quoted(text) => Some((false, text.clone())),
            Token::Word(name) => Some((true, name.clone())),
            _ => None,
        }
    }

    fn value_of(&self, name: &str) -> Option<String> {
        Some(match name {
            "python_version" => self.env.python.to_string(),
            "python_full_version" => format!("{}.0", self.env.python),
            "sys_platform" => "linux".into(),
            "platform_system" => "Linux".into(),
            "os_name" => "posix".into(),
            "platform_machine" => "x86_64".into(),
            "implementation_name" => "cpython".into(),
            "platform_python_implementation" => "CPython".into(),
            "platform_release" | "platform_version" => String::new(),
            _ => return None,
        })
    }

    fn compare(&self, left: (bool, String), op: &str, right: (bool, String)) -> bool {
        let (variable, literal, flipped) = match (&left, &right) {
            ((true, name), (false, text)) => (name.clone(), text.clone(), false),
            ((false, text), (true, name)) => (name.clone(), text.clone(), true),
            _ => return true,
        };
        if variable == "extra" {
            let has = self
                .env
                .extras
                .iter()
                .any(|e| super::pypi::canonical(e) == super::pypi::canonical(&literal));
            return match op {
                "==" => has,
                "!=" => !has,
                _ => true,
            };
        }
        let Some(value) = self.value_of(&variable) else {
            return true;
        };
        let versioned = variable.starts_with("python");
        match op {
            "in" if flipped => value.contains(&literal),
            "in" => literal.contains(&value),
            "not in" if flipped => !value.contains(&literal),
            "not in" => !literal.contains(&value),
            _ if versioned => {
                let op = if flipped { flip(op) } else { op };
                satisfies(&value, &format!("{op}{literal}"))
            }
            "==" | "===" => value == literal,
            "!=" => value != literal,
            _ => true,
        }
    }
}

/// `'3.8' < python_version` is `python_version > '3.8'`.
fn flip(op: &str) -> &str {
    match op {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::{holds, Environment};

    #[test]
    fn markers_hold_for_cpython_on_linux() {
        let extras = vec!["standard".to_string()];
        let env = Environment {
            python: "3.12",
            extras: &extras,
        };
        assert!(!holds("sys_platform == 'win32'", &env));
        assert!(holds("sys_platform != 'win32'", &env));
        assert!(holds("python_full_version < '3.13'", &env));
        assert!(!holds("python_version < '3.11'", &env));
        assert!(holds("'3.8' < python_version", &env));
        assert!(!holds(
            "platform_system == 'Windows' or (python_version < '3.9' and os_name == 'posix')",
            &env
        ));
        assert!(holds(
            "platform_machine == 'x86_64' and extra == 'standard'",
            &env
        ));
        assert!(!holds("extra == 'docs'", &env));
        assert!(holds("platform_python_implementation != 'PyPy'", &env));
        assert!(!holds("sys_platform in 'win32 cygwin'", &env));
        // Unreadable: held.
        assert!(holds("((((", &env));
    }
}
