//! Counting texts, numbers, money and dates as each of the four languages writes them.

use chrono::{NaiveDate, NaiveDateTime};
use leadbook::i18n::format::{date, date_time, integer, money, relative};
use leadbook::i18n::{Lang, Msg, plural};

/// CLDR writes no-break spaces (U+00A0, U+202F) inside numbers and between a number and its
/// unit, so an amount never wraps; the expectations below write plain spaces.
fn plain(text: String) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
fn amounts_do_not_wrap() {
    assert!(money(Lang::It, 1_234_550, "EUR").contains('\u{a0}'));
}

fn restored(locale: &str) -> Vec<String> {
    [1, 2, 5, 21, 0]
        .into_iter()
        .map(|n| plural(locale, "mass.restored", n))
        .collect()
}

#[test]
fn counting_texts_follow_each_language_s_plural_rules() {
    assert_eq!(
        restored("en"),
        [
            "1 record restored.",
            "2 records restored.",
            "5 records restored.",
            "21 records restored.",
            "0 records restored.",
        ]
    );
    assert_eq!(
        restored("it"),
        [
            "1 record ripristinato.",
            "2 record ripristinati.",
            "5 record ripristinati.",
            "21 record ripristinati.",
            "0 record ripristinati.",
        ]
    );
    // Russian: one (1, 21), few (2), many (5, 0).
    assert_eq!(
        restored("ru"),
        [
            "1 запись восстановлена.",
            "2 записи восстановлены.",
            "5 записей восстановлено.",
            "21 запись восстановлена.",
            "0 записей восстановлено.",
        ]
    );
    // Vietnamese does not inflect.
    assert_eq!(
        restored("vi"),
        [
            "Đã khôi phục 1 bản ghi.",
            "Đã khôi phục 2 bản ghi.",
            "Đã khôi phục 5 bản ghi.",
            "Đã khôi phục 21 bản ghi.",
            "Đã khôi phục 0 bản ghi.",
        ]
    );
}

#[test]
fn the_count_in_a_counting_text_is_written_as_the_language_writes_numbers() {
    assert_eq!(
        plain(plural("en", "mass.restored", 12_345)),
        "12,345 records restored."
    );
    assert_eq!(
        plain(plural("it", "mass.restored", 12_345)),
        "12.345 record ripristinati."
    );
    assert_eq!(
        plain(plural("ru", "mass.restored", 12_345)),
        "12 345 записей восстановлено."
    );
}

#[test]
fn a_message_counted_by_the_domain_is_rendered_in_the_reader_s_language() {
    let msg = Msg::new("mass.archived").count("count", 3);
    assert_eq!(msg.render("en"), "3 records archived.");
    assert_eq!(msg.to_string(), "3 records archived.", "Display is English");
    assert_ne!(msg.render("ru"), msg.render("en"));
    assert!(
        msg.render("ru").starts_with("3 записи"),
        "{}",
        msg.render("ru")
    );
}

#[test]
fn unknown_languages_read_english() {
    assert_eq!(plural("de", "mass.restored", 2), "2 records restored.");
}

#[test]
fn numbers_use_the_language_s_separators() {
    let n = 1_234_567;
    assert_eq!(plain(integer(Lang::En, n)), "1,234,567");
    assert_eq!(plain(integer(Lang::It, n)), "1.234.567");
    assert_eq!(plain(integer(Lang::Ru, n)), "1 234 567");
    assert_eq!(plain(integer(Lang::Vi, n)), "1.234.567");
}

#[test]
fn money_is_written_with_the_currency_where_each_language_puts_it() {
    assert_eq!(plain(money(Lang::En, 1_234_550, "USD")), "$12,345.50");
    assert_eq!(plain(money(Lang::It, 1_234_550, "EUR")), "12.345,50 €");
    assert_eq!(plain(money(Lang::Ru, 1_234_550, "RUB")), "12 345,50 ₽");
    // The dong has no minor unit.
    assert_eq!(plain(money(Lang::Vi, 1_234_500, "VND")), "12.345 ₫");
    // The company currency is the same for every reader; only the writing changes.
    assert_eq!(plain(money(Lang::En, 1_234_550, "EUR")), "€12,345.50");
    assert_eq!(plain(money(Lang::Ru, 1_234_550, "EUR")), "12 345,50 €");
}

#[test]
fn dates_are_written_as_each_language_writes_them() {
    let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    assert_eq!(plain(date(Lang::En, day)), "Dec 5, 2026");
    assert_eq!(plain(date(Lang::It, day)), "5 dic 2026");
    assert_eq!(plain(date(Lang::Ru, day)), "5 дек. 2026 г.");
    assert_eq!(plain(date(Lang::Vi, day)), "5 thg 12, 2026");
}

#[test]
fn times_are_written_in_each_language_s_clock() {
    let at = NaiveDateTime::parse_from_str("2026-12-05 14:30:00", "%Y-%m-%d %H:%M:%S").unwrap();
    let en = plain(date_time(Lang::En, at));
    assert!(en.contains("Dec 5, 2026") && en.contains("2:30"), "{en}");
    assert!(en.contains("PM"), "{en}");
    let it = plain(date_time(Lang::It, at));
    assert!(it.contains("5 dic 2026") && it.contains("14:30"), "{it}");
    let ru = plain(date_time(Lang::Ru, at));
    assert!(ru.contains("14:30"), "{ru}");
}

#[test]
fn relative_times_in_the_four_languages() {
    let now = NaiveDateTime::parse_from_str("2026-12-05 12:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    let three_days = now - chrono::Duration::days(3);
    assert_eq!(plain(relative(Lang::En, three_days, now)), "3 days ago");
    assert_eq!(plain(relative(Lang::It, three_days, now)), "3 giorni fa");
    assert_eq!(plain(relative(Lang::Ru, three_days, now)), "3 дня назад");
    assert_eq!(plain(relative(Lang::Vi, three_days, now)), "3 ngày trước");
    let yesterday = now - chrono::Duration::hours(30);
    assert_eq!(plain(relative(Lang::It, yesterday, now)), "ieri");
    assert_eq!(
        plain(relative(Lang::Ru, now - chrono::Duration::minutes(21), now)),
        "21 минуту назад"
    );
}
