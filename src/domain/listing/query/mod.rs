//! The list view's data: one page of rows (sorted, with a stable tiebreak on the id), the
//! total count and revenue, or the groups with their counts and revenue sums. Names of
//! stages, users, teams and reasons are looked up once per page ([`Names`]).

mod grouped;
mod names;

use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::leads;
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::ids::{LeadId, LostReasonId, StageId, TeamId, UserId};
use crate::domain::listing::totals::sum_revenue;
use crate::domain::listing::{LeadFilter, PAGE_SIZE, Predicate, SEARCH_COUNT_CAP, SortKey};
use crate::domain::models::leads::Kind;

use crate::i18n::Msg;
pub use names::Names;

/// One list row, names resolved.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = leads)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct Row {
    pub id: LeadId,
    pub kind: Kind,
    pub title: String,
    pub contact_name: Option<String>,
    pub company_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The phone in E.164 when it was understood (the `tel:` link's number).
    pub phone_e164: Option<String>,
    pub expected_revenue: i64,
    pub probability: i32,
    pub priority: i32,
    pub stage_id: Option<StageId>,
    pub salesperson_id: Option<UserId>,
    pub team_id: Option<TeamId>,
    pub active: bool,
    pub lost_reason_id: Option<LostReasonId>,
    pub created_at: chrono::NaiveDateTime,
}

/// A group of the list: the value (None = not set), its label, count and revenue, and its
/// first [`GROUP_ROWS`] rows in the list's order (none beyond the first [`GROUPS_WITH_ROWS`]
/// groups).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub key: Option<i32>,
    pub label: String,
    pub count: i64,
    pub revenue: i64,
    pub rows: Vec<Row>,
}

pub use grouped::{GROUP_ROWS, GROUPS_WITH_ROWS};

/// What a list page shows.
#[derive(Debug, Clone)]
pub struct ListPage {
    pub rows: Vec<Row>,
    pub groups: Vec<Group>,
    pub total: i64,
    pub revenue: i64,
    /// A search with more than [`SEARCH_COUNT_CAP`] matches: `total` is the cap and
    /// `revenue` is not known.
    pub capped: bool,
    pub page: i64,
    pub pages: i64,
    pub names: Names,
    /// The filter's notices plus those found against the database.
    pub notices: Vec<Msg>,
}

/// Drops ids that name no record, with a notice.
fn check_ids(filter: &mut LeadFilter, names: &Names) {
    let mut notices = Vec::new();
    let before = filter.reasons.len();
    filter
        .reasons
        .retain(|r| names.reasons.contains_key(&LostReasonId(*r)));
    if filter.reasons.len() < before {
        notices.push(Msg::new("msg.list.no_reasons"));
    }
    let stage = filter.stage.map(StageId);
    let user = filter.salesperson.map(UserId);
    let team = filter.team.map(TeamId);
    for (value, unknown, what) in [
        (
            &mut filter.stage,
            stage.is_some_and(|id| !names.stages.contains_key(&id)),
            "msg.list.no_stage",
        ),
        (
            &mut filter.salesperson,
            user.is_some_and(|id| !names.users.contains_key(&id)),
            "msg.list.no_salesperson",
        ),
        (
            &mut filter.team,
            team.is_some_and(|id| !names.teams.contains_key(&id)),
            "msg.list.no_team",
        ),
    ] {
        if unknown {
            notices.push(Msg::new(what));
            *value = None;
        }
    }
    filter.notices.extend(notices);
}

fn sorted_page(
    conn: &mut DbConn,
    pred: Predicate,
    filter: &LeadFilter,
    offset: i64,
    limit: i64,
) -> DomainResult<Vec<Row>> {
    let q = leads::table
        .filter(pred)
        .select(Row::as_select())
        .into_boxed();
    let q = match (filter.sort, filter.desc) {
        (SortKey::Created, true) => q.order(leads::id.desc()),
        (SortKey::Created, false) => q.order(leads::id.asc()),
        (SortKey::Title, true) => q.order(leads::title.desc()),
        (SortKey::Title, false) => q.order(leads::title.asc()),
        (SortKey::Contact, true) => q.order(leads::contact_name_key.desc()),
        (SortKey::Contact, false) => q.order(leads::contact_name_key.asc()),
        (SortKey::Company, true) => q.order(leads::company_name_key.desc()),
        (SortKey::Company, false) => q.order(leads::company_name_key.asc()),
        (SortKey::Revenue, true) => q.order(leads::expected_revenue.desc()),
        (SortKey::Revenue, false) => q.order(leads::expected_revenue.asc()),
        (SortKey::Probability, true) => q.order(leads::probability.desc()),
        (SortKey::Probability, false) => q.order(leads::probability.asc()),
        (SortKey::Priority, true) => q.order(leads::priority.desc()),
        (SortKey::Priority, false) => q.order(leads::priority.asc()),
    };
    let q = if filter.desc {
        q.then_order_by(leads::id.desc())
    } else {
        q.then_order_by(leads::id.asc())
    };
    Ok(q.offset(offset).limit(limit).load(conn)?)
}

/// One page of the list (or its groups) for `filter`, as `actor` may see it.
pub fn list(conn: &mut DbConn, actor: &Actor, filter: &LeadFilter) -> DomainResult<ListPage> {
    let names = Names::load(conn)?;
    let mut filter = filter.clone();
    check_ids(&mut filter, &names);
    let won = names.won_stages.clone();
    let (totals, found) = totals(conn, actor, &filter, &won)?;
    let mut pages = ((totals.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let mut notices = filter.notices.clone();
    let mut page = filter.page;
    if page > pages && !totals.capped {
        notices.push(
            Msg::new("msg.list.page_beyond")
                .text("page", page.to_string())
                .text("pages", pages.to_string()),
        );
        page = pages;
    }
    let (rows, groups) = match filter.group {
        Some(by) => (
            Vec::new(),
            grouped::groups(conn, actor, &filter, by, &names)?,
        ),
        None => {
            let offset = (page - 1) * PAGE_SIZE;
            let at_hand = FoundPage {
                found: &found,
                capped: totals.capped,
                offset,
            };
            let rows = page_rows(conn, actor, &filter, &won, &at_hand)?;
            (rows, Vec::new())
        }
    };
    if totals.capped {
        // Beyond the cap the number of pages is unknown: there is a next page while this
        // one is full.
        pages = page + i64::from(rows.len() as i64 == PAGE_SIZE);
    }
    Ok(ListPage {
        rows,
        groups,
        total: totals.total,
        revenue: totals.revenue,
        capped: totals.capped,
        page,
        pages,
        names,
        notices,
    })
}

/// What the list counts for a filter: see [`ListPage`]'s fields of the same names.
struct Totals {
    total: i64,
    revenue: i64,
    capped: bool,
}

/// The filter's count and revenue: from the running totals when they answer it, else
/// counted; a search is counted from its newest matches (up to the cap), which are returned
/// too, since page one comes from them.
fn totals(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    won: &[StageId],
) -> DomainResult<(Totals, Vec<(i32, i64)>)> {
    if let Some((total, revenue)) = crate::domain::listing::totals::total(conn, actor, filter, won)?
    {
        let capped = false;
        return Ok((
            Totals {
                total,
                revenue,
                capped,
            },
            Vec::new(),
        ));
    }
    if filter.search.is_empty() {
        let (total, revenue): (i64, i64) = leads::table
            .filter(filter.predicate(actor, won))
            .select((count_star(), sum_revenue()))
            .first(conn)?;
        let capped = false;
        return Ok((
            Totals {
                total,
                revenue,
                capped,
            },
            Vec::new(),
        ));
    }
    let found = capped_search(conn, filter.predicate(actor, won))?;
    let capped = found.len() as i64 > SEARCH_COUNT_CAP;
    let revenue = if capped {
        0
    } else {
        found.iter().map(|f| f.1).sum()
    };
    let total = found.len().min(SEARCH_COUNT_CAP as usize) as i64;
    Ok((
        Totals {
            total,
            revenue,
            capped,
        },
        found,
    ))
}

/// A search's matches at hand (id, revenue; newest first), and the page wanted of them.
struct FoundPage<'a> {
    found: &'a [(i32, i64)],
    capped: bool,
    offset: i64,
}

/// The rows of the page starting at `at.offset`: taken from the search's matches when they
/// are at hand in the order asked (newest first), else read sorted.
fn page_rows(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    won: &[StageId],
    at: &FoundPage,
) -> DomainResult<Vec<Row>> {
    let newest_first = filter.sort == SortKey::Created && filter.desc;
    let known = !at.capped || at.offset + PAGE_SIZE <= at.found.len() as i64;
    if !at.found.is_empty() && newest_first && known {
        // The search's matches, newest first, are already at hand.
        let ids: Vec<i32> = at
            .found
            .iter()
            .skip(at.offset as usize)
            .take(PAGE_SIZE as usize)
            .map(|f| f.0)
            .collect();
        return rows_in_order(conn, ids);
    }
    sorted_page(
        conn,
        filter.predicate(actor, won),
        filter,
        at.offset,
        PAGE_SIZE,
    )
}

/// The newest [`SEARCH_COUNT_CAP`] + 1 matches of a search (id, revenue): their number is
/// the count shown ("1000+" when all were found), and page one comes from them.
fn capped_search(conn: &mut DbConn, pred: Predicate) -> DomainResult<Vec<(i32, i64)>> {
    Ok(leads::table
        .filter(pred)
        .order(leads::id.desc())
        .select((leads::id, leads::expected_revenue))
        .limit(SEARCH_COUNT_CAP + 1)
        .load(conn)?)
}

/// These rows, newest first.
fn rows_in_order(conn: &mut DbConn, ids: Vec<i32>) -> DomainResult<Vec<Row>> {
    Ok(leads::table
        .filter(leads::id.eq_any(ids))
        .order(leads::id.desc())
        .select(Row::as_select())
        .load(conn)?)
}

/// Every row of `filter` (all pages), sorted as the list, for exports.
pub fn all_rows(conn: &mut DbConn, actor: &Actor, filter: &LeadFilter) -> DomainResult<Vec<Row>> {
    let names = Names::load(conn)?;
    let mut filter = filter.clone();
    check_ids(&mut filter, &names);
    sorted_page(
        conn,
        filter.predicate(actor, &names.won_stages),
        &filter,
        0,
        i64::MAX,
    )
}

/// The visible rows among `ids`, by id.
pub fn rows_by_id(conn: &mut DbConn, actor: &Actor, ids: &[i32]) -> DomainResult<Vec<Row>> {
    Ok(leads::table
        .filter(leads::id.eq_any(ids.to_vec()))
        .filter(crate::domain::access::visible_to(actor))
        .order(leads::id.asc())
        .select(Row::as_select())
        .load(conn)?)
}
