//! QGIS styles and project: `communes.qml` (a graduated renderer on
//! `fibre_share` with the same class breaks and colours as the fibre map,
//! taken from the same [`ClassScheme`]) and `phusong.qgs`, a project that
//! opens the run's layers styled, with paths relative to the project file.
//!
//! QGIS puts a value that equals a class boundary in the *lower* class
//! (`lower < v <= upper`, the first class including its lower bound); the
//! maps put it in the upper one (a commune at exactly 80% meets an 80%
//! target). The written boundaries are therefore moved down by
//! [`BOUNDARY_NUDGE`], half the 10⁻⁶ precision of the shares in
//! `communes.geojson`, so that QGIS classes every commune as the maps do.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::output::atomic::write_bytes_atomic;
pub use crate::output::xml::escape as xml_escape;
use crate::render::{ClassScheme, ColourRamp, Rgb};
use crate::Result;

/// Shift of the class boundaries written for QGIS (see the module docs).
pub const BOUNDARY_NUDGE: f64 = 5e-7;

fn rgba(c: Rgb) -> String {
    format!("{},{},{},255", c.0, c.1, c.2)
}

fn fill_symbol(name: &str, fill: Rgb, outline: Rgb, width_mm: f64) -> String {
    format!(
        r#"        <symbol type="fill" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">
          <layer class="SimpleFill" enabled="1" pass="0" locked="0">
            <Option type="Map">
              <Option type="QString" name="color" value="{}"/>
              <Option type="QString" name="joinstyle" value="bevel"/>
              <Option type="QString" name="outline_color" value="{}"/>
              <Option type="QString" name="outline_style" value="solid"/>
              <Option type="QString" name="outline_width" value="{width_mm}"/>
              <Option type="QString" name="outline_width_unit" value="MM"/>
              <Option type="QString" name="style" value="solid"/>
            </Option>
          </layer>
        </symbol>
"#,
        rgba(fill),
        rgba(outline)
    )
}

/// The class boundaries as written for QGIS: `(lower, upper)` per class.
pub fn qgis_ranges(classes: &ClassScheme) -> Vec<(f64, f64)> {
    let n = classes.len();
    let b = &classes.breaks;
    (0..n)
        .map(|i| {
            // Open-ended first and last classes (see ClassScheme).
            let lower = if i == 0 {
                b[0].min(0.0) - 1.0
            } else {
                b[i] - BOUNDARY_NUDGE
            };
            let upper = if i == n - 1 {
                b[n].max(1.0) + 1.0
            } else {
                b[i + 1] - BOUNDARY_NUDGE
            };
            (lower, upper)
        })
        .collect()
}

/// The `<renderer-v2>` element: graduated on `attr` with `classes`.
pub fn graduated_renderer(attr: &str, classes: &ClassScheme) -> String {
    let outline = Rgb(0x8C, 0x8C, 0x8C);
    let mut s = format!(
        "    <renderer-v2 type=\"graduatedSymbol\" attr=\"{}\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n      <ranges>\n",
        xml_escape(attr)
    );
    for (i, (lo, hi)) in qgis_ranges(classes).iter().enumerate() {
        let _ = writeln!(
            s,
            "        <range symbol=\"{i}\" lower=\"{lo:.7}\" upper=\"{hi:.7}\" label=\"{}\" render=\"true\" uuid=\"class-{i}\"/>",
            xml_escape(&classes.labels[i])
        );
    }
    s.push_str("      </ranges>\n      <symbols>\n");
    for (i, c) in classes.colours.iter().enumerate() {
        s.push_str(&fill_symbol(&i.to_string(), *c, outline, 0.2));
    }
    s.push_str("      </symbols>\n      <source-symbol>\n");
    s.push_str(&fill_symbol("0", classes.no_data_colour, outline, 0.2));
    s.push_str("      </source-symbol>\n      <mode name=\"manual\"/>\n      <classificationMethod id=\"Manual\"/>\n    </renderer-v2>\n");
    s
}

fn labeling(field: &str) -> String {
    format!(
        r#"    <labeling type="simple">
      <settings calloutType="simple">
        <text-style fieldName="{}" fontFamily="DejaVu Sans" fontSize="8" fontSizeUnit="Point" textColor="30,30,30,255" isExpression="0">
          <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8"/>
        </text-style>
        <placement placement="1" fitInPolygonOnly="1"/>
        <rendering obstacle="1" scaleVisibility="0" minFeatureSize="4"/>
      </settings>
    </labeling>
"#,
        xml_escape(field)
    )
}

/// The `.qml` style of the communes layer: graduated on `fibre_share`
/// with `classes`, labels from `name`.
pub fn communes_qml(classes: &ClassScheme) -> String {
    let mut s = String::from(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.34.0\" styleCategories=\"Symbology|Labeling\">\n",
    );
    s.push_str(&graduated_renderer("fibre_share", classes));
    s.push_str(&labeling("name"));
    s.push_str("    <layerOpacity>1</layerOpacity>\n</qgis>\n");
    s
}

/// A layer of the QGIS project.
#[derive(Debug, Clone)]
pub struct QgsLayer {
    /// Layer id (unique in the project).
    pub id: String,
    /// Name in the layer panel.
    pub name: String,
    /// File path relative to the project (e.g. `./communes.geojson`).
    pub source: String,
    /// `vector` or `raster`.
    pub kind: &'static str,
    /// `Polygon`, `Line` or `Point` for vector layers.
    pub geometry: &'static str,
    /// The renderer element (`<renderer-v2>` or `<pipe>`).
    pub style: String,
    /// Visible when the project opens.
    pub visible: bool,
}

fn srs_4326() -> &'static str {
    "<srs><spatialrefsys><proj4>+proj=longlat +datum=WGS84 +no_defs</proj4><srsid>3452</srsid><srid>4326</srid><authid>EPSG:4326</authid><description>WGS 84</description><projectionacronym>longlat</projectionacronym><ellipsoidacronym>EPSG:7030</ellipsoidacronym><geographicflag>true</geographicflag></spatialrefsys></srs>"
}

/// A single-symbol polygon renderer (for coverage polygons).
pub fn single_fill_renderer(fill: Rgb, opacity: f64) -> String {
    format!(
        "    <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n      <symbols>\n{}      </symbols>\n    </renderer-v2>\n    <layerOpacity>{opacity}</layerOpacity>\n",
        fill_symbol("0", fill, fill, 0.1)
    )
}

/// A paletted-by-value (discrete pseudocolour) raster pipe with `ramp`.
pub fn raster_pipe(ramp: &ColourRamp, opacity: f64) -> String {
    let mut items = String::new();
    // DISCRETE: a value v gets the first item with v <= value; "inf" closes.
    for (i, c) in ramp.colours.iter().enumerate() {
        let value = ramp
            .thresholds
            .get(i)
            .map(|t| format!("{}", f64::from(*t) - BOUNDARY_NUDGE))
            .unwrap_or_else(|| "inf".into());
        let _ = writeln!(
            items,
            "              <item alpha=\"255\" value=\"{value}\" label=\"{}\" color=\"{}\"/>",
            xml_escape(ramp.labels.get(i).map(String::as_str).unwrap_or("")),
            c.hex()
        );
    }
    format!(
        r#"    <pipe>
      <rasterrenderer type="singlebandpseudocolor" band="1" opacity="{opacity}" alphaBand="-1" classificationMin="-140" classificationMax="-40">
        <rastershader>
          <colorrampshader colorRampType="DISCRETE" classificationMode="3" clip="0">
{items}          </colorrampshader>
        </rastershader>
      </rasterrenderer>
    </pipe>
"#
    )
}

/// The project file: the layers (first drawn on top), WGS84 project CRS,
/// relative paths.
pub fn project_qgs(title: &str, layers: &[QgsLayer]) -> String {
    let mut s = format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis projectname=\"{}\" version=\"3.34.0\">\n  <title>{}</title>\n  <projectCrs>\n    {}\n  </projectCrs>\n  <layer-tree-group>\n",
        xml_escape(title),
        xml_escape(title),
        srs_4326().replace("<srs>", "").replace("</srs>", "")
    );
    for l in layers {
        let _ = writeln!(
            s,
            "    <layer-tree-layer id=\"{}\" name=\"{}\" source=\"{}\" providerKey=\"{}\" checked=\"{}\" expanded=\"1\"/>",
            xml_escape(&l.id),
            xml_escape(&l.name),
            xml_escape(&l.source),
            if l.kind == "raster" { "gdal" } else { "ogr" },
            if l.visible { "Qt::Checked" } else { "Qt::Unchecked" }
        );
    }
    s.push_str("  </layer-tree-group>\n  <projectlayers>\n");
    for l in layers {
        let geometry = if l.kind == "vector" {
            format!(" geometry=\"{}\"", l.geometry)
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "  <maplayer type=\"{}\"{geometry}>\n    <id>{}</id>\n    <datasource>{}</datasource>\n    <layername>{}</layername>\n    {}\n    <provider encoding=\"UTF-8\">{}</provider>\n{}  </maplayer>\n",
            l.kind,
            xml_escape(&l.id),
            xml_escape(&l.source),
            xml_escape(&l.name),
            srs_4326(),
            if l.kind == "raster" { "gdal" } else { "ogr" },
            l.style
        );
    }
    s.push_str("  </projectlayers>\n  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n  </properties>\n</qgis>\n");
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

/// Write `communes.qml` and `phusong.qgs` into the run's output folder
/// `dir`, with the fibre `classes`; the project also opens
/// `coverage_<tech>.geojson` and `rsrp_<tech>.tif` when they exist, with
/// the RSRP classes of `rsrp_ramps` (per technology stem).
pub fn write_qgis(
    dir: &Path,
    title: &str,
    classes: &ClassScheme,
    rsrp_ramps: &[(&str, ColourRamp)],
) -> Result<Vec<PathBuf>> {
    let qml = dir.join("communes.qml");
    write_bytes_atomic(&qml, communes_qml(classes).as_bytes())?;
    let mut layers = vec![QgsLayer {
        id: "communes".into(),
        name: "Communes — fibre share".into(),
        source: "./communes.geojson".into(),
        kind: "vector",
        geometry: "Polygon",
        style: format!(
            "{}{}",
            graduated_renderer("fibre_share", classes),
            labeling("name")
        ),
        visible: true,
    }];
    for (stem, ramp) in rsrp_ramps {
        let cov = format!("coverage_{stem}.geojson");
        if dir.join(&cov).exists() {
            layers.push(QgsLayer {
                id: format!("coverage_{stem}"),
                name: format!("{} coverage polygons", stem.to_uppercase()),
                source: format!("./{cov}"),
                kind: "vector",
                geometry: "Polygon",
                style: single_fill_renderer(Rgb(0x08, 0x51, 0x9C), 0.35),
                visible: false,
            });
        }
        let tif = format!("rsrp_{stem}.tif");
        if dir.join(&tif).exists() {
            layers.push(QgsLayer {
                id: format!("rsrp_{stem}"),
                name: format!("{} best-server RSRP (dBm)", stem.to_uppercase()),
                source: format!("./{tif}"),
                kind: "raster",
                geometry: "",
                style: raster_pipe(ramp, 0.65),
                visible: false,
            });
        }
    }
    let qgs = dir.join("phusong.qgs");
    write_bytes_atomic(&qgs, project_qgs(title, &layers).as_bytes())?;
    Ok(vec![qml, qgs])
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
    fn project_is_valid_xml_with_relative_sources() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("rsrp_4g.tif"), b"x").unwrap();
        std::fs::write(dir.path().join("coverage_4g.geojson"), b"{}").unwrap();
        let ramp = crate::output::maps::rsrp_ramp(-105.0, -95.0).unwrap();
        let files = write_qgis(
            dir.path(),
            "Cà Mau — demo <test>",
            &ClassScheme::around_target(0.8),
            &[("4g", ramp), ("5g", ColourRamp::rsrp())],
        )
        .unwrap();
        assert_eq!(files.len(), 2);
        let qgs = std::fs::read_to_string(dir.path().join("phusong.qgs")).unwrap();
        let els = elements(&qgs);
        assert_eq!(els[0].0, "qgis");
        let sources: Vec<&str> = els
            .iter()
            .filter(|e| e.0 == "layer-tree-layer")
            .filter_map(|e| attr(e, "source"))
            .collect();
        assert_eq!(
            sources,
            [
                "./communes.geojson",
                "./coverage_4g.geojson",
                "./rsrp_4g.tif"
            ]
        );
        assert!(qgs.contains("<datasource>./rsrp_4g.tif</datasource>"));
        assert!(qgs.contains("<Absolute type=\"bool\">false</Absolute>"));
        assert!(qgs.contains("attr=\"fibre_share\""));
        assert!(qgs.contains("Cà Mau — demo &lt;test&gt;"));
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
