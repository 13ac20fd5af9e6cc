//! Indicators beside the network: a per-commune table of shares that no map
//! computes (e.g. people with an e-payment account, from a survey), named by
//! the scenario with targets on its columns:
//!
//! ```toml
//! [indicators]
//! table = "indicators.csv"     # commune id + indicator columns (shares 0..1)
//! id_column = "code"
//! weight = "households"        # district/province aggregation: households | persons | equal
//! [indicators.targets]
//! epayment_share = { target = 0.5, description = "People with an e-payment account" }
//! ```
//!
//! The indicators are the columns with a target plus those listed in
//! `columns`; other columns (names, notes) are ignored. Errors name the
//! file and line: an unknown commune id, a duplicate id, a value that is
//! not a number or not a share in [0, 1], a missing column.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::IndicatorParams;
use crate::input::table::Table;
use crate::{Error, Result};

/// Indicator values per commune, in the order of the areas given.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorTable {
    /// The file read.
    pub path: PathBuf,
    /// Indicator names (columns).
    pub names: Vec<String>,
    /// `values[k][i]`: indicator `k` of area `i` (`None`: not in the table
    /// or an empty cell).
    pub values: Vec<Vec<Option<f64>>>,
}

/// Read the indicator table for the areas with ids `area_ids` (in area
/// order).
pub fn read_indicators(params: &IndicatorParams, area_ids: &[&str]) -> Result<IndicatorTable> {
    let path = params.table.as_path();
    let mut t = Table::open(path)?;
    // The default `code` also finds the Vietnamese `ma_xa`/`mã xã`.
    let id_col = if params.id_column == "code" {
        t.require(&params.id_column, crate::input::table::COMMUNE_CODE_ALIASES)?
    } else {
        t.require(&params.id_column, &[params.id_column.as_str()])?
    };
    let names = params.indicator_names();
    let cols: Vec<usize> = names
        .iter()
        .map(|n| t.require(n, &[n.as_str()]))
        .collect::<Result<_>>()?;
    let index: BTreeMap<&str, usize> = area_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let mut values = vec![vec![None; area_ids.len()]; names.len()];
    let mut seen: BTreeMap<usize, u64> = BTreeMap::new();
    let p: PathBuf = path.to_path_buf();
    t.for_each(|line, rec| {
        let loc = format!("line {line}");
        let id = rec.get(id_col).unwrap_or("").trim();
        let Some(&i) = index.get(id) else {
            return Err(Error::invalid_value(
                &p,
                &loc,
                format!(
                    "the commune id {id:?} (column `{}`) is not among the areas' ids; \
                     use the same codes as the commune layer",
                    params.id_column
                ),
            ));
        };
        if let Some(first) = seen.insert(i, line) {
            return Err(Error::duplicate_id(
                &p,
                &loc,
                format!("the commune id {id:?} is also on line {first}; give one row per commune"),
            ));
        }
        for (k, &c) in cols.iter().enumerate() {
            let text = rec.get(c).unwrap_or("").trim();
            if text.is_empty() {
                continue;
            }
            let v: f64 = text.parse().map_err(|_| {
                Error::invalid_value(
                    &p,
                    &loc,
                    format!("`{}` is not a number: {text:?}", names[k]),
                )
            })?;
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::invalid_value(
                    &p,
                    &loc,
                    format!(
                        "`{}` = {v} is not a share between 0 and 1 (write 0.45 for 45%)",
                        names[k]
                    ),
                ));
            }
            values[k][i] = Some(v);
        }
        Ok(())
    })?;
    Ok(IndicatorTable {
        path: path.to_path_buf(),
        names,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(table: PathBuf) -> IndicatorParams {
        toml::from_str::<IndicatorParams>(&format!(
            "table = {:?}\n[targets]\nepay = {{ target = 0.5, description = \"E-payment\" }}\n",
            table.display().to_string()
        ))
        .unwrap()
    }

    /// The default id column `code` also accepts `ma_xa` / `mã xã`, in
    /// NFC and NFD; a named column matches in either form too.
    #[test]
    fn commune_code_aliases_in_nfc_and_nfd() {
        use unicode_normalization::UnicodeNormalization;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("i.csv");
        for name in ["ma_xa", "mã_xã", "Mã xã"] {
            for form in [name.nfc().collect::<String>(), name.nfd().collect()] {
                std::fs::write(&p, format!("{form},epay\r\nA,0.7\r\n")).unwrap();
                let t = read_indicators(&params(p.clone()), &["A"]).unwrap();
                assert_eq!(t.values[0], vec![Some(0.7)], "{form:?}");
            }
        }
        let mut named = params(p.clone());
        named.id_column = "Mã".nfc().collect();
        std::fs::write(
            &p,
            format!("{},epay\nA,0.7\n", "Mã".nfd().collect::<String>()),
        )
        .unwrap();
        assert_eq!(
            read_indicators(&named, &["A"]).unwrap().values[0],
            vec![Some(0.7)]
        );
        named.id_column = "Mã".nfd().collect();
        std::fs::write(&p, "Mã,epay\nA,0.7\n").unwrap();
        assert_eq!(
            read_indicators(&named, &["A"]).unwrap().values[0],
            vec![Some(0.7)]
        );
    }

    #[test]
    fn reads_values_in_area_order_and_reports_bad_rows() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("i.csv");
        std::fs::write(&p, "code,name,epay,other\nB,Xã B,0.4,x\nA,Xã A,0.7,y\n").unwrap();
        let t = read_indicators(&params(p.clone()), &["A", "B", "C"]).unwrap();
        assert_eq!(t.names, ["epay"]);
        assert_eq!(t.values[0], vec![Some(0.7), Some(0.4), None]);

        std::fs::write(&p, "code,epay\nA,0.7\nZ,0.1\n").unwrap();
        let e = read_indicators(&params(p.clone()), &["A"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("i.csv: line 3: the commune id \"Z\""), "{e}");
        std::fs::write(&p, "code,epay\nA,70%\n").unwrap();
        let e = read_indicators(&params(p.clone()), &["A"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2: `epay` is not a number: \"70%\""), "{e}");
        std::fs::write(&p, "code,epay\nA,70\n").unwrap();
        let e = read_indicators(&params(p.clone()), &["A"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a share between 0 and 1"), "{e}");
        std::fs::write(&p, "code,e_pay\nA,0.7\n").unwrap();
        let e = read_indicators(&params(p.clone()), &["A"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1: no `epay` column"), "{e}");
        std::fs::write(&p, "code,epay\nA,0.7\nA,0.2\n").unwrap();
        let e = read_indicators(&params(p), &["A"]).unwrap_err().to_string();
        assert!(
            e.contains("line 3: the commune id \"A\" is also on line 2"),
            "{e}"
        );
    }
}
