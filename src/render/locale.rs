//! Wording and number format of the renderer's own text (legend, scale
//! bar, charts). Titles, footnotes, layer names and labels come from the
//! caller and are used as given.

/// Legend label of areas without a value.
pub(crate) const NO_DATA: &str = "No data";
/// Legend note on classes that meet the target.
pub(crate) const MEETS_TARGET: &str = "meets target";
/// Header of the legend's count column.
pub(crate) const COUNT_HEADER: &str = "Communes";
/// Legend labels of the commune and district boundaries.
pub(crate) const AREA_BOUNDARY: &str = "Commune boundary";
pub(crate) const PARENT_BOUNDARY: &str = "District boundary";
/// KPI chart legend and target marker.
pub(crate) const CHART_MEETS: &str = "Meets target";
pub(crate) const CHART_BELOW: &str = "Below target";
pub(crate) const CHART_NO_TARGET: &str = "No target";
pub(crate) const TARGET: &str = "target";

/// `v` with `decimals` decimals and no-break-space thousands separators
/// (SI style); a negative value gets a real minus sign (U+2212).
///
/// ```
/// use phusong::render::locale::number;
/// assert_eq!(number(-1234.0, 0), "\u{2212}1\u{A0}234");
/// ```
pub fn number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('\u{2212}');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('\u{A0}');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A share (0..=1) as a percentage with `decimals` decimals: `"72.5%"`.
pub fn percent(share: f64, decimals: usize) -> String {
    format!("{}%", number(share * 100.0, decimals))
}

/// A share as a percentage with as few decimals as needed (up to 2) to
/// show it exactly: 0.5 → `"50%"`, 0.725 → `"72.5%"`.
pub fn percent_short(share: f64) -> String {
    let p = share * 100.0;
    let exact = |d: &usize| {
        let x = p * 10f64.powi(*d as i32);
        (x.round() - x).abs() < 1e-6
    };
    percent(share, (0..2).find(exact).unwrap_or(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let n = [
            (0.0, 0),
            (999.0, 0),
            (1000.0, 0),
            (1234567.891, 2),
            (-0.01, 0),
        ];
        let want = ["0", "999", "1\u{A0}000", "1\u{A0}234\u{A0}567.89", "0"];
        assert_eq!(n.map(|(v, d)| number(v, d)), want);
        assert_eq!(percent(0.7249, 1), "72.5%");
        assert_eq!([0.5, 0.725].map(percent_short), ["50%", "72.5%"]);
    }
}
