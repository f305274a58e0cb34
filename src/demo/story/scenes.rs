//! The story's leads, scene by scene, in the order they are created: the enquiries, a
//! proposition and a won deal, the lost ones, and the idle ones (archived, on hold,
//! unassigned, a phone call).

use super::{Story, archive, line, mark_lost, mark_won};
use crate::db::DbConn;
use crate::domain::error::DomainResult;
use crate::domain::ids::{Owner, PartnerId};
use crate::domain::models::chatter::{self, MessageKind};
use crate::domain::models::leads::{Kind, LeadInput};

/// A website enquiry, and a qualified opportunity with a visit planned.
pub(super) fn enquiries(
    story: &mut Story,
    conn: &mut DbConn,
    contacts: &[PartnerId],
) -> DomainResult<()> {
    let web = story.create(
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
    chatter::post_event(
        conn,
        Owner::Lead(web),
        None,
        MessageKind::Intake,
        &crate::i18n::Msg::new("event.intake.message").label("channel", "channel.web"),
        &[],
    )?;
    let qualified = story.create(
        conn,
        Some("mario"),
        Kind::Opportunity,
        LeadInput {
            stage_id: story.cast.stage("qualified").to_string(),
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
        Some(story.cast.user("mario").0),
        MessageKind::Note,
        "Visita in sede fissata per giovedì.",
        &[],
    )?;
    Ok(())
}

/// An opportunity at the proposition stage, and a won one.
pub(super) fn proposed_and_won(
    story: &mut Story,
    conn: &mut DbConn,
    contacts: &[PartnerId],
) -> DomainResult<()> {
    story.create(
        conn,
        Some("linh"),
        Kind::Opportunity,
        LeadInput {
            stage_id: story.cast.stage("proposition").to_string(),
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
    let won = story.create(
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
    mark_won(conn, story.cast, won)?;
    Ok(())
}

/// Lost opportunities and leads: with a reason and a note, and without either.
pub(super) fn lost(
    story: &mut Story,
    conn: &mut DbConn,
    contacts: &[PartnerId],
) -> DomainResult<()> {
    let lost = story.create(
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
        story.cast,
        lost,
        "too_expensive",
        "Бюджет урезали на следующий год.",
    )?;
    let silent = story.create(
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
    mark_lost(conn, story.cast, silent, "", "")?;
    let no_budget = story.create(
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
        story.cast,
        no_budget,
        "no_budget",
        "Revisit after their Q3 funding round.",
    )?;
    Ok(())
}

/// An archived lead, an opportunity on hold, an unassigned one, and a phone call.
pub(super) fn idle(story: &mut Story, conn: &mut DbConn) -> DomainResult<()> {
    let old = story.create(
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
    archive(conn, story.cast, old)?;
    story.create(
        conn,
        Some("linh"),
        Kind::Opportunity,
        LeadInput {
            stage_id: story.cast.stage("on_hold").to_string(),
            ..line(
                "Công ty cổ phần Sao Việt - bảo trì máy chủ",
                "Đỗ Đức Bảo",
                "bao.do@saoviet.com.vn",
                "VN",
                "15 000",
            )
        },
    )?;
    story.create(
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
    story.create(
        conn,
        Some("anna"),
        Kind::Lead,
        LeadInput {
            mobile: "8 903 118-40-27".into(),
            source_channel: "phone".into(),
            ..line("Звонок: аренда склада", "Екатерина Морозова", "", "RU", "")
        },
    )?;
    Ok(())
}
