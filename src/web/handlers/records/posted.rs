//! The lead form as posted: the lead fields and the Messengers rows, read from the form's
//! pairs (the customer form and the duplicate check read them the same way).

use crate::domain::models::leads::LeadInput;
use crate::domain::records::{MessengerEdits, MessengerInput};
use crate::web::WebError;

/// Empty Messengers rows offered for new handles (no JavaScript needed).
const BLANK_ROWS: usize = 3;

/// The posted form: the lead fields plus the Messengers rows (`msg_channel`/`msg_handle`
/// pairs in order, `msg_remove` ids).
#[derive(Clone)]
pub struct Posted {
    pub input: LeadInput,
    pub edits: MessengerEdits,
    pub remove_raw: Vec<String>,
}

pub(crate) fn read_posted(pairs: Vec<(String, String)>) -> Result<Posted, WebError> {
    let input: LeadInput = posted_fields(&pairs)?;
    let (edits, remove_raw) = posted_messengers(&pairs);
    Ok(Posted {
        input,
        edits,
        remove_raw,
    })
}

/// A posted form's fields read into `T` (a repeated field keeps its first value).
pub(crate) fn posted_fields<T: serde::de::DeserializeOwned>(
    pairs: &[(String, String)],
) -> Result<T, WebError> {
    let encoded = serde_html_form::to_string(pairs).map_err(crate::web::bad_form)?;
    serde_html_form::from_str(&encoded).map_err(crate::web::bad_form)
}

/// A posted form's Messengers rows (`msg_channel`/`msg_handle` pairs in order, `msg_remove`
/// ids), with the remove boxes as typed (to tick them again on a re-render).
pub(crate) fn posted_messengers(pairs: &[(String, String)]) -> (MessengerEdits, Vec<String>) {
    let values = |key: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let handles = values("msg_handle");
    let add = values("msg_channel")
        .into_iter()
        .zip(handles)
        .map(|(channel, handle)| MessengerInput { channel, handle })
        .collect();
    let remove_raw = values("msg_remove");
    let remove = remove_raw.iter().filter_map(|r| r.parse().ok()).collect();
    (MessengerEdits { add, remove }, remove_raw)
}

/// The typed Messengers rows (blank ones dropped) and empty rows for new handles.
pub(crate) fn blank_rows(mut typed: Vec<MessengerInput>) -> Vec<MessengerInput> {
    typed.retain(|m| !m.handle.trim().is_empty());
    typed.extend((0..BLANK_ROWS).map(|_| MessengerInput::default()));
    typed
}
