//! A short, deterministic stand-in for the cargo-fuzz targets in `fuzz/`
//! that runs with `cargo test`: random byte edits of the corpus base files
//! go through every reader, strictly and leniently. Errors are fine; a
//! panic fails the test.

use std::path::Path;

use phusong::config::AreaFields;
use phusong::crs::Crs;
use phusong::input::{
    read_areas_with, read_fibre_with, read_households_with, read_sites_with, ReadOptions,
};
use proptest::prelude::*;

fn base(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/base")
            .join(name),
    )
    .unwrap()
}

/// Apply edits: (position fraction, kind, byte).
fn mutate(mut b: Vec<u8>, edits: &[(f64, u8, u8)]) -> Vec<u8> {
    for &(at, kind, byte) in edits {
        let i = ((b.len() as f64) * at) as usize;
        match kind % 4 {
            0 if i < b.len() => b[i] = byte,
            1 => b.insert(i.min(b.len()), byte),
            2 if i < b.len() => {
                b.remove(i);
            }
            _ => b.truncate(i),
        }
    }
    b
}

fn read_all(path: &Path) {
    for crs in [None, Crs::parse("EPSG:32648").ok()] {
        for lenient in [false, true] {
            let opts = ReadOptions {
                crs: crs.clone(),
                lenient,
                ..Default::default()
            };
            let _ = read_areas_with(path, &AreaFields::default(), &opts);
            let _ = read_fibre_with(path, &opts);
            let _ = read_households_with(path, &opts);
            let _ = read_sites_with(path, &opts);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_layers_never_panic(
        file in 0usize..4,
        edits in proptest::collection::vec((0.0f64..1.0, any::<u8>(), prop_oneof![
            Just(b','), Just(b';'), Just(b'"'), Just(b'\n'), Just(b'{'), Just(b']'),
            Just(b'-'), Just(b'9'), Just(b'e'), any::<u8>()
        ]), 1..6),
    ) {
        let (name, ext) = [
            ("households.csv", "csv"),
            ("sites.csv", "csv"),
            ("areas.geojson", "geojson"),
            ("fibre.geojson", "geojson"),
        ][file];
        let bytes = mutate(base(name), &edits);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("layer.{ext}"));
        std::fs::write(&path, bytes).unwrap();
        read_all(&path);
    }
}
