//! QGIS symbols and renderers as XML, in the form QGIS 3.22 writes them
//! (`<symbol>` with `<layer class=…>` and `<Option type="Map">`
//! properties): simple fills, hatching, lines, markers, and the
//! graduated, rule-based and single-symbol renderers, a discrete raster
//! colour ramp, and simple labels.

use std::fmt::Write as _;

use crate::output::xml::escape as xml_escape;
use crate::render::{ClassScheme, Rgb};

/// Shift of the class boundaries written for QGIS (see the module docs of
/// [`crate::output::qgis`]).
pub const BOUNDARY_NUDGE: f64 = 5e-7;

fn rgba(c: Rgb, alpha: u8) -> String {
    format!("{},{},{},{alpha}", c.0, c.1, c.2)
}

fn options(props: &[(&str, String)]) -> String {
    let mut s = String::from("            <Option type=\"Map\">\n");
    for (k, v) in props {
        let _ = writeln!(
            s,
            "              <Option type=\"QString\" name=\"{k}\" value=\"{}\"/>",
            xml_escape(v)
        );
    }
    s.push_str("            </Option>\n");
    s
}

fn symbol(kind: &str, name: &str, layers: &[String]) -> String {
    format!(
        "        <symbol type=\"{kind}\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n{}        </symbol>\n",
        xml_escape(name),
        layers.concat()
    )
}

fn symbol_layer(class: &str, props: &[(&str, String)], inner: &str) -> String {
    format!(
        "          <layer class=\"{class}\" enabled=\"1\" pass=\"0\" locked=\"0\">\n{}{inner}          </layer>\n",
        options(props)
    )
}

fn simple_fill_layer(fill: Option<Rgb>, outline: Rgb, width_mm: f64) -> String {
    symbol_layer(
        "SimpleFill",
        &[
            ("color", rgba(fill.unwrap_or(Rgb(0, 0, 0)), 255)),
            ("joinstyle", "bevel".into()),
            ("outline_color", rgba(outline, 255)),
            ("outline_style", "solid".into()),
            ("outline_width", width_mm.to_string()),
            ("outline_width_unit", "MM".into()),
            (
                "style",
                if fill.is_some() { "solid" } else { "no" }.to_string(),
            ),
        ],
        "",
    )
}

fn simple_line_layer(colour: Rgb, width_mm: f64, dashed: bool) -> String {
    symbol_layer(
        "SimpleLine",
        &[
            ("capstyle", "round".into()),
            ("joinstyle", "round".into()),
            ("line_color", rgba(colour, 255)),
            (
                "line_style",
                if dashed { "dash" } else { "solid" }.to_string(),
            ),
            ("line_width", width_mm.to_string()),
            ("line_width_unit", "MM".into()),
        ],
        "",
    )
}

/// A fill symbol named `name`: `fill` with an `outline` of `width_mm`.
pub fn fill_symbol(name: &str, fill: Rgb, outline: Rgb, width_mm: f64) -> String {
    symbol(
        "fill",
        name,
        &[simple_fill_layer(Some(fill), outline, width_mm)],
    )
}

/// An outline-only fill symbol (no brush).
pub fn outline_symbol(name: &str, outline: Rgb, width_mm: f64) -> String {
    symbol("fill", name, &[simple_fill_layer(None, outline, width_mm)])
}

/// Diagonal hatching in `colour` (lines 2 mm apart at 45°), no brush, as
/// the maps draw the communes the fibre does not reach.
pub fn hatch_symbol(name: &str, colour: Rgb) -> String {
    let line = symbol(
        "line",
        &format!("@{name}@0"),
        &[simple_line_layer(colour, 0.3, false)],
    );
    let hatch = symbol_layer(
        "LinePatternFill",
        &[
            ("angle", "45".into()),
            ("color", rgba(colour, 255)),
            ("distance", "2".into()),
            ("distance_unit", "MM".into()),
            ("line_width", "0.3".into()),
            ("line_width_unit", "MM".into()),
            ("offset", "0".into()),
            ("offset_unit", "MM".into()),
        ],
        &line,
    );
    symbol("fill", name, &[hatch, simple_fill_layer(None, colour, 0.3)])
}

/// A line symbol, solid or dashed.
pub fn line_symbol(name: &str, colour: Rgb, width_mm: f64, dashed: bool) -> String {
    symbol("line", name, &[simple_line_layer(colour, width_mm, dashed)])
}

/// A marker symbol: `shape` is one of QGIS's simple marker names
/// (`circle`, `triangle`, `square`, `diamond`, `star`).
pub fn marker_symbol(name: &str, shape: &str, fill: Rgb, size_mm: f64) -> String {
    let layer = symbol_layer(
        "SimpleMarker",
        &[
            ("color", rgba(fill, 255)),
            ("name", shape.into()),
            ("outline_color", "35,35,35,255".into()),
            ("outline_style", "solid".into()),
            ("outline_width", "0.2".into()),
            ("outline_width_unit", "MM".into()),
            ("size", size_mm.to_string()),
            ("size_unit", "MM".into()),
        ],
        "",
    );
    symbol("marker", name, &[layer])
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

/// One rule of a rule-based renderer: features matching `filter` (a QGIS
/// expression; empty = every feature) are drawn with `symbol` (whose
/// name is replaced by the rule's index) and listed as `label`.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Legend label.
    pub label: String,
    /// QGIS expression.
    pub filter: String,
    /// A symbol from [`fill_symbol`], [`marker_symbol`], … named `"0"`.
    pub symbol: String,
}

/// A rule-based renderer: every matching rule draws (rules are not
/// exclusive), in order.
pub fn rule_renderer(rules: &[Rule]) -> String {
    let mut s = String::from(
        "    <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n      <rules key=\"rules-root\">\n",
    );
    for (i, r) in rules.iter().enumerate() {
        let filter = if r.filter.is_empty() {
            String::new()
        } else {
            format!(" filter=\"{}\"", xml_escape(&r.filter))
        };
        let _ = writeln!(
            s,
            "        <rule key=\"rule-{i}\" symbol=\"{i}\" label=\"{}\"{filter}/>",
            xml_escape(&r.label)
        );
    }
    s.push_str("      </rules>\n      <symbols>\n");
    for (i, r) in rules.iter().enumerate() {
        s.push_str(&r.symbol.replacen("name=\"0\"", &format!("name=\"{i}\""), 1));
    }
    s.push_str("      </symbols>\n    </renderer-v2>\n");
    s
}

/// A single-symbol renderer.
pub fn single_renderer(symbol: &str) -> String {
    format!(
        "    <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n      <symbols>\n{symbol}      </symbols>\n    </renderer-v2>\n"
    )
}

/// A single-symbol polygon renderer (for coverage polygons) with the
/// layer's `opacity`.
pub fn single_fill_renderer(fill: Rgb, opacity: f64) -> String {
    format!(
        "{}    <layerOpacity>{opacity}</layerOpacity>\n",
        single_renderer(&fill_symbol("0", fill, fill, 0.1))
    )
}

/// A class of a discrete raster ramp: values up to `upper` (inclusive;
/// `None` = no upper bound) drawn in `colour`.
#[derive(Debug, Clone)]
pub struct RasterClass {
    /// Upper bound of the class, inclusive.
    pub upper: Option<f64>,
    /// Fill colour.
    pub colour: Rgb,
    /// Legend label.
    pub label: String,
}

/// A discrete pseudocolour raster pipe: a value `v` takes the first class
/// with `v <= upper`. No-data cells are transparent.
pub fn raster_pipe(classes: &[RasterClass], opacity: f64) -> String {
    let mut items = String::new();
    for c in classes {
        let value = c
            .upper
            .map(|u| format!("{u}"))
            .unwrap_or_else(|| "inf".into());
        let _ = writeln!(
            items,
            "              <item alpha=\"255\" value=\"{value}\" label=\"{}\" color=\"{}\"/>",
            xml_escape(&c.label),
            c.colour.hex()
        );
    }
    format!(
        r#"    <pipe>
      <rasterrenderer type="singlebandpseudocolor" band="1" opacity="{opacity}" alphaBand="-1" nodataColor="" classificationMin="-140" classificationMax="-40">
        <rasterTransparency/>
        <rastershader>
          <colorrampshader colorRampType="DISCRETE" classificationMode="3" clip="0" minimumValue="-140" maximumValue="-40">
{items}          </colorrampshader>
        </rastershader>
      </rasterrenderer>
      <brightnesscontrast contrast="0" brightness="0" gamma="1"/>
      <rasterresampler maxOversampling="2"/>
    </pipe>
"#
    )
}

/// Simple labels from `field`, inside the polygon only.
pub fn labeling(field: &str) -> String {
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
