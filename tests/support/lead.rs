//! [`LeadBuilder`]: a lead or an opportunity written through the domain's own `leads::create`,
//! with only the fields a test cares about; plus [`reload`] and [`age`] for the stored row.

use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::leads as leads_table;
use leadbook::domain::DomainResult;
use leadbook::domain::ids::{LeadId, PartnerId, StageId, TeamId, UserId};
use leadbook::domain::models::leads::{self, Kind, Lead, LeadInput};

/// A record to create: a lead unless [`LeadBuilder::kind`] says otherwise, created by its
/// salesperson unless [`LeadBuilder::by`] names the author.
#[derive(Debug, Clone)]
#[must_use]
pub struct LeadBuilder {
    input: LeadInput,
    kind: Kind,
    author: Option<UserId>,
}

impl LeadBuilder {
    /// A lead titled `title`, every other field empty.
    pub fn new(title: &str) -> Self {
        LeadBuilder {
            input: LeadInput {
                title: title.into(),
                ..LeadInput::default()
            },
            kind: Kind::Lead,
            author: None,
        }
    }

    /// A lead or an opportunity.
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// The contact's name.
    pub fn contact(mut self, name: &str) -> Self {
        self.input.contact_name = name.into();
        self
    }

    /// The company's name.
    pub fn company(mut self, name: &str) -> Self {
        self.input.company_name = name.into();
        self
    }

    /// The email address, as typed.
    pub fn email(mut self, email: &str) -> Self {
        self.input.email = email.into();
        self
    }

    /// The phone number, as typed.
    pub fn phone(mut self, phone: &str) -> Self {
        self.input.phone = phone.into();
        self
    }

    /// The city.
    pub fn city(mut self, city: &str) -> Self {
        self.input.address.city = city.into();
        self
    }

    /// The expected revenue, as typed.
    pub fn revenue(mut self, revenue: &str) -> Self {
        self.input.expected_revenue = revenue.into();
        self
    }

    /// The stage (else the pipeline's first).
    pub fn stage(mut self, stage: StageId) -> Self {
        self.input.stage_id = stage.to_string();
        self
    }

    /// The salesperson; also the author unless [`LeadBuilder::by`] names another.
    pub fn owner(mut self, user: UserId) -> Self {
        self.input.salesperson_id = user.to_string();
        self
    }

    /// The salesperson when there is one (`None`: unassigned).
    pub fn owner_opt(mut self, user: Option<UserId>) -> Self {
        self.input.salesperson_id = user.map(|u| u.to_string()).unwrap_or_default();
        self
    }

    /// The sales team.
    pub fn team(mut self, team: TeamId) -> Self {
        self.input.team_id = team.to_string();
        self
    }

    /// The sales team when there is one (`None`: no team).
    pub fn team_opt(mut self, team: Option<TeamId>) -> Self {
        self.input.team_id = team.map(|t| t.to_string()).unwrap_or_default();
        self
    }

    /// The customer it belongs to.
    pub fn partner(mut self, partner: PartnerId) -> Self {
        self.input.partner_id = partner.to_string();
        self
    }

    /// Who creates it (else its salesperson).
    pub fn by(mut self, author: UserId) -> Self {
        self.author = Some(author);
        self
    }

    /// Any other form field by its name in [`LeadInput`] (`mobile`, `country`, `tags`, …).
    pub fn field(self, name: &str, value: &str) -> Self {
        self.fields(&[(name, value)])
    }

    /// Several form fields by their names in [`LeadInput`].
    pub fn fields(mut self, fields: &[(&str, &str)]) -> Self {
        let mut map = match serde_json::to_value(&self.input).expect("lead input as JSON") {
            serde_json::Value::Object(map) => map,
            other => panic!("a lead input is a JSON object, not {other}"),
        };
        for (name, value) in fields {
            assert!(map.contains_key(*name), "a lead has no field {name:?}");
            map.insert((*name).into(), (*value).into());
        }
        self.input = serde_json::from_value(map.into()).expect("lead input");
        self
    }

    /// The form as typed, for a test that submits it itself.
    pub fn input(&self) -> LeadInput {
        self.input.clone()
    }

    /// Writes it through `leads::create`, for a test that expects a refusal.
    pub fn try_create(&self, conn: &mut DbConn) -> DomainResult<Lead> {
        let owner = self.input.salesperson_id.parse().ok().map(UserId);
        let author = self
            .author
            .or(owner)
            .expect("a lead needs .owner(..) or .by(..) to name its author");
        leads::create(conn, author, self.kind, &self.input)
    }

    /// Writes it through `leads::create` and returns the stored record.
    pub fn create(&self, conn: &mut DbConn) -> Lead {
        self.try_create(conn).expect("create the lead")
    }
}

/// The record as stored now.
pub fn reload(conn: &mut DbConn, lead: &Lead) -> Lead {
    leads::find(conn, lead.id).expect("reload the lead")
}

/// Makes the record created `minutes` minutes before now (to pin which one is oldest).
pub fn age(conn: &mut DbConn, id: LeadId, minutes: i64) {
    let at = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(minutes);
    diesel::update(leads_table::table.find(id))
        .set(leads_table::created_at.eq(at))
        .execute(conn)
        .expect("age the lead");
}
