//! Company names: the key that ignores legal forms (S.r.l., LLC, ООО, Công ty TNHH, …).

use super::names::{name_tokens, sorted_key};

/// Legal forms dropped from the start and end of a company name, in normalised spelling
/// (what [`name_tokens`] makes of them: "S.r.l." is "s r l", "ООО" is "ooo").
pub const LEGAL_FORMS: &[&str] = &[
    // Italian
    "s r l",
    "srl",
    "s r l s",
    "srls",
    "s p a",
    "spa",
    "s n c",
    "snc",
    "s a s",
    "sas",
    // English
    "llc",
    "l l c",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "llp",
    "lp",
    // German, French, Dutch, Spanish
    "gmbh",
    "ag",
    "kg",
    "ug",
    "sarl",
    "s a r l",
    "sa",
    "s a",
    "bv",
    "b v",
    "nv",
    "sl",
    "s l",
    // Russian (after transliteration): ООО, АО, ЗАО, ОАО, ПАО, НКО, ИП, and JSC
    "ooo",
    "ao",
    "zao",
    "oao",
    "pao",
    "nko",
    "ip",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    // Vietnamese: Công ty TNHH, Công ty cổ phần, CTCP, Doanh nghiệp tư nhân
    "cong ty tnhh mtv",
    "cong ty tnhh",
    "tnhh mtv",
    "tnhh",
    "cong ty co phan",
    "cong ty cp",
    "ctcp",
    "cong ty",
    "doanh nghiep tu nhan",
    "dntn",
];

/// The key of a company name: as [`name_key`], with legal forms ([`LEGAL_FORMS`]) removed
/// from both ends. A name that is only a legal form keeps it.
pub fn company_key(raw: &str) -> Option<String> {
    let tokens = name_tokens(raw);
    let longest = LEGAL_FORMS
        .iter()
        .map(|f| f.split(' ').count())
        .max()
        .unwrap_or(1);
    let is_form = |words: &[String]| LEGAL_FORMS.contains(&words.join(" ").as_str());
    let (mut start, mut end) = (0, tokens.len());
    loop {
        let words = &tokens[start..end];
        let fits = |n: &usize| *n < words.len();
        if let Some(n) = (1..=longest)
            .rev()
            .filter(fits)
            .find(|&n| is_form(&words[..n]))
        {
            start += n;
        } else if let Some(n) = (1..=longest)
            .rev()
            .filter(fits)
            .find(|&n| is_form(&words[words.len() - n..]))
        {
            end -= n;
        } else {
            break;
        }
    }
    sorted_key(tokens[start..end].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company(raw: &str) -> String {
        company_key(raw).unwrap_or_default()
    }

    #[test]
    fn company_key_drops_italian_legal_forms() {
        assert_eq!(company("Rossi Costruzioni S.r.l."), "costruzioni rossi");
        assert_eq!(company("Rossi Costruzioni SRL"), "costruzioni rossi");
        assert_eq!(company("Ferro S.p.A."), "ferro");
    }

    #[test]
    fn company_key_drops_english_legal_forms() {
        assert_eq!(company("Acme, Inc."), "acme");
        assert_eq!(company("Acme Ltd"), "acme");
        assert_eq!(company("Acme Trading Co."), "acme trading");
        assert_eq!(company("Acme LLC"), "acme");
    }

    #[test]
    fn company_key_drops_russian_legal_forms_in_either_script() {
        assert_eq!(company("ООО «Ромашка»"), "romashka");
        assert_eq!(company("OOO Romashka"), "romashka");
        assert_eq!(company("ЗАО Ромашка"), "romashka");
        assert_eq!(company("АО \"Ромашка\""), "romashka");
    }

    #[test]
    fn company_key_drops_vietnamese_legal_forms() {
        assert_eq!(company("Công ty TNHH Minh Phát"), "minh phat");
        assert_eq!(company("TNHH Minh Phát"), "minh phat");
        assert_eq!(company("Công ty cổ phần Minh Phát"), "minh phat");
    }

    #[test]
    fn company_key_keeps_a_name_that_is_only_a_legal_form() {
        assert_eq!(company("Ltd"), "ltd");
    }
}
