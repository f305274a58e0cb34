//! Every UI text key used by a template or a handler exists in the English catalogue, so no
//! page ever shows a raw key; and no template writes a visible English word itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use leadbook::i18n::Lang;

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

const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// A catalogue as (plain texts, counting texts: base key → category → text).
type Catalogue = (
    BTreeMap<String, String>,
    BTreeMap<String, BTreeMap<String, String>>,
);

fn catalogue(lang: Lang) -> Catalogue {
    let all: BTreeMap<String, String> =
        leadbook::i18n::catalogue(lang.code()).into_iter().collect();
    // A counting text is a group of category keys among which `other` is.
    // (`channel.other` is a channel, not a form: its siblings are not plural categories.)
    let bases: BTreeSet<String> = all
        .keys()
        .filter_map(|k| k.strip_suffix(".other"))
        .filter(|base| {
            all.keys()
                .filter_map(|k| k.strip_prefix(&format!("{base}.")))
                .all(|rest| PLURAL_CATEGORIES.contains(&rest))
        })
        .map(str::to_string)
        .collect();
    let mut plain = BTreeMap::new();
    let mut counting: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (key, text) in all {
        match key.rsplit_once('.') {
            Some((base, cat)) if bases.contains(base) && PLURAL_CATEGORIES.contains(&cat) => {
                counting
                    .entry(base.to_string())
                    .or_default()
                    .insert(cat.to_string(), text);
            }
            _ => {
                plain.insert(key, text);
            }
        }
    }
    (plain, counting)
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split("%{")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// Every problem of `lang`'s catalogue against English: keys missing or extra, placeholders
/// that differ, counting texts without the forms the language's plural rules need.
fn problems(lang: Lang) -> Vec<String> {
    let (en_plain, en_counting) = catalogue(Lang::En);
    let (plain, counting) = catalogue(lang);
    let mut found = Vec::new();
    let code = lang.code();
    for key in en_plain.keys().filter(|k| !plain.contains_key(*k)) {
        found.push(format!("{code}: missing {key}"));
    }
    for key in plain.keys().filter(|k| !en_plain.contains_key(*k)) {
        found.push(format!("{code}: {key} is not in English"));
    }
    for (key, english) in &en_plain {
        if let Some(text) = plain.get(key)
            && placeholders(text) != placeholders(english)
        {
            found.push(format!(
                "{code}: {key} has placeholders {:?}, English {:?}",
                placeholders(text),
                placeholders(english)
            ));
        }
    }
    let (needed, allowed) = leadbook::i18n::categories(lang);
    for key in en_counting.keys().filter(|k| !counting.contains_key(*k)) {
        found.push(format!("{code}: missing counting text {key}"));
    }
    for key in counting.keys().filter(|k| !en_counting.contains_key(*k)) {
        found.push(format!("{code}: counting text {key} is not in English"));
    }
    for (key, forms) in &counting {
        let Some(english) = en_counting.get(key) else {
            continue;
        };
        let wanted = placeholders(&english["other"]);
        for cat in &needed {
            if !forms.contains_key(*cat) {
                found.push(format!("{code}: {key} lacks the '{cat}' form"));
            }
        }
        for (cat, text) in forms {
            if !allowed.contains(&cat.as_str()) {
                found.push(format!(
                    "{code}: {key}.{cat} is not a plural form of {code}"
                ));
            }
            // The singular may say "one" in words instead of %{count}.
            let ok = placeholders(text) == wanted
                || (cat == "one" && placeholders(text).is_subset(&wanted));
            if !ok {
                found.push(format!(
                    "{code}: {key}.{cat} has placeholders {:?}, English {wanted:?}",
                    placeholders(text)
                ));
            }
        }
    }
    found
}

#[test]
fn every_catalogue_has_exactly_the_english_keys_placeholders_and_plural_forms() {
    let compiled = leadbook::i18n::catalogue("en").len();
    assert!(
        compiled > 500,
        "the English catalogue is compiled in ({compiled} keys)"
    );
    let all: Vec<String> = Lang::ALL.into_iter().flat_map(problems).collect();
    assert!(all.is_empty(), "{} catalogue problems: {all:#?}", all.len());
}

#[test]
fn the_parity_check_sees_a_missing_key_and_a_wrong_placeholder() {
    // The check above is only as good as its parts: they must see the defects it looks for.
    assert_eq!(
        placeholders("%{count} di %{name}"),
        BTreeSet::from(["count".into(), "name".into()])
    );
    let (_, counting) = catalogue(Lang::En);
    assert!(
        counting.contains_key("merge.done"),
        "counting texts are found as groups"
    );
    let (needed, allowed) = leadbook::i18n::categories(Lang::Ru);
    assert_eq!(needed, ["few", "many", "one", "other"]);
    assert!(allowed.contains(&"few"));
    assert_eq!(leadbook::i18n::categories(Lang::En).0, ["one", "other"]);
}

/// Keys built at run time from an enum or a table: each must have an English text (and so,
/// by the parity test, a text in every language).
fn dynamic_keys() -> Vec<String> {
    use leadbook::domain::customers::list::Show;
    use leadbook::domain::listing::{GroupBy, Preset};
    use leadbook::domain::models::identities::IdentityChannel;
    use leadbook::domain::models::leads::Channel;
    use leadbook::domain::models::leads::fields::{FIELDS, LeadField};
    use leadbook::domain::models::partners::PartnerKind;
    let mut keys: Vec<String> = Vec::new();
    keys.extend(
        FIELDS
            .iter()
            .filter(|f| f.tracked)
            .map(|f| format!("track.{}", LeadField::name(f))),
    );
    keys.extend(Preset::ALL.iter().map(|p| format!("filter.{}", p.as_str())));
    keys.extend(
        leadbook::domain::audit::Action::ALL
            .iter()
            .map(|a| a.label_key()),
    );
    keys.extend(
        leadbook::domain::audit::TargetKind::ALL
            .iter()
            .map(|k| format!("audit.target_{}", k.as_str())),
    );
    keys.extend(GroupBy::ALL.iter().map(|g| format!("group.{}", g.as_str())));
    keys.extend(
        Channel::ALL
            .iter()
            .map(|c| format!("channel.{}", c.as_str())),
    );
    keys.extend(
        IdentityChannel::ALL
            .iter()
            .map(|c| format!("channel.{}", c.as_str())),
    );
    keys.extend(
        PartnerKind::ALL
            .iter()
            .map(|k| format!("customers.{}", k.as_str())),
    );
    keys.extend(
        PartnerKind::ALL
            .iter()
            .map(|k| format!("customer_merge.kind_{}", k.as_str())),
    );
    keys.extend(
        Show::ALL
            .iter()
            .map(|s| format!("customers.show_{}", s.as_str())),
    );
    keys.extend(
        leadbook::domain::models::users::Role::ALL
            .iter()
            .map(|r| r.label_key().to_string()),
    );
    keys.extend(
        leadbook::domain::import::Field::choices().map(leadbook::domain::import::Field::label_key),
    );
    keys
}

#[test]
fn every_key_built_at_run_time_has_an_english_text() {
    let keys = dynamic_keys();
    assert!(
        keys.len() > 40,
        "the enums are enumerated ({} keys)",
        keys.len()
    );
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| leadbook::tr("en", k) == **k)
        .collect();
    assert!(
        missing.is_empty(),
        "keys without English text: {missing:#?}"
    );
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
