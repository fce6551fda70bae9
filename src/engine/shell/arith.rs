//! `$(( ... ))`: integer arithmetic with variables, as POSIX sh has it.

/// Evaluates `source`; `var` looks variables up (unset is 0).
pub fn evaluate(source: &str, var: &dyn Fn(&str) -> Option<String>) -> Result<i64, String> {
    let tokens = tokenize(source, var)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let value = p.ternary()?;
    if p.pos != p.tokens.len() {
        return Err(format!(
            "arithmetic expression: expecting EOF: \"{source}\""
        ));
    }
    Ok(value)
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(i64),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "(", ")",
    "!", "~", "&", "|", "^", "?", ":",
];

fn tokenize(source: &str, var: &dyn Fn(&str) -> Option<String>) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let value =
                if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
                    i64::from_str_radix(hex, 16)
                } else if text.len() > 1 && text.starts_with('0') {
                    i64::from_str_radix(&text[1..], 8)
                } else {
                    text.parse()
                };
            out.push(Tok::Num(value.map_err(|_| {
                format!("arithmetic expression: invalid number: \"{text}\"")
            })?));
        } else if c.is_ascii_alphabetic() || c == '_' || c == '$' {
            if c == '$' {
                i += 1;
            }
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            let value = var(&name).unwrap_or_default();
            let value = value.trim();
            out.push(Tok::Num(if value.is_empty() {
                0
            } else {
                value
                    .parse()
                    .map_err(|_| format!("arithmetic expression: illegal number: {value}"))?
            }));
        } else {
            let rest: String = chars[i..].iter().take(2).collect();
            let op = OPS
                .iter()
                .find(|op| rest.starts_with(**op))
                .ok_or_else(|| format!("arithmetic expression: expecting primary: \"{source}\""))?;
            i += op.chars().count();
            out.push(Tok::Op(op));
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
    /// Operators being parsed inside each other.
    depth: u32,
}

impl Parser {
    /// Runs `f` one level deeper; past the shell's nesting limit the
    /// expression is refused rather than overflowing the stack.
    fn deeper(&mut self, f: impl FnOnce(&mut Self) -> Result<i64, String>) -> Result<i64, String> {
        if self.depth >= crate::limits::SHELL_NESTING {
            return Err(format!(
                "arithmetic expression: nesting deeper than {} levels (a Stagecraft limit)",
                crate::limits::SHELL_NESTING
            ));
        }
        self.depth += 1;
        let value = f(self);
        self.depth -= 1;
        value
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.tokens.get(self.pos) {
            Some(Tok::Op(op)) => Some(op),
            _ => None,
        }
    }

    fn ternary(&mut self) -> Result<i64, String> {
        self.deeper(Self::ternary_here)
    }

    fn ternary_here(&mut self) -> Result<i64, String> {
        let cond = self.binary(0)?;
        if self.peek_op() == Some("?") {
            self.pos += 1;
            let a = self.ternary()?;
            if self.peek_op() != Some(":") {
                return Err("arithmetic expression: expecting \":\"".into());
            }
            self.pos += 1;
            let b = self.ternary()?;
            return Ok(if cond != 0 { a } else { b });
        }
        Ok(cond)
    }

    fn binary(&mut self, min: u8) -> Result<i64, String> {
        let mut left = self.unary()?;
        while let Some(op) = self.peek_op() {
            let prec = match op {
                "||" => 1,
                "&&" => 2,
                "|" => 3,
                "^" => 4,
                "&" => 5,
                "==" | "!=" => 6,
                "<" | ">" | "<=" | ">=" => 7,
                "<<" | ">>" => 8,
                "+" | "-" => 9,
                "*" | "/" | "%" => 10,
                _ => break,
            };
            if prec < min {
                break;
            }
            self.pos += 1;
            let right = self.binary(prec + 1)?;
            left = match op {
                "||" => i64::from(left != 0 || right != 0),
                "&&" => i64::from(left != 0 && right != 0),
                "|" => left | right,
                "^" => left ^ right,
                "&" => left & right,
                "==" => i64::from(left == right),
                "!=" => i64::from(left != right),
                "<" => i64::from(left < right),
                ">" => i64::from(left > right),
                "<=" => i64::from(left <= right),
                ">=" => i64::from(left >= right),
                "<<" => left.wrapping_shl(right as u32),
                ">>" => left.wrapping_shr(right as u32),
                "+" => left.wrapping_add(right),
                "-" => left.wrapping_sub(right),
                "*" => left.wrapping_mul(right),
                "/" | "%" => {
                    if right == 0 {
                        return Err("arithmetic expression: division by zero".into());
                    }
                    if op == "/" {
                        left.wrapping_div(right)
                    } else {
                        left.wrapping_rem(right)
                    }
                }
                _ => left,
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<i64, String> {
        self.deeper(Self::unary_here)
    }

    fn unary_here(&mut self) -> Result<i64, String> {
        match self.tokens.get(self.pos).cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(n)
            }
            Some(Tok::Op("(")) => {
                self.pos += 1;
                let v = self.ternary()?;
                if self.peek_op() != Some(")") {
                    return Err("arithmetic expression: expecting \")\"".into());
                }
                self.pos += 1;
                Ok(v)
            }
            Some(Tok::Op("-")) => {
                self.pos += 1;
                Ok(self.unary()?.wrapping_neg())
            }
            Some(Tok::Op("+")) => {
                self.pos += 1;
                self.unary()
            }
            Some(Tok::Op("!")) => {
                self.pos += 1;
                Ok(i64::from(self.unary()? == 0))
            }
            Some(Tok::Op("~")) => {
                self.pos += 1;
                Ok(!self.unary()?)
            }
            _ => Err("arithmetic expression: expecting primary".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(s: &str) -> Result<i64, String> {
        evaluate(s, &|name| (name == "N").then(|| "4".to_string()))
    }

    #[test]
    fn evaluates() {
        assert_eq!(eval("1 + 2 * 3"), Ok(7));
        assert_eq!(eval("(1 + 2) * 3"), Ok(9));
        assert_eq!(eval("N * 2 + $N"), Ok(12));
        assert_eq!(eval("N > 3 && UNSET == 0"), Ok(1));
        assert_eq!(eval("10 % 3 - -1"), Ok(2));
        assert_eq!(eval("N ? 5 : 6"), Ok(5));
        assert_eq!(eval("0x10 + 010"), Ok(24));
        assert!(eval("1 / 0").is_err());
        assert!(eval("1 +").is_err());
    }
}
