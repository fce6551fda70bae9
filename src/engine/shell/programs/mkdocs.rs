//! `mkdocs build`: the static site MkDocs writes from a project's
//! Markdown (`mkdocs.yml`'s `docs_dir`, `site_dir`, `use_directory_urls`,
//! `-f`, `-d`/`--site-dir`): a page per Markdown file, the other files
//! copied, the theme's assets, the search index and the sitemap. Page
//! sizes are approximated (the Markdown rendered into the theme's page).

use crate::engine::content::Content;

use super::super::state::{Io, Shell};
use super::common::write_file;

/// The theme's assets (scripts, styles, fonts), by theme.
fn theme_bytes(theme: &str) -> u64 {
    match theme {
        "material" => 2_900_000,
        "readthedocs" => 700_000,
        _ => 1_100_000,
    }
}

/// A setting of mkdocs.yml (a top-level `key: value`, or `name:` under
/// `theme:`).
fn setting(config: &str, key: &str) -> Option<String> {
    config.lines().find_map(|line| {
        let value = line.strip_prefix(key)?.strip_prefix(':')?;
        let value = value
            .split(" #")
            .next()
            .unwrap_or(value)
            .trim()
            .trim_matches(['"', '\'']);
        (!value.is_empty()).then(|| value.to_string())
    })
}

fn theme_of(config: &str) -> String {
    if let Some(inline) = setting(config, "theme") {
        return inline;
    }
    let mut in_theme = false;
    for line in config.lines() {
        if line.starts_with("theme:") {
            in_theme = true;
        } else if in_theme && line.trim_start().starts_with("name:") {
            return line.trim_start()["name:".len()..]
                .trim()
                .trim_matches(['"', '\''])
                .to_string();
        } else if in_theme && !line.starts_with(' ') && !line.trim().is_empty() {
            break;
        }
    }
    "mkdocs".to_string()
}

/// `mkdocs ...`.
pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let value = |flags: &[&str]| {
        args.iter()
            .position(|a| flags.contains(&a.as_str()))
            .and_then(|i| args.get(i + 1).cloned())
    };
    match args.get(1).map(String::as_str) {
        Some("--version" | "-V") => {
            io.out("mkdocs, version 1.6.1 from /usr/local/lib/python3.12/site-packages/mkdocs (Python 3.12)\n");
            0
        }
        Some("build") => {
            let config_file =
                value(&["-f", "--config-file"]).unwrap_or_else(|| "mkdocs.yml".to_string());
            let config_path = shell.path(&config_file);
            let Some(config) = shell
                .fs
                .read(&config_path)
                .ok()
                .and_then(|c| c.as_text().map(String::from))
            else {
                io.err(&format!(
                    "Error: Config file '{config_file}' does not exist.\n"
                ));
                return 1;
            };
            let root = crate::engine::vfs::split_parent(&config_path).0.to_string();
            let docs = format!(
                "{root}/{}",
                setting(&config, "docs_dir").unwrap_or_else(|| "docs".into())
            );
            let site = match value(&["-d", "--site-dir"]) {
                Some(dir) => shell.path(&dir),
                None => format!(
                    "{root}/{}",
                    setting(&config, "site_dir").unwrap_or_else(|| "site".into())
                ),
            };
            if !shell.fs.exists(&docs) {
                io.err(&format!("Error: The path '{docs}' does not exist.\n"));
                return 1;
            }
            build(shell, &config, &docs, &site, io)
        }
        Some("serve" | "gh-deploy") => {
            shell.note(format!(
                "mkdocs {}: not simulated; assumed to succeed with no file changes",
                args[1]
            ));
            0
        }
        _ => {
            io.err("Usage: mkdocs [OPTIONS] COMMAND [ARGS]...\n");
            2
        }
    }
}

fn build(shell: &mut Shell, config: &str, docs: &str, site: &str, io: &mut Io) -> i32 {
    let directory_urls = setting(config, "use_directory_urls").is_none_or(|v| v != "false");
    let files: Vec<(String, u64)> = shell
        .fs
        .walk_under(docs)
        .into_iter()
        .filter_map(|(path, _)| {
            let content = shell.fs.read(&format!("{docs}/{path}")).ok()?;
            Some((path, content.size()))
        })
        .collect();
    let _ = shell.fs.remove(site);
    let mut pages = 0;
    let mut text_bytes = 0;
    for (path, size) in &files {
        if let Some(stem) = path.strip_suffix(".md") {
            pages += 1;
            text_bytes += size;
            let out = match stem.rsplit_once('/').map_or(stem, |(_, name)| name) {
                "index" | "README" => format!(
                    "{}index.html",
                    stem.strip_suffix("index")
                        .or(stem.strip_suffix("README"))
                        .unwrap_or("")
                ),
                _ if directory_urls => format!("{stem}/index.html"),
                _ => format!("{stem}.html"),
            };
            // The rendered page: the Markdown as HTML inside the theme's page.
            write_file(
                shell,
                &format!("{site}/{out}"),
                Content::blob(size * 2 + 24_000, &format!("mkdocs:{site}/{out}")),
                0o644,
            );
        } else {
            let content = shell.fs.read(&format!("{docs}/{path}")).ok().cloned();
            if let Some(content) = content {
                write_file(shell, &format!("{site}/{path}"), content, 0o644);
            }
        }
    }
    let theme = theme_of(config);
    let assets = theme_bytes(&theme);
    for (i, share) in [5u64, 3, 2].iter().enumerate() {
        write_file(
            shell,
            &format!("{site}/assets/theme-{i}.js"),
            Content::blob(assets / 10 * share, &format!("mkdocs-theme:{theme}:{i}")),
            0o644,
        );
    }
    write_file(
        shell,
        &format!("{site}/404.html"),
        Content::blob(24_000, "mkdocs:404"),
        0o644,
    );
    write_file(
        shell,
        &format!("{site}/search/search_index.json"),
        Content::blob(text_bytes + 200, &format!("mkdocs:search:{site}")),
        0o644,
    );
    write_file(
        shell,
        &format!("{site}/sitemap.xml"),
        Content::blob(120 + 110 * pages, &format!("mkdocs:sitemap:{site}")),
        0o644,
    );
    write_file(
        shell,
        &format!("{site}/sitemap.xml.gz"),
        Content::blob(60 + 30 * pages, &format!("mkdocs:sitemap.gz:{site}")),
        0o644,
    );
    shell.work += super::super::cost::install(pages as usize, text_bytes);
    io.err(&format!(
        "INFO    -  Cleaning site directory\nINFO    -  Building documentation to directory: {site}\nINFO    -  Documentation built in 0.84 seconds\n"
    ));
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    #[test]
    fn mkdocs_build_writes_the_site() {
        let (fs, status, output, _) = run_in(
            "python:3.12-alpine",
            "pip install -q mkdocs && mkdir -p /app/docs/tutorial && cd /app && printf 'site_name: T\\ntheme:\\n  name: material\\n' > mkdocs.yml && echo '# Hi' > docs/index.md && echo '# Step' > docs/tutorial/index.md && echo '# About' > docs/about.md && echo img > docs/logo.png && mkdocs build",
        );
        assert_eq!(status, 0, "{output}");
        for page in [
            "index.html",
            "tutorial/index.html",
            "about/index.html",
            "logo.png",
            "sitemap.xml",
            "search/search_index.json",
        ] {
            assert!(fs.exists(&format!("/app/site/{page}")), "{page}: {output}");
        }
        assert!(
            output.contains("Building documentation to directory: /app/site"),
            "{output}"
        );
        let (_, status, output, _) = run_in(
            "python:3.12-alpine",
            "pip install -q mkdocs && mkdir /w && cd /w && mkdocs build",
        );
        assert_eq!(status, 1);
        assert!(
            output.contains("Error: Config file 'mkdocs.yml' does not exist."),
            "{output}"
        );
    }
}
