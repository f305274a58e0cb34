//! A lead as a user typed it, and its parsed form. Parsing checks every field at once, so
//! the form shows all mistakes together, and computes the normalised columns (email_norm,
//! phone_e164, mobile_e164, name keys) so they are right on every write.
//!
//! Whether referenced stages, users, teams and partners exist is checked by the write, in
//! its transaction, not here.

use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{PartnerId, StageId, TeamId, UserId};
use crate::domain::similarity::normalise;
use crate::domain::values::{self, Email, Phone};

use super::Channel;
use super::fields::{Address, AddressInput, Details, DetailsInput};
use crate::i18n::Msg;

/// Every lead field as typed in a form, a CSV cell or a JSON intake (all strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LeadInput {
    pub title: String,
    pub contact_name: String,
    pub company_name: String,
    pub email: String,
    pub phone: String,
    pub mobile: String,
    /// The country (ISO alpha-2 or a name) reads national phone numbers (else the default
    /// country).
    #[serde(flatten)]
    pub address: AddressInput,
    #[serde(flatten)]
    pub details: DetailsInput,
    pub description: String,
    pub expected_revenue: String,
    pub probability: String,
    pub priority: String,
    pub stage_id: String,
    pub salesperson_id: String,
    pub team_id: String,
    pub partner_id: String,
    pub source_channel: String,
    /// Tag names separated by commas.
    pub tags: String,
}

/// A lead whose every field passed its checks, with its normalised columns. As a changeset
/// it is what an edit writes (the stage and probability, which fall back to the stored ones,
/// and the tags, which are rows of their own, are written apart).
#[derive(Debug, Clone, PartialEq, Eq, diesel::AsChangeset)]
#[diesel(table_name = crate::db::schema::leads, treat_none_as_null = true)]
pub struct ValidLead {
    pub title: String,
    pub contact_name: Option<String>,
    pub contact_name_key: Option<String>,
    pub company_name: Option<String>,
    pub company_name_key: Option<String>,
    pub email: Option<String>,
    pub email_norm: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    #[diesel(embed)]
    pub address: Address,
    #[diesel(embed)]
    pub details: Details,
    pub description: Option<String>,
    pub expected_revenue: i64,
    /// `None`: take the stage's probability (on create) or keep the current one (on edit).
    #[diesel(skip_update)]
    pub probability: Option<i32>,
    pub priority: i32,
    #[diesel(skip_update)]
    pub stage_id: Option<StageId>,
    pub salesperson_id: Option<UserId>,
    pub team_id: Option<TeamId>,
    pub partner_id: Option<PartnerId>,
    pub source_channel: super::Channel,
    #[diesel(skip_update)]
    pub tags: Vec<String>,
}

/// An optional id typed as text; `not_one` is the message key for a value that is not an
/// id (`msg.ref.not_team`: "'x' is not a team").
pub(crate) fn optional_id(raw: &str, not_one: &str) -> Result<Option<i32>, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .map(Some)
        .ok_or_else(|| Msg::new(not_one).text("value", raw))
}

fn bounded(
    raw: &str,
    what: &str,
    range: std::ops::RangeInclusive<i32>,
) -> Result<Option<i32>, Msg> {
    let raw = raw.trim().trim_end_matches('%').trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let (low, high) = (*range.start(), *range.end());
    raw.parse::<i32>()
        .ok()
        .filter(|v| range.contains(v))
        .map(Some)
        .ok_or_else(|| {
            Msg::new("msg.value.whole_number_between")
                .label("what", what)
                .text("low", low.to_string())
                .text("high", high.to_string())
        })
}

pub(crate) fn optional_email(raw: &str) -> Result<Option<(String, String)>, Msg> {
    match values::optional_line(raw, "field.email")? {
        Some(typed) => Email::parse(&typed).map(|e| Some((typed, e.as_str().to_string()))),
        None => Ok(None),
    }
}

pub(crate) fn optional_phone(
    raw: &str,
    what: &str,
    country: &str,
) -> Result<Option<(String, String)>, Msg> {
    match values::optional_line(raw, what)? {
        Some(typed) => match Phone::parse(&typed, country) {
            Ok(p) => Ok(Some((typed, p.as_str().to_string()))),
            Err(_) => Err(not_phone_in(&typed, country)),
        },
        None => Ok(None),
    }
}

/// What becomes of a phone number (or an email address with a typo) that does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unparsed<'a> {
    /// A field error: whoever typed it is there to correct it (the lead form, the API).
    Refuse,
    /// Kept as typed without a normalised form ("number not verified"): a file or a bot
    /// cannot be asked again, and a lead must never be lost for a badly typed number.
    Keep,
    /// Kept only when it is one of these, the values the lead already holds: an edit of
    /// another field is not refused for an old unverified number, a new one is checked.
    KeepStored(&'a [&'a str]),
}

impl Unparsed<'_> {
    fn keeps(self, typed: &str) -> bool {
        match self {
            Unparsed::Refuse => false,
            Unparsed::Keep => true,
            Unparsed::KeepStored(stored) => stored.contains(&typed),
        }
    }
}

/// An email address as typed with its normalised form, or (when `unparsed` keeps it) as
/// typed without one. Only what is plainly an address with a typo is kept
/// ("jenna@cherryandrogercom": one `@`, something on both sides, no spaces); a value that
/// is no address at all (often a column mapped to the wrong field) stays an error.
pub(crate) fn email_as_typed(
    raw: &str,
    unparsed: Unparsed,
) -> Result<Option<(String, Option<String>)>, Msg> {
    match values::optional_line(raw, "field.email")? {
        Some(typed) => match Email::parse(&typed) {
            Ok(e) => Ok(Some((typed, Some(e.as_str().to_string())))),
            Err(_) if looks_like_an_address(&typed) && unparsed.keeps(&typed) => {
                Ok(Some((typed, None)))
            }
            Err(m) => Err(m),
        },
        None => Ok(None),
    }
}

fn looks_like_an_address(typed: &str) -> bool {
    match typed.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !typed.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// A phone number as typed with its E.164 form, or (when `unparsed` keeps it) as typed
/// without one.
pub(crate) fn phone_as_typed(
    raw: &str,
    what: &str,
    country: &str,
    unparsed: Unparsed,
) -> Result<Option<(String, Option<String>)>, Msg> {
    match values::optional_line(raw, what)? {
        Some(typed) => match Phone::parse(&typed, country) {
            Ok(p) => Ok(Some((typed, Some(p.as_str().to_string())))),
            Err(_) if unparsed.keeps(&typed) => Ok(Some((typed, None))),
            Err(_) => Err(not_phone_in(&typed, country)),
        },
        None => Ok(None),
    }
}

/// "'x' is not a valid phone number (read with country IT)".
fn not_phone_in(typed: &str, country: &str) -> Msg {
    Msg::new("msg.value.not_phone_in_country")
        .text("value", typed.trim())
        .text("country", country)
}

/// Tag names, trimmed, without blanks or repeats, in the order typed.
pub fn split_tags(raw: &str) -> Result<Vec<String>, Msg> {
    let mut tags: Vec<String> = Vec::new();
    for part in raw.split(',') {
        if let Some(tag) = values::optional_line(part, "msg.label.a_tag")?
            && !tags.contains(&tag)
        {
            tags.push(tag);
        }
    }
    Ok(tags)
}

/// A number or address as typed with its normalised form (`None`: not verified).
type Typed = Option<(String, Option<String>)>;

/// The ways to reach a lead, each checked (`None`: refused, with the message in the
/// validator).
struct Reach {
    email: Option<Typed>,
    phone: Option<Typed>,
    mobile: Option<Typed>,
}

/// The records a lead refers to by id, and its source channel, each checked.
struct Links {
    stage: Option<Option<i32>>,
    salesperson: Option<Option<i32>>,
    team: Option<Option<i32>>,
    partner: Option<Option<i32>>,
    channel: Option<Channel>,
}

impl LeadInput {
    /// A stored lead as the fields of its form, `tag_names` being its tags: what an edit
    /// (the form, a PATCH, an import's update) starts from.
    pub fn of_lead(lead: &super::Lead, tag_names: &[String]) -> LeadInput {
        let mut input = LeadInput {
            tags: tag_names.join(", "),
            ..LeadInput::default()
        };
        for field in super::fields::typed() {
            if let Some(slot) = field.input {
                *slot(&mut input) = (field.form)(lead);
            }
        }
        input
    }

    /// Checks the email, phone and mobile; national numbers are read with `country` (the
    /// lead's, when it has a valid one) or else `default_country`.
    fn reach(
        &self,
        v: &mut Validator,
        country: Option<&str>,
        default_country: &str,
        unparsed: Unparsed,
    ) -> Reach {
        let phone_country = country.unwrap_or(default_country);
        Reach {
            email: v.check("email", email_as_typed(&self.email, unparsed)),
            phone: v.check(
                "phone",
                phone_as_typed(&self.phone, "lead.phone", phone_country, unparsed),
            ),
            mobile: v.check(
                "mobile",
                phone_as_typed(&self.mobile, "lead.mobile", phone_country, unparsed),
            ),
        }
    }

    /// Checks the contact's and the company's names.
    fn names(&self, v: &mut Validator) -> (Option<Option<String>>, Option<Option<String>>) {
        let contact = values::optional_line(&self.contact_name, "lead.contact_name");
        let company = values::optional_line(&self.company_name, "import.field.company_name");
        (
            v.check("contact_name", contact),
            v.check("company_name", company),
        )
    }

    /// Checks the ids of the stage, salesperson, team and customer, and the source channel
    /// (`manual` when blank).
    fn links(&self, v: &mut Validator) -> Links {
        Links {
            stage: v.check("stage_id", optional_id(&self.stage_id, "msg.ref.not_stage")),
            salesperson: v.check(
                "salesperson_id",
                optional_id(&self.salesperson_id, "msg.ref.not_user"),
            ),
            team: v.check("team_id", optional_id(&self.team_id, "msg.ref.not_team")),
            partner: v.check(
                "partner_id",
                optional_id(&self.partner_id, "msg.ref.not_customer"),
            ),
            channel: if self.source_channel.trim().is_empty() {
                Some(Channel::Manual)
            } else {
                v.check("source_channel", Channel::parse(&self.source_channel))
            },
        }
    }

    /// Checks every field; national phone numbers are read with the lead's country or,
    /// when it has none, `default_country`. A number that does not parse is a field error.
    pub fn parse(&self, default_country: &str) -> DomainResult<ValidLead> {
        self.parse_with(default_country, Unparsed::Refuse)
    }

    /// As [`LeadInput::parse`], with `unparsed` deciding what becomes of a phone number that
    /// does not parse.
    pub fn parse_with(&self, default_country: &str, unparsed: Unparsed) -> DomainResult<ValidLead> {
        let mut v = Validator::new();
        let title = v.check("title", values::required_line(&self.title, "lead.title"));
        let (contact_name, company_name) = self.names(&mut v);
        let address = self.address.parse(&mut v);
        // A valid country reads the numbers even when another address field is refused.
        let country = values::optional_country(&self.address.country, "lead.country")
            .ok()
            .flatten();
        let Reach {
            email,
            phone,
            mobile,
        } = self.reach(&mut v, country.as_deref(), default_country, unparsed);
        let details = self.details.parse(&mut v);
        let description = v.check(
            "description",
            values::optional_text(&self.description, "msg.label.description"),
        );
        let revenue = v.check(
            "expected_revenue",
            values::parse_money(&self.expected_revenue),
        );
        let probability = v.check(
            "probability",
            bounded(&self.probability, "import.field.probability", 0..=100),
        );
        let priority = v.check("priority", bounded(&self.priority, "field.priority", 0..=3));
        let links = self.links(&mut v);
        let tags = v.check("tags", split_tags(&self.tags));
        v.finish()?;
        let missing = || DomainError::Internal("validator passed with a missing value".into());
        let (email, email_norm) = email.flatten().unzip();
        let email_norm = email_norm.flatten();
        let (phone, phone_e164) = phone.flatten().unzip();
        let (mobile, mobile_e164) = mobile.flatten().unzip();
        let (phone_e164, mobile_e164) = (phone_e164.flatten(), mobile_e164.flatten());
        let contact_name = contact_name.ok_or_else(missing)?;
        let company_name = company_name.ok_or_else(missing)?;
        Ok(ValidLead {
            title: title.ok_or_else(missing)?,
            contact_name_key: contact_name.as_deref().and_then(normalise::name_key),
            company_name_key: company_name.as_deref().and_then(normalise::company_key),
            contact_name,
            company_name,
            email,
            email_norm,
            phone,
            phone_e164,
            mobile,
            mobile_e164,
            address: address.ok_or_else(missing)?,
            details: details.ok_or_else(missing)?,
            description: description.ok_or_else(missing)?,
            expected_revenue: revenue.ok_or_else(missing)?,
            probability: probability.ok_or_else(missing)?,
            priority: priority.ok_or_else(missing)?.unwrap_or(0),
            stage_id: links.stage.ok_or_else(missing)?.map(StageId),
            salesperson_id: links.salesperson.ok_or_else(missing)?.map(UserId),
            team_id: links.team.ok_or_else(missing)?.map(TeamId),
            partner_id: links.partner.ok_or_else(missing)?.map(PartnerId),
            source_channel: links.channel.ok_or_else(missing)?,
            tags: tags.ok_or_else(missing)?,
        })
    }
}
