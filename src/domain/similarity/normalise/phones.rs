//! Phone numbers: E.164, and the last digits by which a number typed in any format is
//! recognised.

use crate::domain::similarity::thresholds;
use crate::domain::values::Phone;

/// A phone number in E.164, read with `country` (ISO alpha-2) when written nationally.
pub fn phone_e164(raw: &str, country: &str) -> Option<String> {
    Phone::parse(raw, country)
        .ok()
        .map(|p| p.as_str().to_string())
}

/// The last digits of a number, by which a number typed in any format is recognised.
pub fn last_digits(digits: &str) -> Option<&str> {
    (digits.len() >= thresholds::LAST_DIGITS_MIN)
        .then(|| &digits[digits.len().saturating_sub(thresholds::LAST_DIGITS)..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_e164_reads_national_numbers_with_the_country() {
        assert_eq!(
            phone_e164("333-123-4567", "IT").as_deref(),
            Some("+393331234567")
        );
        assert_eq!(
            phone_e164("8 (912) 345-67-89", "RU").as_deref(),
            Some("+79123456789")
        );
        assert_eq!(phone_e164("nope", "IT"), None);
    }
}
