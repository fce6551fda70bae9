//! The front-end build tools a package.json script runs (`vite build`,
//! `react-scripts build`, `ng build`, `vue-cli-service build`, `webpack`,
//! `next build`): each bundles the app's sources and what it imports from
//! node_modules (minified and tree-shaken: a fraction of their size) into
//! its output directory, with the page and the public files, as the tool
//! lays them out.

use crate::engine::content::{Content, Digest};
use crate::engine::vfs::Node;

use super::super::state::{Io, Shell};
use super::node_project::{deps_of, read_json, write};

/// One tool: its program, the command that builds, where the page is
/// read from (none: it needs none), where the bundle goes and how its
/// files are named.
struct Tool {
    name: &'static str,
    build_word: Option<&'static str>,
    page: Option<&'static str>,
    out: &'static str,
    js: &'static str,
    css: &'static str,
    banner: &'static str,
    /// The last line it prints.
    done: &'static str,
}

const TOOLS: &[(&str, Tool)] = &[
    ("vite", Tool {
        name: "vite",
        build_word: Some("build"),
        page: Some("index.html"),
        out: "dist",
        js: "assets/index-{hash}.js",
        css: "assets/index-{hash}.css",
        banner: "vite v5.4.2 building for production...\ntransforming...\n",
        done: "✓ built in 1.02s\n",
    }),
    ("react-scripts", Tool {
        name: "react-scripts",
        build_word: Some("build"),
        page: Some("public/index.html"),
        out: "build",
        js: "static/js/main.{hash}.js",
        css: "static/css/main.{hash}.css",
        banner: "Creating an optimized production build...\nCompiled successfully.\n\nFile sizes after gzip:\n\n",
        done: "\nThe build folder is ready to be deployed.\n",
    }),
    ("@vue/cli-service", Tool {
        name: "vue-cli-service",
        build_word: Some("build"),
        page: Some("public/index.html"),
        out: "dist",
        js: "js/app.{hash}.js",
        css: "css/app.{hash}.css",
        banner: "Building for production...\n DONE  Compiled successfully\n\n",
        done: " DONE  Build complete. The dist directory is ready to be deployed.\n",
    }),
    ("@angular/cli", Tool {
        name: "ng",
        build_word: Some("build"),
        page: Some("src/index.html"),
        out: "dist/{project}",
        js: "main.{hash}.js",
        css: "styles.{hash}.css",
        banner: "Building...\n\nInitial chunk files | Names | Raw size\n",
        done: "\nApplication bundle generation complete. [4.102 seconds]\n",
    }),
    ("webpack", Tool {
        name: "webpack",
        build_word: None,
        page: None,
        out: "dist",
        js: "main.js",
        css: "main.css",
        banner: "",
        done: "webpack 5.93.0 compiled successfully in 1024 ms\n",
    }),
    ("vite-ssg", Tool {
        name: "vite-ssg",
        build_word: Some("build"),
        page: Some("index.html"),
        out: "dist",
        js: "assets/app-{hash}.js",
        css: "assets/style-{hash}.css",
        banner: "[vite-ssg] Build for client...\nvite v5.4.2 building for production...\n",
        done: "[vite-ssg] Build finished.\n",
    }),
    ("nuxt", Tool {
        name: "nuxt",
        build_word: Some("build"),
        page: None,
        out: ".output",
        js: "server/index.mjs",
        css: "public/_nuxt/entry-{hash}.css",
        banner: "Nuxt 3.13.0 with Nitro 2.9.7\nℹ Building client...\nℹ Building server...\n",
        done: "✔ You can preview this build using node .output/server/index.mjs\n",
    }),
    ("next", Tool {
        name: "next",
        build_word: Some("build"),
        page: None,
        out: ".next",
        js: "static/chunks/pages/_app-{hash}.js",
        css: "static/css/{hash}.css",
        banner: "   ▲ Next.js 14.2.5\n\n   Creating an optimized production build ...\n ✓ Compiled successfully\n",
        done: " ✓ Generating static pages\n",
    }),
];

/// The package whose program `script` (its path, through the links of
/// node_modules/.bin) is, if it is one of the tools (webpack-cli's
/// program runs webpack).
pub fn tool_of(script: &str) -> Option<&'static str> {
    if script.contains("/node_modules/webpack-cli/") {
        return Some("webpack");
    }
    TOOLS
        .iter()
        .find(|(package, _)| script.contains(&format!("/node_modules/{package}/")))
        .map(|(package, _)| *package)
}

/// The programs each tool's package installs, by name, for a package the
/// registry data lacks: what their package.json's `bin` says.
pub fn bins_of(package: &str) -> &'static [(&'static str, &'static str)] {
    match package {
        "vite" => &[("vite", "bin/vite.js")],
        "vite-ssg" => &[("vite-ssg", "bin/vite-ssg.js")],
        "nuxt" => &[("nuxt", "bin/nuxt.mjs"), ("nuxi", "bin/nuxi.mjs")],
        "react-scripts" => &[("react-scripts", "bin/react-scripts.js")],
        "@vue/cli-service" => &[("vue-cli-service", "bin/vue-cli-service.js")],
        "@angular/cli" => &[("ng", "bin/ng.js")],
        "webpack" => &[("webpack", "bin/webpack.js")],
        "webpack-cli" => &[("webpack-cli", "bin/cli.js")],
        "next" => &[("next", "dist/bin/next")],
        "typescript" => &[("tsc", "bin/tsc"), ("tsserver", "bin/tsserver")],
        "nodemon" => &[("nodemon", "bin/nodemon.js")],
        "@nestjs/cli" => &[("nest", "bin/nest.js")],
        "gulp" | "gulp-cli" => &[("gulp", "bin/gulp.js")],
        "jest" => &[("jest", "bin/jest.js")],
        "eslint" => &[("eslint", "bin/eslint.js")],
        "serve" => &[("serve", "build/main.js")],
        "pm2" => &[("pm2", "bin/pm2")],
        "@vue/cli" => &[("vue", "bin/vue.js")],
        "phantomjs-prebuilt" => &[("phantomjs", "bin/phantomjs")],
        _ => &[],
    }
}

/// Runs the tool of `package` with `args` in the shell's directory.
pub fn run(shell: &mut Shell, package: &str, args: &[String], io: &mut Io) -> i32 {
    let Some((_, tool)) = TOOLS.iter().find(|(p, _)| *p == package) else {
        return 0;
    };
    if let Some(word) = tool.build_word {
        if args.first().map(String::as_str) != Some(word) {
            shell.note(format!(
                "{} {}: only `{} {word}` is simulated; assumed to succeed with no file changes",
                tool.name,
                args.join(" "),
                tool.name
            ));
            return 0;
        }
    }
    let root = shell.cwd.trim_end_matches('/').to_string();
    let page = match tool.page {
        Some(page) => match shell.fs.read(&format!("{root}/{page}")).ok().cloned() {
            Some(content) => Some(content),
            None => {
                io.err(&format!(
                    "{}: could not find a required file.\n  Name: {}\n  Searched in: {root}/{}\n",
                    tool.name,
                    page.rsplit('/').next().unwrap_or(page),
                    page.rsplit_once('/').map_or("", |(dir, _)| dir)
                ));
                return 1;
            }
        },
        None => None,
    };
    let (script, css, modules) = sources(shell, &root);
    let package = read_json(shell, &format!("{root}/package.json"));
    let vendor = vendor(shell, &root, package.as_ref());
    let js = script * 6 / 10 + vendor.min(2_000_000);
    let project = package
        .as_ref()
        .and_then(|p| p.get("name").and_then(|n| n.as_str()).map(String::from))
        .unwrap_or_else(|| "app".into());
    let out = format!("{root}/{}", tool.out.replace("{project}", &project));
    let _ = shell.fs.remove(&out);
    let digest = Digest::of(format!("{}:{js}:{css}", tool.name).as_bytes()).to_string();
    let hash = &digest[..8.min(digest.len())];
    let mut lines = Vec::new();
    if let Some(page) = page {
        lines.push(("index.html".to_string(), page.size()));
        write(shell, &format!("{out}/index.html"), page);
    }
    let js_name = tool.js.replace("{hash}", hash);
    write(
        shell,
        &format!("{out}/{js_name}"),
        Content::blob(js, &format!("{}-js:{root}:{js}", tool.name)),
    );
    lines.push((js_name, js));
    if css > 0 {
        let css_name = tool.css.replace("{hash}", hash);
        write(
            shell,
            &format!("{out}/{css_name}"),
            Content::blob(css * 8 / 10, &format!("{}-css:{root}:{css}", tool.name)),
        );
        lines.push((css_name, css * 8 / 10));
    }
    copy_public(shell, &root, &out, tool.page);
    io.out(tool.banner);
    if tool.name == "vite" {
        io.out(&format!(
            "✓ {modules} modules transformed.\nrendering chunks...\ncomputing gzip size...\n"
        ));
    }
    let shown = tool.out.replace("{project}", &project);
    for (name, size) in lines {
        io.out(&format!(
            "{:<48} {:>7.2} kB │ gzip: {:>6.2} kB\n",
            format!("{shown}/{name}"),
            size as f64 / 1000.0,
            size as f64 / 3000.0
        ));
    }
    io.out(tool.done);
    0
}

/// The bytes of script and of style in src/ (or the app's root, when it
/// has no src/), and how many modules.
fn sources(shell: &Shell, root: &str) -> (u64, u64, usize) {
    let src = format!("{root}/src");
    let dir = if shell.fs.is_dir(&src) {
        src
    } else {
        root.to_string()
    };
    let (mut script, mut css, mut modules) = (0u64, 0u64, 0);
    for (path, node) in shell.fs.walk_under(&dir) {
        if path.starts_with("node_modules/") || path.contains("/node_modules/") {
            continue;
        }
        let size = node.size();
        if path.ends_with(".css") || path.ends_with(".scss") {
            css += size;
            modules += 1;
        } else if [".js", ".jsx", ".ts", ".tsx", ".vue", ".svelte", ".mjs"]
            .iter()
            .any(|e| path.ends_with(e))
        {
            script += size;
            modules += 1;
        }
    }
    (script, css, modules)
}

/// What the app imports from node_modules, minified and tree-shaken:
/// about a fortieth of each dependency.
fn vendor(shell: &Shell, root: &str, package: Option<&serde_json::Value>) -> u64 {
    let mut vendor = 0;
    for (name, _) in package
        .map(|p| deps_of(p, "dependencies"))
        .unwrap_or_default()
    {
        let installed = format!("{root}/node_modules/{name}");
        let size: u64 = shell
            .fs
            .walk_under(&installed)
            .iter()
            .map(|(_, n)| n.size())
            .sum();
        vendor += size / 40;
    }
    vendor
}

/// public/ is copied into the output as it is (the page itself was
/// written processed).
fn copy_public(shell: &mut Shell, root: &str, out: &str, page: Option<&str>) {
    let public: Vec<(String, Node)> = shell
        .fs
        .walk_under(&format!("{root}/public"))
        .into_iter()
        .map(|(p, n)| (p, n.clone()))
        .collect();
    for (rel, node) in public {
        if page == Some(&format!("public/{rel}")) {
            continue;
        }
        if let Node::File(f) = node {
            write(shell, &format!("{out}/{rel}"), f.content.clone());
        }
    }
}
