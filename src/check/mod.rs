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
//! The checks run in [`crate::pipeline::load`], which reads every layer
//! leniently and checks it:
//!
//! ```no_run
//! use phusong::{config::Scenario, pipeline};
//! let scenario = Scenario::load("data/demo.toml".as_ref())?;
//! let loaded = pipeline::load(&scenario)?;
//! for f in &loaded.report().findings {
//!     println!("{f}");
//! }
//! # Ok::<(), phusong::Error>(())
//! ```

pub mod extents;
pub mod fibre;
pub mod groups;
pub mod households;
pub mod nearest_commune;
pub mod network;
pub mod polygons;
mod rect_clip;
pub mod sites;
pub mod validity;

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

pub use crate::problem::{Kind, Severity};

use crate::config::{CheckParams, LayerKind};
use crate::input::LayerMeta;
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
    /// Every problem found, errors and warnings, in layer order (all of
    /// them: counts are exact).
    pub findings: Vec<Finding>,
    /// How many findings of one kind and file the console lists one by
    /// one (`[check] max_listed`); see [`Report::listed`].
    #[serde(skip)]
    pub max_listed: usize,
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

/// Collects findings, applying the scenario's severities.
pub struct Collector<'a> {
    params: &'a CheckParams,
    report: Report,
}

impl<'a> Collector<'a> {
    /// An empty collector.
    pub fn new(params: &'a CheckParams) -> Self {
        Collector {
            params,
            report: Report::default(),
        }
    }

    /// The check parameters.
    pub fn params(&self) -> &CheckParams {
        self.params
    }

    /// Add a finding (dropped when its kind is `off`). Every finding is
    /// kept, so that counts are exact and `problems.csv` lists them all;
    /// `max_listed` only limits what the console lists one by one.
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

    /// The report: every finding, and the listing limit per kind and file.
    pub fn finish(mut self) -> Report {
        self.report.max_listed = self.params.max_listed;
        self.report
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
        // Every problem is kept and counted; two per kind and file listed.
        assert_eq!(r.errors().count(), 5, "{:#?}", r.findings);
        assert_eq!(r.warnings().count(), 1);
        assert_eq!(r.listed().count(), 3);
        let g = r.groups();
        assert_eq!(
            (g[0].kind, g[0].count, g[0].examples.len()),
            (Kind::DuplicateId, 5, 3)
        );
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
