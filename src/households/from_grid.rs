//! Households from a population grid alone (WorldPop's 100 m `ppp`
//! rasters: persons per cell, float, NoData).

use rayon::prelude::*;

use super::household::PlacedHousehold;
use super::sampling::{round_deg, stochastic_round, unit, Stream};
use super::weights::to_lon_lat;
use crate::index::AreaIndex;
use crate::input::geotiff::GeoGrid;
use crate::input::Areas;
use crate::{Error, Result};

/// How to turn persons into households.
#[derive(Debug, Clone)]
pub struct GridOptions {
    /// Random seed.
    pub seed: u64,
    /// Persons per household where no area gives its own (the 2019
    /// census: 3.6 for Vietnam, 3.9 for Cà Mau).
    pub household_size: f64,
    /// Share of households wanting fixed broadband (each household drawn
    /// independently).
    pub demand_rate: f64,
}

/// The households and what was left out.
#[derive(Debug, Default)]
pub struct GridPlacement {
    /// Households, in row-major cell order.
    pub households: Vec<PlacedHousehold>,
    /// Persons in the grid (sum of the valid cells).
    pub persons_in_grid: f64,
    /// Persons in cells whose centre is in no area (not placed; only with
    /// areas).
    pub persons_outside: f64,
    /// Populated cells.
    pub cells: usize,
}

/// Households from a population grid. Per populated cell, the number of
/// households is the cell's persons divided by the household size of its
/// area (`sizes[i]` for area `i`, else `opts.household_size`), rounded up
/// or down at random so that the expected total is exact; their persons
/// (the cell's persons, rounded likewise, at least one each) are shared
/// out evenly; each point is uniform in the cell. With `areas`, a cell
/// belongs to the area that holds its centre, its points are kept
/// strictly inside that area, and cells whose centre is in no area are
/// left out (counted in `persons_outside`). Deterministic for the seed
/// and independent of the number of threads.
pub fn place_from_grid(
    grid: &GeoGrid,
    areas: Option<(&Areas, &[Option<f64>])>,
    opts: &GridOptions,
) -> Result<GridPlacement> {
    if let Some(k) = grid.values.iter().position(|v| *v < 0.0) {
        return Err(Error::Data(format!(
            "cell (column {}, row {}) holds {} persons: a negative count that is not the \
             grid's NoData value; set NoData (`gdal_edit.py -a_nodata VALUE`)",
            k % grid.width,
            k / grid.width,
            grid.values[k]
        )));
    }
    if opts.household_size.is_nan() || opts.household_size <= 0.0 {
        return Err(Error::config(
            "household_size",
            "the household size must be a positive number of persons",
        ));
    }
    let index = areas.map(|(a, _)| {
        let polys: Vec<_> = a.items.iter().map(|x| x.geometry.clone()).collect();
        AreaIndex::new(&polys)
    });
    let rows: Vec<(Vec<PlacedHousehold>, f64, f64, usize)> = (0..grid.height)
        .into_par_iter()
        .map(|r| place_row(grid, r, areas, index.as_ref(), opts))
        .collect();
    let mut out = GridPlacement::default();
    for (hh, total, outside, cells) in rows {
        out.households.extend(hh);
        out.persons_in_grid += total;
        out.persons_outside += outside;
        out.cells += cells;
    }
    if out.cells == 0 {
        return Err(Error::Data(
            "the grid holds no populated cell (every value is 0 or NoData)".into(),
        ));
    }
    if areas.is_some() && out.persons_outside >= out.persons_in_grid {
        return Err(Error::Data(
            "the grid does not overlap the areas: no populated cell has its centre in an area; \
             check that the grid covers the province and its CRS"
                .into(),
        ));
    }
    Ok(out)
}

type RowResult = (Vec<PlacedHousehold>, f64, f64, usize);

fn place_row(
    grid: &GeoGrid,
    r: usize,
    areas: Option<(&Areas, &[Option<f64>])>,
    index: Option<&AreaIndex>,
    opts: &GridOptions,
) -> RowResult {
    let mut out = Vec::new();
    let (mut total, mut outside, mut cells) = (0.0, 0.0, 0);
    for c in 0..grid.width {
        let v = f64::from(grid.get(c, r));
        if v.is_nan() || v <= 0.0 {
            continue;
        }
        total += v;
        cells += 1;
        let b = grid.cell_box(c, r);
        let area = match (areas, index) {
            (Some((a, sizes)), Some(idx)) => {
                let centre = to_lon_lat(grid, (b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
                match centre.and_then(|p| idx.locate(p)) {
                    Some(i) => Some((i as usize, &a.items[i as usize].id, sizes[i as usize])),
                    None => {
                        outside += v;
                        continue;
                    }
                }
            }
            _ => None,
        };
        let size = area.and_then(|a| a.2).unwrap_or(opts.household_size);
        let cell = (r * grid.width + c) as u64;
        let n = stochastic_round(v / size, unit(opts.seed, 1, cell, 0)) as usize;
        if n == 0 {
            continue;
        }
        let persons = stochastic_round(v, unit(opts.seed, 2, cell, 0)).max(n as u64);
        let (base, extra) = (persons / n as u64, (persons % n as u64) as usize);
        for k in 0..n {
            let mut s = Stream::new(opts.seed, cell, k as u64);
            let Some([lon, lat]) = point_in_cell(grid, b, area.map(|a| a.0), index, &mut s) else {
                continue;
            };
            out.push(PlacedHousehold {
                id: format!("g{r}_{c}_{}", k + 1),
                lon,
                lat,
                demand: s.next_f64() < opts.demand_rate,
                persons: Some((base + u64::from(k < extra)) as u32),
                source_area: area.map(|a| a.1.clone()).unwrap_or_default(),
            });
        }
    }
    (out, total, outside, cells)
}

/// A point uniform in the cell box `b` (and strictly inside area `i`
/// when given), as rounded lon/lat; the cell centre after 100 misses.
fn point_in_cell(
    grid: &GeoGrid,
    b: [f64; 4],
    i: Option<usize>,
    index: Option<&AreaIndex>,
    s: &mut Stream,
) -> Option<[f64; 2]> {
    let draw = |u: f64, w: f64| -> Option<[f64; 2]> {
        let [lon, lat] = to_lon_lat(grid, b[0] + u * (b[2] - b[0]), b[1] + w * (b[3] - b[1]))?;
        Some([round_deg(lon), round_deg(lat)])
    };
    let ok = |p: [f64; 2]| match (i, index) {
        (Some(i), Some(idx)) => idx.containment(i, p) == crate::index::Containment::Inside,
        _ => true,
    };
    for _ in 0..100 {
        let (u, w) = (s.next_f64(), s.next_f64());
        if let Some(p) = draw(u, w) {
            if ok(p) {
                return Some(p);
            }
        }
    }
    draw(0.5, 0.5).filter(|p| ok(*p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::Crs;

    fn grid(values: Vec<f32>, w: usize) -> GeoGrid {
        GeoGrid {
            width: w,
            height: values.len() / w,
            x0: 105.0,
            y0: 9.1,
            dx: 0.001,
            dy: 0.001,
            crs: Crs::wgs84(),
            values,
        }
    }

    #[test]
    fn expected_total_points_in_their_cells_and_thread_independent() {
        let mut v = vec![0.0f32; 50 * 40];
        for (k, x) in v.iter_mut().enumerate() {
            *x = match k % 7 {
                0 => f32::NAN,
                1 => 0.0,
                _ => (k % 23) as f32 * 1.7,
            };
        }
        let g = grid(v, 50);
        let opts = GridOptions {
            seed: 3,
            household_size: 3.9,
            demand_rate: 0.8,
        };
        let a = place_from_grid(&g, None, &opts).unwrap();
        let expected = a.persons_in_grid / 3.9;
        let n = a.households.len() as f64;
        assert!(
            (n - expected).abs() < 4.0 * expected.sqrt(),
            "{n} vs {expected}"
        );
        for h in &a.households {
            let mut it = h.id[1..].split('_');
            let r: usize = it.next().unwrap().parse().unwrap();
            let c: usize = it.next().unwrap().parse().unwrap();
            let b = g.cell_box(c, r);
            assert!(h.lon >= b[0] - 1e-7 && h.lon <= b[2] + 1e-7, "{h:?}");
            assert!(h.lat >= b[1] - 1e-7 && h.lat <= b[3] + 1e-7, "{h:?}");
        }
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let b = one.install(|| place_from_grid(&g, None, &opts).unwrap());
        assert_eq!(a.households, b.households);
    }

    #[test]
    fn negative_cells_and_empty_grids_are_errors() {
        let opts = GridOptions {
            seed: 1,
            household_size: 4.0,
            demand_rate: 1.0,
        };
        let e = place_from_grid(&grid(vec![1.0, -5.0], 2), None, &opts).unwrap_err();
        assert!(e.to_string().contains("column 1, row 0"), "{e}");
        let e = place_from_grid(&grid(vec![f32::NAN, 0.0], 2), None, &opts).unwrap_err();
        assert!(e.to_string().contains("no populated cell"), "{e}");
    }
}
