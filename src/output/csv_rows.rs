//! A DataFrame of text, real and boolean columns as CSV, byte for byte
//! what polars' `CsvWriter` writes with its defaults (comma, `"` quotes
//! where necessary, `\n`, empty cells for nulls, reals in the shortest
//! form that reads back exactly, via the same `zmij` formatter), but
//! reading each column's arrow array in place and formatting chunks of
//! rows in parallel into reused buffers (households.csv: 528,000 rows).
//! Frames with other column types are left to polars ([`fast_csv`]
//! returns `None`).

use std::io::Write;

use polars::prelude::DataFrame;
use rayon::prelude::*;

use super::arrow_column::{real, ArrowColumn};

/// Rows formatted per parallel task.
const CHUNK_ROWS: usize = 1 << 13;
/// Tasks per batch written (the buffers are reused from batch to batch).
const CHUNKS_PER_BATCH: usize = 16;

/// Whether `s` can be written unquoted: not empty, no comma, quote, CR or
/// LF (else polars quotes it).
fn plain(s: &str) -> bool {
    !s.is_empty() && memchr::memchr3(b',', b'\n', b'\r', s.as_bytes()).is_none() && !s.contains('"')
}

/// A text cell as polars writes it under `QuoteStyle::Necessary`: `""`
/// when empty; in quotes when it holds a comma, CR or LF; inner quotes
/// doubled (and then quoted, since polars quotes a cell with a quote).
fn put_str(out: &mut Vec<u8>, s: &str) {
    if s.is_empty() {
        out.extend_from_slice(b"\"\"");
        return;
    }
    if plain(s) {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    out.push(b'"');
    for (k, part) in s.split('"').enumerate() {
        if k > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(part.as_bytes());
    }
    out.push(b'"');
}

/// Format rows `rows` of `cols` into `out`.
fn put_rows(out: &mut Vec<u8>, cols: &[ArrowColumn<'_>], rows: std::ops::Range<usize>) {
    let mut digits = zmij::Buffer::new();
    for i in rows {
        for (k, c) in cols.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            match c {
                ArrowColumn::Bool(a) => match a.get(i) {
                    Some(true) => out.extend_from_slice(b"true"),
                    Some(false) => out.extend_from_slice(b"false"),
                    None => {}
                },
                ArrowColumn::Str(a) => {
                    if let Some(s) = a.get(i) {
                        put_str(out, s);
                    }
                }
                ArrowColumn::F64(a) => {
                    if let Some(x) = real(a, i) {
                        out.extend_from_slice(digits.format(x).as_bytes());
                    }
                }
            }
        }
        out.push(b'\n');
    }
}

/// Write `df` as CSV with a header into `w`, as polars' `CsvWriter`
/// would; `None` (nothing written) when a column is not text, real or
/// boolean, is in several chunks, or has a name that would need quotes.
pub fn fast_csv(w: &mut dyn Write, df: &DataFrame) -> Option<std::io::Result<()>> {
    let mut cols = Vec::new();
    for c in df.columns() {
        if !plain(c.name()) {
            return None;
        }
        cols.push(ArrowColumn::of(c.as_series()?)?);
    }
    Some(write_rows(w, df, &cols))
}

fn write_rows(w: &mut dyn Write, df: &DataFrame, cols: &[ArrowColumn<'_>]) -> std::io::Result<()> {
    let names: Vec<&str> = df.columns().iter().map(|c| c.name().as_str()).collect();
    w.write_all(names.join(",").as_bytes())?;
    w.write_all(b"\n")?;
    let n = df.height();
    let mut bufs: Vec<Vec<u8>> = vec![Vec::new(); CHUNKS_PER_BATCH];
    let batch = CHUNK_ROWS * CHUNKS_PER_BATCH;
    for start in (0..n).step_by(batch) {
        bufs.par_iter_mut().enumerate().for_each(|(k, buf)| {
            buf.clear();
            let a = (start + k * CHUNK_ROWS).min(n);
            let b = (a + CHUNK_ROWS).min(n);
            put_rows(buf, cols, a..b);
        });
        for buf in &bufs {
            w.write_all(buf)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{Column, CsvWriter, SerWriter};

    fn polars_csv(df: &DataFrame) -> Vec<u8> {
        let mut out = Vec::new();
        CsvWriter::new(&mut out)
            .include_header(true)
            .finish(&mut df.clone())
            .unwrap();
        out
    }

    /// Byte for byte polars' output: texts with commas, quotes, line
    /// breaks, empty and null; reals of every kind (integers, tiny, huge,
    /// negative zero, NaN, infinities, null); booleans with nulls; many
    /// batches.
    #[test]
    fn same_bytes_as_polars() {
        let mut lcg = crate::test_rng::Lcg(5u64);
        let texts = [
            "",
            "a",
            "hộ-1",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\rx",
            " sp ",
            "32155",
            "x\"y,z",
        ];
        let reals = [
            0.0,
            -0.0,
            1.0,
            5.0,
            -98.7,
            123.4,
            105.123456789,
            1e-7,
            1.5e-300,
            1e21,
            1e15,
            123456789012345680.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
            0.1 + 0.2,
        ];
        for n in [0usize, 1, 7, 1000, CHUNK_ROWS * CHUNKS_PER_BATCH * 2 + 77] {
            let mut pick = |m: usize| lcg.below(m as u64) as usize;
            let t: Vec<Option<&str>> = (0..n)
                .map(|_| {
                    let k = pick(texts.len() + 1);
                    texts.get(k).copied()
                })
                .collect();
            let x: Vec<Option<f64>> = (0..n)
                .map(|i| {
                    let k = pick(reals.len() + 2);
                    match k {
                        k if k < reals.len() => Some(reals[k]),
                        k if k == reals.len() => None,
                        _ => Some(104.0 + i as f64 / 7.0),
                    }
                })
                .collect();
            let b: Vec<Option<bool>> = (0..n)
                .map(|_| match pick(3) {
                    0 => None,
                    k => Some(k == 1),
                })
                .collect();
            let plain_x: Vec<f64> = (0..n).map(|i| i as f64 * 0.37 - 50.0).collect();
            let df = DataFrame::new(
                n,
                vec![
                    Column::new("id".into(), t),
                    Column::new("lon".into(), plain_x),
                    Column::new("dist".into(), x),
                    Column::new("flag".into(), b),
                ],
            )
            .unwrap();
            let mut ours = Vec::new();
            fast_csv(&mut ours, &df).unwrap().unwrap();
            assert!(ours == polars_csv(&df), "n = {n}");
        }
    }

    /// Other column types, and names needing quotes, are left to polars.
    #[test]
    fn other_frames_are_left_to_polars() {
        let ints = DataFrame::new(1, vec![Column::new("n".into(), vec![1u32])]).unwrap();
        assert!(fast_csv(&mut Vec::new(), &ints).is_none());
        let name = DataFrame::new(1, vec![Column::new("a,b".into(), vec![1.0])]).unwrap();
        assert!(fast_csv(&mut Vec::new(), &name).is_none());
    }
}
