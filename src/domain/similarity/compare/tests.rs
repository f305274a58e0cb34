//! Unit tests of the comparison levels.

use super::*;
use crate::domain::similarity::normalise;
use crate::domain::similarity::profile::Street;

fn name_level(a: &str, b: &str) -> u8 {
    compare(&person(a), &person(b))[Field::Name.index()].level
}

fn person(name: &str) -> Profile {
    Profile {
        name: Some(name.into()),
        name_key: normalise::name_key(name),
        ..Profile::default()
    }
    .derived()
}

#[test]
fn names_in_swapped_order_and_upper_case_are_swapped() {
    assert_eq!(name_level("Christian White", "WHITE CHRISTIAN"), 1);
}

#[test]
fn names_that_sound_alike_are_close() {
    assert_eq!(name_level("Robyn Banks", "Robin Banks"), 2);
}

#[test]
fn an_initial_is_compatible_with_the_whole_name() {
    assert_eq!(name_level("J Smith", "Jessica Smith"), 4);
    assert_eq!(name_level("Sara Rossi", "Sofia Rossi"), 6);
    assert_eq!(name_level("Sara Rossi", "Anna Bianchi"), 7);
    assert_eq!(name_level("Dr. Amanda Wong", "Amanda Wong"), 0);
    assert_eq!(
        name_level("Lebedev Vsemil Elizarovich", "Всемил Лебедев"),
        1
    );
}

#[test]
fn a_typed_number_that_does_not_parse_matches_by_its_last_digits() {
    let a = Profile {
        digits: vec!["99955736".into()],
        ..Profile::default()
    };
    let b = Profile {
        digits: vec!["0299955736".into()],
        ..Profile::default()
    };
    let c = compare(&a, &b);
    assert_eq!(c[Field::Phone.index()].level, 1);
    assert_eq!(
        c[Field::Phone.index()].value,
        Some("9955736"),
        "counted by its ending"
    );
}

#[test]
fn a_street_type_typo_still_names_the_same_street() {
    let a = Profile {
        street: Street::parse("10 Boolee St"),
        ..Profile::default()
    };
    let b = Profile {
        street: Street::parse("Boolee Setreet"),
        ..Profile::default()
    };
    assert_eq!(compare(&a, &b)[Field::Street.index()].level, 2);
}

#[test]
fn postcodes_one_typo_apart_are_close() {
    assert!(one_typo_apart("4352", "4325"));
    assert!(one_typo_apart("4352", "4353"));
    assert!(!one_typo_apart("4352", "5243"));
}
