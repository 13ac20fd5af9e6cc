//! Writing placed households as the CSV `phusong run` reads.

use std::io::Write;
use std::path::Path;

use super::household::PlacedHousehold;
use crate::output::atomic::write_atomic;
use crate::Result;

/// Write `id,lon,lat,demand[,persons],source_area` (the `persons` column
/// only when some household has persons), gzip-compressed when the name
/// ends in `.gz`. Written to a temporary file and renamed, so an error
/// leaves no partial file.
pub fn write_households_csv(path: &Path, households: &[PlacedHousehold]) -> Result<()> {
    let with_persons = households.iter().any(|h| h.persons.is_some());
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    write_atomic(path, |w| {
        if gz {
            let mut z = flate2::write::GzEncoder::new(w, flate2::Compression::default());
            rows(&mut z, households, with_persons)?;
            z.finish()?;
            Ok(())
        } else {
            rows(w, households, with_persons)
        }
    })
}

fn rows(w: &mut dyn Write, households: &[PlacedHousehold], persons: bool) -> std::io::Result<()> {
    if persons {
        writeln!(w, "id,lon,lat,demand,persons,source_area")?;
    } else {
        writeln!(w, "id,lon,lat,demand,source_area")?;
    }
    for h in households {
        write!(
            w,
            "{},{:.7},{:.7},{}",
            h.id,
            h.lon,
            h.lat,
            u8::from(h.demand)
        )?;
        if persons {
            match h.persons {
                Some(p) => write!(w, ",{p}")?,
                None => write!(w, ",")?,
            }
        }
        writeln!(w, ",{}", csv_field(&h.source_area))?;
    }
    Ok(())
}

/// Quote a field that holds a comma or a quote.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
