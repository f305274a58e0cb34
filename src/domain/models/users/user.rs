//! Who a user is: their [`Role`] and the stored row. A leaf of `users`: the rights
//! (`domain::access`) read it without reaching the writes, which take an `Actor`.

use diesel::prelude::*;

use crate::db::schema::users;
use crate::domain::enums::text_enum;
use crate::domain::ids::UserId;

text_enum! {
    /// What a user may do: a salesperson works their own records, a manager the team's and
    /// the configuration of the pipeline, an admin everything.
    Role, "role" { Salesperson => "salesperson", Manager => "manager", Admin => "admin" }
}

impl Role {
    /// The UI catalogue key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Salesperson => "role.salesperson",
            Role::Manager => "role.manager",
            Role::Admin => "role.admin",
        }
    }
}

/// A stored user, password hash included (only sign-in reads the hash).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct UserRow {
    pub id: UserId,
    pub login: String,
    pub name: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub role: Role,
    pub language: String,
    pub active: bool,
    pub created_at: chrono::NaiveDateTime,
    pub default_country: Option<String>,
}

/// A user as the rest of the domain sees it (no password hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub name: String,
    pub email: Option<String>,
    pub role: Role,
    pub language: String,
    pub active: bool,
    /// The country the user's typed national phone numbers are read with; `None` is their
    /// team's, else the company's (see `models::phone_country`).
    pub default_country: Option<String>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            login: row.login,
            name: row.name,
            email: row.email,
            role: row.role,
            language: row.language,
            active: row.active,
            default_country: row.default_country,
        }
    }
}
