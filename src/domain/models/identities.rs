//! Channel identities, the **Messengers** field: a lead's or a partner's handle on each
//! channel (Telegram nickname, WhatsApp number, Avito name, …). The typed handle is kept
//! for display and `handle_norm` for matching (see `similarity::normalise::handle_norm`),
//! so `@Ivan_P` and `ivan_p` are one Telegram identity. One owner holds a (channel,
//! handle_norm) pair once; merging keeps the union.

use diesel::prelude::*;

use crate::db::schema::identities;
use crate::db::{DbConn, write_tx};
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{IdentityId, LeadId, Owner, PartnerId};
use crate::domain::similarity::keys;
use crate::domain::similarity::normalise;
use crate::domain::similarity::profile::Rec;
use crate::domain::{now, values};
use crate::i18n::Msg;

text_enum! {
    /// A channel a customer can be reached on.
    IdentityChannel, "channel" {
        Telegram => "telegram", WhatsApp => "whatsapp", Viber => "viber", Vk => "vk",
        Avito => "avito", Web => "web", Email => "email", Phone => "phone", Other => "other",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = identities)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct Identity {
    pub id: IdentityId,
    pub lead_id: Option<LeadId>,
    pub partner_id: Option<PartnerId>,
    pub channel: IdentityChannel,
    pub handle: String,
    pub handle_norm: String,
    pub created_at: chrono::NaiveDateTime,
}

impl Identity {
    /// Where the handle opens a conversation: a Telegram username (or number) at `t.me`, a
    /// WhatsApp number at `wa.me`, a phone number as `tel:`, an address as `mailto:`. Other
    /// channels have none: they are shown as text with the channel's name.
    pub fn link(&self) -> Option<String> {
        let norm = self.handle_norm.trim();
        match self.channel {
            IdentityChannel::Telegram => {
                Some(format!("https://t.me/{}", norm.trim_start_matches('@')))
            }
            IdentityChannel::WhatsApp => {
                let digits: String = norm.chars().filter(char::is_ascii_digit).collect();
                (!digits.is_empty()).then(|| format!("https://wa.me/{digits}"))
            }
            IdentityChannel::Phone => Some(format!("tel:{norm}")),
            IdentityChannel::Email => Some(format!("mailto:{}", self.handle.trim())),
            _ => None,
        }
        .filter(|_| !norm.is_empty())
    }
}

/// Channels whose handle is a phone number.
fn is_number_channel(channel: IdentityChannel) -> bool {
    matches!(
        channel,
        IdentityChannel::WhatsApp | IdentityChannel::Viber | IdentityChannel::Phone
    )
}

/// The handle's matching form (see `similarity::normalise::handle_norm`), with what number
/// channels (WhatsApp, Viber, phone) are given in practice:
/// - a `wa.me/` link is its number;
/// - digits that do not parse as a national number but do with a `+` in front are an
///   international number written without it, as WhatsApp writes them (`393331234567`);
/// - any other number that does not parse, such as "600-46-35" with no country, is kept by
///   its digits rather than refused, as a lead keeps an unverified phone. Only a value
///   written of digits, spaces and `+-().` is taken for a number.
pub fn handle_norm(channel: IdentityChannel, raw: &str, country: &str) -> Result<String, Msg> {
    let plain = normalise::handle_norm(channel.as_str(), raw, country);
    if !is_number_channel(channel) || plain.is_ok() {
        return plain;
    }
    let lower = raw.trim().to_lowercase();
    let number = ["https://wa.me/", "http://wa.me/", "wa.me/"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower)
        .trim_end_matches('/');
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let number_like = number
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+-().".contains(c));
    if !number_like || digits.is_empty() {
        return plain;
    }
    if let Ok(phone) = normalise::handle_norm(channel.as_str(), number, country) {
        return Ok(phone);
    }
    if !number.starts_with(['+', '0'])
        && let Ok(phone) = values::Phone::parse(&format!("+{digits}"), country)
    {
        return Ok(phone.as_str().to_string());
    }
    Ok(digits)
}

/// Adds a handle to a lead or partner; phone-like handles are read with `country` (a
/// number that does not parse is kept by its digits, see [`handle_norm`]). Adding a handle
/// the owner already has on that channel returns the existing identity.
pub fn add(
    conn: &mut DbConn,
    on: Owner,
    channel: IdentityChannel,
    handle: &str,
    country: &str,
) -> DomainResult<Identity> {
    let handle = values::required_line(handle, "msg.label.handle")
        .map_err(|m| DomainError::invalid("handle", m))?;
    let norm =
        handle_norm(channel, &handle, country).map_err(|m| DomainError::invalid("handle", m))?;
    let (lead_id, partner_id) = on.columns();
    write_tx(conn, |conn| {
        if let Some(existing) = owned(conn, on, channel, &norm)? {
            return Ok(existing);
        }
        diesel::insert_into(identities::table)
            .values((
                identities::lead_id.eq(lead_id),
                identities::partner_id.eq(partner_id),
                identities::channel.eq(channel),
                identities::handle.eq(&handle),
                identities::handle_norm.eq(&norm),
                identities::created_at.eq(now()),
            ))
            .execute(conn)?;
        after_write(conn, rec_of(on))?;
        owned(conn, on, channel, &norm)?.ok_or(DomainError::NotFound)
    })
}

/// Whether `on` already holds this handle (by its normalised form).
pub fn is_owned(
    conn: &mut DbConn,
    on: Owner,
    channel: IdentityChannel,
    norm: &str,
) -> DomainResult<bool> {
    Ok(owned(conn, on, channel, norm)?.is_some())
}

fn owned(
    conn: &mut DbConn,
    on: Owner,
    channel: IdentityChannel,
    norm: &str,
) -> DomainResult<Option<Identity>> {
    let query = identities::table
        .filter(identities::channel.eq(channel))
        .filter(identities::handle_norm.eq(norm))
        .select(Identity::as_select())
        .into_boxed();
    let query = match on {
        Owner::Lead(id) => query.filter(identities::lead_id.eq(id)),
        Owner::Partner(id) => query.filter(identities::partner_id.eq(id)),
    };
    Ok(query.first(conn).optional()?)
}

/// A lead's identities, by channel.
pub fn for_lead(conn: &mut DbConn, lead: LeadId) -> DomainResult<Vec<Identity>> {
    Ok(identities::table
        .filter(identities::lead_id.eq(lead))
        .order((identities::channel.asc(), identities::id.asc()))
        .select(Identity::as_select())
        .load(conn)?)
}

/// A partner's identities, by channel.
pub fn for_partner(conn: &mut DbConn, partner: PartnerId) -> DomainResult<Vec<Identity>> {
    Ok(identities::table
        .filter(identities::partner_id.eq(partner))
        .order((identities::channel.asc(), identities::id.asc()))
        .select(Identity::as_select())
        .load(conn)?)
}

/// Every identity with this handle on this channel, whoever owns it.
pub fn find_by_handle(
    conn: &mut DbConn,
    channel: IdentityChannel,
    handle: &str,
    country: &str,
) -> DomainResult<Vec<Identity>> {
    let Ok(norm) = handle_norm(channel, handle, country) else {
        return Ok(Vec::new());
    };
    Ok(identities::table
        .filter(identities::channel.eq(channel))
        .filter(identities::handle_norm.eq(norm))
        .order(identities::id.asc())
        .select(Identity::as_select())
        .load(conn)?)
}

fn rec_of(on: Owner) -> Rec {
    match on {
        Owner::Lead(id) => Rec::Lead(id.0),
        Owner::Partner(id) => Rec::Partner(id.0),
    }
}

/// Removes one identity (and recomputes its owner's match keys).
pub fn remove(conn: &mut DbConn, id: i32) -> DomainResult<()> {
    write_tx(conn, |conn| {
        let owner: Option<(Option<i32>, Option<i32>)> = identities::table
            .find(id)
            .select((identities::lead_id, identities::partner_id))
            .first(conn)
            .optional()?;
        let rec = match owner {
            Some((Some(lead), _)) => Rec::Lead(lead),
            Some((None, Some(partner))) => Rec::Partner(partner),
            _ => return Err(DomainError::NotFound),
        };
        diesel::delete(identities::table.find(id)).execute(conn)?;
        after_write(conn, rec)
    })
}

/// A lead's handles are part of what it is found by: its keys and its list-search entry
/// follow them; a customer's keys do.
fn after_write(conn: &mut DbConn, rec: Rec) -> DomainResult<()> {
    match rec {
        Rec::Lead(id) => super::leads::after_write(conn, LeadId(id)),
        Rec::Partner(_) => keys::refresh(conn, rec),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whatsapp_number_that_does_not_parse_is_kept_by_its_digits() {
        let wa = IdentityChannel::WhatsApp;
        assert_eq!(handle_norm(wa, "600-46-35", "IT").as_deref(), Ok("6004635"));
        assert_eq!(
            handle_norm(wa, "+39 333 123 4567", "RU").as_deref(),
            Ok("+393331234567")
        );
        assert_eq!(
            handle_norm(wa, "61412345678", "IT").as_deref(),
            Ok("+61412345678"),
            "international digits without their +"
        );
        assert_eq!(
            handle_norm(wa, "333 123 4567", "IT").as_deref(),
            Ok("+393331234567"),
            "a national number stays national"
        );
        assert_eq!(
            handle_norm(wa, "https://wa.me/393331234567", "RU").as_deref(),
            Ok("+393331234567")
        );
        assert!(handle_norm(wa, "ivan", "RU").is_err(), "no number at all");
        assert!(handle_norm(IdentityChannel::Telegram, "600-46-35", "IT").is_err());
    }

    fn identity(channel: IdentityChannel, handle: &str) -> Identity {
        Identity {
            id: IdentityId(1),
            lead_id: Some(LeadId(1)),
            partner_id: None,
            channel,
            handle: handle.into(),
            handle_norm: handle_norm(channel, handle, "IT").unwrap(),
            created_at: chrono::NaiveDateTime::default(),
        }
    }

    #[test]
    fn a_messenger_opens_the_conversation_where_its_channel_has_a_link() {
        let link = |c, h| identity(c, h).link();
        assert_eq!(
            link(IdentityChannel::Telegram, "@Ivan_P").as_deref(),
            Some("https://t.me/ivan_p")
        );
        assert_eq!(
            link(IdentityChannel::Telegram, "https://t.me/ivan_p").as_deref(),
            Some("https://t.me/ivan_p")
        );
        assert_eq!(
            link(IdentityChannel::WhatsApp, "+39 333 123 4567").as_deref(),
            Some("https://wa.me/393331234567")
        );
        assert_eq!(
            link(IdentityChannel::Phone, "333 123 4567").as_deref(),
            Some("tel:+393331234567")
        );
        assert_eq!(link(IdentityChannel::Vk, "id12345"), None, "shown as text");
    }
}
