//! The SVG painter: writes an SVG 1.1 document with real (sub-pixel)
//! coordinates, non-zero fills, hatch patterns, clip paths, text halos
//! (`paint-order="stroke"`) and one Inkscape layer per map layer, so the
//! file opens cleanly in browsers, Inkscape and Illustrator.

use std::fmt::Write as _;

use super::canvas::PxRect;
use super::font::{nfc, SVG_FONT_FAMILY};
use super::paint::{Align, Fill, Painter, Pt, Rgba, RgbaImage, Stroke, TextRun};
use super::rendered::encode_png;
use crate::output::xml::escape;
use crate::Result;

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

/// Standard base64 (RFC 4648, with padding).
pub(crate) fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        for k in 0..4 {
            let c = if k <= chunk.len() {
                T[(n >> (18 - 6 * k)) as usize & 63] as char
            } else {
                '='
            };
            out.push(c);
        }
    }
    out
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

    /// The id of a hatch pattern (written on first use): a bar `width`
    /// wide at the start of each `spacing` tile, rotated 45°.
    fn hatch_pattern(&mut self, colour: Rgba, spacing: f64, width: f64) -> String {
        let key = format!("{}-{}-{spacing}-{width}", colour.rgb.hex(), colour.a);
        if let Some((_, id)) = self.patterns.iter().find(|(k, _)| *k == key) {
            return id.clone();
        }
        let id = self.id("hatch");
        let (s, w) = (num(spacing.max(2.0)), num(width));
        let _ = writeln!(
            self.body,
            "<defs><pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" width=\"{s}\" height=\"{s}\" \
             patternTransform=\"rotate(45)\"><rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{s}\" {}/>\
             </pattern></defs>",
            paint("fill", colour)
        );
        self.patterns.push((key, id.clone()));
        id
    }

    fn open(&mut self, tag: String) {
        self.body.push_str(&tag);
        self.open_groups += 1;
    }
}

impl Painter for SvgPainter {
    fn fill(&mut self, rings: &[Vec<Pt>], fill: &Fill) {
        let paint = match *fill {
            _ if rings.iter().all(|r| r.len() < 3) => return,
            Fill::Solid(c) if c.a <= 0.0 => return,
            Fill::Solid(c) => paint("fill", c),
            Fill::Hatch {
                colour,
                spacing,
                width,
            } => {
                format!(
                    "fill=\"url(#{})\"",
                    self.hatch_pattern(colour, spacing, width)
                )
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
        path_data(&mut self.body, &[path.to_vec()], closed);
        let _ = writeln!(self.body, "\" fill=\"none\"{}/>", stroke_attrs(stroke));
    }

    fn circle(&mut self, c: Pt, r: f64, fill: Option<Rgba>, stroke: Option<&Stroke>) {
        let fill = fill.map_or_else(|| "fill=\"none\"".into(), |c| paint("fill", c));
        let stroke = stroke.map(stroke_attrs).unwrap_or_default();
        let (x, y, r) = (num(c.0), num(c.1), num(r));
        let _ = writeln!(
            self.body,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" {fill}{stroke}/>"
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
        let weight = if run.font.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let halo = run.halo.map_or_else(String::new, |(c, w)| {
            let (c, w) = (c.hex(), num(w));
            format!(" stroke=\"{c}\" stroke-width=\"{w}\" stroke-linejoin=\"round\" paint-order=\"stroke\"")
        });
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-family=\"{}\" font-size=\"{}\"{weight}{anchor} fill=\"{}\"{halo}>{}</text>",
            num(run.x),
            num(run.baseline),
            SVG_FONT_FAMILY.replace('\'', "&apos;"),
            num(run.font.em),
            run.font.colour.hex(),
            escape(&nfc(run.text)),
        );
        Ok(())
    }

    fn image(&mut self, image: &RgbaImage, dest: PxRect, alpha: f64, mask: Option<&[Vec<Pt>]>) {
        // A raster is at most a few thousand cells a side: it encodes.
        let (w, h, rgba) = (image.width, image.height, png::ColorType::Rgba);
        let Ok(png) = encode_png(w, h, rgba, &image.data, false) else {
            return;
        };
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
        let (x, y, w, h) = (
            num(dest.x0),
            num(dest.y0),
            num(dest.width()),
            num(dest.height()),
        );
        let _ = writeln!(
            self.body,
            "<image x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" preserveAspectRatio=\"none\" \
             image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\"{}{clip} \
             xlink:href=\"data:image/png;base64,{}\"/>",
            opacity("opacity", alpha),
            base64(&png)
        );
    }

    fn push_clip(&mut self, r: PxRect) {
        let id = self.id("clip");
        let (x, y, w, h) = (num(r.x0), num(r.y0), num(r.width()), num(r.height()));
        self.open(format!(
            "<clipPath id=\"{id}\"><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/></clipPath>\n\
             <g clip-path=\"url(#{id})\">\n"
        ));
    }

    fn pop_clip(&mut self) {
        if self.open_groups > 0 {
            self.body.push_str("</g>\n");
            self.open_groups -= 1;
        }
    }

    fn begin_layer(&mut self, id: &str, label: &str) {
        let (id, label) = (escape(id), escape(&nfc(label)));
        self.open(format!(
            "<g id=\"{id}\" inkscape:groupmode=\"layer\" inkscape:label=\"{label}\">\n"
        ));
    }

    fn end_layer(&mut self) {
        self.pop_clip();
    }

    fn begin_feature(&mut self, id: &str, title: &str) {
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

    fn end_feature(&mut self) {
        self.pop_clip();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::paint::{Font, PainterExt};
    use crate::render::palette::Rgb;

    #[test]
    fn encoding_and_document_structure() {
        let b64 = [b"".as_slice(), b"f", b"fo", b"foo", b"foobar"].map(base64);
        assert_eq!(b64, ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYmFy"]);
        assert_eq!([1.0, 1.256, -0.001].map(num), ["1", "1.26", "0"]);
        let mut p = SvgPainter::new(100, 50);
        p.begin_layer("areas", "Xã");
        let (colour, spacing, width) = (Rgb(0, 0, 0).into(), 8.0, 2.0);
        let hatch = Fill::Hatch {
            colour,
            spacing,
            width,
        };
        p.fill(&[vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]], &hatch);
        p.push_clip(PxRect::new(0.0, 0.0, 50.0, 50.0));
        let font = Font::new(12.0, false, Rgb(0, 0, 0));
        p.write("Đầm Dơi & <", 5.0, 20.0, font, Align::Centre)
            .unwrap();
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
}
