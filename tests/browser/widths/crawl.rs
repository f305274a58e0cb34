//! A bounded crawl of the pages a signed-in user reaches: same-origin GET links, one page per
//! path pattern (numbers and query values do not make a new page), each measured against the
//! window.

use std::collections::{HashSet, VecDeque};

use crate::browser_support::Browser;

/// At most this many pages per crawl: the app has about forty kinds of page.
const MAX_PAGES: usize = 90;

/// Links that leave the page kind "a page a person reads": files, the API, language
/// switches (they change the language of every page after them) and signing out.
const SKIPPED: &[&str] = &[
    "/static/", "/api/", ".csv", ".json", "/status", "export", "lang=", "logout", "/login",
];

/// The query parameters that change a page's layout, with their values (`group=stage` and
/// `group=salesperson` are different tables).
const LAYOUT_KEYS: &[&str] = &["group", "view", "kind", "from", "archived"];

/// The width of the page, of the window inside its scrollbar, and of the window, in CSS
/// pixels. The window's is its
/// `clientWidth`, without a vertical scrollbar (a phone draws it over the page; the headless
/// browser takes 15 px for it, so a page as wide as `innerWidth` already scrolls sideways).
pub async fn widths(browser: &Browser) -> (i64, i64, i64) {
    let ret = browser
        .driver
        .execute(
            "const d = document.documentElement;
             return [d.scrollWidth, d.clientWidth, window.innerWidth];",
            Vec::new(),
        )
        .await
        .expect("measure the page");
    let pair = ret.json().as_array().cloned().unwrap_or_default();
    let n = |i: usize| {
        pair.get(i)
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(-1)
    };
    (n(0), n(1), n(2))
}

/// `None` when the page fits its window, else what is wrong, naming the page, the width and
/// the innermost elements that stick out.
pub async fn misfit(browser: &Browser, page: &str) -> Option<String> {
    let (page_width, inside, window) = widths(browser).await;
    if page_width <= inside {
        return None;
    }
    let culprits = browser
        .driver
        .execute(
            "const w = document.documentElement.clientWidth;
             const out = Array.from(document.querySelectorAll('main *, body > *'))
                 .filter(e => e.getBoundingClientRect().right > w + 1)
                 .filter(e => !Array.from(e.children)
                     .some(c => c.getBoundingClientRect().right > w + 1));
             return out.slice(0, 4).map(e => e.tagName.toLowerCase()
                 + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));",
            Vec::new(),
        )
        .await
        .map(|r| r.json().to_string())
        .unwrap_or_default();
    Some(format!(
        "{page} at {window} px: the page is {page_width} px wide, the window {inside} px \
         inside its scrollbar (sticking out: {culprits})"
    ))
}

/// Resizes the window to `width` CSS pixels (a phone's height below 600 px, a desk's above).
pub async fn resize(browser: &Browser, width: u32) {
    let height = if width < 600 { 844 } else { 900 };
    browser
        .driver
        .set_window_rect(0, 0, width, height)
        .await
        .expect("resize the window");
}

/// A page kind: the path with every number replaced by `N`, and the query parameters that
/// change the page's layout (a filter, a sort or a page number only changes its rows).
pub fn pattern(path: &str) -> String {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let segments: Vec<&str> = path
        .split('/')
        .map(|s| {
            if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
                "N"
            } else {
                s
            }
        })
        .collect();
    let mut shape: Vec<&str> = query
        .split('&')
        .filter(|kv| LAYOUT_KEYS.iter().any(|k| kv.split('=').next() == Some(k)))
        .collect();
    shape.sort_unstable();
    shape.dedup();
    format!("{}?{}", segments.join("/"), shape.join("&"))
}

/// The same-origin links of the current page, as paths (no fragment).
async fn links(browser: &Browser, base: &str) -> Vec<String> {
    let ret = browser
        .driver
        .execute(
            "return Array.from(document.querySelectorAll('a[href]'))
                 .filter(a => !a.hasAttribute('download'))
                 .map(a => new URL(a.getAttribute('href'), location.href).href.split('#')[0]);",
            Vec::new(),
        )
        .await
        .expect("collect the links");
    let hrefs = ret.json().as_array().cloned().unwrap_or_default();
    hrefs
        .iter()
        .filter_map(serde_json::Value::as_str)
        .filter_map(|href| href.strip_prefix(base))
        .filter(|path| path.starts_with('/'))
        .filter(|path| !SKIPPED.iter().any(|s| path.contains(s)))
        .map(str::to_string)
        .collect()
}

/// Crawls from `seeds` at the current window width; returns the pages visited (one per
/// pattern, seeds first) and the ones that did not fit.
pub async fn crawl(browser: &Browser, base: &str, seeds: &[String]) -> (Vec<String>, Vec<String>) {
    let mut seen = HashSet::new();
    let mut queue: VecDeque<String> = seeds.iter().cloned().collect();
    let (mut visited, mut failures) = (Vec::new(), Vec::new());
    while let Some(path) = queue.pop_front() {
        if visited.len() >= MAX_PAGES {
            break;
        }
        if !seen.insert(pattern(&path)) {
            continue;
        }
        browser.goto(&path).await;
        failures.extend(misfit(browser, &path).await);
        queue.extend(links(browser, base).await);
        visited.push(path);
    }
    (visited, failures)
}

/// Visits `pages` again at the current width; returns the ones that do not fit.
pub async fn revisit(browser: &Browser, pages: &[String]) -> Vec<String> {
    let mut failures = Vec::new();
    for path in pages {
        browser.goto(path).await;
        failures.extend(misfit(browser, path).await);
    }
    failures
}
