//! Users in the domain: only an admin creates or changes one, whatever the door — a
//! salesperson or a manager calling the domain directly is refused and nothing is written.

use crate::support::{PASSWORD, World, actor, fresh_pool};
use leadbook::domain::DomainError;
use leadbook::domain::models::users::{self, Role, UserInput};

#[test]
fn a_salesperson_or_a_manager_cannot_create_a_user_or_promote_themselves_whatever_the_door() {
    let (pool, _guard) = fresh_pool();
    let mut conn = pool.get().unwrap();
    let w = World::create(&mut conn);
    let newcomer = UserInput {
        login: "newbie".into(),
        name: "New Bie".into(),
        role: "admin".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
        ..UserInput::default()
    };
    for (who, role) in [(w.sales, Role::Salesperson), (w.manager, Role::Manager)] {
        let me = actor(&mut conn, who);
        assert!(matches!(
            users::create(&mut conn, &me, &newcomer),
            Err(DomainError::Forbidden)
        ));
        assert!(matches!(
            users::create_with_hash(&mut conn, &me, &newcomer, "not-a-real-hash"),
            Err(DomainError::Forbidden)
        ));
        let user = users::find(&mut conn, who).unwrap();
        let promoted = UserInput {
            login: user.login.clone(),
            name: user.name.clone(),
            role: "admin".into(),
            password: "a new password".into(),
            password_confirm: "a new password".into(),
            ..UserInput::default()
        };
        assert!(matches!(
            users::update(&mut conn, &me, who, &promoted, true),
            Err(DomainError::Forbidden)
        ));
        assert_eq!(
            users::find(&mut conn, who).unwrap().role,
            role,
            "not promoted"
        );
        assert!(
            users::authenticate(&mut conn, &user.login, PASSWORD, "192.0.2.9").is_ok(),
            "the old password still works"
        );
    }
    assert!(
        users::find_by_login(&mut conn, "newbie").is_err(),
        "nothing written"
    );
    assert_eq!(users::count(&mut conn).unwrap(), 4);
    let admin = actor(&mut conn, w.admin);
    let created = users::create(&mut conn, &admin, &newcomer).unwrap();
    assert_eq!(created.role, Role::Admin, "an admin may");
}
