//! CSV import as a manager uses it through the domain: bad rows are reported by row and
//! column while the rest is imported, each duplicate policy does what its name says, an
//! exported file reads back as the same records, and re-importing a file with external ids
//! updates instead of duplicating.

mod columns;
mod export;
mod headers;
mod importer_country;
mod jobs;
mod policies;
mod retention;

use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::leads;
use leadbook::domain::access::Actor;
use leadbook::domain::import::{self, Mapping, Options, Policy, Report, Source};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::users;

fn actor(conn: &mut DbConn, login: &str) -> Actor {
    let user = users::find_by_login(conn, login).unwrap();
    let teams = users::team_ids(conn, user.id).unwrap();
    Actor::new(&user, teams)
}

fn run(conn: &mut DbConn, file: &str, policy: Policy) -> Report {
    let manager = actor(conn, "manager");
    let mut source = Source::open(file.as_bytes()).unwrap();
    let mapping = Mapping::guess(&source.headers);
    let options = Options {
        policy,
        kind: Kind::Lead,
        large: false,
    };
    import::import(
        conn,
        &manager,
        &mut source,
        &mapping,
        &options,
        &mut |_, _| Ok(()),
    )
    .unwrap()
}

fn count(conn: &mut DbConn) -> i64 {
    leads::table
        .filter(leads::merged_into_id.is_null())
        .count()
        .get_result(conn)
        .unwrap()
}

const PEOPLE: &str = "\
title,contact_name,email,phone,salesperson,stage,tags
Boiler,Mario Rossi,mario@rossi.it,+39 333 123 4567,sales,New,vip
Heat pump,Anna Bianchi,anna@bianchi.it,,manager,Qualified,
Solar,Linh Tran,linh@tran.vn,,,,\"fair, vip\"
";

/// The stored lead of a file's row, by its external id.
fn by_external_id(conn: &mut DbConn, id: &str) -> leadbook::domain::models::leads::Lead {
    use leadbook::domain::models::leads::Lead;
    leads::table
        .filter(leads::external_id.eq(id))
        .select(Lead::as_select())
        .first(conn)
        .unwrap()
}
