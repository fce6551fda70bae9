//! TOML as the Python and Rust tools write it (pyproject.toml, uv.lock,
//! poetry.lock, Cargo.lock), read into JSON values: tables, arrays of
//! tables, dotted and quoted keys, strings of the four kinds, numbers,
//! booleans, dates (kept as text), arrays and inline tables. A crate
//! would do the same at several times the page's size for this one use.

use serde_json::{Map, Value};

/// The document, or what is wrong with it and on which line.
pub(crate) fn parse(text: &str) -> Result<Value, String> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        depth: 0,
    };
    let mut root = Map::new();
    // The path of the table that keys go into.
    let mut current: Vec<String> = Vec::new();
    loop {
        reader.skip_blank_lines();
        let Some(c) = reader.peek() else { break };
        if c == '[' {
            let array = reader.peek_at(1) == Some('[');
            reader.at += if array { 2 } else { 1 };
            let path = reader.key_path()?;
            reader.expect(']')?;
            if array {
                reader.expect(']')?;
            }
            reader.end_of_line()?;
            open_table(&mut root, &path, array, reader.line)?;
            current = path;
            continue;
        }
        let key = reader.key_path()?;
        reader.skip_spaces();
        reader.expect('=')?;
        reader.skip_spaces();
        let value = reader.value()?;
        reader.end_of_line()?;
        let table = table_at(&mut root, &current, reader.line)?;
        insert(table, &key, value, reader.line)?;
    }
    Ok(Value::Object(root))
}

/// Makes the table `[path]` (or a new element of `[[path]]`).
fn open_table(
    root: &mut Map<String, Value>,
    path: &[String],
    array: bool,
    line: usize,
) -> Result<(), String> {
    let (last, parents) = path
        .split_last()
        .ok_or_else(|| format!("line {line}: empty table name"))?;
    let parent = table_at(root, parents, line)?;
    if array {
        let entry = parent
            .entry(last.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        match entry {
            Value::Array(items) => items.push(Value::Object(Map::new())),
            _ => return Err(format!("line {line}: `{last}` is not an array of tables")),
        }
    } else {
        parent
            .entry(last.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    Ok(())
}

/// The table at `path`, made as needed; through an array of tables, its
/// last element.
fn table_at<'a>(
    root: &'a mut Map<String, Value>,
    path: &[String],
    line: usize,
) -> Result<&'a mut Map<String, Value>, String> {
    let mut table = root;
    for part in path {
        let entry = table
            .entry(part.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let next = match entry {
            Value::Array(items) => items.last_mut(),
            other => Some(other),
        };
        table = match next {
            Some(Value::Object(map)) => map,
            _ => return Err(format!("line {line}: `{part}` is not a table")),
        };
    }
    Ok(table)
}

fn insert(
    table: &mut Map<String, Value>,
    key: &[String],
    value: Value,
    line: usize,
) -> Result<(), String> {
    let (last, parents) = key
        .split_last()
        .ok_or_else(|| format!("line {line}: empty key"))?;
    let table = table_at(table, parents, line)?;
    if table.insert(last.clone(), value).is_some() {
        return Err(format!("line {line}: `{last}` is defined twice"));
    }
    Ok(())
}

struct Reader {
    chars: Vec<char>,
    at: usize,
    line: usize,
    /// How deep the arrays and inline tables being read are.
    depth: usize,
}

/// Arrays and inline tables nest at most this deep (a hostile file must
/// not exhaust the page's stack).
const MAX_DEPTH: usize = 64;

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn error(&self, what: &str) -> String {
        format!("line {}: {what}", self.line)
    }

    fn expect(&mut self, want: char) -> Result<(), String> {
        self.skip_spaces();
        match self.bump() {
            Some(c) if c == want => Ok(()),
            Some(c) => Err(self.error(&format!("expected `{want}`, found `{c}`"))),
            None => Err(self.error(&format!("expected `{want}` at the end"))),
        }
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.at += 1;
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some('#') {
            while !matches!(self.peek(), None | Some('\n')) {
                self.at += 1;
            }
        }
    }

    /// Blank lines and comments, inside arrays too.
    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_spaces();
            self.skip_comment();
            match self.peek() {
                Some('\n' | '\r') => {
                    self.bump();
                }
                _ => return,
            }
        }
    }

    fn end_of_line(&mut self) -> Result<(), String> {
        self.skip_spaces();
        self.skip_comment();
        match self.peek() {
            None => Ok(()),
            Some('\r' | '\n') => {
                self.bump();
                Ok(())
            }
            Some(c) => Err(self.error(&format!("unexpected `{c}` after a value"))),
        }
    }

    fn key_path(&mut self) -> Result<Vec<String>, String> {
        let mut path = Vec::new();
        loop {
            self.skip_spaces();
            let part = match self.peek() {
                Some('"') => self.basic_string()?,
                Some('\'') => self.literal_string()?,
                _ => {
                    let start = self.at;
                    while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        self.at += 1;
                    }
                    if start == self.at {
                        return Err(self.error("expected a key"));
                    }
                    self.chars[start..self.at].iter().collect()
                }
            };
            path.push(part);
            self.skip_spaces();
            if self.peek() != Some('.') {
                return Ok(path);
            }
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        if matches!(self.peek(), Some('[' | '{')) {
            if self.depth >= MAX_DEPTH {
                return Err(self.error("arrays and tables nest too deep"));
            }
            self.depth += 1;
            let value = if self.peek() == Some('[') {
                self.array()
            } else {
                self.inline_table()
            };
            self.depth -= 1;
            return value;
        }
        match self.peek() {
            Some('"') => self.basic_string().map(Value::String),
            Some('\'') => self.literal_string().map(Value::String),
            Some('[') => self.array(),
            Some('{') => self.inline_table(),
            Some(_) => self.bare(),
            None => Err(self.error("expected a value")),
        }
    }

    fn array(&mut self) -> Result<Value, String> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank_lines();
            if self.peek() == Some(']') {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
            self.skip_blank_lines();
            match self.bump() {
                Some(',') => {}
                Some(']') => return Ok(Value::Array(items)),
                _ => return Err(self.error("expected `,` or `]` in an array")),
            }
        }
    }

    fn inline_table(&mut self) -> Result<Value, String> {
        self.at += 1;
        let mut table = Map::new();
        loop {
            self.skip_spaces();
            if self.peek() == Some('}') {
                self.at += 1;
                return Ok(Value::Object(table));
            }
            let key = self.key_path()?;
            self.expect('=')?;
            self.skip_spaces();
            let value = self.value()?;
            insert(&mut table, &key, value, self.line)?;
            self.skip_spaces();
            match self.bump() {
                Some(',') => {}
                Some('}') => return Ok(Value::Object(table)),
                _ => return Err(self.error("expected `,` or `}` in an inline table")),
            }
        }
    }

    /// A number, boolean or date: up to the next delimiter.
    fn bare(&mut self) -> Result<Value, String> {
        let start = self.at;
        while matches!(self.peek(), Some(c) if !matches!(c, ',' | ']' | '}' | '\n' | '\r' | '#')) {
            self.at += 1;
        }
        let word: String = self.chars[start..self.at].iter().collect();
        let word = word.trim();
        Ok(match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "" => return Err(self.error("expected a value")),
            _ => {
                let digits = word.replace('_', "");
                if let Ok(n) = digits.parse::<i64>() {
                    Value::from(n)
                } else if let Ok(f) = digits.parse::<f64>() {
                    Value::from(f)
                } else {
                    Value::String(word.to_string())
                }
            }
        })
    }

    fn literal_string(&mut self) -> Result<String, String> {
        let multi = self.chars[self.at..].starts_with(&['\'', '\'', '\'']);
        self.at += if multi { 3 } else { 1 };
        if multi && self.peek() == Some('\n') {
            self.bump();
        }
        let mut out = String::new();
        loop {
            if multi && self.chars[self.at..].starts_with(&['\'', '\'', '\'']) {
                self.at += 3;
                return Ok(out);
            }
            if !multi && self.peek() == Some('\n') {
                return Err(self.error("unterminated string"));
            }
            match self.bump() {
                Some('\'') if !multi => return Ok(out),
                Some(c) => out.push(c),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn basic_string(&mut self) -> Result<String, String> {
        let multi = self.chars[self.at..].starts_with(&['"', '"', '"']);
        self.at += if multi { 3 } else { 1 };
        if multi && self.peek() == Some('\n') {
            self.bump();
        }
        let mut out = String::new();
        loop {
            if multi && self.chars[self.at..].starts_with(&['"', '"', '"']) {
                self.at += 3;
                return Ok(out);
            }
            if !multi && self.peek() == Some('\n') {
                return Err(self.error("unterminated string"));
            }
            match self.bump() {
                Some('"') if !multi => return Ok(out),
                Some('\\') => self.escape(&mut out, multi)?,
                Some(c) => out.push(c),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String, multi: bool) -> Result<(), String> {
        let c = self
            .bump()
            .ok_or_else(|| self.error("unterminated string"))?;
        let simple = match c {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            return Ok(());
        }
        match c {
            'u' | 'U' => {
                let len = if c == 'u' { 4 } else { 8 };
                let hex: String = (0..len).filter_map(|_| self.bump()).collect();
                let ch = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| self.error("bad unicode escape"))?;
                out.push(ch);
                Ok(())
            }
            // A line-ending backslash joins lines in a multi-line string.
            '\n' | ' ' | '\t' | '\r' if multi => {
                while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
                    self.bump();
                }
                Ok(())
            }
            _ => Err(self.error(&format!("unknown escape `\\{c}`"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_a_lockfile_and_a_project() {
        let lock = "version = 1\nrevision = 3\n\n[[package]]\nname = \"anyio\"\nversion = \"4.11.0\"\ndependencies = [\n    { name = \"idna\" },\n    { name = \"typing-extensions\", marker = \"python_full_version < '3.13'\" }, # why\n]\nwheels = [\n    { url = \"https://x/anyio.whl\", hash = \"sha256:00\", size = 109_097, upload-time = 2025-09-23T09:19:10.601Z },\n]\n\n[package.optional-dependencies]\ntrio = [{ name = \"trio\" }]\n\n[[package]]\nname = 'b'\n";
        let v = parse(lock).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["package"][0]["name"], "anyio");
        assert_eq!(v["package"][0]["wheels"][0]["size"], 109_097);
        assert_eq!(
            v["package"][0]["dependencies"][1]["marker"],
            "python_full_version < '3.13'"
        );
        assert_eq!(
            v["package"][0]["optional-dependencies"]["trio"][0]["name"],
            "trio"
        );
        assert_eq!(v["package"][1]["name"], "b");
        let project = "[project]\nname = \"x\"\ndescription = \"\"\"\nmulti \\\n  line\"\"\"\n[tool.poetry.dependencies]\npython = \"^3.11\"\n\"my.pkg\" = {version = \"1\", extras = [\"a\"]}\n";
        let v = parse(project).unwrap();
        assert_eq!(v["project"]["description"], "multi line");
        assert_eq!(
            v["tool"]["poetry"]["dependencies"]["my.pkg"]["extras"][0],
            "a"
        );
    }

    #[test]
    fn says_where_it_is_wrong() {
        assert_eq!(
            parse("a = \"open\n").unwrap_err(),
            "line 1: unterminated string"
        );
        assert!(parse("a = 1\na = 2\n")
            .unwrap_err()
            .contains("defined twice"));
        assert!(parse("[x\n").is_err());
        assert!(parse("a = [1, 2").is_err());
        assert!(parse("a = {b = 1").is_err());
        // Nesting past the limit is an error, not a stack overflow.
        let deep = format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&deep).unwrap_err().contains("nest too deep"));
        let tables = format!("a = {}", "{b = ".repeat(100_000));
        assert!(parse(&tables).is_err());
        assert!(parse(&format!("a = {}1{}", "[".repeat(64), "]".repeat(64))).is_ok());
    }
}
