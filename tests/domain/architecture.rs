//! Guards of the code's shape, read from the sources themselves:
//! - no import circle between the modules (files) of `src/`: every `crate::…` and `super::…`
//!   path names the module it reaches, and the modules must form layers;
//! - the domain knows nothing of the web: no `actix`, `askama` or `HttpResponse` under
//!   `src/domain`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The module path of a file: `src/domain/models/leads.rs` and
/// `src/domain/models/leads/mod.rs` are `domain::models::leads`; `src/lib.rs` is the root.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file without its comments and its `#[cfg(test)]` module (tests may reach
/// anywhere).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a file names: `crate::a::b::{c, d::e}` gives `a::b::c` and `a::b::d::e` (the
/// braces of a `use` are expanded one level deep, which is how the sources write them);
/// `super::x` is resolved against the file's parent module.
fn named_paths(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
    for (start, anchor) in [("crate::", None), ("super::", Some(parent))] {
        let mut rest = code;
        while let Some(i) = rest.find(start) {
            let before = rest[..i].chars().last();
            rest = &rest[i + start.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let base: Vec<String> = anchor.clone().unwrap_or_default();
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut prefix = base.clone();
            prefix.extend(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            let after = &rest[path.len()..];
            if path.ends_with("::") && after.starts_with('{') {
                let inner = &after[1..after.find('}').unwrap_or(after.len() - 1).max(1)];
                for item in inner.split(',') {
                    let mut p = prefix.clone();
                    p.extend(
                        item.trim()
                            .split("::")
                            .map(|s| s.split_whitespace().next().unwrap_or("").to_string())
                            .filter(|s| !s.is_empty() && s != "self" && s != "{"),
                    );
                    out.push(p);
                }
            } else {
                out.push(prefix);
            }
        }
    }
    out
}

/// The module graph of `src/`: each file to the modules (files) it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = sources(&src);
    let modules: BTreeMap<Vec<String>, &PathBuf> =
        files.iter().map(|f| (module_of(&src, f), f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let from = module.join("::");
        let targets = edges.entry(from.clone()).or_default();
        for path in named_paths(module, &code(&text)) {
            // The longest prefix that is a module of its own.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains_key(p));
            if let Some(target) = target {
                let to = target.join("::");
                // A module naming its own children (declaring them) or itself is no import.
                if to != from && !target.starts_with(module) {
                    targets.insert(to);
                }
            }
        }
    }
    edges
}

/// The strongly connected components of more than one module (Tarjan).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn no_module_of_src_imports_one_that_imports_it_back() {
    let edges = graph();
    assert!(
        edges.len() > 50 && edges.values().map(BTreeSet::len).sum::<usize>() > 200,
        "the sources were read: {} modules",
        edges.len()
    );
    let found = circles(&edges);
    let explain: Vec<String> = found
        .iter()
        .map(|c| {
            let ties: Vec<String> = c
                .iter()
                .flat_map(|a| {
                    edges[a]
                        .iter()
                        .filter(|b| c.contains(b))
                        .map(move |b| format!("{a} -> {b}"))
                })
                .collect();
            format!("circle of {}: {}", c.len(), ties.join(", "))
        })
        .collect();
    assert!(found.is_empty(), "{}", explain.join("\n"));
}

#[test]
fn the_circle_check_sees_a_circle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    edges.entry("d".into()).or_default().insert("a".into());
    assert_eq!(circles(&edges), vec![vec!["a", "b", "c"]]);
    let paths = named_paths(
        &["domain".into(), "models".into(), "leads".into()],
        "use crate::domain::{access::Actor, ids::LeadId};\nlet x = super::tags::find(c);",
    );
    assert!(paths.contains(&vec!["domain".into(), "access".into(), "Actor".into()]));
    assert!(paths.contains(&vec![
        "domain".into(),
        "models".into(),
        "tags".into(),
        "find".into()
    ]));
}

#[test]
fn the_domain_knows_nothing_of_the_web() {
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let files = sources(&domain);
    assert!(files.len() > 20, "the domain was read");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in code(&text).lines().enumerate() {
            for word in ["actix", "askama", "HttpResponse"] {
                if line.contains(word) {
                    found.push(format!("{}:{}: {word}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The functions of a file longer than `limit` lines, as `(name, lines)`: a function starts
/// at a line whose code begins with `fn` (after `pub…`, `async`, `const`) and ends at the
/// first line that closes it at the same indentation.
fn long_functions(text: &str, limit: usize) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let mut rest = code;
        for prefix in ["pub(crate) ", "pub(super) ", "pub ", "async ", "const "] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        let Some(name) = rest.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let closing = format!("{indent}}}");
        if let Some(end) = lines[i + 1..].iter().position(|l| *l == closing) {
            let length = end + 2;
            if length > limit {
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push((name, length));
            }
        }
    }
    out
}

#[test]
fn no_source_file_over_400_lines_and_no_function_over_80() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for file in sources(&src) {
        if file.ends_with("db/schema.rs") {
            continue; // generated by diesel
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let lines = text.lines().count();
        if lines > 400 {
            found.push(format!("{}: {lines} lines", file.display()));
        }
        for (name, length) in long_functions(&text, 80) {
            found.push(format!("{}: fn {name} has {length} lines", file.display()));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_length_check_sees_a_long_function() {
    let body = "    x += 1;\n".repeat(80);
    let text = format!("pub fn long() {{\n{body}}}\n\nfn short() {{\n    x\n}}\n");
    assert_eq!(long_functions(&text, 80), vec![("long".to_string(), 82)]);
}
