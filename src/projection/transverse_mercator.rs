//! Transverse Mercator on the WGS84 ellipsoid, by the Krüger series to
//! sixth order in the third flattening `n`.
//!
//! Source: C. F. F. Karney, "Transverse Mercator with an accuracy of a few
//! nanometers", J. Geodesy 85 (2011) 475–485, eqs. (35) and (36); these are
//! the series that PROJ's `etmerc`/`utm` use. Within 4,000 km of the central
//! meridian the error is below 5 nm, far below anything that matters here.

/// WGS84 semi-major axis in metres.
const A_M: f64 = 6_378_137.0;
/// WGS84 flattening.
const F: f64 = 1.0 / 298.257_223_563;

/// A Transverse Mercator projection: central meridian, scale on it, false
/// easting and northing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TransverseMercator {
    lon0_deg: f64,
    k0: f64,
    false_easting_m: f64,
    false_northing_m: f64,
    // Derived constants.
    a_rect_m: f64,
    e: f64,
    alpha: [f64; 6],
    beta: [f64; 6],
}

impl TransverseMercator {
    /// A projection with central meridian `lon0_deg`, scale `k0` on it, and
    /// false easting/northing in metres.
    ///
    /// ```
    /// use phusong::projection::TransverseMercator;
    /// // UTM zone 48N (EPSG:32648): on the central meridian at the equator.
    /// let utm48 = TransverseMercator::new(105.0, 0.9996, 500_000.0, 0.0);
    /// let [x, y] = utm48.forward(105.0, 0.0);
    /// assert!((x - 500_000.0).abs() < 1e-6 && y.abs() < 1e-6);
    /// ```
    pub fn new(lon0_deg: f64, k0: f64, false_easting_m: f64, false_northing_m: f64) -> Self {
        let n = F / (2.0 - F);
        let n2 = n * n;
        let n3 = n2 * n;
        let n4 = n3 * n;
        let n5 = n4 * n;
        let n6 = n5 * n;
        let a_rect_m = A_M / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0);
        let alpha = [
            n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0 - 127.0 * n5 / 288.0
                + 7891.0 * n6 / 37800.0,
            13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0 + 281.0 * n5 / 630.0
                - 1_983_433.0 * n6 / 1_935_360.0,
            61.0 * n3 / 240.0 - 103.0 * n4 / 140.0
                + 15061.0 * n5 / 26880.0
                + 167_603.0 * n6 / 181_440.0,
            49561.0 * n4 / 161_280.0 - 179.0 * n5 / 168.0 + 6_601_661.0 * n6 / 7_257_600.0,
            34729.0 * n5 / 80640.0 - 3_418_889.0 * n6 / 1_995_840.0,
            212_378_941.0 * n6 / 319_334_400.0,
        ];
        let beta = [
            n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0 - 81.0 * n5 / 512.0
                + 96199.0 * n6 / 604_800.0,
            n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0 + 46.0 * n5 / 105.0
                - 1_118_711.0 * n6 / 3_870_720.0,
            17.0 * n3 / 480.0 - 37.0 * n4 / 840.0 - 209_261.0 * n5 / 4_838_400.0
                + 5569.0 * n6 / 90720.0,
            4397.0 * n4 / 161_280.0 - 11.0 * n5 / 504.0 - 830_251.0 * n6 / 7_257_600.0,
            4583.0 * n5 / 161_280.0 - 108_847.0 * n6 / 3_991_680.0,
            20_648_693.0 * n6 / 638_668_800.0,
        ];
        let e = (F * (2.0 - F)).sqrt();
        TransverseMercator {
            lon0_deg,
            k0,
            false_easting_m,
            false_northing_m,
            a_rect_m,
            e,
            alpha,
            beta,
        }
    }

    /// The central meridian in degrees.
    pub fn lon0_deg(&self) -> f64 {
        self.lon0_deg
    }

    /// The scale factor on the central meridian.
    pub fn k0(&self) -> f64 {
        self.k0
    }

    /// False easting and northing in metres.
    pub fn false_origin_m(&self) -> [f64; 2] {
        [self.false_easting_m, self.false_northing_m]
    }

    /// Project WGS84 `lon`, `lat` (degrees) to `[x, y]` metres.
    #[inline]
    pub fn forward(&self, lon_deg: f64, lat_deg: f64) -> [f64; 2] {
        let phi = lat_deg.to_radians();
        let lam = (lon_deg - self.lon0_deg).to_radians();
        let e = self.e;
        let sin_phi = phi.sin();
        // Conformal latitude, as its tangent (Karney eq. 7–9).
        let t = (sin_phi.atanh() - e * (e * sin_phi).atanh()).sinh();
        let (sin_lam, cos_lam) = lam.sin_cos();
        let xi_p = t.atan2(cos_lam);
        let eta_p = (sin_lam / (t * t + cos_lam * cos_lam).sqrt()).asinh();
        // ξ + iη = ζ' + Σ α_j sin(2j ζ'), ζ' = ξ' + iη' (Karney eq. 11),
        // summed by Clenshaw's recurrence in complex arithmetic, as
        // GeographicLib does: one sin/cos and one sinh/cosh instead of six
        // of each (the direct sum is kept in the tests as a reference).
        let (s2, c2) = (2.0 * xi_p).sin_cos();
        let (sh2, ch2) = ((2.0 * eta_p).sinh(), (2.0 * eta_p).cosh());
        let [xi, eta] = clenshaw_sin(&self.alpha, [s2, c2], [sh2, ch2], [xi_p, eta_p]);
        [
            self.false_easting_m + self.k0 * self.a_rect_m * eta,
            self.false_northing_m + self.k0 * self.a_rect_m * xi,
        ]
    }

    /// Inverse: `[x, y]` metres back to WGS84 `[lon, lat]` degrees.
    pub fn inverse(&self, x_m: f64, y_m: f64) -> [f64; 2] {
        let xi = (y_m - self.false_northing_m) / (self.k0 * self.a_rect_m);
        let eta = (x_m - self.false_easting_m) / (self.k0 * self.a_rect_m);
        let mut xi_p = xi;
        let mut eta_p = eta;
        for (j, b) in self.beta.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            let (s, c) = (k * xi).sin_cos();
            xi_p -= b * s * (k * eta).cosh();
            eta_p -= b * c * (k * eta).sinh();
        }
        let sinh_eta = eta_p.sinh();
        let (sin_xi, cos_xi) = xi_p.sin_cos();
        let tau_p = sin_xi / (sinh_eta * sinh_eta + cos_xi * cos_xi).sqrt();
        let lam = sinh_eta.atan2(cos_xi);
        // Solve for tan(phi) from the conformal tan by Newton's method
        // (Karney eqs. 19–21); converges in two or three steps.
        let e2 = self.e * self.e;
        let mut tau = tau_p;
        for _ in 0..5 {
            let sigma = (self.e * (self.e * tau / (1.0 + tau * tau).sqrt()).atanh()).sinh();
            let tau_i = tau * (1.0 + sigma * sigma).sqrt() - sigma * (1.0 + tau * tau).sqrt();
            let d = (tau_p - tau_i) / (1.0 + tau_i * tau_i).sqrt() * (1.0 + (1.0 - e2) * tau * tau)
                / ((1.0 - e2) * (1.0 + tau * tau).sqrt());
            tau += d;
            if d.abs() < 1e-14 {
                break;
            }
        }
        [self.lon0_deg + lam.to_degrees(), tau.atan().to_degrees()]
    }

    /// The point scale factor at a point `x_m` metres east of the central
    /// meridian (first-order approximation `k0·(1 + x²/2R²)`, R = 6,371 km).
    /// Used to report the distance error of a local projection.
    pub fn approx_scale_error(&self, dx_m: f64) -> f64 {
        const R_M: f64 = 6_371_000.0;
        (self.k0 * (1.0 + dx_m * dx_m / (2.0 * R_M * R_M)) - 1.0).abs()
    }
}

/// `ζ + Σ_j a_j sin(2j ζ)` for complex `ζ = ξ + iη`, given
/// `sin 2ξ, cos 2ξ` and `sinh 2η, cosh 2η`, by Clenshaw's recurrence
/// `b_j = a_j + 2 cos(2ζ) b_{j+1} − b_{j+2}`, sum `= b_1 sin(2ζ)`.
/// Returns `[Re, Im]`.
fn clenshaw_sin(
    a: &[f64],
    [s2, c2]: [f64; 2],
    [sh2, ch2]: [f64; 2],
    [xi, eta]: [f64; 2],
) -> [f64; 2] {
    // 2 cos(2ζ) = 2 (cos 2ξ cosh 2η − i sin 2ξ sinh 2η)
    let (ar, ai) = (2.0 * c2 * ch2, -2.0 * s2 * sh2);
    let (mut b1r, mut b1i) = (0.0, 0.0); // b_{j+1}
    let (mut b2r, mut b2i) = (0.0, 0.0); // b_{j+2}
    for &aj in a.iter().rev() {
        let br = aj + ar * b1r - ai * b1i - b2r;
        let bi = ar * b1i + ai * b1r - b2i;
        (b2r, b2i) = (b1r, b1i);
        (b1r, b1i) = (br, bi);
    }
    // sin(2ζ) = sin 2ξ cosh 2η + i cos 2ξ sinh 2η
    let (sr, si) = (s2 * ch2, c2 * sh2);
    [xi + b1r * sr - b1i * si, eta + b1r * si + b1i * sr]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct sum of Karney eq. 11, term by term (the reference for
    /// the Clenshaw form used by `forward`).
    fn forward_direct(tm: &TransverseMercator, lon_deg: f64, lat_deg: f64) -> [f64; 2] {
        let phi = lat_deg.to_radians();
        let lam = (lon_deg - tm.lon0_deg).to_radians();
        let e = tm.e;
        let sin_phi = phi.sin();
        let t = (sin_phi.atanh() - e * (e * sin_phi).atanh()).sinh();
        let (sin_lam, cos_lam) = lam.sin_cos();
        let xi_p = t.atan2(cos_lam);
        let eta_p = (sin_lam / (t * t + cos_lam * cos_lam).sqrt()).asinh();
        let (mut xi, mut eta) = (xi_p, eta_p);
        for (j, a) in tm.alpha.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            let (s, c) = (k * xi_p).sin_cos();
            xi += a * s * (k * eta_p).cosh();
            eta += a * c * (k * eta_p).sinh();
        }
        [
            tm.false_easting_m + tm.k0 * tm.a_rect_m * eta,
            tm.false_northing_m + tm.k0 * tm.a_rect_m * xi,
        ]
    }

    #[test]
    fn clenshaw_equals_the_direct_sum() {
        let tm = TransverseMercator::new(105.0, 0.9996, 500_000.0, 0.0);
        for i in 0..=40 {
            for j in 0..=40 {
                let lon = 95.0 + 20.0 * i as f64 / 40.0;
                let lat = -30.0 + 90.0 * j as f64 / 40.0;
                let a = tm.forward(lon, lat);
                let b = forward_direct(&tm, lon, lat);
                assert!(
                    (a[0] - b[0]).abs() < 1e-6 && (a[1] - b[1]).abs() < 1e-6,
                    "{lon} {lat}: {a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn utm48_hanoi_matches_proj() {
        // Control point: WGS84 105.8342E 21.0278N → EPSG:32648
        // (586683.642, 2325450.786), from pyproj 3.7.2 / PROJ 9.5.1 as
        // recorded in shared/research/rust-stack.md §3.
        let utm = TransverseMercator::new(105.0, 0.9996, 500_000.0, 0.0);
        let [x, y] = utm.forward(105.8342, 21.0278);
        assert!((x - 586_683.642).abs() < 0.002, "x = {x}");
        assert!((y - 2_325_450.786).abs() < 0.002, "y = {y}");
    }

    #[test]
    fn equator_on_central_meridian_scales_by_k0() {
        // One degree of longitude along the equator of the ellipsoid is
        // a·π/180 = 111,319.4908 m; the TM scale near the central meridian is k0.
        let tm = TransverseMercator::new(0.0, 1.0, 0.0, 0.0);
        let [x, _] = tm.forward(0.001, 0.0);
        assert!((x - 111.319_490_8).abs() < 1e-6, "x = {x}");
    }

    #[test]
    fn meridian_arc_to_ten_degrees() {
        // Meridian distance from the equator to 10°N on WGS84:
        // 1,105,854.833 m (standard tables, e.g. GeographicLib Planimeter).
        let tm = TransverseMercator::new(105.0, 1.0, 0.0, 0.0);
        let [_, y] = tm.forward(105.0, 10.0);
        assert!((y - 1_105_854.833).abs() < 0.01, "y = {y}");
    }

    #[test]
    fn inverse_round_trips_to_a_nanodegree() {
        let tm = TransverseMercator::new(105.1, 1.0, 0.0, 0.0);
        for &(lon, lat) in &[(104.7, 8.5), (105.5, 9.6), (105.1, 9.0), (103.0, 22.0)] {
            let [x, y] = tm.forward(lon, lat);
            let [lon2, lat2] = tm.inverse(x, y);
            assert!((lon - lon2).abs() < 1e-9 && (lat - lat2).abs() < 1e-9);
        }
    }
}
