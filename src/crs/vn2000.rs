//! VN-2000 (EPSG:4756), Vietnam's national datum, and its provincial TM-3
//! zones.
//!
//! VN-2000 uses the WGS 84 ellipsoid with a 7-parameter shift to WGS 84.
//! The parameters are EPSG's transformation "VN-2000 to WGS 84 (2)"
//! (national, 102.14–109.53°E), written with PROJ's `+towgs84` (position
//! vector) signs, which is how `crs-definitions` ships EPSG:3405/3406/4756
//! and what PROJ 9.5's `coordinate_frame` pipeline amounts to
//! (rx = −0.00928836″ coordinate frame = +0.00928836″ position vector).
//! Hand-written proj strings with the rotation signs flipped land 0.5–0.75 m
//! off (measured; see the project's research notes, rust-stack.md §3).
//!
//! PROJ uses EPSG's regional transformation "(1)" inside 104.24–107.11°E,
//! 9.35–11.04°N (around Ho Chi Minh City); there the two differ by about
//! 0.8 m. Cà Mau lies south of 9.35°N and uses the national one.

/// `+towgs84` of VN-2000 → WGS 84, EPSG transformation 6960 ("VN-2000 to
/// WGS 84 (2)"), position-vector signs (as in `crs-definitions` EPSG:4756).
pub const TOWGS84: &str =
    "-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278";

/// The EPSG codes of the provincial "VN-2000 / TM-3 dd-mm" CRSs and their
/// central meridians in degrees (EPSG:9205–9218, PROJ 9.5's database;
/// `crs-definitions` 0.6 lacks them). Names checked with pyproj 3.7.2.
pub const TM3_EPSG: [(u32, f64); 14] = [
    (9205, 103.0),
    (9206, 104.0),
    (9207, 104.5),
    (9208, 104.75),
    (9209, 105.5),
    (9210, 105.75),
    (9211, 106.0),
    (9212, 106.25),
    (9213, 106.5),
    (9214, 107.0),
    (9215, 107.25),
    (9216, 107.5),
    (9217, 108.25),
    (9218, 108.5),
];

/// Central meridians (degrees) of the provincial VN-2000 TM-3 zones
/// (scale 0.9999, false easting 500 km) by province, as listed in Circular
/// 973/2001/TT-TCĐC of the General Department of Land Administration
/// (provinces before the 2025 mergers). Names are lower-case ASCII
/// without diacritics, e.g. `ca mau`.
pub const PROVINCE_MERIDIANS: [(&str, f64); 63] = [
    ("lai chau", 103.0),
    ("dien bien", 103.0),
    ("son la", 104.0),
    ("lao cai", 104.75),
    ("yen bai", 104.75),
    ("ha giang", 105.5),
    ("tuyen quang", 106.0),
    ("phu tho", 104.75),
    ("vinh phuc", 105.0),
    ("cao bang", 105.75),
    ("lang son", 107.25),
    ("bac kan", 106.5),
    ("thai nguyen", 106.5),
    ("bac giang", 107.0),
    ("bac ninh", 105.5),
    ("quang ninh", 107.75),
    ("hai phong", 105.75),
    ("hai duong", 105.5),
    ("hung yen", 105.5),
    ("ha noi", 105.0),
    ("hoa binh", 106.0),
    ("ha nam", 105.0),
    ("nam dinh", 105.5),
    ("thai binh", 105.5),
    ("ninh binh", 105.0),
    ("thanh hoa", 105.0),
    ("nghe an", 104.75),
    ("ha tinh", 105.5),
    ("quang binh", 106.0),
    ("quang tri", 106.25),
    ("thua thien hue", 107.0),
    ("da nang", 107.75),
    ("quang nam", 107.75),
    ("quang ngai", 108.0),
    ("binh dinh", 108.25),
    ("kon tum", 107.5),
    ("gia lai", 108.5),
    ("dak lak", 108.5),
    ("dak nong", 108.5),
    ("phu yen", 108.5),
    ("khanh hoa", 108.25),
    ("ninh thuan", 108.25),
    ("binh thuan", 108.5),
    ("lam dong", 107.75),
    ("binh duong", 105.75),
    ("binh phuoc", 106.25),
    ("dong nai", 107.75),
    ("ba ria vung tau", 107.75),
    ("tay ninh", 105.5),
    ("long an", 105.75),
    ("tien giang", 105.75),
    ("ben tre", 105.75),
    ("dong thap", 105.0),
    ("vinh long", 105.5),
    ("tra vinh", 105.5),
    ("an giang", 104.75),
    ("kien giang", 104.5),
    ("can tho", 105.0),
    ("hau giang", 105.0),
    ("soc trang", 105.5),
    ("bac lieu", 105.0),
    ("ca mau", 104.5),
    ("ho chi minh", 105.75),
];

/// The proj string of a VN-2000 TM-3 zone with central meridian
/// `meridian_deg` (EPSG method 9807, k₀ = 0.9999, x₀ = 500 km).
pub fn tm3_proj_string(meridian_deg: f64) -> String {
    format!(
        "+proj=tmerc +lat_0=0 +lon_0={meridian_deg} +k=0.9999 +x_0=500000 +y_0=0 \
         +ellps=WGS84 +towgs84={TOWGS84} +units=m +no_defs"
    )
}

/// The central meridian of a TM-3 EPSG code (9205–9218), if it is one.
pub fn tm3_meridian_of_epsg(code: u32) -> Option<f64> {
    TM3_EPSG.iter().find(|(c, _)| *c == code).map(|(_, m)| *m)
}

/// The EPSG code of a TM-3 zone with this central meridian, if EPSG has one.
pub fn tm3_epsg_of_meridian(meridian_deg: f64) -> Option<u32> {
    TM3_EPSG
        .iter()
        .find(|(_, m)| (m - meridian_deg).abs() < 1e-9)
        .map(|(c, _)| *c)
}

/// The TM-3 central meridian of a province, by name (diacritics, case,
/// "tỉnh"/"thành phố" prefixes and punctuation are ignored).
pub fn province_meridian(name: &str) -> Option<f64> {
    let key = fold_vietnamese(name);
    let key = key
        .trim_start_matches("tinh ")
        .trim_start_matches("thanh pho ")
        .trim_start_matches("tp ")
        .trim();
    PROVINCE_MERIDIANS
        .iter()
        .find(|(n, _)| *n == key)
        .map(|(_, m)| *m)
}

/// Lower-case ASCII without Vietnamese diacritics; `-`, `_`, `.` and
/// repeated spaces become one space.
pub fn fold_vietnamese(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().flat_map(char::to_lowercase) {
        let base = match ch {
            'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ'
            | 'ẩ' | 'ẫ' | 'ậ' => 'a',
            'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => {
                'e'
            }
            'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
            'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ'
            | 'ở' | 'ỡ' | 'ợ' => 'o',
            'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => {
                'u'
            }
            'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
            'đ' => 'd',
            '-' | '_' | '.' | '–' => ' ',
            // Combining marks (NFD text): drop.
            '\u{300}'..='\u{36f}' => continue,
            c => c,
        };
        if base == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(base);
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ca_mau_is_104_30() {
        assert_eq!(province_meridian("Cà Mau"), Some(104.5));
        assert_eq!(province_meridian("Tỉnh Cà Mau"), Some(104.5));
        assert_eq!(province_meridian("TP. Hồ Chí Minh"), Some(105.75));
        assert_eq!(province_meridian("Bà Rịa - Vũng Tàu"), Some(107.75));
        assert_eq!(tm3_epsg_of_meridian(104.5), Some(9207));
        assert_eq!(tm3_meridian_of_epsg(9218), Some(108.5));
    }

    #[test]
    fn folds_nfd_text() {
        // "Cà Mau" with a combining grave accent (NFD).
        assert_eq!(fold_vietnamese("Ca\u{300} Mau"), "ca mau");
        assert_eq!(fold_vietnamese("Đắk  Lắk"), "dak lak");
    }
}
