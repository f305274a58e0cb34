//! A person's data (GDPR articles 15 and 17): the export holds every record of the person
//! and nothing of a colleague at the same company; the erasure leaves none of their email,
//! number or handle anywhere in the database (nor in the SQLite file), the finder no longer
//! matches them, and an Undo of a merge after the erasure stays erased.

mod scan;

use crate::support::{DbGuard, LeadBuilder, World, actor, fresh_pool};
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::domain::DomainError;
use leadbook::domain::access::Actor;
use leadbook::domain::audit::{self, AuditFilter, Origin};
use leadbook::domain::ids::{LeadId, Owner, PartnerId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads as lead_model;
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::privacy::{self, Start};
use leadbook::domain::similarity;
use leadbook::domain::wizards::merge::customers::CustomerMerge;
use leadbook::domain::wizards::merge::{Merge, undo};

const EMAIL: &str = "Zoe.Quill@acme-corp.example";
const PHONE: &str = "+44 20 7946 0321";
const PHONE_DIGITS: &str = "442079460321";
const HANDLE: &str = "zoe_quill_77";
const COLLEAGUE: &str = "max.power@acme-corp.example";
/// The company's switchboard, on one of Zoe's leads and on her colleague's.
const SWITCHBOARD: &str = "+44 20 7946 0000";

struct Cast {
    leads: [LeadId; 3],
    customer: PartnerId,
    colleague: LeadId,
}

/// The person in three leads (one with the Telegram handle) and a customer, a note quoting
/// their email on a colleague's lead, and a colleague at the same company domain.
fn cast(conn: &mut DbConn, w: &World) -> Cast {
    let lead = |title: &str| {
        w.sales_lead(title)
            .contact("Zoe Quill")
            .company("Acme Corp")
    };
    let a = lead("Acme roll-out").email(EMAIL).create(conn).id;
    let b = lead("Acme pilot").phone(PHONE).create(conn).id;
    let c = lead("Quill follow-up")
        .field("mobile", SWITCHBOARD)
        .create(conn)
        .id;
    identities::add(
        conn,
        Owner::Lead(a),
        IdentityChannel::Telegram,
        HANDLE,
        "GB",
    )
    .unwrap();
    identities::add(
        conn,
        Owner::Lead(b),
        IdentityChannel::Telegram,
        HANDLE,
        "GB",
    )
    .unwrap();
    identities::add(
        conn,
        Owner::Lead(c),
        IdentityChannel::Telegram,
        HANDLE,
        "GB",
    )
    .unwrap();
    for (id, text) in [
        (a, "Call Zoe on +44 20 7946 0321"),
        (c, "Wrote to zoe.quill@acme-corp.example"),
    ] {
        chatter::post(
            conn,
            Owner::Lead(id),
            Some(w.sales),
            MessageKind::Note,
            text,
            &[],
        )
        .unwrap();
    }
    let customer = customer_of(conn, EMAIL);
    let colleague = w
        .sales_lead("Acme finance")
        .contact("Max Power")
        .company("Acme Corp")
        .email(COLLEAGUE)
        .phone(SWITCHBOARD)
        .create(conn)
        .id;
    let note = format!("Max says Zoe's handle is @{HANDLE}");
    chatter::post(
        conn,
        Owner::Lead(colleague),
        Some(w.sales),
        MessageKind::Note,
        &note,
        &[],
    )
    .unwrap();
    stored_copies(conn, w);
    Cast {
        leads: [a, b, c],
        customer,
        colleague,
    }
}

/// A person customer "Zoe Quill" with this email.
fn customer_of(conn: &mut DbConn, email: &str) -> PartnerId {
    let input = PartnerInput {
        kind: "person".into(),
        name: "Zoe Quill".into(),
        email: email.into(),
        phone: PHONE.into(),
        ..PartnerInput::default()
    };
    partners::create(conn, &input).unwrap().id
}

/// An import file and a webhook payload quoting the person (and the colleague).
fn stored_copies(conn: &mut DbConn, w: &World) {
    let file = format!(
        "Name;E-mail;Phone\nZoe Quill;{EMAIL};{PHONE}\nMax Power;{COLLEAGUE};{SWITCHBOARD}\n"
    );
    diesel::sql_query(format!(
        "INSERT INTO import_jobs (user_id, file_name, content, kind, policy, mapping, state, \
         total, done, report, created_at, updated_at) VALUES ({}, 'people.csv', '{file}', \
         'lead', 'create', '{{}}', 'done', 2, 2, '{{}}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        w.admin.0
    ))
    .execute(conn)
    .unwrap();
    diesel::sql_query(format!(
        "INSERT INTO webhook_events (event_id, event_type, payload, created_at) VALUES \
         ('evt-1', 'lead.created', '{{\"email\":\"{EMAIL}\",\"handle\":\"{HANDLE}\"}}', \
         CURRENT_TIMESTAMP)"
    ))
    .execute(conn)
    .unwrap();
}

fn import_file(conn: &mut DbConn) -> String {
    use leadbook::db::schema::import_jobs;
    import_jobs::table
        .select(import_jobs::content)
        .first(conn)
        .unwrap()
}

fn db_path(guard: &DbGuard) -> Option<std::path::PathBuf> {
    match guard {
        DbGuard::Sqlite(dir) => Some(dir.path().join("test.db")),
        _ => None,
    }
}

fn assert_gone(conn: &mut DbConn, guard: &DbGuard, when: &str) {
    for value in [EMAIL, PHONE, PHONE_DIGITS, HANDLE, "Zoe Quill"] {
        let cells = scan::cells_holding(conn, value);
        assert!(cells.is_empty(), "{when}: {value} still in {cells:?}");
        if let Some(path) = db_path(guard) {
            for form in [value.to_string(), value.to_lowercase()] {
                let files = scan::file_holds(conn, &path, &form);
                assert!(
                    files.is_empty(),
                    "{when}: {form} still in the bytes of {files:?}"
                );
            }
        }
    }
}

#[test]
fn the_export_holds_every_record_of_the_person_and_nothing_of_a_colleague() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let admin = actor(conn, w.admin);
    let cast = cast(conn, &w);
    // A namesake at another company, with an address of her own: another person.
    w.sales_lead("Globex enquiry")
        .contact("Zoe Quill")
        .company("Globex")
        .email("zoe.quill@globex.example")
        .create(conn);
    let data = privacy::export(conn, &admin, Start::Lead(cast.leads[1])).unwrap();
    let (leads, customers) = data.ids();
    assert_eq!(leads, cast.leads.to_vec(), "not the namesake at Globex");
    assert_eq!(customers, vec![cast.customer]);
    let json = privacy::to_json(&data).unwrap();
    let csv = String::from_utf8(privacy::to_csv(&data).unwrap()).unwrap();
    for text in [&json, &csv] {
        assert!(text.contains(EMAIL) && text.contains(PHONE) && text.contains(HANDLE));
        assert!(
            text.contains("Wrote to zoe.quill@acme-corp.example"),
            "chatter exported"
        );
        assert!(
            !text.contains(COLLEAGUE) && !text.contains("Max"),
            "nothing of a colleague"
        );
        assert!(!text.contains("globex"), "nothing of the namesake");
    }
    assert!(csv.starts_with("record,id,section,field,value"));
    let from_customer = privacy::export(conn, &admin, Start::Customer(cast.customer)).unwrap();
    assert_eq!(from_customer.ids(), data.ids());
}

#[test]
fn salespeople_and_managers_may_neither_export_nor_erase() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let cast = cast(conn, &w);
    for user in [w.sales, w.manager] {
        let who = actor(conn, user);
        let start = Start::Lead(cast.leads[0]);
        assert!(matches!(
            privacy::export(conn, &who, start),
            Err(DomainError::Forbidden)
        ));
        assert!(matches!(
            privacy::preview(conn, &who, start),
            Err(DomainError::Forbidden)
        ));
        assert!(matches!(
            privacy::erase(conn, &who, &Origin::command_line(), start),
            Err(DomainError::Forbidden)
        ));
    }
}

#[test]
fn an_erased_person_is_nowhere_in_the_database_and_an_undo_keeps_them_erased() {
    let (pool, guard) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let admin = actor(conn, w.admin);
    let cast = cast(conn, &w);
    let [a, b, c] = cast.leads;
    let first = Merge::new(vec![a, b]).apply(conn, &admin).unwrap();
    undo::undo(conn, &admin, first.merge_id).unwrap();
    let second = Merge::new(vec![a, b]).apply(conn, &admin).unwrap();
    // A second customer record of Zoe's, merged into the first: its journal holds her too.
    let twin = customer_of(conn, &format!("Zoe Quill <{EMAIL}>"));
    let ids = vec![cast.customer.0.to_string(), twin.0.to_string()];
    let primary = cast.customer.0.to_string();
    CustomerMerge::parse(&ids, &primary)
        .unwrap()
        .apply(conn, &admin)
        .unwrap();

    let preview = privacy::preview(conn, &admin, Start::Lead(c)).unwrap();
    assert_eq!(
        (preview.leads, preview.customers),
        (3, 2),
        "the merged-away customer too"
    );
    let before = audit_entries(conn).len();
    let erased = privacy::erase(conn, &admin, &Origin::command_line(), Start::Lead(c)).unwrap();
    let trail = audit_entries(conn);
    assert_eq!(trail.len(), before + 1, "one audit record for the erasure");
    assert_eq!(trail[0].action, "person_erased");
    let named: Vec<String> = trail[0].targets.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(named, [a.0, b.0, c.0].map(|id| id.to_string()));
    assert_eq!(erased.leads, vec![a.0, b.0, c.0]);
    assert_eq!(erased.customers, vec![cast.customer.0, twin.0]);
    assert_eq!(
        erased.lead_merges.len(),
        2,
        "both journal entries rewritten"
    );
    assert_gone(conn, &guard, "after the erasure");

    let colleague = lead_model::find(conn, cast.colleague).unwrap();
    assert_eq!(
        colleague.email.as_deref(),
        Some(COLLEAGUE),
        "a colleague stays"
    );
    assert_eq!(colleague.contact_name.as_deref(), Some("Max Power"));
    assert_eq!(
        colleague.phone.as_deref(),
        Some(SWITCHBOARD),
        "a shared number stays theirs"
    );
    assert_eq!(
        import_file(conn),
        format!("Name;E-mail;Phone\nMax Power;{COLLEAGUE};{SWITCHBOARD}\n"),
        "the person's line left the stored import file"
    );
    let kept = lead_model::find(conn, a).unwrap();
    assert_eq!(kept.contact_name.as_deref(), Some(privacy::ERASED));
    assert_eq!(
        kept.company_name.as_deref(),
        Some("Acme Corp"),
        "the deal stays"
    );

    undo::undo(conn, &admin, second.merge_id).unwrap();
    assert_gone(conn, &guard, "after an undo of the merge");
    let back = lead_model::find(conn, b).unwrap();
    assert_eq!(back.merged_into_id, None);
    assert_eq!(back.phone, None, "the restored record stays erased");

    let fresh = LeadBuilder::new("New enquiry")
        .by(w.admin)
        .contact("Zoe Quill")
        .email(EMAIL)
        .phone(PHONE)
        .create(conn)
        .id;
    identities::add(
        conn,
        Owner::Lead(fresh),
        IdentityChannel::Telegram,
        HANDLE,
        "GB",
    )
    .unwrap();
    let found = similarity::similar_to(conn, &admin, fresh).unwrap();
    let erased_ids = [a.0, b.0, c.0];
    assert!(
        !found
            .iter()
            .any(|m| !m.record.is_customer && erased_ids.contains(&m.record.id)),
        "the finder matches no erased record"
    );
    assert!(
        !found
            .iter()
            .any(|m| m.record.is_customer && m.record.id == cast.customer.0),
        "nor the erased customer"
    );
}

/// The audit trail, newest first.
fn audit_entries(conn: &mut DbConn) -> Vec<audit::Entry> {
    audit::query::all(conn, &Actor::operator(), &AuditFilter::default()).unwrap()
}
