//! Household points: CSV (`id,lon,lat[,demand][,persons]`, gzip allowed)
//! or GeoJSON points with the same properties.

use std::path::Path;

use crate::crs::Crs;
use crate::input::geojson_read::{
    feature_location, is_shapefile, point_feature, property_text, read_feature_layer,
};
use crate::input::layer::{resolve_crs, LayerMeta, Problems, Read, ReadOptions, Source, Sources};
use crate::input::table::{parse_bool, Table, HOUSEHOLD_ID_ALIASES, LAT_ALIASES, LON_ALIASES};
use crate::{Error, Result};

pub use crate::input::household_row::Households;
use crate::input::household_row::{parse_persons, parse_row, RowColumns};

/// Read households from `path`: GeoJSON when the name ends in `.geojson`,
/// `.json` or `.geojsonl`/`.geojsons`/`.ndjson` (optionally `.gz`), a
/// Shapefile for `.shp`, CSV otherwise.
pub fn read_households(path: &Path) -> Result<Households> {
    read_households_with(path, &ReadOptions::default()).map(|r| r.data)
}

/// True when the file name says GeoJSON (or a Shapefile): any other name is
/// read as CSV.
pub fn is_feature_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.trim_end_matches(".gz");
    is_shapefile(path)
        || [
            ".geojson",
            ".json",
            ".geojsonl",
            ".geojsons",
            ".ndjson",
            ".geojsonseq",
        ]
        .iter()
        .any(|e| name.ends_with(e))
}

/// Read households with the scenario's options: the layer's CRS, column
/// names, and lenient collection of bad rows. `meta.sources` gives the line
/// or feature of each household.
pub fn read_households_with(path: &Path, opts: &ReadOptions) -> Result<Read<Households>> {
    let mut problems = Problems::new(opts.lenient);
    let (h, meta) = if is_feature_file(path) {
        read_geojson(path, opts, &mut problems)?
    } else {
        read_csv(path, opts, &mut problems, true)?
    };
    // In lenient reading a layer whose every row is bad is reported
    // through its row problems.
    if h.is_empty() && problems.items.is_empty() {
        return Err(Error::unreadable_layer(
            path,
            "",
            "no households in the file",
        ));
    }
    Ok(Read {
        data: h,
        meta,
        problems: problems.items,
    })
}

const DEMAND_ALIASES: &[&str] = &["demand", "wants_broadband", "nhu_cau"];
const PERSONS_ALIASES: &[&str] = &[
    "persons",
    "people",
    "population",
    "pop",
    "members",
    "so_nguoi",
];

fn read_csv(
    path: &Path,
    opts: &ReadOptions,
    problems: &mut Problems,
    fast: bool,
) -> Result<(Households, LayerMeta)> {
    let (crs, crs_source) = resolve_crs(path, opts.crs.as_ref(), None)?;
    let cols = &opts.columns;
    let mut t = Table::open(path)?;
    let id_col = t.require_mapped("id", cols.id.as_deref(), HOUSEHOLD_ID_ALIASES)?;
    let lon_col = t.require_mapped("lon", cols.lon.as_deref(), LON_ALIASES)?;
    let lat_col = t.require_mapped("lat", cols.lat.as_deref(), LAT_ALIASES)?;
    let demand_col = t.find_mapped("demand", cols.demand.as_deref(), DEMAND_ALIASES)?;
    let persons_col = t.find_mapped("persons", cols.persons.as_deref(), PERSONS_ALIASES)?;
    let path = t.path().to_path_buf();
    let row_cols = RowColumns {
        id: id_col,
        lon: lon_col,
        lat: lat_col,
        demand: demand_col,
        persons: persons_col,
    };
    if fast {
        let delimiter = t.delimiter();
        drop(t);
        if let Some(read) = super::households_fast::read_plain(
            &path,
            delimiter,
            &row_cols,
            &crs,
            problems.lenient(),
        )? {
            let (h, sources, items) = read;
            problems.items.extend(items);
            let meta = LayerMeta {
                path: path.clone(),
                crs,
                crs_source,
                sources,
            };
            return Ok((h, meta));
        }
        t = Table::open(&path)?;
    }
    let mut h = Households {
        persons: persons_col.map(|_| Vec::new()),
        ..Default::default()
    };
    let mut sources = Sources::default();
    t.for_each(|line, rec| {
        let row = parse_row(&path, &crs, &row_cols, line, |c| rec.get(c));
        if let Some((id, lon, lat, demand, persons)) = problems.keep(row)? {
            h.push(id, lon, lat, demand, persons);
            sources.push(Source::Line(line));
        }
        Ok(())
    })?;
    let meta = LayerMeta {
        path: path.clone(),
        crs,
        crs_source,
        sources,
    };
    Ok((h, meta))
}

fn read_geojson(
    path: &Path,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> Result<(Households, LayerMeta)> {
    let layer = read_feature_layer(path)?;
    let (crs, crs_source) = resolve_crs(path, opts.crs.as_ref(), layer.declared_crs)?;
    let features = layer.features;
    let has_persons = features
        .iter()
        .any(|f| PERSONS_ALIASES.iter().any(|a| f.contains_property(a)));
    let mut h = Households {
        persons: has_persons.then(Vec::new),
        ..Default::default()
    };
    let mut sources = Sources::default();
    for (i, f) in features.iter().enumerate() {
        if let Some((id, lon, lat, demand, persons)) =
            problems.keep(household_feature(path, &crs, opts, has_persons, i, f))?
        {
            h.push(&id, lon, lat, demand, persons);
            sources.push(Source::Feature(i + 1));
        }
    }
    let meta = LayerMeta {
        path: path.to_path_buf(),
        crs,
        crs_source,
        sources,
    };
    Ok((h, meta))
}

type HouseholdRow = (String, f64, f64, bool, Option<u32>);

fn household_feature(
    path: &Path,
    crs: &Crs,
    opts: &ReadOptions,
    has_persons: bool,
    i: usize,
    f: &geojson::Feature,
) -> Result<HouseholdRow> {
    {
        let loc = feature_location(i);
        let (id, [lon, lat]) =
            point_feature(path, crs, opts.columns.id.as_deref(), i, f, "a household")?;
        let demand = match DEMAND_ALIASES.iter().find_map(|a| property_text(f, a)) {
            Some(v) => parse_bool(path, i as u64 + 1, "demand", Some(&v), true).map_err(|_| {
                Error::invalid_value(
                    path,
                    &loc,
                    format!("`demand` must be 1/0 or true/false, found {v:?}"),
                )
            })?,
            None => true,
        };
        let persons = if has_persons {
            let v = PERSONS_ALIASES.iter().find_map(|a| property_text(f, a));
            Some(
                parse_persons(path, i as u64 + 1, v.as_deref()).map_err(|_| {
                    Error::invalid_value(path, &loc, "`persons` must be a whole number ≥ 0")
                })?,
            )
        } else {
            None
        };
        Ok((id, lon, lat, demand, persons))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a CSV read gives, as text: households, lines, problems;
    /// or the error.
    fn read_both(path: &Path, lenient: bool) -> [String; 2] {
        [true, false].map(|fast| {
            let opts = ReadOptions {
                lenient,
                ..Default::default()
            };
            let mut problems = Problems::new(lenient);
            match read_csv(path, &opts, &mut problems, fast) {
                Ok((h, meta)) => {
                    let msgs: Vec<String> =
                        problems.items.iter().map(|p| p.error.to_string()).collect();
                    format!(
                        "{:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                        h.ids.iter().collect::<Vec<_>>(),
                        h.lon,
                        h.lat,
                        h.demand,
                        h.persons,
                        meta.sources,
                        msgs
                    )
                }
                Err(e) => format!("error: {e}"),
            }
        })
    }

    #[test]
    fn fast_reader_equals_general_reader_on_random_files() {
        let mut lcg = crate::test_rng::Lcg(5u64);
        let mut rnd = move |n: u64| lcg.below(n);
        let dir = tempfile::tempdir().unwrap();
        for case in 0..120 {
            let delim = [",", ";", "\t"][rnd(3) as usize];
            let eol = if rnd(3) == 0 { "\r\n" } else { "\n" };
            let mut text = String::new();
            if rnd(4) == 0 {
                text.push('\u{feff}');
            }
            let persons = rnd(2) == 0;
            let mut header = vec!["id", "lon", "lat", "demand"];
            if persons {
                header.push("persons");
            }
            if rnd(3) == 0 {
                header.swap(1, 2);
                header[1] = "y";
                header[2] = "x";
            }
            text += &header.join(delim);
            text += eol;
            let rows = rnd(200);
            for r in 0..rows {
                let mut f = vec![
                    format!("h{}", r % 150),
                    format!("{:.7}", 104.5 + rnd(1_000_000) as f64 / 1e6),
                    format!("{:.6}", 8.5 + rnd(1_000_000) as f64 / 1e6),
                    ["1", "0", "", "yes", " TRUE ", "n"][rnd(6) as usize].to_string(),
                    rnd(9).to_string(),
                ];
                if !persons {
                    f.pop();
                }
                // Bad rows now and then.
                match rnd(100) {
                    0 => f[0] = String::new(),
                    1 => f[1] = "abc".into(),
                    2 => f[2] = "95.5".into(),
                    3 => f[3] = "maybe".into(),
                    4 => f.truncate(2),
                    5 => f.push("extra".into()),
                    6 => f[1] = format!("  {}  ", f[1]),
                    7 if persons => f[4] = "-1".into(),
                    // Rows the quick parse leaves to the general one, and
                    // rows it takes that look unusual.
                    8 => f[1] = format!("{}e0", f[1]),
                    9 => f[1] = format!("+{}", f[1]),
                    10 => f[0] = format!("\u{a0}{}", f[0]),
                    11 => f[0] = format!("mã hộ {}", f[0]),
                    12 => f[2] = ["inf", "NaN", "-inf", "1e999"][rnd(4) as usize].into(),
                    13 => f[1] = format!("{}123456789012345678", f[1]),
                    14 => f[0] = format!(" {} ", f[0]),
                    15 if persons => {
                        f[4] = ["+3", " 4", "007", "4294967296", ""][rnd(5) as usize].into()
                    }
                    16 => f[2] = format!("-{}", f[2]),
                    17 => f[1] = ["-0", "0", ".5", "105.", "-.5"][rnd(5) as usize].into(),
                    18 => f[3] = ["t", "F", "Yes", "NO", "2"][rnd(5) as usize].into(),
                    19 => f[0] = format!("{}\u{3000}", f[0]),
                    20 => f[1] = format!("{}\t", f[1]),
                    _ => {}
                }
                text += &f.join(delim);
                if rnd(40) == 0 {
                    text += eol; // a blank line
                }
                if rnd(50) == 0 {
                    text += "   ";
                    text += eol;
                }
                if r + 1 < rows || rnd(2) == 0 {
                    text += eol;
                }
            }
            // Files the fast reader must hand over to the general one.
            match rnd(12) {
                0 => text = text.replacen("h1", "\"h1\"", 1),
                1 => text = text.replacen("\n", "\r", 2),
                2 => text.insert(0, '\n'),
                _ => {}
            }
            let path = dir.path().join(format!("h{case}.csv"));
            std::fs::write(&path, &text).unwrap();
            // The same text gzip-compressed (in one or two members).
            let gz = dir.path().join(format!("h{case}.csv.gz"));
            std::fs::write(&gz, gzip(text.as_bytes(), rnd(3) == 0)).unwrap();
            for (path, lenient) in [(&path, true), (&path, false), (&gz, true), (&gz, false)] {
                let [fast, general] = read_both(path, lenient);
                if fast != general {
                    let at = fast
                        .chars()
                        .zip(general.chars())
                        .take_while(|(a, b)| a == b)
                        .count();
                    let tail = |s: &str| {
                        s.chars()
                            .skip(at.saturating_sub(200))
                            .take(400)
                            .collect::<String>()
                    };
                    panic!(
                        "case {case} lenient {lenient}: fast ≠ general from char {at}:\n{}\n---\n{}\n---\n{text:?}",
                        tail(&fast),
                        tail(&general)
                    );
                }
            }
        }
        // A damaged gzip stream: the general reader's message, whichever
        // block it is in.
        let text: String = (0..3000)
            .map(|i| format!("h{i},105.{i:04},9.5\n"))
            .collect();
        let full = gzip(format!("id,lon,lat\n{text}").as_bytes(), false);
        for cut in [full.len() - 4, full.len() / 2, 30] {
            let path = dir.path().join("cut.csv.gz");
            std::fs::write(&path, &full[..cut]).unwrap();
            for lenient in [true, false] {
                let [fast, general] = read_both(&path, lenient);
                assert_eq!(fast, general, "cut at {cut}");
                assert!(fast.starts_with("error: "), "cut at {cut}: {fast}");
            }
        }
        // Not UTF-8: the general reader's message.
        let path = dir.path().join("latin1.csv");
        std::fs::write(&path, b"id,lon,lat\nh\xe9,105.0,9.0\n").unwrap();
        let [fast, general] = read_both(&path, false);
        assert_eq!(fast, general);
        assert!(fast.contains("not valid UTF-8"), "{fast}");
    }

    /// `bytes` gzip-compressed, in two gzip members when `split`.
    fn gzip(bytes: &[u8], split: bool) -> Vec<u8> {
        use std::io::Write;
        let cut = if split { bytes.len() / 2 } else { bytes.len() };
        let mut out = Vec::new();
        for part in [&bytes[..cut], &bytes[cut..]] {
            if part.is_empty() && !out.is_empty() {
                continue;
            }
            let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            z.write_all(part).unwrap();
            out.extend(z.finish().unwrap());
        }
        out
    }

    fn csv(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("households.csv");
        std::fs::write(&p, text).unwrap();
        (d, p)
    }

    #[test]
    fn reads_optional_columns() {
        let (_d, p) = csv("id,lon,lat,demand,persons\na,105,9,1,4\nb,105.1,9.1,false,\n");
        let h = read_households(&p).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h.demand, vec![true, false]);
        assert_eq!(h.persons, Some(vec![4, 0]));
        assert_eq!(h.ids.get(1), "b");
    }

    /// Physical line numbers with CR LF line ends and blank lines, from
    /// both readers (the `csv` crate alone gives one too low after CR LF).
    #[test]
    fn crlf_files_are_numbered_by_physical_line() {
        let (_d, p) = csv("id,lon,lat\r\nh1,105,9\r\nh2,105,9\r\nh3,105,nine\r\n");
        for text in read_both(&p, false) {
            assert!(
                text.ends_with("households.csv: line 4: `lat` is not a number: \"nine\""),
                "{text}"
            );
        }
        let (_d, p) = csv("id,lon,lat\r\n\r\nh1,105,9\r\n\r\n\r\nh2,105,x\r\n");
        for text in read_both(&p, false) {
            assert!(
                text.ends_with("households.csv: line 6: `lat` is not a number: \"x\""),
                "{text}"
            );
        }
        // Lenient: the lines of the households kept, through the general
        // reader too (a quote sends the file there).
        let (_d, p) = csv("id,lon,lat\r\n\"h1\",105,9\r\n\r\nh2,105,9\r\nh3,105,x\r\n");
        let [fast, general] = read_both(&p, true);
        assert_eq!(fast, general);
        assert!(fast.contains("[Line(2), Line(4)]"), "{fast}");
        assert!(fast.contains("line 5: `lat` is not a number"), "{fast}");
    }

    /// Vietnamese column names, composed (NFC) and decomposed (NFD) alike.
    #[test]
    fn vietnamese_headers_in_nfc_and_nfd() {
        use unicode_normalization::UnicodeNormalization;
        for header in [
            "ma_ho,kinh_do,vi_do",
            "mã_hộ,kinh_độ,vĩ_độ",
            "Mã hộ,Kinh độ,Vĩ độ",
        ] {
            for form in [header.nfc().collect::<String>(), header.nfd().collect()] {
                let (_d, p) = csv(&format!("{form}\nh1,105.5,9.25\n"));
                let h = read_households(&p).unwrap_or_else(|e| panic!("{form:?}: {e}"));
                assert_eq!(
                    (h.ids.get(0), h.lon[0], h.lat[0]),
                    ("h1", 105.5, 9.25),
                    "{form:?}"
                );
            }
        }
    }

    #[test]
    fn missing_lat_column_names_the_file() {
        let (_d, p) = csv("id,lon,latt\na,105,9\n");
        let e = read_households(&p).unwrap_err().to_string();
        assert!(e.contains("households.csv: line 1: no `lat` column"), "{e}");
    }

    #[test]
    fn non_numeric_and_out_of_range_coordinates() {
        let (_d, p) = csv("id,lon,lat\na,105,9\nb,abc,9\n");
        let e = read_households(&p).unwrap_err().to_string();
        assert!(e.contains("line 3: `lon` is not a number: \"abc\""), "{e}");
        let (_d, p) = csv("id,lon,lat\na,105,200\n");
        let e = read_households(&p).unwrap_err().to_string();
        assert!(e.contains("line 2: latitude 200 is outside"), "{e}");
    }
}
