//! The reform table: how old units (e.g. the pre-2025 communes) map to new
//! ones (the 2025 wards).
//!
//! For each pair of old × new unit that share ground: the shared area in m²
//! (intersection on the run's Transverse Mercator plane, see
//! [`crate::projection`]) and, with a households layer, the shared
//! households (each household located in both sets with the engine's
//! point-in-polygon, [`crate::index::AreaIndex`]). From these: the new unit
//! each old unit mostly went to, the old units split across several new
//! ones, and ([`Crosswalk::reaggregate`]) any per-old-unit table carried
//! over to the new units by households where given, else by area.

mod reaggregate;
pub mod write;

use std::collections::BTreeMap;

use geo::{Area as _, BooleanOps, BoundingRect, MapCoords, MultiPolygon};
use rayon::prelude::*;

use crate::config::ProjectionChoice;
use crate::index::AreaIndex;
use crate::input::Areas;
use crate::projection::Projection;
use crate::Result;

pub use reaggregate::{Aggregation, Reaggregated};

/// One old × new pair that shares ground or households.
#[derive(Debug, Clone)]
pub struct Pair {
    /// Index of the old unit (in the sorted old areas).
    pub old: usize,
    /// Index of the new unit.
    pub new: usize,
    /// Shared area, m².
    pub area_m2: f64,
    /// Households in both (0 without a households layer).
    pub households: u64,
    /// The intersection, WGS 84 lon/lat.
    pub geometry: MultiPolygon<f64>,
}

/// Which measure a share or a re-aggregation used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Shared households.
    Households,
    /// Shared area.
    Area,
}

impl Basis {
    /// "households" or "area".
    pub fn name(self) -> &'static str {
        match self {
            Basis::Households => "households",
            Basis::Area => "area",
        }
    }
}

/// The crosswalk between two sets of units.
#[derive(Debug, Clone)]
pub struct Crosswalk {
    /// Old units (sorted by code).
    pub old: Areas,
    /// New units (sorted by code).
    pub new: Areas,
    /// Area of each old unit, m².
    pub old_area_m2: Vec<f64>,
    /// Area of each new unit, m².
    pub new_area_m2: Vec<f64>,
    /// Households in each old unit (all zero without households).
    pub old_households: Vec<u64>,
    /// Households in each new unit.
    pub new_households: Vec<u64>,
    /// The pairs, sorted by (old, new).
    pub pairs: Vec<Pair>,
    /// Whether households were given.
    pub with_households: bool,
    /// Households in no old unit, in no new unit.
    pub households_outside: [u64; 2],
}

/// Pairs below this shared area (m²) are slivers of digitising noise
/// between boundaries of different resolution and are left out unless
/// they share households.
pub const SLIVER_M2: f64 = 1.0;

/// Build the crosswalk of `old` to `new`, with households (WGS 84 lon/lat)
/// when given.
pub fn build(old: Areas, new: Areas, households: Option<&[[f64; 2]]>) -> Result<Crosswalk> {
    let (lo, hi) = lon_range(&old, &new);
    let proj = Projection::choose(&ProjectionChoice::Auto, lo, hi)?;
    let po: Vec<MultiPolygon<f64>> = old
        .items
        .par_iter()
        .map(|a| proj.forward_multipolygon(&a.geometry))
        .collect();
    let pn: Vec<MultiPolygon<f64>> = new
        .items
        .par_iter()
        .map(|a| proj.forward_multipolygon(&a.geometry))
        .collect();
    let boxes = |v: &[MultiPolygon<f64>]| -> Vec<Option<geo::Rect<f64>>> {
        v.iter().map(|m| m.bounding_rect()).collect()
    };
    let (bo, bn) = (boxes(&po), boxes(&pn));
    let candidates: Vec<(usize, usize)> = (0..po.len())
        .flat_map(|i| (0..pn.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| match (bo[i], bn[j]) {
            (Some(a), Some(b)) => {
                a.min().x <= b.max().x
                    && b.min().x <= a.max().x
                    && a.min().y <= b.max().y
                    && b.min().y <= a.max().y
            }
            _ => false,
        })
        .collect();
    let shared: Vec<(usize, usize, f64, MultiPolygon<f64>)> = candidates
        .par_iter()
        .filter_map(|&(i, j)| {
            let x = po[i].intersection(&pn[j]);
            let a = x.unsigned_area();
            (a > 0.0).then_some((i, j, a, x))
        })
        .collect();
    let mut pairs: BTreeMap<(usize, usize), Pair> = BTreeMap::new();
    for (i, j, a, x) in shared {
        let geometry = x.map_coords(|c| {
            let [lon, lat] = proj.inverse(c.x, c.y);
            geo::Coord { x: lon, y: lat }
        });
        pairs.insert(
            (i, j),
            Pair {
                old: i,
                new: j,
                area_m2: a,
                households: 0,
                geometry,
            },
        );
    }
    let mut old_households = vec![0u64; old.len()];
    let mut new_households = vec![0u64; new.len()];
    let mut outside = [0u64; 2];
    if let Some(hh) = households {
        let io = AreaIndex::new(
            &old.items
                .iter()
                .map(|a| a.geometry.clone())
                .collect::<Vec<_>>(),
        );
        let inn = AreaIndex::new(
            &new.items
                .iter()
                .map(|a| a.geometry.clone())
                .collect::<Vec<_>>(),
        );
        let located: Vec<(Option<u32>, Option<u32>)> = hh
            .par_iter()
            .map(|&p| (io.locate(p), inn.locate(p)))
            .collect();
        for (o, n) in located {
            match o {
                Some(o) => old_households[o as usize] += 1,
                None => outside[0] += 1,
            }
            match n {
                Some(n) => new_households[n as usize] += 1,
                None => outside[1] += 1,
            }
            if let (Some(o), Some(n)) = (o, n) {
                pairs
                    .entry((o as usize, n as usize))
                    .or_insert_with(|| Pair {
                        old: o as usize,
                        new: n as usize,
                        area_m2: 0.0,
                        households: 0,
                        geometry: MultiPolygon(vec![]),
                    })
                    .households += 1;
            }
        }
    }
    let pairs: Vec<Pair> = pairs
        .into_values()
        .filter(|p| p.area_m2 >= SLIVER_M2 || p.households > 0)
        .collect();
    Ok(Crosswalk {
        old_area_m2: po.iter().map(|m| m.unsigned_area()).collect(),
        new_area_m2: pn.iter().map(|m| m.unsigned_area()).collect(),
        old,
        new,
        old_households,
        new_households,
        pairs,
        with_households: households.is_some(),
        households_outside: outside,
    })
}

fn lon_range(a: &Areas, b: &Areas) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for r in a
        .items
        .iter()
        .chain(&b.items)
        .filter_map(|x| x.geometry.bounding_rect())
    {
        lo = lo.min(r.min().x);
        hi = hi.max(r.max().x);
    }
    (lo, hi)
}

impl Crosswalk {
    /// The basis of the shares for an old unit: households when given and
    /// the unit has some, else area.
    pub fn basis_of_old(&self, old: usize) -> Basis {
        if self.with_households && self.old_households[old] > 0 {
            Basis::Households
        } else {
            Basis::Area
        }
    }

    /// The basis for a new unit.
    pub fn basis_of_new(&self, new: usize) -> Basis {
        if self.with_households && self.new_households[new] > 0 {
            Basis::Households
        } else {
            Basis::Area
        }
    }

    /// The weight of a pair under a basis.
    pub fn weight(p: &Pair, basis: Basis) -> f64 {
        match basis {
            Basis::Households => p.households as f64,
            Basis::Area => p.area_m2,
        }
    }

    /// Per old unit: the new unit it mostly went to and the share of it
    /// that went there (by [`Self::basis_of_old`]), and how many new units
    /// share it.
    pub fn main_new(&self) -> Vec<Option<(usize, f64, usize)>> {
        self.main(
            |p| p.old,
            |p| p.new,
            self.old.len(),
            |i| self.basis_of_old(i),
        )
    }

    /// Per new unit: the old unit most of it came from, its share, and how
    /// many old units it took from.
    pub fn main_old(&self) -> Vec<Option<(usize, f64, usize)>> {
        self.main(
            |p| p.new,
            |p| p.old,
            self.new.len(),
            |i| self.basis_of_new(i),
        )
    }

    fn main(
        &self,
        key: impl Fn(&Pair) -> usize,
        other: impl Fn(&Pair) -> usize,
        n: usize,
        basis: impl Fn(usize) -> Basis,
    ) -> Vec<Option<(usize, f64, usize)>> {
        let mut best: Vec<Option<(usize, f64, usize)>> = vec![None; n];
        let mut total = vec![0.0; n];
        for p in &self.pairs {
            let k = key(p);
            let w = Self::weight(p, basis(k));
            if w <= 0.0 {
                continue;
            }
            total[k] += w;
            let b = &mut best[k];
            match b {
                Some((o, bw, c)) => {
                    *c += 1;
                    // Ties go to the lower index (the lower code).
                    if w > *bw || (w == *bw && other(p) < *o) {
                        *o = other(p);
                        *bw = w;
                    }
                }
                None => *b = Some((other(p), w, 1)),
            }
        }
        best.into_iter()
            .zip(total)
            .map(|(b, t)| b.map(|(o, w, c)| (o, w / t, c)))
            .collect()
    }
}

#[cfg(test)]
mod tests;
