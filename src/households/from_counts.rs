//! Households from counts per area: exactly the given number of points
//! strictly inside each area.

use geo::{Area as _, MultiPolygon};
use rayon::prelude::*;

use super::household::PlacedHousehold;
use super::sampling::{choose_exactly, permutation, Stream};
use super::weights::{AreaSampler, Weights};
use crate::index::AreaIndex;
use crate::{Error, Result};

/// Persons of an area's households.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Persons {
    /// Not known: the `persons` column is left empty.
    #[default]
    Unknown,
    /// A total, shared out as evenly as whole persons allow.
    Total(u64),
    /// Households by size: `sizes[j]` households of `j + 1` persons (the
    /// last class is "this many or more", counted at its size), as the
    /// census tables give them (1 … 7+). Must sum to the households.
    Sizes(Vec<u64>),
}

/// One area with its count.
#[derive(Debug, Clone)]
pub struct CountArea {
    /// Area code (the households' `source_area` and id prefix).
    pub id: String,
    /// Boundary, WGS 84 lon/lat.
    pub geometry: MultiPolygon<f64>,
    /// Households to place.
    pub households: u64,
    /// Their persons.
    pub persons: Persons,
    /// Share of households that want fixed broadband (0..1); exactly
    /// `round(rate × households)` get `demand = 1`.
    pub demand_rate: f64,
}

/// Placed households and notes for the user.
#[derive(Debug, Default)]
pub struct Placement {
    /// The households, by area (in the order given) then index.
    pub households: Vec<PlacedHousehold>,
    /// Areas whose weights held no candidate, filled uniformly.
    pub uniform_areas: Vec<String>,
}

/// Place exactly `households` points strictly inside each area (tested
/// with the engine's point-in-polygon, on the rounded coordinates that
/// are written), spread by `weights`. Deterministic for `seed` and
/// independent of the number of threads: point `k` of area `a` uses the
/// random stream `(seed, code of a, k)`.
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// use phusong::households::{place_from_counts, CountArea, Persons, Weights};
/// let sq = MultiPolygon(vec![polygon![(x: 105.0, y: 9.0), (x: 105.1, y: 9.0), (x: 105.1, y: 9.1), (x: 105.0, y: 9.1)]]);
/// let a = CountArea { id: "A".into(), geometry: sq, households: 100, persons: Persons::Total(380), demand_rate: 0.5 };
/// let p = place_from_counts(&[a], &Weights::Uniform, 2025).unwrap();
/// assert_eq!(p.households.len(), 100);
/// assert_eq!(p.households.iter().filter(|h| h.demand).count(), 50);
/// assert_eq!(p.households.iter().map(|h| h.persons.unwrap()).sum::<u32>(), 380);
/// ```
pub fn place_from_counts(areas: &[CountArea], weights: &Weights, seed: u64) -> Result<Placement> {
    let polys: Vec<MultiPolygon<f64>> = areas.iter().map(|a| a.geometry.clone()).collect();
    let index = AreaIndex::new(&polys);
    let per_area: Vec<Result<(Vec<PlacedHousehold>, bool)>> = areas
        .par_iter()
        .enumerate()
        .map(|(i, a)| place_area(&index, i, a, weights, seed))
        .collect();
    let mut out = Placement::default();
    for (a, r) in areas.iter().zip(per_area) {
        let (hh, uniform) = r?;
        if uniform && a.households > 0 && !matches!(weights, Weights::Uniform) {
            out.uniform_areas.push(a.id.clone());
        }
        out.households.extend(hh);
    }
    Ok(out)
}

fn place_area(
    index: &AreaIndex,
    i: usize,
    a: &CountArea,
    weights: &Weights,
    seed: u64,
) -> Result<(Vec<PlacedHousehold>, bool)> {
    let n = a.households as usize;
    if n == 0 {
        return Ok((Vec::new(), false));
    }
    if a.geometry.unsigned_area() <= 0.0 {
        return Err(Error::Data(format!(
            "area {}: {} households but no area (an empty or zero-area polygon); fix its boundary",
            a.id, a.households
        )));
    }
    let sampler = AreaSampler::new(index, i, &a.geometry, weights);
    let demand_n = (a.demand_rate.clamp(0.0, 1.0) * n as f64).round() as usize;
    // Streams are keyed by the area's code, so its points do not depend on
    // the order of the areas.
    let key = super::sampling::key_of(&a.id);
    let demand = choose_exactly(n, demand_n, seed, 2, key);
    let persons = persons_of(a, seed, key)?;
    let points: Vec<Option<[f64; 2]>> = (0..n)
        .into_par_iter()
        .with_min_len(256)
        .map(|k| {
            let mut s = Stream::new(seed, key, k as u64);
            sampler.draw(index, i, weights, &mut s)
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for (k, p) in points.into_iter().enumerate() {
        let [lon, lat] = p.ok_or_else(|| {
            Error::Data(format!(
                "area {}: cannot place a household strictly inside it after a million tries \
                 (a sliver or a polygon with almost no interior); fix its boundary",
                a.id
            ))
        })?;
        out.push(PlacedHousehold {
            id: format!("{}-{}", a.id, k + 1),
            lon,
            lat,
            demand: demand[k],
            persons: persons.as_ref().map(|p| p[k]),
            source_area: a.id.clone(),
        });
    }
    Ok((out, sampler.is_unweighted()))
}

/// Persons per household of area `i`, or `None` when unknown.
fn persons_of(a: &CountArea, seed: u64, i: u64) -> Result<Option<Vec<u32>>> {
    let n = a.households as usize;
    match &a.persons {
        Persons::Unknown => Ok(None),
        Persons::Total(t) => {
            let (base, extra) = (t / n as u64, (t % n as u64) as usize);
            let more = choose_exactly(n, extra, seed, 3, i);
            Ok(Some(
                more.into_iter()
                    .map(|m| (base + u64::from(m)) as u32)
                    .collect(),
            ))
        }
        Persons::Sizes(sizes) => {
            let sum: u64 = sizes.iter().sum();
            if sum != a.households {
                return Err(Error::Data(format!(
                    "area {}: the households by size sum to {sum}, not to its {} households; \
                     check the size columns",
                    a.id, a.households
                )));
            }
            let mut out = vec![0u32; n];
            let order = permutation(n, seed, 4, i);
            let mut k = 0;
            for (j, &c) in sizes.iter().enumerate() {
                for _ in 0..c {
                    out[order[k]] = j as u32 + 1;
                    k += 1;
                }
            }
            Ok(Some(out))
        }
    }
}

#[cfg(test)]
mod tests;
