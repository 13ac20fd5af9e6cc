//! Colours: the [`Rgb`] type and the palettes used by the maps and charts.
//!
//! The class palettes follow ColorBrewer: classes below the target use a
//! sequential orange-red ramp (darkest = furthest from the target), classes
//! that meet the target use greens, so "meets target" stands out at a glance
//! and still reads in greyscale print (the greens are darker than the
//! lightest orange but distinct in hue).

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
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
    const RAMP: [&[u32]; 6] = [
        &[0xFC8D59],
        &[0xD7301F, 0xFDBB84],
        &[0xD7301F, 0xFC8D59, 0xFDD49E],
        &[0xB30000, 0xE34A33, 0xFC8D59, 0xFDCC8A],
        &[0xB30000, 0xE34A33, 0xFC8D59, 0xFDBB84, 0xFDD49E],
        &[0x990000, 0xD7301F, 0xEF6548, 0xFC8D59, 0xFDBB84, 0xFDD49E],
    ];
    ramp(&RAMP, n)
}

/// Colours for `n` classes at or above the target, lowest first (ColorBrewer
/// Greens; a single class gets a strong green).
pub fn meets_target(n: usize) -> Vec<Rgb> {
    const RAMP: [&[u32]; 4] = [
        &[0x1A9850],
        &[0x66BD63, 0x1A793B],
        &[0x91CF60, 0x3AA655, 0x006837],
        &[0xA6D96A, 0x66BD63, 0x1A9850, 0x006837],
    ];
    ramp(&RAMP, n)
}

/// Row `n` of `table` (colours as `0xRRGGBB`), or `n` colours interpolated
/// along its last row.
fn ramp(table: &[&[u32]], n: usize) -> Vec<Rgb> {
    let rgb = |c: &u32| Rgb((c >> 16) as u8, (c >> 8) as u8, *c as u8);
    let base: Vec<Rgb> = table[table.len() - 1].iter().map(rgb).collect();
    match n {
        0 => Vec::new(),
        _ if n <= table.len() => table[n - 1].iter().map(rgb).collect(),
        _ => (0..n)
            .map(|i| {
                let t = i as f64 / (n - 1) as f64 * (base.len() - 1) as f64;
                let k = (t.floor() as usize).min(base.len() - 2);
                base[k].mix(base[k + 1], t - k as f64)
            })
            .collect(),
    }
}

/// How area labels are set.
#[derive(Debug, Clone, PartialEq)]
pub struct MapStyle {
    /// Commune label text size (CSS px at 2400 px page width).
    pub label_size: f64,
    /// Order in which labels are placed (earlier ones win collisions).
    pub label_order: LabelOrder,
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
        let label_order = LabelOrder::LargestFirst;
        MapStyle {
            label_size: 18.0,
            label_order,
        }
    }
}
