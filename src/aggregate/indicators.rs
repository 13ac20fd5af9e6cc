//! Indicators beside the network (see [`crate::input::indicators`]): the
//! per-commune shares of the scenario's indicator table, aggregated to
//! districts and the province (a mean weighted by households, persons, or
//! equal per commune), added as columns to the result tables and checked
//! against their targets beside the coverage targets.
//!
//! The gap of an indicator target is in the unit of its weight: with
//! `households` (or `persons`) weights, the households (persons) that must
//! still reach it, `⌈target·W − Σ shareᵢ·wᵢ⌉` over the communes with a
//! value; with `equal` weights, the communes below the target.

use crate::aggregate::{gap_to_target, Counts, TargetCheck};
use crate::config::IndicatorWeight;

/// The weight of a commune in the aggregation.
pub fn weight(w: IndicatorWeight, c: &Counts, use_persons: bool) -> f64 {
    match w {
        IndicatorWeight::Households => c.households as f64,
        IndicatorWeight::Persons if use_persons => c.persons as f64,
        IndicatorWeight::Persons => c.households as f64,
        IndicatorWeight::Equal => 1.0,
    }
}

/// The weighted mean of `values` over `members` (those with a value);
/// `None` when none has one or all weights are zero.
pub fn weighted_mean(values: &[Option<f64>], weights: &[f64], members: &[usize]) -> Option<f64> {
    let (mut sw, mut swv) = (0.0, 0.0);
    for &i in members {
        if let Some(v) = values[i] {
            sw += weights[i];
            swv += weights[i] * v;
        }
    }
    (sw > 0.0).then(|| swv / sw)
}

/// `v` rounded to 6 decimals (the tables' precision).
pub fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// The target check of indicator `name` (province value `province`).
pub fn check(
    name: &str,
    t: &crate::config::IndicatorTarget,
    w: &IndicatorWeight,
    use_persons: bool,
    values: &[Option<f64>],
    weights: &[f64],
    province: Option<f64>,
) -> TargetCheck {
    let value = province.unwrap_or(f64::NAN);
    let below = values
        .iter()
        .filter(|v| v.is_some_and(|v| v < t.target - 1e-9))
        .count() as u64;
    let (gap, unit) = match w {
        IndicatorWeight::Equal => (below, "communes"),
        _ => {
            let (mut tot, mut ach) = (0.0, 0.0);
            for (v, wi) in values.iter().zip(weights) {
                if let Some(v) = v {
                    tot += wi;
                    ach += v * wi;
                }
            }
            let unit = if *w == IndicatorWeight::Persons && use_persons {
                "persons"
            } else {
                "households"
            };
            (
                gap_to_target(t.target, tot.round() as u64, ach.round() as u64),
                unit,
            )
        }
    };
    TargetCheck {
        key: name.to_string(),
        description: if t.description.is_empty() {
            name.to_string()
        } else {
            t.description.clone()
        },
        target: t.target,
        value,
        met: province.is_some_and(|p| p >= t.target - 1e-9),
        gap,
        gap_unit: unit.into(),
        communes_missing: Some(below),
        status: match province {
            Some(p) => crate::aggregate::targets::met_status(p >= t.target - 1e-9),
            None => "no value".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_mean_skips_missing_values() {
        let v = [Some(0.2), None, Some(0.8)];
        let w = [1.0, 5.0, 3.0];
        let m = weighted_mean(&v, &w, &[0, 1, 2]).unwrap();
        assert!((m - (0.2 + 2.4) / 4.0).abs() < 1e-12);
        assert_eq!(weighted_mean(&v, &w, &[1]), None);
    }

    #[test]
    fn gap_in_households_and_communes() {
        let t = crate::config::IndicatorTarget {
            target: 0.5,
            description: String::new(),
        };
        // 100 households at 0.4, 100 at 0.55: 95 of 200 → 5 more needed.
        let v = [Some(0.4), Some(0.55)];
        let w = [100.0, 100.0];
        let c = check(
            "x",
            &t,
            &IndicatorWeight::Households,
            false,
            &v,
            &w,
            Some(0.475),
        );
        assert_eq!(
            (c.gap, c.gap_unit.as_str(), c.met),
            (5, "households", false)
        );
        assert_eq!(c.communes_missing, Some(1));
        let c = check(
            "x",
            &t,
            &IndicatorWeight::Equal,
            false,
            &v,
            &[1.0, 1.0],
            Some(0.475),
        );
        assert_eq!((c.gap, c.gap_unit.as_str()), (1, "communes"));
    }
}
