//! Data hygiene: `phusong check` validates every layer of a scenario and
//! reports each problem with its file and row or feature, as an error or a
//! warning (configurable in the scenario's `[check]` table, see
//! [`CheckParams`]). `phusong run` performs the same checks first and
//! refuses errors unless told `--allow-invalid`.
//!
//! One file per kind of check: [`polygons`] (validity, overlaps, gaps),
//! [`households`] (duplicates, outside and far outside the communes),
//! [`sites`] (conflicting positions), [`fibre`] (zero-length lines),
//! [`extents`] (layers that lie away from the communes: a CRS mismatch).
//! Problems found while reading (coordinates out of range, implausible
//! site values, duplicate area codes, unclosed rings…) come from the
//! readers in lenient mode.
//!
//! ```no_run
//! use phusong::{check, input::Scenario};
//! let scenario = Scenario::load("data/demo.toml".as_ref())?;
//! let checked = check::check_scenario(&scenario);
//! for f in &checked.report.findings {
//!     println!("{f}");
//! }
//! # Ok::<(), phusong::Error>(())
//! ```

pub mod extents;
pub mod fibre;
pub mod households;
pub mod kind;
pub mod polygons;
pub mod sites;
pub mod validity;

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

pub use kind::{CheckParams, Kind, Severity};

use crate::engine::Inputs;
use crate::input::scenario::LayerKind;
use crate::input::{
    read_areas_with, read_fibre_with, read_households_with, read_sites_with, LayerMeta, Read,
    RowProblem, Scenario,
};
use crate::projection::Projection;
use crate::Error;

/// One problem in the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind of problem.
    pub kind: Kind,
    /// Error or warning.
    pub severity: Severity,
    /// The file it is in.
    pub file: PathBuf,
    /// "line 12", "feature 3 (code 32003)", or empty for the whole file.
    pub location: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: ", self.severity, self.file.display())?;
        if !self.location.is_empty() {
            write!(f, "{}: ", self.location)?;
        }
        write!(f, "{} [{}]", self.message, self.kind)
    }
}

/// What was read of one layer.
#[derive(Debug, Clone, Serialize)]
pub struct LayerSummary {
    /// Which layer.
    pub layer: LayerKind,
    /// The file.
    pub path: PathBuf,
    /// Items read (rows, features or areas); `None` when unreadable.
    pub items: Option<usize>,
    /// The CRS it was read in (e.g. `EPSG:9207`).
    pub crs: Option<String>,
    /// Where the CRS came from.
    pub crs_source: Option<crate::input::CrsSource>,
}

/// The result of checking a scenario.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The layers as read.
    pub layers: Vec<LayerSummary>,
    /// Every problem found, errors and warnings, in layer order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

/// A report and, when every layer could be read, the inputs (bad rows and
/// features skipped) with where each item came from.
pub struct Checked {
    /// The problems.
    pub report: Report,
    /// The inputs, when every layer was readable.
    pub inputs: Option<Inputs>,
    /// The area of each household (index into the sorted areas, or
    /// [`crate::engine::UNASSIGNED`]) under the engine's rule, when the
    /// households were checked against the areas; a run reuses it (see
    /// [`crate::engine::run_with_assignment`]).
    pub area: Option<Vec<u32>>,
    /// Seconds spent reading the layers, and locating the households in
    /// the areas (the engine's "read" and "assign" stages).
    pub read_s: f64,
    /// See `read_s`.
    pub assign_s: f64,
}

/// Collects findings, applying the scenario's severities and the
/// `max_listed` cap per (kind, file).
pub struct Collector<'a> {
    params: &'a CheckParams,
    report: Report,
    counts: std::collections::BTreeMap<(Kind, PathBuf), usize>,
}

impl<'a> Collector<'a> {
    /// An empty collector.
    pub fn new(params: &'a CheckParams) -> Self {
        Collector {
            params,
            report: Report::default(),
            counts: Default::default(),
        }
    }

    /// The check parameters.
    pub fn params(&self) -> &CheckParams {
        self.params
    }

    /// Add a finding (dropped when its kind is `off`; counted but not
    /// listed beyond `max_listed` per kind and file).
    pub fn add(
        &mut self,
        kind: Kind,
        file: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) {
        let severity = self.params.severity_of(kind);
        if severity == Severity::Off {
            return;
        }
        let file = file.into();
        let n = self.counts.entry((kind, file.clone())).or_insert(0);
        *n += 1;
        if *n > self.params.max_listed {
            return;
        }
        self.report.findings.push(Finding {
            kind,
            severity,
            file,
            location: location.into(),
            message: message.into(),
        });
    }

    /// Add a reader error: a row problem under the kind it carries, or
    /// under `kind` when given (a layer that could not be read is
    /// [`Kind::UnreadableLayer`] whatever stopped it).
    pub fn add_error(&mut self, kind: Option<Kind>, e: &Error) {
        match e {
            Error::Input {
                path,
                location,
                kind: carried,
                message,
            } => {
                let kind = kind.unwrap_or(*carried);
                self.add(kind, path, location.trim_end_matches(": "), message.clone());
            }
            Error::Io { path, source } => {
                self.add(
                    Kind::UnreadableLayer,
                    path,
                    "",
                    format!("cannot read the file: {source}"),
                );
            }
            other => self.add(Kind::UnreadableLayer, "", "", other.to_string()),
        }
    }

    /// The report, with a summary line for each (kind, file) that had more
    /// problems than were listed.
    pub fn finish(mut self) -> Report {
        for ((kind, file), n) in &self.counts {
            if *n > self.params.max_listed {
                let severity = self.params.severity_of(*kind);
                self.report.findings.push(Finding {
                    kind: *kind,
                    severity,
                    file: file.clone(),
                    location: String::new(),
                    message: format!(
                        "{} more problems of this kind are not listed ({n} in all)",
                        n - self.params.max_listed
                    ),
                });
            }
        }
        self.report
    }
}

fn summary<T>(
    layer: LayerKind,
    path: &std::path::Path,
    r: Option<&Read<T>>,
    n: usize,
) -> LayerSummary {
    LayerSummary {
        layer,
        path: path.to_path_buf(),
        items: r.map(|_| n),
        crs: r.map(|r| r.meta.crs.label().to_string()),
        crs_source: r.map(|r| r.meta.crs_source),
    }
}

fn take<T>(c: &mut Collector<'_>, r: crate::Result<Read<T>>) -> Option<Read<T>> {
    match r {
        Ok(mut read) => {
            for RowProblem { error } in std::mem::take(&mut read.problems) {
                c.add_error(None, &error);
            }
            Some(read)
        }
        Err(e) => {
            c.add_error(Some(Kind::UnreadableLayer), &e);
            None
        }
    }
}

/// Read every layer of `scenario` leniently and check it.
pub fn check_scenario(scenario: &Scenario) -> Checked {
    let params = &scenario.check;
    let mut c = Collector::new(params);
    let l = &scenario.layers;
    let opts = |k: LayerKind| scenario.read_options(k, true);
    let clock = std::time::Instant::now();
    let areas = take(
        &mut c,
        opts(LayerKind::Areas).and_then(|o| read_areas_with(&l.areas, &scenario.areas, &o)),
    );
    let households = take(
        &mut c,
        opts(LayerKind::Households).and_then(|o| read_households_with(&l.households, &o)),
    );
    let fibre = take(
        &mut c,
        opts(LayerKind::Fibre).and_then(|o| read_fibre_with(&l.fibre, &o)),
    );
    let sites = take(
        &mut c,
        opts(LayerKind::Sites).and_then(|o| read_sites_with(&l.sites, &o)),
    );
    let read_s = clock.elapsed().as_secs_f64();
    let mut assign_s = 0.0;
    let mut area = None;
    let layers = vec![
        summary(
            LayerKind::Areas,
            &l.areas,
            areas.as_ref(),
            areas.as_ref().map_or(0, |a| a.data.len()),
        ),
        summary(
            LayerKind::Households,
            &l.households,
            households.as_ref(),
            households.as_ref().map_or(0, |h| h.data.len()),
        ),
        summary(
            LayerKind::Fibre,
            &l.fibre,
            fibre.as_ref(),
            fibre.as_ref().map_or(0, |f| f.data.feature_ids.len()),
        ),
        summary(
            LayerKind::Sites,
            &l.sites,
            sites.as_ref(),
            sites.as_ref().map_or(0, |s| s.data.len()),
        ),
    ];

    // A metric plane for areas and distances, centred on the data.
    let projection = areas.as_ref().and_then(|a| {
        let (lo, hi) = a
            .data
            .items
            .iter()
            .flat_map(|x| x.geometry.0.iter())
            .flat_map(|p| p.exterior().0.iter())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
                (lo.min(c.x), hi.max(c.x))
            });
        Projection::choose(&scenario.projection, lo, hi).ok()
    });

    if let (Some(a), Some(proj)) = (&areas, &projection) {
        let geo = polygons::check_polygons(&mut c, &a.data, &a.meta, proj);
        if let Some(h) = &households {
            let clock = std::time::Instant::now();
            area = Some(households::check_households(
                &mut c, &h.data, &h.meta, &a.data, &geo, proj,
            ));
            assign_s = clock.elapsed().as_secs_f64();
        }
        for (kind, meta, pts) in [
            (
                LayerKind::Households,
                households.as_ref().map(|h| &h.meta),
                households
                    .as_ref()
                    .map(|h| extents::points_bbox(&h.data.lon, &h.data.lat)),
            ),
            (
                LayerKind::Sites,
                sites.as_ref().map(|s| &s.meta),
                sites
                    .as_ref()
                    .map(|s| extents::points_bbox(&s.data.lon, &s.data.lat)),
            ),
            (
                LayerKind::Fibre,
                fibre.as_ref().map(|f| &f.meta),
                fibre.as_ref().map(|f| extents::fibre_bbox(&f.data)),
            ),
        ] {
            if let (Some(meta), Some(Some(bbox))) = (meta, pts) {
                extents::check_extent(&mut c, kind, meta, bbox, &a.meta, &geo.bbox_deg);
            }
        }
    } else if let Some(h) = &households {
        households::check_duplicate_ids(&mut c, &h.data, &h.meta);
    }
    if let Some(s) = &sites {
        sites::check_sites(&mut c, &s.data, &s.meta);
    }
    if let Some(f) = &fibre {
        fibre::check_fibre(&mut c, &f.data, &f.meta);
    }
    // The scenario's [add] layers are checked like the base layers.
    let added_fibre: Vec<_> = crate::input::edits::read_added_fibre(scenario, true)
        .into_iter()
        .map(|r| take(&mut c, r))
        .collect();
    let added_sites: Vec<_> = crate::input::edits::read_added_sites(scenario, true)
        .into_iter()
        .map(|r| take(&mut c, r))
        .collect();
    for f in added_fibre.iter().flatten() {
        fibre::check_fibre(&mut c, &f.data, &f.meta);
    }
    for s in added_sites.iter().flatten() {
        sites::check_sites(&mut c, &s.data, &s.meta);
    }
    let all_added =
        added_fibre.iter().all(Option::is_some) && added_sites.iter().all(Option::is_some);

    let inputs = match (areas, households, fibre, sites) {
        (Some(a), Some(h), Some(mut f), Some(mut s)) if all_added => {
            added_fibre
                .into_iter()
                .flatten()
                .for_each(|r| f.data.append(r.data));
            added_sites
                .into_iter()
                .flatten()
                .for_each(|r| s.data.append(r.data));
            match crate::input::edits::remove_and_filter(scenario, &mut f.data, &mut s.data) {
                Ok(()) => Some(Inputs {
                    areas: a.data,
                    households: h.data,
                    fibre: f.data,
                    sites: s.data,
                }),
                Err(e) => {
                    c.add_error(Some(Kind::UnreadableLayer), &e);
                    None
                }
            }
        }
        _ => None,
    };
    let mut report = c.finish();
    report.layers = layers;
    Checked {
        report,
        inputs,
        area,
        read_s,
        assign_s,
    }
}

/// Where an item of a layer came from, for messages: its source (line or
/// feature) when known, else its index.
pub fn locate(meta: &LayerMeta, index: usize) -> String {
    meta.sources
        .get(index)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("item {}", index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_and_caps() {
        let mut params = CheckParams {
            max_listed: 2,
            ..Default::default()
        };
        params.severity.insert(Kind::Gap, Severity::Off);
        let mut c = Collector::new(&params);
        for i in 0..5 {
            c.add(Kind::DuplicateId, "h.csv", format!("line {i}"), "dup");
        }
        c.add(Kind::Gap, "a.geojson", "", "gap");
        c.add(Kind::OutsideCommunes, "h.csv", "line 9", "outside");
        let r = c.finish();
        assert_eq!(r.errors().count(), 3, "{:#?}", r.findings);
        assert_eq!(r.warnings().count(), 1);
        assert!(r
            .findings
            .iter()
            .any(|f| f.message.contains("3 more problems")));
        assert_eq!(
            r.findings[0].to_string(),
            "error: h.csv: line 0: dup [duplicate-id]"
        );
    }

    #[test]
    fn reader_errors_keep_their_kind_whatever_the_words() {
        let params = CheckParams::default();
        let mut c = Collector::new(&params);
        // Words that once decided the kind ("ring", "occurs more than once").
        c.add_error(
            None,
            &Error::invalid_value("f.geojson", "feature 2", "a LineString needs 2 positions"),
        );
        c.add_error(
            None,
            &Error::implausible_site("s.csv", "line 3", "the id occurs more than once"),
        );
        c.add_error(
            Some(Kind::UnreadableLayer),
            &Error::coordinate_out_of_range("h.csv", "line 2", "bad"),
        );
        let kinds: Vec<Kind> = c.finish().findings.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::InvalidValue,
                Kind::ImplausibleSite,
                Kind::UnreadableLayer
            ]
        );
    }
}
