//! A profile made from a lead's or a customer's row, and the identities added to it.

use diesel::prelude::*;

use super::record::{NumberSlot, Profile, Rec};
use super::street::Street;
use crate::db::schema::{leads, partners};
use crate::domain::similarity::normalise;

/// The lead columns a profile needs.
#[derive(Queryable, Selectable)]
#[diesel(table_name = leads)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct LeadRow {
    pub id: i32,
    pub kind: String,
    pub title: String,
    pub contact_name: Option<String>,
    pub contact_name_key: Option<String>,
    pub company_name: Option<String>,
    pub company_name_key: Option<String>,
    pub email_norm: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub partner_id: Option<i32>,
    pub salesperson_id: Option<i32>,
    pub team_id: Option<i32>,
    pub active: bool,
    pub probability: i32,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = partners)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct PartnerRow {
    pub id: i32,
    pub kind: String,
    pub name: String,
    pub name_key: String,
    pub company_id: Option<i32>,
    pub email_norm: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub salesperson_id: Option<i32>,
    pub active: bool,
}

fn numbers(phone: Option<String>, mobile: Option<String>) -> Vec<(String, NumberSlot)> {
    let mut out = Vec::new();
    if let Some(p) = phone {
        out.push((p, NumberSlot::Phone));
    }
    if let Some(m) = mobile {
        out.push((m, NumberSlot::Mobile));
    }
    out
}

/// The digits of each number as typed, when there are enough of them to mean something.
pub fn digits_of<'a>(raws: impl IntoIterator<Item = Option<&'a str>>) -> Vec<String> {
    raws.into_iter()
        .flatten()
        .map(|raw| raw.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|d| d.len() >= 6)
        .collect()
}

fn zip_key(zip: Option<String>) -> Option<String> {
    zip.map(|z| z.to_lowercase().replace(' ', ""))
        .filter(|z| !z.is_empty())
}

impl Profile {
    pub fn from_lead(row: LeadRow) -> Profile {
        let title_key = normalise::name_tokens(&row.title).join(" ");
        Profile {
            rec: Some(Rec::Lead(row.id)),
            title: row.title,
            name_key: row
                .contact_name_key
                .or_else(|| row.contact_name.as_deref().and_then(normalise::name_key)),
            name: row.contact_name,
            company_key: row
                .company_name_key
                .or_else(|| row.company_name.as_deref().and_then(normalise::company_key)),
            company: row.company_name,
            is_company: false,
            is_opportunity: row.kind == "opportunity",
            emails: row.email_norm.into_iter().collect(),
            numbers: numbers(row.phone_e164, row.mobile_e164),
            handles: Vec::new(),
            city_key: row.city.as_deref().and_then(normalise::name_key),
            zip: zip_key(row.zip),
            street: row.street.as_deref().and_then(Street::parse),
            digits: digits_of([row.phone.as_deref(), row.mobile.as_deref()]),
            name_words: Vec::new(),
            name_sound: Vec::new(),
            title_key,
            customer: row.partner_id,
            company_id: None,
            salesperson_id: row.salesperson_id,
            team_id: row.team_id,
            active: row.active,
            probability: row.probability,
        }
        .derived()
    }

    pub fn from_partner(row: PartnerRow) -> Profile {
        let is_company = row.kind == "company";
        let (name, name_key, company, company_key) = if is_company {
            (None, None, Some(row.name.clone()), Some(row.name_key))
        } else {
            (Some(row.name.clone()), Some(row.name_key), None, None)
        };
        Profile {
            rec: Some(Rec::Partner(row.id)),
            title: row.name,
            name,
            name_key,
            company,
            company_key,
            is_company,
            is_opportunity: false,
            emails: row.email_norm.into_iter().collect(),
            numbers: numbers(row.phone_e164, row.mobile_e164),
            handles: Vec::new(),
            city_key: row.city.as_deref().and_then(normalise::name_key),
            zip: zip_key(row.zip),
            street: row.street.as_deref().and_then(Street::parse),
            digits: digits_of([row.phone.as_deref(), row.mobile.as_deref()]),
            name_words: Vec::new(),
            name_sound: Vec::new(),
            title_key: String::new(),
            customer: Some(row.id),
            company_id: row.company_id,
            salesperson_id: row.salesperson_id,
            team_id: None,
            active: row.active,
            probability: 100,
        }
        .derived()
    }

    /// Adds a channel identity: numbers and addresses join the record's own.
    pub fn add_identity(&mut self, channel: &str, norm: String) {
        match channel {
            "whatsapp" | "viber" | "phone" => {
                self.digits.extend(digits_of([Some(norm.as_str())]));
                if norm.starts_with('+') {
                    let slot = match channel {
                        "whatsapp" => NumberSlot::Messenger("WhatsApp"),
                        "viber" => NumberSlot::Messenger("Viber"),
                        _ => NumberSlot::Phone,
                    };
                    self.numbers.push((norm, slot));
                }
            }
            "email" => self.emails.push(norm),
            _ => self.handles.push((channel.to_string(), norm)),
        }
    }

    /// Fills what is derived from the fields set: the name's words and key as the finder
    /// compares them (titles and patronymics left out).
    pub fn derived(mut self) -> Profile {
        if self
            .name
            .as_deref()
            .is_some_and(crate::domain::privacy::is_erased)
        {
            // An erased person is nobody: no name keys, so erased records match no one.
            self.name = None;
            self.name_key = None;
        }
        if let Some(name) = self.name.as_deref() {
            self.name_words = normalise::person_words(name);
            if !self.name_words.is_empty() {
                let mut sorted = self.name_words.clone();
                sorted.sort_unstable();
                self.name_key = Some(sorted.join(" "));
                self.name_sound = self
                    .name_words
                    .iter()
                    .map(|w| normalise::phonetic(w))
                    .collect();
                self.name_sound.sort_unstable();
            }
        }
        self
    }
}
