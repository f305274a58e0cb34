//! Helpers of the duplicate-finder tests: a database with the shared world, leads made from
//! field lists, and the match of one lead among another's similar records.

use leadbook::db::{DbConn, DbPool};
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{LeadId, UserId};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::similarity::{self, Class, Match};

use super::{DbGuard, LeadBuilder, World, fresh_pool};

/// A fresh database with the shared fixtures.
pub fn setup() -> (DbPool, DbGuard, World) {
    let (pool, guard) = fresh_pool();
    let world = World::create(&mut pool.get().unwrap());
    (pool, guard, world)
}

#[allow(unused_imports)]
pub use super::actor;

/// A record of `kind` with these form fields (title "A lead" unless given).
pub fn create(conn: &mut DbConn, author: UserId, kind: Kind, fields: &[(&str, &str)]) -> LeadId {
    LeadBuilder::new("A lead")
        .fields(fields)
        .kind(kind)
        .by(author)
        .create(conn)
        .id
}

/// A lead with these form fields.
pub fn lead(conn: &mut DbConn, author: UserId, fields: &[(&str, &str)]) -> LeadId {
    create(conn, author, Kind::Lead, fields)
}

/// The lead `id` among matches (customers left out).
pub fn find(found: &[Match], id: LeadId) -> Option<&Match> {
    found
        .iter()
        .find(|m| !m.record.is_customer && m.record.id == id.0)
}

/// `b` as a probable duplicate among `a`'s similar records.
pub fn duplicate_of(conn: &mut DbConn, me: &Actor, a: LeadId, b: LeadId) -> Option<Match> {
    let found = similarity::similar_to(conn, me, a).unwrap();
    find(&found, b)
        .filter(|m| m.class == Class::Duplicate)
        .cloned()
}
