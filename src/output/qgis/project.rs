//! The `.qgs` project file, written for QGIS 3.22 (the oldest QGIS it
//! targets, Debian 12's), so that 3.22 and later open it without the
//! "newer version" warning.
//!
//! What QGIS needs to open a project complete (each checked by
//! `tests/qgis/check_projects.py` in real QGIS):
//! - layer ids longer than 10 characters (QGIS replaces shorter ones with
//!   random ids, and the layer tree then points at nothing);
//! - each layer's `<srs>` equal to its file's CRS (the `<srs>` of the
//!   project overrides the file's);
//! - a project CRS with `ProjectionsEnabled`;
//! - the layer tree, its order and the canvas extent.

use std::fmt::Write as _;

use crate::output::raster::Utm;
use crate::output::xml::escape as xml_escape;

/// The QGIS version the project is written for.
pub const QGIS_VERSION: &str = "3.22.0-Białowieża";

/// Geometry of a vector layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Geometry {
    /// Points.
    Point,
    /// Lines.
    Line,
    /// Polygons.
    Polygon,
}

impl Geometry {
    fn qgis(self) -> &'static str {
        match self {
            Geometry::Point => "Point",
            Geometry::Line => "Line",
            Geometry::Polygon => "Polygon",
        }
    }
}

/// A layer of a QGIS project.
#[derive(Debug, Clone)]
pub struct QgsLayer {
    /// Layer id, unique in the project and longer than 10 characters
    /// ([`layer_id`]).
    pub id: String,
    /// Name in the layer panel.
    pub name: String,
    /// File path relative to the project (e.g. `./communes.geojson`).
    pub source: String,
    /// `None` for a raster (GDAL) layer, the geometry of a vector (OGR)
    /// layer.
    pub geometry: Option<Geometry>,
    /// EPSG code of the file's CRS (4326 for GeoJSON).
    pub epsg: u32,
    /// The style: `<renderer-v2>` (with labels, opacity) or `<pipe>`.
    pub style: String,
    /// Ticked when the project opens.
    pub visible: bool,
}

/// The id of the layer `key`: `phusong_<key>`, always longer than 10
/// characters, which QGIS requires (shorter ids are replaced).
pub fn layer_id(key: &str) -> String {
    let id = format!("phusong_{key}");
    if id.len() > 10 {
        id
    } else {
        format!("{id}_layer")
    }
}

/// A project: its layers (the first drawn on top), CRS and initial view.
#[derive(Debug, Clone)]
pub struct Project {
    /// Title (project properties, window title).
    pub title: String,
    /// EPSG code of the project CRS (a WGS84 / UTM zone).
    pub epsg: u32,
    /// The initial view, `[lon_min, lat_min, lon_max, lat_max]`.
    pub extent_lon_lat: [f64; 4],
    /// The layers, top first.
    pub layers: Vec<QgsLayer>,
}

/// The `<spatialrefsys>` of EPSG:4326 or a WGS84 / UTM zone (what QGIS
/// needs to build the CRS: `proj4`, `srid`, `authid`).
pub fn spatialrefsys(epsg: u32) -> String {
    let (proj4, description, acronym, geographic) = if epsg == 4326 {
        (
            "+proj=longlat +datum=WGS84 +no_defs".to_string(),
            "WGS 84".to_string(),
            "longlat",
            true,
        )
    } else {
        let zone = epsg % 100;
        let south = epsg / 100 == 327;
        (
            format!(
                "+proj=utm +zone={zone}{} +datum=WGS84 +units=m +no_defs",
                if south { " +south" } else { "" }
            ),
            format!("WGS 84 / UTM zone {zone}{}", if south { "S" } else { "N" }),
            "utm",
            false,
        )
    };
    format!(
        "<spatialrefsys><proj4>{proj4}</proj4><srid>{epsg}</srid><authid>EPSG:{epsg}</authid><description>{description}</description><projectionacronym>{acronym}</projectionacronym><ellipsoidacronym>EPSG:7030</ellipsoidacronym><geographicflag>{geographic}</geographicflag></spatialrefsys>"
    )
}

/// `[x_min, y_min, x_max, y_max]` in `utm` of the lon/lat box, with a 3%
/// margin; the box's edges are sampled, since they are curved in UTM.
fn utm_extent(utm: &Utm, b: [f64; 4]) -> [f64; 4] {
    let mut e = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for k in 0..=32 {
        let t = k as f64 / 32.0;
        let (lon, lat) = (b[0] + t * (b[2] - b[0]), b[1] + t * (b[3] - b[1]));
        for (x, y) in [(lon, b[1]), (lon, b[3]), (b[0], lat), (b[2], lat)] {
            let [x, y] = utm.forward(x, y);
            e = [e[0].min(x), e[1].min(y), e[2].max(x), e[3].max(y)];
        }
    }
    let m = 0.03 * (e[2] - e[0]).max(e[3] - e[1]).max(100.0);
    [e[0] - m, e[1] - m, e[2] + m, e[3] + m]
}

fn provider(l: &QgsLayer) -> &'static str {
    if l.geometry.is_some() {
        "ogr"
    } else {
        "gdal"
    }
}

fn layer_tree(s: &mut String, layers: &[QgsLayer]) {
    s.push_str("  <layer-tree-group>\n    <customproperties/>\n");
    for l in layers {
        let _ = writeln!(
            s,
            "    <layer-tree-layer id=\"{}\" name=\"{}\" source=\"{}\" providerKey=\"{}\" checked=\"{}\" expanded=\"1\">\n      <customproperties/>\n    </layer-tree-layer>",
            xml_escape(&l.id),
            xml_escape(&l.name),
            xml_escape(&l.source),
            provider(l),
            if l.visible { "Qt::Checked" } else { "Qt::Unchecked" }
        );
    }
    s.push_str("    <custom-order enabled=\"0\">\n");
    for l in layers {
        let _ = writeln!(s, "      <item>{}</item>", xml_escape(&l.id));
    }
    s.push_str("    </custom-order>\n  </layer-tree-group>\n");
}

fn map_layer(s: &mut String, l: &QgsLayer) {
    let (kind, geometry) = match l.geometry {
        Some(g) => (
            "vector",
            format!(" geometry=\"{}\" labelsEnabled=\"1\"", g.qgis()),
        ),
        None => ("raster", String::new()),
    };
    let _ = write!(
        s,
        "    <maplayer type=\"{kind}\"{geometry} hasScaleBasedVisibilityFlag=\"0\" minScale=\"0\" maxScale=\"0\">\n      <id>{}</id>\n      <datasource>{}</datasource>\n      <layername>{}</layername>\n      <srs>{}</srs>\n      <provider encoding=\"UTF-8\">{}</provider>\n{}    </maplayer>\n",
        xml_escape(&l.id),
        xml_escape(&l.source),
        xml_escape(&l.name),
        spatialrefsys(l.epsg),
        provider(l),
        l.style
    );
}

/// The project file.
pub fn project_qgs(p: &Project) -> String {
    let srs = spatialrefsys(p.epsg);
    let mut s = format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis projectname=\"{t}\" version=\"{QGIS_VERSION}\">\n  <homePath path=\"\"/>\n  <title>{t}</title>\n  <projectCrs>{srs}</projectCrs>\n",
        t = xml_escape(&p.title),
    );
    layer_tree(&mut s, &p.layers);
    let e = match Utm::from_epsg(p.epsg) {
        Ok(utm) => utm_extent(&utm, p.extent_lon_lat),
        Err(_) => p.extent_lon_lat,
    };
    let _ = write!(
        s,
        "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n    <units>meters</units>\n    <extent><xmin>{}</xmin><ymin>{}</ymin><xmax>{}</xmax><ymax>{}</ymax></extent>\n    <rotation>0</rotation>\n    <destinationsrs>{srs}</destinationsrs>\n    <rendermaptile>0</rendermaptile>\n  </mapcanvas>\n",
        e[0], e[1], e[2], e[3]
    );
    s.push_str("  <projectlayers>\n");
    for l in &p.layers {
        map_layer(&mut s, l);
    }
    s.push_str("  </projectlayers>\n  <layerorder>\n");
    for l in &p.layers {
        let _ = writeln!(s, "    <layer id=\"{}\"/>", xml_escape(&l.id));
    }
    let _ = write!(
        s,
        "  </layerorder>\n  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n    </SpatialRefSys>\n  </properties>\n  <ProjectViewSettings UseProjectScales=\"0\" rotation=\"0\">\n    <Scales/>\n    <DefaultViewExtent xmin=\"{}\" ymin=\"{}\" xmax=\"{}\" ymax=\"{}\">{srs}</DefaultViewExtent>\n  </ProjectViewSettings>\n</qgis>\n",
        e[0], e[1], e[2], e[3]
    );
    s
}
