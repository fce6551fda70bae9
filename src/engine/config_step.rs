//! The instructions that change only the image's config (ARG, ENV,
//! LABEL, WORKDIR, USER, EXPOSE, VOLUME, CMD, ENTRYPOINT, HEALTHCHECK,
//! ...): each as BuildKit applies it, with the history text it records.

use crate::dockerfile::ast::Word;
use crate::dockerfile::dump::go_quote;
use crate::dockerfile::instruction::{ArgCommand, Command, Healthcheck, Instruction};
use crate::dockerfile::Span;

use super::build::{Runner, StageState};
use super::config::HealthConfig;
use super::error::{BuildError, BuildErrorKind};
use super::users::chown_ids;
use super::vfs::{absolute, Meta};

impl Runner<'_> {
    /// Applies a config instruction: the history text, and whether it
    /// makes a layer (WORKDIR makes its directory); None for ONBUILD,
    /// which records no history (and for what is not config).
    pub(super) fn configure(
        &mut self,
        state: &mut StageState,
        instruction: &Instruction,
    ) -> Result<Option<(String, bool)>, BuildError> {
        let span = instruction.span;
        Ok(Some(match &instruction.command {
            Command::Arg(arg) => self.arg(state, arg, span)?,
            Command::Env { pairs } => {
                // Every value expands against the environment from before.
                let mut values = Vec::new();
                for pair in pairs {
                    let key = self.expand(state, &pair.key.value, span)?;
                    let value = self.expand(state, &pair.value.value, span)?;
                    values.push((key, value));
                }
                let mut text = Vec::new();
                for (k, v) in values {
                    state
                        .set_env(&k, &v)
                        .map_err(|kind| BuildError::new(span, kind))?;
                    text.push(format!("{k}={v}"));
                }
                (format!("ENV {}", text.join(" ")), false)
            }
            Command::Label { pairs } => {
                let mut text = Vec::new();
                for pair in pairs {
                    let key = self.expand(state, &pair.key.value, span)?;
                    let value = self.expand(state, &pair.value.value, span)?;
                    text.push(format!("{key}={value}"));
                    state.image.config.labels.insert(key, value);
                }
                (format!("LABEL {}", text.join(" ")), false)
            }
            Command::Maintainer { name } => {
                state
                    .image
                    .config
                    .labels
                    .insert("maintainer".into(), name.clone());
                (format!("MAINTAINER {name}"), false)
            }
            Command::Workdir { path } => self.workdir(state, path, span)?,
            Command::User { user } => {
                let user = self.expand(state, &user.value, span)?;
                state.image.config.user = Some(user.clone());
                (format!("USER {user}"), false)
            }
            Command::Expose { ports } => {
                let mut list = Vec::new();
                for port in ports {
                    let port = self.expand(state, &port.value, span)?;
                    let parsed = parse_port(&port).map_err(|kind| BuildError::new(span, kind))?;
                    for port in parsed {
                        state.image.config.exposed_ports.insert(port.clone());
                        list.push(port);
                    }
                }
                (format!("EXPOSE [{}]", list.join(" ")), false)
            }
            Command::Volume { paths } => {
                let mut list = Vec::new();
                for path in paths {
                    let path = self.expand(state, &path.value, span)?;
                    state.image.config.volumes.insert(path.clone());
                    list.push(path);
                }
                (format!("VOLUME [{}]", list.join(" ")), false)
            }
            Command::Stopsignal { signal } => {
                let signal = self.expand(state, &signal.value, span)?;
                state.image.config.stop_signal = Some(signal.clone());
                (format!("STOPSIGNAL {signal}"), false)
            }
            Command::Shell { shell } => {
                state.image.config.shell = Some(shell.clone());
                (format!("SHELL [{}]", shell.join(" ")), false)
            }
            Command::Cmd(line) => {
                let cmd = self.with_shell(state, &line.args, line.shell_form);
                state.image.config.cmd = Some(cmd.clone());
                state.cmd_set = true;
                (format!("CMD {}", go_quoted_list(&cmd)), false)
            }
            Command::Entrypoint(line) => {
                let entrypoint = self.with_shell(state, &line.args, line.shell_form);
                state.image.config.entrypoint =
                    (!entrypoint.is_empty()).then(|| entrypoint.clone());
                if !state.cmd_set {
                    state.image.config.cmd = None;
                }
                (format!("ENTRYPOINT {}", go_quoted_list(&entrypoint)), false)
            }
            Command::Healthcheck(check) => Self::healthcheck(state, check),
            Command::Onbuild(onbuild) => {
                // Recorded in the config only; no history entry.
                state.image.config.on_build.push(onbuild.expression.clone());
                return Ok(None);
            }
            // Not config: `run_instruction` applies these itself.
            Command::From(_) | Command::Copy(_) | Command::Add(_) | Command::Run(_) => {
                return Ok(None)
            }
        }))
    }

    /// ARG: each name declared, with its value from --build-arg, its
    /// default, or the global ARG.
    fn arg(
        &mut self,
        state: &mut StageState,
        arg: &ArgCommand,
        span: Span,
    ) -> Result<(String, bool), BuildError> {
        let mut parts = Vec::new();
        for def in &arg.args {
            let value = match self.options.build_arg(&def.name) {
                Some(v) => Some(v.to_string()),
                None => match &def.default {
                    Some(d) => Some(self.expand(state, d, span)?),
                    None => self.plan.global_args.get(&def.name).map(str::to_string),
                },
            };
            parts.push(match &value {
                Some(v) => format!("{}={v}", def.name),
                None => def.name.clone(),
            });
            // Declared again: the value changes, the place stays.
            state
                .declare_arg(&def.name, value)
                .map_err(|kind| BuildError::new(span, kind))?;
        }
        Ok((format!("ARG {}", parts.join(" ")), false))
    }

    /// WORKDIR: the directory, made (owned by USER) unless it is `/`.
    fn workdir(
        &mut self,
        state: &mut StageState,
        path: &Word,
        span: Span,
    ) -> Result<(String, bool), BuildError> {
        let path = self.expand(state, &path.value, span)?;
        let dir = absolute(state.image.config.working_dir_or_root(), &path);
        state.image.config.working_dir = Some(dir.clone());
        if dir == "/" {
            Ok((format!("WORKDIR {dir}"), false))
        } else {
            self.clock += 1;
            // Owned by USER; a name not in /etc/passwd is root.
            let user = state.image.config.user.clone().unwrap_or_default();
            let ((uid, gid), _) = if user.is_empty() {
                ((0, 0), Vec::new())
            } else {
                chown_ids(&state.image.filesystem, &user)
            };
            let meta = Meta::new(0o755, uid, gid).at(self.clock);
            state
                .image
                .filesystem
                .mkdir_all(&dir, meta)
                .map_err(|e| BuildError::new(span, BuildErrorKind::Filesystem(e)))?;
            Ok((format!("WORKDIR {dir}"), true))
        }
    }

    /// HEALTHCHECK: the config, and Go's `%+v` of it as the history text.
    fn healthcheck(state: &mut StageState, check: &Healthcheck) -> (String, bool) {
        let health = match check {
            Healthcheck::None => HealthConfig {
                test: vec!["NONE".into()],
                ..HealthConfig::default()
            },
            Healthcheck::Cmd {
                test,
                interval_ns,
                timeout_ns,
                start_period_ns,
                start_interval_ns,
                retries,
            } => HealthConfig {
                test: test.clone(),
                interval: *interval_ns,
                timeout: *timeout_ns,
                start_period: *start_period_ns,
                start_interval: *start_interval_ns,
                retries: *retries,
            },
        };
        // Go's `%+v` of the health config.
        let text = format!(
        "HEALTHCHECK {{Test:[{}] Interval:{} Timeout:{} StartPeriod:{} StartInterval:{} Retries:{}}}",
        health.test.join(" "),
        go_duration(health.interval),
        go_duration(health.timeout),
        go_duration(health.start_period),
        go_duration(health.start_interval),
        health.retries
    );
        state.image.config.healthcheck = Some(health);
        (text, false)
    }

    /// A shell-form command wrapped in the stage's SHELL.
    fn with_shell(&self, state: &StageState, args: &[String], shell_form: bool) -> Vec<String> {
        if !shell_form {
            return args.to_vec();
        }
        let mut out = state.image.config.shell_or_default();
        out.extend(args.iter().cloned());
        out
    }
}

/// Go's `%q` of a string slice: `["a" "b c"]`.
fn go_quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| go_quote(i)).collect();
    format!("[{}]", quoted.join(" "))
}

/// Go's `time.Duration` text: `0s`, `1.5s`, `30s`, `1m30s`, `500ms`.
pub(super) fn go_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let sign = if ns < 0 { "-" } else { "" };
    let n = ns.unsigned_abs();
    if n < 1_000_000_000 {
        let (unit, div) = if n < 1_000 {
            ("ns", 1)
        } else if n < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        return format!("{sign}{}{unit}", fraction(n, div));
    }
    let hours = n / 3_600_000_000_000;
    let minutes = n / 60_000_000_000 % 60;
    let seconds = fraction(n % 60_000_000_000, 1_000_000_000);
    match (hours, minutes) {
        (0, 0) => format!("{sign}{seconds}s"),
        (0, m) => format!("{sign}{m}m{seconds}s"),
        (h, m) => format!("{sign}{h}h{m}m{seconds}s"),
    }
}

/// `n / div` with the fraction's trailing zeros dropped.
fn fraction(n: u64, div: u64) -> String {
    let whole = n / div;
    let rest = n % div;
    if rest == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let digits = format!("{rest:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// One EXPOSE word as BuildKit reads it: `PORT[-END][/PROTO]` with tcp the
/// default protocol, a range giving every port in it.
pub(super) fn parse_port(word: &str) -> Result<Vec<String>, BuildErrorKind> {
    let (port, proto) = match word.rsplit_once('/') {
        Some((p, proto)) => (p, proto.to_lowercase()),
        None => (word, "tcp".to_string()),
    };
    let invalid_port = |message: String| BuildErrorKind::InvalidPort {
        message: format!("invalid port: {}: {message}", go_quote(word)),
    };
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(invalid_port(format!("invalid proto: {proto}")));
    }
    // A host part (`ip:host:container`) is ignored: EXPOSE names the
    // container's port.
    let port = port.rsplit(':').next().unwrap_or(port);
    if port.is_empty() {
        return Err(invalid_port("no port specified".into()));
    }
    let bad = || BuildErrorKind::InvalidPort {
        message: format!("invalid containerPort: {port}"),
    };
    let number = |s: &str| s.parse::<u16>().map_err(|_| bad());
    let (start, end) = match port.split_once('-') {
        Some((a, b)) => (number(a)?, number(b)?),
        None => {
            let p = number(port)?;
            (p, p)
        }
    };
    if end < start {
        return Err(bad());
    }
    Ok((start..=end).map(|p| format!("{p}/{proto}")).collect())
}
