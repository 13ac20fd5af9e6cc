//! The SVG painter (the one drawing path of maps and charts; resvg
//! rasterises its output for the PNG): writes an SVG 1.1 document with real (sub-pixel)
//! coordinates, non-zero fills, hatch patterns, clip paths, text halos
//! (`paint-order="stroke"`) and one Inkscape layer per map layer, so the
//! file opens cleanly in browsers, Inkscape and Illustrator.

use std::fmt::Write as _;

use super::canvas::PxRect;
use super::font::{nfc, SVG_FONT_FAMILY};
use super::paint::{Align, Fill, Font, Pt, Rgba, Stroke};
use super::palette::Rgb;
use crate::output::xml::escape;

/// Paints into an SVG document.
pub(crate) struct SvgPainter {
    width: u32,
    height: u32,
    body: String,
    /// Hatch patterns written so far: (colour, spacing, width) → id.
    patterns: Vec<(String, String)>,
    next_id: usize,
    open_groups: usize,
}

/// Format a coordinate with at most 2 decimals, without trailing zeros.
pub(crate) fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0" } else { s }.to_string()
}

/// ` name="a"` below full opacity, nothing at 1.
fn opacity(name: &str, a: f64) -> String {
    if a >= 1.0 {
        String::new()
    } else {
        format!(" {name}=\"{}\"", num(a))
    }
}

fn paint(kind: &str, c: Rgba) -> String {
    format!(
        "{kind}=\"{}\"{}",
        c.rgb.hex(),
        opacity(&format!("{kind}-opacity"), c.a)
    )
}

fn path_data(out: &mut String, rings: &[Vec<Pt>], close: bool) {
    for ring in rings {
        for (i, p) in ring.iter().enumerate() {
            let _ = write!(
                out,
                "{}{} {}",
                if i == 0 { "M" } else { "L" },
                num(p.0),
                num(p.1)
            );
        }
        if close && ring.len() > 2 {
            out.push('Z');
        }
    }
}

fn stroke_attrs(s: &Stroke) -> String {
    let mut a = format!(
        " {} stroke-width=\"{}\"",
        paint("stroke", s.colour),
        num(s.width)
    );
    a.push_str(" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
    if let Some(d) = &s.dash {
        let list: Vec<String> = d.iter().map(|v| num(*v)).collect();
        let _ = write!(a, " stroke-dasharray=\"{}\"", list.join(" "));
    }
    a
}

impl SvgPainter {
    /// An empty `width × height` document (px).
    pub fn new(width: u32, height: u32) -> Self {
        let body = String::with_capacity(1 << 20);
        SvgPainter {
            width,
            height,
            body,
            patterns: Vec::new(),
            next_id: 0,
            open_groups: 0,
        }
    }

    /// The finished document. `title` becomes the SVG `<title>`.
    pub fn finish(mut self, title: &str) -> String {
        self.body.push_str(&"</g>\n".repeat(self.open_groups));
        let (w, h) = (self.width, self.height);
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <svg xmlns=\"http://www.w3.org/2000/svg\" \
             xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
             xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" \
             version=\"1.1\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n\
             <title>{}</title>\n{}</svg>\n",
            escape(&nfc(title)),
            self.body
        )
    }

    fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    /// The id of a hatch pattern (written on first use): bars `width`
    /// wide every `spacing`, rotated by `angle`°.
    ///
    /// Diagonal hatches (±45°) are drawn as lines in an unrotated square
    /// tile of a whole number of pixels (side `spacing·√2` rounded, so the
    /// spacing is within 0.36 px of `spacing`): a pattern
    /// whose tile is not rotated or scaled is sampled pixel for pixel by
    /// the rasteriser, where a rotated tile is resampled with a bicubic
    /// filter at every pixel it covers (resvg's patterns). Other angles
    /// rotate a bar at the start of each tile.
    fn hatch_pattern(&mut self, colour: Rgb, spacing: f64, width: f64, angle: f64) -> String {
        let key = format!("{}-{spacing}-{width}-{angle}", colour.hex());
        if let Some((_, id)) = self.patterns.iter().find(|(k, _)| *k == key) {
            return id.clone();
        }
        let id = self.id("hatch");
        let spacing = spacing.max(2.0);
        let fill = paint("fill", colour.into());
        let body = match diagonal_lines(spacing, angle) {
            Some((side, d)) => {
                let stroke = paint("stroke", colour.into());
                let (t, w) = (num(side), num(width));
                format!(
                    "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" width=\"{t}\" \
                     height=\"{t}\"><path d=\"{d}\" fill=\"none\" {stroke} stroke-width=\"{w}\"/>\
                     </pattern>"
                )
            }
            None => {
                let (s, w) = (num(spacing), num(width));
                format!(
                    "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" width=\"{s}\" \
                     height=\"{s}\" patternTransform=\"rotate({})\"><rect x=\"0\" y=\"0\" \
                     width=\"{w}\" height=\"{s}\" {fill}/></pattern>",
                    num(angle)
                )
            }
        };
        let _ = writeln!(self.body, "<defs>{body}</defs>");
        self.patterns.push((key, id.clone()));
        id
    }

    fn open(&mut self, tag: String) {
        self.body.push_str(&tag);
        self.open_groups += 1;
    }

    pub fn fill(&mut self, rings: &[Vec<Pt>], fill: &Fill) {
        let paint = match *fill {
            _ if rings.iter().all(|r| r.len() < 3) => return,
            Fill::Solid(c) if c.a <= 0.0 => return,
            Fill::Solid(c) => paint("fill", c),
            Fill::Hatch(colour, spacing, width, angle) => {
                let id = self.hatch_pattern(colour, spacing, width, angle);
                format!("fill=\"url(#{id})\"")
            }
        };
        self.body.push_str("<path d=\"");
        path_data(&mut self.body, rings, true);
        let _ = writeln!(self.body, "\" {paint}/>");
    }

    pub fn stroke(&mut self, path: &[Pt], closed: bool, stroke: &Stroke) {
        if path.len() < 2 || stroke.width <= 0.0 || stroke.colour.a <= 0.0 {
            return;
        }
        self.body.push_str("<path d=\"");
        path_data(&mut self.body, &[path.to_vec()], closed);
        let _ = writeln!(self.body, "\" fill=\"none\"{}/>", stroke_attrs(stroke));
    }

    pub fn circle(&mut self, c: Pt, r: f64, fill: Option<Rgba>, stroke: Option<&Stroke>) {
        let fill = fill.map_or_else(|| "fill=\"none\"".into(), |c| paint("fill", c));
        let stroke = stroke.map(stroke_attrs).unwrap_or_default();
        let (x, y, r) = (num(c.0), num(c.1), num(r));
        let _ = writeln!(
            self.body,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" {fill}{stroke}/>"
        );
    }

    /// One line of text; `x` is its left end, centre or right end
    /// (`align`).
    pub fn text(&mut self, text: &str, x: f64, baseline: f64, font: Font, align: Align) {
        if text.is_empty() {
            return;
        }
        let anchor = match align {
            Align::Left => "",
            Align::Centre => " text-anchor=\"middle\"",
            Align::Right => " text-anchor=\"end\"",
        };
        let weight = if font.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let halo = font.halo.map_or_else(String::new, |(c, w)| {
            let (c, w) = (c.hex(), num(w));
            format!(" stroke=\"{c}\" stroke-width=\"{w}\" stroke-linejoin=\"round\" paint-order=\"stroke\"")
        });
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-family=\"{}\" font-size=\"{}\"{weight}{anchor} fill=\"{}\"{halo}>{}</text>",
            num(x),
            num(baseline),
            SVG_FONT_FAMILY.replace('\'', "&apos;"),
            num(font.em),
            font.colour.hex(),
            escape(&nfc(text)),
        );
    }

    pub fn push_clip(&mut self, rings: &[Vec<Pt>]) {
        let id = self.id("clip");
        let _ = write!(self.body, "<clipPath id=\"{id}\"><path d=\"");
        path_data(&mut self.body, rings, true);
        self.open(format!("\"/></clipPath>\n<g clip-path=\"url(#{id})\">\n"));
    }

    /// Close the last open group (layer, feature or clip).
    pub fn end(&mut self) {
        if self.open_groups > 0 {
            self.body.push_str("</g>\n");
            self.open_groups -= 1;
        }
    }

    pub fn begin_layer(&mut self, id: &str, label: &str) {
        let (id, label) = (escape(id), escape(&nfc(label)));
        self.open(format!(
            "<g id=\"{id}\" inkscape:groupmode=\"layer\" inkscape:label=\"{label}\">\n"
        ));
    }

    pub fn begin_feature(&mut self, id: &str, title: &str) {
        let safe = |c: char| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        };
        let id: String = id.chars().map(safe).collect();
        self.open(format!(
            "<g id=\"{id}\"><title>{}</title>\n",
            escape(&nfc(title))
        ));
    }

    /// Append finished markup (e.g. a chart drawn by plotters).
    pub fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
    }

    /// A filled and/or outlined axis-aligned rectangle.
    pub fn rect(&mut self, r: PxRect, fill: Option<Rgba>, stroke: Option<&Stroke>) {
        self.polygon(&r.ring(), fill, stroke);
    }

    /// A straight line segment.
    pub fn line(&mut self, a: Pt, b: Pt, stroke: &Stroke) {
        self.stroke(&[a, b], false, stroke);
    }

    /// A filled polygon with an optional outline.
    pub fn polygon(&mut self, ring: &[Pt], fill: Option<Rgba>, stroke: Option<&Stroke>) {
        if let Some(f) = fill {
            self.fill(&[ring.to_vec()], &Fill::Solid(f));
        }
        if let Some(s) = stroke {
            self.stroke(ring, true, s);
        }
    }
}

/// For a hatch of `spacing` at ±45° (bars leaning as a bar rotated by
/// `angle`° clockwise on the page), the side of an unrotated square tile
/// of whole pixels and the path data of the lines crossing it: the lines
/// `y = ±x + k·side` through the tile, drawn past its edges (the tile
/// clips them), so that the tiles join seamlessly. `None` for other
/// angles.
fn diagonal_lines(spacing: f64, angle: f64) -> Option<(f64, String)> {
    let a = angle.rem_euclid(180.0);
    let rising = if (a - 45.0).abs() < 1e-9 {
        // A vertical bar turned 45° clockwise runs down-left: y = −x + c.
        false
    } else if (a - 135.0).abs() < 1e-9 {
        true
    } else {
        return None;
    };
    let t = (spacing * std::f64::consts::SQRT_2).round().max(2.0);
    let n = num;
    let d = if rising {
        // y = x + c for c in −t, 0, t.
        [-t, 0.0, t]
            .map(|c| format!("M{},{}L{},{}", n(-t), n(c - t), n(2.0 * t), n(c + 2.0 * t)))
            .concat()
    } else {
        // y = −x + c for c in 0, t, 2t.
        [0.0, t, 2.0 * t]
            .map(|c| format!("M{},{}L{},{}", n(-t), n(c + t), n(2.0 * t), n(c - 2.0 * t)))
            .concat()
    };
    Some((t, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_and_document_structure() {
        assert_eq!([1.0, 1.256, -0.001].map(num), ["1", "1.26", "0"]);
        let mut p = SvgPainter::new(100, 50);
        p.begin_layer("areas", "Xã");
        let hatch = Fill::Hatch(Rgb(0, 0, 0), 8.0, 2.0, 45.0);
        p.fill(&[vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]], &hatch);
        p.push_clip(&[vec![(0.0, 0.0), (50.0, 0.0), (50.0, 50.0)]]);
        let font = Font::new(12.0, false, Rgb(0, 0, 0));
        p.text("Đầm Dơi & <", 5.0, 20.0, font, Align::Centre);
        let svg = p.finish("Cà Mau");
        let want = [
            "<title>Cà Mau</title>",
            "pattern id=\"hatch1\"",
            "fill=\"url(#hatch1)\"",
        ];
        for s in want.into_iter().chain([">Đầm Dơi &amp; &lt;</text>"]) {
            assert!(svg.contains(s), "{s}");
        }
        // Unclosed groups are closed by finish(); the document parses.
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
        let mut reader = quick_xml::Reader::from_str(&svg);
        while !matches!(reader.read_event().unwrap(), quick_xml::events::Event::Eof) {}
    }

    /// A ±45° hatch drawn from the unrotated tile looks as the rotated bar
    /// does: about the same share of ink and lines leaning the same way
    /// (constant along its direction, varying across it). The ink is
    /// within 12 %: tiny-skia's anti-aliasing of the lines' diagonal edges
    /// covers a little more than the exact area (+8 % on 1.8 px lines),
    /// where the rotated bar is drawn with exact axis-aligned edges and
    /// then resampled.
    #[test]
    fn diagonal_hatch_tiles_match_the_rotated_bar() {
        use crate::render::RgbImage;
        assert!(diagonal_lines(9.0, 30.0).is_none());
        assert_eq!(diagonal_lines(9.0, 45.0).unwrap().0, 13.0);
        for angle in [45.0, -45.0] {
            let ours = {
                let mut p = SvgPainter::new(240, 240);
                let square = vec![(0.0, 0.0), (240.0, 0.0), (240.0, 240.0), (0.0, 240.0)];
                p.fill(&[square], &Fill::Hatch(Rgb(0, 0, 0), 14.0, 1.8, angle));
                p.finish("hatch")
            };
            assert!(!ours.contains("patternTransform"), "{ours}");
            let rotated = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"240\" \
                 viewBox=\"0 0 240 240\"><defs><pattern id=\"h\" patternUnits=\"userSpaceOnUse\" \
                 width=\"14\" height=\"14\" patternTransform=\"rotate({angle})\"><rect x=\"0\" \
                 y=\"0\" width=\"1.8\" height=\"14\" fill=\"#000000\"/></pattern></defs>\
                 <rect x=\"0\" y=\"0\" width=\"240\" height=\"240\" fill=\"url(#h)\"/></svg>"
            );
            let ink = |img: &RgbImage| -> f64 {
                let dark: f64 = img.data.iter().map(|&v| 255.0 - v as f64).sum();
                dark / (255.0 * img.data.len() as f64)
            };
            // Mean |difference| between each pixel and its neighbour one
            // step along (dx, 1).
            let change = |img: &RgbImage, dx: i64| -> f64 {
                let mut sum = 0.0;
                for y in 20..200u32 {
                    for x in 20..200u32 {
                        let a = img.pixel(x, y).unwrap().0 as f64;
                        let b = img.pixel((x as i64 + dx) as u32, y + 1).unwrap().0 as f64;
                        sum += (a - b).abs();
                    }
                }
                sum / (180.0 * 180.0)
            };
            let a = RgbImage::from_svg(&ours).unwrap();
            let b = RgbImage::from_svg(&rotated).unwrap();
            let (ia, ib) = (ink(&a), ink(&b));
            assert!((ia - ib).abs() < 0.12 * ib, "ink {ia} vs {ib} at {angle}°");
            // Bars rotated clockwise by 45° run down-left (dx = −1).
            let along = if angle > 0.0 { -1 } else { 1 };
            for img in [&a, &b] {
                let (same, across) = (change(img, along), change(img, -along));
                assert!(same * 4.0 < across, "{same} vs {across} at {angle}°");
            }
        }
    }
}
