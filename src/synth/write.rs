//! Text output: exact decimal formatting of integer-scaled coordinates and
//! the GeoJSON / CSV writers.

use std::fmt::Write as _;

use super::rings::{Poly, P7};

/// Append `v / 10^decimals` with trailing zeros (and a bare point) removed.
pub(crate) fn push_scaled_trim(out: &mut String, v: i64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    if v < 0 {
        out.push('-');
    }
    let a = v.unsigned_abs();
    let int = a / scale as u64;
    let mut frac = a % scale as u64;
    let _ = write!(out, "{int}");
    if frac != 0 {
        let mut d = decimals as usize;
        while frac.is_multiple_of(10) {
            frac /= 10;
            d -= 1;
        }
        let _ = write!(out, ".{frac:0d$}");
    }
}

/// Append `v / 10^decimals` with exactly `decimals` decimals.
pub(crate) fn push_scaled_fixed(out: &mut String, v: i64, decimals: u32) {
    let scale = 10i64.pow(decimals) as u64;
    if v < 0 {
        out.push('-');
    }
    let a = v.unsigned_abs();
    let d = decimals as usize;
    let _ = write!(out, "{}.{:0d$}", a / scale, a % scale);
}

/// Append a position `[lon,lat]`.
pub(crate) fn push_pos(out: &mut String, p: P7) {
    out.push('[');
    push_scaled_trim(out, p[0], 7);
    out.push(',');
    push_scaled_trim(out, p[1], 7);
    out.push(']');
}

/// Append an array of positions.
pub(crate) fn push_line(out: &mut String, pts: &[P7]) {
    out.push('[');
    for (i, &p) in pts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_pos(out, p);
    }
    out.push(']');
}

/// Append a Polygon or MultiPolygon geometry object.
pub(crate) fn push_polys(out: &mut String, polys: &[Poly]) {
    let poly = |out: &mut String, p: &Poly| {
        out.push('[');
        for (i, r) in p.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_line(out, r);
        }
        out.push(']');
    };
    if polys.len() == 1 {
        out.push_str("{\"type\":\"Polygon\",\"coordinates\":");
        poly(out, &polys[0]);
    } else {
        out.push_str("{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (i, p) in polys.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            poly(out, p);
        }
        out.push(']');
    }
    out.push('}');
}

/// A JSON string literal.
pub(crate) fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

/// A FeatureCollection from already-serialised features.
pub(crate) fn feature_collection(features: &[String]) -> String {
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, f) in features.iter().enumerate() {
        out.push_str(f);
        if i + 1 < features.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str("]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_exactly() {
        let mut s = String::new();
        push_scaled_trim(&mut s, 1_051_234_500, 7);
        s.push(' ');
        push_scaled_trim(&mut s, -90_000_000, 7);
        s.push(' ');
        push_scaled_trim(&mut s, -5, 7);
        s.push(' ');
        push_scaled_fixed(&mut s, 9_050_001, 6);
        s.push(' ');
        push_scaled_fixed(&mut s, -3, 6);
        assert_eq!(s, "105.12345 -9 -0.0000005 9.050001 -0.000003");
    }
}
