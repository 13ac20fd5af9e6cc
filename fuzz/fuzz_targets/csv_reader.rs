//! Any bytes as a households CSV and as a sites CSV, read strictly and
//! leniently: the readers may return errors but must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phusong::input::{read_households_with, read_sites_with, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("phusong-fuzz-csv-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("layer.csv");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    for lenient in [false, true] {
        let opts = ReadOptions {
            lenient,
            ..Default::default()
        };
        let _ = read_households_with(&path, &opts);
        let _ = read_sites_with(&path, &opts);
    }
});
