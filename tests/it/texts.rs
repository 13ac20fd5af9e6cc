//! The reports for people in both languages: `plan.md` and `compare.md`
//! in Vietnamese with `--lang vi`, in English as before.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo.toml")
}

/// Run phusong quietly; panics with its stderr when it fails.
fn phusong(args: &[&std::ffi::OsStr]) {
    let o = Command::cargo_bin("phusong")
        .unwrap()
        .arg("--quiet")
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn has(text: &str, phrases: &[&str]) {
    for p in phrases {
        assert!(text.contains(p), "missing {p:?} in:\n{text}");
    }
}

/// Vietnamese numbers: no English thousands separator or decimal point
/// in the Markdown's figures ("1.234", "66,6%").
fn no_english_percent(text: &str) {
    let re_like = text
        .split(|c: char| c.is_whitespace() || c == '|' || c == '(' || c == ')')
        .filter(|w| w.ends_with('%') && w.contains('.'))
        .collect::<Vec<_>>();
    assert!(re_like.is_empty(), "English percentages: {re_like:?}");
}

#[test]
fn plan_and_compare_reports_in_vietnamese_and_english() {
    let tmp = tempfile::tempdir().unwrap();
    let os = |s: &str| std::ffi::OsString::from(s);
    let d = |name: &str| tmp.path().join(name);
    for (lang, dir) in [("vi", "sites-vi"), ("en", "sites-en")] {
        phusong(&[
            &os("--lang"),
            &os(lang),
            &os("plan"),
            &os("sites"),
            demo().as_os_str(),
            &os("--max-sites"),
            &os("3"),
            &os("--out"),
            d(dir).as_os_str(),
        ]);
    }
    let vi = read(&d("sites-vi/plan.md"));
    has(
        &vi,
        &[
            "# Quy hoạch trạm 4G cho demo\n",
            "- Hộ gia đình trong các xã, phường: ",
            "- Được phủ sóng 4G trước quy hoạch: ",
            "- Dừng vì: **đủ số trạm tối đa (--max-sites)**",
            "- Trạm mới: **3**, chi phí **",
            "| thứ tự | trạm | xã, phường | số hộ mới | được phủ sau | tỷ lệ | chi phí USD |",
        ],
    );
    no_english_percent(&vi);
    let en = read(&d("sites-en/plan.md"));
    has(
        &en,
        &[
            "# Site plan: 4G for demo\n",
            "- Households in the communes: ",
            "- Stopped by: **max_sites**\n- New sites: **3**, cost **",
            "| rank | site | commune | new households | covered after | share | cost USD |\n|---:|---|---|---:|---:|---:|---:|",
            "3-sector site (azimuths 0/120/240°, technology defaults)",
        ],
    );

    for (lang, dir) in [("vi", "fibre-vi"), ("en", "fibre-en")] {
        let (ok, console) = phusong_loud(&[
            &os("--lang"),
            &os(lang),
            &os("plan"),
            &os("fibre"),
            demo().as_os_str(),
            &os("--budget-usd"),
            &os("300000"),
            &os("--out"),
            d(dir).as_os_str(),
        ]);
        assert!(ok, "{console}");
        // The console: the plan's facts as plain text, no Markdown.
        assert!(!console.contains("**"), "{console}");
        let stop = match lang {
            "vi" => "Dừng vì: hết ngân sách (--budget-usd); số hộ còn thiếu so với mục tiêu: ",
            _ => "Stopped by: budget; households still missing to the target: ",
        };
        has(&console, &[stop]);
    }
    let vi = read(&d("fibre-vi/plan.md"));
    has(
        &vi,
        &[
            "# Quy hoạch cáp quang cho demo\n",
            "- Hộ có nhu cầu được phục vụ: ",
            "- Dừng vì: **hết ngân sách (--budget-usd)**; số hộ còn thiếu so với mục tiêu: ",
            "Không có lớp mạng đường",
            "## Tuyến cáp\n\n| thứ tự | xã, phường | số đoạn | km | theo loại (km) | số hộ mới | chi phí USD |",
        ],
    );
    no_english_percent(&vi);
    let en = read(&d("fibre-en/plan.md"));
    has(
        &en,
        &[
            "# Fibre plan for demo\n",
            "- Stopped by: **budget**; households still missing to the target: ",
            "## Routes\n\n| rank | commune | lines | km | by kind (km) | new households | cost USD |\n|---:|---|---:|---:|---|---:|---:|",
        ],
    );

    let planned = d("sites-en/scenario.toml");
    let (ok, console) = phusong_loud(&[
        &os("--lang"),
        &os("vi"),
        &os("compare"),
        demo().as_os_str(),
        planned.as_os_str(),
        &os("--out"),
        d("compare-vi").as_os_str(),
    ]);
    assert!(ok, "{console}");
    has(&console, &["  Hộ gia đình được phủ sóng 4G: ", "đã ghi "]);
    phusong(&[
        &os("--lang"),
        &os("en"),
        &os("compare"),
        demo().as_os_str(),
        planned.as_os_str(),
        &os("--out"),
        d("compare-en").as_os_str(),
    ]);
    let vi = read(&d("compare-vi/compare.md"));
    has(
        &vi,
        &[
            "Kịch bản gốc **demo**, kịch bản so sánh **demo-sites**; 100 xã, phường.",
            "## Mục tiêu của tỉnh\n\n| mục tiêu | mức mục tiêu | trước | sau | thay đổi | trước → sau | còn thiếu sau | số xã, phường đạt |",
            "| Hộ gia đình được phủ sóng 4G | 100,0% |",
            "## Hộ được phục vụ thêm",
            "| Cáp quang (hộ có nhu cầu) |",
            "- Mới có cáp quang: 0",
            "## Các xã, phường thay đổi nhiều nhất\n\n| xã, phường | mã | huyện | cáp quang | 4G | 5G | số hộ được phục vụ thêm | mất |",
            "Tệp: `compare.csv`",
        ],
    );
    assert!(vi.contains(" điểm % |"), "{vi}");
    no_english_percent(&vi);
    let en = read(&d("compare-en/compare.md"));
    has(
        &en,
        &[
            "Base scenario **demo**, compared scenario **demo-sites**; 100 communes. Targets are those of demo-sites for both.",
            "## Targets of the province\n\n| target | goal | before | after | change | before → after | gap after | communes meeting it |\n|---|---:|---:|---:|---:|---|---:|---:|",
            "| Households covered by 4G | 100.0% |",
            "| Fibre (demand households) |",
            "- Newly reached by fibre: 0",
            "| commune | code | district | fibre | 4G | 5G | households gained | lost |",
        ],
    );
    assert!(en.contains(" pts |"), "{en}");
}

/// Run phusong with the console on; returns (success, stderr).
fn phusong_loud(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let o = Command::cargo_bin("phusong")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn summary_target<'a>(summary: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    summary["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == key)
        .unwrap_or_else(|| panic!("no target {key} in {summary}"))
}

/// `synth --out DIR` writes a scenario that runs as it is; without a sites
/// (or fibre) layer the run reports those targets as not evaluated
/// everywhere, never as 0% or met.
#[test]
fn synth_scenario_runs_and_missing_layers_are_not_evaluated() {
    let tmp = tempfile::tempdir().unwrap();
    let os = |s: &str| std::ffi::OsString::from(s);
    let prov = tmp.path().join("prov");
    phusong(&[
        &os("synth"),
        &os("--seed"),
        &os("7"),
        &os("--households"),
        &os("4000"),
        &os("--communes"),
        &os("20"),
        &os("--sites-4g"),
        &os("40"),
        &os("--sites-5g"),
        &os("4"),
        &os("--out"),
        prov.as_os_str(),
    ]);
    let full = tmp.path().join("full");
    phusong(&[
        &os("run"),
        prov.join("scenario.toml").as_os_str(),
        &os("--out"),
        full.as_os_str(),
    ]);
    let summary: serde_json::Value =
        serde_json::from_str(&read(&full.join("summary.json"))).unwrap();
    assert_eq!(summary["scenario"], "synth-7");
    assert_eq!(summary["province_figures"]["households_total"], 4000);
    let t4 = summary_target(&summary, "mobile_4g_households");
    assert!(t4["value"].as_f64().unwrap() > 0.0, "{t4}");
    assert!(
        summary_target(&summary, "epayment_share").is_object(),
        "indicators"
    );
    // The parent roll-up has a stable name; the level's name is inside.
    let parents = read(&full.join("parents.csv"));
    assert!(parents.starts_with("district,"), "{parents}");
    assert!(full.join("maps/4g.png").is_file() && full.join("maps/fibre.png").is_file());

    // Without sites: the 4G target is not evaluated.
    let text = read(&prov.join("scenario.toml"));
    let no_sites = text.replace("sites = \"sites.csv\"\n", "");
    assert_ne!(no_sites, text);
    std::fs::write(prov.join("nosites.toml"), no_sites).unwrap();
    let out = tmp.path().join("nosites");
    let (ok, console) = phusong_loud(&[
        &os("--lang"),
        &os("vi"),
        &os("run"),
        prov.join("nosites.toml").as_os_str(),
        &os("--out"),
        out.as_os_str(),
    ]);
    assert!(ok, "{console}");
    let summary: serde_json::Value =
        serde_json::from_str(&read(&out.join("summary.json"))).unwrap();
    let t4 = summary_target(&summary, "mobile_4g_households");
    assert_eq!(t4["status"], "not evaluated", "{t4}");
    assert!(t4["value"].is_null() && t4["met"] == false, "{t4}");
    let fibre = &summary_target(&summary, "fibre_households")["status"];
    assert!(
        fibre == "met" || fibre == "not met",
        "fibre still evaluated: {fibre}"
    );
    let said = "chưa đánh giá (không có lớp trạm phát sóng)";
    let line = console
        .lines()
        .find(|l| l.contains("Hộ gia đình được phủ sóng 4G"))
        .unwrap_or_else(|| panic!("{console}"));
    assert!(line.contains(said) && line.contains("–"), "{line}");
    // "0,0%" as a value, not inside the target "100,0%".
    assert!(!line.split_whitespace().any(|w| w == "0,0%"), "{line}");
    let md = read(&out.join("summary.md"));
    assert!(md.contains(&format!("| – | {said} |")), "{md}");
    let html = read(&out.join("report.html"));
    assert!(html.contains(said), "report.html");
    assert!(!out.join("maps/4g.png").exists(), "no 4G map without sites");
    assert!(out.join("maps/fibre.png").is_file());
    // No commune misses a target that was not evaluated.
    let communes = read(&out.join("communes.csv"));
    assert!(!communes.lines().next().unwrap().contains("target_4g_met"));

    // Without fibre: the fibre targets are not evaluated (English).
    let no_fibre = text.replace("fibre = \"fibre.geojson\"\n", "");
    std::fs::write(prov.join("nofibre.toml"), no_fibre).unwrap();
    let out = tmp.path().join("nofibre");
    let (ok, console) = phusong_loud(&[
        &os("--lang"),
        &os("en"),
        &os("run"),
        prov.join("nofibre.toml").as_os_str(),
        &os("--out"),
        out.as_os_str(),
    ]);
    assert!(ok, "{console}");
    let summary: serde_json::Value =
        serde_json::from_str(&read(&out.join("summary.json"))).unwrap();
    for key in ["fibre_households", "fibre_communes"] {
        assert_eq!(
            summary_target(&summary, key)["status"],
            "not evaluated",
            "{key}"
        );
    }
    assert!(
        console.contains("not evaluated (no fibre layer)"),
        "{console}"
    );
    assert!(!out.join("maps/fibre.png").exists() && out.join("maps/4g.png").is_file());
}

/// A missing required key is named at its table, not at a line.
#[test]
fn a_missing_required_key_is_named_at_its_table() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("scenario.toml");
    std::fs::write(
        &p,
        "name = \"x\"\n\n[layers]\nareas = \"a.geojson\"\nfibre = \"f.geojson\"\n",
    )
    .unwrap();
    let os = |s: &str| std::ffi::OsString::from(s);
    let (ok, err) = phusong_loud(&[&os("run"), p.as_os_str()]);
    assert!(!ok);
    assert!(
        err.contains("scenario.toml: [layers] is missing required key \"households\""),
        "{err}"
    );
    assert!(!err.contains("line "), "{err}");
}
