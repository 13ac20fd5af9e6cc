//! `report.html` in a real browser: headless Chromium (Debian's
//! `chromium`) opens the page, runs its script, prints it to PDF and takes
//! a screenshot; the text, the maps and the commune table are there, a tap
//! on a commune shows its figures, and the page fetched nothing. Fails
//! under `CI=true` when chromium is missing (`.ci/run` installs it), skips
//! with a message otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The chromium binary, if installed.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser"].iter().find_map(|b| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(b))
                .find(|p| p.is_file())
        })
    })
}

/// Run chromium headless on `page` with `args`; its stdout.
fn headless(bin: &Path, page: &Path, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(page)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Check `report` (a run's `report.html`, `communes` communes, the
/// province named `province`) in headless Chromium; the screenshot is
/// left beside it as `report.png`.
pub fn check_report_in_chromium(report: &Path, communes: usize, province: &str) {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is missing (apt-get install chromium); CI must run this test"
        );
        eprintln!("skipping the report.html browser test: chromium is not installed");
        return;
    };
    let html = std::fs::read_to_string(report).unwrap();
    assert!(html.contains("default-src 'none'"), "no CSP");
    // The harness: after load, tap the first commune of a map, and record
    // what the page fetched and what the tap showed.
    let harness = r#"<script>window.addEventListener('load',function(){
var g=document.querySelector('svg.map g[id*="-area-"]');if(g){g.dispatchEvent(new MouseEvent('click',{clientX:50,clientY:50,bubbles:true}));}
var t=document.getElementById('tip');var b=document.body;
b.setAttribute('data-resources',String(performance.getEntriesByType('resource').length));
b.setAttribute('data-tip',t.className+'|'+t.textContent);
b.setAttribute('data-rows',String(document.querySelectorAll('#communes tbody tr').length));
b.setAttribute('data-map-communes',String(document.querySelectorAll('svg.map g[id*="-area-"]').length));});</script></body>"#;
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, html.replacen("</body>", harness, 1)).unwrap();
    let dom = headless(&bin, &page, &["--dump-dom"]);
    let attr = |name: &str| -> String {
        let key = format!("{name}=\"");
        let start = dom
            .find(&key)
            .unwrap_or_else(|| panic!("no {name} in the DOM"))
            + key.len();
        dom[start..start + dom[start..].find('"').unwrap()].to_string()
    };
    assert_eq!(attr("data-resources"), "0", "the page fetched something");
    assert_eq!(attr("data-rows"), communes.to_string());
    assert!(attr("data-map-communes").parse::<usize>().unwrap() >= communes);
    let tip = attr("data-tip");
    assert!(
        tip.starts_with("on|") && tip.len() > 10,
        "the tap showed {tip:?}"
    );
    assert!(dom.contains(province));
    // Print to A4 PDF and take a screenshot (a phone-width one too).
    let pdf = dir.path().join("report.pdf");
    headless(
        &bin,
        report,
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let bytes = std::fs::read(&pdf).expect("the PDF is written");
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 10_000);
    if let Ok(out) = Command::new("pdftotext").arg(&pdf).arg("-").output() {
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains(province), "the PDF has no text of the page");
        }
    }
    for (name, size) in [
        ("report.png", "1280,2400"),
        ("report-phone.png", "412,1800"),
    ] {
        let png = report.with_file_name(name);
        headless(
            &bin,
            report,
            &[
                &format!("--screenshot={}", png.display()),
                &format!("--window-size={size}"),
                "--hide-scrollbars",
            ],
        );
        let bytes = std::fs::read(&png).expect("the screenshot is written");
        assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000);
    }
}
