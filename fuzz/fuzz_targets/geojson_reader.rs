//! Any bytes as a GeoJSON areas, fibre, households and sites layer (also
//! GeoJSON sequences), read strictly and leniently, in WGS84 and in a
//! VN-2000 TM-3 zone: errors are fine, panics are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phusong::crs::Crs;
use phusong::input::{
    read_areas_with, read_fibre_with, read_households_with, read_sites_with, AreaFields,
    ReadOptions,
};

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("phusong-fuzz-geojson-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("layer.geojson");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    for crs in [None, Crs::parse("EPSG:9207").ok()] {
        for lenient in [false, true] {
            let opts = ReadOptions {
                crs: crs.clone(),
                lenient,
                ..Default::default()
            };
            let _ = read_areas_with(&path, &AreaFields::default(), &opts);
            let _ = read_fibre_with(&path, &opts);
            let _ = read_households_with(&path, &opts);
            let _ = read_sites_with(&path, &opts);
        }
    }
});
