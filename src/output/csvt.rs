//! `.csvt` sidecars: one line naming the type of each CSV column, so that
//! GDAL and QGIS read numbers as numbers and flags as booleans instead of
//! every column as String (GDAL's CSV driver, "CSVT" files:
//! <https://gdal.org/drivers/vector/csv.html>). `households.csv` gets
//! `households.csvt`.

use std::path::{Path, PathBuf};

use polars::prelude::{DataFrame, DataType};

use crate::output::atomic::write_bytes_atomic;
use crate::Result;

/// The GDAL type of a polars column type.
pub fn gdal_type(t: &DataType) -> &'static str {
    match t {
        DataType::Boolean => "Integer(Boolean)",
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::UInt8 | DataType::UInt16 => {
            "Integer"
        }
        DataType::Int64 | DataType::UInt32 | DataType::UInt64 => "Integer64",
        DataType::Float32 | DataType::Float64 => "Real",
        _ => "String",
    }
}

/// The GDAL type of a column from its text cells: `Integer(Boolean)` when
/// every non-empty cell is `true`/`false`, `Integer`/`Integer64` when
/// every one is an integer, `Real` when every one is a number, else
/// `String` (also for a column without values).
pub fn infer_type<'a>(cells: impl Iterator<Item = &'a str>) -> &'static str {
    let (mut any, mut boolean, mut int32, mut int64, mut real) = (false, true, true, true, true);
    for c in cells.map(str::trim).filter(|c| !c.is_empty()) {
        any = true;
        boolean &= c == "true" || c == "false";
        let i = c.parse::<i64>().ok();
        int64 &= i.is_some();
        int32 &= i.is_some_and(|v| i32::try_from(v).is_ok());
        // No leading zeros kept as text (codes such as "03").
        real &= c.parse::<f64>().is_ok_and(f64::is_finite)
            && !(c.len() > 1 && c.starts_with('0') && !c.starts_with("0."));
        int32 &= real;
        int64 &= real;
    }
    match (any, boolean, int32, int64, real) {
        (false, ..) => "String",
        (_, true, ..) => "Integer(Boolean)",
        (_, _, true, ..) => "Integer",
        (_, _, _, true, _) => "Integer64",
        (_, _, _, _, true) => "Real",
        _ => "String",
    }
}

/// The sidecar path of `csv`: same stem, extension `csvt`.
pub fn csvt_path(csv: &Path) -> PathBuf {
    csv.with_extension("csvt")
}

/// Write the sidecar of `csv` with the given GDAL types.
pub fn write_csvt(csv: &Path, types: &[&str]) -> Result<PathBuf> {
    let line: Vec<String> = types.iter().map(|t| format!("\"{t}\"")).collect();
    let p = csvt_path(csv);
    write_bytes_atomic(&p, format!("{}\n", line.join(",")).as_bytes())?;
    Ok(p)
}

/// Write the sidecar of `csv`, written from `df`.
pub fn write_csvt_of(csv: &Path, df: &DataFrame) -> Result<PathBuf> {
    let types: Vec<&str> = df.dtypes().iter().map(gdal_type).collect();
    write_csvt(csv, &types)
}

/// Write the sidecar of `csv`, written from text `rows`, inferring the
/// types ([`infer_type`]).
pub fn write_csvt_of_rows(csv: &Path, columns: usize, rows: &[Vec<String>]) -> Result<PathBuf> {
    let types: Vec<&str> = (0..columns)
        .map(|k| infer_type(rows.iter().filter_map(|r| r.get(k).map(String::as_str))))
        .collect();
    write_csvt(csv, &types)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_from_cells() {
        let t = |v: &[&str]| infer_type(v.iter().copied());
        assert_eq!(t(&["true", "", "false"]), "Integer(Boolean)");
        assert_eq!(t(&["1", "-20", ""]), "Integer");
        assert_eq!(t(&["1", "30000000000"]), "Integer64");
        assert_eq!(t(&["1.5", "2", "-0.25"]), "Real");
        assert_eq!(
            t(&["32002", "03"]),
            "String",
            "codes with leading zeros stay text"
        );
        assert_eq!(t(&["a", "1"]), "String");
        assert_eq!(t(&["", ""]), "String");
        assert_eq!(t(&["NaN"]), "String");
    }

    #[test]
    fn sidecar_of_a_table() {
        use polars::prelude::*;
        let df = df!("id" => ["a"], "n" => [1u32], "share" => [0.5], "met" => [true]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = write_csvt_of(&dir.path().join("t.csv"), &df).unwrap();
        assert_eq!(p, dir.path().join("t.csvt"));
        assert_eq!(
            std::fs::read_to_string(p).unwrap(),
            "\"String\",\"Integer64\",\"Real\",\"Integer(Boolean)\"\n"
        );
    }
}
