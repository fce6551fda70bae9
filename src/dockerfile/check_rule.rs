//! BuildKit's build checks (its linter's rules) and the `# check=`
//! directive's options: the small types the parser, the diagnostics and
//! the checks share.

use serde::Serialize;

use super::dump::go_quote;
use super::mount::parse_go_bool;

/// A BuildKit build check (frontend/dockerfile/linter/ruleset.go).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Check {
    StageNameCasing,
    FromAsCasing,
    NoEmptyContinuation,
    ConsistentInstructionCasing,
    DuplicateStageName,
    ReservedStageName,
    JsonArgsRecommended,
    MaintainerDeprecated,
    UndefinedArgInFrom,
    WorkdirRelativePath,
    MultipleInstructionsDisallowed,
    LegacyKeyValueFormat,
    RedundantTargetPlatform,
    FromPlatformFlagConstDisallowed,
    ExposeProtoCasing,
    SecretsUsedInArgOrEnv,
}

impl Check {
    pub const ALL: &'static [Check] = &[
        Check::StageNameCasing,
        Check::FromAsCasing,
        Check::NoEmptyContinuation,
        Check::ConsistentInstructionCasing,
        Check::DuplicateStageName,
        Check::ReservedStageName,
        Check::JsonArgsRecommended,
        Check::MaintainerDeprecated,
        Check::UndefinedArgInFrom,
        Check::WorkdirRelativePath,
        Check::MultipleInstructionsDisallowed,
        Check::LegacyKeyValueFormat,
        Check::RedundantTargetPlatform,
        Check::FromPlatformFlagConstDisallowed,
        Check::ExposeProtoCasing,
        Check::SecretsUsedInArgOrEnv,
    ];

    /// The rule's name, as `# check=skip=` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Check::StageNameCasing => "StageNameCasing",
            Check::FromAsCasing => "FromAsCasing",
            Check::NoEmptyContinuation => "NoEmptyContinuation",
            Check::ConsistentInstructionCasing => "ConsistentInstructionCasing",
            Check::DuplicateStageName => "DuplicateStageName",
            Check::ReservedStageName => "ReservedStageName",
            Check::JsonArgsRecommended => "JSONArgsRecommended",
            Check::MaintainerDeprecated => "MaintainerDeprecated",
            Check::UndefinedArgInFrom => "UndefinedArgInFrom",
            Check::WorkdirRelativePath => "WorkdirRelativePath",
            Check::MultipleInstructionsDisallowed => "MultipleInstructionsDisallowed",
            Check::LegacyKeyValueFormat => "LegacyKeyValueFormat",
            Check::RedundantTargetPlatform => "RedundantTargetPlatform",
            Check::FromPlatformFlagConstDisallowed => "FromPlatformFlagConstDisallowed",
            Check::ExposeProtoCasing => "ExposeProtoCasing",
            Check::SecretsUsedInArgOrEnv => "SecretsUsedInArgOrEnv",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Check::StageNameCasing => "Stage names should be lowercase",
            Check::FromAsCasing => "The 'as' keyword should match the case of the 'from' keyword",
            Check::NoEmptyContinuation => "Empty continuation lines will become errors in a future release",
            Check::ConsistentInstructionCasing => {
                "All commands within the Dockerfile should use the same casing (either upper or lower)"
            }
            Check::DuplicateStageName => "Stage names should be unique",
            Check::ReservedStageName => "Reserved words should not be used as stage names",
            Check::JsonArgsRecommended => {
                "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals"
            }
            Check::MaintainerDeprecated => {
                "The MAINTAINER instruction is deprecated, use a label instead to define an image author"
            }
            Check::UndefinedArgInFrom => "FROM command must use declared ARGs",
            Check::WorkdirRelativePath => {
                "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes"
            }
            Check::MultipleInstructionsDisallowed => {
                "Multiple instructions of the same type should not be used in the same stage"
            }
            Check::LegacyKeyValueFormat => "Legacy key/value format with whitespace separator should not be used",
            Check::RedundantTargetPlatform => {
                "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"
            }
            Check::FromPlatformFlagConstDisallowed => "FROM --platform flag should not use a constant value",
            Check::ExposeProtoCasing => "Protocol in EXPOSE instruction should be lowercase",
            Check::SecretsUsedInArgOrEnv => {
                "Sensitive data should not be used in the ARG or ENV commands"
            }
        }
    }

    /// Docker's documentation page for the rule.
    pub fn url(self) -> String {
        let mut kebab = String::new();
        let name = self.name().replace("JSON", "Json");
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                kebab.push('-');
            }
            kebab.push(c.to_ascii_lowercase());
        }
        format!("https://docs.docker.com/go/dockerfile/rule/{kebab}/")
    }
}

/// The `# check=` directive: `skip=Rule1,Rule2|all;error=true`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub error: bool,
}

impl CheckOptions {
    /// BuildKit's `linter.ParseLintOptions`.
    pub fn parse(value: &str) -> Result<CheckOptions, String> {
        let mut options = CheckOptions::default();
        let value = value.trim();
        if value.is_empty() {
            return Ok(options);
        }
        for part in value.splitn(3, ';') {
            let Some((key, v)) = part.split_once('=') else {
                return Err(format!("invalid check option {}", go_quote(part)));
            };
            match key.trim() {
                "skip" => {
                    let v = v.trim();
                    if v == "all" {
                        options.skip_all = true;
                    } else {
                        options.skip = v.split(',').map(|r| r.trim().to_string()).collect();
                    }
                }
                // Experimental checks are not simulated; the option is valid.
                "experimental" => {}
                "error" => {
                    options.error = parse_go_bool(v.trim()).ok_or_else(|| {
                        format!(
                            "failed to parse check option {}: strconv.ParseBool: parsing {}: invalid syntax",
                            go_quote(part),
                            go_quote(v.trim())
                        )
                    })?;
                }
                other => return Err(format!("invalid check option {}", go_quote(other))),
            }
        }
        Ok(options)
    }

    pub(crate) fn skips(&self, check: Check) -> bool {
        self.skip_all || self.skip.iter().any(|s| s == check.name())
    }
}
