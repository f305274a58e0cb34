//! The pipeline: active opportunities by stage, as the kanban shows them. Each column carries
//! its full count and revenue (from the running totals, see [`crate::domain::listing::totals`])
//! but only the first cards, so a large database still opens fast.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{lead_tags, leads, tags, users};
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::ids::StageId;
use crate::domain::listing::totals::sum_revenue;
use crate::domain::listing::{LeadFilter, Predicate};
use crate::domain::models::stages::{self, Stage};

/// Cards loaded per column before "load more".
pub const CARDS_PER_COLUMN: i64 = 20;

/// A kanban card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub id: i32,
    pub title: String,
    /// The company, else the contact.
    pub customer: Option<String>,
    pub expected_revenue: i64,
    pub priority: i32,
    pub salesperson: Option<String>,
    pub tags: Vec<String>,
    /// Archived with probability 0.
    pub lost: bool,
    /// In a won stage.
    pub won: bool,
    /// Its number of probable duplicates (the record's Similar Leads count).
    pub similar: usize,
    /// Whether the actor may move it (a teammate's card is read-only).
    pub writable: bool,
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
    active: bool,
    probability: i32,
}

/// A stage column: full count and revenue, the first cards.
#[derive(Debug, Clone)]
pub struct Column {
    pub stage: Stage,
    pub count: i64,
    pub revenue: i64,
    pub cards: Vec<Card>,
}

impl Column {
    /// Whether more cards exist than are shown.
    pub fn has_more(&self) -> bool {
        (self.cards.len() as i64) < self.count && !self.stage.folded
    }
}

/// The kanban for `filter` (opportunities by default): per stage the count and revenue of
/// every matching record, and the first `limit(stage)` cards by priority.
pub fn kanban(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    limit: &dyn Fn(i32) -> i64,
) -> DomainResult<Vec<Column>> {
    kanban_opening(conn, actor, filter, limit, &[])
}

/// [`kanban`] with the folded stages of `opened` shown open, with their cards (a click on a
/// folded column opens it).
pub fn kanban_opening(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    limit: &dyn Fn(i32) -> i64,
    opened: &[StageId],
) -> DomainResult<Vec<Column>> {
    let mut stage_list = stages::list(conn)?;
    for stage in stage_list.iter_mut().filter(|s| opened.contains(&s.id)) {
        stage.folded = false;
    }
    let won: Vec<StageId> = stage_list
        .iter()
        .filter(|s| s.is_won)
        .map(|s| s.id)
        .collect();
    let found = if filter.search.is_empty() {
        None
    } else {
        searched(conn, filter.predicate(actor, &won))?
    };
    let totals = stage_totals(conn, actor, filter, &won, found.as_deref())?;
    let mut filled = Vec::new();
    for stage in stage_list {
        let (count, revenue) = totals.get(&Some(stage.id.0)).copied().unwrap_or((0, 0));
        let wanted = if stage.folded || count == 0 {
            0
        } else {
            limit(stage.id.0)
        };
        let rows = first_cards(conn, actor, filter, &won, &stage, wanted, found.as_deref())?;
        filled.push((stage, count, revenue, rows));
    }
    // The owners, tags and badges of every column's cards in one look-up each.
    let mut looked_up = Lookups::load(conn, filled.iter().flat_map(|f| f.3.iter()))?;
    let mut columns: Vec<Column> = filled
        .into_iter()
        .map(|(stage, count, revenue, rows)| Column {
            cards: looked_up.cards(actor, rows, stage.is_won),
            stage,
            count,
            revenue,
        })
        .collect();
    count_similar(conn, &mut columns)?;
    Ok(columns)
}

/// Count and revenue by stage id: from a search's matches when they are at hand, else from
/// the running totals when they answer the filter, else counted.
fn stage_totals(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    won: &[StageId],
    found: Option<&[Found]>,
) -> DomainResult<HashMap<Option<i32>, (i64, i64)>> {
    if let Some(found) = found {
        let mut totals: HashMap<Option<i32>, (i64, i64)> = HashMap::new();
        for m in found {
            let t = totals.entry(m.stage_id).or_default();
            t.0 += 1;
            t.1 += m.revenue;
        }
        return Ok(totals);
    }
    if let Some(totals) = crate::domain::listing::totals::by_stage(conn, actor, filter, won)? {
        return Ok(totals);
    }
    Ok(leads::table
        .filter(filter.predicate(actor, won))
        .group_by(leads::stage_id)
        .select((leads::stage_id, diesel::dsl::count_star(), sum_revenue()))
        .load::<(Option<i32>, i64, i64)>(conn)?
        .into_iter()
        .map(|(stage, count, revenue)| (stage, (count, revenue)))
        .collect())
}

/// The column's first `wanted` cards by priority.
fn first_cards(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    won: &[StageId],
    stage: &Stage,
    wanted: i64,
    found: Option<&[Found]>,
) -> DomainResult<Vec<CardRow>> {
    if wanted <= 0 {
        return Ok(Vec::new());
    }
    Ok(match found {
        // A search's few matches are at hand: the column's first cards by id.
        Some(found) => {
            let mut mine: Vec<&Found> = found
                .iter()
                .filter(|m| m.stage_id == Some(stage.id.0))
                .collect();
            mine.sort_by_key(|m| std::cmp::Reverse((m.priority, m.id)));
            let ids: Vec<i32> = mine.iter().take(wanted as usize).map(|m| m.id).collect();
            leads::table
                .filter(leads::id.eq_any(ids))
                .order((leads::priority.desc(), leads::id.desc()))
                .select(CardRow::as_select())
                .load(conn)?
        }
        None => {
            let mut query = leads::table
                .filter(filter.predicate(actor, won))
                .filter(leads::stage_id.eq(stage.id))
                .into_boxed();
            if let Some(kind) = filter.one_kind() {
                // The kind once more as `=`: PostgreSQL reads the predicate's `kind =
                // ANY(…)` as no equality, so it could not walk the ordered `leads_pipeline`
                // index and sorted the whole column (60 ms a column on 100,000 leads, 0.2 ms
                // with it).
                query = query.filter(leads::kind.eq(kind.as_str()));
            }
            query
                .order((leads::priority.desc(), leads::id.desc()))
                .limit(wanted)
                .select(CardRow::as_select())
                .load(conn)?
        }
    })
}

/// Gives every card its number of probable duplicates, for all columns at once: the stored
/// counts, computed only for cards that have none yet.
fn count_similar(conn: &mut DbConn, columns: &mut [Column]) -> DomainResult<()> {
    let ids: Vec<i32> = columns
        .iter()
        .flat_map(|c| c.cards.iter().map(|card| card.id))
        .collect();
    let similar = crate::domain::similarity::badges::stored_counts(conn, &ids)?;
    for card in columns.iter_mut().flat_map(|c| c.cards.iter_mut()) {
        card.similar = similar.get(&card.id).copied().unwrap_or(0);
    }
    Ok(())
}

/// A record a search found, with what the columns need.
#[derive(Queryable)]
struct Found {
    id: i32,
    stage_id: Option<i32>,
    revenue: i64,
    priority: i32,
}

/// Every match of a searched kanban when there are at most `SEARCH_COUNT_CAP` of them
/// (most searches): the columns are counted and filled from them instead of counting
/// leads stage by stage. `None` when there are more.
fn searched(conn: &mut DbConn, pred: Predicate) -> DomainResult<Option<Vec<Found>>> {
    let cap = crate::domain::listing::SEARCH_COUNT_CAP;
    let found: Vec<Found> = leads::table
        .filter(pred)
        .order(leads::id.desc())
        .select((
            leads::id,
            leads::stage_id,
            leads::expected_revenue,
            leads::priority,
        ))
        .limit(cap + 1)
        .load(conn)?;
    Ok((found.len() as i64 <= cap).then_some(found))
}

/// The salespeople's names and the tags of a page of cards, read once for all columns.
struct Lookups {
    owners: HashMap<i32, String>,
    tags: HashMap<i32, Vec<String>>,
}

impl Lookups {
    fn load<'a>(
        conn: &mut DbConn,
        rows: impl Iterator<Item = &'a CardRow> + Clone,
    ) -> DomainResult<Lookups> {
        let mut owner_ids: Vec<i32> = rows.clone().filter_map(|r| r.salesperson_id).collect();
        owner_ids.sort_unstable();
        owner_ids.dedup();
        if owner_ids.is_empty() {
            return Ok(Lookups {
                owners: HashMap::new(),
                tags: Self::tags(conn, rows.map(|r| r.id).collect())?,
            });
        }
        let owners: HashMap<i32, String> = users::table
            .filter(users::id.eq_any(owner_ids))
            .select((users::id, users::name))
            .load::<(i32, String)>(conn)?
            .into_iter()
            .collect();
        let tags = Self::tags(conn, rows.map(|r| r.id).collect())?;
        Ok(Lookups { owners, tags })
    }

    fn tags(conn: &mut DbConn, ids: Vec<i32>) -> DomainResult<HashMap<i32, Vec<String>>> {
        let mut tags: HashMap<i32, Vec<String>> = HashMap::new();
        if ids.is_empty() {
            return Ok(tags);
        }
        for (lead, tag) in lead_tags::table
            .inner_join(tags::table)
            .filter(lead_tags::lead_id.eq_any(ids))
            .order(tags::name.asc())
            .select((lead_tags::lead_id, tags::name))
            .load::<(i32, String)>(conn)?
        {
            tags.entry(lead).or_default().push(tag);
        }
        Ok(tags)
    }

    fn cards(&mut self, actor: &Actor, rows: Vec<CardRow>, won: bool) -> Vec<Card> {
        rows.into_iter()
            .map(|row| Card {
                writable: actor.can_write(row.salesperson_id.map(crate::domain::ids::UserId)),
                salesperson: row
                    .salesperson_id
                    .and_then(|o| self.owners.get(&o).cloned()),
                tags: self.tags.remove(&row.id).unwrap_or_default(),
                lost: !row.active && row.probability == 0,
                won: won && row.active,
                id: row.id,
                title: row.title,
                customer: row.company_name.or(row.contact_name),
                expected_revenue: row.expected_revenue,
                priority: row.priority,
                similar: 0,
            })
            .collect()
    }
}
