//! Every UI text key used by a template or a handler exists in the English catalogue, so no
//! page ever shows a raw key.

use std::path::Path;

fn keys_in(dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            keys_in(&path, found);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (i, _) in text.match_indices(".t(\"") {
            let rest = &text[i + 4..];
            if let Some(end) = rest.find('"') {
                found.push((rest[..end].to_string(), path.display().to_string()));
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
