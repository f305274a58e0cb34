//! The whole-database scan: rebuilding the keys, the CSV of pairs, and who may scan.

use crate::support::similar::{actor, duplicate_of, lead, setup};
use leadbook::domain::similarity::{rebuild_all, scan, scan_to_csv};

#[test]
fn rebuild_all_restores_the_keys_and_the_scan_writes_csv_pairs() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(
        c,
        w.admin,
        &[("email", "dup@example.org"), ("external_id", "EXT-1")],
    );
    let b = lead(c, w.admin, &[("email", "dup@example.org")]);
    {
        use diesel::prelude::*;
        diesel::delete(leadbook::db::schema::match_keys::table)
            .execute(c)
            .unwrap();
    }
    assert!(
        duplicate_of(c, &me, a, b).is_none(),
        "no keys, no candidates"
    );
    assert_eq!(rebuild_all(c).unwrap(), 2);
    assert!(duplicate_of(c, &me, a, b).is_some());
    let mut out = Vec::new();
    assert_eq!(scan_to_csv(c, &mut out).unwrap(), 1);
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with(
        "a_type,a_id,a_external_id,b_type,b_id,b_external_id,score,probability,cluster,reasons\n"
    ));
    assert!(
        text.contains(&format!("lead,{},EXT-1,lead,{},,", a.0, b.0))
            && text.contains(",1,same email dup@example.org +"),
        "{text}"
    );
}

#[test]
fn a_salesperson_cannot_scan_and_sees_a_hidden_match_without_access() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let sales = actor(c, w.sales);
    let mine = lead(
        c,
        w.sales,
        &[
            ("salesperson_id", &w.sales.0.to_string()),
            ("email", "z@example.org"),
        ],
    );
    let theirs = lead(
        c,
        w.admin,
        &[
            ("salesperson_id", &w.other_sales.0.to_string()),
            ("email", "z@example.org"),
        ],
    );
    assert!(scan(c, &sales, 10).is_err());
    let m = duplicate_of(c, &sales, mine, theirs).expect("the match exists");
    assert!(!m.visible);
    assert_eq!(m.record.owner.as_deref(), Some("Linh Tran"));
}
