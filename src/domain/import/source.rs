//! Reading an uploaded or local CSV file as a stream of rows: UTF-8 with or without a byte
//! order mark, comma or semicolon separated (detected on the header line), quoted fields
//! per RFC 4180. A row whose bytes are not UTF-8 is reported as that row's error; the file
//! goes on.

use std::io::BufRead;

use crate::domain::error::{DomainError, DomainResult};
use crate::i18n::Msg;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// An open CSV file: its header line, then its rows one by one.
pub struct Source<R> {
    reader: csv::Reader<R>,
    /// The header line's cells, trimmed.
    pub headers: Vec<String>,
    /// The separator found on the header line.
    pub separator: u8,
    record: csv::ByteRecord,
    /// Rows read so far (the header not counted).
    read: usize,
    stopped: bool,
}

/// A data row: its spreadsheet row number (the header is row 1) and its cells, or why the
/// row could not be read.
pub struct RawRow {
    pub row: usize,
    pub cells: Result<Vec<String>, Msg>,
}

fn bad_file(message: Msg) -> DomainError {
    DomainError::invalid("file", message)
}

/// The separator of a header line: whichever of `;` and `,` occurs more often (outside
/// quotes); comma when neither does.
pub fn detect_separator(line: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\n' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

impl<R: BufRead> Source<R> {
    /// Opens `input` (best with a buffer of 64 KiB or more, so the header line is seen at
    /// once). An empty file, a header that is not UTF-8 or an empty header is refused.
    pub fn open(mut input: R) -> DomainResult<Source<R>> {
        let read_err = |e: std::io::Error| {
            bad_file(Msg::new("msg.import.unreadable").text("error", e.to_string()))
        };
        let start = input.fill_buf().map_err(read_err)?;
        if start.is_empty() {
            return Err(bad_file(Msg::new("msg.import.empty")));
        }
        let skip = if start.starts_with(BOM) { BOM.len() } else { 0 };
        let separator = detect_separator(&start[skip..]);
        input.consume(skip);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .flexible(true)
            .has_headers(true)
            .from_reader(input);
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| bad_file(Msg::new("msg.import.bad_header").text("error", e.to_string())))?
            .iter()
            .map(|h| {
                std::str::from_utf8(h)
                    .map(|s| s.trim().to_string())
                    .map_err(|_| bad_file(Msg::new("msg.import.not_utf8")))
            })
            .collect::<DomainResult<_>>()?;
        if headers.iter().all(String::is_empty) {
            return Err(bad_file(Msg::new("msg.import.no_header")));
        }
        Ok(Source {
            reader,
            headers,
            separator,
            record: csv::ByteRecord::new(),
            read: 0,
            stopped: false,
        })
    }

    /// The next row, `None` at the end. A malformed row is returned with its error.
    pub fn next_row(&mut self) -> Option<RawRow> {
        if self.stopped {
            return None;
        }
        let got = self.reader.read_byte_record(&mut self.record);
        match got {
            Ok(false) => None,
            Ok(true) => {
                self.read += 1;
                let cells = self
                    .record
                    .iter()
                    .map(|c| {
                        // A cell the export quoted (a would-be formula) reads back as it was.
                        std::str::from_utf8(c)
                            .map(|c| super::export::unguard(c).to_string())
                            .map_err(|_| Msg::new("msg.import.row_not_utf8"))
                    })
                    .collect();
                Some(RawRow {
                    row: self.read + 1,
                    cells,
                })
            }
            Err(e) => {
                self.read += 1;
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    // The stream itself failed: this is the last row.
                    self.stopped = true;
                    return Some(RawRow {
                        row: self.read + 1,
                        cells: Err(
                            Msg::new("msg.import.stream_failed").text("error", e.to_string())
                        ),
                    });
                }
                Some(RawRow {
                    row: self.read + 1,
                    cells: Err(Msg::new("msg.import.bad_row").text("error", e.to_string())),
                })
            }
        }
    }

    /// The first `n` rows (for the preview); unreadable rows show as empty.
    pub fn preview(&mut self, n: usize) -> Vec<Vec<String>> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            match self.next_row() {
                Some(r) => out.push(r.cells.unwrap_or_default()),
                None => break,
            }
        }
        out
    }

    /// Counts the remaining rows without decoding them.
    pub fn count_rest(&mut self) -> usize {
        let mut n = 0;
        while let Ok(true) = self.reader.read_byte_record(&mut self.record) {
            n += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_win_when_they_separate_the_header() {
        assert_eq!(detect_separator(b"name;email;\"a,b\"\n"), b';');
        assert_eq!(detect_separator(b"name,email\n"), b',');
        assert_eq!(detect_separator(b"title\n"), b',');
    }

    #[test]
    fn a_bom_is_skipped_and_rows_are_numbered_like_a_spreadsheet() {
        let data = b"\xEF\xBB\xBFtitle;email\nA;a@example.com\nB;b@example.com\n";
        let mut s = Source::open(&data[..]).unwrap();
        assert_eq!(s.headers, vec!["title", "email"]);
        let first = s.next_row().unwrap();
        assert_eq!(first.row, 2);
        assert_eq!(first.cells.unwrap(), vec!["A", "a@example.com"]);
        assert_eq!(s.next_row().unwrap().row, 3);
        assert!(s.next_row().is_none());
    }
}
