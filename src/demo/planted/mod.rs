//! The planted duplicates, one group per [`PlantedKind`], built through the domain's own
//! `create` functions so their normalised columns are exactly what a user's typing gives.
//! Their names, emails and phones are reserved: the bulk filler never reuses them.
//!
//! The groups themselves are built in `groups`, one function each.

mod groups;

use crate::db::DbConn;
use crate::domain::error::DomainResult;
use crate::domain::ids::LeadId;
use crate::domain::models::leads::{self, AddressInput, Kind, LeadInput};

use super::cast::Cast;
use super::{PlantedGroup, PlantedKind};

/// Names the filler must not use (their name keys are computed by the caller).
pub const RESERVED_NAMES: &[&str] = &[
    "Robin Banks",
    "Robyn Banks",
    "Carla Neri",
    "Giulia Romano",
    "Дмитрий Соколов",
    "Marco Bianchi",
    "Ольга Смирнова",
    "Иван Петров",
    "Ivan Petrov",
    "Nguyễn Văn An",
];

struct Planter<'a> {
    cast: &'a Cast,
    groups: Vec<PlantedGroup>,
}

impl Planter<'_> {
    fn lead(
        &mut self,
        conn: &mut DbConn,
        kinds: &[PlantedKind],
        login: &str,
        kind: Kind,
        input: LeadInput,
    ) -> DomainResult<LeadId> {
        let (user, team) = self.cast.user(login);
        let tags: Vec<String> = kinds.iter().map(|k| k.tag()).collect();
        let input = LeadInput {
            salesperson_id: user.to_string(),
            team_id: team.to_string(),
            tags: tags.join(", "),
            ..input
        };
        let id = leads::create(conn, user, kind, &input)?.id;
        for kind in kinds {
            self.group(*kind).leads.push(id);
        }
        Ok(id)
    }

    fn group(&mut self, kind: PlantedKind) -> &mut PlantedGroup {
        let at = match self.groups.iter().position(|g| g.kind == kind) {
            Some(at) => at,
            None => {
                self.groups.push(PlantedGroup {
                    kind,
                    leads: Vec::new(),
                    partners: Vec::new(),
                });
                self.groups.len() - 1
            }
        };
        &mut self.groups[at]
    }
}

fn input(title: &str, contact: &str, city: &str, country: &str) -> LeadInput {
    LeadInput {
        title: title.into(),
        contact_name: contact.into(),
        address: AddressInput {
            city: city.into(),
            country: country.into(),
            ..AddressInput::default()
        },
        ..LeadInput::default()
    }
}

/// Plants every group; returns them in the order of [`PlantedKind::ALL`].
pub fn plant(conn: &mut DbConn, cast: &Cast) -> DomainResult<Vec<PlantedGroup>> {
    let mut p = Planter {
        cast,
        groups: Vec::new(),
    };
    groups::same_email_other_person_and_typo(&mut p, conn)?;
    groups::same_phone(&mut p, conn)?;
    groups::cross_channel(&mut p, conn)?;
    groups::lost_duplicate(&mut p, conn)?;
    groups::company_contact(&mut p, conn)?;
    groups::names_in_two_spellings(&mut p, conn)?;
    let mut groups = p.groups;
    groups.sort_by_key(|g| PlantedKind::ALL.iter().position(|k| *k == g.kind));
    Ok(groups)
}
