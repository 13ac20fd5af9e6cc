//! QGIS styles and projects: `communes.qml` (a graduated renderer on
//! `fibre_share` with the same class breaks and colours as the fibre map,
//! taken from the same [`ClassScheme`]) and the `phusong.qgs` projects of
//! `run`, `compare` and the plans, which open the folder's layers styled,
//! with paths relative to the project file, in the order points → lines →
//! coverage → communes (see [`project`] for what QGIS needs to open them
//! complete; `tests/qgis/check_projects.py` opens them in real QGIS).
//!
//! QGIS puts a value that equals a class boundary in the *lower* class
//! (`lower < v <= upper`, the first class including its lower bound); the
//! maps put it in the upper one (a commune at exactly 80% meets an 80%
//! target). The written boundaries are therefore moved down by
//! [`BOUNDARY_NUDGE`], half the 10⁻⁶ precision of the shares in
//! `communes.geojson`, so that QGIS classes every commune as the maps do.

pub mod layers;
pub mod project;
pub mod symbols;

use std::path::{Path, PathBuf};

use crate::output::atomic::write_bytes_atomic;
use crate::output::raster::utm_epsg_for;
pub use crate::output::xml::escape as xml_escape;
use crate::render::ClassScheme;
use crate::Result;
pub use project::{layer_id, project_qgs, Geometry, Project, QgsLayer, QGIS_VERSION};
pub use symbols::{
    graduated_renderer, qgis_ranges, raster_pipe, single_fill_renderer, RasterClass, BOUNDARY_NUDGE,
};

/// The `.qml` style of the communes layer: graduated on `fibre_share`
/// with `classes`, labels from `name`.
pub fn communes_qml(classes: &ClassScheme) -> String {
    let mut s = format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"{QGIS_VERSION}\" styleCategories=\"Symbology|Labeling\">\n",
    );
    s.push_str(&graduated_renderer("fibre_share", classes));
    s.push_str(&symbols::labeling("name"));
    s.push_str("    <layerOpacity>1</layerOpacity>\n</qgis>\n");
    s
}

/// Write `communes.qml` (fibre-share classes around `fibre_target`) into
/// `dir`; returns its path.
pub fn write_qml(dir: &Path, fibre_target: f64) -> Result<PathBuf> {
    let qml = dir.join("communes.qml");
    let classes = crate::output::maps::fibre_classes(fibre_target);
    write_bytes_atomic(&qml, communes_qml(&classes).as_bytes())?;
    Ok(qml)
}

/// What the project of a run needs beyond the files in its folder.
#[derive(Debug, Clone)]
pub struct RunProject {
    /// Project title.
    pub title: String,
    /// The communes' extent, `[lon_min, lat_min, lon_max, lat_max]`: the
    /// initial view, and its centre gives the project CRS (the UTM zone,
    /// as for the coverage rasters).
    pub extent_lon_lat: [f64; 4],
    /// Fibre-share classes (as on the fibre map).
    pub fibre_classes: ClassScheme,
    /// Per technology with RSRP: stem (`4g`), covered and good thresholds.
    pub rsrp: Vec<(String, f64, f64)>,
    /// QGIS expression selecting the communes that miss a target (the
    /// gaps layer); `None`: no gaps layer.
    pub gap_filter: Option<String>,
}

fn utm_of(extent: [f64; 4]) -> u32 {
    utm_epsg_for((extent[0] + extent[2]) / 2.0, (extent[1] + extent[3]) / 2.0)
}

fn write_project(
    dir: &Path,
    title: &str,
    extent: [f64; 4],
    layers: Vec<QgsLayer>,
) -> Result<PathBuf> {
    let p = Project {
        title: title.into(),
        epsg: utm_of(extent),
        extent_lon_lat: extent,
        layers,
    };
    let qgs = dir.join("phusong.qgs");
    write_bytes_atomic(&qgs, project_qgs(&p).as_bytes())?;
    Ok(qgs)
}

/// Write `communes.qml` and `phusong.qgs` into the run's output folder
/// `dir`. The project opens, top to bottom, the sites and households
/// (`sites.geojson`, `households.fgb`), the fibre (`fibre.geojson`,
/// `fibre_points.geojson`), the coverage (`coverage_<tech>.geojson`,
/// `rsrp_<tech>.tif`), and the communes (missing a target, not reached by
/// fibre hatched, fibre share), each when its file exists.
pub fn write_qgis(dir: &Path, run: &RunProject) -> Result<Vec<PathBuf>> {
    let qml = dir.join("communes.qml");
    write_bytes_atomic(&qml, communes_qml(&run.fibre_classes).as_bytes())?;
    let has = |f: &str| dir.join(f).exists();
    let mut l = Vec::new();
    if has("sites.geojson") {
        l.push(layers::sites());
    }
    if has("households.fgb") {
        l.push(layers::households());
    }
    if has("fibre_points.geojson") {
        l.push(layers::fibre_points());
    }
    if has("fibre.geojson") {
        l.push(layers::fibre(
            "fibre.geojson",
            "fibre_network",
            "Fibre network",
        ));
    }
    for (stem, covered, good) in &run.rsrp {
        if has(&format!("coverage_{stem}.geojson")) {
            l.push(layers::coverage(stem));
        }
        if has(&format!("rsrp_{stem}.tif")) {
            l.push(layers::rsrp(
                stem,
                utm_of(run.extent_lon_lat),
                *covered,
                *good,
            ));
        }
    }
    if let Some(f) = &run.gap_filter {
        l.push(layers::gaps(f));
    }
    l.push(layers::unreached());
    l.push(layers::communes(&run.fibre_classes));
    Ok(vec![
        qml,
        write_project(dir, &run.title, run.extent_lon_lat, l)?,
    ])
}

/// Write `phusong.qgs` into the folder of `phusong compare`: the communes
/// by the net change of served households (`compare.geojson`, graduated
/// with `classes`).
pub fn write_compare_qgis(
    dir: &Path,
    title: &str,
    extent_lon_lat: [f64; 4],
    classes: &ClassScheme,
) -> Result<PathBuf> {
    write_project(dir, title, extent_lon_lat, vec![layers::compare(classes)])
}

/// The bounding box `[lon_min, lat_min, lon_max, lat_max]` of `points`
/// (lon, lat), with at least 0.01° on each side so that a single point
/// has a view; `None` without points.
pub fn extent_of_points(points: impl IntoIterator<Item = [f64; 2]>) -> Option<[f64; 4]> {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for [x, y] in points {
        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
    if b[0] > b[2] {
        return None;
    }
    let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    let (hx, hy) = ((b[2] - b[0]).max(0.02) / 2.0, (b[3] - b[1]).max(0.02) / 2.0);
    Some([cx - hx, cy - hy, cx + hx, cy + hy])
}

/// Write `phusong.qgs` into a plan's folder with the plan's layers that
/// exist there (`chosen_sites.geojson`; `extensions.geojson` and
/// `planned_fibre.geojson`); nothing when the folder has none of them.
pub fn write_plan_qgis(
    dir: &Path,
    title: &str,
    extent_lon_lat: [f64; 4],
) -> Result<Option<PathBuf>> {
    let has = |f: &str| dir.join(f).exists();
    let mut l = Vec::new();
    if has("chosen_sites.geojson") {
        l.push(layers::chosen_sites());
    }
    if has("extensions.geojson") {
        l.push(layers::extensions());
    }
    if has("planned_fibre.geojson") {
        l.push(layers::hidden(layers::fibre(
            "planned_fibre.geojson",
            "plan_planned_fibre",
            "Planned fibre (network layer of the plan's scenario)",
        )));
    }
    if l.is_empty() {
        return Ok(None);
    }
    write_project(dir, title, extent_lon_lat, l).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    use quick_xml::events::Event;
    use quick_xml::Reader;

    /// Parse `xml`, checking that it is well-formed (one root, every tag
    /// closed in order, attributes quoted and escaped), and return the
    /// elements with their attributes.
    pub(crate) fn elements(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut r = Reader::from_str(xml);
        r.config_mut().check_end_names = true;
        let mut out = Vec::new();
        let (mut depth, mut roots) = (0i32, 0);
        loop {
            let ev = r.read_event().expect("well-formed XML");
            let (start, empty) = match &ev {
                Event::Eof => break,
                Event::Start(e) => (Some(e.clone()), false),
                Event::Empty(e) => (Some(e.clone()), true),
                Event::End(_) => {
                    depth -= 1;
                    (None, false)
                }
                _ => (None, false),
            };
            if let Some(e) = start {
                if depth == 0 {
                    roots += 1;
                }
                if !empty {
                    depth += 1;
                }
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("valid attribute");
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.unescape_value().expect("valid escapes").into_owned(),
                        )
                    })
                    .collect();
                out.push((name, attrs));
            }
            assert!(depth >= 0, "unbalanced end tag");
        }
        assert_eq!(depth, 0, "unclosed elements");
        assert_eq!(roots, 1, "one root element");
        out
    }

    fn attr<'a>(e: &'a (String, Vec<(String, String)>), k: &str) -> Option<&'a str> {
        e.1.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }

    #[test]
    fn qml_is_valid_qgis_style_xml_matching_the_classes() {
        let classes = ClassScheme::around_target(0.8);
        let qml = communes_qml(&classes);
        let els = elements(&qml);
        assert_eq!(els[0].0, "qgis");
        let r = els
            .iter()
            .find(|e| e.0 == "renderer-v2")
            .expect("a renderer");
        assert_eq!(attr(r, "type"), Some("graduatedSymbol"));
        assert_eq!(attr(r, "attr"), Some("fibre_share"));
        let ranges: Vec<_> = els.iter().filter(|e| e.0 == "range").collect();
        assert_eq!(ranges.len(), 4);
        let bounds = qgis_ranges(&classes);
        for (i, r) in ranges.iter().enumerate() {
            let lo: f64 = attr(r, "lower").unwrap().parse().unwrap();
            let hi: f64 = attr(r, "upper").unwrap().parse().unwrap();
            assert!((lo - bounds[i].0).abs() < 1e-6 && (hi - bounds[i].1).abs() < 1e-6);
            assert_eq!(attr(r, "label"), Some(classes.labels[i].as_str()));
            assert_eq!(attr(r, "symbol"), Some(i.to_string().as_str()));
        }
        // The inner boundaries are the breaks (within the nudge).
        for (i, b) in classes.breaks[1..classes.len()].iter().enumerate() {
            assert!((bounds[i].1 - b).abs() <= BOUNDARY_NUDGE + 1e-12);
        }
        // Symbol i has class i's colour.
        let colours: Vec<&str> = els
            .iter()
            .filter(|e| attr(e, "name") == Some("color"))
            .filter_map(|e| attr(e, "value"))
            .collect();
        for (i, c) in classes.colours.iter().enumerate() {
            assert_eq!(colours[i], format!("{},{},{},255", c.0, c.1, c.2));
        }
        // Labels use the name field.
        assert!(els
            .iter()
            .any(|e| e.0 == "text-style" && attr(e, "fieldName") == Some("name")));
    }

    #[test]
    fn project_is_valid_xml_with_relative_sources_in_layer_order() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "rsrp_4g.tif",
            "coverage_4g.geojson",
            "sites.geojson",
            "fibre.geojson",
        ] {
            std::fs::write(dir.path().join(f), b"x").unwrap();
        }
        let run = RunProject {
            title: "Cà Mau — demo <test>".into(),
            extent_lon_lat: [104.7, 8.5, 105.4, 9.6],
            fibre_classes: ClassScheme::around_target(0.8),
            rsrp: vec![("4g".into(), -105.0, -95.0), ("5g".into(), -110.0, -100.0)],
            gap_filter: Some("\"fibre_gap_households\" > 0".into()),
        };
        let files = write_qgis(dir.path(), &run).unwrap();
        assert_eq!(files.len(), 2);
        let qgs = std::fs::read_to_string(dir.path().join("phusong.qgs")).unwrap();
        let els = elements(&qgs);
        assert_eq!(els[0].0, "qgis");
        assert_eq!(attr(&els[0], "version"), Some(QGIS_VERSION));
        let tree: Vec<_> = els.iter().filter(|e| e.0 == "layer-tree-layer").collect();
        let sources: Vec<&str> = tree.iter().filter_map(|e| attr(e, "source")).collect();
        // Points, lines, coverage, communes (gaps, unreached, fibre share).
        assert_eq!(
            sources,
            [
                "./sites.geojson",
                "./fibre.geojson",
                "./coverage_4g.geojson",
                "./rsrp_4g.tif",
                "./communes.geojson",
                "./communes.geojson",
                "./communes.geojson",
            ]
        );
        // Ids longer than 10 characters, unique, the same in the tree,
        // the layers and the layer order.
        let ids: Vec<&str> = tree.iter().filter_map(|e| attr(e, "id")).collect();
        assert!(ids.iter().all(|i| i.len() > 10));
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
        for id in &ids {
            assert!(qgs.contains(&format!("<id>{id}</id>")));
            assert!(qgs.contains(&format!("<layer id=\"{id}\"/>")));
        }
        // The raster in its UTM zone, the GeoJSON in WGS84, the project in UTM.
        let tif = qgs.find("<datasource>./rsrp_4g.tif</datasource>").unwrap();
        assert!(qgs[tif..]
            .split("</maplayer>")
            .next()
            .unwrap()
            .contains("<authid>EPSG:32648</authid>"));
        let communes = qgs
            .find("<datasource>./communes.geojson</datasource>")
            .unwrap();
        assert!(qgs[communes..]
            .split("</maplayer>")
            .next()
            .unwrap()
            .contains("<authid>EPSG:4326</authid>"));
        assert!(qgs.contains("<projectCrs><spatialrefsys><proj4>+proj=utm +zone=48 "));
        assert!(qgs.contains("<ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>"));
        assert!(qgs.contains("<Absolute type=\"bool\">false</Absolute>"));
        assert!(qgs.contains("attr=\"fibre_share\""));
        assert!(qgs.contains("class=\"LinePatternFill\""));
        assert!(qgs.contains("filter=\"&quot;fibre_reached&quot; = false\""));
        assert!(qgs.contains("Cà Mau — demo &lt;test&gt;"));
        assert!(qgs.contains("no service"));
    }

    #[test]
    fn ranges_follow_the_breaks_with_the_upper_class_rule() {
        let c = ClassScheme::around_target(0.8);
        let r = qgis_ranges(&c);
        assert_eq!(r.len(), 4);
        assert!(r[0].0 < 0.0);
        assert!((r[0].1 - 0.5).abs() < 1e-6 && r[0].1 < 0.5);
        assert!((r[2].1 - 0.8).abs() < 1e-6 && r[2].1 < 0.8);
        // 0.8 exactly falls in the last class: lower < 0.8 <= upper.
        assert!(r[3].0 < 0.8 && 0.8 <= r[3].1);
        // A share just below 0.8 at the 1e-6 precision stays below.
        assert!(0.799999 <= r[2].1);
        assert_eq!(xml_escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
