//! The province outline: a hand-placed control polygon of Cà Mau's shape,
//! densified, perturbed by smooth noise along its normals, scaled to the
//! target area and rasterised.

use super::plane::{point_in_ring, ring_area, Grid, Proj};
use super::rng::{fbm1, sq};

/// Target area of the outline polygon, m².
pub(crate) const TARGET_AREA_M2: f64 = 5_300.0e6;

/// Control polygon (lon, lat, coast?) of the Cà Mau peninsula, counter-clockwise
/// from Mũi Cà Mau (the cape): south-east coast, the land border with Bạc Liêu
/// and Kiên Giang, then the west coast back to the cape.
const CONTROL: &[(f64, f64, bool)] = &[
    (104.718, 8.598, true), // Mũi Cà Mau
    (104.790, 8.580, true),
    (104.890, 8.585, true),
    (104.980, 8.605, true),
    (105.060, 8.645, true),
    (105.140, 8.705, true),
    (105.215, 8.775, true),
    (105.285, 8.855, true),
    (105.350, 8.935, true),
    (105.415, 9.010, true), // Gành Hào mouth: the land border starts
    (105.400, 9.100, false),
    (105.370, 9.200, false),
    (105.345, 9.300, false),
    (105.310, 9.390, false),
    (105.255, 9.470, false),
    (105.160, 9.525, false),
    (105.040, 9.550, false),
    (104.920, 9.555, false),
    (104.845, 9.545, true), // the west coast starts
    (104.815, 9.450, true),
    (104.800, 9.350, true),
    (104.805, 9.250, true),
    (104.815, 9.150, true),
    (104.812, 9.050, true), // Sông Đốc
    (104.795, 8.950, true),
    (104.785, 8.850, true),
    (104.775, 8.750, true),
    (104.760, 8.680, true),
];

/// River mouths (lon, lat, depth m, half-width m): narrow inlets.
const ESTUARIES: &[(f64, f64, f64, f64)] = &[
    (104.812, 9.045, 3_500.0, 550.0), // Sông Ông Đốc
    (104.788, 8.865, 3_000.0, 500.0), // Bảy Háp (Cái Đôi Vàm)
    (104.805, 9.330, 1_800.0, 400.0), // Khánh Hội
    (104.778, 8.770, 2_500.0, 500.0), // Cửa Lớn (west)
    (105.070, 8.648, 2_200.0, 450.0), // Rạch Gốc
    (105.200, 8.760, 2_800.0, 550.0), // Cửa Lớn (Bồ Đề)
    (105.330, 8.900, 1_800.0, 400.0), // Hố Gùi
    (105.415, 9.010, 2_500.0, 500.0), // Gành Hào
];

/// The outline polygon in local metres (CCW, not closed).
pub(crate) fn outline(seed: u64, proj: &Proj) -> Vec<(f64, f64)> {
    // Densify the control polygon to ~250 m steps, remembering the coast flag
    // as an amplitude factor.
    let ctrl: Vec<(f64, f64, f64)> = CONTROL
        .iter()
        .map(|&(lon, lat, coast)| {
            let (x, y) = proj.to_xy(lon, lat);
            (x, y, if coast { 1.0 } else { 0.35 })
        })
        .collect();
    let n = ctrl.len();
    let mut pts: Vec<(f64, f64, f64, f64)> = Vec::new(); // x, y, amp, s
    let mut s = 0.0;
    for k in 0..n {
        let a = ctrl[k];
        let b = ctrl[(k + 1) % n];
        let len = (sq(b.0 - a.0) + sq(b.1 - a.1)).sqrt();
        let steps = ((len / 250.0).ceil() as usize).max(1);
        for t in 0..steps {
            let f = t as f64 / steps as f64;
            // Smooth the amplitude change between coast and land.
            let amp = a.2 + (b.2 - a.2) * f;
            pts.push((
                a.0 + (b.0 - a.0) * f,
                a.1 + (b.1 - a.1) * f,
                amp,
                s + len * f,
            ));
        }
        s += len;
    }
    // Smooth the densified control polygon a little so corners are rounded.
    let m = pts.len();
    for _ in 0..8 {
        let prev = pts.clone();
        for i in 0..m {
            let p = prev[(i + m - 1) % m];
            let q = prev[(i + 1) % m];
            pts[i].0 = 0.5 * prev[i].0 + 0.25 * (p.0 + q.0);
            pts[i].1 = 0.5 * prev[i].1 + 0.25 * (p.1 + q.1);
            pts[i].2 = 0.5 * prev[i].2 + 0.25 * (p.2 + q.2);
        }
    }
    // Displace along the outward normal by fractal noise of the arc length.
    let total = s;
    let nseed = seed ^ 0x0u64.wrapping_add(0xC0A5_7000);
    let mut out = Vec::with_capacity(m);
    for i in 0..m {
        let p = pts[(i + m - 1) % m];
        let q = pts[(i + 1) % m];
        let (tx, ty) = (q.0 - p.0, q.1 - p.1);
        let tl = (tx * tx + ty * ty).sqrt();
        let (nx, ny) = (ty / tl, -tx / tl);
        let si = pts[i].3;
        // Periodic in s: blend the noise at s and s - total.
        let w = si / total;
        let d0 = fbm1(nseed, si, 16_000.0, 5, 0.5);
        let d1 = fbm1(nseed, si - total, 16_000.0, 5, 0.5);
        let d = d0 * (1.0 - w) + d1 * w;
        let amp = 2_000.0 * pts[i].2;
        let mut disp = amp * d;
        // Inlets at river mouths.
        for &(lon, lat, depth, half) in ESTUARIES {
            let (ex, ey) = proj.to_xy(lon, lat);
            let dd = (sq(pts[i].0 - ex) + sq(pts[i].1 - ey)).sqrt();
            if dd < 2.0 * half {
                let t = dd / (2.0 * half);
                disp -= depth * (1.0 - t * t) * (1.0 - t * t);
            }
        }
        out.push((pts[i].0 + nx * disp, pts[i].1 + ny * disp));
    }
    // Scale about the centroid to the target area.
    let a = ring_area(&out);
    let (cx, cy) = out
        .iter()
        .fold((0.0, 0.0), |acc, p| (acc.0 + p.0, acc.1 + p.1));
    let (cx, cy) = (cx / m as f64, cy / m as f64);
    let f = (TARGET_AREA_M2 / a).sqrt();
    for p in &mut out {
        p.0 = cx + (p.0 - cx) * f;
        p.1 = cy + (p.1 - cy) * f;
    }
    out
}

/// Cells whose centre lies inside `ring`.
pub(crate) fn rasterise(grid: &Grid, ring: &[(f64, f64)]) -> Vec<bool> {
    let mut inside = vec![false; grid.len()];
    let n = ring.len();
    let mut xs: Vec<f64> = Vec::new();
    for j in 0..grid.ny {
        let y = grid.y0 + (j as f64 + 0.5) * grid.cell;
        xs.clear();
        let mut k = n - 1;
        for i in 0..n {
            let (xi, yi) = ring[i];
            let (xk, yk) = ring[k];
            if (yi > y) != (yk > y) {
                xs.push(xi + (y - yi) * (xk - xi) / (yk - yi));
            }
            k = i;
        }
        xs.sort_by(|a, b| a.total_cmp(b));
        for pair in xs.chunks(2) {
            if pair.len() < 2 {
                break;
            }
            let i0 = ((pair[0] - grid.x0) / grid.cell - 0.5).ceil().max(0.0) as usize;
            let i1 = ((pair[1] - grid.x0) / grid.cell - 0.5).floor();
            if i1 < 0.0 {
                continue;
            }
            let i1 = (i1 as usize).min(grid.nx - 1);
            for i in i0..=i1 {
                inside[grid.idx(i, j)] = true;
            }
        }
    }
    debug_assert!({
        let (x, y) = grid.center(grid.idx(grid.nx / 2, grid.ny / 2));
        inside[grid.idx(grid.nx / 2, grid.ny / 2)] == point_in_ring(ring, x, y)
    });
    inside
}
