//! Reading delimited text tables (CSV) as people actually send them:
//! comma, semicolon or tab separated, optionally gzip-compressed, with or
//! without a UTF-8 byte-order mark, and with column names matched
//! case-insensitively against a list of common aliases.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Open a file for reading, transparently un-gzipping it when it starts
/// with the gzip magic bytes (whatever its name).
pub fn open_maybe_gz(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut buf = BufReader::with_capacity(1 << 16, file);
    let head = buf.fill_buf().map_err(|e| Error::io(path, e))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let dec = flate2::bufread::MultiGzDecoder::new(buf);
        Ok(Box::new(BufReader::with_capacity(1 << 16, dec)))
    } else {
        Ok(Box::new(buf))
    }
}

/// Pick the delimiter from the header line: the most frequent of `,` `;`
/// and tab (comma when none occurs).
fn detect_delimiter(header: &[u8]) -> u8 {
    let line = header.split(|&b| b == b'\n').next().unwrap_or(header);
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    let (c, s, t) = (count(b','), count(b';'), count(b'\t'));
    if s > c && s >= t {
        b';'
    } else if t > c && t > s {
        b'\t'
    } else {
        b','
    }
}

/// The text of a table as the `csv` reader consumes it, keeping the byte
/// offsets of the line breaks not yet passed, so that each record gets its
/// physical line number. (The `csv` crate's own line count is one too low
/// after a CR LF line end, whose LF it counts only when reading the next
/// record.) A line break is a LF, or a CR not followed by a LF.
struct LineBreaks<R> {
    inner: R,
    /// Bytes passed to the reader so far.
    offset: u64,
    /// Offsets of the line breaks seen and not yet counted.
    pending: std::collections::VecDeque<u64>,
    /// Offset of a CR whose next byte is not read yet.
    cr: Option<u64>,
    /// Line breaks before the last record's end.
    counted: u64,
}

impl<R: Read> Read for LineBreaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.pending.extend(self.cr.take());
        }
        for (k, &b) in buf[..n].iter().enumerate() {
            let at = self.offset + k as u64;
            if let Some(cr) = self.cr.take() {
                if b != b'\n' {
                    self.pending.push_back(cr);
                }
            }
            match b {
                b'\n' => self.pending.push_back(at),
                b'\r' => self.cr = Some(at),
                _ => {}
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R> LineBreaks<R> {
    /// The physical line (from 1) of a one-line record whose reading ended
    /// at byte `end` (just past its line end's first byte, or at the end of
    /// the file): one more than the line breaks before `end - 1`.
    fn line_ending_at(&mut self, end: u64) -> u64 {
        while self.pending.front().is_some_and(|&b| b + 1 < end) {
            self.pending.pop_front();
            self.counted += 1;
        }
        self.counted + 1
    }
}

/// A CSV table being read: its header and a record reader that knows the
/// file name, for error messages.
pub struct Table {
    path: PathBuf,
    headers: Vec<String>,
    reader: csv::Reader<LineBreaks<Box<dyn BufRead + Send>>>,
    delimiter: u8,
}

impl Table {
    /// Open `path` and read its header.
    pub fn open(path: &Path) -> Result<Self> {
        let mut inner = open_maybe_gz(path)?;
        let head = inner.fill_buf().map_err(|e| Error::io(path, e))?;
        if head.is_empty() {
            return Err(Error::unreadable_layer(
                path,
                "",
                "the file is empty; expected a header line such as `id,lon,lat`",
            ));
        }
        let delimiter = detect_delimiter(head);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(LineBreaks {
                inner,
                offset: 0,
                pending: Default::default(),
                cr: None,
                counted: 0,
            });
        // NFC, so that a decomposed `Mã` (a + combining marks, as some
        // Mac tools write it) matches the composed name.
        let headers = reader
            .headers()
            .map_err(|e| csv_error(path, e, Some(1)))?
            .iter()
            .map(|h| {
                use unicode_normalization::UnicodeNormalization;
                h.trim_start_matches('\u{feff}')
                    .trim()
                    .nfc()
                    .collect::<String>()
            })
            .collect();
        Ok(Table {
            path: path.to_path_buf(),
            headers,
            reader,
            delimiter,
        })
    }

    /// The delimiter (detected from the header line), for readers such as
    /// [`crate::input::households_fast`] that split the text themselves.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The column names as written in the file.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The index of the first column whose name matches one of `aliases`
    /// (case-insensitive), if any.
    /// Names are compared in Unicode NFC, so composed and decomposed
    /// forms of `mã_hộ` match alike.
    pub fn find(&self, aliases: &[&str]) -> Option<usize> {
        aliases.iter().find_map(|a| {
            let a = nfc_lower(a);
            self.headers.iter().position(|h| h.to_lowercase() == a)
        })
    }

    /// `i`, unless another column has the same name (case-insensitive):
    /// then which of the two is meant is unknown, an error.
    fn unique(&self, what: &str, i: usize) -> Result<usize> {
        let name = self.headers[i].to_lowercase();
        match self
            .headers
            .iter()
            .enumerate()
            .find(|(j, h)| *j != i && h.to_lowercase() == name)
        {
            None => Ok(i),
            Some((j, _)) => Err(Error::unreadable_layer(
                &self.path,
                "line 1",
                format!(
                    "the `{what}` column {:?} appears twice (columns {} and {}); remove or rename one",
                    shorten(&self.headers[i]),
                    i.min(j) + 1,
                    i.max(j) + 1
                ),
            )),
        }
    }

    /// The header for a message, shortened when very long.
    fn header_text(&self) -> String {
        shorten(&self.headers.join(", "))
    }

    /// Like [`find`](Self::find) but an error naming the file and the
    /// accepted names when the column is absent.
    pub fn require(&self, what: &str, aliases: &[&str]) -> Result<usize> {
        let i = self.find(aliases).ok_or_else(|| {
            Error::unreadable_layer(
                &self.path,
                "line 1",
                format!(
                    "no `{what}` column (accepted names: {}); the header has: {}",
                    aliases.join(", "),
                    self.header_text()
                ),
            )
        })?;
        self.unique(what, i)
    }

    /// The column named in the scenario (`[columns.<layer>]`), matched
    /// case-insensitively and exactly; `None` when the scenario names none.
    fn mapped(&self, what: &str, mapped: Option<&str>) -> Result<Option<usize>> {
        let Some(name) = mapped else {
            return Ok(None);
        };
        let lower = nfc_lower(name.trim());
        match self
            .headers
            .iter()
            .position(|h| h.to_lowercase() == lower)
        {
            Some(i) => Ok(Some(i)),
            None => Err(Error::unreadable_layer(
                &self.path,
                "line 1",
                format!(
                    "the scenario maps `{what}` to the column {name:?}, which is not in the header: {}",
                    self.header_text()
                ),
            )),
        }
    }

    /// [`require`](Self::require), but the scenario's column name, when
    /// given, replaces the aliases.
    pub fn require_mapped(
        &self,
        what: &str,
        mapped: Option<&str>,
        aliases: &[&str],
    ) -> Result<usize> {
        match self.mapped(what, mapped)? {
            Some(i) => self.unique(what, i),
            None => self.require(what, aliases),
        }
    }

    /// [`find`](Self::find), but the scenario's column name, when given,
    /// replaces the aliases (and must exist).
    pub fn find_mapped(
        &self,
        what: &str,
        mapped: Option<&str>,
        aliases: &[&str],
    ) -> Result<Option<usize>> {
        match self.mapped(what, mapped)?.or_else(|| self.find(aliases)) {
            Some(i) => self.unique(what, i).map(Some),
            None => Ok(None),
        }
    }

    /// A record must lie on one line: a quoted field running over several
    /// (an unterminated `"` swallows every later row) is an error for the
    /// whole table, naming where the quote opens and how far it runs.
    fn single_line(&self, line: u64, rec: &csv::StringRecord) -> Result<()> {
        let newlines: usize = rec.iter().map(|f| f.matches('\n').count()).sum();
        if newlines == 0 {
            return Ok(());
        }
        Err(Error::unreadable_layer(
            &self.path,
            format!("line {line}"),
            format!(
                "a quoted field runs from line {line} over {newlines} more lines: a `\"` is not \
                 closed; close or remove the quote"
            ),
        ))
    }

    /// Read every record, calling `row(line_number, record)`. Line numbers
    /// are physical lines, from 1 with the header on line 1, whatever the
    /// line ends (LF, CR LF or CR) and blank lines.
    pub fn for_each<F>(&mut self, mut row: F) -> Result<()>
    where
        F: FnMut(u64, &csv::StringRecord) -> Result<()>,
    {
        let mut rec = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut rec) {
                Ok(true) => {
                    // Skip blank lines (a trailing empty line is common).
                    if rec.len() == 1 && rec.get(0).is_some_and(str::is_empty) {
                        continue;
                    }
                    // The record's last line, less the line breaks inside
                    // its fields (an unclosed quote): where it starts.
                    let end = self.reader.position().byte();
                    let last = self.reader.get_mut().line_ending_at(end);
                    let inside: u64 = rec.iter().map(|f| f.matches('\n').count() as u64).sum();
                    let line = last.saturating_sub(inside).max(2);
                    self.single_line(line, &rec)?;
                    row(line, &rec)?;
                }
                Ok(false) => return Ok(()),
                Err(e) => {
                    // The error's position is where its record starts (just
                    // past the previous record's first line-end byte).
                    let line = e.position().map(|p| {
                        let breaks = self.reader.get_mut();
                        breaks.line_ending_at(p.byte() + 2)
                    });
                    return Err(csv_error(&self.path, e, line));
                }
            }
        }
    }
}

fn csv_error(path: &Path, e: csv::Error, line: Option<u64>) -> Error {
    let location = line.map(|l| format!("line {l}")).unwrap_or_default();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, io),
        csv::ErrorKind::Utf8 { .. } => Error::unreadable_layer(
            path,
            location,
            "the text is not valid UTF-8; save the file as UTF-8 (in a spreadsheet: CSV UTF-8)",
        ),
        other => Error::unreadable_layer(path, location, format!("{other:?}")),
    }
}

/// Parse a required number in `field` of a row, with a clear error.
pub fn parse_f64(path: &Path, line: u64, column: &str, field: Option<&str>) -> Result<f64> {
    let text = field.unwrap_or("");
    if text.is_empty() {
        return Err(Error::invalid_value(
            path,
            format!("line {line}"),
            format!("`{column}` is empty"),
        ));
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(Error::invalid_value(
            path,
            format!("line {line}"),
            format!("`{column}` is not a number: {text:?}"),
        )),
    }
}

/// Parse an optional number: `None` for an empty cell.
pub fn parse_opt_f64(
    path: &Path,
    line: u64,
    column: &str,
    field: Option<&str>,
) -> Result<Option<f64>> {
    match field {
        None | Some("") => Ok(None),
        Some(_) => parse_f64(path, line, column, field).map(Some),
    }
}

/// Parse a yes/no cell: 1/0, true/false, yes/no, y/n (case-insensitive);
/// empty gives `default`.
pub fn parse_bool(
    path: &Path,
    line: u64,
    column: &str,
    field: Option<&str>,
    default: bool,
) -> Result<bool> {
    let text = field.unwrap_or("");
    let is = |words: &[&str]| words.iter().any(|w| text.eq_ignore_ascii_case(w));
    match text {
        "" => Ok(default),
        _ if is(&["1", "true", "yes", "y", "t"]) => Ok(true),
        _ if is(&["0", "false", "no", "n", "f"]) => Ok(false),
        _ => Err(Error::invalid_value(
            path,
            format!("line {line}"),
            format!("`{column}` must be 1/0 or true/false, found {text:?}"),
        )),
    }
}

/// Check a lon/lat pair, with a hint when they look swapped or projected.
pub fn check_lon_lat(path: &Path, location: &str, lon: f64, lat: f64) -> Result<()> {
    if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
        return Ok(());
    }
    let hint = if (-90.0..=90.0).contains(&lon) && (-180.0..=180.0).contains(&lat) {
        "; the values look like lat and lon swapped: check the column order"
    } else if lon.abs() > 1000.0 || lat.abs() > 1000.0 {
        "; the values look like projected metres: phusong expects WGS84 longitude/latitude in degrees"
    } else {
        ""
    };
    let what = if (-90.0..=90.0).contains(&lat) {
        format!("longitude {} is outside [-180, 180]", number_text(lon))
    } else {
        format!("latitude {} is outside [-90, 90]", number_text(lat))
    };
    Err(Error::coordinate_out_of_range(
        path,
        location,
        format!("{what}{hint}"),
    ))
}

/// `name` in Unicode NFC and lower case, for comparing column names.
fn nfc_lower(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().collect::<String>().to_lowercase()
}

/// Accepted names for the longitude column (Vietnamese: kinh độ).
pub const LON_ALIASES: &[&str] = &[
    "lon",
    "lng",
    "long",
    "longitude",
    "x",
    "kinh_do",
    "kinh độ",
    "kinh_độ",
];
/// Accepted names for the latitude column (Vietnamese: vĩ độ).
pub const LAT_ALIASES: &[&str] = &["lat", "latitude", "y", "vi_do", "vĩ độ", "vĩ_độ"];
/// Accepted names for an identifier column.
pub const ID_ALIASES: &[&str] = &["id", "fid", "code", "ma", "mã"];
/// Accepted names for a household id column (Vietnamese: mã hộ).
pub const HOUSEHOLD_ID_ALIASES: &[&str] =
    &["id", "fid", "code", "ma", "mã", "ma_ho", "mã_hộ", "mã hộ"];
/// Accepted names for a commune code column (Vietnamese: mã xã).
pub const COMMUNE_CODE_ALIASES: &[&str] = &["code", "ma_xa", "mã_xã", "mã xã"];

/// Read all of `r` to a string, naming `path` on error.
pub fn read_to_string(path: &Path) -> Result<String> {
    let mut s = String::new();
    open_maybe_gz(path)?
        .read_to_string(&mut s)
        .map_err(|e| Error::io(path, e))?;
    Ok(s)
}

/// A number for a message: as written for ordinary magnitudes, in
/// scientific notation when huge or tiny (`1e308`, not 309 digits).
pub fn number_text(x: f64) -> String {
    if x.is_finite() && x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// `text`, cut to 200 characters with "…" and the length when longer, so
/// that a message stays one readable line (a 10 MB header is not echoed).
pub fn shorten(text: &str) -> String {
    const MAX: usize = 200;
    let n = text.chars().count();
    if n <= MAX {
        return text.to_string();
    }
    let head: String = text.chars().take(MAX).collect();
    format!("{head}… ({n} characters)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn table_from(content: &[u8], name: &str) -> (tempfile::TempDir, Table) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let t = Table::open(&path).unwrap();
        (dir, t)
    }

    #[test]
    fn detects_semicolons_and_strips_bom() {
        let (_d, t) = table_from("\u{feff}ID;Longitude;Lat\n1;105,1;9\n".as_bytes(), "a.csv");
        assert_eq!(t.headers(), &["ID", "Longitude", "Lat"]);
        assert_eq!(t.find(LON_ALIASES), Some(1));
        assert_eq!(t.find(LAT_ALIASES), Some(2));
        assert_eq!(t.find(ID_ALIASES), Some(0));
    }

    #[test]
    fn reads_gzip_by_content() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"id,lon,lat\n1,105,9\n2,105.5,9.5\n").unwrap();
        let bytes = gz.finish().unwrap();
        let (_d, mut t) = table_from(&bytes, "h.csv.gz");
        let mut lines = vec![];
        t.for_each(|line, rec| {
            lines.push((line, rec.get(1).unwrap().to_string()));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            lines,
            vec![(2, "105".to_string()), (3, "105.5".to_string())]
        );
    }

    /// Lines as people count them, whatever the line ends.
    #[test]
    fn records_are_numbered_by_physical_line() {
        let lines = |text: &str| {
            let (_d, mut t) = table_from(text.as_bytes(), "h.csv");
            let mut v = vec![];
            t.for_each(|line, rec| {
                v.push((line, rec.get(0).unwrap().to_string()));
                Ok(())
            })
            .unwrap();
            v.into_iter()
                .map(|(l, id)| format!("{l}:{id}"))
                .collect::<Vec<_>>()
        };
        let want = ["2:a", "4:b", "5:c"];
        assert_eq!(lines("id,x\na,1\n\nb,2\nc,3\n"), want);
        assert_eq!(lines("id,x\r\na,1\r\n\r\nb,2\r\nc,3\r\n"), want);
        assert_eq!(lines("id,x\r\na,1\r\n\r\n\"b\",2\r\nc,3"), want);
        assert_eq!(lines("id,x\ra,1\r\rb,2\rc,3\r"), want);
        assert_eq!(lines("\u{feff}id,x\r\na,1\n\r\nb,2\r\nc,3\n\n"), want);
        // A file far larger than the reader's buffers.
        let mut big = String::from("id,x\r\n");
        for k in 0..50_000 {
            big.push_str(&format!("r{k},{k}\r\n"));
        }
        let l = lines(&big);
        assert_eq!(
            (l[0].as_str(), l[49_999].as_str()),
            ("2:r0", "50001:r49999")
        );
        // Errors name the physical line too.
        let (_d, mut t) = table_from(b"id,x\r\na,1\r\nb,\xff\r\n", "h.csv");
        let e = t.for_each(|_, _| Ok(())).unwrap_err().to_string();
        assert!(e.ends_with("h.csv: line 3: the text is not valid UTF-8; save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"), "{e}");
    }

    #[test]
    fn a_column_given_twice_is_an_error_and_long_headers_are_shortened() {
        let (_d, t) = table_from(b"id,lat,lon,lat\n1,9,105,10\n", "h.csv");
        let e = t.require("lat", LAT_ALIASES).unwrap_err().to_string();
        assert!(
            e.ends_with(
                "h.csv: line 1: the `lat` column \"lat\" appears twice (columns 2 and 4); remove or rename one"
            ),
            "{e}"
        );
        let long = format!("id,{}\n1,2\n", "x".repeat(10_000));
        let (_d, t) = table_from(long.as_bytes(), "h.csv");
        let e = t.require("lat", LAT_ALIASES).unwrap_err().to_string();
        assert!(e.len() < 400 && e.ends_with("… (10004 characters)"), "{e}");
    }

    #[test]
    fn an_unterminated_quote_is_an_error_not_one_long_row() {
        let mut text = String::from("id,lon,lat\nh1,105,9\n\"h2,105,9\n");
        for k in 3..2000 {
            text.push_str(&format!("h{k},105,9\n"));
        }
        let (_d, mut t) = table_from(text.as_bytes(), "h.csv");
        let e = t.for_each(|_, _| Ok(())).unwrap_err().to_string();
        assert_eq!(
            e.rsplit_once('/').map_or(e.as_str(), |(_, f)| f),
            "h.csv: line 3: a quoted field runs from line 3 over 1997 more lines: a `\"` is not closed; close or remove the quote"
        );
    }

    #[test]
    fn huge_numbers_are_printed_short() {
        let e = check_lon_lat(Path::new("h.csv"), "line 2", 105.0, 1e308).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("h.csv: line 2: latitude 1e308 is outside [-90, 90];"));
        assert_eq!(number_text(9.5), "9.5");
        assert_eq!(number_text(-2.5e-9), "-2.5e-9");
    }

    #[test]
    fn decomposed_unicode_headers_match_composed_names() {
        // "Mã" as M + a + combining tilde (U+0303).
        let (_d, t) = table_from("Ma\u{303},lon,lat\nA,105,9\n".as_bytes(), "h.csv");
        assert_eq!(t.find(&["mã"]), Some(0));
    }

    #[test]
    fn number_errors_name_line_and_column() {
        let e = parse_f64(Path::new("h.csv"), 7, "lat", Some("abc")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "h.csv: line 7: `lat` is not a number: \"abc\""
        );
    }

    #[test]
    fn out_of_range_latitude_is_reported() {
        let e = check_lon_lat(Path::new("h.csv"), "line 3", 105.0, 200.0).unwrap_err();
        assert!(
            e.to_string().contains("latitude 200 is outside [-90, 90]"),
            "{e}"
        );
        let e = check_lon_lat(Path::new("h.csv"), "line 3", 9.1, 105.0).unwrap_err();
        assert!(e.to_string().contains("swapped"), "{e}");
    }
}
