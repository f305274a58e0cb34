//! What a page is rendered with: who is signed in, their rights, the CSRF token, the flash
//! message, the settings that shape the menu and the UI language. Filled per request by the
//! extractors of [`crate::web::ctx`]; error pages use a bare one.

use crate::domain::access::Actor;
use crate::domain::models::settings::Settings;
use crate::domain::models::users::User;

/// The session key of the language picked on the sign-in page.
pub(crate) const LANGUAGE_KEY: &str = "lang";
/// The session key of the language of the last page this session was shown, for the error
/// pages of requests refused before their context was loaded (a form without its token).
pub(crate) const PAGE_LANGUAGE_KEY: &str = "page_lang";

/// The language of the page a request got, kept in the request's extensions by the context
/// loader for its error page.
#[derive(Debug, Clone, Copy)]
pub struct PageLang(pub crate::i18n::Lang);

/// A one-time message shown on the next page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Flash {
    /// "success" or "error"
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub user: Option<User>,
    pub actor: Option<Actor>,
    pub csrf: String,
    pub flash: Option<Flash>,
    pub settings: Settings,
    pub locale: String,
    /// The request path, for "active" menu entries.
    pub path: String,
}

impl Ctx {
    /// A context with no session: for error pages.
    pub fn bare() -> Ctx {
        Ctx {
            user: None,
            actor: None,
            csrf: String::new(),
            flash: None,
            settings: Settings::default(),
            locale: "en".into(),
            path: String::new(),
        }
    }

    /// The UI text for `key` in the user's language.
    pub fn t(&self, key: &str) -> String {
        crate::tr(&self.locale, key)
    }

    /// The UI text for `key` with its `%{name}` placeholders filled ("Lead 12 saved.").
    pub fn t_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        let values: Vec<(&str, String)> = values.iter().map(|(n, v)| (*n, v.to_string())).collect();
        crate::i18n::text::fill(&self.t(key), &values)
    }

    /// The counting text `key` in the form the user's language gives `n` ("1 record",
    /// "5 записей"), with `%{count}` written as the language writes numbers.
    pub fn plural<N: TryInto<i64>>(&self, key: &str, n: N) -> String {
        crate::i18n::plural(&self.locale, key, n.try_into().unwrap_or(i64::MAX))
    }

    /// The UI language.
    pub fn lang(&self) -> crate::i18n::Lang {
        crate::i18n::Lang::or_english(&self.locale)
    }

    /// An amount in cents, in the company currency, as the user's language writes it.
    pub fn money(&self, cents: &i64) -> String {
        crate::i18n::format::money(self.lang(), *cents, &self.settings.currency)
    }

    /// A number as the user's language writes it ("12.345").
    pub fn number(&self, n: &i64) -> String {
        crate::i18n::format::integer(self.lang(), *n)
    }

    /// A count as the user's language writes numbers ("12.345 righe").
    /// (By reference or by value: templates pass fields by reference, method results not.)
    pub fn count(&self, n: impl std::borrow::Borrow<usize>) -> String {
        self.number(&i64::try_from(*n.borrow()).unwrap_or(i64::MAX))
    }

    /// A date as the user's language writes it ("5 dic 2026").
    pub fn date(&self, day: &chrono::NaiveDate) -> String {
        crate::i18n::format::date(self.lang(), *day)
    }

    /// A moment to the minute as the user's language writes it ("5 dic 2026, 14:30").
    pub fn date_time(&self, at: &chrono::NaiveDateTime) -> String {
        crate::i18n::format::date_time(self.lang(), *at)
    }

    /// The day of a moment as the user's language writes it ("5 dic 2026").
    pub fn date_of(&self, at: &chrono::NaiveDateTime) -> String {
        self.date(&at.date())
    }

    /// How long ago `at` was ("3 giorni fa"); a week or more is the date.
    pub fn ago(&self, at: &chrono::NaiveDateTime) -> String {
        crate::i18n::format::relative(self.lang(), *at, crate::domain::now())
    }

    /// A message from the domain, in the user's language.
    pub fn msg(&self, msg: &crate::i18n::Msg) -> String {
        msg.render(&self.locale)
    }

    /// A form's field messages in the user's language, one after the other (joined by
    /// `sep`), for a flash or an alert that is not next to the fields.
    pub fn field_messages(&self, errors: &crate::domain::error::FieldErrors, sep: &str) -> String {
        errors
            .values()
            .map(|m| self.msg(m))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// What a domain error tells the user, in their language: an invalid form's messages
    /// joined by spaces, the text of any other kind.
    pub fn domain_error(&self, e: &crate::domain::DomainError) -> String {
        match e {
            crate::domain::DomainError::Invalid(errors) => self.field_messages(errors, " "),
            other => self.msg(&other.message()),
        }
    }

    /// A match probability as users read it: "match 99.2 %". Only a certainty reads 100 or
    /// 0: "match > 99.9 %" is not a proof. (By reference: templates pass fields so.)
    pub fn match_text(&self, probability: &f64) -> String {
        let p = probability.clamp(0.0, 1.0);
        let percent = match format!("{:.1}", p * 100.0) {
            rounded if rounded == "100.0" && p < 1.0 => "> 99.9".to_string(),
            rounded if rounded == "0.0" && p > 0.0 => "< 0.1".to_string(),
            rounded => rounded,
        };
        self.t("similar.match").replace("%{percent}", &percent)
    }

    pub fn is_manager(&self) -> bool {
        self.actor.as_ref().is_some_and(Actor::is_manager)
    }

    /// A person's name as shown: an erased one reads as the translated "erased".
    pub fn person(&self, name: &str) -> String {
        if crate::domain::privacy::is_erased(name) {
            self.t("privacy.erased")
        } else {
            name.to_string()
        }
    }

    pub fn is_admin(&self) -> bool {
        self.actor.as_ref().is_some_and(Actor::is_admin)
    }

    /// Whether the menu entry for `prefix` is the current section.
    pub fn in_section(&self, prefix: &str) -> bool {
        // A record's own page (/leads/42…) serves leads and opportunities alike: it belongs
        // to neither menu entry.
        let record_page = self
            .path
            .strip_prefix("/leads/")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        !record_page && (self.path == prefix || self.path.starts_with(&format!("{prefix}/")))
    }
}
