//! Whole numbers grouped by thousands, for people: with commas in the text
//! reports and on the terminal, with a narrow no-break space on the maps
//! and in `compare.md` (where a comma could read as a decimal point).

/// Group digits by thousands with `separator`.
fn grouped(n: u64, separator: char) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    out
}

/// Group digits by thousands with commas (reports, gaps, the terminal).
///
/// ```
/// assert_eq!(phusong::output::numbers::thousands(1234567), "1,234,567");
/// assert_eq!(phusong::output::numbers::thousands(999), "999");
/// ```
pub fn thousands(n: u64) -> String {
    grouped(n, ',')
}

/// Group digits by thousands with a narrow no-break space (U+202F; maps,
/// charts and `compare.md`).
///
/// ```
/// assert_eq!(phusong::output::numbers::thousands_narrow_space(12345), "12\u{202F}345");
/// ```
pub fn thousands_narrow_space(n: u64) -> String {
    grouped(n, '\u{202F}')
}
