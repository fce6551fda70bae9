//! Instruction flags (`--from=build`), checked as BuildKit's `BFlags` does.

use super::ast::Word;
use super::diagnostic::DiagnosticKind;
use super::source::Span;
use super::suggest::suggest;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    Bool,
    String,
    /// May be given several times.
    Strings,
}

/// The flags an instruction accepts.
pub type FlagSpecs = &'static [(&'static str, FlagKind)];

/// The flags given, after checking.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    given: Vec<(&'static str, String, Span)>,
}

impl Flags {
    /// The value of a string flag, and where it was written.
    pub fn string(&self, name: &str) -> Option<(&str, Span)> {
        self.given
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, v, s)| (v.as_str(), *s))
    }

    pub fn string_value(&self, name: &str) -> Option<String> {
        self.string(name).map(|(v, _)| v.to_string())
    }

    /// A bool flag: `--link` and `--link=true` are true.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.string(name).map(|(v, _)| v == "true")
    }

    pub fn strings(&self, name: &str) -> Vec<String> {
        self.given
            .iter()
            .filter(|(n, _, _)| *n == name)
            .map(|(_, v, _)| v.clone())
            .collect()
    }

    pub fn is_used(&self, name: &str) -> bool {
        self.given.iter().any(|(n, _, _)| *n == name)
    }
}

/// Checks `flags` against `specs`: the first problem, with the span of the
/// flag at fault.
pub fn parse_flags(flags: &[Word], specs: FlagSpecs) -> Result<Flags, (DiagnosticKind, Span)> {
    let mut parsed = Flags::default();
    for word in flags {
        let Some(arg) = word.value.strip_prefix("--") else {
            continue;
        };
        if arg.is_empty() {
            break;
        }
        let (name, value) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (arg, None),
        };
        // Messages name the flag with its dashes, suggestions without.
        let flag = format!("--{name}");
        let Some(&(spec_name, kind)) = specs.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = specs.iter().map(|(n, _)| *n).collect();
            return Err((
                DiagnosticKind::UnknownFlag {
                    flag,
                    suggestion: suggest(name, &names, true),
                },
                word.span,
            ));
        };
        if kind != FlagKind::Strings && parsed.is_used(spec_name) {
            return Err((DiagnosticKind::DuplicateFlag { flag }, word.span));
        }
        let missing = || {
            (
                DiagnosticKind::MissingFlagValue { flag: flag.clone() },
                word.span,
            )
        };
        let value = match kind {
            FlagKind::Bool => match value {
                Some("") => return Err(missing()),
                None => "true".to_string(),
                Some(v) => match v.to_lowercase().as_str() {
                    lower @ ("true" | "false") => lower.to_string(),
                    _ => {
                        return Err((
                            DiagnosticKind::ExpectingBoolean {
                                flag: flag.clone(),
                                value: v.to_string(),
                            },
                            word.span,
                        ))
                    }
                },
            },
            FlagKind::String | FlagKind::Strings => value.ok_or_else(missing)?.to_string(),
        };
        parsed.given.push((spec_name, value, word.span));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(flags: &[&str]) -> Vec<Word> {
        flags
            .iter()
            .map(|f| Word {
                value: (*f).into(),
                span: Span::default(),
            })
            .collect()
    }

    const SPECS: FlagSpecs = &[
        ("from", FlagKind::String),
        ("link", FlagKind::Bool),
        ("exclude", FlagKind::Strings),
    ];

    fn error(flags: &[&str]) -> String {
        parse_flags(&words(flags), SPECS).unwrap_err().0.to_string()
    }

    #[test]
    fn reads_each_kind() {
        let f = parse_flags(
            &words(&["--from=build", "--link", "--exclude=a", "--exclude=b"]),
            SPECS,
        )
        .unwrap();
        assert_eq!(f.string_value("from").as_deref(), Some("build"));
        assert_eq!(f.bool("link"), Some(true));
        assert_eq!(f.strings("exclude"), ["a", "b"]);
        let f = parse_flags(&words(&["--link=FALSE"]), SPECS).unwrap();
        assert_eq!(f.bool("link"), Some(false));
    }

    #[test]
    fn rejects_bad_flags() {
        assert_eq!(
            error(&["--form=x"]),
            "unknown flag: --form (did you mean from?)"
        );
        assert_eq!(
            error(&["--from=a", "--from=b"]),
            "duplicate flag specified: --from"
        );
        assert_eq!(error(&["--from"]), "missing a value on flag: --from");
        assert_eq!(error(&["--link="]), "missing a value on flag: --link");
        assert_eq!(
            error(&["--link=yes"]),
            "expecting boolean value for flag --link, not: yes"
        );
    }
}
