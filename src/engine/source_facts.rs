//! What a program's source says it does when it starts: the files it
//! reads and writes by a literal name, and the port it listens on. The
//! run check asks this of a script in the image (Node.js, Python), and a
//! compiler records it in the program it writes (Go, Rust, C), since the
//! sources stay behind in the build stage.

use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SourceFacts {
    /// Files read at start, as written in the source (relative to the
    /// working directory, or absolute).
    pub reads: Vec<String>,
    /// Files written.
    pub writes: Vec<String>,
    /// The port it listens on.
    pub port: Option<String>,
}

/// Calls that read the file named by their first, quoted argument:
/// Node.js, Python (`open` without a write mode), Go, Rust, C (`fopen`
/// is found as `open(`).
const READS: &[&str] = &[
    "readFileSync(",
    "require(",
    "open(",
    "os.ReadFile(",
    "ioutil.ReadFile(",
    "os.Open(",
    "template.ParseFiles(",
    "read_to_string(",
    "fs::read(",
];

/// Calls that write the file named by their first, quoted argument.
const WRITES: &[&str] = &[
    "open(",
    "writeFileSync(",
    "appendFileSync(",
    "createWriteStream(",
    "os.WriteFile(",
    "os.Create(",
    "File::create(",
    "fs::write(",
];

/// Where a listening port follows: `.listen(3000`, `PORT || 3000`,
/// `port=5000`, `ListenAndServe(":8080"`, gin's `r.Run(":8080")`, `bind("0.0.0.0:8080")`,
/// `htons(8080)`.
const PORTS: &[&str] = &[
    ".listen(",
    "PORT || ",
    "PORT ?? ",
    "port=",
    "port = ",
    "ListenAndServe(\":",
    "Listen(\"tcp\", \":",
    ".Run(\":",
    "bind(\"0.0.0.0:",
    "bind(\"127.0.0.1:",
    "htons(",
];

impl SourceFacts {
    pub fn scan(text: &str) -> SourceFacts {
        let mut facts = SourceFacts::default();
        for (call, name, after) in quoted_calls(text, READS) {
            if call == "open(" && writes_mode(after) {
                continue;
            }
            // `require` names a module unless it is a local data file.
            if call == "require("
                && !((name.starts_with("./") || name.starts_with('/'))
                    && name.contains('.')
                    && !name.ends_with(".js"))
            {
                continue;
            }
            push_new(&mut facts.reads, name);
        }
        for (call, name, after) in quoted_calls(text, WRITES) {
            if call == "open(" && !writes_mode(after) {
                continue;
            }
            push_new(&mut facts.writes, name);
        }
        facts.port = PORTS.iter().find_map(|marker| {
            let at = text.find(marker)?;
            let digits: String = text[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (!digits.is_empty()).then_some(digits)
        });
        facts
    }

    /// The facts of several sources together (a program's files).
    pub fn merge(&mut self, other: SourceFacts) {
        for name in other.reads {
            push_new(&mut self.reads, &name);
        }
        for name in other.writes {
            push_new(&mut self.writes, &name);
        }
        if self.port.is_none() {
            self.port = other.port;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.reads.is_empty() && self.writes.is_empty() && self.port.is_none()
    }
}

fn push_new(list: &mut Vec<String>, name: &str) {
    if !name.is_empty() && !list.iter().any(|f| f == name) {
        list.push(name.to_string());
    }
}

/// Each call among `calls` given a quoted literal: the call, the name,
/// and the text after the closing quote.
fn quoted_calls<'a>(
    text: &'a str,
    calls: &[&'static str],
) -> Vec<(&'static str, &'a str, &'a str)> {
    let mut found = Vec::new();
    for &call in calls {
        for (at, _) in text.match_indices(call) {
            let rest = &text[at + call.len()..];
            let Some(quote) = rest.chars().next().filter(|q| *q == '\'' || *q == '"') else {
                continue;
            };
            let Some(end) = rest[1..].find(quote) else {
                continue;
            };
            found.push((call, &rest[1..=end], &rest[end + 2..]));
        }
    }
    found
}

/// Whether the arguments after an `open('name'` open it for writing
/// (Python's and C's modes).
fn writes_mode(after: &str) -> bool {
    let after = after.trim_start();
    let Some(rest) = after.strip_prefix(',') else {
        return false;
    };
    let mode = rest.trim_start().trim_start_matches("mode=");
    ["'w", "\"w", "'a", "\"a", "'x", "\"x"]
        .iter()
        .any(|m| mode.starts_with(m))
}

#[cfg(test)]
mod tests {
    use super::SourceFacts;

    #[test]
    fn node_and_python_scripts() {
        let facts = SourceFacts::scan(
            "const c = JSON.parse(fs.readFileSync('config.json'));\nconst d = require('./data.json');\nconst e = require('express');\nfs.writeFileSync('/tmp/pid', '1');\napp.listen(3000);",
        );
        assert_eq!(facts.reads, ["config.json", "./data.json"]);
        assert_eq!(facts.writes, ["/tmp/pid"]);
        assert_eq!(facts.port.as_deref(), Some("3000"));
        let py =
            SourceFacts::scan("open('settings.toml')\nopen('log.txt', 'a')\napp.run(port=5000)");
        assert_eq!(py.reads, ["settings.toml"]);
        assert_eq!(py.writes, ["log.txt"]);
        assert_eq!(py.port.as_deref(), Some("5000"));
    }

    #[test]
    fn compiled_languages() {
        let go = SourceFacts::scan(
            "cfg, err := os.ReadFile(\"config.yaml\")\nt := template.Must(template.ParseFiles(\"templates/index.html\"))\nf, _ := os.Create(\"/data/out.log\")\nhttp.ListenAndServe(\":8080\", nil)",
        );
        assert_eq!(go.reads, ["config.yaml", "templates/index.html"]);
        assert_eq!(go.writes, ["/data/out.log"]);
        assert_eq!(go.port.as_deref(), Some("8080"));
        let rust = SourceFacts::scan(
            "let s = std::fs::read_to_string(\"app.toml\")?;\nTcpListener::bind(\"0.0.0.0:7878\")",
        );
        assert_eq!(rust.reads, ["app.toml"]);
        assert_eq!(rust.port.as_deref(), Some("7878"));
        let c = SourceFacts::scan(
            "FILE *f = fopen(\"/etc/app.conf\", \"r\");\nfopen(\"out.txt\", \"w\");",
        );
        assert_eq!(c.reads, ["/etc/app.conf"]);
        assert_eq!(c.writes, ["out.txt"]);
        assert_eq!(c.port, None);
    }

    #[test]
    fn merging_keeps_the_first_port_and_unique_names() {
        let mut a = SourceFacts::scan("os.ReadFile(\"a\")\nListenAndServe(\":80\"");
        a.merge(SourceFacts::scan(
            "os.ReadFile(\"a\")\nos.ReadFile(\"b\")\nListenAndServe(\":90\"",
        ));
        assert_eq!(a.reads, ["a", "b"]);
        assert_eq!(a.port.as_deref(), Some("80"));
    }
}
