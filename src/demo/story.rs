//! The hand-written part of the demo: customers (people and companies of every market)
//! and a handful of leads and opportunities in every state — new, qualified, proposition,
//! won, on hold, lost with and without a reason, archived, unassigned — with chatter.
//!
//! Lost and won are set here directly, the way the Mark as Lost and stage wizards will;
//! once those exist, this module should call them instead.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::leads;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, Owner, PartnerId};
use crate::domain::models::chatter::{self, Change, MessageKind};
use crate::domain::models::leads::{Kind, LeadInput};
use crate::domain::models::partners::{self, PartnerInput};
use crate::domain::models::{leads as lead_model, lost_reasons};
use crate::domain::now;

use super::cast::Cast;
use super::people::Market;

/// Marks a lead lost: archived, probability 0, the reason, and the closing note in the
/// chatter.
pub fn mark_lost(
    conn: &mut DbConn,
    cast: &Cast,
    id: LeadId,
    reason: &str,
    note: &str,
) -> DomainResult<()> {
    let before = lead_model::find(conn, id)?;
    let reason_id = (!reason.is_empty()).then(|| cast.reason(reason));
    diesel::update(leads::table.find(id))
        .set((
            leads::active.eq(false),
            leads::probability.eq(0),
            leads::lost_reason_id.eq(reason_id.map(|r| r.0)),
            leads::closed_at.eq(now()),
            leads::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let reason_name = match reason_id {
        Some(r) => Some(lost_reasons::find(conn, r)?.name),
        None => None,
    };
    let changes = [
        Change::new("active", Some("true"), Some("false")),
        Change::new(
            "probability",
            Some(&before.probability.to_string()),
            Some("0"),
        ),
        Change::new("lost_reason", None, reason_name.as_deref()),
    ];
    chatter::post(
        conn,
        Owner::Lead(id),
        Some(cast.manager),
        MessageKind::Lost,
        note,
        &changes,
    )?;
    Ok(())
}

fn mark_won(conn: &mut DbConn, cast: &Cast, id: LeadId) -> DomainResult<()> {
    let before = lead_model::find(conn, id)?;
    diesel::update(leads::table.find(id))
        .set((
            leads::stage_id.eq(cast.won),
            leads::probability.eq(100),
            leads::closed_at.eq(now()),
        ))
        .execute(conn)?;
    let old = before.stage_id.map(|s| s.to_string());
    let change = Change::new("stage_id", old.as_deref(), Some(&cast.won.to_string()));
    chatter::post(
        conn,
        Owner::Lead(id),
        Some(cast.manager),
        MessageKind::Stage,
        "Won",
        &[change],
    )?;
    Ok(())
}

fn archive(conn: &mut DbConn, cast: &Cast, id: LeadId) -> DomainResult<()> {
    diesel::update(leads::table.find(id))
        .set(leads::active.eq(false))
        .execute(conn)?;
    let change = Change::new("active", Some("true"), Some("false"));
    chatter::post(
        conn,
        Owner::Lead(id),
        Some(cast.manager),
        MessageKind::Log,
        "Archived",
        &[change],
    )?;
    Ok(())
}

/// Every company of every market, a few people, and the story leads. Returns how many
/// leads were made.
pub fn tell(conn: &mut DbConn, cast: &Cast) -> DomainResult<usize> {
    let mut companies: Vec<(&str, PartnerId)> = Vec::new();
    for market in Market::ALL {
        for (name, domain) in market.companies() {
            let company = partners::create(
                conn,
                &PartnerInput {
                    kind: "company".into(),
                    name: (*name).into(),
                    email: format!("info@{domain}"),
                    website: format!("https://www.{domain}"),
                    city: market.cities()[0].into(),
                    country: market.country().into(),
                    ..PartnerInput::default()
                },
            )?;
            companies.push((name, company.id));
        }
    }
    let people = [
        (
            "Laura Ricci",
            "laura.ricci@tessuticonti.it",
            "Tessuti Conti S.p.A.",
            "IT",
        ),
        (
            "Алексей Волков",
            "a.volkov@tehnoplus.ru",
            "ООО «Техноплюс»",
            "RU",
        ),
        (
            "Phạm Thị Hương",
            "huong.pham@minhphat.vn",
            "Công ty TNHH Minh Phát",
            "VN",
        ),
        (
            "Emily Clarke",
            "emily.clarke@kestrelpartners.co.uk",
            "Kestrel Partners Ltd",
            "GB",
        ),
    ];
    let mut contacts: Vec<PartnerId> = Vec::new();
    for (name, email, company, country) in people {
        let company_id = companies
            .iter()
            .find(|(n, _)| *n == company)
            .map(|(_, id)| id.to_string())
            .unwrap_or_default();
        let person = partners::create(
            conn,
            &PartnerInput {
                kind: "person".into(),
                name: name.into(),
                email: email.into(),
                company_id,
                country: country.into(),
                ..PartnerInput::default()
            },
        )?;
        contacts.push(person.id);
    }

    let mut made = 0;
    let mut create = |conn: &mut DbConn,
                      login: Option<&str>,
                      kind: Kind,
                      input: LeadInput|
     -> DomainResult<LeadId> {
        let (user, team) = cast.user(login.unwrap_or("sofia"));
        let input = LeadInput {
            salesperson_id: login.map(|_| user.to_string()).unwrap_or_default(),
            team_id: login.map(|_| team.to_string()).unwrap_or_default(),
            ..input
        };
        made += 1;
        Ok(lead_model::create(conn, user, kind, &input)?.id)
    };
    let line = |title: &str, contact: &str, email: &str, country: &str, revenue: &str| LeadInput {
        title: title.into(),
        contact_name: contact.into(),
        email: email.into(),
        country: country.into(),
        expected_revenue: revenue.into(),
        ..LeadInput::default()
    };

    let web = create(
        conn,
        None,
        Kind::Lead,
        LeadInput {
            source_channel: "web".into(),
            description: "Hi, we need 200 reams of A4 every month. Can you quote?".into(),
            ..line(
                "Website enquiry: monthly paper supply",
                "Daniel Hughes",
                "d.hughes@hughes-print.com",
                "US",
                "2 400",
            )
        },
    )?;
    chatter::post(
        conn,
        Owner::Lead(web),
        None,
        MessageKind::Intake,
        "Received through the website contact form.",
        &[],
    )?;
    let qualified = create(
        conn,
        Some("mario"),
        Kind::Opportunity,
        LeadInput {
            stage_id: cast.stage("Qualified").to_string(),
            partner_id: contacts[0].to_string(),
            priority: "2".into(),
            ..line(
                "Tessuti Conti: campionario 2027",
                "Laura Ricci",
                "laura.ricci@tessuticonti.it",
                "IT",
                "18 500",
            )
        },
    )?;
    chatter::post(
        conn,
        Owner::Lead(qualified),
        Some(cast.user("mario").0),
        MessageKind::Note,
        "Visita in sede fissata per giovedì.",
        &[],
    )?;
    create(
        conn,
        Some("linh"),
        Kind::Opportunity,
        LeadInput {
            stage_id: cast.stage("Proposition").to_string(),
            partner_id: contacts[2].to_string(),
            priority: "3".into(),
            ..line(
                "Công ty TNHH Minh Phát - phần mềm quản lý kho",
                "Phạm Thị Hương",
                "huong.pham@minhphat.vn",
                "VN",
                "45 000",
            )
        },
    )?;
    let won = create(
        conn,
        Some("james"),
        Kind::Opportunity,
        LeadInput {
            partner_id: contacts[3].to_string(),
            ..line(
                "Kestrel Partners: three-year support contract",
                "Emily Clarke",
                "emily.clarke@kestrelpartners.co.uk",
                "GB",
                "60 000",
            )
        },
    )?;
    mark_won(conn, cast, won)?;
    let lost = create(
        conn,
        Some("anna"),
        Kind::Opportunity,
        LeadInput {
            partner_id: contacts[1].to_string(),
            ..line(
                "Техноплюс: внедрение CRM",
                "Алексей Волков",
                "a.volkov@tehnoplus.ru",
                "RU",
                "1 200 000",
            )
        },
    )?;
    mark_lost(
        conn,
        cast,
        lost,
        "Too expensive",
        "Бюджет урезали на следующий год.",
    )?;
    let silent = create(
        conn,
        Some("mario"),
        Kind::Lead,
        line(
            "Arredo showroom Verona",
            "Chiara Gallo",
            "chiara.gallo@libero.it",
            "IT",
            "",
        ),
    )?;
    mark_lost(conn, cast, silent, "", "")?;
    let no_budget = create(
        conn,
        Some("james"),
        Kind::Opportunity,
        line(
            "Summit Analytics: dashboards",
            "Henry Parker",
            "hparker@summitanalytics.com",
            "US",
            "9 900",
        ),
    )?;
    mark_lost(
        conn,
        cast,
        no_budget,
        "No budget",
        "Revisit after their Q3 funding round.",
    )?;
    let old = create(
        conn,
        Some("james"),
        Kind::Lead,
        line(
            "Trade fair contact: Olivia Turner",
            "Olivia Turner",
            "olivia.turner@outlook.com",
            "GB",
            "",
        ),
    )?;
    archive(conn, cast, old)?;
    create(
        conn,
        Some("linh"),
        Kind::Opportunity,
        LeadInput {
            stage_id: cast.stage("On hold").to_string(),
            ..line(
                "Công ty cổ phần Sao Việt - bảo trì máy chủ",
                "Đỗ Đức Bảo",
                "bao.do@saoviet.com.vn",
                "VN",
                "15 000",
            )
        },
    )?;
    create(
        conn,
        None,
        Kind::Opportunity,
        line(
            "Redwood Supply: unassigned tender",
            "Grace Hall",
            "grace.hall@redwoodsupply.com",
            "US",
            "30 000",
        ),
    )?;
    create(
        conn,
        Some("anna"),
        Kind::Lead,
        LeadInput {
            mobile: "8 903 118-40-27".into(),
            source_channel: "phone".into(),
            ..line("Звонок: аренда склада", "Екатерина Морозова", "", "RU", "")
        },
    )?;
    Ok(made)
}
