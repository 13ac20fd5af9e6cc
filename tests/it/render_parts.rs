//! The parts of `phusong::render` used on their own: the metre → pixel
//! transform, palettes, raster ramps, sector wedges and class schemes.

use geo::Point;
use geo::{polygon, MultiPolygon};
use phusong::lang::Lang;
use phusong::render::canvas::{bbox, Extent, MapTransform, PxRect};
use phusong::render::layers::Wedge;
use phusong::render::palette::{below_target, meets_target, Rgb, TARGET_MET};
use phusong::render::raster::{ColourRamp, RasterLayer};
use phusong::render::ClassScheme;

// From render::canvas.
#[test]
fn fit_maps_known_points_one_to_one() {
    let ext = |x0: f64, y0: f64, x1: f64, y1: f64| Extent::new((x0, y0), (x1, y1));
    // 20 km × 10 km into a 1000 × 1000 frame at (100, 50), no padding:
    // width limits, 0.05 px/m, map 1000 × 500 px centred vertically.
    let frame = PxRect::from_size(100.0, 50.0, 1000.0, 1000.0);
    let t = MapTransform::fit(ext(500e3, 1000e3, 520e3, 1010e3), frame, 0.0).unwrap();
    assert_eq!(t.px_per_m, 0.05);
    assert_eq!(t.to_px(500e3, 1000e3), (100.0, 800.0)); // south-west
    assert_eq!(t.to_px(520e3, 1010e3), (1100.0, 300.0)); // north-east
    let (px, py) = t.to_m(345.0, 678.0);
    let (px, py) = t.to_px(px, py);
    assert!((px - 345.0).abs() < 1e-9 && (py - 678.0).abs() < 1e-9);
    // A tall extent: the height limits (880 px for 90 km), 1 km east =
    // 1 km north.
    let frame = PxRect::from_size(0.0, 0.0, 1600.0, 900.0);
    let t = MapTransform::fit(ext(0.0, 0.0, 3e3, 90e3), frame, 10.0).unwrap();
    assert!((t.px_per_m - 880.0 / 90e3).abs() < 1e-12);
    let (a, b, c) = (t.to_px(0.0, 0.0), t.to_px(1e3, 0.0), t.to_px(0.0, 1e3));
    assert!(((b.0 - a.0) - (a.1 - c.1)).abs() < 1e-9);
    // The extent of several shapes; a frame too small for its padding.
    let square = |x: f64| polygon![(x: x, y: 0.), (x: x + 1., y: 0.), (x: x, y: 2.)];
    let (a, b): (MultiPolygon, MultiPolygon) = (square(-3.0).into(), square(5.0).into());
    assert_eq!(bbox([&a, &b]), Some(ext(-3.0, 0.0, 6.0, 2.0)));
    assert_eq!(bbox([]), None);
    assert!(MapTransform::fit(ext(0.0, 0.0, 1.0, 1.0), frame, 500.0).is_err());
}

// From render::palette.
#[test]
fn ramps_have_requested_length() {
    for n in 0..10 {
        assert_eq!(below_target(n).len(), n);
        assert_eq!(meets_target(n).len(), n);
    }
    // Interpolated ramps keep the end colours.
    let b = below_target(8);
    assert_eq!(b[0], Rgb(0x99, 0x00, 0x00));
    assert_eq!(
        (b[7], meets_target(1)[0]),
        (Rgb(0xFD, 0xD4, 0x9E), TARGET_MET)
    );
}

// From render::raster.
#[test]
fn ramp_classes_and_georeferencing() {
    let r = ColourRamp::rsrp();
    // On a threshold: the upper class.
    let want = [0, 1, 4].map(|i| Some(r.colours[i]));
    assert_eq!([-120.0, -110.0, -79.0].map(|v| r.colour_of(v)), want);
    assert_eq!(r.colour_of(f32::NAN), None);
    let (black, empty) = (vec![Rgb(0, 0, 0); 3], vec![String::new(); 3]);
    assert!(ColourRamp::new(vec![1.0, 0.0], black, empty).is_err());
    let values = vec![1.0, 2.0, 3.0, 4.0, f32::NAN, 6.0];
    let r = RasterLayer::new("x", 1000.0, 2000.0, 100.0, 3, 2, values).unwrap();
    // Row 0: 1, 2, 3 (class 0), row 1: 4, NaN, 6: runs per row; NaN
    // in none.
    let mut r = r;
    r.ramp = ColourRamp::new(vec![5.0], vec![Rgb(0, 0, 0); 2], vec![String::new(); 2]).unwrap();
    let runs = r.class_runs();
    assert_eq!(
        runs[0],
        [(1e3, 2e3, 1.3e3, 1.9e3), (1e3, 1.9e3, 1.1e3, 1.8e3)]
    );
    assert_eq!(runs[1], [(1.2e3, 1.9e3, 1.3e3, 1.8e3)]);
    assert!(RasterLayer::new("x", 0.0, 0.0, 100.0, 3, 2, vec![0.0; 5]).is_err());
}

// From render::layers.
#[test]
fn wedge_points_along_azimuth() {
    let (centre, azimuth_deg, beamwidth_deg, radius_m) = (Point::new(0.0, 0.0), 90.0, 60.0, 1e3);
    let ring = Wedge {
        centre,
        azimuth_deg,
        beamwidth_deg,
        radius_m,
    }
    .ring_m();
    assert_eq!(ring[0], (0.0, 0.0));
    let mid = ring[1 + (ring.len() - 1) / 2];
    assert!(
        (mid.0 - 1000.0).abs() < 1e-6 && mid.1.abs() < 1e-6,
        "{mid:?}"
    );
    let on_arc = |p: &&(f64, f64)| (p.0.hypot(p.1) - 1000.0).abs() < 1e-6 && p.0 > 0.0;
    assert!(ring[1..].iter().all(|p| on_arc(&p)));
}

// From render::classes.
#[test]
fn breaks_around_target() {
    let c = ClassScheme::around_target(0.8);
    assert_eq!(c.breaks, vec![0.0, 0.5, 0.65, 0.8, 1.0]);
    assert_eq!(c.labels, ["< 50%", "50–65%", "65–80%", "≥ 80%"]);
    assert_eq!((c.target_class, c.len()), (3, 4));
    // Low targets get fewer classes below them; a 100 % target still
    // has a class for it.
    let c = ClassScheme::around_target(0.25);
    assert_eq!((c.breaks, c.target_class), (vec![0.0, 0.1, 0.25, 1.0], 2));
    let c = ClassScheme::around_target(1.0);
    assert_eq!(c.breaks, vec![0.0, 0.7, 0.85, 1.0, 1.15]);
    assert_eq!(c.class_of(1.0), Some(3));
    assert_eq!(c.labels[3], "100%", "no \"≥ 100%\" class");
}

#[test]
fn one_class_is_widened_over_the_values() {
    // Every commune below 50% of an 80% target: split at 10 points.
    let low = [0.02, 0.1, 0.31, 0.44, f64::NAN].map(Some);
    let c = ClassScheme::around_values(0.8, low, Lang::Vi);
    assert_eq!(c.breaks, vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.8, 1.0]);
    assert_eq!((c.target_class, c.colours.len()), (5, 6));
    assert_eq!(c.labels[4], "40–80%");
    // Every commune meets the target: the greens are split.
    let high = [0.91, 0.95, 1.0].map(Some);
    let c = ClassScheme::around_values(0.8, high, Lang::En);
    assert_eq!(c.breaks, vec![0.0, 0.8, 0.92, 0.94, 0.96, 0.98, 1.0]);
    assert_eq!(c.target_class, 1);
    // Values in two classes, or all equal: the plain scheme.
    let two = [0.3, 0.9].map(Some);
    assert_eq!(
        ClassScheme::around_values(0.8, two, Lang::En),
        ClassScheme::default()
    );
    let same = [0.3, 0.3].map(Some);
    assert_eq!(
        ClassScheme::around_values(0.8, same, Lang::En),
        ClassScheme::default()
    );
}

#[test]
fn classes_colours_and_counts() {
    let c = ClassScheme::around_target(0.8);
    // On a break: the upper class; outside the breaks: the end classes.
    let values = [0.0, -0.5, 0.4999, 0.5, 0.65, 0.8, 1.0, 1.2, f64::NAN];
    let want = [0usize, 0, 0, 1, 2, 3, 3, 3].map(Some);
    assert_eq!(values.map(|v| c.class_of(v))[..8], want);
    assert_eq!(c.class_of(f64::NAN), None);
    let (counts, nd) = c.counts([Some(0.1), Some(0.8), Some(0.95), None, Some(f64::NAN)]);
    assert_eq!((counts, nd), (vec![1, 0, 0, 2], 2));
    assert_eq!(c.colour_of(0.9).hex(), "#1A9850");
    let (red, peach) = (Rgb(0xD7, 0x30, 0x1F), Rgb(0xFD, 0xD4, 0x9E));
    assert_eq!([0.3, 0.7].map(|v| c.colour_of(v)), [red, peach]);
    assert_eq!(
        [c.colour_of(f64::NAN), c.colour_of_opt(None)],
        [c.no_data_colour; 2]
    );
    // All class colours differ from each other and from "no data".
    let mut all = c.colours.clone();
    all.push(c.no_data_colour);
    all.sort_by_key(|c| (c.0, c.1, c.2));
    all.dedup();
    assert_eq!(all.len(), 5);
}

#[test]
fn explicit_schemes_are_checked() {
    let one = |breaks: Vec<f64>, colours: usize, target| {
        let (colours, labels) = (vec![Rgb(0, 0, 0); colours], vec!["a".into()]);
        ClassScheme::new(breaks, colours, labels, target).is_ok()
    };
    assert!(one(vec![0.0, 1.0], 1, 1));
    assert!(!one(vec![1.0, 0.0], 1, 0) && !one(vec![0.0, 1.0], 0, 0));
    assert!(!one(vec![0.0, 1.0], 1, 2));
}
