//! Every sentence the domain shows a user is a catalogue message (`msg.*` in
//! `locales/en.yml`), rendered in the reader's language by the web layer and the API: no
//! English literal is handed to a field error, a conflict or a parse error, and every key
//! the code names exists.

use std::path::{Path, PathBuf};

/// Calls whose text reaches a user.
const CALLS: &[&str] = &[
    "DomainError::invalid(",
    "Conflict(",
    "Err(\"",
    "Err(format!(",
    ".add(",
    "Refused(",
    "notices.push(",
    "n.push(",
];

/// Files whose texts are another part's concern: the chatter's messages are made structured
/// on their own.
const OTHER_FILES: &[&str] = &["src/domain/models/chatter.rs"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file without its unit tests (they may assert English freely).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The arguments of the call opening at `start` (just after its `(`), up to the matching
/// `)`, skipping what string literals hold.
fn arguments(text: &str, start: usize) -> &str {
    let mut depth = 1;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text[start..].char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[start..start + i];
                }
            }
            _ => {}
        }
    }
    &text[start..]
}

/// The string literals of `code`.
fn literals(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in after.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// A capital letter, a word, a space: an English sentence. Also a value quoted at the start
/// of a sentence (`'{raw}' is not …`).
fn looks_like_a_sentence(literal: &str) -> bool {
    let mut chars = literal.chars();
    let starts_a_sentence = chars.next().is_some_and(char::is_uppercase)
        && literal
            .split_once(' ')
            .is_some_and(|(word, _)| word.chars().skip(1).all(char::is_alphabetic));
    starts_a_sentence || literal.starts_with("'{")
}

#[test]
fn the_domain_hands_users_catalogue_messages_not_english_sentences() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/domain"), &mut files);
    assert!(
        files.len() > 50,
        "the scan finds the domain ({})",
        files.len()
    );
    let mut found = Vec::new();
    for path in &files {
        let name = path.strip_prefix(root).unwrap().display().to_string();
        if OTHER_FILES.contains(&name.as_str()) {
            continue;
        }
        let code = code_of(path);
        for call in CALLS {
            for (at, _) in code.match_indices(call) {
                // After the call's `(`; a call written with its opening quote starts there.
                let open = at + call.len() - usize::from(call.ends_with('"'));
                let args = arguments(&code, open);
                for literal in literals(args) {
                    if looks_like_a_sentence(&literal) {
                        let line = code[..at].lines().count();
                        found.push(format!("{name}:{line}: {literal:?}"));
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "English sentences handed to users; make them catalogue messages (msg.* in \
         locales/en.yml):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_guard_sees_an_english_sentence() {
    let code = r#"return Err(DomainError::invalid("name", format!("'{raw}' is not a stage")));"#;
    let at = code.find("DomainError::invalid(").unwrap() + "DomainError::invalid(".len();
    let seen: Vec<String> = literals(arguments(code, at))
        .into_iter()
        .filter(|l| looks_like_a_sentence(l))
        .collect();
    assert_eq!(seen, ["'{raw}' is not a stage"]);
    assert!(looks_like_a_sentence("Choose a stage"));
    assert!(!looks_like_a_sentence("msg.value.required"));
    assert!(!looks_like_a_sentence("salesperson_id"));
}

/// The `msg.*` keys named in `dir`'s files, with where.
fn msg_keys(dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            msg_keys(&path, found);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for literal in literals(&text) {
            let is_key = literal.starts_with("msg.")
                && literal.len() > 4
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
                && !literal.ends_with('.');
            if is_key {
                found.push((literal, path.display().to_string()));
            }
        }
    }
}

fn has_english(key: &str) -> bool {
    let exists = |k: &str| {
        let text = leadbook::tr("en", k);
        text != k && !text.ends_with(k)
    };
    exists(key) || exists(&format!("{key}.other"))
}

#[test]
fn every_message_key_the_code_names_has_an_english_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    msg_keys(&root.join("src"), &mut found);
    assert!(
        found.len() > 100,
        "the scan finds the keys ({} found)",
        found.len()
    );
    let missing: Vec<String> = found
        .iter()
        .filter(|(key, _)| !has_english(key))
        .map(|(key, file)| format!("{key} (in {file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "missing in locales/en.yml:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_kind_of_value_a_parse_names_has_a_label() {
    // `text_enum!` names the kind of value it parses ("sort column"); its refusal shows the
    // name through `msg.kind.<name>`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut missing = Vec::new();
    let mut seen = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("text_enum! {") {
            let declaration = text[at..]
                .lines()
                .skip(1)
                .map(str::trim)
                .find(|l| !l.starts_with("///") && !l.starts_with("#["))
                .unwrap_or_default();
            let Some(what) = literals(declaration).into_iter().next() else {
                continue;
            };
            seen += 1;
            let key = format!("msg.kind.{}", what.replace(' ', "_"));
            if !has_english(&key) {
                missing.push(format!("{key} (in {})", path.display()));
            }
        }
    }
    assert!(seen > 10, "the scan finds the enums ({seen})");
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

#[test]
fn the_catalogue_says_in_english_what_the_code_said_before() {
    use leadbook::domain::DomainError;
    use leadbook::domain::ids::LeadId;
    use leadbook::domain::values;
    for e in [
        DomainError::NotFound,
        DomainError::Forbidden,
        DomainError::MergedInto(LeadId(7)),
        DomainError::Throttled(30),
    ] {
        assert_eq!(e.message().to_string(), e.to_string());
    }
    let required = values::required_line(" ", "lead.title").unwrap_err();
    assert_eq!(required.to_string(), "Title is required");
    let long = values::optional_line(&"x".repeat(values::MAX_LINE + 1), "field.name").unwrap_err();
    assert_eq!(
        long.to_string(),
        "Name is too long (at most 200 characters)"
    );
    assert_eq!(
        values::Email::parse("robin@").unwrap_err().to_string(),
        "'robin@' is not an email address"
    );
    let invalid = DomainError::invalid("title", required);
    assert_eq!(invalid.to_string(), "title: Title is required");
    assert_eq!(
        invalid.render("ru"),
        "title: Поле «Название» обязательно для заполнения",
        "rendered in the reader's language"
    );
}
