//! The outputs of `phusong compare` (see [`crate::compare::runs`]):
//! `compare.csv` (communes), `compare_province.csv`, `compare.geojson`
//! (commune polygons with the before/after/change properties, for QGIS),
//! `compare.md`, and the change map `maps/change.png` / `.svg` (communes
//! coloured by the net number of households that gain a service).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use geo::{Point, Polygon};

use crate::compare::runs::{commune_table, province_table, Comparison};
use crate::engine::RunResult;
use crate::lang::{fill, Lang, Term};
use crate::output::atomic::write_bytes_atomic;
pub use crate::output::compare_md::markdown;
use crate::output::compare_md::{met, num, signed};
use crate::output::maps::{fibre_lines, parents_layer};
use crate::output::{geojson, tables};
use crate::projection::Projection;
use crate::render::{
    palette, render_map, ClassScheme, LineLayer, MapArea, MapSpec, Marker, PointLayer, Rgb,
};
use crate::Result;

/// Write every comparison output into `dir`, replacing it whole only when
/// every file was written ([`crate::output::folder`]); returns the files
/// written.
pub fn write_comparison(
    c: &Comparison,
    base: &RunResult,
    scenario: &RunResult,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    use crate::output::folder::{rebase, replace, Product};
    replace(dir, Product::Compare, |staging| {
        let written = write_comparison_into(c, base, scenario, staging)?;
        Ok(rebase(written, staging, dir))
    })
}

fn write_comparison_into(
    c: &Comparison,
    base: &RunResult,
    scenario: &RunResult,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let mut out = |name: &str| {
        let p = dir.join(name);
        written.push(p.clone());
        p
    };
    let communes = commune_table(c)?;
    tables::write_csv(&out("compare.csv"), &communes)?;
    tables::write_csv(&out("compare_province.csv"), &province_table(c)?)?;
    let geoms = geojson::area_geometries(&scenario.inputs.areas);
    geojson::write_features(&out("compare.geojson"), "compare", &geoms, &communes)?;
    let lang = scenario.scenario.outputs.language;
    write_bytes_atomic(&out("compare.md"), markdown(c, lang).as_bytes())?;
    let spec = change_map(c, base, scenario)?;
    let (png, svg) = (out("maps/change.png"), out("maps/change.svg"));
    std::fs::create_dir_all(dir.join("maps")).map_err(|e| crate::Error::io(dir, e))?;
    render_map(&spec, &png, &svg)?;
    if let Some(extent) = crate::output::coverage_layers::bbox_of_areas(&scenario.inputs.areas) {
        let net: Vec<i64> = c
            .communes
            .iter()
            .map(|x| x.households_gained as i64 - x.households_lost as i64)
            .collect();
        written.push(crate::output::qgis::write_compare_qgis(
            dir,
            &spec.title,
            extent,
            &change_classes(&net, lang),
        )?);
    }
    Ok(written)
}

/// Round down to 1, 2 or 5 × 10^k.
fn nice_floor(v: f64) -> f64 {
    if v < 1.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    let m = v / p;
    let f = if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    };
    f * p
}

/// Thresholds (absolute values ≥ 1) for one side of the change classes:
/// 1 and up to two rounded quantiles.
fn thresholds(mut v: Vec<u64>) -> Vec<f64> {
    v.sort_unstable();
    let mut t = vec![1.0];
    for q in [0.5, 0.85] {
        if v.is_empty() {
            break;
        }
        let x = nice_floor(v[((v.len() - 1) as f64 * q) as usize] as f64);
        if x > *t.last().unwrap_or(&1.0) {
            t.push(x);
        }
    }
    t
}

/// Diverging classes of the net change in households served: losses in
/// reds (largest first), "no change" in light grey, gains in greens.
///
/// ```
/// use phusong::output::compare::change_classes;
/// let c = change_classes(&[-30, 0, 5, 120, 800], phusong::lang::Lang::En);
/// assert_eq!(c.class_of(0.0), Some(c.labels.iter().position(|l| l == "no change").unwrap()));
/// assert!(c.class_of(-30.0) < c.class_of(0.0));
/// assert!(c.class_of(800.0) > c.class_of(5.0));
/// ```
pub fn change_classes(values: &[i64], lang: Lang) -> ClassScheme {
    let neg: Vec<u64> = values
        .iter()
        .filter(|&&v| v < 0)
        .map(|v| v.unsigned_abs())
        .collect();
    let pos: Vec<u64> = values
        .iter()
        .filter(|&&v| v > 0)
        .map(|&v| v as u64)
        .collect();
    let num = |x: f64| num(lang, x as u64);
    let range =
        |from: String, to: String| fill(lang.term(Term::RangeTo), &[("from", from), ("to", to)]);
    let mut breaks = Vec::new();
    let mut labels = Vec::new();
    let mut colours = Vec::new();
    if !neg.is_empty() {
        let max_neg = *neg.iter().max().unwrap_or(&1) as f64;
        let t = thresholds(neg);
        // Classes from the largest loss: values ≤ −t_k, …, −t_2+1 … −1.
        let k = t.len();
        breaks.push(-max_neg);
        for j in (1..k).rev() {
            breaks.push(-t[j] + 1.0);
        }
        for j in (0..k).rev() {
            labels.push(if j == k - 1 {
                format!("≤ \u{2212}{}", num(t[j]))
            } else {
                range(
                    format!("\u{2212}{}", num(t[j + 1] - 1.0)),
                    format!("\u{2212}{}", num(t[j])),
                )
            });
        }
        colours.extend(palette::below_target(k));
    }
    breaks.push(0.0);
    labels.push(lang.term(Term::NoChange).to_string());
    colours.push(Rgb(0xEE, 0xEE, 0xEE));
    if pos.is_empty() {
        breaks.push(1.0);
    } else {
        let max_pos = *pos.iter().max().unwrap_or(&1) as f64;
        let t = thresholds(pos);
        for (j, &x) in t.iter().enumerate() {
            breaks.push(x);
            labels.push(if j + 1 == t.len() {
                format!("≥ +{}", num(x))
            } else {
                range(format!("+{}", num(x)), format!("+{}", num(t[j + 1] - 1.0)))
            });
        }
        breaks.push(max_pos + 1.0);
        colours.extend(palette::meets_target(t.len()));
    }
    let n = labels.len();
    ClassScheme::new(breaks, colours, labels, n).unwrap_or_default()
}

fn site_points(proj: &Projection, r: &RunResult, ids: &BTreeSet<&str>) -> Vec<Point<f64>> {
    let s = &r.inputs.sites;
    let mut seen = BTreeSet::new();
    (0..s.len())
        .filter(|&i| ids.contains(s.ids[i].as_str()) && seen.insert(s.ids[i].as_str()))
        .map(|i| {
            let [x, y] = proj.forward(s.lon[i], s.lat[i]);
            Point::new(x, y)
        })
        .collect()
}

fn fibre_of(proj: &Projection, r: &RunResult, ids: &BTreeSet<&str>) -> Vec<geo::LineString<f64>> {
    let f = &r.inputs.fibre;
    let segs: Vec<_> = f
        .segments
        .iter()
        .copied()
        .filter(|s| ids.contains(f.feature_ids[s.2 as usize].as_str()))
        .collect();
    fibre_lines(proj, &segs)
}

/// The change map: communes by the net number of households that gain a
/// service (gained − lost), the fibre network after, new and removed fibre
/// and sites.
pub fn change_map(c: &Comparison, base: &RunResult, scenario: &RunResult) -> Result<MapSpec> {
    let proj = scenario.projection;
    let net: Vec<i64> = c
        .communes
        .iter()
        .map(|x| x.households_gained as i64 - x.households_lost as i64)
        .collect();
    let lang = scenario.scenario.outputs.language;
    let classes = change_classes(&net, lang);
    let parents = match scenario.scenario.layers.parents.as_deref() {
        Some(p) => parents_layer(Some(p), &proj, &[])?,
        None => dissolve(c, scenario, &proj),
    };
    let gained: u64 = c.communes.iter().map(|x| x.households_gained).sum();
    let lost: u64 = c.communes.iter().map(|x| x.households_lost).sum();
    let changes: Vec<String> = c
        .target_changes
        .iter()
        .filter(|t| t.met_before != t.met_after)
        .map(|t| {
            let name = match lang {
                Lang::En => t.description.clone(),
                _ => crate::output::words::target_name(lang, &t.key, &t.description),
            };
            format!(
                "{name}: {} → {}",
                met(lang, t.met_before),
                met(lang, t.met_after)
            )
        })
        .collect();
    let names = [
        ("province", c.province.clone()),
        ("base", c.base.clone()),
        ("scenario", c.scenario.clone()),
    ];
    let changes = if changes.is_empty() {
        String::new()
    } else {
        format!(" · {}", changes.join(", "))
    };
    let subtitle = fill(
        lang.term(Term::ChangeMapSubtitle),
        &[
            ("gained", num(lang, gained)),
            ("lost", num(lang, lost)),
            ("changes", changes),
        ],
    );
    let sources = fill(
        lang.term(Term::ChangeMapSources),
        &[
            ("base", c.base.clone()),
            ("scenario", c.scenario.clone()),
            ("version", env!("CARGO_PKG_VERSION").to_string()),
        ],
    );
    Ok(MapSpec {
        title: fill(lang.term(Term::ChangeMapTitle), &names),
        subtitle,
        footnote: format!("{}\n{sources}", lang.term(Term::ChangeMapNote)),
        areas: change_areas(c, scenario, &proj, &net),
        parents,
        lines: fibre_change_lines(base, scenario, &proj),
        points: site_change_points(base, scenario, &proj),
        classes,
        legend_title: lang.term(Term::ChangeLegend).into(),
        flag_label: lang.term(Term::NewlyReached).into(),
        lang,
        parents_label: crate::output::words::parent_label(
            lang,
            c.parent_field.as_deref(),
            c.parent_label.as_deref(),
        ),
        ..MapSpec::default()
    })
}

/// The communes, valued and labelled by their net change, hatched when
/// newly reached by fibre.
fn change_areas(
    c: &Comparison,
    scenario: &RunResult,
    proj: &Projection,
    net: &[i64],
) -> Vec<MapArea> {
    let lang = scenario.scenario.outputs.language;
    scenario
        .inputs
        .areas
        .items
        .iter()
        .zip(&c.communes)
        .zip(net)
        .map(|((a, x), &v)| {
            let mut m = MapArea::new(
                x.code.clone(),
                x.name.clone(),
                proj.forward_multipolygon(&a.geometry),
                Some(v as f64),
            );
            m.flagged = x.reached_after && !x.reached_before;
            m.label = Some(if v == 0 {
                String::new()
            } else {
                format!("{}\n{}", x.name, signed(lang, v))
            });
            m
        })
        .collect()
}

/// The fibre network after, and the fibre features added and removed.
fn fibre_change_lines(base: &RunResult, scenario: &RunResult, proj: &Projection) -> Vec<LineLayer> {
    let lang = scenario.scenario.outputs.language;
    let fids = |r: &RunResult| -> BTreeSet<String> {
        r.inputs.fibre.feature_ids.iter().cloned().collect()
    };
    let (fb, fa) = (fids(base), fids(scenario));
    let new_fibre: BTreeSet<&str> = fa.difference(&fb).map(String::as_str).collect();
    let gone_fibre: BTreeSet<&str> = fb.difference(&fa).map(String::as_str).collect();
    let mut lines = vec![LineLayer {
        width: 1.6,
        ..LineLayer::fibre(
            crate::output::words::capital(lang.term(Term::FibreNetwork)),
            fibre_lines(proj, &scenario.inputs.fibre.segments),
        )
    }];
    if !new_fibre.is_empty() {
        lines.push(LineLayer {
            name: fill(
                lang.term(Term::NewFibreFeatures),
                &[("n", new_fibre.len().to_string())],
            ),
            lines: fibre_of(proj, scenario, &new_fibre),
            colour: Rgb(0xE7, 0x29, 0x8A),
            width: 5.0,
            dash: None,
            casing: Some(palette::WHITE),
        });
    }
    if !gone_fibre.is_empty() {
        lines.push(LineLayer {
            name: fill(
                lang.term(Term::RemovedFibreFeatures),
                &[("n", gone_fibre.len().to_string())],
            ),
            lines: fibre_of(proj, base, &gone_fibre),
            colour: Rgb(0x25, 0x25, 0x25),
            width: 3.0,
            dash: Some(vec![8.0, 5.0]),
            casing: Some(palette::WHITE),
        });
    }
    lines
}

/// The sites added and removed.
fn site_change_points(
    base: &RunResult,
    scenario: &RunResult,
    proj: &Projection,
) -> Vec<PointLayer> {
    let lang = scenario.scenario.outputs.language;
    let ids = |r: &RunResult| -> BTreeSet<String> { r.inputs.sites.ids.iter().cloned().collect() };
    let (sb, sa) = (ids(base), ids(scenario));
    let new_sites: BTreeSet<&str> = sa.difference(&sb).map(String::as_str).collect();
    let gone_sites: BTreeSet<&str> = sb.difference(&sa).map(String::as_str).collect();
    let mut points = Vec::new();
    if !new_sites.is_empty() {
        points.push(PointLayer {
            name: fill(
                lang.term(Term::NewSitesCount),
                &[("n", new_sites.len().to_string())],
            ),
            points: site_points(proj, scenario, &new_sites),
            marker: Marker::Triangle,
            colour: Rgb(0x08, 0x45, 0x94),
            outline: palette::WHITE,
            size: 18.0,
        });
    }
    if !gone_sites.is_empty() {
        points.push(PointLayer {
            name: fill(
                lang.term(Term::RemovedSitesCount),
                &[("n", gone_sites.len().to_string())],
            ),
            points: site_points(proj, base, &gone_sites),
            marker: Marker::Square,
            colour: Rgb(0x25, 0x25, 0x25),
            outline: palette::WHITE,
            size: 12.0,
        });
    }
    points
}

/// District outlines from the communes' parent field (union per parent).
fn dissolve(c: &Comparison, r: &RunResult, proj: &Projection) -> Vec<geo::MultiPolygon<f64>> {
    let mut groups: std::collections::BTreeMap<&str, Vec<Polygon<f64>>> = Default::default();
    for (a, x) in r.inputs.areas.items.iter().zip(&c.communes) {
        if let Some(p) = &x.parent {
            groups
                .entry(p.as_str())
                .or_default()
                .extend(proj.forward_multipolygon(&a.geometry).0);
        }
    }
    groups.into_values().map(|p| geo::unary_union(&p)).collect()
}
