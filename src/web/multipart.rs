//! A small `multipart/form-data` reader for file uploads: the whole body is read into
//! memory up to a limit (a larger body is refused before it is all read), then split into
//! its parts. Enough for one file field and a few text fields; no nested parts.

use actix_web::HttpRequest;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::web;

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

fn boundary(req: &HttpRequest) -> Option<String> {
    let ct = req.headers().get(CONTENT_TYPE)?.to_str().ok()?;
    if !ct.starts_with("multipart/form-data") {
        return None;
    }
    ct.split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..].starts_with(needle))
}

/// `name="x"` in a Content-Disposition line.
fn param(header: &str, key: &str) -> Option<String> {
    let at = header.find(&format!("{key}=\""))? + key.len() + 2;
    let end = header[at..].find('"')? + at;
    Some(header[at..end].to_string())
}

/// Reads the body (at most `limit` bytes) and splits it into its parts.
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Vec<Part>, UploadError> {
    let boundary = boundary(req)
        .ok_or_else(|| UploadError::Malformed("expected a form with a file".into()))?;
    let body = payload
        .to_bytes_limited(limit)
        .await
        .map_err(|_| UploadError::TooLarge)?
        .map_err(|e| UploadError::Malformed(e.to_string()))?;
    Ok(split(&body, &boundary))
}

/// The parts of a multipart body.
pub fn split(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let Some(mut at) = find(body, &delimiter, 0) else {
        return parts;
    };
    loop {
        let start = at + delimiter.len();
        if body[start..].starts_with(b"--") {
            break;
        }
        let Some(head_end) = find(body, b"\r\n\r\n", start) else {
            break;
        };
        let head = String::from_utf8_lossy(&body[start..head_end]).to_string();
        let data_start = head_end + 4;
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(&delimiter);
        let Some(next) = find(body, &closing, data_start) else {
            break;
        };
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
            .unwrap_or("");
        if let Some(name) = param(disposition, "name") {
            parts.push(Part {
                name,
                file_name: param(disposition, "filename"),
                data: body[data_start..next].to_vec(),
            });
        }
        at = next + 2;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_and_a_text_field_are_read() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\ntitle\r\nA\r\n\r\n--XyZ--\r\n";
        let parts = split(body, "XyZ");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf");
        assert_eq!(parts[0].data, b"tok");
        assert_eq!(parts[1].file_name.as_deref(), Some("a.csv"));
        assert_eq!(parts[1].data, b"title\r\nA\r\n");
    }
}
