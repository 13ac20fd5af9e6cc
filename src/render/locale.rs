//! Wording and number formatting of the map furniture (legend, scale bar,
//! charts), in English or Vietnamese.

/// The words and number format used by the renderer's own text. Titles,
/// footnotes, layer names and labels come from the caller and are used as
/// given.
#[derive(Debug, Clone, PartialEq)]
pub struct Locale {
    /// Decimal separator: `'.'` (English) or `','` (Vietnamese).
    pub decimal_separator: char,
    /// Thousands separator; a no-break space by default (SI style, read the
    /// same way in both languages).
    pub thousands_separator: char,
    /// Legend label of areas without a value.
    pub no_data: String,
    /// Legend note on classes that meet the target.
    pub meets_target: String,
    /// The word "target" (KPI chart marker).
    pub target: String,
    /// Header of the legend's count column.
    pub count_header: String,
    /// Legend label of the thin area (commune) boundaries.
    pub area_boundary: String,
    /// Legend label of the thick parent-area (district) boundaries.
    pub parent_boundary: String,
    /// Letter on the north arrow.
    pub north: String,
    /// KPI chart legend: bar meets its target.
    pub chart_meets: String,
    /// KPI chart legend: bar below its target.
    pub chart_below: String,
    /// KPI chart legend: KPI without a target.
    pub chart_no_target: String,
}

impl Default for Locale {
    fn default() -> Self {
        Locale::english()
    }
}

impl Locale {
    /// English wording, `72.5%`, `12 345`.
    pub fn english() -> Self {
        Locale {
            decimal_separator: '.',
            thousands_separator: '\u{A0}',
            no_data: "No data".into(),
            meets_target: "meets target".into(),
            target: "target".into(),
            count_header: "Communes".into(),
            area_boundary: "Commune boundary".into(),
            parent_boundary: "District boundary".into(),
            north: "N".into(),
            chart_meets: "Meets target".into(),
            chart_below: "Below target".into(),
            chart_no_target: "No target".into(),
        }
    }

    /// Vietnamese wording, `72,5%`, `12 345`, "B" (Bắc) on the north arrow.
    pub fn vietnamese() -> Self {
        Locale {
            decimal_separator: ',',
            thousands_separator: '\u{A0}',
            no_data: "Không có dữ liệu".into(),
            meets_target: "đạt mục tiêu".into(),
            target: "mục tiêu".into(),
            count_header: "Số xã".into(),
            area_boundary: "Ranh giới xã".into(),
            parent_boundary: "Ranh giới huyện".into(),
            north: "B".into(),
            chart_meets: "Đạt mục tiêu".into(),
            chart_below: "Chưa đạt mục tiêu".into(),
            chart_no_target: "Không có mục tiêu".into(),
        }
    }

    /// `v` with `decimals` decimals and thousands separators; a negative
    /// value gets a real minus sign (U+2212).
    ///
    /// ```
    /// use phusong::render::Locale;
    /// assert_eq!(Locale::english().number(-1234.0, 0), "\u{2212}1\u{A0}234");
    /// assert_eq!(Locale::vietnamese().number(72.26, 1), "72,3");
    /// ```
    pub fn number(&self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return "–".into();
        }
        let s = format!("{:.*}", decimals, v.abs());
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s.as_str(), None),
        };
        let mut out = String::new();
        let negative = v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0');
        if negative {
            out.push('\u{2212}');
        }
        let n = int.len();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (n - i) % 3 == 0 {
                out.push(self.thousands_separator);
            }
            out.push(ch);
        }
        if let Some(f) = frac {
            out.push(self.decimal_separator);
            out.push_str(f);
        }
        out
    }

    /// A share (0..=1) as a percentage with `decimals` decimals: `"72.5%"`.
    pub fn percent(&self, share: f64, decimals: usize) -> String {
        format!("{}%", self.number(share * 100.0, decimals))
    }

    /// A share as a percentage with as few decimals as needed (up to 2) to
    /// show it exactly: 0.5 → `"50%"`, 0.725 → `"72.5%"`.
    pub fn percent_short(&self, share: f64) -> String {
        let p = share * 100.0;
        let decimals = (0..2)
            .find(|&d| {
                let f = 10f64.powi(d as i32);
                ((p * f).round() - p * f).abs() < 1e-6
            })
            .unwrap_or(2);
        self.number(p, decimals)
            .chars()
            .chain(std::iter::once('%'))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let en = Locale::english();
        assert_eq!(en.number(0.0, 0), "0");
        assert_eq!(en.number(999.0, 0), "999");
        assert_eq!(en.number(1000.0, 0), "1\u{A0}000");
        assert_eq!(en.number(1234567.891, 2), "1\u{A0}234\u{A0}567.89");
        assert_eq!(en.number(-0.01, 0), "0"); // no "−0"
        assert_eq!(en.percent(0.7249, 1), "72.5%");
        assert_eq!(en.percent_short(0.5), "50%");
        assert_eq!(en.percent_short(0.725), "72.5%");
        assert_eq!(Locale::vietnamese().percent_short(0.725), "72,5%");
    }
}
