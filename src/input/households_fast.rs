//! The fast path for large household CSV files: plain text with no quotes
//! (what exports of household registers and the benchmark generator
//! write), gzip-compressed or not. The file is read (and un-gzipped) in
//! blocks of whole lines; each block is split at newlines into chunks that
//! are checked and parsed in parallel (rayon) straight into the columns of
//! the result (each chunk into its own slice, sized by its line count),
//! while the next block is read.
//!
//! It gives the same households, line numbers, and error messages as the
//! general reader (the `csv` crate, see [`crate::input::table::Table`]):
//! a row is taken by the quick parse ([`quick_row`]) only when it has
//! every field it needs, untrimmed ASCII edges, plain numbers and
//! coordinates in range, where both readers give the same values; any
//! other row goes through the function the general reader uses
//! (`parse_row`), with its messages. Files it cannot read exactly like the
//! general reader — any `"` (quoted fields, possibly spanning lines), a
//! carriage return not followed by a newline (a lone CR ends a record for
//! the `csv` crate), text that is not UTF-8, a blank first line, or a read
//! error (a damaged gzip stream) — make it return `None`, and the caller
//! reads the file the general way.

use std::io::{BufRead, Read};
use std::path::Path;

use memchr::{memchr, memchr_iter, memrchr};
use rayon::prelude::*;

use crate::crs::Crs;
use crate::input::household_row::{parse_row, Households, Row, RowColumns};
use crate::input::layer::{RowProblem, Source, Sources};
use crate::input::table::{open_maybe_gz, parse_bool};
use crate::{Error, Result};

/// Bytes read at a time (the last partial line is carried over).
#[cfg(not(test))]
const BLOCK: usize = 8 << 20;
/// Target size of the chunks parsed in parallel.
#[cfg(not(test))]
const CHUNK: usize = 1 << 20;
// Tiny blocks and chunks in tests, so that small files cross both.
#[cfg(test)]
const BLOCK: usize = 1000;
#[cfg(test)]
const CHUNK: usize = 97;

/// What a read gives: the households, their lines, the rows skipped
/// (lenient).
type Part = (Households, Sources, Vec<RowProblem>);

/// Append up to [`BLOCK`] bytes of `reader` to `buf`; true at the end of
/// the file.
fn fill(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    let n = reader.take(BLOCK as u64).read_to_end(buf)?;
    Ok(n < BLOCK)
}

/// Read a CSV household file (plain or gzip) whose header was already
/// parsed: `delimiter` and `cols` from it. `Ok(None)` when the file needs
/// the general reader (see the module docs).
pub(crate) fn read_plain(
    path: &Path,
    delimiter: u8,
    cols: &RowColumns,
    crs: &Crs,
    lenient: bool,
) -> Result<Option<Part>> {
    let mut reader = open_maybe_gz(path)?;
    let needed = [
        Some(cols.id),
        Some(cols.lon),
        Some(cols.lat),
        cols.demand,
        cols.persons,
    ];
    let format = RowFormat {
        path,
        delimiter,
        cols,
        crs,
        wgs84: crs.is_wgs84(),
        lenient,
        fields: needed.iter().flatten().copied().max().unwrap_or(0) + 1,
    };
    let mut out = Households {
        persons: cols.persons.map(|_| Vec::new()),
        ..Default::default()
    };
    let mut sources = Sources::default();
    let mut problems: Vec<RowProblem> = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    // The buffer of the previous block, reused for the next one.
    let mut spare: Vec<u8> = Vec::new();
    let Ok(mut eof) = fill(&mut reader, &mut buf) else {
        return Ok(None);
    };
    let mut header_done = false;
    // Line number of the first line in `buf`.
    let mut line: u64 = 1;
    loop {
        // Whole lines only, unless at the end of the file.
        let end = if eof {
            buf.len()
        } else {
            match memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                None => {
                    // A line longer than a block: read on.
                    match fill(&mut reader, &mut buf) {
                        Ok(e) => eof = e,
                        Err(_) => return Ok(None),
                    }
                    continue;
                }
            }
        };
        // The partial last line starts the next block.
        let mut next = std::mem::take(&mut spare);
        next.clear();
        next.extend_from_slice(&buf[end..]);
        buf.truncate(end);
        let mut body = &buf[..];
        if !header_done {
            let first_end = memchr(b'\n', body);
            let head = &body[..first_end.map_or(body.len(), |i| i + 1)];
            if !fast_readable(head) {
                return Ok(None);
            }
            let first = &body[..first_end.unwrap_or(body.len())];
            let first = std::str::from_utf8(first).unwrap_or("");
            if first.trim_start_matches('\u{feff}').trim().is_empty() {
                return Ok(None);
            }
            body = &body[head.len()..];
            line = 2;
            header_done = true;
        }
        let at_end = eof;
        // Parse this block while the next one is read (and un-gzipped).
        let (parsed, filled) = rayon::join(
            || {
                let into = Sink {
                    out: &mut out,
                    sources: &mut sources,
                    problems: &mut problems,
                };
                parse_block(&format, body, line, into)
            },
            || {
                if at_end {
                    Ok(true)
                } else {
                    fill(&mut reader, &mut next)
                }
            },
        );
        let Some(lines) = parsed? else {
            return Ok(None);
        };
        if at_end {
            break;
        }
        line += lines;
        match filled {
            Ok(e) => eof = e,
            // The general reader reports it where it meets it.
            Err(_) => return Ok(None),
        }
        spare = std::mem::replace(&mut buf, next);
    }
    Ok(Some((out, sources, problems)))
}

/// How to read the rows (the same for every chunk).
struct RowFormat<'a> {
    path: &'a Path,
    delimiter: u8,
    cols: &'a RowColumns,
    crs: &'a Crs,
    /// `crs.is_wgs84()`, asked once.
    wgs84: bool,
    lenient: bool,
    /// The number of leading fields a row needs (the last needed column
    /// plus one).
    fields: usize,
}

/// Where a block's rows go.
struct Sink<'a> {
    out: &'a mut Households,
    sources: &'a mut Sources,
    problems: &'a mut Vec<RowProblem>,
}

/// The column slices one chunk fills, one slot per line of the chunk.
struct Slots<'a> {
    lon: &'a mut [f64],
    lat: &'a mut [f64],
    demand: &'a mut [bool],
    /// Ends of the ids, relative to the chunk's own id text until the
    /// block is joined.
    ends: &'a mut [usize],
    persons: Option<&'a mut [u32]>,
}

impl<'a> Slots<'a> {
    /// The first `n` slots, and the rest.
    fn split(self, n: usize) -> (Slots<'a>, Slots<'a>) {
        let (lon, lon_r) = self.lon.split_at_mut(n);
        let (lat, lat_r) = self.lat.split_at_mut(n);
        let (demand, demand_r) = self.demand.split_at_mut(n);
        let (ends, ends_r) = self.ends.split_at_mut(n);
        let (persons, persons_r) = match self.persons {
            Some(p) => {
                let (a, b) = p.split_at_mut(n);
                (Some(a), Some(b))
            }
            None => (None, None),
        };
        (
            Slots {
                lon,
                lat,
                demand,
                ends,
                persons,
            },
            Slots {
                lon: lon_r,
                lat: lat_r,
                demand: demand_r,
                ends: ends_r,
                persons: persons_r,
            },
        )
    }
}

/// What one chunk gives besides the slots it filled.
struct ChunkOut {
    /// Slots filled (the first `rows`).
    rows: usize,
    /// The ids of those rows, one after the other.
    ids: String,
    sources: Sources,
    problems: Vec<RowProblem>,
}

/// Split a block at newlines into chunks of about [`CHUNK`] bytes.
fn chunks_of(body: &[u8]) -> Vec<&[u8]> {
    let mut chunks: Vec<&[u8]> = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let cut = if rest.len() <= CHUNK {
            rest.len()
        } else {
            match memchr(b'\n', &rest[CHUNK..]) {
                Some(i) => CHUNK + i + 1,
                None => rest.len(),
            }
        };
        chunks.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    chunks
}

/// A chunk the fast path can read: its text, its newlines and its lines
/// (a last line without a newline counts); `None` when it needs the
/// general reader.
fn scan(chunk: &[u8]) -> Option<(&str, u64, usize)> {
    if !fast_readable(chunk) {
        return None;
    }
    let text = std::str::from_utf8(chunk).ok()?;
    let newlines = memchr_iter(b'\n', chunk).count();
    let unterminated = usize::from(chunk.last().is_some_and(|&b| b != b'\n'));
    Some((text, newlines as u64, newlines + unterminated))
}

/// Parse the whole lines of one block whose first line is `line` into
/// `into`: the number of lines in it, or `None` when a chunk needs the
/// general reader (then `into` is left inconsistent, and dropped).
fn parse_block(f: &RowFormat<'_>, body: &[u8], line: u64, into: Sink<'_>) -> Result<Option<u64>> {
    let chunks = chunks_of(body);
    let scans: Option<Vec<(&str, u64, usize)>> = chunks.par_iter().map(|c| scan(c)).collect();
    let Some(scans) = scans else {
        return Ok(None);
    };
    // A slot per line; lines that give no household (blank, bad) leave
    // theirs unused, closed up below.
    let slots: usize = scans.iter().map(|s| s.2).sum();
    let out = into.out;
    let base = out.len();
    out.lon.resize(base + slots, 0.0);
    out.lat.resize(base + slots, 0.0);
    out.demand.resize(base + slots, false);
    if let Some(p) = out.persons.as_mut() {
        p.resize(base + slots, 0);
    }
    let (text, ends) = out.ids.parts_mut();
    ends.resize(base + slots, 0);
    let mut rest = Slots {
        lon: &mut out.lon[base..],
        lat: &mut out.lat[base..],
        demand: &mut out.demand[base..],
        ends: &mut ends[base..],
        persons: out.persons.as_mut().map(|p| &mut p[base..]),
    };
    let mut jobs = Vec::with_capacity(scans.len());
    let mut first_line = line;
    for &(chunk, newlines, lines) in &scans {
        let (mine, r) = rest.split(lines);
        rest = r;
        jobs.push((chunk, first_line, mine));
        first_line += newlines;
    }
    let parts: Vec<Result<ChunkOut>> = jobs
        .into_par_iter()
        .map(|(chunk, first, slots)| parse_chunk(f, chunk, first, slots))
        .collect();
    // Join the chunks in file order: close the gaps, make the id ends
    // absolute.
    let id_bytes: usize = parts.iter().flatten().map(|p| p.ids.len()).sum();
    text.reserve(id_bytes);
    let mut write = base;
    let mut at = base;
    for (part, &(_, _, lines)) in parts.into_iter().zip(&scans) {
        let part = part?;
        let rows = part.rows;
        if write != at {
            let r = at..at + rows;
            out.lon.copy_within(r.clone(), write);
            out.lat.copy_within(r.clone(), write);
            out.demand.copy_within(r.clone(), write);
            ends.copy_within(r.clone(), write);
            if let Some(p) = out.persons.as_mut() {
                p.copy_within(r, write);
            }
        }
        let offset = text.len();
        ends[write..write + rows]
            .iter_mut()
            .for_each(|e| *e += offset);
        text.push_str(&part.ids);
        into.sources.append(part.sources);
        into.problems.extend(part.problems);
        write += rows;
        at += lines;
    }
    out.lon.truncate(write);
    out.lat.truncate(write);
    out.demand.truncate(write);
    ends.truncate(write);
    if let Some(p) = out.persons.as_mut() {
        p.truncate(write);
    }
    Ok(Some(first_line - line))
}

/// No quotes and every carriage return followed by a newline.
fn fast_readable(b: &[u8]) -> bool {
    memchr(b'"', b).is_none() && memchr_iter(b'\r', b).all(|i| b.get(i + 1) == Some(&b'\n'))
}

/// Parse the lines of one chunk (first line `first_line`) into `slots`.
fn parse_chunk(
    f: &RowFormat<'_>,
    text: &str,
    first_line: u64,
    mut slots: Slots<'_>,
) -> Result<ChunkOut> {
    let bytes = text.as_bytes();
    let mut out = ChunkOut {
        rows: 0,
        ids: String::with_capacity(text.len() / 3),
        sources: Sources::default(),
        problems: Vec::new(),
    };
    // Field spans of the quick parse, fields of the general one.
    let mut spans = vec![(0usize, 0usize); f.fields];
    let mut fields: Vec<Option<&str>> = vec![None; f.fields];
    let mut start = 0;
    let mut k = 0u64;
    while start < bytes.len() {
        let nl = memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let mut end = nl;
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        // The physical line, as the general reader gives it.
        let line = first_line + k;
        k += 1;
        // Cut at ASCII bytes: char boundaries.
        let raw = &text[start..end];
        start = nl + 1;
        if raw.is_empty() {
            continue; // skipped by the csv crate
        }
        let row = match quick_row(f, raw, &mut spans) {
            Some(row) => Ok(row),
            None => {
                let delimiter = f.delimiter as char;
                // A line of only whitespace is skipped, as by the csv reader.
                if !raw.contains(delimiter) && raw.trim().is_empty() {
                    continue;
                }
                fields.iter_mut().for_each(|f| *f = None);
                for (c, x) in raw.split(delimiter).take(f.fields).enumerate() {
                    fields[c] = Some(x.trim());
                }
                parse_row(f.path, f.crs, f.cols, line, |c| {
                    fields.get(c).copied().flatten()
                })
            }
        };
        match row {
            Ok((id, lon, lat, demand, persons)) => {
                let r = out.rows;
                slots.lon[r] = lon;
                slots.lat[r] = lat;
                slots.demand[r] = demand;
                out.ids.push_str(id);
                slots.ends[r] = out.ids.len();
                if let (Some(p), Some(n)) = (slots.persons.as_mut(), persons) {
                    p[r] = n;
                }
                out.sources.push(Source::Line(line));
                out.rows += 1;
            }
            Err(e @ Error::Input { .. }) if f.lenient => out.problems.push(RowProblem { error: e }),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// A row parsed quickly, when it is plain: every needed field present,
/// with no space or non-ASCII character at its edges (nothing to trim),
/// numbers that parse, coordinates in WGS 84 range, `demand` and
/// `persons` valid. `None` otherwise: the row then goes through
/// `parse_row`, which gives the same values for every row this accepts.
fn quick_row<'a>(f: &RowFormat<'_>, raw: &'a str, spans: &mut [(usize, usize)]) -> Option<Row<'a>> {
    let b = raw.as_bytes();
    let n = spans.len();
    let mut field = 0;
    let mut s = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == f.delimiter {
            spans[field] = (s, i);
            field += 1;
            s = i + 1;
            if field == n {
                break;
            }
        }
    }
    if field < n {
        spans[field] = (s, b.len());
        field += 1;
    }
    if field < n {
        return None;
    }
    let get = |c: usize| {
        let (s, e) = spans[c];
        &raw[s..e]
    };
    let plain = |t: &str| {
        let t = t.as_bytes();
        let edge = |x: &u8| (0x21..0x80).contains(x);
        t.first().is_some_and(edge) && t.last().is_some_and(edge)
    };
    let id = Some(get(f.cols.id)).filter(|t| plain(t))?;
    let lon = number(Some(get(f.cols.lon)).filter(|t| plain(t))?)?;
    let lat = number(Some(get(f.cols.lat)).filter(|t| plain(t))?)?;
    if !(f.wgs84 && (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
        return None;
    }
    let demand = match f.cols.demand.map(get) {
        None | Some("1") | Some("") => true,
        Some("0") => false,
        Some(t) if plain(t) => parse_bool(f.path, 0, "demand", Some(t), true).ok()?,
        Some(_) => return None,
    };
    let persons = match f.cols.persons.map(get) {
        None => None,
        Some("") => Some(0),
        Some(t) if plain(t) => Some(t.parse::<u32>().ok()?),
        Some(_) => return None,
    };
    Some((id, lon, lat, demand, persons))
}

/// Powers of ten exact in an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A finite number as `str::parse::<f64>` reads it (so as the general
/// reader reads it), `None` when that fails or gives infinity or NaN.
/// Plain decimals (`-105.0033084`) of at most 19 digits, worth at most 2^53,
/// are computed directly: the digits and the power of ten are
/// exact in an `f64`, so one correctly rounded division gives the
/// correctly rounded value (Clinger's fast path, as in every exact
/// parser); anything else goes to `str::parse`.
fn number(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    let d = b.strip_prefix(b"-").unwrap_or(b);
    let digit = |i: usize| d.get(i).filter(|c| c.is_ascii_digit()).copied();
    let mut m: u64 = 0;
    let mut i = 0;
    while let Some(c) = digit(i) {
        m = m.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
        i += 1;
    }
    let mut digits = i;
    let mut decimals = 0;
    if d.get(i) == Some(&b'.') {
        i += 1;
        let from = i;
        while let Some(c) = digit(i) {
            m = m.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
            i += 1;
        }
        decimals = i - from;
        digits += decimals;
    }
    // At most 19 digits: `m` did not wrap.
    if i == d.len() && (1..=19).contains(&digits) && m <= 1 << 53 {
        let v = m as f64 / POW10[decimals];
        return Some(if d.len() < b.len() { -v } else { v });
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick number parse equals `str::parse` on plain decimals,
    /// signs, exponents, long digit strings and text that is no number.
    #[test]
    fn numbers_equal_str_parse() {
        let mut lcg = crate::test_rng::Lcg(11u64);
        let mut rnd = move |n: u64| lcg.below(n);
        let fixed = [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "5.",
            ".5",
            "-.5",
            ".",
            "-",
            "",
            "+1.5",
            "1e5",
            "1E-3",
            "inf",
            "-inf",
            "NaN",
            "infinity",
            "1.2.3",
            "1-2",
            "0x10",
            " 1",
            "1 ",
            "00012.50",
            "9007199254740992",
            "9007199254740993",
            "90071992547409921",
            "1e400",
            "-1e400",
            "0.1234567890123456789012",
            "0.12345678901234567890123",
            "105.0033084",
            "179.99999999999999999",
            "4.9e-324",
        ];
        for t in fixed {
            let want = t.parse::<f64>().ok().filter(|v| v.is_finite());
            let got = number(t);
            assert_eq!(
                got.map(f64::to_bits),
                want.map(f64::to_bits),
                "{t:?}: {got:?} vs {want:?}"
            );
        }
        for _ in 0..200_000 {
            let bits = rnd(40);
            let int = rnd(1 << bits).to_string();
            let dec: String = (0..rnd(24))
                .map(|_| char::from(b'0' + rnd(10) as u8))
                .collect();
            let t = match rnd(4) {
                0 => format!("-{int}.{dec}"),
                1 => format!("{int}.{dec}"),
                2 => int.clone(),
                _ => format!("{int}.{dec}e{}", rnd(40) as i64 - 20),
            };
            let want = t.parse::<f64>().ok().filter(|v| v.is_finite());
            assert_eq!(
                number(&t).map(f64::to_bits),
                want.map(f64::to_bits),
                "{t:?}"
            );
        }
    }
}
