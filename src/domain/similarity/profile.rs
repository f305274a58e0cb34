//! What the similarity rules know of a record (a lead or a customer): its normalised emails,
//! numbers, handles, names and place, loaded in one or a few queries. Keys and scores are
//! computed from profiles only.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{identities, leads, partners};
use crate::domain::DomainResult;
use crate::domain::similarity::normalise;

/// A record the rules compare: a lead or a partner (customer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rec {
    Lead(i32),
    Partner(i32),
}

/// Which field a number came from, for the reasons ("mobile here, phone there").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberSlot {
    Phone,
    Mobile,
    Messenger(&'static str),
}

impl NumberSlot {
    pub fn label(self) -> &'static str {
        match self {
            NumberSlot::Phone => "phone",
            NumberSlot::Mobile => "mobile",
            NumberSlot::Messenger(channel) => channel,
        }
    }
}

/// A record as the similarity rules see it.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub rec: Option<Rec>,
    /// The lead's title or the partner's name.
    pub title: String,
    /// The person's name as typed.
    pub name: Option<String>,
    pub name_key: Option<String>,
    pub company: Option<String>,
    pub company_key: Option<String>,
    pub is_company: bool,
    /// An opportunity (a deal), not a lead.
    pub is_opportunity: bool,
    /// Normalised addresses (the record's and its email identities).
    pub emails: Vec<String>,
    /// E.164 numbers with where they came from.
    pub numbers: Vec<(String, NumberSlot)>,
    /// Other handles: (channel, normalised handle).
    pub handles: Vec<(String, String)>,
    pub city_key: Option<String>,
    pub zip: Option<String>,
    /// The street as compared: transliterated words, street-type words dropped.
    pub street: Option<Street>,
    /// The digits of every number as typed (parsed or not, messengers' too), for the
    /// "same last digits" comparison.
    pub digits: Vec<String>,
    /// The name's words in reading order (transliterated, lower case).
    pub name_words: Vec<String>,
    /// The Double Metaphone codes of the name's words, sorted: "Robyn Banks" sounds like
    /// "Robin Banks".
    pub name_sound: Vec<String>,
    /// The lead's title or the partner's name, as words (to tell two deals apart).
    pub title_key: String,
    /// The customer a lead is linked to; a partner's own id.
    pub customer: Option<i32>,
    /// A person's company (partners only).
    pub company_id: Option<i32>,
    pub salesperson_id: Option<i32>,
    pub team_id: Option<i32>,
    pub active: bool,
    pub probability: i32,
}

/// The lead columns a profile needs.
#[derive(Queryable, Selectable)]
#[diesel(table_name = leads)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct LeadRow {
    pub id: i32,
    pub kind: String,
    pub title: String,
    pub contact_name: Option<String>,
    pub contact_name_key: Option<String>,
    pub company_name: Option<String>,
    pub company_name_key: Option<String>,
    pub email_norm: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub partner_id: Option<i32>,
    pub salesperson_id: Option<i32>,
    pub team_id: Option<i32>,
    pub active: bool,
    pub probability: i32,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = partners)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct PartnerRow {
    pub id: i32,
    pub kind: String,
    pub name: String,
    pub name_key: String,
    pub company_id: Option<i32>,
    pub email_norm: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub salesperson_id: Option<i32>,
    pub active: bool,
}

type IdentityRow = (Option<i32>, Option<i32>, String, String);

fn numbers(phone: Option<String>, mobile: Option<String>) -> Vec<(String, NumberSlot)> {
    let mut out = Vec::new();
    if let Some(p) = phone {
        out.push((p, NumberSlot::Phone));
    }
    if let Some(m) = mobile {
        out.push((m, NumberSlot::Mobile));
    }
    out
}

/// A street as compared: its house number and its name's words, with street-type words
/// ("street", "st", "via", "ул", "đường"…) and unit words dropped, so "10 Boolee St" and
/// "Boolee Setreet" have the same first word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Street {
    pub number: Option<String>,
    pub words: Vec<String>,
}

/// Street-type and unit words in the languages of the users (English, Italian, Russian and
/// Vietnamese, transliterated), full and abbreviated.
const STREET_WORDS: &[&str] = &[
    "street",
    "st",
    "str",
    "road",
    "rd",
    "avenue",
    "ave",
    "av",
    "lane",
    "ln",
    "drive",
    "dr",
    "place",
    "pl",
    "court",
    "ct",
    "crescent",
    "cres",
    "close",
    "cl",
    "parade",
    "pde",
    "terrace",
    "tce",
    "highway",
    "hwy",
    "boulevard",
    "blvd",
    "bvd",
    "way",
    "circuit",
    "cct",
    "grove",
    "gr",
    "square",
    "sq",
    "unit",
    "apt",
    "apartment",
    "flat",
    "suite",
    "ste",
    "no",
    "via",
    "viale",
    "v",
    "piazza",
    "p",
    "za",
    "pza",
    "corso",
    "c",
    "so",
    "largo",
    "vicolo",
    "strada",
    "str",
    "localita",
    "loc",
    "ulitsa",
    "ul",
    "prospekt",
    "pr",
    "prt",
    "pereulok",
    "per",
    "shosse",
    "sh",
    "bulvar",
    "ploshchad",
    "naberezhnaia",
    "nab",
    "dom",
    "d",
    "kv",
    "korpus",
    "k",
    "stroenie",
    "duong",
    "pho",
    "ngo",
    "hem",
    "so",
    "phuong",
    "quan",
    "harbors",
    "harbor",
];

impl Street {
    /// `None` when nothing but type words is left.
    pub fn parse(raw: &str) -> Option<Street> {
        let mut number = None;
        let mut words = Vec::new();
        for token in normalise::name_tokens(raw) {
            if token.chars().any(|c| c.is_ascii_digit()) {
                let digits: String = token.chars().filter(char::is_ascii_digit).collect();
                if number.is_none() && !digits.is_empty() {
                    number = Some(digits);
                }
            } else if !STREET_WORDS.contains(&token.as_str()) {
                words.push(token);
            }
        }
        (number.is_some() || !words.is_empty()).then_some(Street { number, words })
    }

    /// The word a street is known by: its first word of three letters or more.
    pub fn main_word(&self) -> Option<&str> {
        self.words
            .iter()
            .find(|w| w.len() >= 3)
            .or(self.words.first())
            .map(String::as_str)
    }
}

/// The digits of each number as typed, when there are enough of them to mean something.
pub fn digits_of<'a>(raws: impl IntoIterator<Item = Option<&'a str>>) -> Vec<String> {
    raws.into_iter()
        .flatten()
        .map(|raw| raw.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|d| d.len() >= 6)
        .collect()
}

fn zip_key(zip: Option<String>) -> Option<String> {
    zip.map(|z| z.to_lowercase().replace(' ', ""))
        .filter(|z| !z.is_empty())
}

impl Profile {
    /// The last digits of every number, typed or parsed ([`normalise::last_digits`]): how a
    /// number written in any format is recognised.
    pub fn tails(&self) -> impl Iterator<Item = &str> {
        self.digits
            .iter()
            .filter_map(|d| normalise::last_digits(d))
            .chain(
                self.numbers
                    .iter()
                    .filter_map(|(n, _)| normalise::last_digits(&n[1..])),
            )
    }

    pub fn from_lead(row: LeadRow) -> Profile {
        let title_key = normalise::name_tokens(&row.title).join(" ");
        Profile {
            rec: Some(Rec::Lead(row.id)),
            title: row.title,
            name_key: row
                .contact_name_key
                .or_else(|| row.contact_name.as_deref().and_then(normalise::name_key)),
            name: row.contact_name,
            company_key: row
                .company_name_key
                .or_else(|| row.company_name.as_deref().and_then(normalise::company_key)),
            company: row.company_name,
            is_company: false,
            is_opportunity: row.kind == "opportunity",
            emails: row.email_norm.into_iter().collect(),
            numbers: numbers(row.phone_e164, row.mobile_e164),
            handles: Vec::new(),
            city_key: row.city.as_deref().and_then(normalise::name_key),
            zip: zip_key(row.zip),
            street: row.street.as_deref().and_then(Street::parse),
            digits: digits_of([row.phone.as_deref(), row.mobile.as_deref()]),
            name_words: Vec::new(),
            name_sound: Vec::new(),
            title_key,
            customer: row.partner_id,
            company_id: None,
            salesperson_id: row.salesperson_id,
            team_id: row.team_id,
            active: row.active,
            probability: row.probability,
        }
        .derived()
    }

    pub fn from_partner(row: PartnerRow) -> Profile {
        let is_company = row.kind == "company";
        let (name, name_key, company, company_key) = if is_company {
            (None, None, Some(row.name.clone()), Some(row.name_key))
        } else {
            (Some(row.name.clone()), Some(row.name_key), None, None)
        };
        Profile {
            rec: Some(Rec::Partner(row.id)),
            title: row.name,
            name,
            name_key,
            company,
            company_key,
            is_company,
            is_opportunity: false,
            emails: row.email_norm.into_iter().collect(),
            numbers: numbers(row.phone_e164, row.mobile_e164),
            handles: Vec::new(),
            city_key: row.city.as_deref().and_then(normalise::name_key),
            zip: zip_key(row.zip),
            street: row.street.as_deref().and_then(Street::parse),
            digits: digits_of([row.phone.as_deref(), row.mobile.as_deref()]),
            name_words: Vec::new(),
            name_sound: Vec::new(),
            title_key: String::new(),
            customer: Some(row.id),
            company_id: row.company_id,
            salesperson_id: row.salesperson_id,
            team_id: None,
            active: row.active,
            probability: 100,
        }
        .derived()
    }

    /// Adds a channel identity: numbers and addresses join the record's own.
    pub fn add_identity(&mut self, channel: &str, norm: String) {
        match channel {
            "whatsapp" | "viber" | "phone" => {
                self.digits.extend(digits_of([Some(norm.as_str())]));
                if norm.starts_with('+') {
                    let slot = match channel {
                        "whatsapp" => NumberSlot::Messenger("WhatsApp"),
                        "viber" => NumberSlot::Messenger("Viber"),
                        _ => NumberSlot::Phone,
                    };
                    self.numbers.push((norm, slot));
                }
            }
            "email" => self.emails.push(norm),
            _ => self.handles.push((channel.to_string(), norm)),
        }
    }

    /// Fills what is derived from the fields set: the name's words and key as the finder
    /// compares them (titles and patronymics left out).
    pub fn derived(mut self) -> Profile {
        if let Some(name) = self.name.as_deref() {
            self.name_words = normalise::person_words(name);
            if !self.name_words.is_empty() {
                let mut sorted = self.name_words.clone();
                sorted.sort_unstable();
                self.name_key = Some(sorted.join(" "));
                self.name_sound = self
                    .name_words
                    .iter()
                    .map(|w| normalise::phonetic(w))
                    .collect();
                self.name_sound.sort_unstable();
            }
        }
        self
    }

    /// Lost = archived with probability 0.
    pub fn is_lost(&self) -> bool {
        !self.active && self.probability == 0
    }
}

/// The person's name a handle spells, when it is two or more words of letters joined by
/// `_`, `.` or `-` (`dmitry_sokolov` → "dmitry sokolov"); `None` for `best123` or `shop`.
pub fn name_in_handle(handle: &str) -> Option<String> {
    let words: Vec<&str> = handle
        .split(['_', '.', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    let all_letters = words
        .iter()
        .all(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic));
    (words.len() >= 2 && words.len() <= 4 && all_letters).then(|| words.join(" "))
}

fn attach(profiles: &mut [Profile], rows: Vec<IdentityRow>) {
    let index: HashMap<Rec, usize> = profiles
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.rec.map(|r| (r, i)))
        .collect();
    for (lead, partner, channel, norm) in rows {
        let rec = match (lead, partner) {
            (Some(l), _) => Rec::Lead(l),
            (None, Some(p)) => Rec::Partner(p),
            _ => continue,
        };
        if let Some(&i) = index.get(&rec) {
            profiles[i].add_identity(&channel, norm);
        }
    }
}

const ID_CHUNK: usize = 900;

/// Profiles of these leads (merged-away leads excluded), identities included.
pub fn leads(conn: &mut DbConn, ids: &[i32]) -> DomainResult<Vec<Profile>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(ID_CHUNK) {
        let rows: Vec<LeadRow> = leads::table
            .filter(leads::id.eq_any(chunk))
            .filter(leads::merged_into_id.is_null())
            .select(LeadRow::as_select())
            .load(conn)?;
        let mut profiles = build_all(rows, Profile::from_lead);
        let idents: Vec<IdentityRow> = identities::table
            .filter(identities::lead_id.eq_any(chunk))
            .select((
                identities::lead_id,
                identities::partner_id,
                identities::channel,
                identities::handle_norm,
            ))
            .load(conn)?;
        attach(&mut profiles, idents);
        out.extend(profiles);
    }
    Ok(out)
}

/// Profiles of these partners, identities included.
pub fn partners(conn: &mut DbConn, ids: &[i32]) -> DomainResult<Vec<Profile>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(ID_CHUNK) {
        let rows: Vec<PartnerRow> = partners::table
            .filter(partners::id.eq_any(chunk))
            .select(PartnerRow::as_select())
            .load(conn)?;
        let mut profiles = build_all(rows, Profile::from_partner);
        let idents: Vec<IdentityRow> = identities::table
            .filter(identities::partner_id.eq_any(chunk))
            .select((
                identities::lead_id,
                identities::partner_id,
                identities::channel,
                identities::handle_norm,
            ))
            .load(conn)?;
        attach(&mut profiles, idents);
        out.extend(profiles);
    }
    Ok(out)
}

/// One record's profile, if it exists (a merged-away lead has none).
pub fn of(conn: &mut DbConn, rec: Rec) -> DomainResult<Option<Profile>> {
    let found = match rec {
        Rec::Lead(id) => leads(conn, &[id])?,
        Rec::Partner(id) => partners(conn, &[id])?,
    };
    Ok(found.into_iter().next())
}

/// Builds the profiles of a page on every core: reading names, numbers and addresses is
/// most of the time a scan spends loading a million records.
fn build_all<R: Send>(mut rows: Vec<R>, build: fn(R) -> Profile) -> Vec<Profile> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let size = rows.len().div_ceil(threads).max(1);
    let mut chunks = Vec::new();
    while rows.len() > size {
        chunks.push(rows.split_off(rows.len() - size));
    }
    chunks.push(rows);
    chunks.reverse();
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| s.spawn(move || chunk.into_iter().map(build).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

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

#[cfg(test)]
mod handle_name_tests {
    use super::name_in_handle;

    #[test]
    fn a_nickname_of_two_words_spells_a_name_and_other_handles_do_not() {
        assert_eq!(
            name_in_handle("dmitry_sokolov").as_deref(),
            Some("dmitry sokolov")
        );
        assert_eq!(
            name_in_handle("anna.petrova").as_deref(),
            Some("anna petrova")
        );
        assert_eq!(name_in_handle("shop"), None);
        assert_eq!(name_in_handle("best_123"), None);
        assert_eq!(name_in_handle("a_b"), None);
    }
}
