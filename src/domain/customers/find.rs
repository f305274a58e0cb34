//! Finding the one customer a user means wherever a customer is chosen (the lead form's
//! Customer field, the Convert wizard, the API's lead body, the type-ahead and the no-JS
//! pick page): an ID typed as `12` or `#12`, or text matched by [`search`], the Customers
//! list's search too (words of the name in any script — "Вектор" finds "Vektor LLC" —, an
//! email, the digits of a phone).

use super::list::{Filter, matching};
use crate::db::DbConn;
use crate::domain::DomainResult;
use crate::domain::ids::PartnerId;
use crate::domain::models::partners::{Partner, PartnerKind};
use crate::domain::similarity::normalise;
use crate::i18n::Msg;

/// Customers a search gives at most.
pub const LIMIT: i64 = 100;

/// Customers a picker offers at most.
pub const PICK_LIMIT: usize = 12;

/// Matches listed in a "several customers match" message at most.
const LISTED: usize = 5;

/// One customer as a picker shows it (also the type-ahead's JSON row).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pick {
    pub id: i32,
    /// The name and `#id`: "ООО «Вектор» #8".
    pub label: String,
    /// `person` or `company`.
    pub kind: &'static str,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Pick {
    /// The picker row of `p`.
    pub fn of(p: &Partner) -> Pick {
        Pick {
            id: p.id.0,
            label: label(p),
            kind: p.kind.as_str(),
            email: p.email.clone(),
            phone: p.phone.clone().or_else(|| p.mobile.clone()),
        }
    }

    /// Whether this is a company.
    pub fn is_company(&self) -> bool {
        self.kind == PartnerKind::Company.as_str()
    }
}

/// Active customers matching `query`, as the Customers list finds them: an ID (`12` or
/// `#12`), an email, a phone number (its digits) or words of the name in any script.
/// Blank: the first customers by name.
pub fn search(conn: &mut DbConn, query: &str) -> DomainResult<Vec<Partner>> {
    let filter = Filter {
        q: query.trim().to_string(),
        ..Filter::default()
    };
    matching(conn, &filter)
}

/// The name and `#id` of a customer, as pickers and messages show it.
pub fn label(p: &Partner) -> String {
    format!("{} #{}", p.name, p.id)
}

/// An ID typed as `12` or `#12`, or ending a label as pickers write it ("ООО «Вектор» #8").
pub fn typed_id(raw: &str) -> Option<PartnerId> {
    let raw = raw.trim();
    let digits = match raw.rsplit_once('#') {
        Some((_, tail)) => tail,
        None => raw,
    };
    let digits = digits.trim();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .map(PartnerId)
}

/// Active customers matching `query` for a picker, at most [`PICK_LIMIT`]; blank: none.
pub fn lookup(conn: &mut DbConn, query: &str) -> DomainResult<Vec<Pick>> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    Ok(search(conn, query)?
        .iter()
        .filter(|p| p.active)
        .take(PICK_LIMIT)
        .map(Pick::of)
        .collect())
}

/// What typed customer text means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Blank: no customer.
    Nothing,
    /// This customer (an ID is returned as typed: whether it exists is the write's check).
    One(PartnerId),
    /// Not one customer: the message for the field.
    Refused(Msg),
}

/// Whether `p`'s name is exactly `text` once script, case, punctuation and legal forms are
/// ignored.
fn same_name(p: &Partner, text: &str) -> bool {
    let key = match p.kind {
        PartnerKind::Company => normalise::company_key(text),
        PartnerKind::Person => normalise::name_key(text),
    };
    key.as_deref() == Some(p.name_key.as_str())
}

/// The customer typed in a field: blank is none, `12`/`#12` that ID, text the one active
/// customer it matches (when several match and exactly one has that very name, that one).
/// Several or none: a message naming them, asking for the `#ID`.
pub fn resolve(conn: &mut DbConn, raw: &str) -> DomainResult<Resolved> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(Resolved::Nothing);
    }
    if let Some(id) = typed_id(text) {
        return Ok(Resolved::One(id));
    }
    let found: Vec<Partner> = search(conn, text)?
        .into_iter()
        .filter(|p| p.active)
        .collect();
    let exact: Vec<&Partner> = found.iter().filter(|p| same_name(p, text)).collect();
    Ok(match (found.len(), exact.as_slice()) {
        (0, _) => Resolved::Refused(Msg::new("msg.customers.no_match").text("text", text)),
        (1, _) => Resolved::One(found[0].id),
        (_, [one]) => Resolved::One(one.id),
        (n, _) => {
            let names: Vec<String> = found.iter().take(LISTED).map(label).collect();
            let message = if n > LISTED {
                Msg::new("msg.customers.several_match_more").count("count", (n - LISTED) as i64)
            } else {
                Msg::new("msg.customers.several_match")
            };
            Resolved::Refused(message.text("text", text).text("names", names.join(", ")))
        }
    })
}

/// The customer text of a form made an ID for the pure parsers: `Ok` with the ID's text
/// (empty for none), or `Err` with the field message.
pub fn resolve_text(conn: &mut DbConn, raw: &str) -> DomainResult<Result<String, Msg>> {
    Ok(match resolve(conn, raw)? {
        Resolved::Nothing => Ok(String::new()),
        Resolved::One(id) => Ok(id.to_string()),
        Resolved::Refused(message) => Err(message),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_with_or_without_a_hash() {
        assert_eq!(typed_id(" #12 "), Some(PartnerId(12)));
        assert_eq!(typed_id("12"), Some(PartnerId(12)));
        assert_eq!(typed_id("# 7"), Some(PartnerId(7)));
        assert_eq!(typed_id("ООО «Вектор» #8"), Some(PartnerId(8)));
        assert_eq!(typed_id("0"), None);
        assert_eq!(typed_id("Acme 12"), None);
        assert_eq!(typed_id("-3"), None);
    }
}
