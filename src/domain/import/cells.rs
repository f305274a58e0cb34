//! What one cell of a file says: yes/no, a date, messenger handles. Each reader answers the
//! value or the message shown against the cell.

use chrono::NaiveDateTime;

use crate::domain::models::identities::{self, IdentityChannel};
use crate::i18n::Msg;

/// The words of a yes/no cell, case-insensitive.
fn folded(raw: &str) -> String {
    raw.trim().to_lowercase()
}

pub(super) fn parse_bool(raw: &str) -> Result<bool, Msg> {
    match folded(raw).as_str() {
        "true" | "yes" | "1" | "y" | "active" => Ok(true),
        "false" | "no" | "0" | "n" | "archived" | "lost" => Ok(false),
        _ => Err(Msg::new("msg.import.not_bool").text("value", raw.trim())),
    }
}

/// A date or a time, stored in UTC: `2024-07-12`, `2024-07-12 12:34:32` (taken as UTC), or
/// ISO 8601 with a zone, `2024-07-12T12:34:32Z` or `…+03:00` (converted to UTC).
pub(super) fn parse_time(raw: &str) -> Result<NaiveDateTime, Msg> {
    let raw = raw.trim();
    let zoned = || {
        let utc = raw
            .strip_suffix(['Z', 'z'])
            .map(|t| format!("{t}+00:00"))
            .unwrap_or_else(|| raw.to_string());
        ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z"]
            .iter()
            .find_map(|f| chrono::DateTime::parse_from_str(&utc, f).ok())
            .map(|t| t.naive_utc())
    };
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .or_else(zoned)
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .ok_or_else(|| Msg::new("msg.import.not_time").text("value", raw))
}

/// `telegram:@ivan_p; whatsapp:+39 333 123 4567` → (channel, handle, normalised handle).
pub fn parse_messengers(
    raw: &str,
    country: &str,
) -> Result<Vec<(IdentityChannel, String, String)>, Msg> {
    let mut out: Vec<(IdentityChannel, String, String)> = Vec::new();
    for part in raw
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (channel, handle) = part
            .split_once(':')
            .ok_or_else(|| Msg::new("msg.import.not_messenger").text("value", part))?;
        let channel = IdentityChannel::parse(channel)?;
        add_handle(&mut out, channel, handle, country)?;
    }
    Ok(out)
}

/// Adds one handle to a row's messengers (once per channel and normalised handle).
fn add_handle(
    out: &mut Vec<(IdentityChannel, String, String)>,
    channel: IdentityChannel,
    handle: &str,
    country: &str,
) -> Result<(), Msg> {
    let handle = handle.trim();
    let norm = identities::handle_norm(channel, handle, country)?;
    if !out.iter().any(|(c, _, n)| *c == channel && *n == norm) {
        out.push((channel, handle.to_string(), norm));
    }
    Ok(())
}

/// The handles of a column named after a channel: one, or several separated by `;` or new
/// lines.
pub(super) fn parse_channel_column(
    channel: IdentityChannel,
    raw: &str,
    country: &str,
    out: &mut Vec<(IdentityChannel, String, String)>,
) -> Result<(), Msg> {
    for part in raw
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        add_handle(out, channel, part, country)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> String {
        parse_time(raw)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|m| m.to_string())
    }

    #[test]
    fn iso_times_with_z_or_an_offset_are_read_as_utc() {
        assert_eq!(at("2024-07-12T12:34:32Z"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12T15:34:32+03:00"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12 07:34:32-0500"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12T12:34:32.5Z"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12 12:34:32"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12"), "2024-07-12 00:00:00");
        assert!(at("12/07/2024").contains("is not a date"));
    }

    #[test]
    fn a_channel_column_gives_handles_of_its_channel() {
        let mut out = Vec::new();
        parse_channel_column(
            IdentityChannel::Telegram,
            "https://t.me/rossana_terragni; @Rossana_Terragni",
            "IT",
            &mut out,
        )
        .unwrap();
        parse_channel_column(IdentityChannel::WhatsApp, "393240306836", "IT", &mut out).unwrap();
        let norms: Vec<&str> = out.iter().map(|(_, _, n)| n.as_str()).collect();
        assert_eq!(norms, vec!["rossana_terragni", "+393240306836"]);
        assert!(
            parse_channel_column(IdentityChannel::Telegram, "not a nick!", "IT", &mut out).is_err()
        );
    }
}
