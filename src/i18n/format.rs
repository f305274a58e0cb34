//! Numbers, money, dates and relative times as each language writes them, from CLDR data
//! (ICU4X): `12.345,50 €`, `12 345,50 ₽`, `12.345 ₫`, `$12,345.50`; `5 dic 2026`,
//! `5 дек. 2026 г.`, `5 thg 12, 2026`; `3 giorni fa`. Formatters are built once per thread
//! and language.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use fixed_decimal::Decimal;
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::{DateTimeFormatter, fieldsets};
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::relativetime::options::Numeric;
use icu_experimental::relativetime::{RelativeTimeFormatter, RelativeTimeFormatterOptions};

use super::Lang;

/// The company currency when none is set.
pub const DEFAULT_CURRENCY: &str = "EUR";

/// An ISO 4217 code as typed ("eur", " RUB "), upper-cased; `None` when ISO 4217 has no such
/// currency.
pub fn currency_code(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    iso_currency::Currency::from_code(&code).map(|c| c.code().to_string())
}

/// The English name of a currency ("Euro"), for the settings' list.
pub fn currency_name(code: &str) -> Option<String> {
    iso_currency::Currency::from_code(code).map(|c| c.name().to_string())
}

thread_local! {
    static DECIMALS: RefCell<HashMap<Lang, DecimalFormatter>> = Default::default();
    static MONEY: RefCell<HashMap<(Lang, String), CurrencyFormatter<DecimalFormatter>>> = Default::default();
    static DATES: RefCell<HashMap<Lang, DateTimeFormatter<fieldsets::YMD>>> = Default::default();
    static DATE_TIMES: RefCell<HashMap<Lang, DateTimeFormatter<fieldsets::YMDT>>> = Default::default();
}

/// A whole number: `12,345`, `12.345`, `12 345`.
pub fn integer(lang: Lang, n: i64) -> String {
    DECIMALS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let formatter = cache.entry(lang).or_insert_with(|| {
            DecimalFormatter::try_new((&lang.locale()).into(), Default::default())
                .expect("compiled data formats numbers in every catalogue language")
        });
        formatter.format(&Decimal::from(n)).to_string()
    })
}

/// An amount in cents of `currency` (ISO 4217), with the currency's symbol where the
/// language puts it and the currency's own number of decimals (none for the dong).
pub fn money(lang: Lang, cents: i64, currency: &str) -> String {
    let mut amount = Decimal::from(cents);
    amount.multiply_pow10(-2);
    MONEY.with(|cache| {
        let mut cache = cache.borrow_mut();
        let key = (lang, currency.to_string());
        if !cache.contains_key(&key) {
            let Some(formatter) = CurrencyType::try_from_str(currency).ok().and_then(|code| {
                CurrencyFormatter::try_new_symbol((&lang.locale()).into(), code, Default::default())
                    .ok()
            }) else {
                // Not a currency code (a stored value from before the check): the number
                // and the code as they are.
                return format!("{} {currency}", integer(lang, cents / 100));
            };
            cache.insert(key.clone(), formatter);
        }
        cache[&key].format_fixed_decimal(&amount).to_string()
    })
}

/// A calendar date, medium length: `Dec 5, 2026`, `5 dic 2026`, `5 дек. 2026 г.`.
pub fn date(lang: Lang, day: NaiveDate) -> String {
    let Some(date) = iso_date(day) else {
        return day.to_string();
    };
    DATES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let formatter = cache.entry(lang).or_insert_with(|| {
            DateTimeFormatter::try_new((&lang.locale()).into(), fieldsets::YMD::medium())
                .expect("compiled data formats dates in every catalogue language")
        });
        formatter.format(&date).to_string()
    })
}

/// A date with its time to the minute: `Dec 5, 2026, 2:30 PM`, `5 dic 2026, 14:30`.
pub fn date_time(lang: Lang, at: NaiveDateTime) -> String {
    let (Some(date), Ok(time)) = (
        iso_date(at.date()),
        Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0),
    ) else {
        return at.format("%Y-%m-%d %H:%M").to_string();
    };
    DATE_TIMES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let formatter = cache.entry(lang).or_insert_with(|| {
            DateTimeFormatter::try_new(
                (&lang.locale()).into(),
                fieldsets::YMDT::medium()
                    .with_time_precision(icu_datetime::options::TimePrecision::Minute),
            )
            .expect("compiled data formats times in every catalogue language")
        });
        formatter.format(&DateTime { date, time }).to_string()
    })
}

fn iso_date(day: NaiveDate) -> Option<Date<icu_calendar::Iso>> {
    use chrono::Datelike;
    Date::try_new_iso(day.year(), day.month() as u8, day.day() as u8).ok()
}

/// How long ago `at` was, seen at `now`: `now`, `5 minutes ago`, `yesterday`, `3 дня назад`;
/// a week or more ago is the date itself.
pub fn relative(lang: Lang, at: NaiveDateTime, now: NaiveDateTime) -> String {
    let seconds = (now - at).num_seconds().max(0);
    let (unit, amount) = match seconds {
        0..=59 => (Unit::Second, 0),
        60..=3_599 => (Unit::Minute, seconds / 60),
        3_600..=86_399 => (Unit::Hour, seconds / 3_600),
        _ => {
            let days = (now.date() - at.date()).num_days();
            if days >= 7 {
                return date(lang, at.date());
            }
            (Unit::Day, days)
        }
    };
    let mut options = RelativeTimeFormatterOptions::default();
    options.numeric = Some(Numeric::Auto);
    let prefs = (&lang.locale()).into();
    let formatter = match unit {
        Unit::Second => RelativeTimeFormatter::try_new_long_second(prefs, options),
        Unit::Minute => RelativeTimeFormatter::try_new_long_minute(prefs, options),
        Unit::Hour => RelativeTimeFormatter::try_new_long_hour(prefs, options),
        Unit::Day => RelativeTimeFormatter::try_new_long_day(prefs, options),
    }
    .expect("compiled data has relative times in every catalogue language");
    formatter.format(Decimal::from(-amount)).to_string()
}

enum Unit {
    Second,
    Minute,
    Hour,
    Day,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn unknown_currency_codes_are_refused() {
        assert_eq!(currency_code(" rub "), Some("RUB".into()));
        assert_eq!(currency_code("XYZ"), None);
        assert_eq!(currency_code("euro"), None);
    }

    #[test]
    fn relative_times_pick_the_unit() {
        let now = at("2026-12-05 12:00:00");
        assert_eq!(relative(Lang::En, at("2026-12-05 11:59:30"), now), "now");
        assert_eq!(
            relative(Lang::En, at("2026-12-05 11:55:00"), now),
            "5 minutes ago"
        );
        assert_eq!(
            relative(Lang::It, at("2026-12-02 09:00:00"), now),
            "3 giorni fa"
        );
        assert_eq!(
            relative(Lang::Ru, at("2026-12-04 18:00:00"), now),
            "18 часов назад"
        );
        assert_eq!(
            relative(Lang::Vi, at("2026-11-01 10:00:00"), now),
            "1 thg 11, 2026"
        );
    }
}
