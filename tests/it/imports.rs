//! The layout reads as the data flow: no source file imports one that
//! imports it back (`tools/cycles.py` builds the file-level import graph).

#[test]
fn no_import_cycles_between_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3")
        .arg(root.join("tools/cycles.py"))
        .arg(root.join("src"))
        .output()
        .expect("python3 runs tools/cycles.py");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "import cycles:\n{text}");
    assert!(text.contains(" 0 cycles"), "{text}");
}
