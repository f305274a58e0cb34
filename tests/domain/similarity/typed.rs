//! The lead form's duplicate check: what is typed, before any save, is scored exactly as the
//! record once saved (the same finder, no second scorer), and an edited record is never its
//! own duplicate.

use crate::support::LeadBuilder;
use crate::support::similar::{actor, lead, setup};
use leadbook::domain::ids::Owner;
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::records::{self, MessengerEdits, MessengerInput};
use leadbook::domain::similarity::typed::{Typed, duplicates_of_typed};
use leadbook::domain::similarity::{self, Match};

type Case<'a> = (&'a [(&'a str, &'a str)], Option<(&'a str, &'a str)>);

fn key(m: &Match) -> (bool, i32, u8) {
    (m.record.is_customer, m.record.id, m.score)
}

#[test]
fn what_is_typed_is_scored_as_the_record_once_saved() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    lead(
        c,
        w.admin,
        &[
            ("contact_name", "Robin Banks"),
            ("email", "robin@banks.example"),
        ],
    );
    lead(
        c,
        w.admin,
        &[
            ("contact_name", "Anna Petrova"),
            ("phone", "+39 02 4567 8901"),
        ],
    );
    let tg = lead(c, w.admin, &[("contact_name", "Dmitry Sokolov")]);
    identities::add(
        c,
        Owner::Lead(tg),
        IdentityChannel::Telegram,
        "@dmitry_sokolov",
        "IT",
    )
    .unwrap();
    let cases: [Case; 3] = [
        (
            &[
                ("contact_name", "R. Banks"),
                ("email", "Robin@Banks.example"),
            ],
            None,
        ),
        (&[("phone", "+390245678901")], None),
        (
            &[("contact_name", "Dmitry Sokolov")],
            Some(("telegram", "dmitry_sokolov")),
        ),
    ];
    for (fields, messenger) in cases {
        let input = LeadBuilder::new("Typed").fields(fields).input();
        let rows: Vec<MessengerInput> = messenger
            .map(|(channel, handle)| MessengerInput {
                channel: channel.into(),
                handle: handle.into(),
            })
            .into_iter()
            .collect();
        let typed = Typed {
            input: &input,
            messengers: &rows,
            kind: Kind::Lead,
            editing: None,
        };
        let before = duplicates_of_typed(c, &me, &typed).unwrap();
        assert!(!before.is_empty(), "{fields:?} matches");
        let edits = MessengerEdits {
            add: rows.clone(),
            remove: Vec::new(),
        };
        let saved = records::create(c, &me, &input, &edits).unwrap();
        let after = similarity::warnings_for_new(c, &me, saved.id).unwrap();
        let keys = |found: &[Match]| found.iter().map(key).collect::<Vec<_>>();
        assert_eq!(keys(&before), keys(&after), "{fields:?}");
        let editing = Typed {
            editing: Some(saved.id),
            ..typed
        };
        let edited = duplicates_of_typed(c, &me, &editing).unwrap();
        assert!(
            edited
                .iter()
                .all(|m| m.record.is_customer || m.record.id != saved.id.0),
            "never its own duplicate"
        );
    }
}
