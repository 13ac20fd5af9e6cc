//! Colours: the [`Rgb`] type and the palettes used by the maps and charts.
//!
//! The class palettes follow ColorBrewer: classes below the target use a
//! sequential orange-red ramp (darkest = furthest from the target), classes
//! that meet the target use greens, so "meets target" stands out at a glance
//! and still reads in greyscale print (the greens are darker than the
//! lightest orange but distinct in hue).

use std::fmt;

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parse `"#RRGGBB"` or `"RRGGBB"`.
    ///
    /// ```
    /// use phusong::render::palette::Rgb;
    /// assert_eq!(Rgb::from_hex("#1A9850"), Some(Rgb(0x1A, 0x98, 0x50)));
    /// ```
    pub fn from_hex(s: &str) -> Option<Rgb> {
        let s = s.strip_prefix('#').unwrap_or(s);
        if s.len() != 6 || !s.is_ascii() {
            return None;
        }
        let p = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
        Some(Rgb(p(0)?, p(2)?, p(4)?))
    }

    /// `"#RRGGBB"` (upper case), as used in SVG and QGIS `.qml` files.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// Linear mix: `t = 0` gives `self`, `t = 1` gives `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// Relative luminance in 0..=1 (sRGB, approximate), to choose dark or
    /// light text over a colour.
    pub fn luminance(self) -> f64 {
        (0.2126 * f64::from(self.0) + 0.7152 * f64::from(self.1) + 0.0722 * f64::from(self.2))
            / 255.0
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

/// White.
pub const WHITE: Rgb = Rgb(255, 255, 255);
/// Near-black used for text.
pub const INK: Rgb = Rgb(0x1F, 0x1F, 0x1F);
/// Mid grey for secondary text (footnotes, axis labels).
pub const MUTED: Rgb = Rgb(0x5F, 0x5F, 0x5F);
/// The green of "meets target" in charts (also the single meets-target class).
pub const TARGET_MET: Rgb = Rgb(0x1A, 0x98, 0x50);
/// The red-orange of "below target" in charts.
pub const TARGET_MISSED: Rgb = Rgb(0xE3, 0x4A, 0x33);

/// Colours for `n` classes below the target, worst first (ColorBrewer OrRd,
/// dark red → light peach). `n` above 6 repeats the ramp's ends.
pub fn below_target(n: usize) -> Vec<Rgb> {
    const RAMP: [&[Rgb]; 6] = [
        &[Rgb(0xFC, 0x8D, 0x59)],
        &[Rgb(0xD7, 0x30, 0x1F), Rgb(0xFD, 0xBB, 0x84)],
        &[
            Rgb(0xD7, 0x30, 0x1F),
            Rgb(0xFC, 0x8D, 0x59),
            Rgb(0xFD, 0xD4, 0x9E),
        ],
        &[
            Rgb(0xB3, 0x00, 0x00),
            Rgb(0xE3, 0x4A, 0x33),
            Rgb(0xFC, 0x8D, 0x59),
            Rgb(0xFD, 0xCC, 0x8A),
        ],
        &[
            Rgb(0xB3, 0x00, 0x00),
            Rgb(0xE3, 0x4A, 0x33),
            Rgb(0xFC, 0x8D, 0x59),
            Rgb(0xFD, 0xBB, 0x84),
            Rgb(0xFD, 0xD4, 0x9E),
        ],
        &[
            Rgb(0x99, 0x00, 0x00),
            Rgb(0xD7, 0x30, 0x1F),
            Rgb(0xEF, 0x65, 0x48),
            Rgb(0xFC, 0x8D, 0x59),
            Rgb(0xFD, 0xBB, 0x84),
            Rgb(0xFD, 0xD4, 0x9E),
        ],
    ];
    ramp(&RAMP, n)
}

/// Colours for `n` classes at or above the target, lowest first (ColorBrewer
/// Greens; a single class gets a strong green).
pub fn meets_target(n: usize) -> Vec<Rgb> {
    const RAMP: [&[Rgb]; 4] = [
        &[TARGET_MET],
        &[Rgb(0x66, 0xBD, 0x63), Rgb(0x1A, 0x79, 0x3B)],
        &[
            Rgb(0x91, 0xCF, 0x60),
            Rgb(0x3A, 0xA6, 0x55),
            Rgb(0x00, 0x68, 0x37),
        ],
        &[
            Rgb(0xA6, 0xD9, 0x6A),
            Rgb(0x66, 0xBD, 0x63),
            Rgb(0x1A, 0x98, 0x50),
            Rgb(0x00, 0x68, 0x37),
        ],
    ];
    ramp(&RAMP, n)
}

fn ramp(table: &[&[Rgb]], n: usize) -> Vec<Rgb> {
    if n == 0 {
        return Vec::new();
    }
    if n <= table.len() {
        return table[n - 1].to_vec();
    }
    // Interpolate along the longest ramp.
    let base = table[table.len() - 1];
    (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64 * (base.len() - 1) as f64;
            let k = (t.floor() as usize).min(base.len() - 2);
            base[k].mix(base[k + 1], t - k as f64)
        })
        .collect()
}

/// The colours of the map furniture, with sensible defaults. All colours are
/// opaque; widths are in pixels at 2400 px page width and scale with it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapStyle {
    /// Page background.
    pub background: Rgb,
    /// Map frame background: everything outside the areas (sea, other
    /// provinces).
    pub outside: Rgb,
    /// Commune boundary colour.
    pub area_boundary: Rgb,
    /// Commune boundary width (px).
    pub area_boundary_width: f64,
    /// Parent-area (district) boundary colour.
    pub parent_boundary: Rgb,
    /// Parent-area boundary width (px).
    pub parent_boundary_width: f64,
    /// Hatch colour for flagged areas.
    pub hatch: Rgb,
    /// Distance between hatch lines (px).
    pub hatch_spacing: f64,
    /// Hatch line width (px).
    pub hatch_width: f64,
    /// Commune label text size (CSS px, i.e. the em size).
    pub label_size: f64,
    /// Order in which labels are placed (earlier ones win collisions).
    pub label_order: LabelOrder,
    /// Skip a label whose box is more than this many times the area's pixel
    /// area (tiny communes stay unlabelled rather than buried in text).
    pub label_max_overflow: f64,
    /// Opacity of area fills (1 = opaque).
    pub fill_opacity: f64,
}

/// The order in which commune labels are offered to the greedy placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LabelOrder {
    /// Largest area first (the default): big communes are always labelled.
    #[default]
    LargestFirst,
    /// The order of [`MapSpec::areas`](super::MapSpec::areas), e.g. sorted
    /// by households missing so that the worst communes are labelled first.
    AsGiven,
}

impl Default for MapStyle {
    fn default() -> Self {
        MapStyle {
            background: WHITE,
            outside: Rgb(0xEE, 0xEE, 0xEE),
            area_boundary: Rgb(0x8C, 0x8C, 0x8C),
            area_boundary_width: 1.2,
            parent_boundary: Rgb(0x33, 0x33, 0x33),
            parent_boundary_width: 3.2,
            hatch: Rgb(0x26, 0x26, 0x26),
            hatch_spacing: 11.0,
            hatch_width: 2.0,
            label_size: 18.0,
            label_order: LabelOrder::LargestFirst,
            label_max_overflow: 3.0,
            fill_opacity: 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let c = Rgb(0x1A, 0x98, 0x50);
        assert_eq!(c.hex(), "#1A9850");
        assert_eq!(Rgb::from_hex(&c.hex()), Some(c));
        assert_eq!(Rgb::from_hex("#12345"), None);
        assert_eq!(Rgb::from_hex("#GG0000"), None);
    }

    #[test]
    fn ramps_have_requested_length() {
        for n in 0..10 {
            assert_eq!(below_target(n).len(), n);
            assert_eq!(meets_target(n).len(), n);
        }
        // Interpolated ramps keep the end colours.
        let b = below_target(8);
        assert_eq!(b[0], Rgb(0x99, 0x00, 0x00));
        assert_eq!(b[7], Rgb(0xFD, 0xD4, 0x9E));
    }
}
