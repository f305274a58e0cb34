//! The pipeline: active opportunities by stage, as the kanban shows them. Each column carries
//! its full count and revenue but only the first cards, so a large database still opens fast.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{leads, users};
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::models::stages::{self, Stage};

/// Cards loaded per column before "load more".
pub const CARDS_PER_COLUMN: i64 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub id: i32,
    pub title: String,
    /// The company, else the contact.
    pub customer: Option<String>,
    pub expected_revenue: i64,
    pub priority: i32,
    pub salesperson: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = leads)]
#[diesel(check_for_backend(crate::db::Backend))]
struct CardRow {
    id: i32,
    title: String,
    company_name: Option<String>,
    contact_name: Option<String>,
    expected_revenue: i64,
    priority: i32,
    salesperson_id: Option<i32>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub stage: Stage,
    pub count: i64,
    pub revenue: i64,
    pub cards: Vec<Card>,
}

type Visible =
    Box<dyn BoxableExpression<leads::table, crate::db::Backend, SqlType = diesel::sql_types::Bool>>;

/// Records the actor may see: managers all, salespeople their own, unassigned and team ones.
pub fn visible_to(actor: &Actor) -> Visible {
    if actor.is_manager() {
        return Box::new(leads::id.eq(leads::id));
    }
    let teams: Vec<i32> = actor.teams.iter().map(|t| t.0).collect();
    Box::new(
        leads::salesperson_id
            .eq(actor.id.0)
            .or(leads::salesperson_id.is_null())
            .or(leads::team_id.eq_any(teams))
            .assume_not_null(),
    )
}

/// Sum of expected revenue as BIGINT on both backends (PostgreSQL sums BIGINT as NUMERIC).
pub fn sum_revenue() -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
    diesel::dsl::sql("CAST(COALESCE(SUM(leads.expected_revenue), 0) AS BIGINT)")
}

pub fn kanban(conn: &mut DbConn, actor: &Actor) -> DomainResult<Vec<Column>> {
    let mut columns = Vec::new();
    for stage in stages::list(conn)? {
        let in_column = || {
            leads::table
                .filter(leads::kind.eq("opportunity"))
                .filter(leads::active.eq(true))
                .filter(leads::merged_into_id.is_null())
                .filter(leads::stage_id.eq(stage.id))
                .filter(visible_to(actor))
        };
        let (count, revenue): (i64, i64) = in_column()
            .select((diesel::dsl::count_star(), sum_revenue()))
            .first(conn)?;
        let rows: Vec<CardRow> = in_column()
            .order((leads::priority.desc(), leads::id.desc()))
            .limit(if stage.folded { 0 } else { CARDS_PER_COLUMN })
            .select(CardRow::as_select())
            .load(conn)?;
        let owner_ids: Vec<i32> = rows.iter().filter_map(|r| r.salesperson_id).collect();
        let owners: HashMap<i32, String> = users::table
            .filter(users::id.eq_any(owner_ids))
            .select((users::id, users::name))
            .load::<(i32, String)>(conn)?
            .into_iter()
            .collect();
        let cards = rows
            .into_iter()
            .map(|row| Card {
                salesperson: row.salesperson_id.and_then(|o| owners.get(&o).cloned()),
                id: row.id,
                title: row.title,
                customer: row.company_name.or(row.contact_name),
                expected_revenue: row.expected_revenue,
                priority: row.priority,
            })
            .collect();
        columns.push(Column {
            stage,
            count,
            revenue,
            cards,
        });
    }
    Ok(columns)
}
