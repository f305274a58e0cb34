//! Messenger handles as matched: a Telegram username, a number in E.164, an address.

use crate::domain::values::{Email, Phone};
use crate::i18n::Msg;

/// A messenger handle as matched: a Telegram `@Name` (or t.me link) is `name`; WhatsApp,
/// Viber and phone numbers are E.164; an email is its address; anything else is trimmed,
/// lower-cased, with spaces squeezed.
pub fn handle_norm(channel: &str, raw: &str, country: &str) -> Result<String, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Msg::new("msg.handle.required"));
    }
    match channel {
        "telegram" => {
            let lower = raw.to_lowercase();
            let bare = ["https://t.me/", "http://t.me/", "t.me/", "@"]
                .iter()
                .find_map(|p| lower.strip_prefix(p))
                .unwrap_or(&lower)
                .trim_start_matches('@')
                .trim_end_matches('/');
            let valid =
                !bare.is_empty() && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if valid {
                Ok(bare.to_string())
            } else {
                Err(Msg::new("msg.handle.not_telegram").text("value", raw))
            }
        }
        "whatsapp" | "viber" | "phone" => Phone::parse(raw, country).map(|p| p.as_str().into()),
        "email" => Email::parse(raw).map(|e| e.as_str().into()),
        _ => Ok(raw
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handle_norm_strips_the_telegram_at_and_lower_cases() {
        assert_eq!(
            handle_norm("telegram", "@Ivan_P", "RU").as_deref(),
            Ok("ivan_p")
        );
        assert_eq!(
            handle_norm("telegram", "https://t.me/Ivan_P", "RU").as_deref(),
            Ok("ivan_p")
        );
        assert!(handle_norm("telegram", "@ivan p", "RU").is_err());
    }

    #[test]
    fn handle_norm_makes_whatsapp_and_viber_numbers_e164() {
        assert_eq!(
            handle_norm("whatsapp", "8 912 345-67-89", "RU").as_deref(),
            Ok("+79123456789")
        );
        assert_eq!(
            handle_norm("viber", "+7 912 345 67 89", "IT").as_deref(),
            Ok("+79123456789")
        );
        assert!(handle_norm("whatsapp", "ivan", "RU").is_err());
    }

    #[test]
    fn handle_norm_trims_and_lower_cases_other_channels() {
        assert_eq!(
            handle_norm("avito", "  Иван  П. ", "RU").as_deref(),
            Ok("иван п.")
        );
        assert!(handle_norm("avito", "   ", "RU").is_err());
    }
}
