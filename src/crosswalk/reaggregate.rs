//! Carrying a per-old-unit table over to the new units.

use std::collections::BTreeMap;

use super::{Basis, Crosswalk};

/// How a column is carried over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    /// A count (households, persons): each old unit's value is split
    /// among the new units in proportion to what they share, so totals
    /// are kept.
    Sum,
    /// A share or rate (e.g. a survey indicator): the new unit's value is
    /// the mean of its old units' values weighted by the households they
    /// share (by the area they share when the crosswalk has no households).
    Mean,
}

/// A table carried over to the new units.
#[derive(Debug, Clone)]
pub struct Reaggregated {
    /// Per new unit, per column; `None` for a mean with no contributing
    /// old unit.
    pub values: Vec<Vec<Option<f64>>>,
    /// Old units whose shares were by households, and by area.
    pub by_households: usize,
    /// Old units whose shares were by area.
    pub by_area: usize,
    /// Codes of the table that match no old unit.
    pub unmatched: Vec<String>,
    /// Old units in the table that share nothing with any new unit (their
    /// values are lost).
    pub lost: Vec<String>,
}

impl Crosswalk {
    /// Carry `rows` (old code → one value per column) over to the new
    /// units, each column by `aggs[k]`, by households where the
    /// crosswalk has them for the old unit, else by area.
    ///
    /// A count is split: new unit `n` gets `Σ_o v_o · w(o, n) / Σ_m w(o, m)`,
    /// so the table's total is kept (up to old units that share nothing,
    /// listed in `lost`). A share is averaged: `Σ_o v_o · w(o, n) / Σ_o w(o, n)`.
    pub fn reaggregate(
        &self,
        rows: &BTreeMap<String, Vec<f64>>,
        aggs: &[Aggregation],
    ) -> Reaggregated {
        let cols = aggs.len();
        let old_index: BTreeMap<&str, usize> = self
            .old
            .items
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let unmatched: Vec<String> = rows
            .keys()
            .filter(|k| !old_index.contains_key(k.as_str()))
            .cloned()
            .collect();
        let mut per_old: Vec<Option<&Vec<f64>>> = vec![None; self.old.len()];
        for (k, v) in rows {
            if let Some(&i) = old_index.get(k.as_str()) {
                per_old[i] = Some(v);
            }
        }
        let basis: Vec<Basis> = (0..self.old.len()).map(|i| self.basis_of_old(i)).collect();
        let mut out_total = vec![0.0; self.old.len()];
        for p in &self.pairs {
            out_total[p.old] += Self::weight(p, basis[p.old]);
        }
        let n = self.new.len();
        let mut sums = vec![vec![0.0; cols]; n];
        let mut wsum = vec![vec![0.0; cols]; n];
        // Means weigh every pair on one basis, so households and m² are
        // never mixed.
        let mean_basis = if self.with_households {
            Basis::Households
        } else {
            Basis::Area
        };
        for p in &self.pairs {
            let Some(v) = per_old[p.old] else { continue };
            let w = Self::weight(p, basis[p.old]);
            let wm = Self::weight(p, mean_basis);
            for (k, agg) in aggs.iter().enumerate() {
                match agg {
                    Aggregation::Sum if w > 0.0 => sums[p.new][k] += v[k] * w / out_total[p.old],
                    Aggregation::Mean if wm > 0.0 => {
                        sums[p.new][k] += v[k] * wm;
                        wsum[p.new][k] += wm;
                    }
                    _ => {}
                }
            }
        }
        let values = (0..n)
            .map(|j| {
                aggs.iter()
                    .enumerate()
                    .map(|(k, agg)| match agg {
                        Aggregation::Sum => Some(sums[j][k]),
                        Aggregation::Mean => (wsum[j][k] > 0.0).then(|| sums[j][k] / wsum[j][k]),
                    })
                    .collect()
            })
            .collect();
        let used: Vec<usize> = (0..self.old.len())
            .filter(|&i| per_old[i].is_some())
            .collect();
        Reaggregated {
            values,
            by_households: used
                .iter()
                .filter(|&&i| basis[i] == Basis::Households)
                .count(),
            by_area: used.iter().filter(|&&i| basis[i] == Basis::Area).count(),
            unmatched,
            lost: used
                .iter()
                .filter(|&&i| out_total[i] <= 0.0)
                .map(|&i| self.old.items[i].id.clone())
                .collect(),
        }
    }
}
