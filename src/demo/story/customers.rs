//! The story's customers: every company of every market as a partner, and a contact person
//! at four of them.

use crate::db::DbConn;
use crate::demo::people::Market;
use crate::domain::error::DomainResult;
use crate::domain::ids::PartnerId;
use crate::domain::models::partners::{self, PartnerInput};

/// Creates the companies and the contact persons; returns the persons' ids (Laura Ricci,
/// Алексей Волков, Phạm Thị Hương, Emily Clarke).
pub(super) fn create(conn: &mut DbConn) -> DomainResult<Vec<PartnerId>> {
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
    duplicate_customer(conn)?;
    Ok(contacts)
}

/// A customer entered twice: "ООО «Вектор»" typed again in Latin letters by a colleague,
/// with the same address and email. The Duplicates page shows them as a customer cluster.
fn duplicate_customer(conn: &mut DbConn) -> DomainResult<()> {
    partners::create(
        conn,
        &PartnerInput {
            kind: "company".into(),
            name: "OOO Vektor".into(),
            email: "info@vektor-group.ru".into(),
            city: "Moskva".into(),
            country: "RU".into(),
            ..PartnerInput::default()
        },
    )?;
    Ok(())
}
