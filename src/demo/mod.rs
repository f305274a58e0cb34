//! Realistic demo data: salespeople and a manager in two teams, the pipeline stages, lost
//! reasons, customers, and leads and opportunities in every state, in English, Italian,
//! Russian and Vietnamese. Among them are **planted duplicates** of every kind the product
//! must find (and one it must not call a duplicate), each tagged `demo-planted:<kind>` and
//! listed in the [`DemoReport`], so tests and the UI can point at them.
//!
//! Deterministic: the same options give the same records (a seeded PRNG, no clock in any
//! text). Planted and story records go through the domain's `create` functions; the bulk
//! filler that makes up `leads` is batch-inserted in one write transaction, its normalised
//! columns computed once per name and phone numbers generated already in E.164.
//!
//! With [`DemoOptions::duplicates`], a share of the filler's persons also get corrupted
//! copies of themselves (`bulk`, `copies`). Every demo lead carries an external id
//! (`D0000001`, …), and [`DemoReport::truth`] lists the leads of each person, so a
//! duplicate scan can be scored against the truth.
//!
//! The demo creates no admin: it must never clash with the real sign-in of a deployment.

mod bulk;
mod cast;
mod copies;
mod people;
mod planted;
mod story;

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, PartnerId};
use crate::domain::models::settings::{self, SettingsInput};
use crate::i18n::Lang;

pub use cast::{DEMO_LOGINS, DEMO_PASSWORD};

/// How much to load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemoOptions {
    /// Total leads and opportunities wanted; the story and planted records count toward it
    /// and are always created.
    pub leads: usize,
    /// Share (0 to 1) of the filler's persons who get 1–4 more, corrupted rows of
    /// themselves: duplicates to measure the finder with. The copies count toward `leads`.
    pub duplicates: f64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            leads: 300,
            duplicates: 0.0,
        }
    }
}

/// The kinds of planted duplicate (and the one planted non-duplicate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlantedKind {
    /// One email address written differently (case, `"Name" <addr>`).
    SameEmail,
    /// One phone number written in different formats.
    SamePhone,
    /// Same company email domain, a different person: **not** a duplicate.
    SameDomainOtherPerson,
    /// One person through Telegram (nickname), WhatsApp (phone) and Avito (name only).
    CrossChannel,
    /// A lost copy of an active lead.
    LostDuplicate,
    /// A company partner and its contact person with the same phone and email.
    CompanyContact,
    /// The same name in Cyrillic and in Latin letters.
    CyrillicLatinName,
    /// The same Vietnamese name with and without diacritics.
    VietnameseDiacritics,
    /// A one-letter typo in the name (Robin / Robyn), same city.
    NameTypo,
}

impl PlantedKind {
    pub const ALL: [PlantedKind; 9] = [
        PlantedKind::SameEmail,
        PlantedKind::SamePhone,
        PlantedKind::SameDomainOtherPerson,
        PlantedKind::CrossChannel,
        PlantedKind::LostDuplicate,
        PlantedKind::CompanyContact,
        PlantedKind::CyrillicLatinName,
        PlantedKind::VietnameseDiacritics,
        PlantedKind::NameTypo,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            PlantedKind::SameEmail => "same-email",
            PlantedKind::SamePhone => "same-phone",
            PlantedKind::SameDomainOtherPerson => "same-domain-other-person",
            PlantedKind::CrossChannel => "cross-channel",
            PlantedKind::LostDuplicate => "lost-duplicate",
            PlantedKind::CompanyContact => "company-contact",
            PlantedKind::CyrillicLatinName => "cyrillic-latin-name",
            PlantedKind::VietnameseDiacritics => "vietnamese-diacritics",
            PlantedKind::NameTypo => "name-typo",
        }
    }

    /// The tag on every planted lead of this kind.
    pub fn tag(self) -> String {
        format!("demo-planted:{}", self.slug())
    }

    /// Whether the records are the same customer (all kinds but one).
    pub fn is_duplicate(self) -> bool {
        self != PlantedKind::SameDomainOtherPerson
    }
}

/// One planted group: the records that (should or should not) be found together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlantedGroup {
    pub kind: PlantedKind,
    pub leads: Vec<LeadId>,
    pub partners: Vec<PartnerId>,
}

/// What the demo created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub users: usize,
    pub teams: usize,
    pub partners: usize,
    /// Every row of the leads table: leads and opportunities, active or not.
    pub leads: usize,
    pub opportunities: usize,
    pub lost: usize,
    pub archived: usize,
    pub unassigned: usize,
    pub planted: Vec<PlantedGroup>,
    /// The external ids of each person's leads, for every person with more than one lead
    /// (the planted duplicate groups and the `duplicates` copies): the true duplicates.
    pub truth: Vec<Vec<String>>,
}

impl DemoReport {
    /// Every pair of leads of one person, each pair once.
    pub fn truth_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.truth.iter().flat_map(|group| {
            group.iter().enumerate().flat_map(move |(i, a)| {
                group[i + 1..].iter().map(move |b| (a.as_str(), b.as_str()))
            })
        })
    }

    /// Writes [`DemoReport::truth_pairs`] as CSV with the header
    /// `external_id_a,external_id_b`; returns how many pairs.
    pub fn write_truth<W: std::io::Write>(&self, mut out: W) -> std::io::Result<usize> {
        writeln!(out, "external_id_a,external_id_b")?;
        let mut pairs = 0;
        for (a, b) in self.truth_pairs() {
            writeln!(out, "{a},{b}")?;
            pairs += 1;
        }
        out.flush()?;
        Ok(pairs)
    }

    /// The planted group of a kind.
    pub fn group(&self, kind: PlantedKind) -> Option<&PlantedGroup> {
        self.planted.iter().find(|g| g.kind == kind)
    }
}

/// Loads the demo into a migrated, demo-free database, in English. Fails with a conflict
/// when the demo users exist already, and writes nothing then; fails on a `duplicates`
/// share outside 0 to 1.
pub fn load(conn: &mut DbConn, opts: &DemoOptions) -> DomainResult<DemoReport> {
    load_in(conn, opts, Lang::En)
}

/// As [`load`], for a company speaking `lang`: the stages, lost reasons, teams and tags are
/// named in it, the demo users speak it, and the company's language, currency and (but for
/// English, whose market is everywhere) country become its. The settings change last, so
/// the records are read as the English demo reads them and the planted duplicates stay.
pub fn load_in(conn: &mut DbConn, opts: &DemoOptions, lang: Lang) -> DomainResult<DemoReport> {
    if !(0.0..=1.0).contains(&opts.duplicates) {
        return Err(crate::domain::DomainError::invalid(
            "duplicates",
            "The share of duplicates must be between 0 and 1",
        ));
    }
    let hashes = cast::password_hashes()?;
    write_tx(conn, |conn| {
        let cast = cast::assemble(conn, &hashes, lang)?;
        let planted = planted::plant(conn, &cast)?;
        let story = story::tell(conn, &cast)?;
        let planted_leads: std::collections::BTreeSet<LeadId> = planted
            .iter()
            .flat_map(|g| g.leads.iter().copied())
            .collect();
        let made = story + planted_leads.len();
        let filler = opts.leads.saturating_sub(made);
        let (numbered, mut truth) = number_story_leads(conn, &planted)?;
        let started = std::time::Instant::now();
        let copies = bulk::fill(conn, &cast, filler, opts.duplicates, numbered + 1)?;
        truth.extend(
            copies
                .into_iter()
                .map(|group| group.into_iter().map(bulk::external_id).collect()),
        );
        log::info!(
            "demo: {filler} bulk leads inserted in {:.1?}",
            started.elapsed()
        );
        if filler > 0 {
            // The bulk rows skip the per-record key upkeep; index them in one pass.
            let started = std::time::Instant::now();
            let keyed = crate::domain::similarity::rebuild_all(conn)?;
            log::info!(
                "demo: match keys of {keyed} records built in {:.1?}",
                started.elapsed()
            );
            let started = std::time::Instant::now();
            let indexed = crate::domain::listing::search::rebuild_all(conn)?;
            log::info!(
                "demo: search index of {indexed} leads built in {:.1?}",
                started.elapsed()
            );
        }
        company_conventions(conn, lang)?;
        count(conn, &cast, planted, truth)
    })
}

/// Sets the company's language, currency and country to those of a company speaking
/// `lang`, through the settings' own checks.
fn company_conventions(conn: &mut DbConn, lang: Lang) -> DomainResult<()> {
    let (currency, country) = match lang {
        Lang::En => ("EUR", None),
        Lang::It => ("EUR", Some("IT")),
        Lang::Ru => ("RUB", Some("RU")),
        Lang::Vi => ("VND", Some("VN")),
    };
    let current = settings::load(conn)?;
    let input = SettingsInput {
        leads_enabled: current.leads_enabled,
        default_country: country.map_or(current.default_country, str::to_string),
        lost_reason_required: current.lost_reason_required,
        currency: currency.into(),
        default_language: lang.code().into(),
    };
    settings::save(conn, &Actor::operator(), &input)?;
    Ok(())
}

/// Gives the story and planted leads (every lead so far) their external ids, in id order;
/// returns how many, and the external ids of each planted duplicate group, groups sharing
/// a lead joined (Robin's two addresses and Robyn are one person).
fn number_story_leads(
    conn: &mut DbConn,
    planted: &[PlantedGroup],
) -> DomainResult<(usize, Vec<Vec<String>>)> {
    use crate::db::schema::leads;
    let ids: Vec<i32> = leads::table
        .select(leads::id)
        .order(leads::id.asc())
        .load(conn)?;
    let mut external = std::collections::HashMap::new();
    for (n, id) in ids.iter().enumerate() {
        let number = bulk::external_id(n + 1);
        diesel::update(leads::table.find(*id))
            .set(leads::external_id.eq(&number))
            .execute(conn)?;
        external.insert(LeadId(*id), number);
    }
    let mut groups: Vec<Vec<LeadId>> = Vec::new();
    for group in planted.iter().filter(|g| g.kind.is_duplicate()) {
        let (joined, mut apart): (Vec<_>, Vec<_>) = groups
            .into_iter()
            .partition(|g| g.iter().any(|l| group.leads.contains(l)));
        let mut merged: Vec<LeadId> = joined.into_iter().flatten().collect();
        merged.extend(group.leads.iter().copied());
        merged.sort();
        merged.dedup();
        apart.push(merged);
        groups = apart;
    }
    groups.sort();
    let truth = groups
        .into_iter()
        .filter(|g| g.len() > 1)
        .map(|g| g.iter().filter_map(|l| external.get(l).cloned()).collect())
        .collect();
    Ok((ids.len(), truth))
}

#[derive(QueryableByName)]
struct Counts {
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = BigInt)]
    opportunities: i64,
    #[diesel(sql_type = BigInt)]
    lost: i64,
    #[diesel(sql_type = BigInt)]
    archived: i64,
    #[diesel(sql_type = BigInt)]
    unassigned: i64,
    #[diesel(sql_type = BigInt)]
    partners: i64,
}

/// Counts what is in the database, in one pass over the leads.
fn count(
    conn: &mut DbConn,
    cast: &cast::Cast,
    planted: Vec<PlantedGroup>,
    truth: Vec<Vec<String>>,
) -> DomainResult<DemoReport> {
    let counts: Counts = diesel::sql_query(
        "SELECT count(*) AS total, \
         coalesce(sum(CASE WHEN kind = 'opportunity' THEN 1 ELSE 0 END), 0) AS opportunities, \
         coalesce(sum(CASE WHEN NOT active AND probability = 0 THEN 1 ELSE 0 END), 0) AS lost, \
         coalesce(sum(CASE WHEN NOT active AND probability <> 0 THEN 1 ELSE 0 END), 0) AS archived, \
         coalesce(sum(CASE WHEN salesperson_id IS NULL THEN 1 ELSE 0 END), 0) AS unassigned, \
         (SELECT count(*) FROM partners) AS partners \
         FROM leads",
    )
    .get_result(conn)?;
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    Ok(DemoReport {
        users: cast.users.len(),
        teams: 2,
        partners: n(counts.partners),
        leads: n(counts.total),
        opportunities: n(counts.opportunities),
        lost: n(counts.lost),
        archived: n(counts.archived),
        unassigned: n(counts.unassigned),
        planted,
        truth,
    })
}
