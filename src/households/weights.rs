//! Where in an area households are more likely: nowhere in particular
//! (uniform), a population grid, or a settlements/buildings layer.

use geo::{Area as _, BoundingRect, Centroid, MultiPolygon};
use rayon::prelude::*;

use super::sampling::{round_deg, uniform_in_area, Stream};
use crate::index::{AreaIndex, Containment};
use crate::input::geotiff::GeoGrid;
use crate::{Error, Result};

/// Metres per degree of latitude (mean, WGS 84), for jitter offsets.
const M_PER_DEG: f64 = 111_320.0;

/// How households are spread inside their area.
#[derive(Debug, Default)]
pub enum Weights {
    /// Uniformly over the area.
    #[default]
    Uniform,
    /// In proportion to a population grid: a cell is chosen by its value
    /// among the cells whose centre lies strictly inside the area, and the
    /// point is drawn uniformly in that cell (and inside the area).
    Grid(GeoGrid),
    /// Around settlement points (or building centroids): a settlement
    /// strictly inside the area is chosen by weight, and the point drawn
    /// uniformly within `jitter_m` of it (and inside the area).
    Settlements {
        /// Lon/lat of each settlement.
        points: Vec<[f64; 2]>,
        /// Weight of each (1, a property, or a building's area in m²).
        weights: Vec<f64>,
        /// Radius around a settlement, metres.
        jitter_m: f64,
    },
}

impl Weights {
    /// Settlements from polygons (e.g. building footprints): each
    /// polygon's centroid, weighted by its area in m², jittered by about
    /// its own size.
    pub fn from_footprints(polys: &[MultiPolygon<f64>], jitter_m: f64) -> Self {
        let mut points = Vec::new();
        let mut weights = Vec::new();
        for p in polys {
            if let Some(c) = p.centroid() {
                let k = M_PER_DEG * M_PER_DEG * c.y().to_radians().cos();
                points.push([c.x(), c.y()]);
                weights.push((p.unsigned_area() * k).max(1.0));
            }
        }
        Weights::Settlements {
            points,
            weights,
            jitter_m,
        }
    }
}

/// What one area samples from.
pub(crate) struct AreaSampler {
    bbox: [f64; 4],
    /// Cumulative weights of the candidates (cells or settlements).
    cumulative: Vec<f64>,
    /// Cell indices (grid) or settlement indices.
    items: Vec<usize>,
}

impl AreaSampler {
    /// Prepare area `i`: its bounding box and weighted candidates.
    pub(crate) fn new(index: &AreaIndex, i: usize, mp: &MultiPolygon<f64>, w: &Weights) -> Self {
        let bbox = mp
            .bounding_rect()
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
            .unwrap_or([0.0; 4]);
        let mut items = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0.0;
        let mut push = |k: usize, v: f64| {
            total += v;
            items.push(k);
            cumulative.push(total);
        };
        match w {
            Weights::Uniform => {}
            Weights::Grid(g) => {
                for (k, v) in cells_inside(index, i, bbox, g) {
                    push(k, v);
                }
            }
            Weights::Settlements {
                points, weights, ..
            } => {
                for (k, p) in points.iter().enumerate() {
                    let inside_box =
                        p[0] >= bbox[0] && p[0] <= bbox[2] && p[1] >= bbox[1] && p[1] <= bbox[3];
                    if inside_box
                        && weights[k] > 0.0
                        && index.containment(i, *p) == Containment::Inside
                    {
                        push(k, weights[k]);
                    }
                }
            }
        }
        AreaSampler {
            bbox,
            cumulative,
            items,
        }
    }

    /// True when the weights give this area no candidate (it is then
    /// filled uniformly).
    pub(crate) fn is_unweighted(&self) -> bool {
        self.items.is_empty()
    }

    /// A point strictly inside area `i`: weighted when there are
    /// candidates (falling back to uniform after many rejections), else
    /// uniform. `None` only when even uniform sampling fails (a sliver).
    pub(crate) fn draw(
        &self,
        index: &AreaIndex,
        i: usize,
        w: &Weights,
        s: &mut Stream,
    ) -> Option<[f64; 2]> {
        if let Some(total) = self.cumulative.last().copied() {
            for _ in 0..200 {
                let u = s.next_f64() * total;
                let pick = self.cumulative.partition_point(|&c| c <= u);
                let k = self.items[pick.min(self.items.len() - 1)];
                let p = match w {
                    Weights::Grid(g) => in_cell(g, k, s),
                    Weights::Settlements {
                        points, jitter_m, ..
                    } => Some(jitter(points[k], *jitter_m, s)),
                    Weights::Uniform => None,
                };
                if let Some(p) = p {
                    if index.containment(i, p) == Containment::Inside {
                        return Some(p);
                    }
                }
            }
        }
        uniform_in_area(index, i, self.bbox, s, 1_000_000)
    }
}

/// A point uniform in grid cell `k`, as rounded lon/lat.
fn in_cell(g: &GeoGrid, k: usize, s: &mut Stream) -> Option<[f64; 2]> {
    let b = g.cell_box(k % g.width, k / g.width);
    let x = b[0] + s.next_f64() * (b[2] - b[0]);
    let y = b[1] + s.next_f64() * (b[3] - b[1]);
    let [lon, lat] = to_lon_lat(g, x, y)?;
    Some([round_deg(lon), round_deg(lat)])
}

/// A point uniform in the disc of radius `r_m` around `p`, rounded.
fn jitter(p: [f64; 2], r_m: f64, s: &mut Stream) -> [f64; 2] {
    let r = r_m * s.next_f64().sqrt();
    let t = std::f64::consts::TAU * s.next_f64();
    let dlat = r * t.sin() / M_PER_DEG;
    let dlon = r * t.cos() / (M_PER_DEG * p[1].to_radians().cos());
    [round_deg(p[0] + dlon), round_deg(p[1] + dlat)]
}

/// A grid point (in the grid's CRS) as lon/lat.
pub(crate) fn to_lon_lat(g: &GeoGrid, x: f64, y: f64) -> Option<[f64; 2]> {
    if g.crs.is_wgs84() {
        Some([x, y])
    } else {
        g.crs.to_wgs84(x, y).ok()
    }
}

/// The area's bounding box in the grid's CRS (corners and edge midpoints
/// converted), as a cell range `[c0, r0, c1, r1]` (inclusive), if any.
fn cell_range(g: &GeoGrid, bbox: [f64; 4]) -> Option<[usize; 4]> {
    let mut lo = [f64::INFINITY; 2];
    let mut hi = [f64::NEG_INFINITY; 2];
    for fx in [0.0, 0.5, 1.0] {
        for fy in [0.0, 0.5, 1.0] {
            let lon = bbox[0] + fx * (bbox[2] - bbox[0]);
            let lat = bbox[1] + fy * (bbox[3] - bbox[1]);
            let [x, y] = if g.crs.is_wgs84() {
                [lon, lat]
            } else {
                g.crs.from_wgs84(lon, lat).ok()?
            };
            lo = [lo[0].min(x), lo[1].min(y)];
            hi = [hi[0].max(x), hi[1].max(y)];
        }
    }
    // A cell of margin for the curvature of a projected bbox.
    let c0 = ((lo[0] - g.x0) / g.dx).floor() - 1.0;
    let c1 = ((hi[0] - g.x0) / g.dx).floor() + 1.0;
    let r0 = ((g.y0 - hi[1]) / g.dy).floor() - 1.0;
    let r1 = ((g.y0 - lo[1]) / g.dy).floor() + 1.0;
    let (w, h) = (g.width as f64, g.height as f64);
    if c1 < 0.0 || r1 < 0.0 || c0 >= w || r0 >= h {
        return None;
    }
    Some([
        c0.max(0.0) as usize,
        r0.max(0.0) as usize,
        c1.min(w - 1.0) as usize,
        r1.min(h - 1.0) as usize,
    ])
}

/// The populated cells (value > 0) whose centre is strictly inside area
/// `i`, as (cell index, value), in row-major order.
fn cells_inside(index: &AreaIndex, i: usize, bbox: [f64; 4], g: &GeoGrid) -> Vec<(usize, f64)> {
    let Some([c0, r0, c1, r1]) = cell_range(g, bbox) else {
        return Vec::new();
    };
    (r0..=r1)
        .into_par_iter()
        .flat_map_iter(|r| {
            (c0..=c1).filter_map(move |c| {
                let v = f64::from(g.get(c, r));
                if v.is_nan() || v <= 0.0 {
                    return None;
                }
                let b = g.cell_box(c, r);
                let p = to_lon_lat(g, (b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0)?;
                (index.containment(i, p) == Containment::Inside).then_some((r * g.width + c, v))
            })
        })
        .collect()
}

/// An error naming `grid_path` when the grid lies entirely away from
/// the areas' bounding box `[min_lon, min_lat, max_lon, max_lat]`.
pub fn check_overlap(grid_path: &std::path::Path, g: &GeoGrid, areas_bbox: [f64; 4]) -> Result<()> {
    if cell_range(g, areas_bbox).is_none() {
        let e = g.extent();
        return Err(Error::unreadable_layer(
            grid_path,
            "",
            format!(
                "the grid (extent {:.4}, {:.4} – {:.4}, {:.4} in {}) does not overlap the areas \
                 (lon {:.4} – {:.4}, lat {:.4} – {:.4}); check that it covers the province and \
                 its CRS",
                e[0],
                e[1],
                e[2],
                e[3],
                g.crs,
                areas_bbox[0],
                areas_bbox[2],
                areas_bbox[1],
                areas_bbox[3]
            ),
        ));
    }
    Ok(())
}

/// Read a settlements layer (GeoJSON or Shapefile, any CRS phusong reads):
/// Points and MultiPoints (weight 1, or the number in property `weight`)
/// or Polygons and MultiPolygons such as building footprints (their
/// centroid, weighted by their area in m², or by `weight`). Points are
/// spread by `jitter_m` around each settlement.
pub fn read_settlements(
    path: &std::path::Path,
    weight: Option<&str>,
    jitter_m: f64,
) -> Result<Weights> {
    use crate::input::geojson_read::{feature_location, lon_lat, property_text, type_name};
    use geojson::GeometryValue as G;
    let layer = crate::input::geojson_read::read_feature_layer(path)?;
    let crs = layer.declared_crs.unwrap_or_else(crate::crs::Crs::wgs84);
    let mut points = Vec::new();
    let mut weights = Vec::new();
    for (i, f) in layer.features.iter().enumerate() {
        let loc = feature_location(i);
        let w = match weight.map(|p| (p, property_text(f, p))) {
            Some((p, Some(t))) => match t.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => {
                    return Err(Error::invalid_value(
                        path,
                        &loc,
                        format!("`{p}` must be a number ≥ 0, found {t:?}"),
                    ))
                }
            },
            _ => None,
        };
        let Some(g) = &f.geometry else { continue };
        let mut rings: Vec<Vec<[f64; 2]>> = Vec::new();
        match &g.value {
            G::Point { coordinates } => {
                points.push(lon_lat(path, &crs, &loc, coordinates)?);
                weights.push(w.unwrap_or(1.0));
                continue;
            }
            G::MultiPoint { coordinates } => {
                for c in coordinates {
                    points.push(lon_lat(path, &crs, &loc, c)?);
                    weights.push(w.unwrap_or(1.0));
                }
                continue;
            }
            G::Polygon { coordinates } => rings.extend(
                coordinates
                    .first()
                    .cloned()
                    .map(|r| {
                        r.iter()
                            .map(|p| lon_lat(path, &crs, &loc, p))
                            .collect::<Result<Vec<_>>>()
                    })
                    .transpose()?,
            ),
            G::MultiPolygon { coordinates } => {
                for poly in coordinates {
                    if let Some(r) = poly.first() {
                        rings.push(
                            r.iter()
                                .map(|p| lon_lat(path, &crs, &loc, p))
                                .collect::<Result<Vec<_>>>()?,
                        );
                    }
                }
            }
            other => {
                return Err(Error::invalid_value(
                    path,
                    &loc,
                    format!(
                    "a settlement must be a Point or a Polygon (a building footprint), found a {}",
                    type_name(other)
                ),
                ))
            }
        }
        let polys: Vec<geo::Polygon<f64>> = rings
            .into_iter()
            .map(|r| geo::Polygon::new(r.into_iter().map(|p| (p[0], p[1])).collect(), vec![]))
            .collect();
        let mp = MultiPolygon(polys);
        if let Weights::Settlements {
            points: p,
            weights: ws,
            ..
        } = Weights::from_footprints(std::slice::from_ref(&mp), jitter_m)
        {
            points.extend(p);
            weights.extend(ws.into_iter().map(|a| w.unwrap_or(a)));
        }
    }
    if points.is_empty() {
        return Err(Error::unreadable_layer(
            path,
            "",
            "the settlements layer holds no point or polygon",
        ));
    }
    Ok(Weights::Settlements {
        points,
        weights,
        jitter_m,
    })
}
