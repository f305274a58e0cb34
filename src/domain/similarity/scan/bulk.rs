//! Bulk work over every profile of the database: reading them all, running on every core,
//! and the candidate pairs their keys find.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::db::DbConn;
use crate::domain::error::DomainResult;
use crate::domain::similarity::keys;
use crate::domain::similarity::profile::{self, Profile};
use crate::domain::similarity::thresholds::MAX_KEY_HITS;

fn key_hash(kind: &str, key: &str) -> u64 {
    let mut h = DefaultHasher::new();
    kind.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Runs `f` over `items` split across the cores, concatenating the results.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> Vec<R> + Sync) -> Vec<R> {
    let size = items.len().div_ceil(threads()).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(size)
            .enumerate()
            .map(|(n, chunk)| {
                let f = &f;
                s.spawn(move || {
                    chunk
                        .iter()
                        .enumerate()
                        .flat_map(|(i, item)| f(n * size + i, item))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Every profile of the database (leads not merged away, then customers), for bulk work.
pub fn all_profiles(conn: &mut DbConn) -> DomainResult<Vec<Profile>> {
    let mut profiles: Vec<Profile> = Vec::new();
    profile::for_each_page(conn, 50_000, |_, mut page| {
        for p in &mut page {
            p.title = String::new();
        }
        profiles.extend(page);
        Ok(())
    })?;
    Ok(profiles)
}

/// The candidate pairs of a set of profiles (indexes, smaller first), with the fields every
/// key that found the pair relies on ([`keys::family`]): every blocking key's holders pair
/// up, unless the key is over-common.
pub fn candidate_pairs(profiles: &[Profile]) -> Vec<(u32, u32, u32)> {
    let mut hashed: Vec<(u64, u32, u32)> = par_map(profiles, |i, p| {
        keys::blocking(p)
            .iter()
            .map(|(kind, key)| (key_hash(kind, key), i as u32, keys::family(kind)))
            .collect()
    });
    hashed.sort_unstable();
    let mut candidates: Vec<(u32, u32, u32)> = Vec::new();
    for group in hashed.chunk_by(|x, y| x.0 == y.0) {
        if group.len() > MAX_KEY_HITS {
            continue;
        }
        for (n, x) in group.iter().enumerate() {
            for y in &group[n + 1..] {
                candidates.push((x.1.min(y.1), x.1.max(y.1), x.2));
            }
        }
    }
    drop(hashed);
    candidates.sort_unstable();
    // One entry per pair, with every family that found it (in place: this list is the
    // scan's largest after the profiles).
    candidates.dedup_by(|next, kept| {
        let same = (next.0, next.1) == (kept.0, kept.1);
        if same {
            kept.2 &= next.2;
        }
        same
    });
    candidates.shrink_to_fit();
    candidates
}
