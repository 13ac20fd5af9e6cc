//! The SVG painter: writes an SVG 1.1 document with real (sub-pixel)
//! coordinates, non-zero fills, hatch patterns, clip paths, text halos
//! (`paint-order="stroke"`) and one Inkscape layer per map layer, so the
//! file opens cleanly in browsers, Inkscape and Illustrator.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::canvas::PxRect;
use super::font::SVG_FONT_FAMILY;
use super::nfc::nfc;
use super::paint::{Align, Fill, Painter, Pt, Rgba, RgbaImage, Stroke, TextRun};
use super::png::{encode_png, PngColour};
use crate::output::xml::escape;
use crate::Result;

/// Paints into an SVG document.
pub(crate) struct SvgPainter {
    width: u32,
    height: u32,
    body: String,
    patterns: HashMap<String, String>,
    next_id: usize,
    open_groups: usize,
}

impl SvgPainter {
    /// An empty `width × height` document (px).
    pub fn new(width: u32, height: u32) -> Self {
        SvgPainter {
            width,
            height,
            body: String::with_capacity(1 << 20),
            patterns: HashMap::new(),
            next_id: 0,
            open_groups: 0,
        }
    }

    /// The finished document. `title` becomes the SVG `<title>`.
    pub fn finish(mut self, title: &str) -> String {
        while self.open_groups > 0 {
            self.body.push_str("</g>\n");
            self.open_groups -= 1;
        }
        let mut out = String::with_capacity(self.body.len() + 1024);
        let _ = write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <svg xmlns=\"http://www.w3.org/2000/svg\" \
             xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
             xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" \
             version=\"1.1\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n\
             <title>{t}</title>\n",
            w = self.width,
            h = self.height,
            t = escape(&nfc(title)),
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }

    fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    fn hatch_pattern(&mut self, colour: Rgba, spacing: f64, width: f64) -> String {
        let key = format!("{}-{}-{}-{}", colour.rgb.hex(), colour.a, spacing, width);
        if let Some(id) = self.patterns.get(&key) {
            return id.clone();
        }
        let id = self.id("hatch");
        let s = spacing.max(2.0);
        let _ = writeln!(
            self.body,
            "<defs><pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" width=\"{s}\" height=\"{s}\" \
             patternTransform=\"rotate(45)\"><rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{s}\" \
             fill=\"{c}\"{o}/></pattern></defs>",
            s = num(s),
            w = num(width),
            c = colour.rgb.hex(),
            o = opacity_attr("fill-opacity", colour.a),
        );
        self.patterns.insert(key, id.clone());
        id
    }
}

/// Format a coordinate with at most 2 decimals, without trailing zeros.
pub(crate) fn num(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

fn opacity_attr(name: &str, a: f64) -> String {
    if a >= 1.0 {
        String::new()
    } else {
        format!(" {name}=\"{}\"", num(a))
    }
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
        " stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{}",
        s.colour.rgb.hex(),
        num(s.width),
        opacity_attr("stroke-opacity", s.colour.a)
    );
    if let Some(d) = &s.dash {
        let list: Vec<String> = d.iter().map(|v| num(*v)).collect();
        let _ = write!(a, " stroke-dasharray=\"{}\"", list.join(" "));
    }
    a
}

/// Standard base64 (RFC 4648, with padding).
pub(crate) fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

impl Painter for SvgPainter {
    fn fill(&mut self, rings: &[Vec<Pt>], fill: &Fill) {
        if rings.iter().all(|r| r.len() < 3) {
            return;
        }
        let paint = match fill {
            Fill::Solid(c) => {
                if c.a <= 0.0 {
                    return;
                }
                format!(
                    "fill=\"{}\"{}",
                    c.rgb.hex(),
                    opacity_attr("fill-opacity", c.a)
                )
            }
            Fill::Hatch {
                colour,
                spacing,
                width,
            } => {
                let id = self.hatch_pattern(*colour, *spacing, *width);
                format!("fill=\"url(#{id})\"")
            }
        };
        self.body.push_str("<path d=\"");
        path_data(&mut self.body, rings, true);
        let _ = writeln!(self.body, "\" {paint}/>");
    }

    fn stroke(&mut self, path: &[Pt], closed: bool, stroke: &Stroke) {
        if path.len() < 2 || stroke.width <= 0.0 || stroke.colour.a <= 0.0 {
            return;
        }
        self.body.push_str("<path d=\"");
        path_data(&mut self.body, std::slice::from_ref(&path.to_vec()), closed);
        let _ = writeln!(self.body, "\" fill=\"none\"{}/>", stroke_attrs(stroke));
    }

    fn circle(&mut self, centre: Pt, radius: f64, fill: Option<Rgba>, stroke: Option<&Stroke>) {
        let fill = match fill {
            Some(c) => format!(
                "fill=\"{}\"{}",
                c.rgb.hex(),
                opacity_attr("fill-opacity", c.a)
            ),
            None => "fill=\"none\"".into(),
        };
        let stroke = stroke.map(stroke_attrs).unwrap_or_default();
        let _ = writeln!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {fill}{stroke}/>",
            num(centre.0),
            num(centre.1),
            num(radius)
        );
    }

    fn text(&mut self, run: &TextRun) -> Result<()> {
        if run.text.is_empty() {
            return Ok(());
        }
        let anchor = match run.align {
            Align::Left => "",
            Align::Centre => " text-anchor=\"middle\"",
            Align::Right => " text-anchor=\"end\"",
        };
        let weight = if run.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let halo = match run.halo {
            Some((c, w)) => format!(
                " stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                c.hex(),
                num(w)
            ),
            None => String::new(),
        };
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-family=\"{}\" font-size=\"{}\"{weight}{anchor} fill=\"{}\"{}{halo}>{}</text>",
            num(run.x),
            num(run.baseline),
            SVG_FONT_FAMILY.replace('\'', "&apos;"),
            num(run.em),
            run.colour.rgb.hex(),
            opacity_attr("fill-opacity", run.colour.a),
            escape(&nfc(run.text)),
        );
        Ok(())
    }

    fn image(&mut self, image: &RgbaImage, dest: PxRect, opacity: f64, mask: Option<&[Vec<Pt>]>) {
        if image.width == 0 || image.height == 0 {
            return;
        }
        let clip = match mask {
            Some(rings) => {
                let id = self.id("mask");
                let _ = write!(self.body, "<clipPath id=\"{id}\"><path d=\"");
                path_data(&mut self.body, rings, true);
                let _ = writeln!(self.body, "\"/></clipPath>");
                format!(" clip-path=\"url(#{id})\"")
            }
            None => String::new(),
        };
        let png = encode_png(
            image.width,
            image.height,
            PngColour::Rgba,
            &image.data,
            None,
        );
        let _ = writeln!(
            self.body,
            "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" \
             image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\"{}{clip} \
             xlink:href=\"data:image/png;base64,{}\"/>",
            num(dest.x0),
            num(dest.y0),
            num(dest.width()),
            num(dest.height()),
            opacity_attr("opacity", opacity),
            base64(&png)
        );
    }

    fn push_clip(&mut self, rect: PxRect) {
        let id = self.id("clip");
        let _ = writeln!(
            self.body,
            "<clipPath id=\"{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>\n<g clip-path=\"url(#{id})\">",
            num(rect.x0),
            num(rect.y0),
            num(rect.width()),
            num(rect.height())
        );
        self.open_groups += 1;
    }

    fn pop_clip(&mut self) {
        if self.open_groups > 0 {
            self.body.push_str("</g>\n");
            self.open_groups -= 1;
        }
    }

    fn begin_layer(&mut self, id: &str, label: &str) {
        let _ = writeln!(
            self.body,
            "<g id=\"{}\" inkscape:groupmode=\"layer\" inkscape:label=\"{}\">",
            escape(id),
            escape(&nfc(label))
        );
        self.open_groups += 1;
    }

    fn end_layer(&mut self) {
        self.pop_clip();
    }

    fn begin_feature(&mut self, id: &str, title: &str) {
        let id: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let _ = writeln!(
            self.body,
            "<g id=\"{id}\"><title>{}</title>",
            escape(&nfc(title))
        );
        self.open_groups += 1;
    }

    fn end_feature(&mut self) {
        self.pop_clip();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::palette::Rgb;

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn numbers_and_escaping() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn document_structure() {
        let mut p = SvgPainter::new(100, 50);
        p.begin_layer("areas", "Xã");
        p.fill(
            &[vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]],
            &Fill::Hatch {
                colour: Rgba::opaque(Rgb(0, 0, 0)),
                spacing: 8.0,
                width: 2.0,
            },
        );
        p.push_clip(PxRect::new(0.0, 0.0, 50.0, 50.0));
        p.text(&TextRun {
            text: "Đầm Dơi",
            x: 5.0,
            baseline: 20.0,
            em: 12.0,
            bold: false,
            colour: Rgba::opaque(Rgb(0, 0, 0)),
            align: Align::Centre,
            halo: Some((Rgb(255, 255, 255), 3.0)),
        })
        .unwrap();
        let svg = p.finish("Cà Mau");
        assert!(svg.starts_with("<?xml"));
        assert!(svg.contains("<title>Cà Mau</title>"));
        assert!(svg.contains("pattern id=\"hatch1\""));
        assert!(svg.contains("fill=\"url(#hatch1)\""));
        assert!(svg.contains(">Đầm Dơi</text>"));
        assert!(svg.contains("paint-order=\"stroke\""));
        // Unclosed groups are closed by finish().
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
        assert!(svg.trim_end().ends_with("</svg>"));
    }
}
