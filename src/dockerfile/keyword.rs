//! Which instruction a node's name is, read once by the parser so that the
//! line parsers, here-document reading and the instruction layer need not
//! lower-case and compare the name again.

use super::source::with_lowercase;

/// An instruction name, compared as BuildKit does: after Go's
/// `strings.ToLower`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Not an instruction BuildKit knows.
    #[default]
    Unknown,
}

/// Every name, by length, so that a word is compared with few of them.
const NAMES: &[&[(&str, Keyword)]] = &[
    &[
        ("add", Keyword::Add),
        ("arg", Keyword::Arg),
        ("cmd", Keyword::Cmd),
        ("env", Keyword::Env),
        ("run", Keyword::Run),
    ],
    &[
        ("copy", Keyword::Copy),
        ("from", Keyword::From),
        ("user", Keyword::User),
    ],
    &[("label", Keyword::Label), ("shell", Keyword::Shell)],
    &[("expose", Keyword::Expose), ("volume", Keyword::Volume)],
    &[("onbuild", Keyword::Onbuild), ("workdir", Keyword::Workdir)],
    &[],
    &[],
    &[
        ("entrypoint", Keyword::Entrypoint),
        ("maintainer", Keyword::Maintainer),
        ("stopsignal", Keyword::Stopsignal),
    ],
    &[("healthcheck", Keyword::Healthcheck)],
];

/// The length of the names in `NAMES[0]`.
const SHORTEST: usize = 3;

impl Keyword {
    /// The keyword `name` (as written, any case) is.
    pub fn of(name: &str) -> Keyword {
        if name.is_ascii() {
            return Keyword::of_ascii(name);
        }
        // A non-ASCII letter may lower-case to an ASCII one (the Kelvin
        // sign to `k`).
        with_lowercase(name, |lower| match lower.is_ascii() {
            true => Keyword::of_ascii(lower),
            false => Keyword::Unknown,
        })
    }

    fn of_ascii(name: &str) -> Keyword {
        let (Some(names), Some(first)) = (
            name.len().checked_sub(SHORTEST).and_then(|i| NAMES.get(i)),
            name.bytes().next(),
        ) else {
            return Keyword::Unknown;
        };
        let first = first.to_ascii_lowercase();
        names
            .iter()
            .find(|(n, _)| n.as_bytes().first() == Some(&first) && n.eq_ignore_ascii_case(name))
            .map_or(Keyword::Unknown, |&(_, keyword)| keyword)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_in_any_case() {
        assert_eq!(Keyword::of("RUN"), Keyword::Run);
        assert_eq!(Keyword::of("run"), Keyword::Run);
        assert_eq!(Keyword::of("HealthCheck"), Keyword::Healthcheck);
        assert_eq!(Keyword::of("StopSignal"), Keyword::Stopsignal);
        assert_eq!(Keyword::of("ENTRYPOINT"), Keyword::Entrypoint);
    }

    #[test]
    fn every_name_is_found() {
        let mut count = 0;
        for (i, names) in NAMES.iter().enumerate() {
            for &(name, keyword) in *names {
                assert_eq!(name.len(), SHORTEST + i, "{name}");
                assert_eq!(Keyword::of(name), keyword);
                assert_eq!(Keyword::of(&name.to_uppercase()), keyword);
                count += 1;
            }
        }
        // Every keyword but Unknown.
        assert_eq!(count, 18);
    }

    #[test]
    fn other_words_are_unknown() {
        for name in ["", "RU", "RUNN", "healthchecks", "FROM2", "ЕNV", "frоm"] {
            assert_eq!(Keyword::of(name), Keyword::Unknown, "{name}");
        }
    }

    #[test]
    fn letters_that_lower_case_to_ascii_count() {
        // Go's strings.ToLower maps the Kelvin sign to `k`.
        assert_eq!(Keyword::of("WOR\u{212a}DIR"), Keyword::Workdir);
    }
}
