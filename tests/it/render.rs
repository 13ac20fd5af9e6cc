//! The maps and charts of `phusong::render` drawn from a small synthetic
//! province: 30 square communes, two districts, one commune with a hole (a
//! lake) and one with an off-shore island, fibre, cell sites, sectors and an
//! RSRP grid; checked on the raster image and the SVG document.

use geo::{polygon, LineString, MultiPolygon, Point, Polygon};
use phusong::render::palette::{TARGET_MET, TARGET_MISSED};
use phusong::render::{
    draw_kpi_chart, draw_map, draw_ranked_bars, render_kpi_chart, render_map, ClassScheme, Kpi,
    KpiChartSpec, LineLayer, MapArea, MapReport, MapSpec, PointLayer, RankedBarsSpec, RankedItem,
    RasterLayer, Rendered, Rgb, Wedge, WedgeLayer,
};

/// The map frame outside the areas (`render::map`'s sea colour).
const OUTSIDE: Rgb = Rgb(0xEE, 0xEE, 0xEE);

/// Width, height, channels and pixels of a PNG file.
fn decode_png(bytes: &[u8]) -> (u32, u32, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, info.color_type.samples(), buf)
}

const X0: f64 = 520_000.0;
const Y0: f64 = 1_000_000.0;
const CELL: f64 = 6_000.0;
const COLS: usize = 6;
const ROWS: usize = 5;
const HOLED: (usize, usize) = (2, 2);
const ISLAND: (usize, usize) = (5, 2);
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
fn lake_centre() -> (f64, f64) {
    centre(HOLED.0, HOLED.1)
}

/// Centre of the island belonging to [`ISLAND`] (metres), off the east coast.
fn island_centre() -> (f64, f64) {
    (
        X0 + COLS as f64 * CELL + 5_000.0,
        centre(ISLAND.0, ISLAND.1).1,
    )
}

/// The cells in drawing order.
fn cells() -> Vec<(usize, usize)> {
    (0..ROWS)
        .flat_map(|j| (0..COLS).map(move |i| (i, j)))
        .collect()
}

/// The share of cell (i, j): higher in the north-east, two without data.
fn share(i: usize, j: usize) -> Option<f64> {
    let v = 0.2 + 0.12 * i as f64 + 0.05 * j as f64 - 0.07 * ((i * 7 + j * 3) % 4) as f64;
    (![(1, 3), (4, 1)].contains(&(i, j))).then_some(v.clamp(0.05, 0.99))
}

/// The synthetic map: choropleth, districts, fibre, sites; with `radio`,
/// also sectors and an RSRP raster.
fn province(radio: bool) -> MapSpec {
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

fn at(r: &Rendered, report: &MapReport, (x, y): (f64, f64)) -> Option<Rgb> {
    let (px, py) = report.transform.to_px(x, y);
    r.image.pixel(px as u32, py as u32)
}

/// The area of fixture cell `c` and a point 1.8 km below its centre
/// (clear of its label).
fn cell(spec: &MapSpec, c: (usize, usize)) -> (usize, (f64, f64)) {
    let k = cells().iter().position(|&x| x == c).unwrap();
    let e = spec.areas[k].geometry.0[0].exterior();
    let (x, y) = (e.0[0].x + 3_000.0, e.0[0].y + 1_200.0);
    (k, (x, y))
}

#[test]
fn synthetic_map_renders_with_embedded_font() {
    let spec = province(false);
    let (r, report) = draw_map(&spec).unwrap();
    let img = &r.image;
    assert_eq!((img.width, img.height), (report.width, report.height));
    assert!(img.width == 2400 && img.height > 1200, "{}", img.height);
    // Anti-aliased: many colours; text (dark ink) in the title area.
    let mut colours: Vec<_> = img.data.chunks_exact(3).step_by(7).collect();
    colours.sort();
    colours.dedup();
    assert!(colours.len() > 50, "only {} colours", colours.len());
    let dark = |(x, y): (u32, u32)| img.pixel(x, y).is_some_and(|c| c.0 < 80 && c.1 < 80);
    let title = (40..110u32).flat_map(|y| (40..900u32).map(move |x| (x, y)));
    assert!(title.filter(|&p| dark(p)).count() > 500);

    // A commune interior has exactly its class colour; the lake (a
    // hole) shows the outside colour; the island (a second part) is
    // filled; flagged communes carry the hatch colour.
    let (_, p) = cell(&spec, (4, 4));
    let want = spec.classes.colour_of(share(4, 4).unwrap());
    assert_eq!(at(&r, &report, p), Some(want));
    assert_eq!(at(&r, &report, lake_centre()), Some(OUTSIDE));
    let (k, _) = cell(&spec, ISLAND);
    let (ix, iy) = island_centre();
    let island = spec.classes.colour_of(spec.areas[k].value.unwrap());
    assert_eq!(at(&r, &report, (ix, iy - 900.0)), Some(island));
    let (_, (x, y)) = cell(&spec, (0, 3));
    let near =
        (0..30).flat_map(|i| (0..30).map(move |j| (x + 30.0 * i as f64, y + 30.0 * j as f64)));
    let dark = |c: Option<Rgb>| c.is_some_and(|c| c.0 < 110 && c.1 < 110 && c.2 < 110);
    let hatch = near.filter(|&p| dark(at(&r, &report, p))).count();
    assert!(hatch > 20, "{hatch} hatch pixels");

    // Counts add up.
    let n = spec.areas.len();
    assert_eq!(
        report.class_counts.iter().sum::<usize>() + report.no_data,
        n
    );
    assert_eq!((report.no_data, report.flagged), (2, 4));
    assert!(report.labels_placed > 20, "{} labels", report.labels_placed);
    assert_eq!(report.labels_placed + report.unlabelled.len(), n);
    assert!(report.scale_bar_m >= 5_000.0);

    // The SVG parses and has the legend text and Vietnamese labels,
    // holes (a path of two rings) and areas with a code and a title.
    let svg = &r.svg;
    let mut reader = quick_xml::Reader::from_str(svg);
    while !matches!(reader.read_event().unwrap(), quick_xml::events::Event::Eof) {}
    let legend = [
        ">Hộ có sóng 4G (tỷ lệ)<",
        ">≥ 80%<",
        ">✓ meets target<",
        ">Chưa có cáp quang<",
    ];
    for s in legend.into_iter().chain([">No data<", " km</text>"]) {
        assert!(svg.contains(s), "{s}");
    }
    let placed = spec
        .areas
        .iter()
        .filter(|a| !report.unlabelled.contains(&a.code));
    let named = placed.filter(|a| svg.contains(&format!(">{}</text>", a.name)));
    assert!(named.count() > 10);
    assert!(svg.contains("<title>Tỉnh Cà Mau") && svg.contains("ZM"));
    assert!(svg.contains("<g id=\"area-32000\"><title>Xã Tân Hưng — "));
}

#[test]
fn files_are_written_deterministically() {
    let mut spec = province(false);
    spec.areas.truncate(12);
    let dir = tempfile::tempdir().unwrap();
    let (png, svg) = (dir.path().join("m.png"), dir.path().join("m.svg"));
    let report = render_map(&spec, &png, &svg).unwrap();
    let bytes = std::fs::read(&png).unwrap();
    let (w, h, ch, pixels) = decode_png(&bytes);
    assert_eq!((w, h, ch), (2400, report.height, 3));
    assert!(pixels.iter().any(|&b| b < 100), "not blank");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<?xml") && text.trim_end().ends_with("</svg>"));
    // Only the two outputs in the folder (no temporary files left), and
    // the same bytes when drawn again.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    let (again, _) = draw_map(&spec).unwrap();
    assert_eq!((again.image.to_png().unwrap(), again.svg), (bytes, text));
}

#[test]
fn radio_map_with_raster_and_wedges() {
    let spec = province(true);
    let (r, report) = draw_map(&spec).unwrap();
    let svg = &r.svg;
    // The raster's classes are hatches (±45°: unrotated tiles of lines,
    // their direction tested in the library's svg tests).
    assert!(svg.contains("inkscape:label=\"RSRP (dBm)\"") && svg.contains("<pattern id=\"hatch"));
    assert!(svg.contains(">RSRP (dBm)</text>") && svg.contains(">Sector 4G</text>"));
    // Around a site the raster's lines are drawn over the area fills.
    let site = spec.points[0].points[0];
    let (plain, _) = draw_map(&MapSpec {
        raster: None,
        ..spec.clone()
    })
    .unwrap();
    let near = (0..40).flat_map(|i| (0..40).map(move |j| (i as f64, j as f64)));
    let near = near.map(|(i, j)| (site.x() - 1e3 + 50.0 * i, site.y() - 1e3 + 50.0 * j));
    let lines = near.filter(|&p| at(&r, &report, p) != at(&plain, &report, p));
    assert!(lines.count() > 50);
    // Clipped to the areas: the sea stays blank, the lake (a hole) too
    // (but for grey label text).
    let sea = (X0 - 400.0, Y0 + 20_000.0);
    assert_eq!(at(&r, &report, sea), Some(OUTSIDE));
    let (lx, ly) = lake_centre();
    let lake = (-4..=4).flat_map(|i| (-4..=4).map(move |j| (i as f64, j as f64)));
    let lake = lake.map(|(i, j)| at(&r, &report, (lx + 250.0 * i, ly + 250.0 * j)).unwrap());
    let lake: Vec<Rgb> = lake.collect();
    let grey = lake.iter().all(|c| c.0 == c.1 && c.1 == c.2);
    assert!(lake.contains(&OUTSIDE) && grey, "{lake:?}");
}

#[test]
fn nfd_names_and_bad_specs() {
    let square = polygon![(x: 0., y: 0.), (x: 9e3, y: 0.), (x: 9e3, y: 9e3), (x: 0., y: 9e3)];
    let nfd = "Xa\u{303} Ngo\u{323}c Hie\u{302}\u{309}n";
    let areas = vec![MapArea::new(
        "1",
        nfd,
        MultiPolygon(vec![square]),
        Some(0.5),
    )];
    let (r, report) = draw_map(&MapSpec {
        areas,
        ..MapSpec::default()
    })
    .unwrap();
    assert_eq!(report.labels_placed, 1);
    assert!(r.svg.contains(">Xã Ngọc Hiển</text>"));
    assert!(draw_map(&MapSpec::default()).is_err(), "no geometry");
    let classes = ClassScheme {
        labels: vec![],
        ..ClassScheme::default()
    };
    assert!(draw_map(&MapSpec {
        classes,
        ..province(false)
    })
    .is_err());
}

#[test]
fn kpi_chart_renders() {
    let kpi = |name: &str, value, target, label: Option<&str>| Kpi {
        name: name.into(),
        value,
        target,
        value_label: label.map(String::from),
    };
    let spec = KpiChartSpec {
        title: "Cà Mau — chỉ tiêu chuyển đổi số".into(),
        kpis: vec![
            kpi("Households with 4G coverage", 0.912, Some(0.95), None),
            kpi("Households passed by fibre (FTTH)", 0.64, Some(0.6), None),
            kpi("Communes with 5G", 0.05, None, Some("5% (4 xa\u{303})")),
        ],
        ..KpiChartSpec::default()
    };
    let r = draw_kpi_chart(&spec).unwrap();
    assert_eq!(r.image.width, 2400);
    // The chart's own text (plotters writes each on a line of its own),
    // NFC-normalised; the page's title in ours.
    for s in [
        "Communes with 5G",
        "91.2%",
        "target 95%",
        "100%",
        "5% (4 xã)",
    ] {
        assert!(r.svg.contains(&format!(">\n{s}\n</text>")), "{s}");
    }
    assert!(r.svg.contains(">Cà Mau — chỉ tiêu chuyển đổi số</text>"));
    // Both bar colours appear in the image.
    let has = |c: Rgb| r.image.data.chunks_exact(3).any(|p| p == [c.0, c.1, c.2]);
    assert!(has(TARGET_MET) && has(TARGET_MISSED));
    let dir = tempfile::tempdir().unwrap();
    let (png, svg) = (dir.path().join("kpi.png"), dir.path().join("kpi.svg"));
    render_kpi_chart(&spec, &png, &svg).unwrap();
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
}

#[test]
fn ranked_bars_render_top_n() {
    let items = (0..45).map(|i| RankedItem {
        name: format!("Xã Số {i}"),
        detail: Some("Huyện Đầm Dơi".into()),
        value: f64::from(i * 37 % 1500),
        colour: None,
    });
    let spec = RankedBarsSpec {
        value_title: "Households without 4G".into(),
        items: items.collect(),
        ..RankedBarsSpec::default()
    };
    let svg = draw_ranked_bars(&spec).unwrap().svg;
    // The largest value (i = 40: 1480) comes first; 30 rows.
    let shows = |s: &str| svg.contains(&format!(">\n{s}"));
    assert!(shows("1. Xã Số 40\n") && shows("30. ") && !shows("31. "));
    assert!(shows("Huyện Đầm Dơi\n") && shows("1,480\n") && shows("Households without 4G\n"));
    assert!(draw_ranked_bars(&RankedBarsSpec::default()).is_err());
}
