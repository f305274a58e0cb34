//! The list's columns. The tick box and the title always show; the others are each user's
//! choice, per list (leads, opportunities), kept in `list_columns`. The defaults fit a
//! 1366 px screen without scrolling sideways: contact and company share one cell, email and
//! phone another ("Reach").

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::list_columns as lc;
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::models::leads::Kind;
use crate::i18n::Msg;

/// An optional column of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListColumn {
    /// Contact name over company name.
    Contact,
    /// Email over phone.
    Reach,
    Stage,
    Salesperson,
    Team,
    Revenue,
    Probability,
    Priority,
    Created,
}

impl ListColumn {
    /// Every optional column, in display order.
    pub const ALL: &'static [ListColumn] = &[
        ListColumn::Contact,
        ListColumn::Reach,
        ListColumn::Stage,
        ListColumn::Salesperson,
        ListColumn::Team,
        ListColumn::Revenue,
        ListColumn::Probability,
        ListColumn::Priority,
        ListColumn::Created,
    ];

    /// The stored and form name.
    pub fn as_str(self) -> &'static str {
        match self {
            ListColumn::Contact => "contact",
            ListColumn::Reach => "reach",
            ListColumn::Stage => "stage",
            ListColumn::Salesperson => "salesperson",
            ListColumn::Team => "team",
            ListColumn::Revenue => "revenue",
            ListColumn::Probability => "probability",
            ListColumn::Priority => "priority",
            ListColumn::Created => "created",
        }
    }

    pub fn from_name(raw: &str) -> Option<ListColumn> {
        let wanted = raw.trim().to_lowercase();
        ListColumn::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == wanted)
    }

    /// The catalogue key of the column's name in the Columns menu.
    pub fn label_key(self) -> &'static str {
        match self {
            ListColumn::Contact => "list_columns.contact",
            ListColumn::Reach => "list_columns.reach",
            ListColumn::Stage => "lead.stage",
            ListColumn::Salesperson => "lead.salesperson",
            ListColumn::Team => "lead.team",
            ListColumn::Revenue => "lead.expected_revenue",
            ListColumn::Probability => "list_columns.probability",
            ListColumn::Priority => "field.priority",
            ListColumn::Created => "list.created",
        }
    }
}

/// What a list shows when its user chose nothing: what a salesperson scans a list for.
/// Opportunities keep their money and progress; leads, not yet qualified, their origin.
pub fn defaults(kind: Kind) -> Vec<ListColumn> {
    use ListColumn::*;
    match kind {
        Kind::Opportunity => vec![
            Contact,
            Reach,
            Stage,
            Salesperson,
            Revenue,
            Probability,
            Priority,
            Created,
        ],
        Kind::Lead => vec![Contact, Reach, Salesperson, Team, Priority, Created],
    }
}

/// The columns named in `names`, in display order; each unknown name is left out with a
/// notice.
pub fn parse(names: &[String]) -> (Vec<ListColumn>, Vec<Msg>) {
    let mut notices = Vec::new();
    let mut chosen = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        match ListColumn::from_name(name) {
            Some(c) => chosen.push(c),
            None => notices.push(
                Msg::new("list_columns.unknown")
                    .text("value", name.chars().take(40).collect::<String>()),
            ),
        }
    }
    let ordered = ListColumn::ALL
        .iter()
        .copied()
        .filter(|c| chosen.contains(c))
        .collect();
    (ordered, notices)
}

/// The columns `actor` chose for the list of `kind`, else its defaults. Names no longer
/// known (stored by an older version) are skipped.
pub fn load(conn: &mut DbConn, actor: &Actor, kind: Kind) -> DomainResult<Vec<ListColumn>> {
    let stored: Option<String> = lc::table
        .find((actor.id, kind.as_str()))
        .select(lc::chosen)
        .first(conn)
        .optional()?;
    Ok(match stored {
        Some(text) => {
            let names: Vec<String> = text.split(',').map(str::to_string).collect();
            parse(&names).0
        }
        None => defaults(kind),
    })
}

/// Keeps `columns` as `actor`'s choice for the list of `kind`; `None` goes back to the
/// defaults.
pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    kind: Kind,
    columns: Option<&[ListColumn]>,
) -> DomainResult<()> {
    let text = columns.map(|cs| cs.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(","));
    crate::db::write_tx(conn, |conn| {
        diesel::delete(lc::table.find((actor.id, kind.as_str()))).execute(conn)?;
        if let Some(text) = text {
            diesel::insert_into(lc::table)
                .values((
                    lc::user_id.eq(actor.id),
                    lc::list.eq(kind.as_str()),
                    lc::chosen.eq(text),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}
