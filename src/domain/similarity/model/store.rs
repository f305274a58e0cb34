//! The model in the database: the records it is estimated for, the one in use, and a new
//! one saved.

use diesel::prelude::*;

use super::params::Model;
use crate::db::schema::{finder_models, leads, partners};
use crate::db::{DbConn, write_tx};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::now;

/// How many records the database holds, as the prior and term frequencies count them (ids
/// ever given: cheap, and close enough).
pub fn population(conn: &mut DbConn) -> DomainResult<f64> {
    let leads: Option<i32> = leads::table
        .select(diesel::dsl::max(leads::id))
        .first(conn)?;
    let partners: Option<i32> = partners::table
        .select(diesel::dsl::max(partners::id))
        .first(conn)?;
    Ok(f64::from(leads.unwrap_or(0)) + f64::from(partners.unwrap_or(0)))
}

/// The model in use: the last one saved, or the defaults.
pub fn load(conn: &mut DbConn) -> DomainResult<Model> {
    let stored: Option<String> = finder_models::table
        .order(finder_models::id.desc())
        .select(finder_models::params)
        .first(conn)
        .optional()?;
    Ok(stored
        .and_then(|json| serde_json::from_str::<Model>(&json).ok())
        .filter(Model::is_valid)
        .unwrap_or_default())
}

/// Saves a newly estimated model; it is used from now on. Earlier ones are kept (the admin
/// page shows how the model changed).
pub fn save(conn: &mut DbConn, model: &Model) -> DomainResult<()> {
    if !model.is_valid() {
        return Err(DomainError::Internal(
            "the estimated model is not valid".into(),
        ));
    }
    let json = serde_json::to_string(model)
        .map_err(|e| DomainError::Internal(format!("cannot store the model: {e}")))?;
    write_tx(conn, |conn| {
        diesel::insert_into(finder_models::table)
            .values((
                finder_models::created_at.eq(now()),
                finder_models::params.eq(&json),
            ))
            .execute(conn)?;
        // Every score moves with the model: the stored duplicate counts are recomputed.
        crate::domain::similarity::stored::forget_all(conn)
    })
}
