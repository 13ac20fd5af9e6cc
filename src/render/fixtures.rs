//! A synthetic province for tests and visual checks: 51 communes on a
//! jittered grid with wiggly shared edges, three districts, one commune
//! with a hole (a lake) and one with an off-shore island, fibre routes,
//! cell sites, sectors and an RSRP grid. Names are real Cà Mau commune
//! names; values are made up.

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};

use super::layers::{LineLayer, PointLayer, Wedge, WedgeLayer};
use super::map::{MapArea, MapSpec};
use super::raster::RasterLayer;
use super::ClassScheme;

pub(crate) const X0: f64 = 520_000.0;
pub(crate) const Y0: f64 = 1_000_000.0;
pub(crate) const CELL: f64 = 6_000.0;
pub(crate) const COLS: usize = 7;
pub(crate) const ROWS: usize = 8;

/// Cells left out to make the outline irregular.
const SKIP: [(usize, usize); 5] = [(0, 0), (1, 0), (6, 7), (5, 7), (6, 0)];

/// The cell with a lake (hole) and the one with an island.
pub(crate) const HOLED: (usize, usize) = (3, 3);
pub(crate) const ISLAND: (usize, usize) = (6, 4);

const NAMES: [&str; 51] = [
    "Xã Tân Hưng",
    "Xã Tân Lộc",
    "Xã Thới Bình",
    "Xã Trí Phải",
    "Xã Biển Bạch",
    "Xã Hồ Thị Kỷ",
    "Xã Tạ An Khương",
    "Xã Đầm Dơi",
    "Xã Ngọc Chánh",
    "Xã Quách Phẩm",
    "Xã Tân Duyệt",
    "Xã Nguyễn Huân",
    "Xã Tân Tiến",
    "Xã Khánh Bình Tây",
    "Xã Trần Hợi",
    "Xã Phong Lạc",
    "Xã Lợi An",
    "Xã Tân Ân",
    "Xã Viên An",
    "Xã Đất Mũi",
    "Xã Tam Giang",
    "Xã Hàm Rồng",
    "Xã Tân Thuận",
    "Xã Khánh Hưng",
    "Xã Vân Khánh",
    "Xã Hưng Mỹ",
    "Xã Phú Hưng",
    "Xã Lương Thế Trân",
    "Xã Thạnh Phú",
    "Phường 1",
    "Phường 5",
    "Phường Tân Xuyên",
    "Xã An Xuyên",
    "Xã Lý Văn Lâm",
    "Xã Hòa Thành",
    "Xã Định Bình",
    "Xã Tắc Vân",
    "Xã Ngọc Hiển",
    "Xã Đông Hưng",
    "Xã Trần Phán",
    "Xã Tân Trung",
    "Xã Thanh Tùng",
    "Xã Khánh Lâm",
    "Xã Nguyễn Phích",
    "Xã Khánh An",
    "Xã Trần Thới",
    "Xã Đông Thới",
    "Xã Phú Tân",
    "Xã Việt Thắng",
    "Xã Rạch Chèo",
    "Xã Tân Hải",
];

/// Deterministic pseudo-random number in [-1, 1) from integers.
fn noise(a: i64, b: i64, salt: i64) -> f64 {
    let mut h = (a.wrapping_mul(73_856_093)
        ^ b.wrapping_mul(19_349_663)
        ^ salt.wrapping_mul(83_492_791)) as u64;
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h % 10_000) as f64 / 5_000.0 - 1.0
}

fn vertex(i: usize, j: usize) -> Coord<f64> {
    let (i, j) = (i as i64, j as i64);
    Coord {
        x: X0 + i as f64 * CELL + 1_100.0 * noise(i, j, 1),
        y: Y0 + j as f64 * CELL + 1_100.0 * noise(i, j, 2),
    }
}

/// Points of the edge from vertex a to vertex b (excluding b), wiggled the
/// same way whichever cell asks, so neighbours share their boundary.
fn edge(a: (usize, usize), b: (usize, usize)) -> Vec<Coord<f64>> {
    let (lo, hi, rev) = if a <= b { (a, b, false) } else { (b, a, true) };
    let (p, q) = (vertex(lo.0, lo.1), vertex(hi.0, hi.1));
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    let len = (dx * dx + dy * dy).sqrt();
    let (nx, ny) = (-dy / len, dx / len);
    let n = 6;
    let mut pts: Vec<Coord<f64>> = (0..=n)
        .map(|k| {
            let t = k as f64 / n as f64;
            let w = if k == 0 || k == n {
                0.0
            } else {
                450.0
                    * noise(
                        lo.0 as i64 * 31 + hi.0 as i64,
                        lo.1 as i64 * 17 + hi.1 as i64,
                        k as i64,
                    )
            };
            Coord {
                x: p.x + dx * t + nx * w,
                y: p.y + dy * t + ny * w,
            }
        })
        .collect();
    if rev {
        pts.reverse();
    }
    pts.pop();
    pts
}

/// The outline of cell (i, j), counter-clockwise, closed.
pub(crate) fn cell_ring(i: usize, j: usize) -> LineString<f64> {
    let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
    let mut pts = Vec::new();
    for k in 0..4 {
        pts.extend(edge(corners[k], corners[(k + 1) % 4]));
    }
    pts.push(pts[0]);
    LineString(pts)
}

fn square(cx: f64, cy: f64, r: f64) -> LineString<f64> {
    LineString::from(vec![
        (cx - r, cy - r),
        (cx + r, cy - r),
        (cx + r, cy + r),
        (cx - r, cy + r),
        (cx - r, cy - r),
    ])
}

/// The geometry of cell (i, j), with the lake and island where set.
pub(crate) fn cell_geometry(i: usize, j: usize) -> MultiPolygon<f64> {
    let ring = cell_ring(i, j);
    let (cx, cy) = lake_centre();
    if (i, j) == HOLED {
        return MultiPolygon(vec![Polygon::new(ring, vec![square(cx, cy, 1_300.0)])]);
    }
    if (i, j) == ISLAND {
        let (ix, iy) = island_centre();
        return MultiPolygon(vec![
            Polygon::new(ring, vec![]),
            Polygon::new(square(ix, iy, 1_200.0), vec![]),
        ]);
    }
    MultiPolygon(vec![Polygon::new(ring, vec![])])
}

/// Centre of the lake inside [`HOLED`] (metres).
pub(crate) fn lake_centre() -> (f64, f64) {
    let (i, j) = HOLED;
    (X0 + (i as f64 + 0.5) * CELL, Y0 + (j as f64 + 0.5) * CELL)
}

/// Centre of the island belonging to [`ISLAND`] (metres), off the east coast.
pub(crate) fn island_centre() -> (f64, f64) {
    let (_, j) = ISLAND;
    (
        X0 + COLS as f64 * CELL + 5_500.0,
        Y0 + (j as f64 + 0.3) * CELL,
    )
}

/// The cells in drawing order.
pub(crate) fn cells() -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    for j in 0..ROWS {
        for i in 0..COLS {
            if !SKIP.contains(&(i, j)) {
                v.push((i, j));
            }
        }
    }
    v
}

/// The share of cell (i, j): higher in the north-east, a few without data.
pub(crate) fn share(i: usize, j: usize) -> Option<f64> {
    if (i, j) == (2, 6) || (i, j) == (5, 1) {
        return None;
    }
    let base = 0.35 + 0.5 * (i as f64 / COLS as f64 + j as f64 / ROWS as f64) / 2.0;
    Some((base + 0.25 * noise(i as i64, j as i64, 7)).clamp(0.05, 0.99))
}

/// Whether cell (i, j) is flagged (not reached by fibre).
pub(crate) fn flagged(i: usize, j: usize) -> bool {
    matches!(
        (i, j),
        (0, 2) | (0, 3) | (1, 1) | (2, 0) | (6, 2) | (4, 0) | (0, 6)
    )
}

/// The synthetic map: choropleth, districts, fibre, sites; with `radio`,
/// also sectors and an RSRP raster (and no area fill).
pub(crate) fn province(radio: bool) -> MapSpec {
    let areas: Vec<MapArea> = cells()
        .into_iter()
        .enumerate()
        .map(|(k, (i, j))| {
            let mut a = MapArea::new(
                format!("32{k:03}"),
                NAMES[k],
                cell_geometry(i, j),
                share(i, j),
            );
            a.flagged = flagged(i, j);
            if k % 3 == 0 {
                let missing = 200 + (noise(i as i64, j as i64, 9).abs() * 3_000.0) as i64;
                a.label = Some(format!("{}\n\u{2212}{} hh", NAMES[k], missing));
            }
            a
        })
        .collect();
    let districts = [(0..3), (3..5), (5..COLS)];
    let parents = districts
        .iter()
        .map(|cols| {
            let polys: Vec<Polygon<f64>> = cells()
                .into_iter()
                .filter(|(i, _)| cols.contains(i))
                .map(|(i, j)| Polygon::new(cell_ring(i, j), vec![]))
                .collect();
            geo::unary_union(&polys)
        })
        .collect();
    let road = |pts: &[(usize, usize)]| {
        let mut coords = Vec::new();
        for w in pts.windows(2) {
            coords.extend(edge(w[0], w[1]));
        }
        let last = pts[pts.len() - 1];
        coords.push(vertex(last.0, last.1));
        LineString(coords)
    };
    let fibre = LineLayer::fibre(
        "Fibre backbone",
        vec![
            road(&[(2, 1), (2, 2), (3, 2), (4, 2), (5, 2), (6, 2), (7, 2)]),
            road(&[(3, 2), (3, 3), (3, 4), (3, 5), (3, 6), (3, 7), (3, 8)]),
            road(&[(3, 5), (4, 5), (5, 5), (6, 5), (7, 5)]),
            road(&[(0, 5), (1, 5), (2, 5), (3, 5)]),
        ],
    );
    let site_cells = [
        (1, 2),
        (2, 4),
        (3, 6),
        (4, 3),
        (5, 5),
        (6, 6),
        (4, 7),
        (1, 5),
        (5, 3),
        (2, 1),
    ];
    let sites: Vec<Point<f64>> = site_cells
        .iter()
        .map(|&(i, j)| {
            let v = vertex(i, j);
            Point::new(v.x + 1_500.0, v.y + 1_700.0)
        })
        .collect();
    let mut spec = MapSpec {
        title: "Tỉnh Cà Mau — hộ gia đình được phủ sóng 4G theo xã".into(),
        subtitle: "Kịch bản: hiện trạng · Mục tiêu: 80% hộ gia đình có sóng 4G (synthetic data)"
            .into(),
        footnote:
            "Nguồn: dữ liệu tổng hợp (synthetic), ranh giới xã giả lập.\nRun 2025-06-30 · phusong"
                .into(),
        classes: ClassScheme::around_target(0.8),
        legend_title: "Hộ có sóng 4G (tỷ lệ)".into(),
        flag_label: "Chưa có cáp quang".into(),
        areas,
        parents,
        lines: vec![fibre],
        points: vec![PointLayer::cell_sites("Trạm BTS 4G", sites.clone())],
        locale: super::Locale::vietnamese(),
        ..MapSpec::default()
    };
    if radio {
        spec.title = "Tỉnh Cà Mau — RSRP mạnh nhất (best server)".into();
        spec.fill_areas = false;
        spec.wedges = vec![WedgeLayer {
            name: "Sector 4G".into(),
            wedges: sites
                .iter()
                .flat_map(|&p| {
                    [0.0, 120.0, 240.0].map(|az| Wedge {
                        centre: p,
                        azimuth_deg: az + 30.0,
                        beamwidth_deg: 65.0,
                        radius_m: 1_800.0,
                    })
                })
                .collect(),
            colour: super::Rgb(0x08, 0x45, 0x94),
            opacity: 0.12,
        }];
        let cs = 250.0;
        let (x_min, y_max) = (X0 - 2_000.0, Y0 + ROWS as f64 * CELL + 2_000.0);
        let cols = ((COLS as f64 * CELL + 4_000.0) / cs) as usize;
        let rows = ((ROWS as f64 * CELL + 4_000.0) / cs) as usize;
        let mut values = Vec::with_capacity(cols * rows);
        for r in 0..rows {
            for c in 0..cols {
                let x = x_min + (c as f64 + 0.5) * cs;
                let y = y_max - (r as f64 + 0.5) * cs;
                let d = sites
                    .iter()
                    .map(|s| ((s.x() - x).powi(2) + (s.y() - y).powi(2)).sqrt())
                    .fold(f64::INFINITY, f64::min)
                    .max(50.0);
                let rsrp = -52.0 - 28.0 * (d / 50.0).log10();
                values.push(if rsrp < -125.0 { f32::NAN } else { rsrp as f32 });
            }
        }
        spec.raster = Some(
            RasterLayer::new("RSRP (dBm)", x_min, y_max, cs, cols, rows, values)
                .expect("valid raster"),
        );
    }
    spec
}
