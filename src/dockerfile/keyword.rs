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

/// The longest instruction name, `healthcheck`.
const LONGEST: usize = 11;

impl Keyword {
    /// The keyword `name` (as written, any case) is.
    pub fn of(name: &str) -> Keyword {
        if name.len() <= LONGEST && name.is_ascii() {
            let mut buffer = [0u8; LONGEST];
            let lower = &mut buffer[..name.len()];
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            return Keyword::of_lowercase(lower);
        }
        // A non-ASCII letter may lower-case to an ASCII one (the Kelvin
        // sign to `k`).
        with_lowercase(name, |lower| Keyword::of_lowercase(lower.as_bytes()))
    }

    fn of_lowercase(name: &[u8]) -> Keyword {
        match name {
            b"add" => Keyword::Add,
            b"arg" => Keyword::Arg,
            b"cmd" => Keyword::Cmd,
            b"copy" => Keyword::Copy,
            b"entrypoint" => Keyword::Entrypoint,
            b"env" => Keyword::Env,
            b"expose" => Keyword::Expose,
            b"from" => Keyword::From,
            b"healthcheck" => Keyword::Healthcheck,
            b"label" => Keyword::Label,
            b"maintainer" => Keyword::Maintainer,
            b"onbuild" => Keyword::Onbuild,
            b"run" => Keyword::Run,
            b"shell" => Keyword::Shell,
            b"stopsignal" => Keyword::Stopsignal,
            b"user" => Keyword::User,
            b"volume" => Keyword::Volume,
            b"workdir" => Keyword::Workdir,
            _ => Keyword::Unknown,
        }
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
