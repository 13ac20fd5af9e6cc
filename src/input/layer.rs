//! What every layer reader shares: the layer's CRS, the scenario's column
//! names, where each item came from (line or feature), and — when reading
//! for `phusong check` — the rows that could not be read, collected instead
//! of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::{ColumnNames, LayerKind, Scenario};
use crate::crs::Crs;
use crate::input::table::check_lon_lat;
use crate::problem::Kind;
use crate::{Error, Result};

/// Where an item of a layer came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A CSV line (1-based, header on line 1).
    Line(u64),
    /// A GeoJSON or Shapefile feature (1-based).
    Feature(usize),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Line(l) => write!(f, "line {l}"),
            Source::Feature(i) => write!(f, "feature {i}"),
        }
    }
}

/// How to read one layer.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The CRS the scenario gives for the layer (`[crs]`); `None` to use
    /// the file's own declaration, else WGS 84.
    pub crs: Option<Crs>,
    /// Column names from the scenario.
    pub columns: ColumnNames,
    /// Collect bad rows/features as [`RowProblem`]s and skip them instead
    /// of failing on the first (used by `phusong check`).
    pub lenient: bool,
}

/// How to read a layer of `scenario`: its CRS (`[crs]`) and column names
/// (`[columns]`); `lenient` collects bad rows instead of failing on the
/// first (for `phusong check`).
pub fn read_options(scenario: &Scenario, layer: LayerKind, lenient: bool) -> Result<ReadOptions> {
    let columns = match layer {
        LayerKind::Households => scenario.columns.households.clone(),
        LayerKind::Sites => scenario.columns.sites.clone(),
        _ => ColumnNames::default(),
    };
    Ok(ReadOptions {
        crs: scenario.layer_crs(layer)?,
        columns,
        lenient,
    })
}

/// Where a layer's CRS came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrsSource {
    /// The scenario's `[crs]` table.
    Scenario,
    /// The file: a GeoJSON `crs` member or a Shapefile `.prj`.
    File,
    /// Nothing declared: WGS 84 assumed.
    Default,
}

/// Whether a network element — a cell site or a fibre feature — exists
/// today or is planned (the `status` column or property).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// On air or in service today (the default).
    #[default]
    Existing,
    /// Planned.
    Planned,
}

/// Parse a `status` cell or property: existing (also empty, "on air",
/// "active") or planned (also "plan", "proposed").
pub(crate) fn parse_status(path: &Path, loc: &str, text: Option<&str>) -> Result<Status> {
    match text.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("existing") | Some("on air") | Some("on-air") | Some("active") => {
            Ok(Status::Existing)
        }
        Some("planned") | Some("plan") | Some("proposed") => Ok(Status::Planned),
        Some(other) => Err(Error::invalid_value(
            path,
            loc,
            format!("`status` must be existing or planned, found {other:?}"),
        )),
    }
}

/// A row or feature that could not be read (lenient reading only).
#[derive(Debug)]
pub struct RowProblem {
    /// The error, naming the file and the row or feature; always an
    /// [`Error::Input`], which carries the kind of problem.
    pub error: Error,
}

impl RowProblem {
    /// The kind of problem, as set where the error was made.
    pub fn kind(&self) -> Kind {
        self.error.kind().unwrap_or(Kind::InvalidValue)
    }
}

/// What a reader learnt about a layer besides its data.
#[derive(Debug, Clone)]
pub struct LayerMeta {
    /// The file.
    pub path: PathBuf,
    /// The CRS its coordinates were converted from.
    pub crs: Crs,
    /// Where that CRS came from.
    pub crs_source: CrsSource,
    /// Where each item came from, aligned with the layer's items (areas:
    /// in the sorted order of `Areas::items`; fibre: per feature).
    pub sources: Sources,
}

/// The sources of a layer's items, in item order, stored as runs of
/// consecutive lines or features: a household file of 30 million rows
/// with no blank or bad line is one run, not 480 MB of [`Source`]s.
///
/// ```
/// use phusong::input::{Source, Sources};
/// let s: Sources = [2, 3, 4, 7, 8].map(Source::Line).into_iter().collect();
/// assert_eq!((s.len(), s.get(2), s.get(3)), (5, Some(Source::Line(4)), Some(Source::Line(7))));
/// assert_eq!(s.get(5), None);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// (index of the run's first item, that item's source), by index.
    runs: Vec<(usize, Source)>,
    len: usize,
    /// The source that continues the last run.
    next: Option<Source>,
}

impl Source {
    /// The next line or feature.
    fn next(self) -> Source {
        match self {
            Source::Line(l) => Source::Line(l + 1),
            Source::Feature(i) => Source::Feature(i + 1),
        }
    }

    /// The `k`-th line or feature after this one.
    fn plus(self, k: usize) -> Source {
        match self {
            Source::Line(l) => Source::Line(l + k as u64),
            Source::Feature(i) => Source::Feature(i + k),
        }
    }
}

impl Sources {
    /// Append the source of the next item.
    pub fn push(&mut self, s: Source) {
        if self.next != Some(s) {
            self.runs.push((self.len, s));
        }
        self.next = Some(s.next());
        self.len += 1;
    }

    /// The source of item `i`, `None` past the end.
    pub fn get(&self, i: usize) -> Option<Source> {
        if i >= self.len {
            return None;
        }
        let r = self.runs.partition_point(|&(start, _)| start <= i) - 1;
        let (start, first) = self.runs[r];
        Some(first.plus(i - start))
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every source, in item order.
    pub fn iter(&self) -> impl Iterator<Item = Source> + '_ {
        self.runs
            .iter()
            .enumerate()
            .flat_map(move |(r, &(start, first))| {
                let end = self.runs.get(r + 1).map_or(self.len, |&(s, _)| s);
                (0..end - start).map(move |k| first.plus(k))
            })
    }

    /// Keep the items whose source satisfies `keep`, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Source) -> bool) {
        let mut out = Sources::default();
        for s in self.iter() {
            if keep(&s) {
                out.push(s);
            }
        }
        *self = out;
    }

    /// Append every source of `other`, in order.
    pub fn append(&mut self, other: Sources) {
        for (r, &(start, first)) in other.runs.iter().enumerate() {
            let end = other.runs.get(r + 1).map_or(other.len, |&(s, _)| s);
            // The first item through `push` (it may continue our last
            // run), the rest of the run at once.
            self.push(first);
            self.len += end - start - 1;
            self.next = Some(first.plus(end - start));
        }
    }
}

impl fmt::Debug for Sources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl FromIterator<Source> for Sources {
    fn from_iter<I: IntoIterator<Item = Source>>(iter: I) -> Self {
        let mut s = Sources::default();
        iter.into_iter().for_each(|x| s.push(x));
        s
    }
}

impl From<Vec<Source>> for Sources {
    fn from(v: Vec<Source>) -> Self {
        v.into_iter().collect()
    }
}

/// A layer as read: its data, what was learnt about it, and the rows or
/// features skipped in lenient reading.
#[derive(Debug)]
pub struct Read<T> {
    /// The layer's data.
    pub data: T,
    /// CRS and item sources.
    pub meta: LayerMeta,
    /// Rows or features that could not be read (lenient reading only).
    pub problems: Vec<RowProblem>,
}

/// Resolve a layer's CRS from the scenario's choice and the file's own
/// declaration; an error when both exist and disagree.
pub fn resolve_crs(
    path: &Path,
    scenario: Option<&Crs>,
    declared: Option<Crs>,
) -> Result<(Crs, CrsSource)> {
    match (scenario, declared) {
        (Some(s), Some(d)) if *s != d => Err(Error::unreadable_layer(
            path,
            "",
            format!(
                "the file declares its CRS as {d} but the scenario's [crs] table says {s}; \
                 remove one of them or make them agree"
            ),
        )),
        (Some(s), _) => Ok((s.clone(), CrsSource::Scenario)),
        (None, Some(d)) => Ok((d, CrsSource::File)),
        (None, None) => Ok((Crs::wgs84(), CrsSource::Default)),
    }
}

/// Convert a coordinate pair of `crs` to checked WGS 84 `[lon, lat]`, with
/// errors that name the file and location and say what looks wrong.
pub fn to_lon_lat(path: &Path, crs: &Crs, location: &str, x: f64, y: f64) -> Result<[f64; 2]> {
    if crs.is_wgs84() {
        check_lon_lat(path, location, x, y)?;
        return Ok([x, y]);
    }
    if !crs.is_geographic() && x.abs() <= 360.0 && y.abs() <= 360.0 {
        return Err(Error::coordinate_out_of_range(
            path,
            location,
            format!(
                "({x}, {y}) looks like longitude/latitude in degrees but the layer's CRS is {crs} \
                 (metres); fix the layer's CRS in the scenario's [crs] table"
            ),
        ));
    }
    let [lon, lat] = crs
        .to_wgs84(x, y)
        .map_err(|e| Error::coordinate_out_of_range(path, location, e))?;
    check_lon_lat(path, location, lon, lat).map_err(|_| {
        Error::coordinate_out_of_range(
            path,
            location,
            format!(
                "({x}, {y}) in {crs} converts to longitude {lon:.4}, latitude {lat:.4}, which is not \
                 a valid position; check the layer's CRS and the column order"
            ),
        )
    })?;
    Ok([lon, lat])
}

/// Collects row problems in lenient mode; returns them as errors otherwise.
#[derive(Debug, Default)]
pub struct Problems {
    lenient: bool,
    /// The problems collected so far.
    pub items: Vec<RowProblem>,
}

impl Problems {
    /// A collector; `lenient` as in [`ReadOptions::lenient`].
    pub fn new(lenient: bool) -> Self {
        Problems {
            lenient,
            items: Vec::new(),
        }
    }

    /// Whether bad items are collected (else the first is an error).
    pub fn lenient(&self) -> bool {
        self.lenient
    }

    /// Pass an item's result through: `Ok(Some(v))` when it was read,
    /// `Ok(None)` when it was bad and collected (lenient), `Err` otherwise.
    pub fn keep<T>(&mut self, r: Result<T>) -> Result<Option<T>> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(e @ Error::Input { .. }) if self.lenient => {
                self.items.push(RowProblem { error: e });
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projected_crs_with_degrees_says_so() {
        let crs = Crs::parse("EPSG:32648").unwrap();
        let e = to_lon_lat(Path::new("h.csv"), &crs, "line 2", 105.1, 9.2)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("h.csv: line 2:") && e.contains("looks like longitude/latitude"),
            "{e}"
        );
        let ok = to_lon_lat(Path::new("h.csv"), &crs, "line 2", 516742.693, 1014413.394).unwrap();
        assert!((ok[0] - 105.1524).abs() < 1e-6 && (ok[1] - 9.1769).abs() < 1e-6);
    }

    #[test]
    fn disagreeing_crs_is_an_error() {
        let a = Crs::parse("EPSG:32648").unwrap();
        let b = Crs::parse("EPSG:3405").unwrap();
        let e = resolve_crs(Path::new("a.shp"), Some(&a), Some(b)).unwrap_err();
        assert!(
            e.to_string().contains("declares its CRS as EPSG:3405"),
            "{e}"
        );
        let (c, s) = resolve_crs(Path::new("a.shp"), None, None).unwrap();
        assert!(c.is_wgs84() && s == CrsSource::Default);
    }

    /// `Sources` behaves as the `Vec<Source>` it replaces: get, len,
    /// iter, retain and append, on runs broken by gaps and kind changes.
    #[test]
    fn sources_equal_a_vec() {
        let mut lcg = crate::test_rng::Lcg(7u64);
        let mut rnd = move |n: u64| lcg.below(n);
        for _ in 0..300 {
            let mut make = |n: u64| {
                let mut v = Vec::new();
                let mut line = 1 + rnd(5);
                for _ in 0..rnd(n) {
                    line += [1, 1, 1, 2, 5][rnd(5) as usize];
                    v.push(match rnd(10) {
                        0 => Source::Feature(rnd(4) as usize),
                        _ => Source::Line(line),
                    });
                }
                v
            };
            let (a, b) = (make(40), make(40));
            let mut s: Sources = a.clone().into();
            let check = |s: &Sources, v: &[Source]| {
                assert_eq!(s.len(), v.len());
                assert_eq!(s.iter().collect::<Vec<_>>(), v);
                for (i, x) in v.iter().enumerate() {
                    assert_eq!(s.get(i), Some(*x));
                }
                assert_eq!(s.get(v.len()), None);
            };
            check(&s, &a);
            s.append(b.iter().copied().collect());
            let mut v = [a, b].concat();
            check(&s, &v);
            let drop = rnd(7) + 2;
            let mut k = 0;
            s.retain(|_| {
                k += 1;
                k % drop != 0
            });
            let mut k = 0;
            v.retain(|_| {
                k += 1;
                k % drop != 0
            });
            check(&s, &v);
        }
    }
}
