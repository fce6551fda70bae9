//! pip's configuration and its cache commands: the `no-cache-dir` and
//! `cache-dir` settings of its configuration files (`/etc/pip.conf`, the
//! user's `~/.config/pip/pip.conf` or `~/.pip/pip.conf`, `PIP_CONFIG_FILE`;
//! sections `[global]` and `[install]`), `XDG_CACHE_HOME`, `pip config
//! set`, and `pip cache purge` / `pip cache dir`.

use super::super::state::{Io, Shell};
use super::common::write_file;
use crate::engine::content::Content;

/// What pip's configuration files say of its cache.
#[derive(Default)]
pub struct CacheSettings {
    pub no_cache: bool,
    pub cache_dir: Option<String>,
}

fn home(shell: &Shell) -> String {
    shell.var("HOME").unwrap_or("/root").to_string()
}

/// The user's configuration file, where `pip config set` writes.
fn user_file(shell: &Shell) -> String {
    match shell.var("XDG_CONFIG_HOME") {
        Some(dir) if !dir.is_empty() => format!("{dir}/pip/pip.conf"),
        _ => format!("{}/.config/pip/pip.conf", home(shell)),
    }
}

/// The configuration files pip reads, the later overriding the earlier.
fn files(shell: &Shell) -> Vec<String> {
    let mut files = vec![
        "/etc/xdg/pip/pip.conf".to_string(),
        "/etc/pip.conf".to_string(),
        format!("{}/.pip/pip.conf", home(shell)),
        user_file(shell),
    ];
    if let Some(file) = shell.var("PIP_CONFIG_FILE") {
        files.push(shell.path(file));
    }
    files
}

/// pip's default cache: `$XDG_CACHE_HOME/pip`, else `~/.cache/pip`.
pub fn default_cache(shell: &Shell) -> String {
    match shell.var("XDG_CACHE_HOME") {
        Some(dir) if !dir.is_empty() => format!("{}/pip", shell.path(dir)),
        _ => format!("{}/.cache/pip", home(shell)),
    }
}

/// The cache settings of pip's configuration files.
pub fn cache_settings(shell: &Shell) -> CacheSettings {
    let mut settings = CacheSettings::default();
    for file in files(shell) {
        let Some(text) = shell
            .fs
            .read(&file)
            .ok()
            .and_then(|c| c.as_text().map(str::to_string))
        else {
            continue;
        };
        let mut section = String::new();
        for line in text.lines() {
            let line = line.trim();
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim().to_string();
                continue;
            }
            if section != "global" && section != "install" {
                continue;
            }
            let Some((key, value)) = line.split_once(['=', ':']) else {
                continue;
            };
            match key.trim() {
                // pip takes any value here as "no cache" (its quirk).
                "no-cache-dir" => settings.no_cache = true,
                "cache-dir" => settings.cache_dir = Some(value.trim().to_string()),
                _ => {}
            }
        }
    }
    settings
}

/// `pip config set NAME VALUE`: writes `[section] key = value` to the
/// user's file.
pub fn config(shell: &mut Shell, operands: &[String], io: &mut Io) -> i32 {
    match operands {
        [set, name, value] if set == "set" => {
            let Some((section, key)) = name.split_once('.') else {
                io.err(&format!("ERROR: Key does not contain dot separated section and key. Perhaps you wanted to use 'global.{name}' instead?\n"));
                return 1;
            };
            let file = user_file(shell);
            let old = shell
                .fs
                .read(&file)
                .ok()
                .and_then(|c| c.as_text().map(str::to_string))
                .unwrap_or_default();
            let text = format!("{old}[{section}]\n{key} = {value}\n");
            write_file(shell, &file, Content::text(&text), 0o644);
            io.out(&format!("Writing to {file}\n"));
            0
        }
        _ => {
            shell.note("pip config: only `pip config set` is simulated".to_string());
            0
        }
    }
}

/// `pip cache purge` empties the cache; `pip cache dir` prints it
/// (`--cache-dir`, or PIP_CACHE_DIR, or the default).
pub fn cache(
    shell: &mut Shell,
    operands: &[String],
    cache_dir: Option<String>,
    io: &mut Io,
) -> i32 {
    let cache_dir = &cache_dir.map_or_else(|| default_cache(shell), |dir| shell.path(&dir));
    match operands.first().map(String::as_str) {
        Some("dir") => {
            io.out(&format!("{cache_dir}\n"));
            0
        }
        Some("purge") => {
            let files = shell.fs.walk_under(cache_dir).len();
            let _ = shell.fs.remove(cache_dir);
            let _ = shell
                .fs
                .mkdir_all(cache_dir, crate::engine::vfs::Meta::dir());
            io.out(&format!("Files removed: {files}\n"));
            0
        }
        _ => {
            shell.note(
                "pip cache: only `pip cache purge` and `pip cache dir` are simulated".to_string(),
            );
            0
        }
    }
}
