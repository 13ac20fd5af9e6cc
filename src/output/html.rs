//! `report.html`: one self-contained page per run for officials — the
//! province against each target, the communes missing each target, the KPI
//! chart and the maps (the SVG files of `maps/`, inlined), and a table of
//! every commune that can be sorted and filtered; hovering or tapping a
//! commune on a map shows its figures. No network requests and no external
//! files: styles and a few lines of script are inline, and a Content
//! Security Policy (`default-src 'none'`) forbids any fetch. Readable on a
//! phone (the maps scale to the screen) and printable to A4.

use std::fmt::Write as _;
use std::path::Path;

use crate::aggregate::targets::{Tally, TARGETS};
use crate::engine::RunResult;
use crate::lang::{fill, Lang, Term};
use crate::output::atomic::write_bytes_atomic;
use crate::output::words::{self, capital};
use crate::Result;

/// The maps inlined, in this order, when `maps/` holds them.
const MAPS: [&str; 5] = ["kpis", "fibre", "4g", "5g", "gaps"];

/// Escape text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An SVG file's markup ready to inline as map number `k`: without the XML
/// prolog, its ids prefixed (`m{k}-`) so that maps do not share clip paths,
/// and scaling to the page's width.
fn inline_svg(text: &str, k: usize) -> Option<String> {
    let start = text.find("<svg")?;
    let body = &text[start..];
    let prefix = format!("m{k}-");
    let body = body
        .replace("id=\"", &format!("id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"));
    // Width and height come from the viewBox: the CSS sizes the map.
    Some(body.replacen(
        "<svg ",
        "<svg class=\"map\" preserveAspectRatio=\"xMidYMid meet\" ",
        1,
    ))
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:0 auto;max-width:1100px;padding:0 12px;color:#222;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}
td.n,th.n{text-align:right}th{background:#f3f3f3;cursor:pointer}.no{color:#b2182b;font-weight:bold}.yes{color:#1a9850}
.wrap{overflow-x:auto}svg.map{width:100%;height:auto;max-height:95vh;display:block;margin:8px 0}
#tip{position:fixed;display:none;background:#fff;border:1px solid #888;padding:6px 8px;font-size:.85em;box-shadow:0 2px 6px rgba(0,0,0,.3);pointer-events:none;z-index:9;max-width:300px}
#tip.on{display:block}input{font-size:1em;padding:4px;width:100%;max-width:360px;margin:6px 0}
@media print{@page{size:A4;margin:12mm}body{max-width:none}svg.map{max-height:250mm;break-inside:avoid}#filter,#tip{display:none}h2{break-after:avoid}tr{break-inside:avoid}}";

/// Sort a column on a click on its header, filter rows by the text typed,
/// show a commune's figures on hovering or tapping it on a map.
const SCRIPT: &str = "(function(){
var data=JSON.parse(document.getElementById('communes-data').textContent),tip=document.getElementById('tip');
document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){
var tb=th.closest('table').tBodies[0],rows=Array.from(tb.rows),asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
rows.sort(function(a,b){var x=a.cells[i].dataset.v||a.cells[i].textContent,y=b.cells[i].dataset.v||b.cells[i].textContent;
var p=parseFloat(x),q=parseFloat(y);var c=(!isNaN(p)&&!isNaN(q))?p-q:x.localeCompare(y);return asc?c:-c;});
rows.forEach(function(r){tb.appendChild(r);});});});
var f=document.getElementById('filter');if(f){f.addEventListener('input',function(){var q=f.value.toLowerCase();
document.querySelectorAll('#communes tbody tr').forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});});}
function show(e,g){var c=data[g.id.replace(/^m[0-9]+-area-/,'')];if(!c)return;tip.innerHTML=c;tip.className='on';
var x=(e.touches?e.touches[0]:e).clientX,y=(e.touches?e.touches[0]:e).clientY;tip.style.left=Math.min(x+12,innerWidth-310)+'px';tip.style.top=(y+12)+'px';}
document.querySelectorAll('svg.map g[id*=\"-area-\"]').forEach(function(g){g.style.cursor='pointer';
g.addEventListener('mousemove',function(e){show(e,g);});g.addEventListener('click',function(e){show(e,g);});
g.addEventListener('mouseleave',function(){tip.className='';});});})();";

/// The page (see the module's documentation); `maps_dir` is where the
/// run's SVG maps are (missing maps are left out).
pub fn report_html(r: &RunResult, maps_dir: &Path) -> String {
    let lang = r.scenario.outputs.language;
    let s = &r.summary;
    let mut h = String::new();
    let title = fill(
        lang.term(Term::CoverageAgainstTargets),
        &[("province", s.province.clone())],
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n",
        lang.code(),
        esc(&title),
        esc(&title)
    );
    let description = if s.description.is_empty() {
        String::new()
    } else {
        format!(" ({})", s.description)
    };
    let _ = writeln!(
        h,
        "<p>{}</p>",
        esc(&fill(
            lang.term(Term::ScenarioLine),
            &[
                ("scenario", s.scenario.clone()),
                ("description", description),
                ("date", lang.date(&s.run_at)),
                ("version", s.phusong_version.clone()),
            ]
        ))
    );
    let _ = writeln!(
        h,
        "<p>{}</p>",
        esc(&crate::output::words::fibre_rule(lang, &r.scenario))
    );
    targets_html(&mut h, lang, r);
    missing_html(&mut h, lang, r);
    let _ = writeln!(h, "<h2>{}</h2>", esc(&capital(lang.term(Term::Map))));
    for (k, name) in MAPS.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(maps_dir.join(format!("{name}.svg"))) else {
            continue;
        };
        if let Some(svg) = inline_svg(&text, k) {
            let _ = writeln!(h, "<figure>{svg}</figure>");
        }
    }
    communes_html(&mut h, lang, r);
    let _ = writeln!(
        h,
        "<div id=\"tip\"></div><script>{SCRIPT}</script></body></html>"
    );
    h
}

/// The province against each target.
fn targets_html(h: &mut String, lang: Lang, r: &RunResult) {
    let _ = writeln!(
        h,
        "<h2>{}</h2><div class=\"wrap\"><table><thead><tr>",
        esc(lang.term(Term::TargetsHeading))
    );
    for t in [
        Term::Target,
        Term::Goal,
        Term::Now,
        Term::Status,
        Term::CommunesMissingIt,
    ] {
        let _ = write!(h, "<th>{}</th>", esc(&capital(lang.term(t))));
    }
    let _ = writeln!(h, "</tr></thead><tbody>");
    for t in &r.summary.targets {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"{}\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&words::target_name(lang, &t.key, &t.description)),
            words::pct(lang, t.target),
            words::pct(lang, t.value),
            if t.met { "yes" } else { "no" },
            esc(&words::status(lang, t)),
            t.communes_missing.map_or("–".into(), |c| lang.count(c))
        );
    }
    let _ = writeln!(h, "</tbody></table></div>");
}

/// Per household target, the communes missing it (largest gap first).
fn missing_html(h: &mut String, lang: Lang, r: &RunResult) {
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        esc(&capital(lang.term(Term::CommunesMissingTarget)))
    );
    for goal in crate::aggregate::targets::goals(&r.scenario.targets) {
        if !goal.target.per_commune() {
            continue;
        }
        let mut v: Vec<(u64, &str)> = r
            .inputs
            .areas
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let g = goal.gap(&tally(r, i));
                (g > 0).then_some((g, a.name.as_str()))
            })
            .collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let name = words::target_name(lang, goal.target.key, goal.target.description);
        let list: Vec<String> = v
            .iter()
            .map(|(g, n)| format!("{} ({})", esc(n), lang.count(*g)))
            .collect();
        let _ = writeln!(
            h,
            "<p><b>{}</b> — {}: {}</p>",
            esc(&name),
            lang.count(v.len() as u64),
            if list.is_empty() {
                lang.term(Term::Met).to_string()
            } else {
                list.join(", ")
            }
        );
    }
}

fn tally(r: &RunResult, i: usize) -> Tally {
    Tally {
        counts: r.area_counts[i],
        communes: 1,
        communes_reached: r.area_reached[i] as u64,
    }
}

/// Every commune: a sortable, filterable table, and the figures the maps
/// show on hover (a JSON object by commune code, HTML-escaped).
fn communes_html(h: &mut String, lang: Lang, r: &RunResult) {
    let targets: Vec<_> = TARGETS.iter().filter(|t| t.per_commune()).collect();
    let _ = writeln!(h, "<h2>{}</h2>", esc(&capital(lang.term(Term::Communes))));
    let _ = writeln!(
        h,
        "<input id=\"filter\" type=\"search\" placeholder=\"{} …\">",
        esc(&capital(lang.term(Term::Commune)))
    );
    let _ = write!(
        h,
        "<div class=\"wrap\"><table id=\"communes\" class=\"sortable\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>",
        esc(&capital(lang.term(Term::Commune))),
        esc(&capital(&crate::output::words::parent_label(
            lang,
            r.scenario.areas.parent_field.as_deref(),
            r.scenario.areas.parent_label.as_deref(),
        ))),
        esc(&capital(lang.term(Term::Households))),
        esc(&capital(lang.term(Term::HouseholdsWithDemand))),
    );
    for t in &targets {
        let _ = write!(
            h,
            "<th class=\"n\">{}</th>",
            esc(&words::target_name(lang, t.key, t.description))
        );
    }
    let _ = writeln!(
        h,
        "<th>{}</th></tr></thead><tbody>",
        esc(&capital(lang.term(Term::ReachedByFibre)))
    );
    let mut data = serde_json::Map::new();
    for (i, a) in r.inputs.areas.items.iter().enumerate() {
        let c = &r.area_counts[i];
        let tl = tally(r, i);
        let _ = write!(
            h,
            "<tr><td>{} ({})</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td>",
            esc(&a.name),
            esc(&a.id),
            esc(a.parent.as_deref().unwrap_or("")),
            c.households,
            lang.count(c.households),
            c.demand,
            lang.count(c.demand)
        );
        let mut tip = format!(
            "<b>{} ({})</b><br>{}: {}",
            esc(&a.name),
            esc(&a.id),
            esc(&capital(lang.term(Term::Households))),
            lang.count(c.households)
        );
        for t in &targets {
            let share = t.share(&tl);
            let _ = write!(
                h,
                "<td class=\"n\" data-v=\"{share}\">{}</td>",
                words::pct(lang, share)
            );
            let _ = write!(
                tip,
                "<br>{}: {}",
                esc(&words::target_name(lang, t.key, t.description)),
                words::pct(lang, share)
            );
        }
        let reached = words::yes_no(lang, r.area_reached[i]);
        let _ = writeln!(h, "<td>{reached}</td></tr>");
        let _ = write!(
            tip,
            "<br>{}: {reached}",
            esc(&capital(lang.term(Term::ReachedByFibre)))
        );
        data.insert(a.id.clone(), serde_json::Value::String(tip));
    }
    let _ = writeln!(h, "</tbody></table></div>");
    // `</` cannot end the script element early: JSON escapes `/` as `\/`.
    let json = serde_json::Value::Object(data)
        .to_string()
        .replace("</", "<\\/");
    let _ = writeln!(
        h,
        "<script type=\"application/json\" id=\"communes-data\">{json}</script>"
    );
}

/// Write `report.html` into `dir` (after the maps, which it inlines).
pub fn write_report_html(r: &RunResult, dir: &Path) -> Result<std::path::PathBuf> {
    let path = dir.join("report.html");
    write_bytes_atomic(&path, report_html(r, &dir.join("maps")).as_bytes())?;
    Ok(path)
}
