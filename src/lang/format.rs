//! Numbers, shares and dates as each language writes them: English
//! `1,234,567.5` and `66.6%`, Vietnamese `1.234.567,5` and `66,6%`
//! (dot for thousands, comma for decimals), dates `2026-11-30` and
//! `30/11/2026`.

use super::language::Lang;

impl Lang {
    /// Thousands and decimal separators.
    fn separators(self) -> (char, char) {
        match self {
            Lang::En => (',', '.'),
            Lang::Vi => ('.', ','),
        }
    }

    /// `v` with `decimals` decimals, digits grouped by thousands; a
    /// negative value gets a real minus sign (U+2212); not finite: `–`.
    ///
    /// ```
    /// use phusong::lang::Lang;
    /// assert_eq!(Lang::En.number(-1234.5, 1), "\u{2212}1,234.5");
    /// assert_eq!(Lang::Vi.number(1234567.891, 2), "1.234.567,89");
    /// ```
    pub fn number(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return "–".into();
        }
        let (thousands, point) = self.separators();
        let s = format!("{:.*}", decimals, v.abs());
        let (int, frac) = s
            .split_once('.')
            .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
        let mut out = String::with_capacity(s.len() + s.len() / 3 + 3);
        // "-0.0" after rounding is zero, without a sign.
        if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
            out.push('\u{2212}');
        }
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                out.push(thousands);
            }
            out.push(ch);
        }
        if let Some(f) = frac {
            out.push(point);
            out.push_str(f);
        }
        out
    }

    /// A whole count grouped by thousands: `1,234,567` / `1.234.567`.
    pub fn count(self, n: u64) -> String {
        self.number(n as f64, 0)
    }

    /// A share (0..=1) as a percentage with `decimals` decimals:
    /// `66.6%` / `66,6%`.
    pub fn percent(self, share: f64, decimals: usize) -> String {
        if !share.is_finite() {
            return "–".into();
        }
        format!("{}%", self.number(share * 100.0, decimals))
    }

    /// A share as a percentage with as few decimals as show it exactly
    /// (up to 2): 0.5 → `50%`, 0.725 → `72.5%` / `72,5%`.
    pub fn percent_short(self, share: f64) -> String {
        let p = share * 100.0;
        let exact = |d: &usize| {
            let x = p * 10f64.powi(*d as i32);
            (x.round() - x).abs() < 1e-6
        };
        self.percent(share, (0..2).find(exact).unwrap_or(2))
    }

    /// The calendar date of an RFC 3339 time stamp (`2026-11-30T17:50:00Z`):
    /// `2026-11-30` in English, `30/11/2026` in Vietnamese. A stamp that
    /// does not start with a date is returned as it is.
    ///
    /// ```
    /// use phusong::lang::Lang;
    /// assert_eq!(Lang::Vi.date("2026-11-30T17:50:00Z"), "30/11/2026");
    /// ```
    pub fn date(self, rfc3339: &str) -> String {
        let ymd: Vec<&str> = rfc3339
            .get(..10)
            .map(|d| d.split('-').collect())
            .unwrap_or_default();
        match (self, ymd.as_slice()) {
            (Lang::En, [y, m, d]) => format!("{y}-{m}-{d}"),
            (Lang::Vi, [y, m, d]) => format!("{d}/{m}/{y}"),
            _ => rfc3339.to_string(),
        }
    }
}

/// `template` with each `{name}` replaced by its value: the glossary's
/// phrases with numbers in them (`"còn thiếu {n} hộ"`).
///
/// ```
/// use phusong::lang::{fill, Lang, Term};
/// let s = fill(Lang::Vi.term(Term::GapHouseholds), &[("n", Lang::Vi.count(12_500))]);
/// assert_eq!(s, "còn thiếu 12.500 hộ");
/// ```
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_languages() {
        let cases = [
            (0.0, 0),
            (999.0, 0),
            (1000.0, 0),
            (1234567.891, 2),
            (-0.01, 0),
            (-1234.5, 1),
        ];
        let en = ["0", "999", "1,000", "1,234,567.89", "0", "\u{2212}1,234.5"];
        let vi = ["0", "999", "1.000", "1.234.567,89", "0", "\u{2212}1.234,5"];
        assert_eq!(cases.map(|(v, d)| Lang::En.number(v, d)), en);
        assert_eq!(cases.map(|(v, d)| Lang::Vi.number(v, d)), vi);
        assert_eq!(Lang::Vi.percent(0.666, 1), "66,6%");
        assert_eq!(Lang::En.percent(f64::NAN, 1), "–");
        assert_eq!(
            [0.5, 0.725].map(|s| Lang::Vi.percent_short(s)),
            ["50%", "72,5%"]
        );
        assert_eq!(Lang::En.date("2026-11-30T17:50:00Z"), "2026-11-30");
        assert_eq!(Lang::Vi.date("soon"), "soon");
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "1".into()), ("b", "2".into())]),
            "1 and 2, 1"
        );
    }
}
