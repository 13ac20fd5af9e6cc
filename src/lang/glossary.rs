//! The glossary: every term of the text for people, in English and
//! Vietnamese, in one table. The Vietnamese follows the wording of
//! provincial digital-transformation plans and the telecom sector (Kế hoạch
//! chuyển đổi số; Bộ Thông tin và Truyền thông); the README shows this
//! table (between the `glossary` markers, kept equal to [`markdown`] by a
//! test) so that a native speaker can review it.
//!
//! Phrases with numbers carry `{name}` placeholders, filled by
//! [`fill`](super::fill). Add a term here, never a string in a report.

macro_rules! glossary {
    ($( $section:literal { $( $term:ident : $en:literal, $vi:literal; )* } )*) => {
        /// A term of the glossary; [`Lang::term`](super::Lang::term) gives its wording.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Term {
            $( $( #[doc = $en] $term, )* )*
        }

        impl Term {
            /// Every term, in glossary order.
            pub const ALL: &'static [Term] = &[$( $( Term::$term, )* )*];

            /// The English wording.
            pub const fn en(self) -> &'static str {
                match self { $( $( Term::$term => $en, )* )* }
            }

            /// The Vietnamese wording.
            pub const fn vi(self) -> &'static str {
                match self { $( $( Term::$term => $vi, )* )* }
            }

            /// The glossary section the term is listed under.
            pub const fn section(self) -> &'static str {
                match self { $( $( Term::$term => $section, )* )* }
            }
        }
    };
}

glossary! {
    "Places" {
        Province: "province", "tỉnh";
        Commune: "commune", "xã, phường";
        Communes: "communes", "xã, phường";
        District: "district", "huyện";
        Unassigned: "in no commune (unassigned)", "không thuộc xã nào (chưa gán)";
        OldUnits: "old administrative units", "đơn vị hành chính cũ";
        NewUnits: "new administrative units (after the 2025 reorganisation)", "đơn vị hành chính mới (sau sắp xếp năm 2025)";
    }
    "People" {
        Households: "households", "hộ gia đình";
        HouseholdCount: "{n} households", "{n} hộ";
        HouseholdsWithDemand: "households with demand", "hộ có nhu cầu";
        NoDemandHouseholds: "no households with demand", "không có hộ có nhu cầu";
        Persons: "persons", "người";
        // Reports (officials, #13).
        HouseholdsRead: "households read", "hộ gia đình đã đọc";
        HouseholdsInACommune: "households in a commune", "hộ gia đình thuộc một xã, phường";
        PersonsCount: "{n} persons", "{n} người";
        PersonsServed: "persons with fibre / 4G / 5G", "số người có cáp quang / 4G / 5G";
    }
    "Network and coverage" {
        Fibre: "fibre", "cáp quang";
        FibreNetwork: "fibre network", "mạng cáp quang";
        FibreServed: "served by fibre", "được phục vụ bởi cáp quang";
        Drop: "drop (cable to the home)", "cáp thuê bao (đoạn kéo vào nhà)";
        ReachedByFibre: "reached by fibre", "đã có cáp quang";
        NotReachedByFibre: "not reached by fibre", "chưa có cáp quang";
        Coverage: "coverage", "vùng phủ sóng";
        Covered: "covered", "được phủ sóng";
        GoodCoverage: "good coverage", "sóng tốt";
        WeakCoverage: "weak coverage", "sóng yếu";
        NoService: "no service", "không có sóng";
        SignalStrength: "signal strength (RSRP)", "cường độ tín hiệu (RSRP)";
        CellSite: "cell site", "trạm phát sóng (BTS)";
        CellSites: "cell sites", "trạm phát sóng (BTS)";
        Sector: "sector", "sector (hướng phát)";
        Operator: "operator", "nhà mạng";
        LinkBudget: "link budget", "quỹ đường truyền";
    }
    "Targets" {
        Target: "target", "mục tiêu";
        Met: "met", "đạt";
        NotMet: "not met", "chưa đạt";
        NotEvaluated: "not evaluated", "chưa đánh giá";
        MeetsTarget: "meets target", "đạt mục tiêu";
        BelowTarget: "below target", "chưa đạt mục tiêu";
        NoTarget: "no target", "không có mục tiêu";
        GapHouseholds: "{n} more households needed", "còn thiếu {n} hộ";
        GapCommunes: "{n} more communes needed", "còn thiếu {n} xã, phường";
        CommunesMissingTarget: "communes missing the target", "các xã, phường chưa đạt mục tiêu";
        TargetFibreHouseholds: "Fibre available to households with demand", "Hộ gia đình có nhu cầu được phủ cáp quang";
        TargetFibreCommunes: "Communes reached by fibre", "Xã, phường có cáp quang";
        TargetMobile4g: "Households covered by 4G", "Hộ gia đình được phủ sóng 4G";
        TargetMobile5g: "Households covered by 5G", "Hộ gia đình được phủ sóng 5G";
        ByYear: "by {year}", "đến năm {year}";
        // Reports (officials, #13).
        GapPersons: "{n} more persons needed", "còn thiếu {n} người";
        Goal: "goal", "mức mục tiêu";
        Now: "now", "hiện nay";
        Status: "status", "tình trạng";
        Gap: "gap", "còn thiếu";
        Share: "share", "tỷ lệ";
        HouseholdsMissing: "households missing", "số hộ còn thiếu";
        PersonsMissing: "persons missing", "số người còn thiếu";
        CommunesMissingIt: "communes missing it", "số xã, phường chưa đạt";
        TargetShare: "target {p}", "mục tiêu {p}";
        ProvinceGap: "the province's gap", "thiếu hụt của cả tỉnh";
        SumOfCommuneGaps: "the sum of the communes' gaps", "tổng thiếu hụt của các xã, phường";
        GapsExplained: "The province's gap is what the province as a whole still needs to meet a target; the sum of the communes' gaps is what every commune needs to meet it on its own, and is larger because communes above the target do not make up for those below.", "Thiếu hụt của cả tỉnh là số còn thiếu để cả tỉnh đạt mục tiêu; tổng thiếu hụt của các xã, phường là số cần để từng xã, phường tự đạt mục tiêu, lớn hơn vì xã, phường vượt mục tiêu không bù được cho xã, phường chưa đạt.";
        EveryCommuneMeetsEveryTarget: "Every commune meets every target.", "Mọi xã, phường đều đạt mọi mục tiêu.";
        CommunesBelowFibreTarget: "Communes below the fibre target ({n} of {m})", "Xã, phường chưa đạt mục tiêu cáp quang ({n}/{m})";
        CommunesMissingEachTarget: "{province}: communes missing each target", "{province}: các xã, phường chưa đạt từng mục tiêu";
        TargetHeading: "{target} ({goal}): {n} communes, {gap} missing", "{target} ({goal}): {n} xã, phường, còn thiếu {gap}";
        MeetsWithPlans: "met with the plans", "đạt khi thực hiện quy hoạch";
        NotMetWithPlans: "still not met with the plans", "vẫn chưa đạt khi thực hiện quy hoạch";
        Yes: "yes", "có";
        No: "no", "không";
    }
    "Plans and reports" {
        Scenario: "scenario", "kịch bản";
        Baseline: "baseline (today)", "hiện trạng";
        PlannedSite: "planned site", "trạm quy hoạch";
        PlannedFibre: "planned fibre", "tuyến cáp quang dự kiến";
        FibreRoute: "fibre route", "tuyến cáp quang";
        CostUsd: "cost (USD)", "chi phí (USD)";
        FibreKm: "km of fibre", "km cáp quang";
        HouseholdsGained: "households gained", "số hộ được phục vụ thêm";
        WhatItTakes: "what it takes", "cần đầu tư gì";
        SummaryReport: "summary report", "báo cáo tổng hợp";
        Problems: "problems in the input", "vấn đề trong dữ liệu đầu vào";
        // Reports (officials, #13).
        CoverageAgainstTargets: "{province} — coverage against targets", "{province} — hiện trạng phủ sóng so với mục tiêu";
        ScenarioLine: "Scenario {scenario}{description}. Computed on {date} with phusong {version}.", "Kịch bản {scenario}{description}. Tính toán ngày {date} bằng phusong {version}.";
        TargetsHeading: "Targets", "Mục tiêu";
        ProvinceHeading: "Province", "Toàn tỉnh";
        InputsHeading: "Inputs", "Dữ liệu đầu vào";
        ParametersHeading: "Parameters", "Tham số";
        WarningsHeading: "Warnings", "Cảnh báo";
        Figure: "figure", "chỉ số";
        Value: "value", "giá trị";
        Parameter: "parameter", "tham số";
        File: "file", "tệp";
        ItemsRead: "items read", "số bản ghi đã đọc";
        OfTotal: "{n} of {m}", "{n}/{m}";
        MoreInFile: "…and {n} more in {file}.", "…và {n} xã, phường khác trong {file}.";
        Projection: "projection", "phép chiếu";
        FibreDropM: "fibre: a household is served within (m)", "cáp quang: hộ được phục vụ trong phạm vi (m)";
        MobileModel: "{tech}: coverage model", "{tech}: mô hình vùng phủ";
        MobileThresholds: "{tech}: covered / good from (dBm)", "{tech}: ngưỡng phủ sóng / sóng tốt (dBm)";
        MobileRadio: "{tech}: frequency, power, height", "{tech}: tần số, công suất, độ cao";
        Reliability: "{tech}: cell-edge reliability", "{tech}: độ tin cậy biên ô";
        SectorsCount: "{tech}: sectors", "{tech}: số sector";
        WroteFiles: "wrote {n} files to {dir}", "đã ghi {n} tệp vào {dir}";
        ConsoleProvince: "{province}: {n} households ({u} in no commune) in {c} communes", "{province}: {n} hộ gia đình ({u} hộ không thuộc xã nào) trong {c} xã, phường";
        PlansFrom: "Plans read: {files}.", "Quy hoạch đã đọc: {files}.";
        NoPlansFound: "No plans found: run `phusong plan sites` and `phusong plan fibre` (or give `--plans DIR`) to see what it takes per commune.", "Chưa có quy hoạch: chạy `phusong plan sites` và `phusong plan fibre` (hoặc chỉ định `--plans DIR`) để xem mỗi xã, phường cần đầu tư gì.";
        NewSites: "new sites", "trạm mới";
        WhatPlansPropose: "What the plans propose per commune", "Quy hoạch đề xuất cho từng xã, phường";
        WhatPlansProposeNote: "Sums over every row of the plans for the commune (new sites, fibre extensions and the households they serve), and whether the commune then meets each target.", "Tổng của mọi dòng quy hoạch trong xã, phường (trạm mới, tuyến cáp quang mở rộng và số hộ được phục vụ thêm), và xã, phường khi đó có đạt từng mục tiêu không.";
        Total: "total", "tổng cộng";
    }
    "Problems in the input" {
        // Data problems (officials, #13).
        Error: "error", "lỗi";
        Warning: "warning", "cảnh báo";
        ForExample: "e.g.", "ví dụ";
        FullListIn: "full list: {file}", "danh sách đầy đủ: {file}";
        NoProblemsFound: "no problems found", "không có vấn đề nào";
        ErrorsAndWarnings: "{e} errors, {w} warnings", "{e} lỗi, {w} cảnh báo";
        MoreNotListed: "{n} more of this kind not listed", "còn {n} vấn đề cùng loại không liệt kê";
        KindUnreadableLayer: "{n} layers that cannot be read", "{n} lớp dữ liệu không đọc được";
        KindInvalidValue: "{n} rows or features with a value that cannot be used", "{n} dòng hoặc đối tượng có giá trị không dùng được";
        KindCoordinateOutOfRange: "{n} coordinates out of range", "{n} tọa độ nằm ngoài phạm vi";
        KindInvalidPolygon: "{n} invalid polygons", "{n} đa giác không hợp lệ";
        KindOverlap: "{n} overlaps between communes", "{n} chỗ chồng lấn giữa các xã, phường";
        KindGap: "{n} gaps between communes", "{n} khoảng trống giữa các xã, phường";
        KindDuplicateId: "{n} duplicate ids", "{n} mã bị trùng";
        KindOutsideCommunes: "{n} households in no commune (counted as unassigned)", "{n} hộ không thuộc xã, phường nào (tính là chưa gán)";
        KindFarOutside: "{n} households far from every commune", "{n} hộ nằm xa mọi xã, phường";
        KindSnapped: "{n} households just outside every commune, assigned to the nearest", "{n} hộ nằm sát ngoài ranh giới, được gán vào xã, phường gần nhất";
        KindExtentTooLarge: "{n} layers with an extent too large for the coverage rasters", "{n} lớp dữ liệu có phạm vi quá lớn cho bản đồ vùng phủ sóng";
        KindImplausibleSite: "{n} sites with impossible values", "{n} trạm có thông số bất hợp lý";
        KindSitePositionConflict: "{n} sites at two positions", "{n} trạm có hai vị trí khác nhau";
        KindZeroLengthFibre: "{n} fibre lines of zero length", "{n} tuyến cáp quang dài bằng 0";
        KindCrsMismatch: "{n} layers away from the communes (wrong CRS)", "{n} lớp dữ liệu nằm lệch khỏi các xã, phường (sai hệ tọa độ)";
        KindWrongGeometryType: "{n} features of the wrong geometry type", "{n} đối tượng có kiểu hình học sai";
    }
    "Maps" {
        Map: "map", "bản đồ";
        Legend: "legend", "chú giải";
        Scale: "scale", "tỉ lệ";
        North: "N", "B";
        NoData: "no data", "không có dữ liệu";
        CommuneBoundary: "commune boundary", "ranh giới xã, phường";
        DistrictBoundary: "district boundary", "ranh giới huyện";
        Source: "source", "nguồn dữ liệu";
        ComputedWith: "computed with phusong on {date}", "tính toán bằng phusong ngày {date}";
        Synthetic: "synthetic (invented) data", "dữ liệu giả lập (mô phỏng)";
        // Maps and charts (src/output/maps.rs, src/render).
        MapData: "Data: {sources}. Computed with phusong {version} on {date}.", "Dữ liệu: {sources}. Tính toán bằng phusong {version} ngày {date}.";
        MapScenario: "Scenario: {name}", "Kịch bản: {name}";
        SourceCommunes: "communes", "xã, phường";
        SourceHouseholds: "households", "hộ gia đình";
        SourceFibre: "fibre", "cáp quang";
        SourceSites: "sites", "trạm";
        SourceDistricts: "districts", "huyện";
        ProvinceMet: "province {value}: met", "toàn tỉnh {value}: đạt";
        ProvinceNotMet: "province {value}: not met, {gap}", "toàn tỉnh {value}: chưa đạt, {gap}";
        FibreMapTitle: "{province} — fibre: households with demand within {m} m of the network", "{province} — cáp quang: hộ có nhu cầu cách mạng cáp quang không quá {m} m";
        FibreMapTarget: "target ≥ {p} of households with demand per commune", "mục tiêu ≥ {p} hộ có nhu cầu ở mỗi xã, phường";
        FibreMapNote: "Served: the nearest fibre cable or distribution point is within {m} m. Hatched: no fibre element lies in or crosses the commune.", "Được phục vụ: cáp hoặc điểm phân phối cáp quang gần nhất cách không quá {m} m. Gạch chéo: không có tuyến hay điểm cáp quang nào nằm trong hoặc đi qua xã, phường.";
        FibrePoints: "fibre distribution points", "điểm phân phối cáp quang";
        MobileMapTitle: "{province} — households with {tech} coverage, by commune", "{province} — hộ gia đình được phủ sóng {tech}, theo xã, phường";
        MobileMapTarget: "target ≥ {p} of households", "mục tiêu ≥ {p} hộ gia đình";
        MobileMapNoTarget: "no {tech} target set (classes around {p})", "chưa đặt mục tiêu {tech} (phân lớp quanh {p})";
        MobileMapNote: "Hatched: where the best-server RSRP predicted by the run's radio model is below its 'good' threshold (not hatched: good signal).", "Gạch chéo: nơi cường độ tín hiệu (RSRP) của trạm phục vụ tốt nhất, theo mô hình vô tuyến, dưới ngưỡng sóng tốt (không gạch: sóng tốt).";
        MobileMapNoRaster: "Weak-signal hatching omitted (maps redrawn from the outputs; see rsrp_*.tif).", "Không vẽ vùng sóng yếu (bản đồ vẽ lại từ kết quả; xem rsrp_*.tif).";
        SitesOfTech: "{tech} cell sites", "trạm phát sóng {tech}";
        SectorsOfTech: "{tech} sectors (azimuth, {km} km drawn)", "hướng phát {tech} (phương vị, vẽ dài {km} km)";
        WeakSignal: "weak {tech} signal (best-server RSRP)", "sóng {tech} yếu (RSRP trạm phục vụ tốt nhất)";
        RsrpNoService: "< {dbm} dBm: no service", "< {dbm} dBm: không có sóng";
        RsrpCovered: "{low} … {high} dBm: covered", "{low} … {high} dBm: có sóng";
        RsrpCoveredNotGood: "{low} … {high} dBm: covered, not good", "{low} … {high} dBm: có sóng, chưa tốt";
        RsrpGood: "≥ {dbm} dBm: good", "≥ {dbm} dBm: sóng tốt";
        GapMapTitle: "{province} — {n} of {total} communes miss a target", "{province} — {n}/{total} xã, phường chưa đạt mục tiêu";
        GapMapTargets: "targets: {list}", "mục tiêu: {list}";
        FibreInEveryCommune: "fibre in every commune", "cáp quang đến mọi xã, phường";
        FibreInShareOfCommunes: "fibre in ≥ {p} of communes", "cáp quang đến ≥ {p} số xã, phường";
        GapMapNote: "Households missing: the most households that must still be served for any one target (fibre counts households with demand). Labels: name, households missing, targets missed.", "Số hộ còn thiếu: số hộ lớn nhất còn phải phục vụ cho một mục tiêu (cáp quang tính hộ có nhu cầu). Nhãn: tên, số hộ còn thiếu, các mục tiêu chưa đạt.";
        MissingLabel: "−{n} hh ({targets})", "−{n} hộ ({targets})";
        NoFibre: "no fibre", "chưa có cáp quang";
        OneOrMore: "1 or more", "từ 1 trở lên";
        CommuneMeetingEveryTarget: "commune meeting every target", "xã, phường đạt mọi mục tiêu";
        Flagged: "flagged", "được đánh dấu";
        KpiChartTitle: "{province} — the province against its targets", "{province} — toàn tỉnh so với các mục tiêu";
        RankedChartTitle: "{province} — communes by households missing (top {n})", "{province} — các xã, phường còn thiếu nhiều hộ nhất (top {n})";
        RankedChartSubtitle: "households still to serve for the target each commune misses most", "số hộ còn phải phục vụ cho mục tiêu mà mỗi xã, phường thiếu nhiều nhất";
        RankedChartNote: "Bar colour: the commune's fibre class (share of households with demand served).", "Màu cột: lớp cáp quang của xã, phường (tỷ lệ hộ có nhu cầu được phục vụ).";
        FibreClass: "fibre {class}", "cáp quang {class}";
        InsetTitle: "Enlarged: the small communes framed on the map", "Phóng to: các xã, phường nhỏ trong khung trên bản đồ";
    }
}

/// The glossary as a Markdown table, section by section (what the README
/// shows).
pub fn markdown() -> String {
    let mut out = String::new();
    let mut section = "";
    for term in Term::ALL {
        if term.section() != section {
            section = term.section();
            out.push_str(&format!(
                "\n**{section}**\n\n| English | Tiếng Việt |\n|---|---|\n"
            ));
        }
        out.push_str(&format!("| {} | {} |\n", term.en(), term.vi()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::{is_nfc, UnicodeNormalization};

    #[test]
    fn every_term_is_nfc_and_keeps_its_placeholders() {
        for t in Term::ALL {
            assert!(is_nfc(t.vi()), "{t:?} is not NFC: {}", t.vi().nfc());
            let holes = |s: &str| s.matches('{').count();
            assert_eq!(holes(t.en()), holes(t.vi()), "{t:?}: placeholders differ");
        }
    }

    /// The README shows the glossary; regenerate it with
    /// `UPDATE_GLOSSARY=1 cargo test --release --lib lang::`.
    #[test]
    fn readme_shows_the_current_glossary() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        let (start, end) = ("<!-- glossary:start -->\n", "<!-- glossary:end -->");
        let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
            panic!("README.md has no glossary markers");
        };
        let want = markdown();
        if readme[a + start.len()..b] != want {
            if std::env::var_os("UPDATE_GLOSSARY").is_some() {
                let new = format!("{}{want}{}", &readme[..a + start.len()], &readme[b..]);
                std::fs::write(path, new).expect("write README.md");
            } else {
                panic!("README.md's glossary differs from src/lang/glossary.rs: run UPDATE_GLOSSARY=1 cargo test --release --lib lang::");
            }
        }
    }
}
