//! Parsed values: a value of these types has passed its checks, so code that receives one
//! does not check again. Parsing returns a message a user can act on, as a catalogue text;
//! `what` names the field with a catalogue key (`lead.title`), shown in the same language.

use crate::i18n::Msg;
use rlibphonenumber::{PhoneNumber, PhoneNumberFormat, Region};

/// Longest text accepted in a one-line field.
pub const MAX_LINE: usize = 200;
/// Longest text accepted in a multi-line field (descriptions, notes).
pub const MAX_TEXT: usize = 20_000;

/// A trimmed, non-empty line of at most [`MAX_LINE`] characters.
pub fn required_line(raw: &str, what: &str) -> Result<String, Msg> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(Msg::new("msg.value.required").label("what", what));
    }
    line(value, what).map(std::option::Option::unwrap_or_default)
}

/// An optional line: blank becomes `None`; too long is an error.
pub fn optional_line(raw: &str, what: &str) -> Result<Option<String>, Msg> {
    line(raw.trim(), what)
}

fn line(value: &str, what: &str) -> Result<Option<String>, Msg> {
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_LINE {
        return Err(too_long(what, MAX_LINE));
    }
    if value.chars().any(char::is_control) {
        return Err(Msg::new("msg.value.control_characters").label("what", what));
    }
    Ok(Some(value.to_string()))
}

/// "Name is too long (at most 200 characters)".
fn too_long(what: &str, max: usize) -> Msg {
    Msg::new("msg.value.too_long")
        .label("what", what)
        .text("max", max.to_string())
}

/// Optional multi-line text: blank becomes `None`.
pub fn optional_text(raw: &str, what: &str) -> Result<Option<String>, Msg> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_TEXT {
        return Err(too_long(what, MAX_TEXT));
    }
    Ok(Some(value.replace("\r\n", "\n")))
}

/// An email address: trimmed, lower-cased, taken out of `"Name" <a@b>` when written so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, Msg> {
        let raw = raw.trim();
        let inner = match (raw.rfind('<'), raw.rfind('>')) {
            (Some(open), Some(close)) if open < close => &raw[open + 1..close],
            _ => raw,
        };
        let address = inner.trim().to_lowercase();
        let bad = || Msg::new("msg.value.not_email").text("value", raw);
        if address.len() > 254 || address.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = address.split_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.contains('@') || !domain_ok {
            return Err(bad());
        }
        Ok(Email(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(l, _)| l)
    }

    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, d)| d)
    }
}

/// A phone number in E.164 form (`+39 333 123 4567` → `+393331234567`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Parses with `default_country` (ISO 3166 alpha-2, e.g. "IT") for national numbers.
    /// `00` international prefixes are understood.
    pub fn parse(raw: &str, default_country: &str) -> Result<Phone, Msg> {
        let trimmed = raw.trim();
        let bad = || Msg::new("msg.value.not_phone").text("value", trimmed);
        if trimmed.len() > 40 {
            return Err(bad());
        }
        let cleaned = match trimmed.strip_prefix("00") {
            Some(rest) => format!("+{rest}"),
            None => trimmed.to_string(),
        };
        let region: Option<Region> = default_country.trim().to_uppercase().parse().ok();
        let number = PhoneNumber::parse(&cleaned, region).map_err(|_| bad())?;
        if !number.is_valid() {
            return Err(bad());
        }
        Ok(Phone(
            number.format_as(PhoneNumberFormat::E164).into_owned(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number grouped for reading (`+39 333 123 4567`).
    pub fn international(&self) -> String {
        PhoneNumber::parse(&self.0, None)
            .map(|n| n.format_as(PhoneNumberFormat::International).into_owned())
            .unwrap_or_else(|_| self.0.clone())
    }
}

/// How a stored number reads: its international form when it was verified (the same for
/// a reader in any country: "8 916 482 17 35" typed in Russia reads +7 916 482-17-35),
/// else as it was typed.
pub fn phone_shown(typed: &str, e164: Option<&str>) -> String {
    e164.and_then(|e| Phone::parse(e, "ZZ").ok())
        .map_or_else(|| typed.to_string(), |p| p.international())
}

/// An optional country (see [`country_code`]): blank becomes `None`. `_what` is unused: the
/// message names the value, as a field check's signature wants it.
pub fn optional_country(raw: &str, _what: &str) -> Result<Option<String>, Msg> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    country_code(raw).map(Some)
}

/// A country as an ISO 3166 alpha-2 code: a code the phone parser knows, or a country
/// written as people write it (a name in English, Italian, Russian or Vietnamese, an
/// alpha-3 code; see `domain::countries`).
pub fn country_code(raw: &str) -> Result<String, Msg> {
    let code = raw.trim().to_uppercase();
    if code.len() == 2 && code.parse::<Region>().is_ok() {
        return Ok(code);
    }
    crate::domain::countries::alpha2(raw)
        .map(str::to_string)
        .ok_or_else(|| Msg::new("msg.value.not_country").text("value", raw.trim()))
}

/// Money typed by a user ("1 234,50", "1234.5", "1,234.50") into integer cents.
pub fn parse_money(raw: &str) -> Result<i64, Msg> {
    let bad = || Msg::new("msg.value.not_amount").text("value", raw.trim());
    let mut s: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '€' && *c != '$')
        .collect();
    if s.is_empty() {
        return Ok(0);
    }
    // The last separator followed by one or two digits is the decimal point.
    let decimal_at = s
        .rfind(['.', ','])
        .filter(|&i| (1..=2).contains(&(s.len() - i - 1)));
    let (whole, frac) = match decimal_at {
        Some(i) => {
            let frac = s.split_off(i + 1);
            s.pop();
            (s, frac)
        }
        None => (s, String::new()),
    };
    let whole: String = whole.chars().filter(|c| *c != '.' && *c != ',').collect();
    if whole.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(if whole.starts_with('-') {
            Msg::new("msg.value.negative_amount")
        } else {
            bad()
        });
    }
    let units: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    units
        .checked_mul(100)
        .and_then(|u| u.checked_add(cents))
        .filter(|v| *v <= 100_000_000_000_000)
        .ok_or_else(|| Msg::new("msg.value.amount_too_large"))
}

/// Cents as "1,234.50".
pub fn format_money(cents: i64) -> String {
    let units = cents / 100;
    let digits = units.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{grouped}.{:02}", (cents % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_lower_cased_and_taken_out_of_a_display_name() {
        let email = Email::parse("  \"Robin\" <Robin.Banks@Example.COM> ").unwrap();
        assert_eq!(email.as_str(), "robin.banks@example.com");
        assert_eq!(email.domain(), "example.com");
        assert_eq!(email.local_part(), "robin.banks");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "robin",
            "robin@",
            "@example.com",
            "a@b",
            "a b@c.com",
            "a@@b.com",
            "a@b..com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn the_same_italian_number_written_three_ways_is_one_e164() {
        for raw in ["+39 333 1234567", "0039 3331234567", "333-123-4567"] {
            assert_eq!(
                Phone::parse(raw, "IT").unwrap().as_str(),
                "+393331234567",
                "{raw}"
            );
        }
    }

    #[test]
    fn a_verified_number_is_shown_in_its_international_form() {
        assert_eq!(
            phone_shown("8 916 482 17 35", Some("+79164821735")),
            "+7 916 482-17-35"
        );
        assert_eq!(phone_shown("606-1606", None), "606-1606");
    }

    #[test]
    fn a_vietnamese_national_number_uses_the_default_country() {
        assert_eq!(
            Phone::parse("0912 345 678", "VN").unwrap().as_str(),
            "+84912345678"
        );
    }

    #[test]
    fn junk_is_not_a_phone_number() {
        assert!(Phone::parse("call me maybe", "IT").is_err());
        assert!(Phone::parse("12", "IT").is_err());
    }

    #[test]
    fn money_accepts_both_decimal_separators() {
        assert_eq!(parse_money("1 234,50"), Ok(123_450));
        assert_eq!(parse_money("1,234.5"), Ok(123_450));
        assert_eq!(parse_money("1.234"), Ok(123_400));
        assert_eq!(parse_money(""), Ok(0));
        assert!(parse_money("-5").is_err());
        assert!(parse_money("ten").is_err());
        assert_eq!(format_money(123_450), "1,234.50");
    }

    #[test]
    fn lines_are_trimmed_and_bounded() {
        assert_eq!(required_line("  Acme ", "Name"), Ok("Acme".to_string()));
        assert!(required_line("   ", "Name").is_err());
        assert!(optional_line(&"x".repeat(MAX_LINE + 1), "Name").is_err());
        assert_eq!(optional_line("", "Name"), Ok(None));
    }
}
