//! The chatter stores what happened, not English: every system message holds an event (a
//! catalogue key and its arguments) with an empty body, and every key the code posts is in
//! the English catalogue.

use crate::support::lost::lose;
use crate::support::{World, actor, fresh_pool};
use leadbook::domain::models::chatter::{self, Message, MessageKind};
use leadbook::domain::models::stages;
use leadbook::domain::records;
use leadbook::domain::wizards::lost::ReasonChoice;
use leadbook::domain::wizards::merge::Merge;
use leadbook::domain::wizards::merge::undo::undo;
use leadbook::domain::wizards::{archive, restore};

/// The newest message of `kind`, which must be an event with no English body.
fn event_of(log: &[Message], kind: MessageKind, key: &str) -> Message {
    let m = log
        .iter()
        .find(|m| m.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} message"))
        .clone();
    let event = m
        .event
        .as_ref()
        .unwrap_or_else(|| panic!("{kind:?}: no event"));
    assert_eq!(event.key, key);
    assert!(
        m.body.is_empty(),
        "{kind:?} stores no sentence: {:?}",
        m.body
    );
    m
}

#[test]
fn merge_undo_lost_restore_stage_and_archive_store_events() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let sales = actor(conn, w.sales);
    let a = w.sales_lead("Alpha").create(conn);
    let b = w.sales_lead("Beta").create(conn);
    let done = Merge::new(vec![a.id, b.id]).apply(conn, &sales).unwrap();
    let log = chatter::for_lead(conn, a.id).unwrap();
    let merge = event_of(&log, MessageKind::Merge, "event.merge.leads");
    assert!(
        merge.text().starts_with("Merged 2 records into"),
        "{}",
        merge.text()
    );
    undo(conn, &sales, done.merge_id).unwrap();
    let log = chatter::for_lead(conn, a.id).unwrap();
    let undone = event_of(&log, MessageKind::Restore, "event.merge.undone");
    assert!(undone.text().contains("Beta"));

    let stage = stages::list(conn).unwrap().into_iter().nth(1).unwrap();
    records::set_stage(conn, &sales, a.id, stage.id).unwrap();
    let log = chatter::for_lead(conn, a.id).unwrap();
    let moved = event_of(&log, MessageKind::Stage, "event.lead.stage_changed");
    let change = moved
        .changes
        .iter()
        .find(|c| c.field == "stage_id")
        .unwrap();
    assert_eq!(change.new_name.as_deref(), Some(stage.name.as_str()));

    lose(conn, w.sales, a.id, ReasonChoice::None);
    let log = chatter::for_lead(conn, a.id).unwrap();
    event_of(&log, MessageKind::Lost, "event.lead.lost");
    restore::restore(conn, &sales, &[a.id]).unwrap();
    let log = chatter::for_lead(conn, a.id).unwrap();
    event_of(&log, MessageKind::Restore, "event.lead.restored");
    archive::archive(conn, &sales, &[a.id]).unwrap();
    let log = chatter::for_lead(conn, a.id).unwrap();
    let archived = event_of(&log, MessageKind::Log, "event.lead.archived");
    assert_eq!(archived.text(), "Archived");
}

/// The `"event.…"` literals of the source files under `dir`.
fn posted_keys(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            posted_keys(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split("\"event.").skip(1) {
                let key: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                    .collect();
                if piece[key.len()..].starts_with('"') {
                    out.push((format!("event.{key}"), path.display().to_string()));
                }
            }
        }
    }
}

#[test]
fn every_event_key_the_code_posts_is_in_the_english_catalogue() {
    let mut keys = Vec::new();
    posted_keys(std::path::Path::new("src"), &mut keys);
    assert!(keys.len() > 20, "the scan finds the events: {keys:?}");
    for (key, file) in keys {
        let known = |k: &str| leadbook::i18n::tr("en", k) != k;
        assert!(
            known(&key) || known(&format!("{key}.other")),
            "{key} (posted in {file}) is missing from locales/en.yml"
        );
    }
}
