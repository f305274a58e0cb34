//! Names: the words of a name in any script, a person's name without titles or patronymic,
//! the keys that ignore word order, and a word's sound.

use unicode_normalization::UnicodeNormalization;

/// The words of a name in reading order: NFKC, transliterated to ASCII, lower-cased,
/// apostrophes removed, anything else but letters and digits treated as a space.
pub fn name_tokens(raw: &str) -> Vec<String> {
    let composed: String = raw.nfkc().collect();
    let ascii = deunicode::deunicode(&composed).to_lowercase();
    // Apostrophes join: "O'Brien" is "obrien", and the Russian soft sign (transliterated
    // as an apostrophe) stays inside its word: "Ольга" is "olga", not "ol ga".
    ascii
        .replace(['\'', '`'], "")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Titles written before a person's name (English, Italian, Russian, Vietnamese,
/// transliterated): "Dr", "Sig.ra", "г-жа", "Ông"…
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "sig", "sigra", "signor",
    "signora", "signa", "dott", "dottssa", "dssa", "ing", "avv", "geom", "rag", "gn", "g", "zha",
    "gospodin", "gospozha",
];
/// Vietnamese forms of address ("Ông", "Bà", "Anh", "Chị"…), also given names: dropped only
/// before a name of three words or more.
const VIETNAMESE_ADDRESS: &[&str] = &["ong", "ba", "anh", "chi", "co", "chu", "bac", "em"];

/// Whether a word is a Russian patronymic ("Ivanovich", "Petrovna").
fn is_patronymic(word: &str) -> bool {
    ["ovich", "evich", "ovna", "evna", "ichna", "inichna"]
        .iter()
        .any(|end| word.len() > end.len() + 2 && word.ends_with(end))
}

/// The words of a person's name as the duplicate finder compares them: [`name_tokens`]
/// without titles ("Dr", "г-жа", "Ông") and, in a name of three words, without a Russian
/// patronymic, so "Lebedev Vsemil Elizarovich" is "Всемил Лебедев".
pub fn person_words(raw: &str) -> Vec<String> {
    let mut words = name_tokens(raw);
    while words.len() > 1 && TITLES.contains(&words[0].as_str()) {
        words.remove(0);
    }
    if words.len() >= 4 && VIETNAMESE_ADDRESS.contains(&words[0].as_str()) {
        words.remove(0);
    }
    if words.len() == 3
        && let Some(i) = words.iter().position(|w| is_patronymic(w))
    {
        words.remove(i);
    }
    words
}

/// The finder's key of a person's name: [`person_words`], sorted.
pub fn person_key(raw: &str) -> Option<String> {
    sorted_key(person_words(raw))
}

pub(super) fn sorted_key(mut tokens: Vec<String>) -> Option<String> {
    if tokens.is_empty() {
        return None;
    }
    tokens.sort_unstable();
    Some(tokens.join(" "))
}

/// The key of a person's name: script, accents, case, punctuation and word order ignored.
/// `None` when nothing is left (blank or only punctuation).
pub fn name_key(raw: &str) -> Option<String> {
    sorted_key(name_tokens(raw))
}

/// The Double Metaphone code of a name's word.
pub fn phonetic(word: &str) -> String {
    thread_local! {
        static CODER: rphonetic::DoubleMetaphone = rphonetic::DoubleMetaphone::default();
    }
    CODER.with(|c| c.double_metaphone(word).primary())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(raw: &str) -> String {
        name_key(raw).unwrap_or_default()
    }

    #[test]
    fn name_key_drops_vietnamese_diacritics_and_squeezes_spaces() {
        assert_eq!(key("Nguyễn  Văn An"), "an nguyen van");
        assert_eq!(key("Nguyễn Văn An"), key("Nguyen Van An"));
    }

    #[test]
    fn name_key_transliterates_cyrillic() {
        assert_eq!(key("Анна Петрова"), "anna petrova");
        assert_eq!(key("Иван Петров"), key("Ivan Petrov"));
    }

    #[test]
    fn name_key_ignores_word_order_case_and_punctuation() {
        assert_eq!(key("Banks, Robin"), key("robin BANKS"));
        assert_eq!(key("O'Brien-Smith"), "obrien smith");
    }

    #[test]
    fn name_key_keeps_the_russian_soft_sign_inside_its_word() {
        assert_eq!(key("Ольга Смирнова"), "olga smirnova");
        assert_eq!(key("Ольга Смирнова"), key("Olga Smirnova"));
    }

    #[test]
    fn name_key_folds_compatibility_characters() {
        assert_eq!(key("Ｒｏｂｉｎ"), "robin");
    }

    #[test]
    fn name_key_of_blank_or_punctuation_is_none() {
        assert_eq!(name_key("  "), None);
        assert_eq!(name_key("--"), None);
    }
}
