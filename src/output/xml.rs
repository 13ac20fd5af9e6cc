//! XML text escaping, shared by the writers of XML-based formats (SVG
//! maps, GDAL metadata in GeoTIFFs, QGIS styles and projects).

/// Escape text for XML content or attribute values. Characters that XML 1.0
/// forbids (control characters other than tab, newline and carriage return)
/// become spaces, so the output is always well-formed.
///
/// ```
/// assert_eq!(phusong::output::xml::escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
