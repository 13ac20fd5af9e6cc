//! The fast path for large household CSV files: plain text with no quotes
//! (what exports of household registers and the benchmark generator
//! write), gzip-compressed or not. The file is read (and un-gzipped) in
//! blocks of whole lines; each block is split at newlines into chunks that
//! are parsed in parallel (rayon) with no allocation per row, then joined
//! in file order, while the next block is read.
//!
//! It gives the same households, line numbers, and error messages as the
//! general reader (the `csv` crate, see [`crate::input::table::Table`]),
//! because both parse a row with the same function (`parse_row`). Files it
//! cannot read exactly like the general reader — any `"` (quoted fields,
//! possibly spanning lines), a carriage return not followed by a newline
//! (a lone CR ends a record for the `csv` crate), text that is not UTF-8,
//! a blank first line, or a read error (a damaged gzip stream) — make it
//! return `None`, and the caller reads the file the general way.

use std::io::{BufRead, Read};
use std::path::Path;

use rayon::prelude::*;

use crate::crs::Crs;
use crate::input::household_row::{parse_row, Households, RowColumns};
use crate::input::layer::{RowProblem, Source};
use crate::input::table::open_maybe_gz;
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

/// What one chunk gives: its households, their lines, the rows skipped
/// (lenient) — or the first bad row (strict).
type Part = (Households, Vec<Source>, Vec<RowProblem>);

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
    let format = RowFormat {
        path,
        delimiter,
        cols,
        crs,
        lenient,
    };
    let mut out = Households {
        persons: cols.persons.map(|_| Vec::new()),
        ..Default::default()
    };
    let mut sources: Vec<Source> = Vec::new();
    let mut problems: Vec<RowProblem> = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
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
            match buf.iter().rposition(|&b| b == b'\n') {
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
        let mut next = buf.split_off(end);
        let mut body = &buf[..];
        if !fast_readable(body) {
            return Ok(None);
        }
        if !header_done {
            let first_end = body.iter().position(|&b| b == b'\n');
            let first = &body[..first_end.unwrap_or(body.len())];
            let first = std::str::from_utf8(first).unwrap_or("");
            if first.trim_start_matches('\u{feff}').trim().is_empty() {
                return Ok(None);
            }
            body = match first_end {
                Some(i) => &body[i + 1..],
                None => &[],
            };
            line = 2;
            header_done = true;
        }
        let at_end = eof;
        // Parse this block while the next one is read (and un-gzipped).
        let (parsed, filled) = rayon::join(
            || parse_block(&format, body, line),
            || {
                if at_end {
                    Ok(true)
                } else {
                    fill(&mut reader, &mut next)
                }
            },
        );
        let (parts, lines) = parsed;
        for part in parts {
            let Some(part) = part else {
                return Ok(None);
            };
            let (h, s, p) = part?;
            append(&mut out, h);
            sources.extend(s);
            problems.extend(p);
        }
        if at_end {
            break;
        }
        line += lines;
        match filled {
            Ok(e) => eof = e,
            // The general reader reports it where it meets it.
            Err(_) => return Ok(None),
        }
        buf = next;
    }
    Ok(Some((out, sources, problems)))
}

/// Parse the whole lines of one block whose first line is `line`: the
/// parts of its chunks in order (`None` for a chunk that is not UTF-8),
/// and the number of lines in it.
fn parse_block(f: &RowFormat<'_>, body: &[u8], line: u64) -> (Vec<Option<Result<Part>>>, u64) {
    // Chunks at newlines, each with its first line number.
    let mut chunks: Vec<&[u8]> = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let cut = if rest.len() <= CHUNK {
            rest.len()
        } else {
            match rest[CHUNK..].iter().position(|&b| b == b'\n') {
                Some(i) => CHUNK + i + 1,
                None => rest.len(),
            }
        };
        chunks.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    // Each chunk's first physical line: the lines before it counted in
    // parallel.
    let counts: Vec<u64> = chunks
        .par_iter()
        .map(|c| c.iter().filter(|&&b| b == b'\n').count() as u64)
        .collect();
    let mut first_lines = Vec::with_capacity(chunks.len());
    let mut next = line;
    for n in &counts {
        first_lines.push(next);
        next += n;
    }
    let parts: Vec<Option<Result<Part>>> = chunks
        .par_iter()
        .zip(first_lines.par_iter())
        .map(|(c, &l)| parse_chunk(f, c, l))
        .collect();
    (parts, next - line)
}

/// No quotes and every carriage return followed by a newline.
fn fast_readable(b: &[u8]) -> bool {
    if b.contains(&b'"') {
        return false;
    }
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&x| x == b'\r') {
        let at = i + k;
        if b.get(at + 1) != Some(&b'\n') {
            return false;
        }
        i = at + 1;
    }
    true
}

fn append(out: &mut Households, h: Households) {
    out.ids.append(h.ids);
    out.lon.extend(h.lon);
    out.lat.extend(h.lat);
    out.demand.extend(h.demand);
    if let (Some(o), Some(p)) = (out.persons.as_mut(), h.persons) {
        o.extend(p);
    }
}

/// Parse the lines of one chunk; `None` when it is not UTF-8.
/// How to read the rows (the same for every chunk).
struct RowFormat<'a> {
    path: &'a Path,
    delimiter: u8,
    cols: &'a RowColumns,
    crs: &'a Crs,
    lenient: bool,
}

fn parse_chunk(f: &RowFormat<'_>, chunk: &[u8], first_line: u64) -> Option<Result<Part>> {
    let RowFormat {
        path,
        delimiter,
        cols,
        crs,
        lenient,
    } = *f;
    let text = std::str::from_utf8(chunk).ok()?;
    let delimiter = delimiter as char;
    let mut h = Households {
        persons: cols.persons.map(|_| Vec::new()),
        ..Default::default()
    };
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    // The fields a row needs, by column.
    let needed = [
        Some(cols.id),
        Some(cols.lon),
        Some(cols.lat),
        cols.demand,
        cols.persons,
    ];
    let last_needed = needed.iter().flatten().copied().max().unwrap_or(0);
    let mut fields: Vec<Option<&str>> = vec![None; last_needed + 1];
    for (k, raw) in text.split_terminator('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.is_empty() {
            continue; // skipped by the csv crate
        }
        // The physical line, as the general reader gives it.
        let line = first_line + k as u64;
        // A line of only whitespace is skipped, as by the csv reader.
        if !raw.contains(delimiter) && raw.trim().is_empty() {
            continue;
        }
        fields.iter_mut().for_each(|f| *f = None);
        for (c, f) in raw.split(delimiter).take(last_needed + 1).enumerate() {
            fields[c] = Some(f.trim());
        }
        let row = parse_row(path, crs, cols, line, |c| fields.get(c).copied().flatten());
        match row {
            Ok((id, lon, lat, demand, persons)) => {
                h.push(id, lon, lat, demand, persons);
                sources.push(Source::Line(line));
            }
            Err(e @ Error::Input { .. }) if lenient => problems.push(RowProblem { error: e }),
            Err(e) => return Some(Err(e)),
        }
    }
    Some(Ok((h, sources, problems)))
}
