//! Every profile of the database, page by page: a page's profiles are built while the next
//! page is read (bulk work: rebuilding keys, the database-wide scan).

use diesel::prelude::*;

use super::build::{LeadRow, PartnerRow};
use super::load::{IdentityRow, attach, build_all};
use super::record::Profile;
use crate::db::DbConn;
use crate::db::schema::{identities, leads, partners};
use crate::domain::DomainResult;

/// Pages through every lead (by id, `page` at a time), then every partner, handing each page
/// of profiles to `f`. Bulk work (rebuilding keys, the database-wide scan) uses it. A page's
/// profiles are built in the background while the next page is read.
pub fn for_each_page(
    conn: &mut DbConn,
    page: i64,
    mut f: impl FnMut(&mut DbConn, Vec<Profile>) -> DomainResult<()>,
) -> DomainResult<()> {
    let leads = |conn: &mut DbConn, after: i32| -> DomainResult<Vec<LeadRow>> {
        Ok(leads::table
            .filter(leads::id.gt(after))
            .filter(leads::merged_into_id.is_null())
            .order(leads::id.asc())
            .limit(page)
            .select(LeadRow::as_select())
            .load(conn)?)
    };
    let lead_idents = |conn: &mut DbConn, after: i32, last: i32| {
        identities_of(
            conn,
            identities::lead_id
                .gt(after)
                .and(identities::lead_id.le(last)),
        )
    };
    pipelined(
        conn,
        leads,
        lead_idents,
        |r| r.id,
        Profile::from_lead,
        &mut f,
    )?;
    let partners = |conn: &mut DbConn, after: i32| -> DomainResult<Vec<PartnerRow>> {
        Ok(partners::table
            .filter(partners::id.gt(after))
            .filter(partners::merged_into_id.is_null())
            .order(partners::id.asc())
            .limit(page)
            .select(PartnerRow::as_select())
            .load(conn)?)
    };
    let partner_idents = |conn: &mut DbConn, after: i32, last: i32| {
        identities_of(
            conn,
            identities::partner_id
                .gt(after)
                .and(identities::partner_id.le(last)),
        )
    };
    pipelined(
        conn,
        partners,
        partner_idents,
        |r| r.id,
        Profile::from_partner,
        &mut f,
    )
}

/// The identities matching `which`, as profiles need them.
fn identities_of<W>(conn: &mut DbConn, which: W) -> DomainResult<Vec<IdentityRow>>
where
    W: diesel::BoxableExpression<
            identities::table,
            crate::db::Backend,
            SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
        > + 'static,
{
    Ok(identities::table
        .filter(Box::new(which)
            as Box<
                dyn diesel::BoxableExpression<
                        identities::table,
                        crate::db::Backend,
                        SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
                    >,
            >)
        .select((
            identities::lead_id,
            identities::partner_id,
            identities::channel,
            identities::handle_norm,
        ))
        .load(conn)?)
}

/// [`for_each_page`] over one table: `load` reads the page after an id, `idents` the
/// identities of the rows from one id (excluded) to another, `id` is a row's id, `build`
/// makes its profile.
fn pipelined<R: Send>(
    conn: &mut DbConn,
    mut load: impl FnMut(&mut DbConn, i32) -> DomainResult<Vec<R>>,
    mut idents: impl FnMut(&mut DbConn, i32, i32) -> DomainResult<Vec<IdentityRow>>,
    id: fn(&R) -> i32,
    build: fn(R) -> Profile,
    f: &mut impl FnMut(&mut DbConn, Vec<Profile>) -> DomainResult<()>,
) -> DomainResult<()> {
    std::thread::scope(|s| {
        let mut building: Option<std::thread::ScopedJoinHandle<'_, Vec<Profile>>> = None;
        let mut after = 0;
        loop {
            let rows = load(conn, after)?;
            let next = match rows.last().map(id) {
                Some(last) => {
                    let found = idents(conn, after, last)?;
                    after = last;
                    Some((rows, found))
                }
                None => None,
            };
            if let Some(handle) = building.take() {
                let profiles = handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                f(conn, profiles)?;
            }
            let Some((rows, found)) = next else {
                return Ok(());
            };
            building = Some(s.spawn(move || {
                let mut profiles = build_all(rows, build);
                attach(&mut profiles, found);
                profiles
            }));
        }
    })
}
