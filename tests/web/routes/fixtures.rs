//! The fixtures each call needs, created directly in the domain, and the database's
//! fingerprint that shows whether a call wrote anything.

use super::{FILE, Role, s};
use crate::support::{LeadBuilder, PASSWORD, TestApp, user_input};
use diesel::QueryableByName;
use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use leadbook::db::DbConn;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{LeadId, LostReasonId, PartnerId, StageId, TeamId, TokenId, UserId};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::models::users;
use leadbook::domain::models::{api_tokens, lost_reasons, stages, teams};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};
use leadbook::domain::wizards::merge::Merge;
use leadbook::domain::wizards::merge::customers::CustomerMerge;
use std::cell::Cell;

/// Creates the fixtures each call needs, directly in the domain.
pub(super) struct Fx {
    pub(super) pool: leadbook::db::DbPool,
    pub(super) sales: UserId,
    pub(super) mate: UserId,
    pub(super) other: UserId,
    pub(super) manager: UserId,
    pub(super) admin: UserId,
    pub(super) europe: TeamId,
    /// A stage of the default pipeline.
    pub(super) stage: StageId,
    /// A lost reason of the default list.
    pub(super) reason: LostReasonId,
    pub(super) counter: Cell<u32>,
}

impl Fx {
    pub(super) fn new(app: &TestApp) -> Fx {
        let w = app.world();
        let conn = &mut app.conn();
        let mate = users::create(
            conn,
            &Actor::operator(),
            &user_input("mate", "Mate Europe", "salesperson"),
        )
        .expect("teammate")
        .id;
        teams::add_member(conn, w.europe, mate).expect("teammate in Europe");
        let stage = stages::list(conn).expect("stages")[1].id;
        let reason = lost_reasons::list(conn, false).expect("reasons")[0].id;
        Fx {
            pool: app.pool.clone(),
            sales: w.sales,
            mate,
            other: w.other_sales,
            manager: w.manager,
            admin: w.admin,
            europe: w.europe,
            stage,
            reason,
            counter: Cell::new(0),
        }
    }

    pub(super) fn conn(&self) -> leadbook::db::PooledConn {
        self.pool.get().expect("connection")
    }

    pub(super) fn actor(&self, conn: &mut DbConn, id: UserId) -> Actor {
        let user = users::find(conn, id).expect("user");
        Actor::new(&user, users::team_ids(conn, id).expect("teams"))
    }

    pub(super) fn user_of(&self, role: Role) -> Option<UserId> {
        match role {
            Role::Anonymous => None,
            Role::Owner => Some(self.sales),
            Role::Teammate => Some(self.mate),
            Role::Other => Some(self.other),
            Role::Manager => Some(self.manager),
            Role::Admin => Some(self.admin),
        }
    }

    /// The role's own id as a form value (a record for themselves).
    pub(super) fn user_field(&self, role: Role) -> String {
        self.user_of(role)
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    pub(super) fn unique(&self, prefix: &str) -> String {
        self.counter.set(self.counter.get() + 1);
        format!("{prefix}{}", self.counter.get())
    }

    pub(super) fn record(&self, kind: Kind) -> LeadId {
        LeadBuilder::new(&self.unique("Route test record "))
            .owner(self.sales)
            .team(self.europe)
            .kind(kind)
            .create(&mut self.conn())
            .id
    }

    /// A new lead of the owner's.
    pub(super) fn lead(&self) -> LeadId {
        self.record(Kind::Lead)
    }

    pub(super) fn opportunity(&self) -> LeadId {
        self.record(Kind::Opportunity)
    }

    pub(super) fn lost_lead(&self) -> LeadId {
        let id = self.lead();
        let conn = &mut self.conn();
        let owner = self.actor(conn, self.sales);
        MarkLost {
            lead_ids: vec![id],
            reason: ReasonChoice::Existing(self.reason),
            closing_note: None,
        }
        .apply(conn, &owner)
        .expect("mark lost");
        id
    }

    pub(super) fn archived_lead(&self) -> LeadId {
        let id = self.lead();
        let conn = &mut self.conn();
        let owner = self.actor(conn, self.sales);
        leadbook::domain::wizards::archive::archive(conn, &owner, &[id]).expect("archive");
        id
    }

    /// A merge the owner made of two of their leads.
    pub(super) fn merge(&self) -> i32 {
        let (a, b) = (self.lead(), self.lead());
        let conn = &mut self.conn();
        let owner = self.actor(conn, self.sales);
        Merge::new(vec![a, b])
            .apply(conn, &owner)
            .expect("merge")
            .merge_id
    }

    pub(super) fn customer(&self) -> PartnerId {
        let input = PartnerInput {
            kind: "company".into(),
            name: self.unique("Route Test Company "),
            ..PartnerInput::default()
        };
        partners::create(&mut self.conn(), &input)
            .expect("customer")
            .id
    }

    /// A person customer (a person's data starts from one).
    pub(super) fn person(&self) -> PartnerId {
        let input = PartnerInput {
            kind: "person".into(),
            name: self.unique("Route Person "),
            email: self.unique("route.person.").replace(' ', "") + "@example.test",
            ..PartnerInput::default()
        };
        partners::create(&mut self.conn(), &input)
            .expect("person")
            .id
    }

    /// A customer of one of the owner's records: theirs to edit.
    pub(super) fn owned_customer(&self) -> PartnerId {
        let customer = self.customer();
        LeadBuilder::new(&self.unique("Customer's record "))
            .owner(self.sales)
            .team(self.europe)
            .partner(customer)
            .create(&mut self.conn());
        customer
    }

    /// A company and a person carrying the same phone number (+39 02 555 0000).
    pub(super) fn shared_phone(&self) -> (PartnerId, PartnerId) {
        let conn = &mut self.conn();
        let made = ["company", "person"].map(|kind| {
            let input = PartnerInput {
                kind: kind.into(),
                name: self.unique("Shared phone "),
                phone: "+39 02 555 0000".into(),
                ..PartnerInput::default()
            };
            partners::create(conn, &input).expect("customer").id
        });
        (made[0], made[1])
    }

    /// Two customers merged by the manager; the journal entry's id.
    pub(super) fn customer_merge(&self) -> i32 {
        let (a, b) = (self.customer(), self.customer());
        let conn = &mut self.conn();
        let manager = self.actor(conn, self.manager);
        CustomerMerge {
            ids: vec![a, b],
            primary: None,
        }
        .apply(conn, &manager)
        .expect("customer merge")
        .merge_id
    }

    /// A new API token of `user`; its id.
    pub(super) fn token_of(&self, user: UserId) -> TokenId {
        let conn = &mut self.conn();
        let name = self.unique("token ");
        api_tokens::create(conn, user, &name).expect("token");
        api_tokens::list_for(conn, user)
            .expect("tokens")
            .into_iter()
            .find(|t| t.name == name)
            .expect("the new token")
            .id
    }

    pub(super) fn new_stage(&self) -> StageId {
        stages::create(
            &mut self.conn(),
            &self.unique("Stage "),
            30,
            false,
            false,
            None,
        )
        .expect("stage")
        .id
    }

    pub(super) fn new_team(&self) -> TeamId {
        teams::create(&mut self.conn(), &self.unique("Team "), None)
            .expect("team")
            .id
    }

    pub(super) fn new_reason(&self) -> LostReasonId {
        let conn = &mut self.conn();
        let admin = self.actor(conn, self.admin);
        lost_reasons::create(conn, &admin, &self.unique("Reason "))
            .expect("lost reason")
            .id
    }

    /// A new salesperson: id and login.
    pub(super) fn new_user(&self) -> (i32, String) {
        let login = self.unique("person");
        let user = users::create(
            &mut self.conn(),
            &Actor::operator(),
            &user_input(&login, "Route Person", "salesperson"),
        )
        .expect("user");
        (user.id.0, login)
    }

    pub(super) fn user_form(&self, login: &str) -> Vec<(&'static str, String)> {
        vec![
            ("login", login.to_string()),
            ("name", s("Route Person")),
            ("email", format!("{login}@leadbook.test")),
            ("role", s("salesperson")),
            ("language", s("en")),
            ("password", s(PASSWORD)),
            ("password_confirm", s(PASSWORD)),
            ("active", s("on")),
        ]
    }

    /// An import job of the manager's: just uploaded, or checked and ready to run.
    pub(super) fn job(&self, checked: bool) -> i32 {
        use leadbook::domain::import::jobs;
        let conn = &mut self.conn();
        let manager = self.actor(conn, self.manager);
        let id = jobs::upload(conn, &manager, "people.csv", FILE.as_bytes(), Kind::Lead)
            .expect("upload");
        if checked {
            let columns = [s("contact_name"), s("email")];
            jobs::choose(conn, &manager, id, &columns, "skip", "lead").expect("mapping");
            jobs::run(conn, id).expect("check");
        }
        id
    }
}

/// Every row of every table, as text: a change anywhere changes it.
pub(super) fn fingerprint(conn: &mut DbConn) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        v: String,
    }
    let postgres = !matches!(conn, DbConn::Sqlite(_));
    let tables: Vec<Name> = if postgres {
        diesel::sql_query(
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
        .load(conn)
    } else {
        // The full-text index is derived from the leads.
        diesel::sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'lead_search%'",
        )
        .load(conn)
    }
    .expect("tables");
    let mut all = Vec::new();
    for table in tables {
        let columns: Vec<Name> = if postgres {
            diesel::sql_query(format!(
                "SELECT column_name AS name FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = '{}'",
                table.name
            ))
            .load(conn)
        } else {
            diesel::sql_query(format!(
                "SELECT name FROM pragma_table_info('{}')",
                table.name
            ))
            .load(conn)
        }
        .expect("columns");
        let row = columns
            .iter()
            .map(|c| format!("COALESCE(CAST(\"{}\" AS TEXT), '-')", c.name))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<Row> = diesel::sql_query(format!(
            "SELECT '{}:' || {row} AS v FROM \"{}\"",
            table.name, table.name
        ))
        .load(conn)
        .unwrap_or_else(|e| panic!("rows of {}: {e}", table.name));
        all.extend(rows.into_iter().map(|r| r.v));
    }
    all.sort();
    all
}
