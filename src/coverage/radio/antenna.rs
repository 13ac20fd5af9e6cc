//! Sector antenna pattern (3GPP TR 38.901 V17.0.0 Table 7.3-1) and the
//! geometry helpers it needs.
//!
//! Table 7.3-1 gives, in dB relative to the maximum gain:
//! - horizontal cut `A_H(φ) = −min[12·(φ/φ_3dB)², A_m]`, `φ_3dB = 65°`,
//!   `A_m = 30 dB`;
//! - vertical cut `A_V(θ) = −min[12·((θ − 90°)/θ_3dB)², SLA_V]`,
//!   `θ_3dB = 65°`, `SLA_V = 30 dB` (θ is the zenith angle; θ = 90° is the
//!   horizon). With an electrical downtilt the centre of the vertical cut
//!   moves from 90° to `θ_tilt = 90° + downtilt`;
//! - combined `A(θ, φ) = −min{−[A_V(θ) + A_H(φ)], A_m}`;
//! - maximum directional gain `G_E,max` (8 dBi for one element; here the
//!   sector's maximum gain, e.g. 17 dBi for a macro panel).
//!
//! This module works with the depression angle (angle below the horizon,
//! positive downward, like the downtilt): `θ − θ_tilt = depression − downtilt`.

use serde::{Deserialize, Serialize};

/// A sector (or omnidirectional) base-station antenna described by the
/// TR 38.901 Table 7.3-1 parametric pattern.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SectorAntenna {
    /// Maximum (boresight) gain, dBi.
    pub max_gain_dbi: f64,
    /// Horizontal half-power beamwidth φ_3dB, degrees.
    pub h_beamwidth_deg: f64,
    /// Vertical half-power beamwidth θ_3dB, degrees.
    pub v_beamwidth_deg: f64,
    /// Downtilt of the main beam below the horizon, degrees (positive down).
    pub downtilt_deg: f64,
    /// Maximum attenuation / front-to-back ratio A_m, dB (positive number).
    pub max_attenuation_db: f64,
    /// Vertical side-lobe attenuation SLA_V, dB (positive number).
    pub sla_v_db: f64,
}

impl SectorAntenna {
    /// Horizontal cut `A_H(φ) = −min[12·(φ/φ_3dB)², A_m]` in dB (≤ 0), with
    /// `phi_deg` the angle off boresight (any value; wrapped to ±180°).
    pub fn horizontal_db(&self, phi_deg: f64) -> f64 {
        let phi = bearing_difference_deg(phi_deg, 0.0);
        -(12.0 * (phi / self.h_beamwidth_deg).powi(2)).min(self.max_attenuation_db)
    }

    /// Vertical cut `A_V = −min[12·((θ − θ_tilt)/θ_3dB)², SLA_V]` in dB (≤ 0),
    /// with `depression_deg` the angle of the user below the horizon as seen
    /// from the antenna (see [`depression_angle_deg`]).
    pub fn vertical_db(&self, depression_deg: f64) -> f64 {
        let off = depression_deg - self.downtilt_deg;
        -(12.0 * (off / self.v_beamwidth_deg).powi(2)).min(self.sla_v_db)
    }

    /// Combined pattern `A = −min{−(A_V + A_H), A_m}` in dB (≤ 0), relative to
    /// the maximum gain. `azimuth_offset_deg` is the user's bearing minus the
    /// sector azimuth; `None` means an antenna that is omnidirectional in
    /// azimuth (`A_H = 0`; the vertical cut still applies).
    pub fn relative_gain_db(&self, azimuth_offset_deg: Option<f64>, depression_deg: f64) -> f64 {
        let a_h = azimuth_offset_deg.map_or(0.0, |phi| self.horizontal_db(phi));
        let a_v = self.vertical_db(depression_deg);
        -(-(a_h + a_v)).min(self.max_attenuation_db)
    }

    /// Pattern attenuation as a positive loss in dB: `−relative_gain_db`.
    pub fn pattern_loss_db(&self, azimuth_offset_deg: Option<f64>, depression_deg: f64) -> f64 {
        -self.relative_gain_db(azimuth_offset_deg, depression_deg)
    }

    /// Gain towards the user, dBi: `max_gain_dbi + relative_gain_db`.
    pub fn gain_dbi(&self, azimuth_offset_deg: Option<f64>, depression_deg: f64) -> f64 {
        self.max_gain_dbi + self.relative_gain_db(azimuth_offset_deg, depression_deg)
    }
}

/// Signed difference `a − b` between two bearings, wrapped into
/// (−180°, 180°]. E.g. `bearing_difference_deg(350.0, 10.0) == −20.0`.
pub fn bearing_difference_deg(a_deg: f64, b_deg: f64) -> f64 {
    let d = (a_deg - b_deg).rem_euclid(360.0);
    if d > 180.0 {
        d - 360.0
    } else {
        d
    }
}

/// Depression angle of the user seen from the base-station antenna, degrees:
/// `atan2(h_BS − h_UT, d_2D)`. Positive when the user is below the antenna
/// (the same sign convention as downtilt); 90° straight below.
pub fn depression_angle_deg(h_bs_m: f64, h_ut_m: f64, d_2d_m: f64) -> f64 {
    (h_bs_m - h_ut_m).atan2(d_2d_m).to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr38901_element() -> SectorAntenna {
        // TR 38.901 Table 7.3-1: 65°/65°, A_m = SLA_V = 30 dB, 8 dBi, no tilt.
        SectorAntenna {
            max_gain_dbi: 8.0,
            h_beamwidth_deg: 65.0,
            v_beamwidth_deg: 65.0,
            downtilt_deg: 0.0,
            max_attenuation_db: 30.0,
            sla_v_db: 30.0,
        }
    }

    #[test]
    fn three_db_points_and_back_lobe() {
        let a = tr38901_element();
        // 12·(φ/φ_3dB)² = 3 ⇔ φ = φ_3dB/2 = 32.5°: −3 dB (full HPBW = 65°).
        assert!((a.horizontal_db(32.5) + 3.0).abs() < 1e-12);
        assert!((a.horizontal_db(-32.5) + 3.0).abs() < 1e-12);
        // At φ = φ_3dB: 12 dB down.
        assert!((a.horizontal_db(65.0) + 12.0).abs() < 1e-12);
        // Back lobe: capped at A_m = 30 dB.
        assert_eq!(a.horizontal_db(180.0), -30.0);
        assert_eq!(a.horizontal_db(-180.0), -30.0);
        assert_eq!(a.horizontal_db(540.0), -30.0);
        // Boresight.
        assert_eq!(a.relative_gain_db(Some(0.0), 0.0), 0.0);
        assert_eq!(a.gain_dbi(Some(0.0), 0.0), 8.0);
        // Vertical −3 dB at θ_3dB/2 off the tilt.
        assert!((a.vertical_db(32.5) + 3.0).abs() < 1e-12);
        // Combined loss never exceeds A_m even when both cuts are deep.
        assert_eq!(a.pattern_loss_db(Some(180.0), 60.0), 30.0);
        // Combined = sum when below the cap: 3 + 3 = 6 dB.
        assert!((a.pattern_loss_db(Some(32.5), 32.5) - 6.0).abs() < 1e-12);
    }

    #[test]
    fn tilt_moves_the_vertical_peak() {
        let a = SectorAntenna {
            max_gain_dbi: 17.0,
            h_beamwidth_deg: 65.0,
            v_beamwidth_deg: 10.0,
            downtilt_deg: 6.0,
            max_attenuation_db: 30.0,
            sla_v_db: 20.0,
        };
        // Peak at a depression equal to the downtilt.
        assert_eq!(a.vertical_db(6.0), 0.0);
        // Horizon is 6° above the beam: 12·(6/10)² = 4.32 dB down.
        assert!((a.vertical_db(0.0) + 4.32).abs() < 1e-12);
        // 5° either side of the tilt: −3 dB.
        assert!((a.vertical_db(1.0) + 3.0).abs() < 1e-12);
        assert!((a.vertical_db(11.0) + 3.0).abs() < 1e-12);
        // Far below: capped at SLA_V.
        assert_eq!(a.vertical_db(80.0), -20.0);
        // Omni in azimuth: only the vertical cut.
        assert!((a.pattern_loss_db(None, 0.0) - 4.32).abs() < 1e-12);
        assert!((a.pattern_loss_db(None, 0.0) - a.pattern_loss_db(Some(0.0), 0.0)).abs() < 1e-12);
    }

    #[test]
    fn bearing_wraparound() {
        assert_eq!(bearing_difference_deg(350.0, 10.0), -20.0);
        assert_eq!(bearing_difference_deg(10.0, 350.0), 20.0);
        assert_eq!(bearing_difference_deg(180.0, 0.0), 180.0);
        assert_eq!(bearing_difference_deg(0.0, 180.0), 180.0);
        assert_eq!(bearing_difference_deg(-90.0, 270.0), 0.0);
        assert_eq!(bearing_difference_deg(725.0, 0.0), 5.0);
    }

    #[test]
    fn depression_geometry() {
        // 30 m mast, 1.5 m UE, 28.5 m below at 28.5 m: 45°.
        assert!((depression_angle_deg(30.0, 1.5, 28.5) - 45.0).abs() < 1e-12);
        // Straight below.
        assert!((depression_angle_deg(30.0, 1.5, 0.0) - 90.0).abs() < 1e-12);
        // Far away: atan(28.5/1000) = 1.632488°.
        assert!((depression_angle_deg(30.0, 1.5, 1000.0) - 1.632488).abs() < 1e-6);
        // User above the antenna: negative.
        assert!(depression_angle_deg(10.0, 20.0, 100.0) < 0.0);
    }
}
