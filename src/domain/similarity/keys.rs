//! Match keys: the values under which a record can be found by another one. They live in the
//! indexed `match_keys` table, so a record's candidates are a few look-ups on (kind, key).
//!
//! | kind | key |
//! |---|---|
//! | `email` | the normalised address |
//! | `domain` | the company domain of an address (free-mail addresses have none) |
//! | `phone` | every number in E.164: phone, mobile, WhatsApp, Viber |
//! | `h:<channel>` | a messenger handle (`h:telegram` → `ivan_p`) |
//! | `customer` | the customer a lead is linked to, a partner's own id |
//! | `name` | the name key (transliterated, word order ignored) |
//! | `sound` | the name's consonant skeletons, so "Robyn" finds "Robin" |
//! | `nick` | a name run together ("ivanpetrov", "ipetrov"), a Telegram nickname or an email's local part, letters only |
//! | `company` | the company key (legal forms dropped) |
//!
//! Every lead, partner and identity write recomputes its owner's keys ([`refresh`]); bulk
//! loads call [`rebuild_all`] once.

use diesel::prelude::*;

use crate::db::schema::match_keys;
use crate::db::{DbConn, write_tx};
use crate::domain::similarity::field::Field;
use crate::domain::similarity::normalise::{self, phonetic};
use crate::domain::similarity::profile::{self, Profile, Rec};
use crate::domain::similarity::thresholds::NICKNAME_MIN_LEN;
use crate::domain::{DomainError, DomainResult};

/// One (kind, key) pair of a record.
pub type Key = (String, String);

#[derive(Insertable)]
#[diesel(table_name = match_keys)]
struct NewKey<'a> {
    lead_id: Option<i32>,
    partner_id: Option<i32>,
    kind: &'a str,
    key: &'a str,
}

/// A word's consonant skeleton: its first letter, then its consonants with doubles
/// squeezed (`y` and `h` count as vowels): "robin" and "robyn" are both "rbn".
pub fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = '\0';
    for (i, c) in word.chars().enumerate() {
        let keep = i == 0 || !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h');
        if keep && c != last {
            out.push(c);
        }
        last = c;
    }
    out
}

/// The "sound" key of a name: its words' skeletons, sorted.
pub fn sound_key(name: &str) -> Option<String> {
    let mut parts: Vec<String> = normalise::name_tokens(name)
        .iter()
        .map(|w| skeleton(w))
        .collect();
    if parts.is_empty() {
        return None;
    }
    parts.sort_unstable();
    Some(parts.join(" "))
}

/// Where a nickname came from, for the reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NickSource {
    Name(String),
    Handle(String, String),
    EmailLocal(String),
}

fn letters(raw: &str) -> String {
    normalise::name_tokens(raw)
        .iter()
        .flat_map(|w| w.chars().filter(char::is_ascii_alphabetic))
        .collect()
}

/// The run-together spellings of a name's words, as people make handles and addresses of
/// them: "robinbanks", "banksrobin", "rbanks", "robinb", "banksr" (letters only, long
/// enough to mean something).
pub fn name_nicknames(words: &[String]) -> Vec<String> {
    let words: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphabetic)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Vec::new();
    };
    if words.len() < 2 {
        return Vec::new();
    }
    let initial = |w: &str| w[..1].to_string();
    let mut out = vec![
        words.concat(),
        words.iter().rev().map(String::as_str).collect(),
        format!("{}{last}", initial(first)),
        format!("{first}{}", initial(last)),
        format!("{last}{}", initial(first)),
    ];
    out.retain(|n| n.len() >= NICKNAME_MIN_LEN);
    out.sort_unstable();
    out.dedup();
    out
}

/// The run-together spellings of a record: its name's ([`name_nicknames`]), its
/// Telegram-like handles and its emails' local parts, letters only.
pub fn nicknames(p: &Profile) -> Vec<(String, NickSource)> {
    let mut out = Vec::new();
    if let Some(name) = &p.name {
        for n in name_nicknames(&p.name_words) {
            out.push((n, NickSource::Name(name.clone())));
        }
    }
    for (channel, handle) in &p.handles {
        out.push((
            letters(handle),
            NickSource::Handle(channel.clone(), handle.clone()),
        ));
    }
    for email in &p.emails {
        if let Some((local, _)) = email.split_once('@') {
            out.push((letters(local), NickSource::EmailLocal(local.to_string())));
        }
    }
    out.retain(|(n, _)| n.len() >= NICKNAME_MIN_LEN);
    out
}

/// Key kinds kept only to count how common a value is (term frequency): they find no
/// candidates.
pub const COUNT_ONLY: &[&str] = &["city", "zip"];

/// Every key of a record, without duplicates.
pub fn compute(p: &Profile) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::with_capacity(12);
    let mut push = |kind: &str, key: String| keys.push((kind.to_string(), key));
    for email in &p.emails {
        push("email", email.clone());
        if let Some(domain) = normalise::email_domain_key(email).filter(|d| d != email) {
            push("domain", domain);
        }
    }
    for (number, _) in &p.numbers {
        push("phone", number.clone());
    }
    for (channel, handle) in &p.handles {
        push(&format!("h:{channel}"), handle.clone());
    }
    if let Some(customer) = p.customer {
        push("customer", customer.to_string());
    }
    if let Some(key) = &p.name_key {
        push("name", key.clone());
    }
    if let Some(sound) = p.name.as_deref().and_then(sound_key) {
        push("sound", sound);
    }
    if p.name.is_none() {
        // Known only by a nickname such as @Dmitry_Sokolov: find the names it spells.
        for (_, handle) in &p.handles {
            if let Some(sound) = super::profile::name_in_handle(handle).and_then(|n| sound_key(&n))
            {
                push("sound", sound);
            }
        }
    }
    if let Some(key) = &p.company_key {
        push("company", key.clone());
    }
    for (nick, _) in nicknames(p) {
        push("nick", nick);
    }
    // Typo-tolerant keys: a name's sound with the place, the address, a number's tail.
    for word in p.name_words.iter().filter(|w| w.len() >= 2) {
        let code = phonetic(word);
        if code.is_empty() {
            continue;
        }
        if let Some(zip) = &p.zip {
            push("ph_zip", format!("{code}|{zip}"));
        }
        if let Some(city) = &p.city_key {
            push("ph_city", format!("{code}|{city}"));
        }
    }
    if let Some(street) = &p.street {
        if let (Some(zip), Some(number)) = (&p.zip, &street.number) {
            push("zip_number", format!("{zip}|{number}"));
        }
        if let (Some(place), Some(word)) =
            (p.zip.as_ref().or(p.city_key.as_ref()), street.main_word())
        {
            push("street", format!("{}|{place}", skeleton(word)));
        }
    }
    for tail in p.tails() {
        push("tail", tail.to_string());
    }
    for email in &p.emails {
        if let Some((local, _)) = email.split_once('@')
            && local.len() >= super::thresholds::LOCAL_PART_MIN_LEN
        {
            push("local", local.to_string());
        }
    }
    if let Some(city) = &p.city_key {
        push("city", city.clone());
    }
    if let Some(zip) = &p.zip {
        push("zip", zip.clone());
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The fields a key kind relies on, as a bit set of [`Field::index`]: a pair found only
/// by keys relying on a field agrees on it by construction, and says nothing of how often
/// true pairs agree on it.
pub fn family(kind: &str) -> u32 {
    let bits = |fields: &[Field]| fields.iter().fold(0, |b, f| b | (1 << f.index()));
    match kind {
        "email" | "local" => bits(&[Field::Email]),
        "domain" => bits(&[Field::Email, Field::Company]),
        "phone" | "tail" => bits(&[Field::Phone]),
        "nick" => bits(&[Field::Name, Field::Email, Field::Handle]),
        "name" | "sound" => bits(&[Field::Name]),
        "ph_zip" => bits(&[Field::Name, Field::Zip]),
        "ph_city" => bits(&[Field::Name, Field::City]),
        "zip_number" => bits(&[Field::Zip, Field::Street]),
        "street" => bits(&[Field::Street, Field::Zip, Field::City]),
        "company" => bits(&[Field::Company]),
        "customer" => bits(&[Field::Customer]),
        k if k.starts_with("h:") => bits(&[Field::Handle]),
        _ => 0,
    }
}

/// The keys of a record that find candidates (all but [`COUNT_ONLY`]).
pub fn blocking(p: &Profile) -> Vec<Key> {
    let mut keys = compute(p);
    keys.retain(|(kind, _)| !COUNT_ONLY.contains(&kind.as_str()));
    keys
}

/// Rows per batch insert: four parameters each stays under SQLite's 32,766.
const INSERT_CHUNK: usize = 8000;
/// Rows per INSERT statement within a batch. A statement of a fixed number of rows has a
/// static query id, so diesel prepares it once and reuses it, where a statement of any
/// other length is written out and parsed again each time (a quarter of the bulk-load
/// writer's time went there).
const STATEMENT_ROWS: usize = 500;

fn insert(conn: &mut DbConn, rows: &[(Rec, Key)]) -> DomainResult<()> {
    append_computed(
        conn,
        rows.iter().map(|(r, (k, v))| (*r, k.as_str(), v.as_str())),
    )?;
    Ok(())
}

fn insert_chunk(conn: &mut DbConn, batch: &[NewKey]) -> DomainResult<()> {
    match conn {
        DbConn::Sqlite(c) => {
            let mut whole = batch.chunks_exact(STATEMENT_ROWS);
            for rows in &mut whole {
                if let Ok(rows) = <&[NewKey; STATEMENT_ROWS]>::try_from(rows) {
                    diesel::insert_into(match_keys::table)
                        .values(rows)
                        .execute(c)?;
                }
            }
            let rest = whole.remainder();
            if !rest.is_empty() {
                diesel::insert_into(match_keys::table)
                    .values(rest)
                    .execute(c)?;
            }
        }
        // A cached statement needs a `'static` query id on PostgreSQL, which borrowed keys
        // do not have; bulk loads are SQLite's concern anyway.
        #[cfg(feature = "postgres")]
        DbConn::Postgresql(c) => {
            diesel::insert_into(match_keys::table)
                .values(batch)
                .execute(c)?;
        }
    }
    Ok(())
}

/// For bulk loaders that computed the keys themselves ([`compute`], on other threads):
/// appends (record, kind, key) rows in batch inserts. Returns how many rows were written.
pub fn append_computed<'a>(
    conn: &mut DbConn,
    rows: impl IntoIterator<Item = (Rec, &'a str, &'a str)>,
) -> DomainResult<usize> {
    let mut batch: Vec<NewKey> = Vec::with_capacity(INSERT_CHUNK);
    let mut written = 0;
    for (rec, kind, key) in rows {
        let (lead_id, partner_id) = match rec {
            Rec::Lead(id) => (Some(id), None),
            Rec::Partner(id) => (None, Some(id)),
        };
        batch.push(NewKey {
            lead_id,
            partner_id,
            kind,
            key,
        });
        if batch.len() == INSERT_CHUNK {
            insert_chunk(conn, &batch)?;
            written += batch.len();
            batch.clear();
        }
    }
    if !batch.is_empty() {
        insert_chunk(conn, &batch)?;
        written += batch.len();
    }
    Ok(written)
}

/// The keys of many records, computed on every core (normalising names is the costly part).
fn compute_in_parallel(page: &[Profile]) -> DomainResult<Vec<(Rec, Key)>> {
    let keys_of = |part: &[Profile]| -> Vec<(Rec, Key)> {
        part.iter()
            .filter_map(|p| p.rec.map(|r| (r, p)))
            .flat_map(|(r, p)| compute(p).into_iter().map(move |k| (r, k)))
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = page.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = page
            .chunks(chunk)
            .map(|part| scope.spawn(move || keys_of(part)))
            .collect();
        let mut rows = Vec::new();
        for worker in workers {
            let part = worker
                .join()
                .map_err(|_| DomainError::Internal("computing match keys failed".into()))?;
            rows.extend(part);
        }
        Ok(rows)
    })
}

/// Recomputes one record's keys (after a write of the record or of its identities), and a
/// lead's entry in the list search index. A record that no longer exists, or was merged
/// away, is left without keys.
pub fn refresh(conn: &mut DbConn, rec: Rec) -> DomainResult<()> {
    write_tx(conn, |conn| {
        match rec {
            Rec::Lead(id) => diesel::delete(match_keys::table.filter(match_keys::lead_id.eq(id)))
                .execute(conn)?,
            Rec::Partner(id) => {
                diesel::delete(match_keys::table.filter(match_keys::partner_id.eq(id)))
                    .execute(conn)?
            }
        };
        if let Some(p) = profile::of(conn, rec)? {
            let rows: Vec<(Rec, Key)> = compute(&p).into_iter().map(|k| (rec, k)).collect();
            insert(conn, &rows)?;
        }
        if let Rec::Lead(id) = rec {
            // Every write that changes what a lead is found by passes here: the list
            // search's index follows it.
            crate::domain::search::refresh(conn, &[id])?;
        }
        Ok(())
    })
}

const INDEXES: &[(&str, &str)] = &[
    ("match_keys_lookup", "match_keys (kind, key)"),
    ("match_keys_lead", "match_keys (lead_id)"),
    ("match_keys_partner", "match_keys (partner_id)"),
];

/// Recomputes the keys of every lead and partner in one transaction; returns how many
/// records were keyed. Call it after a bulk load that inserted rows directly. The indexes
/// are dropped and rebuilt around the load, which is much faster than keeping them.
pub fn rebuild_all(conn: &mut DbConn) -> DomainResult<usize> {
    write_tx(conn, |conn| {
        // Without its indexes the table empties and refills far faster.
        for (name, _) in INDEXES {
            diesel::sql_query(format!("DROP INDEX IF EXISTS {name}")).execute(conn)?;
        }
        diesel::delete(match_keys::table).execute(conn)?;
        let mut records = 0;
        profile::for_each_page(conn, 20_000, |conn, page| {
            records += page.len();
            let rows = compute_in_parallel(&page)?;
            insert(conn, &rows)
        })?;
        for (name, on) in INDEXES {
            diesel::sql_query(format!("CREATE INDEX {name} ON {on}")).execute(conn)?;
        }
        Ok(records)
    })
}

/// For bulk loaders: appends the keys of records just inserted (which have none yet),
/// computed on every core, without reading anything back. Inside
/// [`without_lookup_indexes`] this is much cheaper than [`rebuild_all`] when the table
/// already holds many records. Returns how many key rows were written.
pub fn append(conn: &mut DbConn, profiles: &[Profile]) -> DomainResult<usize> {
    let rows = compute_in_parallel(profiles)?;
    insert(conn, &rows)?;
    Ok(rows.len())
}

/// Runs a bulk load with the `(kind, key)` look-up index of `match_keys` dropped, and builds
/// it once at the end (in the caller's write transaction: a failed load restores it). The
/// per-record indexes stay: new ids only append to them, and [`refresh`] needs them.
pub fn without_lookup_indexes<T>(
    conn: &mut DbConn,
    load: impl FnOnce(&mut DbConn) -> DomainResult<T>,
) -> DomainResult<T> {
    let (name, on) = INDEXES[0];
    diesel::sql_query(format!("DROP INDEX IF EXISTS {name}")).execute(conn)?;
    let out = load(conn)?;
    diesel::sql_query(format!("CREATE INDEX {name} ON {on}")).execute(conn)?;
    Ok(out)
}

/// Up to `limit` records holding this key.
pub fn holders(conn: &mut DbConn, kind: &str, key: &str, limit: i64) -> DomainResult<Vec<Rec>> {
    let rows: Vec<(Option<i32>, Option<i32>)> = match_keys::table
        .filter(match_keys::kind.eq(kind))
        .filter(match_keys::key.eq(key))
        .select((match_keys::lead_id, match_keys::partner_id))
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(l, p)| match (l, p) {
            (Some(l), _) => Some(Rec::Lead(l)),
            (None, Some(p)) => Some(Rec::Partner(p)),
            _ => None,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robin_and_robyn_share_a_sound_key() {
        assert_eq!(sound_key("Robin Banks"), sound_key("Robyn Banks"));
        assert_ne!(sound_key("Robin Banks"), sound_key("Rosa Banks"));
    }

    #[test]
    fn a_name_runs_together_like_a_nickname() {
        let p = Profile {
            name: Some("Иван Петров".into()),
            ..Profile::default()
        }
        .derived();
        let nicks: Vec<String> = nicknames(&p).into_iter().map(|n| n.0).collect();
        assert!(nicks.contains(&"ivanpetrov".to_string()));
        assert!(nicks.contains(&"petrovivan".to_string()));
        assert!(nicks.contains(&"ipetrov".to_string()));
    }
}
