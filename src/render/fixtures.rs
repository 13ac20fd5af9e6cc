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
const CELL: f64 = 6_000.0;
const COLS: usize = 7;
const ROWS: usize = 8;

/// Cells left out to make the outline irregular.
const SKIP: [(usize, usize); 5] = [(0, 0), (1, 0), (6, 7), (5, 7), (6, 0)];

/// The cell with a lake (hole) and the one with an island.
const HOLED: (usize, usize) = (3, 3);
pub(crate) const ISLAND: (usize, usize) = (6, 4);

const NAMES: &str = "Tân Hưng,Tân Lộc,Thới Bình,Trí Phải,Biển Bạch,Hồ Thị Kỷ,Tạ An Khương,\
    Đầm Dơi,Ngọc Chánh,Quách Phẩm,Tân Duyệt,Nguyễn Huân,Tân Tiến,Khánh Bình Tây,Trần Hợi,\
    Phong Lạc,Lợi An,Tân Ân,Viên An,Đất Mũi,Tam Giang,Hàm Rồng,Tân Thuận,Khánh Hưng,Vân Khánh,\
    Hưng Mỹ,Phú Hưng,Lương Thế Trân,Thạnh Phú,P1,P5,PTân Xuyên,An Xuyên,Lý Văn Lâm,Hòa Thành,\
    Định Bình,Tắc Vân,Ngọc Hiển,Đông Hưng,Trần Phán,Tân Trung,Thanh Tùng,Khánh Lâm,\
    Nguyễn Phích,Khánh An,Trần Thới,Đông Thới,Phú Tân,Việt Thắng,Rạch Chèo,Tân Hải";

/// The commune names ("Xã …", or "Phường …" for the names marked P).
fn names() -> Vec<String> {
    let name = |n: &str| match n.strip_prefix('P') {
        Some(rest) if !n.starts_with("Ph") => format!("Phường {rest}"),
        _ => format!("Xã {n}"),
    };
    NAMES.split(',').map(name).collect()
}

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
    let (a, b) = (i as i64, j as i64);
    let x = X0 + i as f64 * CELL + 1_100.0 * noise(a, b, 1);
    Coord {
        x,
        y: Y0 + j as f64 * CELL + 1_100.0 * noise(a, b, 2),
    }
}

/// Points of the edge from vertex a to vertex b (excluding b), wiggled the
/// same way whichever cell asks, so neighbours share their boundary.
fn edge(a: (usize, usize), b: (usize, usize)) -> Vec<Coord<f64>> {
    let (lo, hi) = (a.min(b), a.max(b));
    let (p, q) = (vertex(lo.0, lo.1), vertex(hi.0, hi.1));
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    let len = dx.hypot(dy);
    let mut pts: Vec<Coord<f64>> = (0..=6)
        .map(|k| {
            let t = f64::from(k) / 6.0;
            let seed = (
                lo.0 as i64 * 31 + hi.0 as i64,
                lo.1 as i64 * 17 + hi.1 as i64,
            );
            let w = if k % 6 == 0 {
                0.0
            } else {
                450.0 * noise(seed.0, seed.1, i64::from(k))
            };
            Coord {
                x: p.x + dx * t - dy / len * w,
                y: p.y + dy * t + dx / len * w,
            }
        })
        .collect();
    if a > b {
        pts.reverse();
    }
    pts.pop();
    pts
}

/// The outline of cell (i, j), counter-clockwise, closed.
fn cell_ring(i: usize, j: usize) -> LineString<f64> {
    let c = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
    let mut pts: Vec<Coord<f64>> = (0..4).flat_map(|k| edge(c[k], c[(k + 1) % 4])).collect();
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
fn cell_geometry(i: usize, j: usize) -> MultiPolygon<f64> {
    let ring = cell_ring(i, j);
    let (cx, cy) = lake_centre();
    let (ix, iy) = island_centre();
    MultiPolygon(match (i, j) {
        HOLED => vec![Polygon::new(ring, vec![square(cx, cy, 1_300.0)])],
        ISLAND => vec![
            Polygon::new(ring, vec![]),
            Polygon::new(square(ix, iy, 1_200.0), vec![]),
        ],
        _ => vec![Polygon::new(ring, vec![])],
    })
}

/// Centre of the lake inside [`HOLED`] (metres).
pub(crate) fn lake_centre() -> (f64, f64) {
    let (i, j) = HOLED;
    (X0 + (i as f64 + 0.5) * CELL, Y0 + (j as f64 + 0.5) * CELL)
}

/// Centre of the island belonging to [`ISLAND`] (metres), off the east coast.
pub(crate) fn island_centre() -> (f64, f64) {
    (
        X0 + COLS as f64 * CELL + 5_500.0,
        Y0 + (ISLAND.1 as f64 + 0.3) * CELL,
    )
}

/// The cells in drawing order.
pub(crate) fn cells() -> Vec<(usize, usize)> {
    let all = (0..ROWS).flat_map(|j| (0..COLS).map(move |i| (i, j)));
    all.filter(|c| !SKIP.contains(c)).collect()
}

/// The share of cell (i, j): higher in the north-east, a few without data.
pub(crate) fn share(i: usize, j: usize) -> Option<f64> {
    if (i, j) == (2, 6) || (i, j) == (5, 1) {
        return None;
    }
    let base = 0.35 + 0.5 * (i as f64 / COLS as f64 + j as f64 / ROWS as f64) / 2.0;
    Some((base + 0.25 * noise(i as i64, j as i64, 7)).clamp(0.05, 0.99))
}

/// The synthetic map: choropleth, districts, fibre, sites; with `radio`,
/// also sectors and an RSRP raster (and no area fill).
pub(crate) fn province(radio: bool) -> MapSpec {
    let names = names();
    let areas: Vec<MapArea> = (cells().into_iter().enumerate())
        .map(|(k, (i, j))| {
            let mut a = MapArea::new(
                format!("32{k:03}"),
                &names[k],
                cell_geometry(i, j),
                share(i, j),
            );
            a.flagged = matches!(
                (i, j),
                (0, 2) | (0, 3) | (1, 1) | (2, 0) | (6, 2) | (4, 0) | (0, 6)
            );
            if k % 3 == 0 {
                let missing = 200 + (noise(i as i64, j as i64, 9).abs() * 3_000.0) as i64;
                a.label = Some(format!("{}\n\u{2212}{missing} hh", names[k]));
            }
            a
        })
        .collect();
    let parents = [(0..3), (3..5), (5..COLS)].map(|cols| {
        let part = cells().into_iter().filter(|(i, _)| cols.contains(i));
        geo::unary_union(
            &part
                .map(|(i, j)| Polygon::new(cell_ring(i, j), vec![]))
                .collect::<Vec<_>>(),
        )
    });
    let road = |pts: &[(usize, usize)]| {
        let mut coords: Vec<Coord<f64>> = pts.windows(2).flat_map(|w| edge(w[0], w[1])).collect();
        coords.push(vertex(pts[pts.len() - 1].0, pts[pts.len() - 1].1));
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
    let sites: Vec<Point<f64>> = (site_cells.iter().map(|&(i, j)| vertex(i, j)))
        .map(|v| Point::new(v.x + 1_500.0, v.y + 1_700.0))
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
        parents: parents.into(),
        lines: vec![fibre],
        points: vec![PointLayer::cell_sites("Trạm BTS 4G", sites.clone())],
        locale: super::Locale::vietnamese(),
        ..MapSpec::default()
    };
    if radio {
        spec.title = "Tỉnh Cà Mau — RSRP mạnh nhất (best server)".into();
        spec.fill_areas = false;
        let wedge = |p: Point<f64>, az: f64| Wedge {
            centre: p,
            azimuth_deg: az + 30.0,
            beamwidth_deg: 65.0,
            radius_m: 1_800.0,
        };
        spec.wedges = vec![WedgeLayer {
            name: "Sector 4G".into(),
            wedges: sites
                .iter()
                .flat_map(|&p| [0.0, 120.0, 240.0].map(|az| wedge(p, az)))
                .collect(),
            colour: super::Rgb(0x08, 0x45, 0x94),
            opacity: 0.12,
        }];
        let cs = 250.0;
        let (x_min, y_max) = (X0 - 2_000.0, Y0 + ROWS as f64 * CELL + 2_000.0);
        let cols = ((COLS as f64 * CELL + 4_000.0) / cs) as usize;
        let rows = ((ROWS as f64 * CELL + 4_000.0) / cs) as usize;
        let rsrp = |r: usize, c: usize| {
            let (x, y) = (x_min + (c as f64 + 0.5) * cs, y_max - (r as f64 + 0.5) * cs);
            let d = sites
                .iter()
                .map(|s| (s.x() - x).hypot(s.y() - y))
                .fold(f64::INFINITY, f64::min);
            let rsrp = -52.0 - 28.0 * (d.max(50.0) / 50.0).log10();
            if rsrp < -125.0 {
                f32::NAN
            } else {
                rsrp as f32
            }
        };
        let values = (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .map(|(r, c)| rsrp(r, c))
            .collect();
        spec.raster = Some(
            RasterLayer::new("RSRP (dBm)", x_min, y_max, cs, cols, rows, values)
                .expect("valid raster"),
        );
    }
    spec
}
