//! Customer merge: leads, people, messengers and chatter move to the survivor and come back
//! on Undo; only managers and admins merge customers; the similar customers of a customer.

use crate::support::{World, actor, fresh_pool};
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::{identities, leads, match_keys, messages, partners};
use leadbook::domain::DomainError;
use leadbook::domain::ids::{Owner, PartnerId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::identities::{self as ident, IdentityChannel};
use leadbook::domain::models::partners::{self as model, PartnerInput};
use leadbook::domain::similarity::customers::similar_customers;
use leadbook::domain::wizards::merge::customer_journal::undo;
use leadbook::domain::wizards::merge::customers::CustomerMerge;

fn customer(conn: &mut DbConn, kind: &str, name: &str, email: &str, company: &str) -> PartnerId {
    let input = PartnerInput {
        kind: kind.into(),
        name: name.into(),
        email: email.into(),
        company_id: company.into(),
        ..PartnerInput::default()
    };
    model::create(conn, &input).expect("customer").id
}

/// Who points where: (lead, partner), (person, company), (identity, partner), (message,
/// partner, body), and every customer's columns.
type Pointers = (
    Vec<(i32, Option<i32>)>,
    Vec<(i32, Option<i32>)>,
    Vec<(i32, Option<i32>)>,
    Vec<(i32, Option<i32>, String)>,
    Vec<model::Partner>,
);

fn pointers(conn: &mut DbConn) -> Pointers {
    (
        leads::table
            .select((leads::id, leads::partner_id))
            .order(leads::id)
            .load(conn)
            .unwrap(),
        partners::table
            .select((partners::id, partners::company_id))
            .order(partners::id)
            .load(conn)
            .unwrap(),
        identities::table
            .select((identities::id, identities::partner_id))
            .order(identities::id)
            .load(conn)
            .unwrap(),
        messages::table
            .filter(messages::partner_id.is_not_null())
            .select((messages::id, messages::partner_id, messages::body))
            .order(messages::id)
            .load(conn)
            .unwrap(),
        partners::table
            .select(model::Partner::as_select())
            .order(partners::id)
            .load(conn)
            .unwrap(),
    )
}

/// Two companies that are one (`keep`, `gone`), a person of `gone`, a lead linked to
/// `gone`, a messenger and a note on `gone`.
fn northwind(conn: &mut DbConn, w: &World) -> (PartnerId, PartnerId, PartnerId, i32) {
    let keep = customer(
        conn,
        "company",
        "Northwind Traders",
        "info@northwind.test",
        "",
    );
    let gone = customer(
        conn,
        "company",
        "Northwind Traders Ltd",
        "info@northwind.test",
        "",
    );
    let person = customer(
        conn,
        "person",
        "Robin Hale",
        "robin@northwind.test",
        &gone.to_string(),
    );
    let lead = w.sales_lead("Desks").partner(gone).create(conn);
    ident::add(
        conn,
        Owner::Partner(gone),
        IdentityChannel::Telegram,
        "@northwind",
        "IT",
    )
    .unwrap();
    let manager = actor(conn, w.manager);
    chatter::post(
        conn,
        Owner::Partner(gone),
        Some(manager.id),
        MessageKind::Note,
        "VIP",
        &[],
    )
    .unwrap();
    (keep, gone, person, lead.id.0)
}

#[test]
fn a_customer_merge_moves_leads_people_and_messengers_and_undo_restores_them() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let manager = actor(conn, w.manager);
    let (keep, gone, person, lead) = northwind(conn, &w);
    let before = pointers(conn);
    let done = CustomerMerge {
        ids: vec![gone, keep],
        primary: Some(keep),
    }
    .apply(conn, &manager)
    .unwrap();
    assert_eq!((done.survivor, done.merged.clone()), (keep, vec![gone]));
    let lead_partner: Option<i32> = leads::table
        .find(lead)
        .select(leads::partner_id)
        .first(conn)
        .unwrap();
    assert_eq!(lead_partner, Some(keep.0), "the lead moves to the survivor");
    assert_eq!(model::find(conn, person).unwrap().company_id, Some(keep));
    assert_eq!(ident::for_partner(conn, keep).unwrap().len(), 1);
    let merged = model::find(conn, gone).unwrap();
    assert_eq!(merged.merged_into_id, Some(keep));
    assert!(!merged.active, "the merged-away customer is archived");
    let chatter = chatter::for_partner(conn, keep).unwrap();
    assert!(
        chatter
            .iter()
            .any(|m| m.body.contains("VIP") && m.body.starts_with("[From"))
    );
    assert!(
        chatter.iter().any(|m| m.kind == MessageKind::Merge
            && format!("{:?}", m.event).contains("Northwind Traders Ltd")),
        "the merge message names every value"
    );
    let keys: i64 = match_keys::table
        .filter(match_keys::partner_id.eq(gone.0))
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(keys, 0, "the merged-away customer is no longer a match");

    let back = undo(conn, &manager, done.merge_id).unwrap();
    assert_eq!(back.restored, vec![gone]);
    let after = pointers(conn);
    assert_eq!(after.0, before.0, "leads point where they did");
    assert_eq!(after.1, before.1, "people belong where they did");
    assert_eq!(after.2, before.2, "messengers are back");
    assert_eq!(after.4, before.4, "both customers' fields are back");
    let old_messages: Vec<_> = after.3.iter().filter(|m| before.3.contains(m)).collect();
    assert_eq!(old_messages.len(), before.3.len(), "the chatter is back");
    assert!(matches!(
        undo(conn, &manager, done.merge_id),
        Err(DomainError::Conflict(_))
    ));
}

#[test]
fn a_salesperson_may_not_merge_customers() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let sales = actor(conn, w.sales);
    let (keep, gone, _, _) = northwind(conn, &w);
    let wizard = CustomerMerge {
        ids: vec![keep, gone],
        primary: None,
    };
    assert!(!wizard.preview(conn, &sales).unwrap().allowed);
    let before = pointers(conn);
    assert!(matches!(
        wizard.apply(conn, &sales),
        Err(DomainError::Forbidden)
    ));
    assert_eq!(pointers(conn), before, "nothing changed");
    let admin = actor(conn, w.admin);
    let done = wizard.apply(conn, &admin).unwrap();
    assert!(matches!(
        undo(conn, &sales, done.merge_id),
        Err(DomainError::Forbidden)
    ));
}

#[test]
fn bad_merges_are_refused_with_a_clear_error() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let manager = actor(conn, w.manager);
    let (keep, gone, person, _) = northwind(conn, &w);
    let merge = |ids: Vec<PartnerId>| CustomerMerge { ids, primary: None };
    assert!(matches!(
        merge(vec![keep, person]).apply(conn, &manager),
        Err(DomainError::Invalid(e)) if e.contains_key("ids")
    ));
    assert!(matches!(
        merge(vec![keep]).apply(conn, &manager),
        Err(DomainError::Invalid(_))
    ));
    assert!(matches!(
        CustomerMerge::parse(&["1".into(), "x".into()], ""),
        Err(DomainError::Invalid(_))
    ));
    assert!(matches!(
        merge(vec![keep, PartnerId(9999)]).apply(conn, &manager),
        Err(DomainError::NotFound)
    ));
    merge(vec![keep, gone]).apply(conn, &manager).unwrap();
    assert!(matches!(
        merge(vec![keep, gone]).apply(conn, &manager),
        Err(DomainError::Conflict(_))
    ));
}

#[test]
fn the_similar_customers_of_a_customer_are_scored_with_reasons() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let manager = actor(conn, w.manager);
    let (keep, gone, _, _) = northwind(conn, &w);
    let other = customer(conn, "company", "Contoso", "hello@contoso.test", "");
    let view = similar_customers(conn, &manager, keep).unwrap();
    let found = view
        .matches
        .iter()
        .find(|m| m.record.id == gone.0 && m.record.is_customer)
        .expect("the twin company is similar");
    assert!(found.is_duplicate(), "{found:?}");
    assert!(!found.reasons.is_empty());
    assert!(view.mergeable(found));
    assert!(view.matches.iter().all(|m| m.record.is_customer));
    assert!(view.matches.iter().all(|m| m.record.id != other.0));
    CustomerMerge {
        ids: vec![keep, gone],
        primary: Some(keep),
    }
    .apply(conn, &manager)
    .unwrap();
    let after = similar_customers(conn, &manager, keep).unwrap();
    assert!(after.matches.iter().all(|m| m.record.id != gone.0));
    assert!(matches!(
        similar_customers(conn, &manager, gone),
        Err(DomainError::NotFound)
    ));
}

#[test]
fn a_merged_away_customer_takes_no_edit_and_no_new_lead() {
    let (pool, _guard) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let a = customer(conn, "company", "Acme SpA", "info@acme.test", "");
    let b = customer(conn, "company", "ACME S.p.A.", "info@acme.test", "");
    let manager = actor(conn, w.manager);
    CustomerMerge {
        ids: vec![a, b],
        primary: Some(a),
    }
    .apply(conn, &manager)
    .unwrap();
    let renamed = PartnerInput {
        kind: "company".into(),
        name: "Acme again".into(),
        ..PartnerInput::default()
    };
    let edits = leadbook::domain::records::MessengerEdits::default();
    let edit = leadbook::domain::customers::edit::update(conn, &manager, b, &renamed, &edits);
    assert!(matches!(edit, Err(DomainError::Conflict(_))), "{edit:?}");
    let linked = w
        .sales_lead("Order for the old Acme")
        .partner(b)
        .try_create(conn)
        .unwrap_err();
    let DomainError::Invalid(fields) = linked else {
        panic!("a field error, got {linked:?}")
    };
    assert!(
        fields["partner_id"].to_string().contains(&format!("#{a}")),
        "names the survivor: {fields:?}"
    );
}
