//! The planted groups, one function each, in the order they are created: the same email,
//! the same domain of another person and a typo of the name; the same phone; one person
//! through three channels; a lost copy; a company and its contact; one name in two scripts
//! and with and without diacritics.

use super::{Planter, input};
use crate::db::DbConn;
use crate::demo::PlantedKind::{
    CompanyContact, CrossChannel, CyrillicLatinName, LostDuplicate, NameTypo,
    SameDomainOtherPerson, SameEmail, SamePhone, VietnameseDiacritics,
};
use crate::demo::story::mark_lost;
use crate::domain::error::DomainResult;
use crate::domain::ids::Owner;
use crate::domain::models::identities::{self, IdentityChannel};
use crate::domain::models::leads::{Kind, LeadInput};
use crate::domain::models::partners::{self, PartnerInput};

/// (a, c, g) Robin writes twice with one address; a colleague shares only the domain;
/// "Robyn" in the same city is a typo of Robin.
pub(super) fn same_email_other_person_and_typo(
    p: &mut Planter,
    conn: &mut DbConn,
) -> DomainResult<()> {
    p.lead(
        conn,
        &[SameEmail, SameDomainOtherPerson, NameTypo],
        "mario",
        Kind::Opportunity,
        LeadInput {
            email: "Robin.Banks@Northwind-Trading.com".into(),
            company_name: "Northwind Trading Ltd".into(),
            expected_revenue: "12 000".into(),
            ..input(
                "Northwind Trading: 40 standing desks",
                "Robin Banks",
                "Milano",
                "IT",
            )
        },
    )?;
    p.lead(
        conn,
        &[SameEmail],
        "anna",
        Kind::Lead,
        LeadInput {
            email: "\"Robin Banks\" <robin.banks@northwind-trading.com>".into(),
            source_channel: "email".into(),
            ..input(
                "Desks for the new Milan office",
                "Robin Banks",
                "Milano",
                "IT",
            )
        },
    )?;
    p.lead(
        conn,
        &[SameDomainOtherPerson],
        "mario",
        Kind::Lead,
        LeadInput {
            email: "carla.neri@northwind-trading.com".into(),
            company_name: "Northwind Trading Ltd".into(),
            ..input(
                "Northwind Trading: meeting room chairs",
                "Carla Neri",
                "Milano",
                "IT",
            )
        },
    )?;
    p.lead(
        conn,
        &[NameTypo],
        "james",
        Kind::Lead,
        LeadInput {
            phone: "+39 02 8734 1190".into(),
            source_channel: "phone".into(),
            ..input(
                "Call back about standing desks",
                "Robyn Banks",
                "Milano",
                "IT",
            )
        },
    )?;
    Ok(())
}

/// (b) One mobile number in three spellings.
pub(super) fn same_phone(p: &mut Planter, conn: &mut DbConn) -> DomainResult<()> {
    for (title, phone, login) in [
        (
            "Preventivo impianto fotovoltaico",
            "+39 333 1234567",
            "mario",
        ),
        ("Richiesta informazioni pannelli", "0039 3331234567", "anna"),
        ("Fotovoltaico per capannone", "333-123-4567", "sofia"),
    ] {
        p.lead(
            conn,
            &[SamePhone],
            login,
            Kind::Lead,
            LeadInput {
                phone: phone.into(),
                ..input(title, "Giulia Romano", "Bologna", "")
            },
        )?;
    }
    Ok(())
}

/// (d) One impatient customer through three channels; nothing shared but the person.
pub(super) fn cross_channel(p: &mut Planter, conn: &mut DbConn) -> DomainResult<()> {
    let telegram = p.lead(
        conn,
        &[CrossChannel],
        "anna",
        Kind::Lead,
        LeadInput {
            source_channel: "telegram".into(),
            description: "Сколько стоит доставка в Казань?".into(),
            ..input("Telegram: @Dmitry_Sokolov", "", "", "RU")
        },
    )?;
    identities::add(
        conn,
        Owner::Lead(telegram),
        IdentityChannel::Telegram,
        "@Dmitry_Sokolov",
        "RU",
    )?;
    let whatsapp = p.lead(
        conn,
        &[CrossChannel],
        "mario",
        Kind::Lead,
        LeadInput {
            mobile: "+7 916 482-17-35".into(),
            source_channel: "whatsapp".into(),
            ..input("WhatsApp +7 916 482-17-35", "Дмитрий Соколов", "", "RU")
        },
    )?;
    identities::add(
        conn,
        Owner::Lead(whatsapp),
        IdentityChannel::WhatsApp,
        "+7 916 482-17-35",
        "RU",
    )?;
    let avito = p.lead(
        conn,
        &[CrossChannel],
        "linh",
        Kind::Lead,
        LeadInput {
            source_channel: "avito".into(),
            ..input(
                "Avito: стеллажи для склада",
                "Дмитрий Соколов",
                "Казань",
                "RU",
            )
        },
    )?;
    identities::add(
        conn,
        Owner::Lead(avito),
        IdentityChannel::Avito,
        "Дмитрий Соколов",
        "RU",
    )?;
    Ok(())
}

/// (e) A lost copy of an active opportunity.
pub(super) fn lost_duplicate(p: &mut Planter, conn: &mut DbConn) -> DomainResult<()> {
    let shared = LeadInput {
        email: "marco.bianchi@ferramenta-bianchi.it".into(),
        phone: "051 642 8810".into(),
        company_name: "Ferramenta Bianchi S.r.l.".into(),
        ..input(
            "Ferramenta Bianchi: scaffalature",
            "Marco Bianchi",
            "Bologna",
            "IT",
        )
    };
    p.lead(
        conn,
        &[LostDuplicate],
        "mario",
        Kind::Opportunity,
        LeadInput {
            expected_revenue: "8 500".into(),
            ..shared.clone()
        },
    )?;
    let lost = p.lead(
        conn,
        &[LostDuplicate],
        "anna",
        Kind::Opportunity,
        LeadInput {
            title: "Scaffalature magazzino Bianchi".into(),
            ..shared
        },
    )?;
    mark_lost(
        conn,
        p.cast,
        lost,
        "chose_competitor",
        "Went with a local supplier in March.",
    )?;
    Ok(())
}

/// (f) A company and its contact person carrying the same phone and email.
pub(super) fn company_contact(p: &mut Planter, conn: &mut DbConn) -> DomainResult<()> {
    let company = partners::create(
        conn,
        &PartnerInput {
            kind: "company".into(),
            name: "ООО «Ромашка»".into(),
            email: "info@romashka-opt.ru".into(),
            phone: "+7 495 781-22-40".into(),
            city: "Москва".into(),
            country: "RU".into(),
            ..PartnerInput::default()
        },
    )?;
    let person = partners::create(
        conn,
        &PartnerInput {
            kind: "person".into(),
            name: "Ольга Смирнова".into(),
            company_id: company.id.to_string(),
            email: "Info@Romashka-Opt.ru".into(),
            phone: "8 (495) 781-22-40".into(),
            city: "Москва".into(),
            country: "RU".into(),
            ..PartnerInput::default()
        },
    )?;
    p.group(CompanyContact)
        .partners
        .extend([company.id, person.id]);
    p.lead(
        conn,
        &[CompanyContact],
        "anna",
        Kind::Opportunity,
        LeadInput {
            partner_id: person.id.to_string(),
            company_name: "ООО «Ромашка»".into(),
            ..input(
                "Ромашка: оптовая поставка упаковки",
                "Ольга Смирнова",
                "Москва",
                "RU",
            )
        },
    )?;
    Ok(())
}

/// (g) One name in two scripts, and with and without diacritics, same city each.
pub(super) fn names_in_two_spellings(p: &mut Planter, conn: &mut DbConn) -> DomainResult<()> {
    for (name, email) in [
        ("Иван Петров", "i.petrov@vektor-group.ru"),
        ("Ivan Petrov", "ivan.petrov.msk@gmail.com"),
    ] {
        p.lead(
            conn,
            &[CyrillicLatinName],
            "anna",
            Kind::Lead,
            LeadInput {
                email: email.into(),
                ..input(&format!("{name}: поставка серверов"), name, "Москва", "RU")
            },
        )?;
    }
    for (name, city) in [("Nguyễn Văn An", "Hà Nội"), ("Nguyen Van An", "Hà Nội")] {
        p.lead(
            conn,
            &[VietnameseDiacritics],
            "linh",
            Kind::Lead,
            input(&format!("{name} - nội thất văn phòng"), name, city, "VN"),
        )?;
    }
    Ok(())
}
