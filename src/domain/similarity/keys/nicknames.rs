//! Spellings of names: a word's consonant skeleton, a name's sound, and the run-together
//! forms people make handles and addresses of.

use crate::domain::similarity::normalise;
use crate::domain::similarity::profile::Profile;
use crate::domain::similarity::thresholds::NICKNAME_MIN_LEN;

/// A word's consonant skeleton: its first letter, then its consonants with doubles
/// squeezed (`y` and `h` count as vowels): "robin" and "robyn" are both "rbn".
pub fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = '\0';
    for (i, c) in word.chars().enumerate() {
        let keep = i == 0 || !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h');
        if keep && c != last {
            out.push(c);
        }
        last = c;
    }
    out
}

/// The "sound" key of a name: its words' skeletons, sorted.
pub fn sound_key(name: &str) -> Option<String> {
    let mut parts: Vec<String> = normalise::name_tokens(name)
        .iter()
        .map(|w| skeleton(w))
        .collect();
    if parts.is_empty() {
        return None;
    }
    parts.sort_unstable();
    Some(parts.join(" "))
}

/// Where a nickname came from, for the reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NickSource {
    Name(String),
    Handle(String, String),
    EmailLocal(String),
}

fn letters(raw: &str) -> String {
    normalise::name_tokens(raw)
        .iter()
        .flat_map(|w| w.chars().filter(char::is_ascii_alphabetic))
        .collect()
}

/// The run-together spellings of a name's words, as people make handles and addresses of
/// them: "robinbanks", "banksrobin", "rbanks", "robinb", "banksr" (letters only, long
/// enough to mean something).
pub fn name_nicknames(words: &[String]) -> Vec<String> {
    let words: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphabetic)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Vec::new();
    };
    if words.len() < 2 {
        return Vec::new();
    }
    let initial = |w: &str| w[..1].to_string();
    let mut out = vec![
        words.concat(),
        words.iter().rev().map(String::as_str).collect(),
        format!("{}{last}", initial(first)),
        format!("{first}{}", initial(last)),
        format!("{last}{}", initial(first)),
    ];
    out.retain(|n| n.len() >= NICKNAME_MIN_LEN);
    out.sort_unstable();
    out.dedup();
    out
}

/// The run-together spellings of a record: its name's ([`name_nicknames`]), its
/// Telegram-like handles and its emails' local parts, letters only.
pub fn nicknames(p: &Profile) -> Vec<(String, NickSource)> {
    let mut out = Vec::new();
    if let Some(name) = &p.name {
        for n in name_nicknames(&p.name_words) {
            out.push((n, NickSource::Name(name.clone())));
        }
    }
    for (channel, handle) in &p.handles {
        out.push((
            letters(handle),
            NickSource::Handle(channel.clone(), handle.clone()),
        ));
    }
    for email in &p.emails {
        if let Some((local, _)) = email.split_once('@') {
            out.push((letters(local), NickSource::EmailLocal(local.to_string())));
        }
    }
    out.retain(|(n, _)| n.len() >= NICKNAME_MIN_LEN);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robin_and_robyn_share_a_sound_key() {
        assert_eq!(sound_key("Robin Banks"), sound_key("Robyn Banks"));
        assert_ne!(sound_key("Robin Banks"), sound_key("Rosa Banks"));
    }

    #[test]
    fn a_name_runs_together_like_a_nickname() {
        let p = Profile {
            name: Some("Иван Петров".into()),
            ..Profile::default()
        }
        .derived();
        let nicks: Vec<String> = nicknames(&p).into_iter().map(|n| n.0).collect();
        assert!(nicks.contains(&"ivanpetrov".to_string()));
        assert!(nicks.contains(&"petrovivan".to_string()));
        assert!(nicks.contains(&"ipetrov".to_string()));
    }
}
