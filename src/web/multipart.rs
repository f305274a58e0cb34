//! File uploads: the parts of a `multipart/form-data` body, read by `actix-multipart` into
//! memory up to a limit (reading stops at the first byte over it). Enough for one file
//! field and a few text fields.

use actix_multipart::Multipart;
use futures_util::StreamExt;

/// One field of the form: its name, the file name for a file field, and its bytes.
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub data: Vec<u8>,
}

/// Why an upload could not be read.
pub enum UploadError {
    TooLarge,
    Malformed(String),
}

/// Reads every part of the form, at most `limit` bytes of field data in all.
pub async fn read(mut form: Multipart, limit: usize) -> Result<Vec<Part>, UploadError> {
    let malformed = |e: actix_multipart::MultipartError| UploadError::Malformed(e.to_string());
    let mut parts = Vec::new();
    let mut total = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(malformed)?;
        let disposition = field.content_disposition();
        let name = disposition.and_then(|d| d.get_name()).map(str::to_owned);
        let file_name = disposition
            .and_then(|d| d.get_filename())
            .map(str::to_owned);
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(malformed)?;
            total += chunk.len();
            if total > limit {
                return Err(UploadError::TooLarge);
            }
            data.extend_from_slice(&chunk);
        }
        if let Some(name) = name {
            parts.push(Part {
                name,
                file_name,
                data,
            });
        }
    }
    Ok(parts)
}
