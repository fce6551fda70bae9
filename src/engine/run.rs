//! RUN: the stage's SHELL (or the program, in exec form) run over the
//! stage's filesystem as its USER, with its mounts.

use crate::dockerfile::heredoc::{chomp, parse_heredoc};
use crate::dockerfile::instruction::{CommandLine, Instruction, Run};
use crate::dockerfile::mount::{Mount, MountType};
use crate::dockerfile::Span;

use super::build::{FromRef, Runner, StageResult, StageState};
use super::content::Content;
use super::error::{BuildError, BuildErrorKind};
use super::shell::programs::{self, find_program, DEFAULT_PATH};
use super::shell::state::{Abort, Flow, Io, Shell};
use super::step::RunFacts;
use super::users;
use super::vfs::{absolute, Filesystem, Meta, Node};
use super::warning::WarningKind;

/// A RUN as it ran: its history text, its output, the simulated seconds
/// its programs took, and what the step records of it.
pub(super) struct Ran {
    pub created_by: String,
    pub output: String,
    pub work: f64,
    pub facts: RunFacts,
}

/// The most output kept from one RUN.
const MAX_OUTPUT: usize = 64 << 10;

impl Runner<'_> {
    /// Runs a RUN instruction.
    pub(super) fn run(
        &mut self,
        state: &mut StageState,
        instruction: &Instruction,
        run: &Run,
        done: &[StageResult],
    ) -> Result<Ran, BuildError> {
        let span = instruction.span;
        let command = &run.command;
        let argv = command_argv(state, command);
        let command_text = argv.join(" ");
        // BuildKit's history lists the stage's ARGs first: `|2 A=1 B=2 ...`.
        let args = state.run_args();
        let created_by = if args.is_empty() {
            format!("RUN {command_text}")
        } else {
            format!("RUN |{} {} {command_text}", args.len(), args.join(" "))
        };
        if argv.is_empty() {
            return Ok(Ran {
                created_by,
                output: String::new(),
                work: 0.0,
                facts: RunFacts::default(),
            });
        }
        let (uid, gid) = Self::run_ids(state).map_err(|message| {
            BuildError::new(
                span,
                BuildErrorKind::ProcessError {
                    command: command_text.clone(),
                    message,
                },
            )
        })?;
        let (mounted, mounts, bound) = self.mount(state, &run.mounts, span, done)?;
        let read_only: Vec<String> = mounted
            .iter()
            .filter(|m| m.read_only.is_some())
            .map(|m| m.target.clone())
            .collect();

        let env = state.env();
        // Starting the process copies its environment (and its history
        // line lists the ARGs): steps, so that many RUNs over a big
        // environment stop at the build's step limit.
        let setup_steps =
            (env.len() + state.env_bytes() / crate::limits::ENV_BYTES_PER_STEP) as u64;
        let cwd = state.image.config.working_dir_or_root().to_string();
        let strict = self.options.strict;
        let clock = self.clock;
        let mut io = Io::default();
        let (flow, work, programs, approximated) = {
            let mut shell = Shell::new(
                &mut state.image.filesystem,
                self.catalog,
                super::catalog::ShellFlavor::Dash,
                &argv[0],
            );
            export_environment(&mut shell, &env, uid);
            shell.cwd = cwd;
            shell.uid = uid;
            shell.gid = gid;
            shell.clock = clock;
            shell.strict = strict;
            shell.failing = self.options.failing.clone();
            shell.read_only = read_only;
            // What is left of the build's steps, if less than one RUN's.
            let left = crate::limits::BUILD_SHELL_STEPS.saturating_sub(self.shell_steps);
            shell.step_limit = shell.step_limit.min(left);
            shell.programs.budget = shell.programs.budget.min(
                crate::limits::BUILD_RECORDED_PROGRAM_BYTES.saturating_sub(self.recorded_bytes),
            );
            let flow = match (shell.charge(setup_steps), find_program(&shell, &argv[0])) {
                (Err(flow), _) => flow,
                (Ok(()), Some(_)) => programs::exec(&mut shell, &argv, &mut io),
                (Ok(()), None) => Flow::Abort(Abort::NotSimulated(String::new())),
            };
            let warnings = std::mem::take(&mut shell.warnings);
            // Strict: what a program approximated (a package the data
            // lacks, a download or an installer not known) is an error.
            let approximated = warnings.first().filter(|_| strict).map(|w| w.to_string());
            let programs = std::mem::take(&mut shell.programs);
            self.lacking.extend(shell.lacking.paths());
            let work = shell.work;
            self.shell_steps += shell.steps;
            drop(shell);
            for warning in warnings {
                self.warn(span, warning);
            }
            self.recorded_bytes += programs.bytes();
            (flow, work, programs, approximated)
        };
        let (caches_filled, refused) = self.unmount(state, mounted);
        // A write into a read-only bind mount fails as the kernel fails it
        // (EROFS; EBUSY to remove the mount point). Stagecraft sees the
        // write after the command: the RUN fails with status 1.
        let flow = match (refused, flow) {
            (Some(why), Flow::Normal(0) | Flow::Exit(0)) => {
                io.err(&format!("{why}\n"));
                Flow::Exit(1)
            }
            (_, flow) => flow,
        };
        let facts = RunFacts {
            mounts,
            unguarded_pipe: programs.unguarded_pipe,
            commands: programs.commands,
            programs: programs.argv,
            programs_cut: programs.cut,
            caches_filled,
            bound,
            reads: programs.reads,
        };

        let output = combined_output(&io);
        match flow {
            Flow::Abort(abort) => Err(abort_error(
                span,
                abort,
                command_text,
                &argv[0],
                command.shell_form,
                output,
            )),
            other => match (other.status(), approximated) {
                (0, Some(what)) => Err(BuildError::with_output(
                    span,
                    BuildErrorKind::Approximated { what },
                    output,
                )),
                (0, None) => Ok(Ran {
                    created_by,
                    output,
                    work,
                    facts,
                }),
                (code, _) => Err(BuildError::with_output(
                    span,
                    BuildErrorKind::ProcessFailed {
                        command: command_text,
                        code,
                    },
                    output,
                )),
            },
        }
    }

    /// Puts each mount in place; returns what to restore afterwards.
    fn mount(
        &mut self,
        state: &mut StageState,
        mounts: &[Mount],
        span: Span,
        done: &[StageResult],
    ) -> Result<MountsInPlace, BuildError> {
        let mut saved = Vec::new();
        let mut resolved = Vec::new();
        let mut bound = Vec::new();
        let workdir = state.image.config.working_dir_or_root().to_string();
        for mount in mounts {
            let expand = |runner: &Self,
                          state: &StageState,
                          value: &Option<String>|
             -> Result<Option<String>, BuildError> {
                value
                    .as_ref()
                    .map(|v| runner.expand(state, v, span))
                    .transpose()
            };
            let target = expand(self, state, &mount.target)?;
            let id = expand(self, state, &mount.id)?;
            let source = expand(self, state, &mount.source)?;
            let from = expand(self, state, &mount.from)?;
            // A relative target is under the WORKDIR, and no target is the
            // WORKDIR itself (dockerfile2llb's dispatchRunMounts).
            let target = match (mount.kind, target) {
                (MountType::Secret, None) => {
                    format!("/run/secrets/{}", id.clone().unwrap_or_default())
                }
                (MountType::Ssh, None) => "/run/buildkit/ssh_agent.0".to_string(),
                (_, t) => absolute(&workdir, t.as_deref().unwrap_or("")),
            };
            if target == "/" && !matches!(mount.kind, MountType::Secret | MountType::Ssh) {
                return Err(BuildError::new(
                    span,
                    BuildErrorKind::InvalidMountTarget { target },
                ));
            }
            resolved.push(Mount {
                target: Some(target.clone()),
                id: id.clone(),
                source: source.clone(),
                from: from.clone(),
                ..mount.clone()
            });
            let fs = &mut state.image.filesystem;
            let original = fs
                .resolve(&target, true)
                .ok()
                .and_then(|p| fs.get(&p).cloned());
            // The directories made for the mount point go afterwards, as
            // BuildKit removes its mount stubs.
            let mut stubs = Vec::new();
            let mut dir = super::vfs::split_parent(&target).0.to_string();
            while dir != "/" && fs.lookup(&dir, true).is_err() {
                stubs.push(dir.clone());
                dir = super::vfs::split_parent(&dir).0.to_string();
            }
            // A cache mount is known by its id, or else by its target.
            let cache_key = (mount.kind == MountType::Cache)
                .then(|| id.clone().unwrap_or_else(|| target.clone()));
            saved.push(Mounted {
                target: target.clone(),
                original,
                stubs,
                cache_key: cache_key.clone(),
                cache_before: None,
                read_only: None,
            });
            let (parent, _) = super::vfs::split_parent(&target);
            let _ = fs.mkdir_all(parent, Meta::dir());
            match mount.kind {
                MountType::Cache | MountType::Tmpfs => {
                    let _ = fs.remove(&target);
                    let mode = mount.mode.unwrap_or(0o755);
                    let meta = Meta::new(mode, mount.uid.unwrap_or(0), mount.gid.unwrap_or(0));
                    // What earlier steps and builds left in the cache.
                    let kept = cache_key
                        .as_deref()
                        .and_then(|key| self.options.cache_mounts.get(key));
                    let _ = fs.put(&target, kept.unwrap_or_else(|| Node::dir(meta)));
                    if let Some(mounted) = saved.last_mut() {
                        mounted.cache_before = Some(fingerprint(fs, &target));
                    }
                }
                MountType::Secret => {
                    let _ = fs.remove(&target);
                    let name = id
                        .or_else(|| target.rsplit('/').next().map(String::from))
                        .unwrap_or_default();
                    let meta = Meta::new(
                        mount.mode.unwrap_or(0o400),
                        mount.uid.unwrap_or(0),
                        mount.gid.unwrap_or(0),
                    );
                    let _ = fs.put(&target, Node::file(Content::secret(&name), meta));
                }
                MountType::Ssh => {}
                MountType::Bind => {
                    let source_path = absolute("/", &source.unwrap_or_default());
                    // A grader's what-if: this context path is not mounted.
                    let withheld = self.options.unmounted.as_deref().is_some_and(|path| {
                        from.is_none() && super::step::covers(&source_path, &absolute("/", path))
                    });
                    if withheld {
                        continue;
                    }
                    let source_fs: Filesystem = match from {
                        None => self.context.files.clone(),
                        Some(from) => match self.mount_source(state.index, &from, span, done)? {
                            Some(fs) => fs,
                            None => continue,
                        },
                    };
                    let node = if source_path == "/" {
                        Some(Node::Dir(std::sync::Arc::new(source_fs.root().clone())))
                    } else {
                        source_fs
                            .lookup(&source_path, true)
                            .ok()
                            .map(|(_, n)| n.clone())
                    };
                    let Some(node) = node else {
                        return Err(BuildError::new(
                            span,
                            BuildErrorKind::SourceNotFound {
                                reference: super::copy::cache_ref(&source_fs),
                                path: source_path,
                            },
                        ));
                    };
                    bound.push(node_digest(&node).to_string());
                    let _ = state.image.filesystem.remove(&target);
                    if mount.read_only {
                        if let Some(mounted) = saved.last_mut() {
                            mounted.read_only = Some(node.clone());
                        }
                    }
                    let _ = state.image.filesystem.put(&target, node);
                }
            }
        }
        Ok((saved, resolved, bound))
    }

    /// The filesystem a `from=` of a mount names: a stage by index or
    /// name (case-insensitive), else an image.
    fn mount_source(
        &mut self,
        current: usize,
        from: &str,
        span: Span,
        done: &[StageResult],
    ) -> Result<Option<Filesystem>, BuildError> {
        match self.resolve_from(current, from, span, done)? {
            FromRef::Later => Err(BuildError::new(
                span,
                BuildErrorKind::MountFromLaterStage {
                    from: from.to_string(),
                    current: self.plan.stages[current].display_name.clone(),
                },
            )),
            FromRef::Stage(_, fs) => Ok(fs),
            FromRef::Image(fs) => Ok(Some(fs)),
            // Nothing is known of it: an empty directory is mounted.
            FromRef::Unknown(reference) => {
                self.warn(
                    span,
                    WarningKind::UnknownSource {
                        reference,
                        stand_ins: Vec::new(),
                        size: 0,
                    },
                );
                Ok(Some(Filesystem::new()))
            }
        }
    }

    /// Puts back what the mounts covered, so nothing mounted stays in the
    /// layer. Returns the cache mounts the command wrote into, and what it
    /// changed in a read-only mount, worded as the kernel refuses it.
    fn unmount(
        &mut self,
        state: &mut StageState,
        saved: Vec<Mounted>,
    ) -> (Vec<String>, Option<String>) {
        let mut filled = Vec::new();
        let mut refused = None;
        for mounted in saved.into_iter().rev() {
            let fs = &mut state.image.filesystem;
            if let Some(shown) = &mounted.read_only {
                refused = match fs.get(&mounted.target) {
                    None => Some(format!("{}: Device or resource busy", mounted.target)),
                    Some(now) if now != shown => {
                        Some(format!("{}: Read-only file system", mounted.target))
                    }
                    _ => refused,
                };
            }
            // Filled: changed, and holding something afterwards (a cache
            // the command empties, `pip cache purge`, keeps nothing).
            if let Some(before) = mounted.cache_before {
                let after = fingerprint(fs, &mounted.target);
                if after != before && after.1 > 0 {
                    filled.push(mounted.target.clone());
                }
            }
            // The cache keeps what the command left in it.
            if let (Some(key), Some(node)) = (&mounted.cache_key, fs.get(&mounted.target)) {
                self.options.cache_mounts.put(key, node.clone());
            }
            let _ = fs.remove(&mounted.target);
            if let Some(node) = mounted.original {
                let _ = fs.put(&mounted.target, node);
            }
            // Deepest first; a directory the command put files in stays.
            for stub in &mounted.stubs {
                let empty = matches!(fs.get(stub), Some(Node::Dir(d)) if d.entries.is_empty());
                if empty {
                    let _ = fs.remove(stub);
                }
            }
        }
        filled.reverse();
        (filled, refused)
    }
}

/// What [`Runner::mount`] did: each mount in place, the mounts as
/// resolved (values expanded, targets absolute), and the digest of what
/// each bind mount shows.
type MountsInPlace = (Vec<Mounted>, Vec<Mount>, Vec<String>);

/// A mount in place: what its target held before, and the directories
/// made to hold it.
struct Mounted {
    target: String,
    original: Option<Node>,
    stubs: Vec<String>,
    /// The cache id, for a cache mount.
    cache_key: Option<String>,
    /// What the cache held when mounted (entries, bytes).
    cache_before: Option<(usize, u64)>,
    /// What a read-only bind mount showed: the command may not change it.
    read_only: Option<Node>,
}

/// What the command printed, stdout then stderr, cut at [`MAX_OUTPUT`].
fn combined_output(io: &Io) -> String {
    let mut output = String::from_utf8_lossy(&io.stdout).into_owned();
    output.push_str(&String::from_utf8_lossy(&io.stderr));
    if output.len() > MAX_OUTPUT {
        let mut cut = MAX_OUTPUT;
        while !output.is_char_boundary(cut) {
            cut -= 1;
        }
        output.truncate(cut);
        output.push_str("\n[output truncated]\n");
    }
    output
}

/// What a bind mount shows, as a digest: its paths and their contents,
/// which BuildKit's cache key for the RUN includes.
fn node_digest(node: &Node) -> crate::engine::content::Digest {
    let mut d = crate::engine::content::Digester::new();
    let mut part = |path: &str, node: &Node| {
        d.part(path);
        match node {
            Node::File(f) => d.part(&f.content.digest().to_string()),
            Node::Symlink(l) => d.part(&l.target),
            Node::Dir(_) => d.part("/"),
        };
    };
    part("", node);
    if let Node::Dir(dir) = node {
        let fs = Filesystem::from_root((**dir).clone());
        for (path, entry) in fs.walk_under("/") {
            part(&path, entry);
        }
    }
    d.finish()
}

/// How many entries and bytes are under `path`: enough to tell whether a
/// command wrote into a cache mount.
fn fingerprint(fs: &Filesystem, path: &str) -> (usize, u64) {
    let entries = fs.walk_under(path);
    (entries.len(), entries.iter().map(|(_, n)| n.size()).sum())
}
/// The argv of a RUN: the exec form's words, or the shell form's script
/// (its here-documents joined in) after the stage's SHELL.
fn command_argv(state: &StageState, command: &CommandLine) -> Vec<String> {
    if command.shell_form {
        let mut script = command.args.first().cloned().unwrap_or_default();
        if !command.heredocs.is_empty() {
            let whole = parse_heredoc(script.trim()).ok().flatten();
            match whole {
                // `RUN <<EOF`: the here-document is the script.
                Some(doc) if command.heredocs.len() == 1 => {
                    let body = &command.heredocs[0].content;
                    script = if doc.chomp { chomp(body) } else { body.clone() };
                }
                _ => {
                    for doc in &command.heredocs {
                        script.push('\n');
                        script.push_str(&doc.content);
                        script.push_str(&doc.name);
                    }
                }
            }
        }
        let mut argv = state.image.config.shell_or_default();
        argv.push(script);
        argv
    } else {
        command.args.clone()
    }
}

/// The error a RUN stopped by one of Stagecraft's limits (or a program
/// it does not simulate) fails with.
fn abort_error(
    span: Span,
    abort: Abort,
    command_text: String,
    program_name: &str,
    shell_form: bool,
    output: String,
) -> BuildError {
    match abort {
        Abort::NotSimulated(program) if program.is_empty() => BuildError::new(
            span,
            BuildErrorKind::ExecNotFound {
                command: command_text,
                program: program_name.to_string(),
                shell_form,
            },
        ),
        Abort::NotSimulated(program) => {
            BuildError::new(span, BuildErrorKind::NotSimulated { program })
        }
        Abort::StepLimit(limit) if limit < crate::limits::SHELL_STEPS => BuildError::new(
            span,
            BuildErrorKind::Limit {
                what: "the RUN scripts of this build took too many steps in all".into(),
                limit: format!("{} steps a build", crate::limits::BUILD_SHELL_STEPS),
            },
        ),
        Abort::StepLimit(limit) => BuildError::new(span, BuildErrorKind::StepLimit { limit }),
        Abort::NestingLimit(limit) => BuildError::new(
            span,
            BuildErrorKind::Limit {
                what: "the RUN script nested commands, functions, eval, . or sh -c \
                       too deeply: one that calls itself forever?"
                    .into(),
                limit: format!("{limit} levels"),
            },
        ),
        Abort::TextLimit { what, limit } => BuildError::new(
            span,
            BuildErrorKind::Limit {
                what: format!("{what} in the RUN script grew too big"),
                limit: format!("{} MiB", limit >> 20),
            },
        ),
        Abort::DepthLimit(limit) => BuildError::with_output(
            span,
            BuildErrorKind::Limit {
                what: "a program of the RUN script made an entry too many directories deep".into(),
                limit: format!("{limit} directory levels"),
            },
            output,
        ),
        Abort::GlobLimit(limit) => BuildError::new(
            span,
            BuildErrorKind::Limit {
                what: "a pattern of the RUN script matched too many paths".into(),
                limit: format!("{limit} paths"),
            },
        ),
        Abort::LoopLimit(limit) => BuildError::new(
            span,
            BuildErrorKind::Limit {
                what: "a loop of the RUN script kept turning: one that never ends?".into(),
                limit: format!("{limit} turns of one loop"),
            },
        ),
    }
}

/// The process's environment: the stage's, with PATH and HOME (the user's
/// home from /etc/passwd, else /) when it lacks them.
fn export_environment(shell: &mut Shell, env: &[(String, String)], uid: u32) {
    for (k, v) in env {
        shell.export(k, Some(v));
    }
    if shell.var("PATH").is_none() {
        shell.export("PATH", Some(DEFAULT_PATH));
    }
    if shell.var("HOME").is_none() {
        let home = users::users(shell.fs)
            .into_iter()
            .find(|u| u.uid == uid)
            .map_or_else(|| "/".to_string(), |u| u.home);
        shell.export("HOME", Some(&home));
    }
}
