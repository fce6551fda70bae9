//! The house, held by a test: the crate's modules form no import circle
//! but one (the RUN shell, whose interpreter runs programs and whose
//! programs run scripts and other programs), and no function outside
//! tests grows past 150 lines. The source is read as Rust (`syn`), every
//! path that names a module of the crate (`crate::`, `super::`, `self::`,
//! a child module by name, in `use` and in code) is an arrow from the
//! module it is written in to the module it reaches, re-exports followed
//! to where the item lives; the circles are the graph's strongly
//! connected components. A function's length is from its signature to
//! its closing brace.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::layering::walk;
use syn::spanned::Spanned;
use syn::visit::Visit;

/// The longest a function outside tests may be.
const LONGEST: usize = 150;

/// A module's path below the crate: `["engine", "shell", "interp"]`.
type ModPath = Vec<String>;

/// `#[cfg(test)]` (or any cfg naming test) and `#[test]`.
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg")
                && matches!(&a.meta, syn::Meta::List(list) if list.tokens.to_string().contains("test")))
    })
}

/// One source file, read.
struct Module {
    path: ModPath,
    file: PathBuf,
    ast: syn::File,
    /// Child modules declared here (`mod x;`).
    children: BTreeSet<String>,
    /// What `pub use` makes visible here: name -> the path it names.
    reexports: BTreeMap<String, Vec<String>>,
}

fn module_path(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).expect("below src");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_string();
    }
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

/// A `use` tree spelled out as paths (a glob names its module).
fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(n.ident.to_string());
            out.push((path, n.ident.to_string()));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            path.push(r.ident.to_string());
            out.push((path, r.rename.to_string()));
        }
        syn::UseTree::Glob(_) => out.push((prefix.clone(), "*".to_string())),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                use_paths(item, prefix, out);
            }
        }
    }
}

fn read_modules(src: &Path) -> Vec<Module> {
    let mut files = Vec::new();
    walk(src, &mut files);
    files.sort();
    // `main.rs` is the binary, a crate of its own.
    files.retain(|f| f != &src.join("main.rs"));
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).expect("source");
            let ast = syn::parse_file(&text)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
            let mut children = BTreeSet::new();
            let mut reexports = BTreeMap::new();
            for item in &ast.items {
                match item {
                    syn::Item::Mod(m) if m.content.is_none() => {
                        children.insert(m.ident.to_string());
                    }
                    syn::Item::Use(u) if !matches!(u.vis, syn::Visibility::Inherited) => {
                        let mut found = Vec::new();
                        use_paths(&u.tree, &mut Vec::new(), &mut found);
                        for (path, name) in found {
                            reexports.insert(name, path);
                        }
                    }
                    _ => {}
                }
            }
            Module {
                path: module_path(src, &file),
                file,
                ast,
                children,
                reexports,
            }
        })
        .collect()
}

/// The crate's modules and what each declares, for resolving paths.
struct Crate<'a> {
    modules: BTreeMap<ModPath, &'a Module>,
}

impl Crate<'_> {
    /// The module a path written in `from` reaches, re-exports followed;
    /// None for paths outside the crate (std, other crates, locals).
    fn resolve(&self, from: &ModPath, path: &[String], depth: usize) -> Option<ModPath> {
        let first = path.first()?;
        let mut at: ModPath;
        let mut rest = path;
        match first.as_str() {
            "crate" => {
                at = Vec::new();
                rest = &path[1..];
            }
            "self" => {
                at = from.clone();
                rest = &path[1..];
            }
            "super" => {
                at = from.clone();
                while rest.first().is_some_and(|s| s == "super") {
                    at.pop();
                    rest = &rest[1..];
                }
            }
            name if self
                .modules
                .get(from)
                .is_some_and(|m| m.children.contains(name)) =>
            {
                at = from.clone();
            }
            _ => return None,
        }
        for (i, segment) in rest.iter().enumerate() {
            let Some(module) = self.modules.get(&at) else {
                break;
            };
            if module.children.contains(segment) {
                at.push(segment.clone());
                continue;
            }
            if let Some(target) = module.reexports.get(segment) {
                if depth < 8 {
                    let mut followed = target.clone();
                    followed.extend(rest[i + 1..].iter().cloned());
                    if let Some(there) = self.resolve(&at, &followed, depth + 1) {
                        return Some(there);
                    }
                }
            }
            break;
        }
        Some(at)
    }
}

/// Every path written in a module's code outside its tests.
#[derive(Default)]
struct Paths {
    found: Vec<Vec<String>>,
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_cfg_test(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_cfg_test(&f.attrs) {
            syn::visit::visit_item_fn(self, f);
        }
    }
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut found = Vec::new();
        use_paths(&u.tree, &mut Vec::new(), &mut found);
        self.found.extend(found.into_iter().map(|(p, _)| p));
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        // One segment names no module of the crate, and `pub(super)`,
        // `pub(crate)` are visibilities, not arrows.
        if p.segments.len() > 1 {
            self.found
                .push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, p);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // `format!("{}", crate::x::y())`, `matches!(v, super::K)`: the
        // tokens of a macro call, read as paths where they are.
        let tokens: Vec<proc_macro2::TokenTree> = m.tokens.clone().into_iter().collect();
        scan_tokens(&tokens, &mut self.found);
        syn::visit::visit_macro(self, m);
    }
}

fn scan_tokens(tokens: &[proc_macro2::TokenTree], out: &mut Vec<Vec<String>>) {
    let mut i = 0;
    while i < tokens.len() {
        if let proc_macro2::TokenTree::Group(g) = &tokens[i] {
            let inner: Vec<_> = g.stream().into_iter().collect();
            scan_tokens(&inner, out);
            i += 1;
            continue;
        }
        if let proc_macro2::TokenTree::Ident(id) = &tokens[i] {
            let mut path = vec![id.to_string()];
            let mut j = i + 1;
            while j + 2 < tokens.len() + 1 {
                let colons = matches!((tokens.get(j), tokens.get(j + 1)),
                    (Some(proc_macro2::TokenTree::Punct(a)), Some(proc_macro2::TokenTree::Punct(b)))
                    if a.as_char() == ':' && b.as_char() == ':');
                match (colons, tokens.get(j + 2)) {
                    (true, Some(proc_macro2::TokenTree::Ident(next))) => {
                        path.push(next.to_string());
                        j += 3;
                    }
                    _ => break,
                }
            }
            if path.len() > 1 {
                out.push(path);
            }
            i = j;
            continue;
        }
        i += 1;
    }
}

/// The import graph: module -> the modules it reaches, each with the
/// first path that reaches it (for the message).
type Graph = BTreeMap<ModPath, BTreeMap<ModPath, String>>;

fn graph(modules: &[Module]) -> Graph {
    let krate = Crate {
        modules: modules.iter().map(|m| (m.path.clone(), m)).collect(),
    };
    let mut out: Graph = BTreeMap::new();
    for module in modules {
        let mut paths = Paths::default();
        paths.visit_file(&module.ast);
        let arrows = out.entry(module.path.clone()).or_default();
        for path in paths.found {
            if let Some(target) = krate.resolve(&module.path, &path, 0) {
                if target != module.path && krate.modules.contains_key(&target) {
                    arrows.entry(target).or_insert_with(|| path.join("::"));
                }
            }
        }
    }
    out
}

/// Strongly connected components of more than one module (Tarjan).
fn circles(graph: &Graph) -> Vec<Vec<ModPath>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a ModPath, usize>,
        low: BTreeMap<&'a ModPath, usize>,
        stack: Vec<&'a ModPath>,
        on_stack: BTreeSet<&'a ModPath>,
        next: usize,
        out: Vec<Vec<ModPath>>,
    }
    fn connect<'a>(s: &mut State<'a>, v: &'a ModPath) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(edges) = s.graph.get(v) {
            for w in edges.keys() {
                let Some((w, _)) = s.graph.get_key_value(w) else {
                    continue;
                };
                if !s.index.contains_key(w) {
                    connect(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v) {
            connect(&mut state, v);
        }
    }
    state.out
}

/// Functions outside tests and their length in lines, named
/// `module::Type::function` (or `module::function`).
fn function_lengths(module: &Module) -> Vec<(String, usize)> {
    struct Lengths {
        prefix: String,
        owner: Vec<String>,
        out: Vec<(String, usize)>,
    }
    impl Lengths {
        fn record(&mut self, name: &syn::Ident, whole: proc_macro2::Span) {
            let lines = whole.end().line - whole.start().line + 1;
            let mut full = self.prefix.clone();
            for o in &self.owner {
                full.push_str(o);
                full.push_str("::");
            }
            full.push_str(&name.to_string());
            self.out.push((full, lines));
        }
    }
    impl<'ast> Visit<'ast> for Lengths {
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            if !is_cfg_test(&m.attrs) {
                self.owner.push(m.ident.to_string());
                syn::visit::visit_item_mod(self, m);
                self.owner.pop();
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            if is_cfg_test(&f.attrs) {
                return;
            }
            self.record(
                &f.sig.ident,
                f.sig.span().join(f.block.span()).unwrap_or(f.block.span()),
            );
            syn::visit::visit_item_fn(self, f);
        }
        fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
            if is_cfg_test(&i.attrs) {
                return;
            }
            let owner = match &*i.self_ty {
                syn::Type::Path(p) => p
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default(),
                _ => "impl".to_string(),
            };
            self.owner.push(owner);
            syn::visit::visit_item_impl(self, i);
            self.owner.pop();
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            if is_cfg_test(&f.attrs) {
                return;
            }
            self.record(
                &f.sig.ident,
                f.sig.span().join(f.block.span()).unwrap_or(f.block.span()),
            );
            syn::visit::visit_impl_item_fn(self, f);
        }
        fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
            if let Some(block) = &f.default {
                self.record(
                    &f.sig.ident,
                    f.sig.span().join(block.span()).unwrap_or(block.span()),
                );
            }
            syn::visit::visit_trait_item_fn(self, f);
        }
    }
    let mut prefix = module.path.join("::");
    if !prefix.is_empty() {
        prefix.push_str("::");
    }
    let mut lengths = Lengths {
        prefix,
        owner: Vec::new(),
        out: Vec::new(),
    };
    lengths.visit_file(&module.ast);
    lengths.out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn show(path: &ModPath) -> String {
    if path.is_empty() {
        "crate".to_string()
    } else {
        path.join("::")
    }
}

#[test]
fn one_import_circle_at_most_and_it_is_the_shell() {
    let modules = read_modules(&src());
    assert!(modules.len() > 100, "{} modules", modules.len());
    let graph = graph(&modules);
    let found = circles(&graph);
    let shell = ["engine".to_string(), "shell".to_string()];
    let bad: Vec<String> = found
        .iter()
        .filter(|c| found.len() > 1 || !c.iter().all(|m| m.starts_with(&shell)))
        .map(|c| {
            let mut text = c.iter().map(show).collect::<Vec<_>>().join(" <-> ");
            for from in c {
                for (to, path) in &graph[from] {
                    if c.contains(to) {
                        text.push_str(&format!("\n    {} -> {} ({path})", show(from), show(to)));
                    }
                }
            }
            text
        })
        .collect();
    assert!(
        bad.is_empty(),
        "import circles (only one, inside engine::shell, may stay):\n{}",
        bad.join("\n")
    );
}

#[test]
fn no_function_outside_tests_is_over_the_limit() {
    let modules = read_modules(&src());
    let mut problems = Vec::new();
    for module in &modules {
        for (name, lines) in function_lengths(module) {
            if lines > LONGEST {
                problems.push(format!(
                    "{name} is {lines} lines, over {LONGEST} ({}): split it",
                    module.file.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_see_a_circle_and_a_long_function() {
    let parse = |path: &[&str], text: &str| Module {
        path: path.iter().map(|s| s.to_string()).collect(),
        file: PathBuf::from("x.rs"),
        ast: syn::parse_file(text).expect("parses"),
        children: BTreeSet::new(),
        reexports: BTreeMap::new(),
    };
    let mut parent = parse(
        &["engine"],
        "mod a;\nmod b;\npub use b::Thing;\nfn helper() {}\n",
    );
    parent.children = ["a".to_string(), "b".to_string()].into();
    parent
        .reexports
        .insert("Thing".into(), vec!["b".into(), "Thing".into()]);
    // `a` reaches its parent's own item: a circle with the parent, who
    // names `a`. `b` is reached through the parent's re-export only.
    let a = parse(
        &["engine", "a"],
        "use super::helper;\nfn f() { crate::engine::Thing::new(); }\n",
    );
    let b = parse(&["engine", "b"], "pub struct Thing;\n");
    let with_use = {
        let mut p = parse(
            &["engine"],
            "mod a;\nmod b;\npub use b::Thing;\nfn helper() { a::go(); }\n",
        );
        p.children = parent.children.clone();
        p.reexports = parent.reexports.clone();
        p
    };
    let mut root = parse(&[], "pub mod engine;\n");
    root.children = ["engine".to_string()].into();
    let g = graph(&[root, with_use, a, b]);
    let a_path = vec!["engine".to_string(), "a".to_string()];
    let b_path = vec!["engine".to_string(), "b".to_string()];
    assert!(g[&a_path].contains_key(&b_path), "{g:?}");
    assert_eq!(circles(&g).len(), 1, "{g:?}");
    // Without the parent using `a`, no circle.
    let a = parse(&["engine", "a"], "use super::helper;\n");
    let b = parse(&["engine", "b"], "pub struct Thing;\n");
    let mut root = parse(&[], "pub mod engine;\n");
    root.children = ["engine".to_string()].into();
    let g = graph(&[root, parent, a, b]);
    assert!(circles(&g).is_empty(), "{g:?}");

    let long = format!(
        "fn long() {{\n{}}}\n#[cfg(test)]\nmod tests {{ fn t() {{\n{}}} }}\n",
        "    f();\n".repeat(200),
        "    f();\n".repeat(200)
    );
    let lengths = function_lengths(&parse(&["x"], &long));
    assert_eq!(lengths, [("x::long".to_string(), 202)]);
}
