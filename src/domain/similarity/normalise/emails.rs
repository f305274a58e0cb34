//! Email addresses: the address as matched, free-mail domains, and the organisation an
//! address belongs to.

use crate::domain::values::Email;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
