//! `phusong crosswalk OLD NEW`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Args;
use phusong::config::AreaFields;
use phusong::crosswalk::{self, write, Aggregation};
use phusong::input::geojson_read::{property_text, read_feature_layer};
use phusong::input::table::Table;
use phusong::input::{read_areas, read_households};

/// Arguments of `phusong crosswalk`.
#[derive(Debug, Args)]
#[command(
    long_about = "The reform table between old units (e.g. the pre-2025 communes) and new \
ones (the 2025 wards): for each old × new pair that shares ground, the shared area (m², on a \
Transverse Mercator plane centred on the data) and, with --households, the shared households \
(located in both with the point-in-polygon of `phusong run`); the new unit each old unit mostly \
went to (by households where given, else by area) and the old units split across several new \
ones.

Writes into --out: crosswalk.csv (one row per pair), old_units.csv (per old unit: main new unit, \
share, basis, split), crosswalk.geojson (the intersections, for QGIS). With --table, re-aggregates \
a per-old-unit CSV to the new units (reaggregated.csv): --columns are counts, split in \
proportion to what is shared so totals are kept; --shares are rates, averaged weighted by the \
shared households (or area). With --label FIELD, writes the NEW file again with FIELD added: the \
FIELD of the old unit each new unit mostly came from (e.g. the old province as the parent level)."
)]
pub struct CrosswalkArgs {
    /// Old units (GeoJSON or Shapefile).
    pub old: PathBuf,
    /// New units (GeoJSON or Shapefile).
    pub new: PathBuf,
    /// Code property of the old units.
    #[arg(long, default_value = "code")]
    pub old_id: String,
    /// Name property of the old units.
    #[arg(long, default_value = "name")]
    pub old_name: String,
    /// Code property of the new units.
    #[arg(long, default_value = "code")]
    pub new_id: String,
    /// Name property of the new units.
    #[arg(long, default_value = "name")]
    pub new_name: String,
    /// Households (CSV or GeoJSON, as `phusong run` reads them) to share by.
    #[arg(long)]
    pub households: Option<PathBuf>,
    /// A per-old-unit CSV to re-aggregate to the new units.
    #[arg(long, value_name = "FILE.csv")]
    pub table: Option<PathBuf>,
    /// The table's column with the old unit code.
    #[arg(long, default_value = "code", requires = "table")]
    pub id: String,
    /// Count columns of the table (split, totals kept).
    #[arg(long, value_delimiter = ',', requires = "table")]
    pub columns: Vec<String>,
    /// Share columns of the table (weighted means).
    #[arg(long, value_delimiter = ',', requires = "table")]
    pub shares: Vec<String>,
    /// Property of the old units to carry to the new units they mostly went to.
    #[arg(long)]
    pub label: Option<String>,
    /// Name of the added property (default: the --label name).
    #[arg(long, requires = "label")]
    pub label_as: Option<String>,
    /// Where to write the labelled new units (default OUT/new_labelled.geojson).
    #[arg(long, requires = "label")]
    pub labelled: Option<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "outputs/crosswalk")]
    pub out: PathBuf,
}

pub fn run(a: &CrosswalkArgs, quiet: bool) -> Result<()> {
    let fields = |id: &str, name: &str| AreaFields {
        id_field: id.into(),
        name_field: name.into(),
        ..AreaFields::default()
    };
    let old = read_areas(&a.old, &fields(&a.old_id, &a.old_name))?;
    let new = read_areas(&a.new, &fields(&a.new_id, &a.new_name))?;
    let hh: Option<Vec<[f64; 2]>> = match &a.households {
        Some(p) => {
            let h = read_households(p)?;
            Some((0..h.len()).map(|i| [h.lon[i], h.lat[i]]).collect())
        }
        None => None,
    };
    let table = match &a.table {
        Some(t) => {
            if a.columns.is_empty() && a.shares.is_empty() {
                bail!("--table needs --columns (counts) or --shares (rates) to re-aggregate");
            }
            Some(read_table(t, &a.id, &a.columns, &a.shares)?)
        }
        None => None,
    };
    let label_values = match &a.label {
        Some(field) => Some(old_property(a, field)?),
        None => None,
    };
    let cw = crosswalk::build(old, new, hh.as_deref())?;
    // Compute everything before writing, so an error writes nothing.
    let reagg = table
        .as_ref()
        .map(|(rows, aggs, _)| cw.reaggregate(rows, aggs));
    if let Some(r) = &reagg {
        if !r.unmatched.is_empty() {
            bail!(
                "{}: {} codes in `{}` match no old unit of {}: {}",
                a.table
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                r.unmatched.len(),
                a.id,
                a.old.display(),
                r.unmatched
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let out = &a.out;
    write::write_pairs_csv(&out.join("crosswalk.csv"), &cw)?;
    write::write_old_units_csv(&out.join("old_units.csv"), &cw)?;
    write::write_intersections(&out.join("crosswalk.geojson"), &cw)?;
    if let (Some(r), Some((_, _, names))) = (&reagg, &table) {
        write::write_reaggregated_csv(&out.join("reaggregated.csv"), &cw, names, r)?;
        if !quiet {
            eprintln!(
                "re-aggregated {} old units: by households for {}, by area for {}{}",
                r.by_households + r.by_area,
                r.by_households,
                r.by_area,
                if r.lost.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} share nothing with a new unit: {}",
                        r.lost.len(),
                        r.lost.join(", ")
                    )
                }
            );
        }
    }
    if let (Some(field), Some(values)) = (&a.label, &label_values) {
        let path = a
            .labelled
            .clone()
            .unwrap_or_else(|| out.join("new_labelled.geojson"));
        let name = a.label_as.as_deref().unwrap_or(field);
        write::write_labelled(&path, &a.new, &a.new_id, &cw, name, values)
            .with_context(|| format!("writing {}", path.display()))?;
        if !quiet {
            eprintln!(
                "wrote {} with `{name}` = the old units' `{field}`",
                path.display()
            );
        }
    }
    if !quiet {
        print_summary(&cw, out);
    }
    Ok(())
}

/// The console lines at the end: pairs, splits, the basis of the shares,
/// households outside the units, and what was written where.
fn print_summary(cw: &crosswalk::Crosswalk, out: &Path) {
    let main = cw.main_new();
    let split = main.iter().flatten().filter(|m| m.2 > 1).count();
    eprintln!(
        "{} old units → {} new units: {} pairs, {} old units split across several new ones; \
         shares by {}",
        cw.old.len(),
        cw.new.len(),
        cw.pairs.len(),
        split,
        if cw.with_households {
            "households where an old unit has some, else area"
        } else {
            "area"
        }
    );
    if cw.with_households && cw.households_outside != [0, 0] {
        eprintln!(
            "note: {} households are in no old unit, {} in no new unit",
            cw.households_outside[0], cw.households_outside[1]
        );
    }
    eprintln!(
        "wrote crosswalk.csv, old_units.csv, crosswalk.geojson to {}",
        out.display()
    );
}

type TableRows = (BTreeMap<String, Vec<f64>>, Vec<Aggregation>, Vec<String>);

fn read_table(
    path: &PathBuf,
    id: &str,
    columns: &[String],
    shares: &[String],
) -> Result<TableRows> {
    let mut t = Table::open(path)?;
    let id_col = t.require_mapped(id, Some(id), &[])?;
    let names: Vec<String> = columns.iter().chain(shares).cloned().collect();
    let aggs: Vec<Aggregation> = columns
        .iter()
        .map(|_| Aggregation::Sum)
        .chain(shares.iter().map(|_| Aggregation::Mean))
        .collect();
    let cols = names
        .iter()
        .map(|n| t.require_mapped(n, Some(n), &[]))
        .collect::<phusong::Result<Vec<usize>>>()?;
    let mut rows = BTreeMap::new();
    t.for_each(|line, rec| {
        let code = rec.get(id_col).unwrap_or("").trim().to_string();
        let mut v = Vec::with_capacity(cols.len());
        for (k, &c) in cols.iter().enumerate() {
            v.push(phusong::input::table::parse_f64(
                path,
                line,
                &names[k],
                rec.get(c),
            )?);
        }
        if rows.insert(code.clone(), v).is_some() {
            return Err(phusong::Error::duplicate_id(
                path,
                format!("line {line}"),
                format!("the code {code:?} occurs more than once"),
            ));
        }
        Ok(())
    })?;
    Ok((rows, aggs, names))
}

/// The `field` property of each old unit, in the sorted order of the areas.
fn old_property(a: &CrosswalkArgs, field: &str) -> Result<Vec<Option<String>>> {
    let layer = read_feature_layer(&a.old)?;
    let mut by_code: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut seen = false;
    for f in &layer.features {
        if let Some(code) = property_text(f, &a.old_id) {
            let v = property_text(f, field);
            seen |= v.is_some();
            by_code.insert(code, v);
        }
    }
    if !seen {
        bail!(
            "{}: no old unit has the property `{field}` given to --label",
            a.old.display()
        );
    }
    Ok(by_code.into_values().collect())
}
