//! The link-budget mobile model: a household is covered when the best
//! server's predicted RSRP (SS-RSRP for 5G) reaches the threshold.
//!
//! Each site row is a sector (or an omni antenna without an azimuth) with
//! its own [`SiteBudget`](crate::coverage::radio::SiteBudget): path loss
//! from the scenario's model, the 3GPP TR 38.901 sector pattern, the
//! shadowing margin for the chosen cell-edge reliability and, for indoor
//! receivers, the building entry loss. The budget's inverse gives each
//! sector a search radius, so the work per household stays proportional to
//! the sectors that can reach it.
//!
//! **Pruning.** Each sector carries a table of upper bounds of its RSRP
//! before antenna-pattern loss, by distance (sampled every
//! [`BOUND_STEP_M`] with a [`BOUND_SLACK_DB`] allowance for the shadowing σ
//! varying inside a step; shared between sectors with identical
//! parameters); minus the exact pattern loss towards the household, this
//! bounds the sector's RSRP there. A query evaluates candidates from the highest bound
//! down and stops when the next bound is below the best RSRP found: the
//! skipped sectors can neither be the best server nor change the covered
//! and good flags, so the result is the same as evaluating every sector
//! (tested against that brute force).
//!
//! The bounds are tightened lazily. Sectors at one position (the sectors
//! of a site: a *mast*) are found together, from a uniform grid listing
//! the masts that may reach each cell, and a mast enters the queue
//! with the largest of its sectors' tables at the distance alone (the
//! pattern loss is never negative); only when it comes first is the
//! bearing computed (one `atan2` for the mast, one depression angle per
//! antenna height) and its sectors queued with their exact pattern loss,
//! which the evaluation then reuses. Far masts whose distance bound is
//! below the best found are never looked at more closely.
//!
//! **Households no sector covers.** Beyond its search radius a sector's
//! RSRP is below the covered threshold, so the search above finds the true
//! best server of every covered household, but not of an uncovered one.
//! For those a second search looks at every sector within its *report
//! radius*, where its boresight RSRP reaches the covered threshold less
//! [`REPORT_FLOOR_DB`]: the best server is reported when it gives at least
//! that floor (no farther sector can give as much), and none otherwise, so
//! the reported server and RSRP are never a sector's that another beats.
//!
//! Bearings are measured in the projected plane (clockwise from grid
//! north). The grid convergence of the local Transverse Mercator is
//! Δλ·sin φ: under 0.1° within a province, negligible next to a 65° beam.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::sync::Arc;

use super::mast_grid::MastGrid;
use super::mobile::{MobileModel, MobileService};
use crate::config::Receiver;
use crate::config::Technology;
use crate::coverage::radio::{
    boresight_key, SiteBudget, SiteBudgets, SiteParams, TechnologyConfig,
};
use crate::input::SectorAttributes;
use crate::Result;

/// Distance step of the upper-bound tables, metres.
pub const BOUND_STEP_M: f64 = 10.0;
/// Allowance added to each bound for the variation of the path loss's σ
/// (and so the shadowing margin) inside one step, dB. The path loss itself
/// is monotone (tested in `radio`), so the larger end value of a step bounds
/// the median; σ changes by far less than this over 10 m.
pub const BOUND_SLACK_DB: f64 = 0.25;
/// Below this distance no pruning is done (the loss changes fast there).
const BOUND_MIN_M: f64 = 50.0;
/// How far below the covered threshold an uncovered household's best
/// server is still reported, dB; below that floor `site_*` and `rsrp_*` are
/// left empty. The report radius this gives is about 1.9 times the search
/// radius for a path-loss exponent of 3.5.
pub const REPORT_FLOOR_DB: f64 = 10.0;

/// One sector ready to evaluate.
#[derive(Debug, Clone)]
struct Sector {
    /// Site row index (the best server reported).
    row: u32,
    xy: [f64; 2],
    budget: SiteBudget,
    radius_m: f64,
    /// Where the boresight RSRP falls to the report floor (≥ `radius_m`).
    report_radius_m: f64,
    /// Upper bound of the receiver's RSRP for d in [j·step, (j+1)·step),
    /// up to the report radius.
    bound_dbm: Arc<Vec<f32>>,
}

impl Sector {
    #[inline]
    fn upper_bound_dbm(&self, d_m: f64) -> f64 {
        if d_m < BOUND_MIN_M {
            return f64::INFINITY;
        }
        let j = (d_m / BOUND_STEP_M) as usize;
        self.bound_dbm.get(j).map_or(f64::INFINITY, |&b| b as f64)
    }

    /// The radius within which the sector is considered for `reach`.
    #[inline]
    fn reach_m(&self, reach: Reach) -> f64 {
        match reach {
            Reach::Search => self.radius_m,
            Reach::Report => self.report_radius_m,
        }
    }
}

/// Which radius a search looks within.
#[derive(Debug, Clone, Copy)]
enum Reach {
    /// The search radius: covering sectors.
    Search,
    /// The report radius: the best server of an uncovered point.
    Report,
}

/// The sectors at one position (a site's sectors), searched together.
#[derive(Debug, Clone)]
struct Mast {
    xy: [f64; 2],
    /// Its sectors: `first..end` of `LinkBudget::sectors`.
    first: u32,
    end: u32,
    /// The largest search and report radius of its sectors.
    radius_m: f64,
    report_radius_m: f64,
}

impl Mast {
    fn sectors(&self) -> std::ops::Range<usize> {
        self.first as usize..self.end as usize
    }

    #[inline]
    fn reach_m(&self, reach: Reach) -> f64 {
        match reach {
            Reach::Search => self.radius_m,
            Reach::Report => self.report_radius_m,
        }
    }
}

/// The sectors grouped by position (bit for bit), the masts in order of
/// their first sector and each mast's sectors in input order.
fn group_by_mast(sectors: Vec<Sector>) -> (Vec<Sector>, Vec<Mast>) {
    let mut at: HashMap<[u64; 2], usize> = HashMap::new();
    let mut groups: Vec<Vec<Sector>> = Vec::new();
    for s in sectors {
        let key = [s.xy[0].to_bits(), s.xy[1].to_bits()];
        let g = *at.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(s);
    }
    let mut sectors = Vec::new();
    let mut masts = Vec::with_capacity(groups.len());
    for g in groups {
        let first = sectors.len() as u32;
        masts.push(Mast {
            xy: g[0].xy,
            first,
            end: first + g.len() as u32,
            radius_m: g.iter().map(|s| s.radius_m).fold(0.0, f64::max),
            report_radius_m: g.iter().map(|s| s.report_radius_m).fold(0.0, f64::max),
        });
        sectors.extend(g);
    }
    (sectors, masts)
}

/// An entry of a search's queue: a mast with the bound of its sectors
/// from the distance alone, or a sector with its exact bound and pattern
/// loss. Ordered by bound (then masts before sectors, then index, so that
/// the order of evaluation is fixed).
#[derive(Debug, Clone, Copy)]
struct Pending {
    bound: f64,
    /// Distance from the mast, metres.
    d: f64,
    /// The sector's pattern loss towards the point, dB; NaN for a mast.
    pattern_db: f64,
    /// Mast index (`pattern_db` NaN) or sector index.
    item: u32,
    mast: bool,
}

impl Pending {
    fn mast(bound: f64, d: f64, item: u32) -> Self {
        Pending {
            bound,
            d,
            pattern_db: f64::NAN,
            item,
            mast: true,
        }
    }

    fn sector(bound: f64, d: f64, item: u32, pattern_db: f64) -> Self {
        Pending {
            bound,
            d,
            pattern_db,
            item,
            mast: false,
        }
    }

    fn is_mast(&self) -> bool {
        self.mast
    }
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> Ordering {
        self.bound
            .total_cmp(&other.bound)
            .then(self.mast.cmp(&other.mast))
            .then(other.item.cmp(&self.item))
    }
}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Pending {}

fn bound_table(budget: &SiteBudget, receiver: Receiver, radius_m: f64) -> Vec<f32> {
    let value = |d: f64| -> f64 {
        match budget.boresight_reception(d) {
            Some(rx) => match receiver {
                Receiver::Outdoor => rx.rsrp_outdoor_dbm,
                Receiver::Indoor => rx.rsrp_indoor_dbm,
            },
            None => f64::INFINITY,
        }
    };
    let n = (radius_m / BOUND_STEP_M).ceil() as usize + 1;
    let ends: Vec<f64> = (0..=n).map(|j| value(j as f64 * BOUND_STEP_M)).collect();
    (0..n)
        .map(|j| {
            let b = ends[j].max(ends[j + 1]) + BOUND_SLACK_DB;
            // Round up so the f32 never falls below the f64 bound.
            let f = b as f32;
            if (f as f64) < b {
                f.next_up()
            } else {
                f
            }
        })
        .collect()
}

/// Link-budget coverage for the sectors of one technology.
#[derive(Debug, Clone)]
pub struct LinkBudget {
    tech: Technology,
    cfg: TechnologyConfig,
    receiver: Receiver,
    /// Grouped by mast (each mast's sectors contiguous, in row order).
    sectors: Vec<Sector>,
    masts: Vec<Mast>,
    /// The masts that may reach each cell, within their search radius
    /// and within their report radius.
    search_grid: MastGrid,
    report_grid: MastGrid,
    max_radius_m: f64,
    warnings: Vec<String>,
}

/// Check one sector's values exactly as [`LinkBudget::new`] does: the
/// error of a sector whose link budget is meaningless (e.g. an LTE
/// bandwidth the radio does not have). `phusong check` calls it on every
/// row, so that the run never meets such a sector.
/// `budgets` is the technology's builder, shared by the rows (so that each
/// distinct search radius is computed once).
pub fn check_sector(budgets: &mut SiteBudgets, attrs: &SectorAttributes) -> Result<()> {
    let params = sector_params(&budgets.config().site, attrs);
    budgets.budget(&params, attrs.azimuth_deg).map(|_| ())
}

/// A sector's parameters: the technology defaults overridden by what the
/// sites file gives.
pub fn sector_params(defaults: &SiteParams, a: &SectorAttributes) -> SiteParams {
    let mut p = defaults.clone();
    let set = |dst: &mut f64, v: Option<f64>| {
        if let Some(v) = v {
            *dst = v;
        }
    };
    set(&mut p.freq_mhz, a.freq_mhz);
    set(&mut p.height_m, a.height_m);
    set(&mut p.tx_power_dbm, a.tx_power_dbm);
    set(&mut p.antenna_gain_dbi, a.antenna_gain_dbi);
    set(&mut p.feeder_loss_db, a.feeder_loss_db);
    set(&mut p.bandwidth_mhz, a.bandwidth_mhz);
    set(&mut p.h_beamwidth_deg, a.beamwidth_deg);
    set(&mut p.downtilt_deg, a.downtilt_deg);
    p
}

impl LinkBudget {
    /// Build from `(site row, projected position, attributes)` of the
    /// technology's rows. `site_label(row)` names a row in error messages.
    pub fn new(
        tech: Technology,
        cfg: TechnologyConfig,
        receiver: Receiver,
        rows: impl IntoIterator<Item = (u32, [f64; 2], SectorAttributes)>,
        site_label: impl Fn(u32) -> String,
    ) -> Result<Self> {
        let mut sectors = Vec::new();
        let mut grouped: BTreeMap<String, usize> = BTreeMap::new();
        let mut tables: HashMap<[u64; 9], (f64, Arc<Vec<f32>>)> = HashMap::new();
        let (covered_dbm, _) = receiver_thresholds(&cfg, receiver);
        let mut budgets = SiteBudgets::new(cfg.clone());
        for (row, xy, attrs) in rows {
            let params = sector_params(&cfg.site, &attrs);
            let budget =
                budgets
                    .budget(&params, attrs.azimuth_deg)
                    .map_err(|e| crate::Error::Site {
                        site: site_label(row),
                        source: Box::new(e),
                    })?;
            for w in budget.warnings() {
                *grouped.entry(w.to_string()).or_default() += 1;
            }
            let radius_m = budget.search_radius_m();
            let (report_radius_m, bound_dbm) = tables
                .entry(boresight_key(&params))
                .or_insert_with(|| {
                    let floor_dbm = covered_dbm - REPORT_FLOOR_DB;
                    let r = report_radius_m(&budget, receiver, floor_dbm).max(radius_m);
                    (r, Arc::new(bound_table(&budget, receiver, r)))
                })
                .clone();
            sectors.push(Sector {
                row,
                xy,
                budget,
                radius_m,
                report_radius_m,
                bound_dbm,
            });
        }
        let n = sectors.len();
        let warnings = grouped
            .into_iter()
            .map(|(w, k)| format!("{tech} link budget, {k} of {n} sectors: {w}"))
            .collect();
        let max_radius_m = sectors.iter().map(|s| s.radius_m).fold(0.0, f64::max);
        let (sectors, masts) = group_by_mast(sectors);
        let reach = |r: Reach| -> Vec<([f64; 2], f64)> {
            masts.iter().map(|m| (m.xy, m.reach_m(r))).collect()
        };
        let search_grid = MastGrid::new(&reach(Reach::Search));
        let report_grid = MastGrid::new(&reach(Reach::Report));
        Ok(LinkBudget {
            tech,
            cfg,
            receiver,
            sectors,
            masts,
            search_grid,
            report_grid,
            max_radius_m,
            warnings,
        })
    }

    /// The largest sector search radius, metres.
    pub fn max_radius_m(&self) -> f64 {
        self.max_radius_m
    }

    /// The configuration used.
    pub fn config(&self) -> &TechnologyConfig {
        &self.cfg
    }

    /// Number of sectors a query at `p` looks at: those of the masts the
    /// grid lists for `p`, a superset of the sectors in reach (for
    /// benchmarks: households × candidate sectors).
    pub fn candidates(&self, p: [f64; 2]) -> usize {
        self.search_grid
            .near(p)
            .iter()
            .map(|&m| self.masts[m as usize].sectors().len())
            .sum()
    }

    /// Best-server RSRP at `p` in dBm with the site row and distance,
    /// `None` where no sector reaches. Candidates are evaluated from the
    /// highest upper bound down, stopping when no remaining sector can
    /// reach the best found (see the module docs).
    pub fn best_rsrp_dbm(&self, p: [f64; 2]) -> Option<(f64, u32, f64)> {
        self.best_rsrp_counted(p).0
    }

    /// Like [`best_rsrp_dbm`](Self::best_rsrp_dbm), also returning how many
    /// sectors were in reach and how many were evaluated in full.
    pub fn best_rsrp_counted(&self, p: [f64; 2]) -> (Option<(f64, u32, f64)>, usize, usize) {
        self.search(p, Reach::Search, f64::NEG_INFINITY)
    }

    /// The best server at `p` among the sectors within their `reach`
    /// radius whose RSRP is at least `floor_dbm` (`−∞`: any), with how
    /// many sectors were in reach and how many were evaluated in full.
    /// Masts, then sectors, are taken from a queue by their upper bound
    /// (module docs); the search stops when the largest bound left is
    /// below the best RSRP found (or the floor), so the skipped sectors can
    /// neither beat nor tie it.
    fn search(
        &self,
        p: [f64; 2],
        reach: Reach,
        floor_dbm: f64,
    ) -> (Option<(f64, u32, f64)>, usize, usize) {
        let grid = match reach {
            Reach::Search => &self.search_grid,
            Reach::Report => &self.report_grid,
        };
        let mut in_reach = 0;
        let mut queue: Vec<Pending> = Vec::with_capacity(32);
        for &mi in grid.near(p) {
            let m = &self.masts[mi as usize];
            let (dx, dy) = (p[0] - m.xy[0], p[1] - m.xy[1]);
            let d = (dx * dx + dy * dy).sqrt();
            if d > m.reach_m(reach) {
                continue;
            }
            let mut bound = f64::NEG_INFINITY;
            for s in &self.sectors[m.sectors()] {
                if d <= s.reach_m(reach) {
                    in_reach += 1;
                    // NaN would order first: keep such a mast in the queue.
                    let b = s.upper_bound_dbm(d);
                    bound = bound.max(if b.is_nan() { f64::INFINITY } else { b });
                }
            }
            if bound >= floor_dbm {
                queue.push(Pending::mast(bound, d, mi));
            }
        }
        let mut queue = BinaryHeap::from(queue);
        let mut best: Option<(f64, u32, f64)> = None;
        let mut evaluated = 0;
        while let Some(e) = queue.pop() {
            if best.is_some_and(|(b, _, _)| e.bound < b) {
                break;
            }
            if e.is_mast() {
                self.queue_sectors(p, e, reach, floor_dbm, &mut queue);
                continue;
            }
            evaluated += 1;
            let s = &self.sectors[e.item as usize];
            if let Some((rsrp, row)) = self.rsrp_with_pattern(s, e.d, e.pattern_db) {
                let better = match best {
                    None => true,
                    Some((b, r, _)) => rsrp > b || (rsrp == b && row < r),
                };
                if better {
                    best = Some((rsrp, row, e.d));
                }
            }
        }
        let any = floor_dbm == f64::NEG_INFINITY;
        let best = best.filter(|&(rsrp, _, _)| any || rsrp >= floor_dbm);
        (best, in_reach, evaluated)
    }

    /// Queue the sectors of mast `e` at `p` within `reach` with their
    /// exact bound (the table less the pattern loss towards `p`).
    fn queue_sectors(
        &self,
        p: [f64; 2],
        e: Pending,
        reach: Reach,
        floor_dbm: f64,
        queue: &mut BinaryHeap<Pending>,
    ) {
        let m = &self.masts[e.item as usize];
        let (dx, dy) = (p[0] - m.xy[0], p[1] - m.xy[1]);
        let bearing_deg = dx.atan2(dy).to_degrees();
        // The depression angle depends on the heights only: shared by the
        // mast's sectors that have the same (usually all).
        let mut depression: Option<([u64; 2], f64)> = None;
        for k in m.sectors() {
            let s = &self.sectors[k];
            if e.d > s.reach_m(reach) {
                continue;
            }
            let sp = s.budget.params();
            let heights = [sp.height_m.to_bits(), sp.ue_height_m.to_bits()];
            let dep = match depression {
                Some((h, v)) if h == heights => v,
                _ => {
                    let v = s.budget.depression_deg(e.d);
                    depression = Some((heights, v));
                    v
                }
            };
            let pattern_db = s.budget.pattern_loss_at_db(bearing_deg, dep);
            let bound = s.upper_bound_dbm(e.d) - pattern_db;
            if floor_dbm == f64::NEG_INFINITY || bound >= floor_dbm {
                queue.push(Pending::sector(bound, e.d, k as u32, pattern_db));
            }
        }
    }

    /// RSRP of sector `s` at distance `d` with the pattern loss towards
    /// the user, with its site row.
    fn rsrp_with_pattern(&self, s: &Sector, d: f64, pattern_db: f64) -> Option<(f64, u32)> {
        let rx = s.budget.reception_with_pattern(d, pattern_db)?;
        let rsrp = match self.receiver {
            Receiver::Outdoor => rx.rsrp_outdoor_dbm,
            Receiver::Indoor => rx.rsrp_indoor_dbm,
        };
        Some((rsrp, s.row))
    }

    /// RSRP of sector `k` at `p` (distance `d`), with its site row.
    fn sector_rsrp(&self, k: usize, p: [f64; 2], d: f64) -> Option<(f64, u32)> {
        let s = &self.sectors[k];
        let (dx, dy) = (p[0] - s.xy[0], p[1] - s.xy[1]);
        let bearing_deg = dx.atan2(dy).to_degrees();
        let rx = s.budget.reception(d, bearing_deg)?;
        let rsrp = match self.receiver {
            Receiver::Outdoor => rx.rsrp_outdoor_dbm,
            Receiver::Indoor => rx.rsrp_indoor_dbm,
        };
        Some((rsrp, s.row))
    }

    /// The best server by evaluating every sector in reach (no pruning):
    /// the reference for tests and benchmarks.
    pub fn best_rsrp_dbm_exhaustive(&self, p: [f64; 2]) -> Option<(f64, u32, f64)> {
        let mut best: Option<(f64, u32, f64)> = None;
        for (k, s) in self.sectors.iter().enumerate() {
            let (dx, dy) = (p[0] - s.xy[0], p[1] - s.xy[1]);
            let d = (dx * dx + dy * dy).sqrt();
            if d > s.radius_m {
                continue;
            }
            if let Some((rsrp, row)) = self.sector_rsrp(k, p, d) {
                let better = match best {
                    None => true,
                    Some((b, r, _)) => rsrp > b || (rsrp == b && row < r),
                };
                if better {
                    best = Some((rsrp, row, d));
                }
            }
        }
        best
    }

    /// The covered and good thresholds for the receiver, dBm.
    pub fn receiver_thresholds_dbm(&self) -> (f64, f64) {
        receiver_thresholds(&self.cfg, self.receiver)
    }

    /// The best server at `p` among the sectors within their report radius,
    /// when it gives at least the report floor (the covered threshold less
    /// [`REPORT_FLOOR_DB`]); for households no sector covers (see the
    /// module docs). Pruned like [`best_rsrp_dbm`](Self::best_rsrp_dbm),
    /// with the bound tables that reach the report radius.
    pub fn best_rsrp_below_threshold(&self, p: [f64; 2]) -> Option<(f64, u32, f64)> {
        let floor_dbm = self.receiver_thresholds_dbm().0 - REPORT_FLOOR_DB;
        self.search(p, Reach::Report, floor_dbm).0
    }
}

/// The covered and good thresholds of `receiver`, dBm.
fn receiver_thresholds(cfg: &TechnologyConfig, receiver: Receiver) -> (f64, f64) {
    let t = &cfg.thresholds;
    match receiver {
        Receiver::Outdoor => (t.covered_outdoor_dbm, t.good_outdoor_dbm),
        Receiver::Indoor => (t.covered_indoor_dbm, t.good_indoor_dbm),
    }
}

/// The largest distance at which the sector's boresight RSRP for
/// `receiver` (no pattern loss: its best case) still reaches `floor_dbm`;
/// beyond it the sector gives less than the floor in every direction.
fn report_radius_m(budget: &SiteBudget, receiver: Receiver, floor_dbm: f64) -> f64 {
    crate::coverage::radio::max_distance_m(
        |d| match budget.boresight_reception(d) {
            Some(rx) => match receiver {
                Receiver::Outdoor => rx.rsrp_outdoor_dbm - floor_dbm,
                Receiver::Indoor => rx.rsrp_indoor_dbm - floor_dbm,
            },
            None => f64::NEG_INFINITY,
        },
        1.0,
        crate::coverage::radio::MAX_SEARCH_RADIUS_M,
    )
}

impl MobileModel for LinkBudget {
    fn technology(&self) -> Technology {
        self.tech
    }

    fn evaluate(&self, p: [f64; 2]) -> MobileService {
        let (covered_dbm, good_dbm) = self.receiver_thresholds_dbm();
        // Not covered: the true best server, if it gives at least the
        // report floor (module docs).
        let best = match self.best_rsrp_dbm(p) {
            Some(b) if b.0 >= covered_dbm => Some(b),
            _ => self.best_rsrp_below_threshold(p),
        };
        match best {
            Some((rsrp, row, d)) => MobileService {
                best_site: Some(row),
                rsrp_dbm: rsrp as f32,
                distance_m: d as f32,
                covered: rsrp >= covered_dbm,
                good: rsrp >= good_dbm,
            },
            None => MobileService::NONE,
        }
    }

    fn describe(&self) -> serde_json::Value {
        let radii: Vec<f64> = self.sectors.iter().map(|s| s.radius_m).collect();
        let mean_radius = if radii.is_empty() {
            0.0
        } else {
            radii.iter().sum::<f64>() / radii.len() as f64
        };
        serde_json::json!({
            "model": "link-budget",
            "technology": self.tech.label(),
            "receiver": self.receiver,
            "sectors": self.sectors.len(),
            "propagation": self.cfg.model,
            "site_defaults": self.cfg.site,
            "thresholds_dbm": self.cfg.thresholds,
            "reliability": self.cfg.reliability,
            "indoor_loss": self.cfg.indoor_loss,
            "shadowing_sigma_db": self.cfg.shadowing_sigma_db,
            "search_radius_m": { "mean": mean_radius, "max": self.max_radius_m },
            "rsrp": "per resource element (RSRP for 4G, SS-RSRP for 5G), exceeded with the given reliability",
            "sources": "3GPP TR 38.901 V17 (path loss, antenna pattern, building loss); Hata 1980; COST 231 final report; ITU-R P.525",
        })
    }

    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    fn covered(&self, p: [f64; 2]) -> bool {
        let covered_dbm = self.receiver_thresholds_dbm().0;
        self.best_rsrp_dbm(p).is_some_and(|b| b.0 >= covered_dbm)
    }

    fn warns_on_distances(&self) -> bool {
        // No published distance range: no warning to count.
        self.cfg.model.validity().d_2d_m.is_some()
    }

    fn distance_warnings(&self, services: &[MobileService]) -> Vec<String> {
        let mut tally = crate::coverage::radio::DistanceTally::new(self.cfg.model.validity());
        for s in services.iter().filter(|s| s.best_site.is_some()) {
            tally.add(s.distance_m as f64);
        }
        let tech = self.tech;
        tally
            .warning("households")
            .map(|w| format!("{tech} link budget, {w}"))
            .into_iter()
            .collect()
    }

    fn thresholds_dbm(&self) -> Option<(f64, f64)> {
        Some(self.receiver_thresholds_dbm())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The LTE defaults' link budget over `rows` (sector rows), for `receiver`.
    fn lte(receiver: Receiver, rows: Vec<(u32, [f64; 2], SectorAttributes)>) -> LinkBudget {
        LinkBudget::new(
            Technology::G4,
            TechnologyConfig::lte_default(),
            receiver,
            rows,
            |r| r.to_string(),
        )
        .unwrap()
    }

    fn model(azimuths: &[Option<f64>]) -> LinkBudget {
        let rows = azimuths.iter().enumerate().map(|(i, &a)| {
            (
                i as u32,
                [0.0, 0.0],
                SectorAttributes {
                    azimuth_deg: a,
                    ..Default::default()
                },
            )
        });
        LinkBudget::new(
            Technology::G4,
            TechnologyConfig::lte_default(),
            Receiver::Outdoor,
            rows,
            |r| format!("row {r}"),
        )
        .unwrap()
    }

    #[test]
    fn best_server_is_the_sector_facing_the_household() {
        let m = model(&[Some(0.0), Some(120.0), Some(240.0)]);
        // Due east (bearing 90°) is nearer the 120° sector's boresight.
        let s = m.evaluate([500.0, 0.0]);
        assert_eq!(s.best_site, Some(1));
        assert!(s.covered);
        // Due north: sector 0.
        assert_eq!(m.evaluate([0.0, 800.0]).best_site, Some(0));
    }

    #[test]
    fn coverage_is_monotone_in_distance_beyond_the_tilt_and_bounded_by_the_search_radius() {
        // Closer than h/tan(tilt) ≈ 330 m the user is below the tilted
        // main beam and the vertical pattern attenuates: RSRP may rise with
        // distance there (physically right). Beyond, it must only fall.
        let m = model(&[None]);
        let mut last = f32::INFINITY;
        for k in 8..400 {
            let s = m.evaluate([0.0, 50.0 * k as f64]);
            if s.best_site.is_some() {
                assert!(
                    s.rsrp_dbm <= last + 1e-3,
                    "RSRP rises with distance at {} m",
                    50 * k
                );
                last = s.rsrp_dbm;
            }
        }
        // The search radius bounds coverage (it ignores pattern loss).
        let r = m.max_radius_m();
        assert!(r > 1000.0 && r < 20_000.0, "{r}");
        assert!(m.evaluate([0.0, r * 0.5]).covered);
        assert!(!m.evaluate([0.0, r * 1.01]).covered);
    }

    /// Uniform numbers in [0, 1): the same sequence for the same seed.
    fn uniform(state: u64) -> impl FnMut() -> f64 {
        let mut lcg = crate::test_rng::Lcg(state);
        move || lcg.unit()
    }

    #[test]
    fn pruned_search_equals_exhaustive_search() {
        // 60 three-sector sites with varied heights and tilts on a 20 km
        // square; compare at 4,000 random points.
        let mut rnd = uniform(99);
        let mut rows = Vec::new();
        for site in 0..60u32 {
            let xy = [rnd() * 20_000.0, rnd() * 20_000.0];
            let height = [25.0, 30.0, 40.0][site as usize % 3];
            for k in 0..3 {
                rows.push((
                    site * 3 + k,
                    xy,
                    SectorAttributes {
                        azimuth_deg: Some(120.0 * k as f64 + 10.0 * site as f64 % 120.0),
                        height_m: Some(height),
                        downtilt_deg: Some(2.0 + (site % 4) as f64),
                        ..Default::default()
                    },
                ));
            }
        }
        for receiver in [Receiver::Outdoor, Receiver::Indoor] {
            let m = lte(receiver, rows.clone());
            for _ in 0..4000 {
                let p = [rnd() * 20_000.0, rnd() * 20_000.0];
                assert_eq!(
                    m.best_rsrp_dbm(p),
                    m.best_rsrp_dbm_exhaustive(p),
                    "at {p:?}"
                );
            }
        }
    }

    /// Masts whose sectors differ in height, power, tilt and beamwidth
    /// (and omni antennas beside sectors): the lazily bounded search over
    /// the mast grid finds what evaluating every sector finds, for the
    /// covered search and for the report search, and evaluates far fewer.
    #[test]
    fn mixed_masts_search_equals_exhaustive_search() {
        let mut rnd = uniform(2024);
        let mut rows = Vec::new();
        for site in 0..40u32 {
            let xy = [rnd() * 25_000.0, rnd() * 25_000.0];
            for k in 0..4u32 {
                let omni = k == 3 && site % 3 == 0;
                rows.push((
                    site * 4 + k,
                    xy,
                    SectorAttributes {
                        azimuth_deg: (!omni).then(|| 90.0 * k as f64 + 37.0 * rnd()),
                        height_m: Some([25.0, 30.0, 45.0][(rnd() * 3.0) as usize]),
                        tx_power_dbm: Some([40.0, 43.0, 46.0][(rnd() * 3.0) as usize]),
                        downtilt_deg: Some(1.0 + 7.0 * rnd()),
                        beamwidth_deg: Some(45.0 + 30.0 * rnd()),
                        ..Default::default()
                    },
                ));
            }
        }
        for receiver in [Receiver::Outdoor, Receiver::Indoor] {
            let m = lte(receiver, rows.clone());
            let floor = m.receiver_thresholds_dbm().0 - REPORT_FLOOR_DB;
            let (mut in_reach, mut evaluated, mut reported) = (0, 0, 0);
            for _ in 0..3000 {
                let p = [rnd() * 25_000.0, rnd() * 25_000.0];
                let (best, n, e) = m.best_rsrp_counted(p);
                assert_eq!(best, m.best_rsrp_dbm_exhaustive(p), "at {p:?}");
                in_reach += n;
                evaluated += e;
                // The report search: the best of every sector within its
                // report radius, if it reaches the floor.
                let mut want: Option<(f64, u32, f64)> = None;
                for (k, s) in m.sectors.iter().enumerate() {
                    let d = ((p[0] - s.xy[0]) * (p[0] - s.xy[0])
                        + (p[1] - s.xy[1]) * (p[1] - s.xy[1]))
                        .sqrt();
                    if d > s.report_radius_m {
                        continue;
                    }
                    if let Some((rsrp, row)) = m.sector_rsrp(k, p, d) {
                        if want.is_none_or(|(b, r, _)| rsrp > b || (rsrp == b && row < r)) {
                            want = Some((rsrp, row, d));
                        }
                    }
                }
                let want = want.filter(|w| w.0 >= floor);
                reported += usize::from(want.is_some());
                assert_eq!(m.best_rsrp_below_threshold(p), want, "at {p:?}");
            }
            assert!(reported > 500, "{reported}");
            assert!(evaluated * 4 < in_reach, "{evaluated} of {in_reach}");
        }
    }

    /// The best server over every sector, with no radius at all.
    fn brute_force(m: &LinkBudget, p: [f64; 2]) -> Option<(f64, u32)> {
        let mut best: Option<(f64, u32)> = None;
        for (k, s) in m.sectors.iter().enumerate() {
            let d = (p[0] - s.xy[0]).hypot(p[1] - s.xy[1]);
            if let Some((rsrp, row)) = m.sector_rsrp(k, p, d) {
                if best.is_none_or(|(b, r)| rsrp > b || (rsrp == b && row < r)) {
                    best = Some((rsrp, row));
                }
            }
        }
        best
    }

    /// What a run writes as `site_*` / `rsrp_*_dbm` is the best server over
    /// every sector (brute force, no search radius), or nothing when even
    /// that gives less than the report floor: never a sector another beats.
    /// Sectors face away from many points (back lobes), where the nearest
    /// sector in its search radius is not the best.
    #[test]
    fn written_best_server_equals_brute_force_over_all_sectors() {
        let mut rnd = uniform(7);
        let mut rows = Vec::new();
        for site in 0..12u32 {
            let xy = [rnd() * 30_000.0, rnd() * 30_000.0];
            rows.push((
                site,
                xy,
                SectorAttributes {
                    azimuth_deg: Some(rnd() * 360.0),
                    height_m: Some(20.0 + 30.0 * rnd()),
                    downtilt_deg: Some(1.0 + 6.0 * rnd()),
                    ..Default::default()
                },
            ));
        }
        let (mut uncovered, mut reported, mut empty) = (0, 0, 0);
        for receiver in [Receiver::Outdoor, Receiver::Indoor] {
            let m = lte(receiver, rows.clone());
            let (covered_dbm, _) = m.receiver_thresholds_dbm();
            for _ in 0..3000 {
                let p = [rnd() * 30_000.0, rnd() * 30_000.0];
                let got = m.evaluate(p);
                let want = brute_force(&m, p);
                assert_eq!(m.covered(p), got.covered, "at {p:?}");
                if got.covered {
                    assert_eq!(got.best_site, want.map(|w| w.1), "at {p:?}");
                    continue;
                }
                uncovered += 1;
                match want {
                    Some((rsrp, row)) if rsrp >= covered_dbm - REPORT_FLOOR_DB => {
                        reported += 1;
                        assert_eq!(got.best_site, Some(row), "at {p:?}");
                        assert_eq!(got.rsrp_dbm, rsrp as f32, "at {p:?}");
                    }
                    _ => {
                        empty += 1;
                        assert_eq!(got.best_site, None, "at {p:?}");
                        assert!(got.rsrp_dbm.is_nan(), "at {p:?}");
                    }
                }
            }
        }
        // The fixture exercises every branch.
        assert!(
            uncovered > 500 && reported > 100 && empty > 100,
            "{uncovered} {reported} {empty}"
        );
    }

    /// The old search (sectors within their search radius only) would
    /// have named a worse sector: the case of #15 the fix is for.
    #[test]
    fn an_uncovered_household_gets_the_sector_beyond_the_search_radius() {
        // Sector 0 faces away from the household (its back lobe, 30 dB
        // down), half its search radius off; sector 1 faces it from just
        // beyond its search radius.
        let probe = model(&[None]);
        let r = probe.max_radius_m();
        let rows = vec![
            (
                0,
                [0.0, -0.5 * r],
                SectorAttributes {
                    azimuth_deg: Some(180.0),
                    ..Default::default()
                },
            ),
            (
                1,
                [0.0, r * 1.05],
                SectorAttributes {
                    azimuth_deg: Some(180.0),
                    ..Default::default()
                },
            ),
        ];
        let m = lte(Receiver::Outdoor, rows);
        let p = [0.0, 0.0];
        assert_eq!(m.best_rsrp_dbm(p).map(|b| b.1), Some(0));
        let s = m.evaluate(p);
        assert!(!s.covered);
        assert_eq!(s.best_site, Some(1));
        assert_eq!(
            Some((s.rsrp_dbm as f64, 1)),
            brute_force(&m, p).map(|(x, r)| ((x as f32) as f64, r))
        );
    }

    #[test]
    fn distances_outside_the_model_range_are_counted_per_household() {
        let m = model(&[None]);
        let services: Vec<MobileService> = [5.0, 500.0, 2000.0, 3000.0]
            .iter()
            .map(|&d| m.evaluate([0.0, d]))
            .collect();
        let w = m.distance_warnings(&services);
        assert_eq!(w.len(), 1, "{w:?}");
        let model = m.config().model.name();
        let range = m.config().model.validity().d_2d_m.unwrap();
        assert!(
            w[0].starts_with(&format!("4G link budget, {model}: ")),
            "{w:?}"
        );
        let served: Vec<f32> = services
            .iter()
            .filter(|s| s.best_site.is_some())
            .map(|s| s.distance_m)
            .collect();
        let below = served.iter().filter(|&&d| (d as f64) < range.min).count();
        assert!(below >= 1, "{served:?}");
        assert!(w[0].contains(&format!("{below} nearer than")), "{w:?}");
        assert!(
            w[0].contains(&format!("of {} households", served.len())),
            "{w:?}"
        );
    }

    #[test]
    fn adding_a_sector_never_lowers_coverage() {
        let one = model(&[Some(0.0)]);
        let two = model(&[Some(0.0), Some(180.0)]);
        for k in -20..20 {
            for j in -20..20 {
                let p = [150.0 * k as f64, 150.0 * j as f64];
                let (a, b) = (one.evaluate(p), two.evaluate(p));
                assert!(!a.covered || b.covered);
                if a.best_site.is_some() {
                    assert!(b.rsrp_dbm >= a.rsrp_dbm);
                }
            }
        }
    }
}
