//! `?page=&per_page=` for the API's paginated answers that are built in memory (a record's
//! chatter, the duplicate scan). Read strictly, as the list's query: an unknown parameter or
//! a bad number is a 422 under `query`, never a silent default.

use crate::domain::error::{DomainError, DomainResult};
use crate::i18n::Msg;

/// The largest page a caller may ask for.
pub const MAX_PER_PAGE: usize = 200;

/// Which slice of a list the caller asked for (pages count from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: usize,
    pub per_page: usize,
}

/// A page of `T` with where it sits in the whole.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
}

impl Paging {
    /// `page` and `per_page` from a query string (`per_page` defaults to `default`).
    pub fn read(pairs: &[(String, String)], default: usize) -> DomainResult<Paging> {
        let mut out = Paging {
            page: 1,
            per_page: default,
        };
        let mut unknown = Vec::new();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "page" => (&mut out.page, usize::MAX),
                "per_page" => (&mut out.per_page, MAX_PER_PAGE),
                _ => {
                    unknown.push(key.as_str());
                    continue;
                }
            };
            *slot.0 = value
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=slot.1).contains(n))
                .ok_or_else(|| {
                    DomainError::invalid(
                        "query",
                        Msg::new("msg.api_page_number")
                            .text("name", key.as_str())
                            .text("value", value.as_str())
                            .text("max", slot.1.to_string()),
                    )
                })?;
        }
        if !unknown.is_empty() {
            return Err(DomainError::invalid(
                "query",
                Msg::new("msg.api.unknown_parameters").text("names", unknown.join(", ")),
            ));
        }
        Ok(out)
    }

    /// This page of `all` (a page past the end is empty).
    pub fn cut<T>(&self, all: Vec<T>) -> Page<T> {
        let total = all.len();
        let skip = (self.page - 1).saturating_mul(self.per_page);
        Page {
            items: all.into_iter().skip(skip).take(self.per_page).collect(),
            total,
            page: self.page,
            pages: total.div_ceil(self.per_page),
            per_page: self.per_page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn pages_count_from_one_and_bad_numbers_are_refused() {
        let p = Paging::read(&pairs(&[("page", "2"), ("per_page", "3")]), 50).unwrap();
        let page = p.cut((1..=7).collect::<Vec<_>>());
        assert_eq!(page.items, vec![4, 5, 6]);
        assert_eq!((page.total, page.pages), (7, 3));
        assert!(Paging::read(&pairs(&[("page", "0")]), 50).is_err());
        assert!(Paging::read(&pairs(&[("per_page", "201")]), 50).is_err());
        assert!(Paging::read(&pairs(&[("size", "2")]), 50).is_err());
    }
}
