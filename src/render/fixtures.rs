//! A small synthetic province for tests and visual checks: 30 square
//! communes, two districts, one commune with a hole (a lake) and one with
//! an off-shore island, fibre, cell sites, sectors and an RSRP grid.

use geo::{LineString, MultiPolygon, Point, Polygon};

use super::layers::{LineLayer, PointLayer, Wedge, WedgeLayer};
use super::map::{MapArea, MapSpec};
use super::raster::RasterLayer;
use super::{ClassScheme, Rgb};

pub(crate) const X0: f64 = 520_000.0;
pub(crate) const Y0: f64 = 1_000_000.0;
const CELL: f64 = 6_000.0;
const COLS: usize = 6;
const ROWS: usize = 5;
const HOLED: (usize, usize) = (2, 2);
pub(crate) const ISLAND: (usize, usize) = (5, 2);
const NAMES: &str = "Tân Hưng,Tân Lộc,Thới Bình,Trí Phải,Biển Bạch,Hồ Thị Kỷ,Tạ An Khương,\
    Đầm Dơi,Ngọc Chánh,Quách Phẩm,Tân Duyệt,Nguyễn Huân,Tân Tiến,Khánh Bình Tây,Trần Hợi,\
    Phong Lạc,Lợi An,Tân Ân,Viên An,Đất Mũi,Tam Giang,Hàm Rồng,Tân Thuận,Khánh Hưng,Vân Khánh,\
    Hưng Mỹ,Phú Hưng,Lương Thế Trân,Thạnh Phú,Tân Xuyên";

fn square(cx: f64, cy: f64, r: f64) -> LineString<f64> {
    let c = [(-r, -r), (r, -r), (r, r), (-r, r), (-r, -r)];
    c.iter().map(|(dx, dy)| (cx + dx, cy + dy)).collect()
}

fn centre(i: usize, j: usize) -> (f64, f64) {
    (X0 + (i as f64 + 0.5) * CELL, Y0 + (j as f64 + 0.5) * CELL)
}

/// Centre of the lake inside [`HOLED`] (metres).
pub(crate) fn lake_centre() -> (f64, f64) {
    centre(HOLED.0, HOLED.1)
}

/// Centre of the island belonging to [`ISLAND`] (metres), off the east coast.
pub(crate) fn island_centre() -> (f64, f64) {
    (
        X0 + COLS as f64 * CELL + 5_000.0,
        centre(ISLAND.0, ISLAND.1).1,
    )
}

/// The cells in drawing order.
pub(crate) fn cells() -> Vec<(usize, usize)> {
    (0..ROWS)
        .flat_map(|j| (0..COLS).map(move |i| (i, j)))
        .collect()
}

/// The share of cell (i, j): higher in the north-east, two without data.
pub(crate) fn share(i: usize, j: usize) -> Option<f64> {
    let v = 0.2 + 0.12 * i as f64 + 0.05 * j as f64 - 0.07 * ((i * 7 + j * 3) % 4) as f64;
    (![(1, 3), (4, 1)].contains(&(i, j))).then_some(v.clamp(0.05, 0.99))
}

/// The synthetic map: choropleth, districts, fibre, sites; with `radio`,
/// also sectors and an RSRP raster.
pub(crate) fn province(radio: bool) -> MapSpec {
    let names: Vec<&str> = NAMES.split(',').collect();
    let areas = (cells().into_iter().enumerate()).map(|(k, (i, j))| {
        let (cx, cy) = centre(i, j);
        let mut parts = vec![Polygon::new(square(cx, cy, CELL / 2.0), vec![])];
        if (i, j) == HOLED {
            parts[0] = Polygon::new(square(cx, cy, CELL / 2.0), vec![square(cx, cy, 1_300.0)]);
        } else if (i, j) == ISLAND {
            let (ix, iy) = island_centre();
            parts.push(Polygon::new(square(ix, iy, 1_200.0), vec![]));
        }
        let name = format!("Xã {}", names[k]);
        let mut a = MapArea::new(format!("32{k:03}"), &name, MultiPolygon(parts), share(i, j));
        a.flagged = [(0, 2), (0, 3), (1, 1), (3, 0)].contains(&(i, j));
        if k % 3 == 0 {
            a.label = Some(format!("{name}\n\u{2212}{} hh", 200 + 97 * k));
        }
        a
    });
    let district = |x0: f64, x1: f64| {
        let (y0, y1) = (Y0, Y0 + ROWS as f64 * CELL);
        let ring = LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]);
        MultiPolygon(vec![Polygon::new(ring, vec![])])
    };
    let mid = X0 + 3.0 * CELL;
    let (east, north) = (X0 + COLS as f64 * CELL, Y0 + ROWS as f64 * CELL);
    let fibre = vec![
        LineString::from(vec![(X0, Y0 + 9_000.0), (east, Y0 + 9_500.0)]),
        LineString::from(vec![(mid + 500.0, Y0), (mid - 800.0, north)]),
    ];
    let sites: Vec<Point<f64>> = [(1, 1), (4, 3), (2, 4), (4, 0), (0, 3), (5, 2)]
        .map(|(i, j)| centre(i, j))
        .map(|(x, y)| Point::new(x + 1_500.0, y + 1_700.0))
        .into();
    let mut spec = MapSpec {
        title: "Tỉnh Cà Mau — hộ gia đình được phủ sóng 4G theo xã".into(),
        subtitle: "Kịch bản: hiện trạng · Mục tiêu: 80% hộ gia đình có sóng 4G".into(),
        footnote: "Nguồn: dữ liệu tổng hợp (synthetic).\nRun 2025-06-30 · phusong".into(),
        classes: ClassScheme::around_target(0.8),
        legend_title: "Hộ có sóng 4G (tỷ lệ)".into(),
        flag_label: "Chưa có cáp quang".into(),
        areas: areas.collect(),
        parents: vec![district(X0, mid), district(mid, east)],
        lines: vec![LineLayer::fibre("Fibre backbone", fibre)],
        points: vec![PointLayer::cell_sites("Trạm BTS 4G", sites.clone())],
        ..MapSpec::default()
    };
    if radio {
        spec.title = "Tỉnh Cà Mau — RSRP mạnh nhất (best server)".into();
        let wedge = |p: Point<f64>, az: f64| Wedge {
            centre: p,
            azimuth_deg: az + 30.0,
            beamwidth_deg: 65.0,
            radius_m: 1_800.0,
        };
        let wedges = sites
            .iter()
            .flat_map(|&p| [0.0, 120.0, 240.0].map(|az| wedge(p, az)));
        spec.wedges = vec![WedgeLayer {
            name: "Sector 4G".into(),
            wedges: wedges.collect(),
            colour: Rgb(0x08, 0x45, 0x94),
            opacity: 0.12,
        }];
        let cs = 250.0;
        let (x_min, y_max) = (X0 - 2_000.0, north + 2_000.0);
        let cols = ((east - X0 + 4_000.0) / cs) as usize;
        let rows = ((north - Y0 + 4_000.0) / cs) as usize;
        let rsrp = |r: usize, c: usize| {
            let (x, y) = (x_min + (c as f64 + 0.5) * cs, y_max - (r as f64 + 0.5) * cs);
            let d = sites.iter().map(|s| (s.x() - x).hypot(s.y() - y));
            let rsrp = -52.0 - 28.0 * (d.fold(f64::INFINITY, f64::min).max(50.0) / 50.0).log10();
            if rsrp < -125.0 {
                f32::NAN
            } else {
                rsrp as f32
            }
        };
        let values = (0..rows).flat_map(|r| (0..cols).map(move |c| (r, c)));
        let values = values.map(|(r, c)| rsrp(r, c)).collect();
        let raster = RasterLayer::new("RSRP (dBm)", x_min, y_max, cs, cols, rows, values);
        spec.raster = Some(raster.expect("valid raster"));
    }
    spec
}
