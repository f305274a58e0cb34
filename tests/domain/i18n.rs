//! Every UI text key used by a template or a handler exists in the English catalogue, so no
//! page ever shows a raw key; and no template writes a visible English word itself.

use std::path::Path;

fn keys_in(dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            keys_in(&path, found);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for call in [".t(\"", ".t_with(\""] {
            for (i, _) in text.match_indices(call) {
                let rest = &text[i + call.len()..];
                if let Some(end) = rest.find('"') {
                    found.push((rest[..end].to_string(), path.display().to_string()));
                }
            }
        }
    }
}

#[test]
fn every_text_key_in_templates_and_handlers_has_an_english_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    keys_in(&root.join("templates"), &mut found);
    keys_in(&root.join("src/web"), &mut found);
    assert!(
        found.len() > 20,
        "the scan finds the keys ({} found)",
        found.len()
    );
    let missing: Vec<String> = found
        .iter()
        .filter(|(key, _)| {
            let text = leadbook::tr("en", key);
            text == key.as_str() || text.ends_with(key.as_str())
        })
        .map(|(key, file)| format!("{key} (in {file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "keys without English text: {missing:#?}"
    );
}

#[test]
fn the_role_names_are_translated() {
    for role in leadbook::domain::models::users::Role::ALL {
        let text = leadbook::tr("en", role.label_key());
        assert_ne!(text, role.label_key());
    }
}

#[test]
fn every_tracked_field_and_the_tags_have_a_chatter_label() {
    let names = leadbook::domain::models::leads::fields::FIELDS
        .iter()
        .filter(|f| f.tracked)
        .map(leadbook::domain::models::leads::fields::LeadField::name)
        .chain(["tags"]);
    let missing: Vec<&str> = names
        .filter(|name| {
            let key = format!("track.{name}");
            leadbook::tr("en", &key) == key
        })
        .collect();
    assert!(missing.is_empty(), "no chatter label for {missing:?}");
}

/// Removes every `open … close` span of `text` (comments, tags' code, scripts), leaving
/// `instead` in its place.
fn strip(text: &str, open: &str, close: &str, instead: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        match after.find(close) {
            Some(end) => {
                out.push_str(instead);
                rest = &after[end + close.len()..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A literal printed by an expression that is nothing but a string (`{{ " · " }}`) is text
/// written in the template too: it is kept; any other expression becomes a blank.
fn expressions_blanked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            break;
        };
        let inner = after[..end].trim_matches(|c: char| c.is_whitespace() || "+-~".contains(c));
        let literal = inner.len() >= 2
            && inner.starts_with('"')
            && inner.ends_with('"')
            && !inner[1..inner.len() - 1].contains('"');
        out.push_str(if literal {
            &inner[1..inner.len() - 1]
        } else {
            " "
        });
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The English-looking words of `text`: runs of two or more ASCII letters, except the
/// brand and codes written in capitals (CSV, API, ID, URL, JSON, a country code).
fn words(text: &str) -> Vec<String> {
    let text = strip(text, "&", ";", " ");
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .filter(|w| *w != "Leadbook" && !w.chars().all(|c| c.is_ascii_uppercase()))
        .map(str::to_string)
        .collect()
}

/// The visible literal words of a template: text between tags and the values of the
/// attributes a reader or a screen reader meets, outside `{{ … }}` expressions.
fn literal_words(template: &str) -> Vec<String> {
    let mut text = strip(template, "{#", "#}", "");
    for (open, close) in [
        ("<!--", "-->"),
        ("<script", "</script>"),
        ("<style", "</style>"),
    ] {
        text = strip(&text, open, close, "");
    }
    // Code samples (a header, a path) are not prose.
    text = strip(&text, "<code>", "</code>", "");
    text = strip(&text, "{%", "%}", " ");
    let text = expressions_blanked(&text);
    let mut found = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find('<') {
        found.extend(words(&rest[..start]));
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + end];
        for attribute in ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""] {
            for (i, _) in tag.match_indices(attribute) {
                let value = &tag[i + attribute.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                found.extend(words(value));
            }
        }
        rest = &rest[start + end + 1..];
    }
    found.extend(words(rest));
    found
}

fn templates_in(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            templates_in(&path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
}

#[test]
fn templates_write_no_english_word_themselves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut files = Vec::new();
    templates_in(&root, &mut files);
    assert!(files.len() > 20, "the scan finds the templates");
    let english: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let name = path.strip_prefix(&root).unwrap().display().to_string();
            literal_words(&text)
                .into_iter()
                .map(move |w| format!("{name}: {w}"))
        })
        .collect();
    assert!(
        english.is_empty(),
        "words written in templates instead of taken from the catalogue: {english:#?}"
    );
}

#[test]
fn the_template_scan_sees_text_attributes_and_string_expressions() {
    let page = r#"<p title="Open it">Save {{ ctx.t("form.save") }}</p>{{ " or " }}
        <input placeholder="IT" aria-label="{{ label }}"><code>docs/api.md</code>
        {# a comment #}{% if x %}<b>&#32;Leadbook · CSV</b>{% endif %}"#;
    assert_eq!(literal_words(page), ["Open", "it", "Save", "or"]);
}
