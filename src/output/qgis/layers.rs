//! The styled layers of phusong's output files, one builder per file.
//! Names, colours and rules are kept here, in one place (English until
//! the glossary of `src/lang/` covers them).

use super::project::{layer_id, Geometry, QgsLayer};
use super::symbols::{
    graduated_renderer, hatch_symbol, labeling, line_symbol, marker_symbol, outline_symbol,
    raster_pipe, rule_renderer, single_fill_renderer, single_renderer, RasterClass, Rule,
    BOUNDARY_NUDGE,
};
use crate::render::{ClassScheme, Rgb};

const WGS84: u32 = 4326;

fn vector(key: &str, name: &str, file: &str, geometry: Geometry, style: String) -> QgsLayer {
    QgsLayer {
        id: layer_id(key),
        name: name.into(),
        source: format!("./{file}"),
        geometry: Some(geometry),
        epsg: WGS84,
        style,
        visible: true,
    }
}

/// `l`, unticked when the project opens.
pub fn hidden(mut l: QgsLayer) -> QgsLayer {
    l.visible = false;
    l
}

fn rule(label: &str, filter: &str, symbol: String) -> Rule {
    Rule {
        label: label.into(),
        filter: filter.into(),
        symbol,
    }
}

/// `communes.geojson` graduated on `fibre_share`, labelled with names,
/// slightly transparent so that the layers under it show.
pub fn communes(classes: &ClassScheme) -> QgsLayer {
    vector(
        "communes_fibre_share",
        "Communes — fibre share",
        "communes.geojson",
        Geometry::Polygon,
        format!(
            "{}{}    <layerOpacity>0.85</layerOpacity>\n",
            graduated_renderer("fibre_share", classes),
            labeling("name")
        ),
    )
}

/// `communes.geojson` again, the communes no fibre reaches, hatched (as
/// on the fibre map).
pub fn unreached() -> QgsLayer {
    vector(
        "communes_unreached",
        "Communes not reached by fibre",
        "communes.geojson",
        Geometry::Polygon,
        rule_renderer(&[rule(
            "not reached by fibre",
            "\"fibre_reached\" = false",
            hatch_symbol("0", Rgb(0x40, 0x40, 0x40)),
        )]),
    )
}

/// The communes that miss a target (`filter`, a QGIS expression on the
/// gap fields), outlined in red (the gap map's selection).
pub fn gaps(filter: &str) -> QgsLayer {
    hidden(vector(
        "communes_gaps",
        "Communes missing a target",
        "communes.geojson",
        Geometry::Polygon,
        format!(
            "{}{}",
            rule_renderer(&[rule(
                "misses a target",
                filter,
                outline_symbol("0", Rgb(0xC0, 0x1C, 0x1C), 0.8),
            )]),
            labeling("name")
        ),
    ))
}

/// `coverage_<stem>.geojson`: the covered and good areas.
pub fn coverage(stem: &str) -> QgsLayer {
    hidden(vector(
        &format!("coverage_{stem}"),
        &format!("{} coverage (covered, good)", stem.to_uppercase()),
        &format!("coverage_{stem}.geojson"),
        Geometry::Polygon,
        single_fill_renderer(Rgb(0x08, 0x51, 0x9C), 0.35),
    ))
}

/// The classes of `rsrp_<stem>.tif`: no service (below `covered_dbm`,
/// including the "no signal" floor), covered, good.
pub fn rsrp_classes(covered_dbm: f64, good_dbm: f64) -> Vec<RasterClass> {
    let n = |v: f64| format!("{}", v.round() as i64).replace('-', "\u{2212}");
    vec![
        RasterClass {
            upper: Some(covered_dbm - BOUNDARY_NUDGE),
            colour: Rgb(0x4D, 0x4D, 0x4D),
            label: format!("< {} dBm: no service", n(covered_dbm)),
        },
        RasterClass {
            upper: Some(good_dbm - BOUNDARY_NUDGE),
            colour: Rgb(0x6B, 0xAE, 0xD6),
            label: format!("{} … {} dBm: covered", n(covered_dbm), n(good_dbm)),
        },
        RasterClass {
            upper: None,
            colour: Rgb(0x08, 0x51, 0x9C),
            label: format!("≥ {} dBm: good", n(good_dbm)),
        },
    ]
}

/// `rsrp_<stem>.tif` in its own CRS (`epsg`, the UTM zone of the grid).
pub fn rsrp(stem: &str, epsg: u32, covered_dbm: f64, good_dbm: f64) -> QgsLayer {
    QgsLayer {
        id: layer_id(&format!("rsrp_{stem}")),
        name: format!("{} best-server RSRP (dBm)", stem.to_uppercase()),
        source: format!("./rsrp_{stem}.tif"),
        geometry: None,
        epsg,
        style: raster_pipe(&rsrp_classes(covered_dbm, good_dbm), 0.65),
        visible: false,
    }
}

/// `fibre.geojson`: existing cables solid, planned dashed.
pub fn fibre(file: &str, key: &str, name: &str) -> QgsLayer {
    vector(
        key,
        name,
        file,
        Geometry::Line,
        rule_renderer(&[
            rule(
                "existing",
                "\"status\" IS NULL OR \"status\" <> 'planned'",
                line_symbol("0", Rgb(0x54, 0x27, 0x88), 0.5, false),
            ),
            rule(
                "planned",
                "\"status\" = 'planned'",
                line_symbol("0", Rgb(0xE6, 0x55, 0x0D), 0.6, true),
            ),
        ]),
    )
}

/// `fibre_points.geojson`: distribution points (splitters, cabinets).
pub fn fibre_points() -> QgsLayer {
    vector(
        "fibre_points",
        "Fibre distribution points",
        "fibre_points.geojson",
        Geometry::Point,
        single_renderer(&marker_symbol("0", "square", Rgb(0x54, 0x27, 0x88), 1.4)),
    )
}

/// A point layer with one marker rule per `(label, filter, shape, colour,
/// size_mm)`.
fn point_rules(
    key: &str,
    name: &str,
    file: &str,
    rules: [(&str, &str, &str, Rgb, f64); 2],
) -> QgsLayer {
    let rules = rules.map(|(label, filter, shape, colour, size_mm)| {
        rule(label, filter, marker_symbol("0", shape, colour, size_mm))
    });
    vector(key, name, file, Geometry::Point, rule_renderer(&rules))
}

/// `sites.geojson`: 4G and 5G sites (one point per sector row).
pub fn sites() -> QgsLayer {
    point_rules(
        "cell_sites",
        "Cell sites",
        "sites.geojson",
        [
            (
                "4G",
                "\"tech\" = '4G'",
                "triangle",
                Rgb(0x08, 0x51, 0x9C),
                1.6,
            ),
            (
                "5G",
                "\"tech\" = '5G'",
                "diamond",
                Rgb(0xAE, 0x01, 0x7E),
                1.8,
            ),
        ],
    )
}

/// `households.fgb`: served by fibre or not (hidden: millions of points at
/// national scale).
pub fn households() -> QgsLayer {
    let (served, unserved) = (Rgb(0x1A, 0x98, 0x50), Rgb(0xD7, 0x30, 0x27));
    hidden(point_rules(
        "households",
        "Households (fibre)",
        "households.fgb",
        [
            (
                "fibre within reach",
                "\"fibre_served\" = true",
                "circle",
                served,
                0.9,
            ),
            (
                "no fibre",
                "\"fibre_served\" = false",
                "circle",
                unserved,
                0.9,
            ),
        ],
    ))
}

/// `chosen_sites.geojson` of `plan sites`.
pub fn chosen_sites() -> QgsLayer {
    vector(
        "plan_chosen_sites",
        "Planned sites (by rank)",
        "chosen_sites.geojson",
        Geometry::Point,
        single_renderer(&marker_symbol("0", "star", Rgb(0xE6, 0x55, 0x0D), 3.2)),
    )
}

/// `extensions.geojson` of `plan fibre`.
pub fn extensions() -> QgsLayer {
    vector(
        "plan_fibre_extensions",
        "Planned fibre extensions",
        "extensions.geojson",
        Geometry::Line,
        single_renderer(&line_symbol("0", Rgb(0xE6, 0x55, 0x0D), 0.8, false)),
    )
}

/// `compare.geojson`: communes by the net change of served households.
pub fn compare(classes: &ClassScheme) -> QgsLayer {
    vector(
        "compare_communes",
        "Communes — households gaining a service",
        "compare.geojson",
        Geometry::Polygon,
        format!(
            "{}{}",
            graduated_renderer("households_net_change", classes),
            labeling("name")
        ),
    )
}
