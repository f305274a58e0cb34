//! Probable duplicates joined into clusters (union-find), strongest links first.

use std::collections::HashMap;

use super::scorer::Scorer;
use crate::domain::similarity::thresholds::{CLUSTER_LINK_MIN, CLUSTER_MAX};

/// Groups probable duplicates, strongest links first. Two groups are joined only if no
/// pair across them that the finder would compare speaks against it
/// ([`CLUSTER_LINK_MIN`]) and the result stays small: one weak link cannot chain two
/// strong groups together. Returns each group (indexes) with its weakest link.
pub(super) fn clusters(scorer: &Scorer, mut links: Vec<(u32, u32, f64)>) -> Vec<(Vec<u32>, f64)> {
    links.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut group_of: HashMap<u32, usize> = HashMap::new();
    let mut groups: Vec<(Vec<u32>, f64)> = Vec::new();
    for (i, j, p) in links {
        match (group_of.get(&i).copied(), group_of.get(&j).copied()) {
            (Some(g), Some(h)) if g == h => {}
            (gi, gj) => {
                let members = |g: Option<usize>, x: u32| match g {
                    Some(g) => groups[g].0.clone(),
                    None => vec![x],
                };
                let (left, right) = (members(gi, i), members(gj, j));
                if left.len() + right.len() > CLUSTER_MAX {
                    continue;
                }
                let agree = left.iter().all(|&x| {
                    right.iter().all(|&y| {
                        (x == i && y == j) || scorer.probability(x, y) >= CLUSTER_LINK_MIN
                    })
                });
                if !agree {
                    continue;
                }
                let weakest = [gi, gj]
                    .iter()
                    .flatten()
                    .map(|g| groups[*g].1)
                    .fold(p, f64::min);
                let target = gi.or(gj).unwrap_or(groups.len());
                if target == groups.len() {
                    groups.push((Vec::new(), weakest));
                }
                for x in left.iter().chain(&right) {
                    group_of.insert(*x, target);
                }
                let other = if Some(target) == gi { gj } else { gi };
                if let Some(o) = other.filter(|o| *o != target) {
                    groups[o].0.clear();
                }
                let mut all = left;
                all.extend(right);
                all.sort_unstable();
                all.dedup();
                groups[target] = (all, weakest);
            }
        }
    }
    groups.retain(|g| g.0.len() >= 2);
    groups
}
