//! Partners: the customers, people or companies; a person may belong to a company (whose
//! `company_id` must name a company). Like leads, every write recomputes the normalised
//! columns (name_key — a company key for companies — email_norm, phone_e164, mobile_e164),
//! so a lead can be matched to its existing customer. Found by name or by id.

use diesel::prelude::*;

use crate::db::schema::{partners, users};
use crate::db::{DbConn, write_tx};
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{PartnerId, UserId};
use crate::domain::models::leads::input::{optional_email, optional_id, optional_phone};
use crate::domain::models::settings;
use crate::domain::similarity::keys;
use crate::domain::similarity::normalise;
use crate::domain::similarity::profile::Rec;
use crate::domain::{now, values};
use crate::i18n::Msg;
use crate::with_inner;

text_enum! {
    /// A person or a company.
    PartnerKind, "partner kind" { Person => "person", Company => "company" }
}

#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Queryable,
    Selectable,
    AsChangeset,
    serde::Serialize,
    serde::Deserialize,
)]
#[diesel(table_name = partners, treat_none_as_null = true)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct Partner {
    pub id: PartnerId,
    pub kind: PartnerKind,
    pub name: String,
    pub name_key: String,
    pub company_id: Option<PartnerId>,
    pub email: Option<String>,
    pub email_norm: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    pub street: Option<String>,
    pub street2: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub website: Option<String>,
    pub salesperson_id: Option<UserId>,
    pub active: bool,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// The customer this one was merged into (it is then archived and its page leads there).
    pub merged_into_id: Option<PartnerId>,
}

/// A partner as typed in a form (all strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PartnerInput {
    pub kind: String,
    pub name: String,
    pub company_id: String,
    pub email: String,
    pub phone: String,
    pub mobile: String,
    pub street: String,
    pub street2: String,
    pub city: String,
    pub zip: String,
    pub state: String,
    pub country: String,
    pub website: String,
    pub salesperson_id: String,
}

/// The columns a create or an edit writes.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = partners, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct PartnerFields {
    pub kind: String,
    pub name: String,
    pub name_key: String,
    pub company_id: Option<i32>,
    pub email: Option<String>,
    pub email_norm: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    pub street: Option<String>,
    pub street2: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub website: Option<String>,
    pub salesperson_id: Option<i32>,
    pub updated_at: chrono::NaiveDateTime,
}

impl PartnerInput {
    /// A stored partner as the fields of its form: what an edit (the form, a PATCH) starts
    /// from.
    pub fn of_partner(p: &Partner) -> PartnerInput {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        PartnerInput {
            kind: p.kind.as_str().into(),
            name: p.name.clone(),
            company_id: p.company_id.map(|c| c.to_string()).unwrap_or_default(),
            email: text(&p.email),
            phone: text(&p.phone),
            mobile: text(&p.mobile),
            street: text(&p.street),
            street2: text(&p.street2),
            city: text(&p.city),
            zip: text(&p.zip),
            state: text(&p.state),
            country: text(&p.country),
            website: text(&p.website),
            salesperson_id: p.salesperson_id.map(|u| u.to_string()).unwrap_or_default(),
        }
    }

    /// Checks every field at once; national numbers are read with the partner's country or
    /// `default_country`.
    pub fn parse(&self, default_country: &str) -> DomainResult<PartnerFields> {
        let mut v = Validator::new();
        let kind = if self.kind.trim().is_empty() {
            Some(PartnerKind::Person)
        } else {
            v.check("kind", PartnerKind::parse(&self.kind))
        };
        let name = v.check("name", values::required_line(&self.name, "field.name"));
        let company = v.check(
            "company_id",
            optional_id(&self.company_id, "msg.ref.not_company"),
        );
        let country = match self.country.trim() {
            "" => Some(None),
            raw => v.check("country", values::country_code(raw).map(Some)),
        };
        let phone_country = country
            .clone()
            .flatten()
            .unwrap_or_else(|| default_country.to_string());
        let email = v.check("email", optional_email(&self.email));
        let phone = v.check(
            "phone",
            optional_phone(&self.phone, "lead.phone", &phone_country),
        );
        let mobile = v.check(
            "mobile",
            optional_phone(&self.mobile, "lead.mobile", &phone_country),
        );
        let mut line = |field: &'static str, raw: &str, what: &str| {
            v.check(field, values::optional_line(raw, what)).flatten()
        };
        let (street, street2, city) = (
            line("street", &self.street, "lead.street"),
            line("street2", &self.street2, "lead.street2"),
            line("city", &self.city, "lead.city"),
        );
        let (zip, state, website) = (
            line("zip", &self.zip, "lead.zip"),
            line("state", &self.state, "lead.state"),
            line("website", &self.website, "lead.website"),
        );
        let salesperson = v.check(
            "salesperson_id",
            optional_id(&self.salesperson_id, "msg.ref.not_user"),
        );
        v.finish()?;
        let missing = || DomainError::Internal("validator passed with a missing value".into());
        let kind = kind.ok_or_else(missing)?;
        let name = name.ok_or_else(missing)?;
        let key = match kind {
            PartnerKind::Person => normalise::name_key(&name),
            PartnerKind::Company => normalise::company_key(&name),
        };
        let (email, email_norm) = email.flatten().unzip();
        let (phone, phone_e164) = phone.flatten().unzip();
        let (mobile, mobile_e164) = mobile.flatten().unzip();
        Ok(PartnerFields {
            kind: kind.as_str().into(),
            name_key: key.unwrap_or_else(|| name.to_lowercase()),
            name,
            company_id: company.flatten(),
            email,
            email_norm,
            phone,
            phone_e164,
            mobile,
            mobile_e164,
            street,
            street2,
            city,
            zip,
            state,
            country: country.flatten(),
            website,
            salesperson_id: salesperson.flatten(),
            updated_at: now(),
        })
    }
}

pub fn find(conn: &mut DbConn, id: PartnerId) -> DomainResult<Partner> {
    partners::table
        .find(id)
        .select(Partner::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)
}

fn check_references(
    conn: &mut DbConn,
    fields: &PartnerFields,
    own: Option<PartnerId>,
) -> DomainResult<()> {
    let mut v = Validator::new();
    if let Some(company) = fields.company_id {
        let kind: Option<String> = partners::table
            .find(company)
            .select(partners::kind)
            .first(conn)
            .optional()?;
        if kind.as_deref() != Some(PartnerKind::Company.as_str())
            || own.is_some_and(|o| o.0 == company)
        {
            v.add("company_id", Msg::new("msg.customers.choose_company"));
        } else if fields.kind == PartnerKind::Company.as_str() {
            v.add("company_id", Msg::new("msg.customers.company_in_company"));
        }
    }
    if let Some(user) = fields.salesperson_id {
        let found: Option<i32> = users::table
            .find(user)
            .select(users::id)
            .first(conn)
            .optional()?;
        if found.is_none() {
            v.add("salesperson_id", Msg::new("msg.ref.no_user"));
        }
    }
    v.finish()
}

/// Creates a partner from what a user typed, national numbers read with the company's
/// country.
pub fn create(conn: &mut DbConn, input: &PartnerInput) -> DomainResult<Partner> {
    let country = settings::load(conn)?.default_country;
    create_in(conn, input, &country)
}

/// As [`create`], national numbers read with `country` (the typist's; see
/// `models::phone_country`).
pub fn create_in(conn: &mut DbConn, input: &PartnerInput, country: &str) -> DomainResult<Partner> {
    let fields = input.parse(country)?;
    write_tx(conn, |conn| {
        check_references(conn, &fields, None)?;
        let at = fields.updated_at;
        let id: i32 = with_inner!(conn, |c| diesel::insert_into(partners::table)
            .values((
                &fields,
                partners::active.eq(true),
                partners::created_at.eq(at)
            ))
            .returning(partners::id)
            .get_result(c))?;
        keys::refresh(conn, Rec::Partner(id))?;
        find(conn, PartnerId(id))
    })
}

/// Edits a partner from what a user typed, national numbers read with the company's country.
pub fn update(conn: &mut DbConn, id: PartnerId, input: &PartnerInput) -> DomainResult<Partner> {
    let country = settings::load(conn)?.default_country;
    update_in(conn, id, input, &country)
}

/// As [`update`], national numbers read with `country`.
pub fn update_in(
    conn: &mut DbConn,
    id: PartnerId,
    input: &PartnerInput,
    country: &str,
) -> DomainResult<Partner> {
    let fields = input.parse(country)?;
    write_tx(conn, |conn| {
        find(conn, id)?;
        check_references(conn, &fields, Some(id))?;
        diesel::update(partners::table.find(id))
            .set(&fields)
            .execute(conn)?;
        keys::refresh(conn, Rec::Partner(id.0))?;
        find(conn, id)
    })
}

/// Archives (`false`) or restores a partner.
pub fn set_active(conn: &mut DbConn, id: PartnerId, active: bool) -> DomainResult<()> {
    diesel::update(partners::table.find(id))
        .set((partners::active.eq(active), partners::updated_at.eq(now())))
        .execute(conn)?;
    Ok(())
}

/// Active partners whose name key contains every word typed, any script and without legal
/// forms: "petrov" finds "Иван Петров", "Tessuti Conti S.p.A." finds "Tessuti Conti SpA". An id typed as `#12` or `12` finds that partner.
pub fn search(conn: &mut DbConn, query: &str, limit: i64) -> DomainResult<Vec<Partner>> {
    if let Ok(id) = query.trim().trim_start_matches('#').parse::<i32>() {
        return Ok(find(conn, PartnerId(id))
            .map(|p| vec![p])
            .unwrap_or_default());
    }
    let mut q = partners::table
        .filter(partners::active.eq(true))
        .select(Partner::as_select())
        .into_boxed();
    let words = normalise::company_key(query).unwrap_or_default();
    for word in words.split_whitespace() {
        q = q.filter(partners::name_key.like(format!("%{word}%")));
    }
    Ok(q.order(partners::name.asc()).limit(limit).load(conn)?)
}

/// The people who belong to a company.
pub fn contacts_of(conn: &mut DbConn, company: PartnerId) -> DomainResult<Vec<Partner>> {
    Ok(partners::table
        .filter(partners::company_id.eq(company))
        .order(partners::name.asc())
        .select(Partner::as_select())
        .load(conn)?)
}
