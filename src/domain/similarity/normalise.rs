//! Normalising rules: the keys two spellings of the same name, address or number share.
//!
//! - names ignore script, accents, case, punctuation and word order
//!   ("Nguyễn  Văn An" → "an nguyen van", "Анна Петрова" → "anna petrova");
//! - company names also ignore legal forms (S.r.l., LLC, ООО, Công ty TNHH, …);
//! - emails are lower-cased and taken out of `"Name" <addr>`; the *domain key* is the domain
//!   for a company address but the whole address for a free-mail one, so two gmail users are
//!   not "the same organisation";
//! - phones and messenger numbers become E.164 with the default (or the record's) country.
//!
//! The rules do not decide whether two records match; the scoring does.

use unicode_normalization::UnicodeNormalization;

use crate::domain::values::{Email, Phone};

/// Legal forms dropped from the start and end of a company name, in normalised spelling
/// (what [`name_tokens`] makes of them: "S.r.l." is "s r l", "ООО" is "ooo").
pub const LEGAL_FORMS: &[&str] = &[
    // Italian
    "s r l",
    "srl",
    "s r l s",
    "srls",
    "s p a",
    "spa",
    "s n c",
    "snc",
    "s a s",
    "sas",
    // English
    "llc",
    "l l c",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "llp",
    "lp",
    // German, French, Dutch, Spanish
    "gmbh",
    "ag",
    "kg",
    "ug",
    "sarl",
    "s a r l",
    "sa",
    "s a",
    "bv",
    "b v",
    "nv",
    "sl",
    "s l",
    // Russian (after transliteration): ООО, АО, ЗАО, ОАО, ПАО, НКО, ИП, and JSC
    "ooo",
    "ao",
    "zao",
    "oao",
    "pao",
    "nko",
    "ip",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    // Vietnamese: Công ty TNHH, Công ty cổ phần, CTCP, Doanh nghiệp tư nhân
    "cong ty tnhh mtv",
    "cong ty tnhh",
    "tnhh mtv",
    "tnhh",
    "cong ty co phan",
    "cong ty cp",
    "ctcp",
    "cong ty",
    "doanh nghiep tu nhan",
    "dntn",
];

/// Free-mail domains: an address there says nothing about the organisation. A trailing
/// `.*` stands for any top-level domain (`yahoo.it`, `yahoo.co.uk`).
pub const FREE_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.*",
    "ymail.com",
    "outlook.*",
    "hotmail.*",
    "live.*",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.*",
    "web.de",
    "t-online.de",
    "libero.it",
    "virgilio.it",
    "tiscali.it",
    "alice.it",
    "tim.it",
    "mail.ru",
    "yandex.ru",
    "yandex.com",
    "ya.ru",
    "bk.ru",
    "list.ru",
    "inbox.ru",
    "internet.ru",
    "rambler.ru",
    "zoho.com",
    "yahoo.com.vn",
    "qq.com",
    "163.com",
    "mail.com",
    "fastmail.com",
    "tutanota.com",
];

/// The words of a name in reading order: NFKC, transliterated to ASCII, lower-cased,
/// apostrophes removed, anything else but letters and digits treated as a space.
pub fn name_tokens(raw: &str) -> Vec<String> {
    let composed: String = raw.nfkc().collect();
    let ascii = deunicode::deunicode(&composed).to_lowercase();
    // Apostrophes join: "O'Brien" is "obrien", and the Russian soft sign (transliterated
    // as an apostrophe) stays inside its word: "Ольга" is "olga", not "ol ga".
    ascii
        .replace(['\'', '`'], "")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Titles written before a person's name (English, Italian, Russian, Vietnamese,
/// transliterated): "Dr", "Sig.ra", "г-жа", "Ông"…
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "sig", "sigra", "signor",
    "signora", "signa", "dott", "dottssa", "dssa", "ing", "avv", "geom", "rag", "gn", "g", "zha",
    "gospodin", "gospozha",
];
/// Vietnamese forms of address ("Ông", "Bà", "Anh", "Chị"…), also given names: dropped only
/// before a name of three words or more.
const VIETNAMESE_ADDRESS: &[&str] = &["ong", "ba", "anh", "chi", "co", "chu", "bac", "em"];

/// Whether a word is a Russian patronymic ("Ivanovich", "Petrovna").
fn is_patronymic(word: &str) -> bool {
    ["ovich", "evich", "ovna", "evna", "ichna", "inichna"]
        .iter()
        .any(|end| word.len() > end.len() + 2 && word.ends_with(end))
}

/// The words of a person's name as the duplicate finder compares them: [`name_tokens`]
/// without titles ("Dr", "г-жа", "Ông") and, in a name of three words, without a Russian
/// patronymic, so "Lebedev Vsemil Elizarovich" is "Всемил Лебедев".
pub fn person_words(raw: &str) -> Vec<String> {
    let mut words = name_tokens(raw);
    while words.len() > 1 && TITLES.contains(&words[0].as_str()) {
        words.remove(0);
    }
    if words.len() >= 4 && VIETNAMESE_ADDRESS.contains(&words[0].as_str()) {
        words.remove(0);
    }
    if words.len() == 3
        && let Some(i) = words.iter().position(|w| is_patronymic(w))
    {
        words.remove(i);
    }
    words
}

/// The finder's key of a person's name: [`person_words`], sorted.
pub fn person_key(raw: &str) -> Option<String> {
    sorted_key(person_words(raw))
}

fn sorted_key(mut tokens: Vec<String>) -> Option<String> {
    if tokens.is_empty() {
        return None;
    }
    tokens.sort_unstable();
    Some(tokens.join(" "))
}

/// The key of a person's name: script, accents, case, punctuation and word order ignored.
/// `None` when nothing is left (blank or only punctuation).
pub fn name_key(raw: &str) -> Option<String> {
    sorted_key(name_tokens(raw))
}

/// The key of a company name: as [`name_key`], with legal forms ([`LEGAL_FORMS`]) removed
/// from both ends. A name that is only a legal form keeps it.
pub fn company_key(raw: &str) -> Option<String> {
    let tokens = name_tokens(raw);
    let longest = LEGAL_FORMS
        .iter()
        .map(|f| f.split(' ').count())
        .max()
        .unwrap_or(1);
    let is_form = |words: &[String]| LEGAL_FORMS.contains(&words.join(" ").as_str());
    let (mut start, mut end) = (0, tokens.len());
    loop {
        let words = &tokens[start..end];
        let fits = |n: &usize| *n < words.len();
        if let Some(n) = (1..=longest)
            .rev()
            .filter(fits)
            .find(|&n| is_form(&words[..n]))
        {
            start += n;
        } else if let Some(n) = (1..=longest)
            .rev()
            .filter(fits)
            .find(|&n| is_form(&words[words.len() - n..]))
        {
            end -= n;
        } else {
            break;
        }
    }
    sorted_key(tokens[start..end].to_vec())
}

/// The address as stored for matching, or `None` when it is not an email address.
pub fn email_norm(raw: &str) -> Option<String> {
    Email::parse(raw).ok().map(|e| e.as_str().to_string())
}

/// Whether a domain belongs to a free-mail provider ([`FREE_MAIL_DOMAINS`]).
pub fn is_free_mail(domain: &str) -> bool {
    let domain = domain.trim();
    let lowered;
    let domain = if domain.chars().any(char::is_uppercase) {
        lowered = domain.to_lowercase();
        lowered.as_str()
    } else {
        domain
    };
    FREE_MAIL_DOMAINS
        .iter()
        .any(|pattern| match pattern.strip_suffix(".*") {
            Some(stem) => domain
                .strip_prefix(stem)
                .is_some_and(|rest| rest.starts_with('.') && rest.len() > 1),
            None => domain == *pattern,
        })
}

/// The organisation an address belongs to: the domain of a company address, the whole
/// address on a free-mail domain.
pub fn email_domain_key(raw: &str) -> Option<String> {
    let email = Email::parse(raw).ok()?;
    if is_free_mail(email.domain()) {
        Some(email.as_str().to_string())
    } else {
        Some(email.domain().to_string())
    }
}

/// The company domain of an address already normalised (as the profiles hold it): its
/// domain, `None` for free mail. [`email_domain_key`] without parsing again.
pub fn company_domain(email: &str) -> Option<&str> {
    let (_, domain) = email.rsplit_once('@')?;
    (!is_free_mail(domain)).then_some(domain)
}

/// A phone number in E.164, read with `country` (ISO alpha-2) when written nationally.
pub fn phone_e164(raw: &str, country: &str) -> Option<String> {
    Phone::parse(raw, country)
        .ok()
        .map(|p| p.as_str().to_string())
}

/// A messenger handle as matched: a Telegram `@Name` (or t.me link) is `name`; WhatsApp,
/// Viber and phone numbers are E.164; an email is its address; anything else is trimmed,
/// lower-cased, with spaces squeezed.
pub fn handle_norm(channel: &str, raw: &str, country: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("The handle is required".into());
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
                Err(format!("'{raw}' is not a Telegram username"))
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

/// The Double Metaphone code of a name's word.
pub fn phonetic(word: &str) -> String {
    thread_local! {
        static CODER: rphonetic::DoubleMetaphone = rphonetic::DoubleMetaphone::default();
    }
    CODER.with(|c| c.double_metaphone(word).primary())
}

/// The last digits of a number, by which a number typed in any format is recognised.
pub fn last_digits(digits: &str) -> Option<&str> {
    (digits.len() >= super::thresholds::LAST_DIGITS_MIN)
        .then(|| &digits[digits.len().saturating_sub(super::thresholds::LAST_DIGITS)..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(raw: &str) -> String {
        name_key(raw).unwrap_or_default()
    }

    fn company(raw: &str) -> String {
        company_key(raw).unwrap_or_default()
    }

    #[test]
    fn name_key_drops_vietnamese_diacritics_and_squeezes_spaces() {
        assert_eq!(key("Nguyễn  Văn An"), "an nguyen van");
        assert_eq!(key("Nguyễn Văn An"), key("Nguyen Van An"));
    }

    #[test]
    fn name_key_transliterates_cyrillic() {
        assert_eq!(key("Анна Петрова"), "anna petrova");
        assert_eq!(key("Иван Петров"), key("Ivan Petrov"));
    }

    #[test]
    fn name_key_ignores_word_order_case_and_punctuation() {
        assert_eq!(key("Banks, Robin"), key("robin BANKS"));
        assert_eq!(key("O'Brien-Smith"), "obrien smith");
    }

    #[test]
    fn name_key_keeps_the_russian_soft_sign_inside_its_word() {
        assert_eq!(key("Ольга Смирнова"), "olga smirnova");
        assert_eq!(key("Ольга Смирнова"), key("Olga Smirnova"));
    }

    #[test]
    fn name_key_folds_compatibility_characters() {
        assert_eq!(key("Ｒｏｂｉｎ"), "robin");
    }

    #[test]
    fn name_key_of_blank_or_punctuation_is_none() {
        assert_eq!(name_key("  "), None);
        assert_eq!(name_key("--"), None);
    }

    #[test]
    fn company_key_drops_italian_legal_forms() {
        assert_eq!(company("Rossi Costruzioni S.r.l."), "costruzioni rossi");
        assert_eq!(company("Rossi Costruzioni SRL"), "costruzioni rossi");
        assert_eq!(company("Ferro S.p.A."), "ferro");
    }

    #[test]
    fn company_key_drops_english_legal_forms() {
        assert_eq!(company("Acme, Inc."), "acme");
        assert_eq!(company("Acme Ltd"), "acme");
        assert_eq!(company("Acme Trading Co."), "acme trading");
        assert_eq!(company("Acme LLC"), "acme");
    }

    #[test]
    fn company_key_drops_russian_legal_forms_in_either_script() {
        assert_eq!(company("ООО «Ромашка»"), "romashka");
        assert_eq!(company("OOO Romashka"), "romashka");
        assert_eq!(company("ЗАО Ромашка"), "romashka");
        assert_eq!(company("АО \"Ромашка\""), "romashka");
    }

    #[test]
    fn company_key_drops_vietnamese_legal_forms() {
        assert_eq!(company("Công ty TNHH Minh Phát"), "minh phat");
        assert_eq!(company("TNHH Minh Phát"), "minh phat");
        assert_eq!(company("Công ty cổ phần Minh Phát"), "minh phat");
    }

    #[test]
    fn company_key_keeps_a_name_that_is_only_a_legal_form() {
        assert_eq!(company("Ltd"), "ltd");
    }

    #[test]
    fn email_norm_lower_cases_and_unwraps_display_names() {
        assert_eq!(
            email_norm("\"Robin Banks\" <Robin.Banks@Example.com>").as_deref(),
            Some("robin.banks@example.com")
        );
        assert_eq!(email_norm("not an email"), None);
    }

    #[test]
    fn email_domain_key_is_the_domain_for_company_addresses() {
        assert_eq!(
            email_domain_key("robin@acme.example").as_deref(),
            Some("acme.example")
        );
    }

    #[test]
    fn email_domain_key_is_the_whole_address_for_free_mail() {
        for raw in [
            "Robin@Gmail.com",
            "robin@yahoo.co.uk",
            "robin@hotmail.it",
            "robin@mail.ru",
        ] {
            assert_eq!(email_domain_key(raw), email_norm(raw), "{raw}");
        }
        assert!(!is_free_mail("yahoo"));
        assert!(!is_free_mail("notgmail.com"));
    }

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
