//! Okumura–Hata and COST-231 Hata empirical path-loss models.
//!
//! Sources:
//! - M. Hata, "Empirical formula for propagation loss in land mobile radio
//!   services", IEEE Trans. Veh. Technol. VT-29(3), 1980, pp. 317–325:
//!   urban loss (eq. 4a), mobile-antenna correction a(h_m) for small/medium
//!   cities (eq. 4b) and large cities (eq. 4c), suburban (eq. 5) and open
//!   area (eq. 6). Validity: f 150–1500 MHz, h_b 30–200 m, h_m 1–10 m,
//!   d 1–20 km.
//! - COST Action 231, "Digital mobile radio towards future generation
//!   systems", Final Report, EUR 18957 (1999), §4.4.1 (COST-Hata-Model):
//!   the Hata form refitted for 1500–2000 MHz with C_m = 0 dB for
//!   medium-sized cities and suburban centres with moderate tree density and
//!   C_m = 3 dB for metropolitan centres; same h_b, h_m, d ranges.
//!
//! Distances are horizontal; `d_km` is in kilometres as in the original
//! papers. All functions take the exact published constants (unlike some
//! open-source tools that truncate 69.55/26.16/46.3/33.9 to integers).

/// Shadow-fading standard deviation used with Hata-type models when the
/// scenario does not set one: 8 dB.
///
/// Neither Hata (1980) nor COST 231 specify a location variability. 8 dB is
/// the middle of the 6–10 dB range usually quoted for macro-cell log-normal
/// shadowing (Rappaport, *Wireless Communications*, 2nd ed., §4.9) and the
/// rural value used in our anchor study (anchors-coverage.md §4.2: 6/7/8 dB
/// urban/suburban/rural). Override with `shadowing_sigma_db`.
pub const DEFAULT_SIGMA_DB: f64 = 8.0;

/// Mobile-antenna height correction a(h_m) in dB for a small or medium-sized
/// city (Hata 1980, eq. 4b): `(1.1·log f − 0.7)·h_m − (1.56·log f − 0.8)`.
/// Also used by COST-231 Hata (COST 231 Final Report §4.4.1).
pub fn a_hm_small_medium_city_db(freq_mhz: f64, h_m_m: f64) -> f64 {
    let lf = freq_mhz.log10();
    (1.1 * lf - 0.7) * h_m_m - (1.56 * lf - 0.8)
}

/// Mobile-antenna height correction a(h_m) in dB for a large city
/// (Hata 1980, eq. 4c): `8.29·(log 1.54 h_m)² − 1.1` for f ≤ 200 MHz,
/// `3.2·(log 11.75 h_m)² − 4.97` for f ≥ 400 MHz. Between 200 and 400 MHz,
/// where Hata gives no formula, the f ≥ 400 MHz form is used.
pub fn a_hm_large_city_db(freq_mhz: f64, h_m_m: f64) -> f64 {
    if freq_mhz <= 200.0 {
        8.29 * (1.54 * h_m_m).log10().powi(2) - 1.1
    } else {
        3.2 * (11.75 * h_m_m).log10().powi(2) - 4.97
    }
}

/// The distance term's slope, `44.9 − 6.55·log h_b` dB per decade, shared by
/// Hata and COST-231. Positive for any realistic h_b, so both models are
/// strictly increasing in distance.
fn slope_db_per_decade(h_b_m: f64) -> f64 {
    44.9 - 6.55 * h_b_m.log10()
}

/// Okumura–Hata urban path loss in dB with a given a(h_m) (Hata 1980 eq. 4a):
/// `69.55 + 26.16·log f − 13.82·log h_b − a(h_m) + (44.9 − 6.55·log h_b)·log d`.
pub fn urban_db_with_a(freq_mhz: f64, h_b_m: f64, a_hm_db: f64, d_km: f64) -> f64 {
    69.55 + 26.16 * freq_mhz.log10() - 13.82 * h_b_m.log10() - a_hm_db
        + slope_db_per_decade(h_b_m) * d_km.log10()
}

/// Okumura–Hata urban path loss (small/medium city a(h_m)), dB.
pub fn urban_db(freq_mhz: f64, h_b_m: f64, h_m_m: f64, d_km: f64) -> f64 {
    urban_db_with_a(
        freq_mhz,
        h_b_m,
        a_hm_small_medium_city_db(freq_mhz, h_m_m),
        d_km,
    )
}

/// Okumura–Hata urban path loss with the large-city a(h_m), dB.
pub fn urban_large_city_db(freq_mhz: f64, h_b_m: f64, h_m_m: f64, d_km: f64) -> f64 {
    urban_db_with_a(freq_mhz, h_b_m, a_hm_large_city_db(freq_mhz, h_m_m), d_km)
}

/// Okumura–Hata suburban path loss, dB (Hata 1980 eq. 5):
/// `L_urban − 2·(log(f/28))² − 5.4`.
pub fn suburban_db(freq_mhz: f64, h_b_m: f64, h_m_m: f64, d_km: f64) -> f64 {
    urban_db(freq_mhz, h_b_m, h_m_m, d_km) - 2.0 * (freq_mhz / 28.0).log10().powi(2) - 5.4
}

/// Okumura–Hata open-area (rural) path loss, dB (Hata 1980 eq. 6):
/// `L_urban − 4.78·(log f)² + 18.33·log f − 40.94`.
pub fn open_db(freq_mhz: f64, h_b_m: f64, h_m_m: f64, d_km: f64) -> f64 {
    let lf = freq_mhz.log10();
    urban_db(freq_mhz, h_b_m, h_m_m, d_km) - 4.78 * lf * lf + 18.33 * lf - 40.94
}

/// COST-231 Hata path loss, dB (COST 231 Final Report §4.4.1):
/// `46.3 + 33.9·log f − 13.82·log h_b − a(h_m) + (44.9 − 6.55·log h_b)·log d + C_m`
/// with the small/medium-city a(h_m) and `c_m_db` = 0 (medium city, suburban)
/// or 3 (metropolitan centre).
pub fn cost231_db(freq_mhz: f64, h_b_m: f64, h_m_m: f64, d_km: f64, c_m_db: f64) -> f64 {
    46.3 + 33.9 * freq_mhz.log10()
        - 13.82 * h_b_m.log10()
        - a_hm_small_medium_city_db(freq_mhz, h_m_m)
        + slope_db_per_decade(h_b_m) * d_km.log10()
        + c_m_db
}

#[cfg(test)]
mod tests {
    use super::*;

    // Hand computation, Hata urban, f = 900 MHz, h_b = 30 m, h_m = 1.5 m:
    //   log f = 2.954243;   26.16·log f  = 77.282984
    //   log h_b = 1.477121; 13.82·log h_b = 20.413816
    //   a(h_m) = (1.1·2.954243 − 0.7)·1.5 − (1.56·2.954243 − 0.8)
    //          = 2.549667·1.5 − 3.808618 = 0.015882
    //   slope  = 44.9 − 6.55·1.477121 = 35.224856 dB/decade
    //   L(1 km)  = 69.55 + 77.282984 − 20.413816 − 0.015882 + 0 = 126.4033 dB
    //   L(10 km) = 126.4033 + 35.2249 = 161.6281 dB
    //   L(5 km)  = 126.4033 + 35.2249·0.698970 = 151.0244 dB
    // Widely quoted check value: ≈126.4 dB at 1 km (e.g. the Hata example in
    // most link-budget texts for 900 MHz, 30 m / 1.5 m).
    #[test]
    fn hata_urban_900() {
        assert!((a_hm_small_medium_city_db(900.0, 1.5) - 0.015882).abs() < 1e-5);
        assert!((urban_db(900.0, 30.0, 1.5, 1.0) - 126.4033).abs() < 0.001);
        assert!((urban_db(900.0, 30.0, 1.5, 5.0) - 151.0244).abs() < 0.001);
        assert!((urban_db(900.0, 30.0, 1.5, 10.0) - 161.6281).abs() < 0.001);
        assert!((urban_db(900.0, 30.0, 1.5, 20.0) - 172.2319).abs() < 0.001);
    }

    // Large city, f ≥ 400 MHz: a = 3.2·(log(11.75·1.5))² − 4.97
    //   = 3.2·(1.246129)² − 4.97 = 4.969081 − 4.97 = −0.000919 dB
    //   L(1 km) = 126.4033 + 0.015882 + 0.000919 = 126.4201 dB
    #[test]
    fn hata_large_city_900() {
        assert!((a_hm_large_city_db(900.0, 1.5) + 0.000919).abs() < 1e-5);
        assert!((urban_large_city_db(900.0, 30.0, 1.5, 1.0) - 126.4201).abs() < 0.001);
        // f ≤ 200 MHz branch: a = 8.29·(log(1.54·1.5))² − 1.1
        //   = 8.29·(0.363612)² − 1.1 = 1.096051 − 1.1 = −0.003949 dB
        assert!((a_hm_large_city_db(150.0, 1.5) + 0.003949).abs() < 1e-5);
    }

    // Suburban: correction 2·(log(900/28))² + 5.4 = 2·(1.507084)² + 5.4
    //   = 4.542607 + 5.4 = 9.942607 dB → L(1 km) = 126.4033 − 9.9426 = 116.4607
    // Open: correction 4.78·(2.954243)² − 18.33·2.954243 + 40.94
    //   = 41.717683 − 54.151265 + 40.94 = 28.506418 dB
    //   → L(1 km) = 126.4033 − 28.5064 = 97.8969 dB
    #[test]
    fn hata_suburban_and_open_900() {
        assert!((suburban_db(900.0, 30.0, 1.5, 1.0) - 116.4607).abs() < 0.001);
        assert!((suburban_db(900.0, 30.0, 1.5, 10.0) - 151.6855).abs() < 0.001);
        assert!((open_db(900.0, 30.0, 1.5, 1.0) - 97.8969).abs() < 0.001);
        assert!((open_db(900.0, 30.0, 1.5, 10.0) - 133.1217).abs() < 0.001);
    }

    // COST-231, f = 1800 MHz, h_b = 30 m, h_m = 1.5 m, C_m = 0:
    //   log f = 3.255273;   33.9·log f = 110.353738
    //   a(h_m) = (1.1·3.255273 − 0.7)·1.5 − (1.56·3.255273 − 0.8)
    //          = 4.321200 − 4.278225 = 0.042975
    //   L(1 km) = 46.3 + 110.353738 − 20.413816 − 0.042975 = 136.1969 dB
    //   L(2 km) = 136.1969 + 35.224856·0.301030 = 146.8007 dB
    //   L(5 km) = 136.1969 + 35.224856·0.698970 = 160.8181 dB
    //   Metropolitan (C_m = 3): L(1 km) = 139.1969 dB
    #[test]
    fn cost231_1800() {
        assert!((cost231_db(1800.0, 30.0, 1.5, 1.0, 0.0) - 136.1969).abs() < 0.001);
        assert!((cost231_db(1800.0, 30.0, 1.5, 2.0, 0.0) - 146.8007).abs() < 0.001);
        assert!((cost231_db(1800.0, 30.0, 1.5, 5.0, 0.0) - 160.8181).abs() < 0.001);
        assert!((cost231_db(1800.0, 30.0, 1.5, 1.0, 3.0) - 139.1969).abs() < 0.001);
    }

    // COST-231 at 2000 MHz, h_b = 50 m, h_m = 2 m, d = 3 km, C_m = 0:
    //   log f = 3.301030; a = (3.631133 − 0.7)·2 − (5.149607 − 0.8) = 1.512659
    //   46.3 + 111.904917 − 13.82·1.698970 (=23.479765) − 1.512659
    //     + (44.9 − 6.55·1.698970 = 33.771746)·0.477121 (=16.113223) = 149.3257
    #[test]
    fn cost231_2000_other_heights() {
        assert!((cost231_db(2000.0, 50.0, 2.0, 3.0, 0.0) - 149.3257).abs() < 0.001);
    }
}
