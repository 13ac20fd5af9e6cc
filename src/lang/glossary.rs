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
        OldProvince: "old province", "tỉnh cũ";
        ParentArea: "parent area", "đơn vị cấp trên";
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
        NoSitesLayer: "no sites layer", "không có lớp trạm phát sóng";
        NoFibreLayer: "no fibre layer", "không có lớp cáp quang";
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
        // Operator targets ([[targets.operators]]); the English is the
        // summary's description.
        TargetOperatorNamed: "Households covered by {tech} of {operator}", "Hộ gia đình được phủ sóng {tech} của {operator}";
        TargetAnyOperator: "Households covered by {tech} of any operator", "Hộ gia đình được phủ sóng {tech} của ít nhất một nhà mạng";
        TargetChoiceOfOperators: "Households covered by {tech} of two or more operators (a choice)", "Hộ gia đình được phủ sóng {tech} của từ hai nhà mạng trở lên (có lựa chọn nhà mạng)";
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
        // The fibre rule in force (summary.md, report.html).
        FibreRuleInForceStraight: "Fibre: a household is served when the nearest fibre cable or distribution point is within {m} m in a straight line.", "Cáp quang: một hộ được phục vụ khi cáp hoặc điểm phân phối cáp quang gần nhất cách không quá {m} m theo đường thẳng.";
        FibreRuleInForceNetwork: "Fibre: a household is served when the straight line to the nearest road or canal plus the way along the roads and canals to the fibre (which joins them within {join} m) is at most {m} m; households on a road or canal the fibre does not join keep the straight distance.", "Cáp quang: một hộ được phục vụ khi đoạn thẳng từ hộ tới đường giao thông hoặc kênh rạch gần nhất cộng quãng đường dọc theo đường, kênh tới cáp quang (cáp nối vào đường, kênh trong phạm vi {join} m) không quá {m} m; hộ ở đoạn đường, kênh mà cáp quang không nối tới được tính theo khoảng cách đường thẳng.";
        FibreDistanceRule: "fibre: distance measured", "cáp quang: cách đo khoảng cách";
        FibreDistanceStraight: "straight line", "theo đường thẳng";
        FibreDistanceNetwork: "along roads and canals (fibre joins them within {join} m)", "dọc theo đường giao thông và kênh rạch (cáp nối vào trong phạm vi {join} m)";
    }
    "Comparisons and plans" {
        // compare.md, the change map, plan.md (src/output/compare_md.rs, plan_md.rs).
        CompareIntro: "Base scenario **{base}**, compared scenario **{scenario}**; {n} communes. Targets are those of {scenario} for both.", "Kịch bản gốc **{base}**, kịch bản so sánh **{scenario}**; {n} xã, phường. Cả hai được đánh giá theo mục tiêu của {scenario}.";
        ProvinceTargetsHeading: "Targets of the province", "Mục tiêu của tỉnh";
        Before: "before", "trước";
        After: "after", "sau";
        Change: "change", "thay đổi";
        BeforeToAfter: "before → after", "trước → sau";
        GapAfter: "gap after", "còn thiếu sau";
        CommunesMeetingIt: "communes meeting it", "số xã, phường đạt";
        Points: "{n} pts", "{n} điểm %";
        HouseholdsNewlyServed: "Households newly served", "Hộ được phục vụ thêm";
        Technology: "technology", "công nghệ";
        FibreDemandHouseholds: "Fibre (demand households)", "Cáp quang (hộ có nhu cầu)";
        GainedAndLost: "{gained} households gain at least one service and {lost} lose one{note}.", "{gained} hộ có thêm ít nhất một dịch vụ và {lost} hộ mất một dịch vụ{note}.";
        GainedLostBounds: " (the two scenarios read different households: these are bounds from the per-technology changes)", " (hai kịch bản đọc các hộ khác nhau: đây là các cận ước tính từ thay đổi của từng công nghệ)";
        CommunesHeading: "Communes", "Xã, phường";
        NewlyReached: "Newly reached by fibre", "Mới có cáp quang";
        NoLongerReached: "No longer reached by fibre", "Không còn cáp quang";
        MeetingTargetChange: "Meeting the {target} target ({p}): {before} → {after}; newly: {n}", "Đạt mục tiêu {target} ({p}): {before} → {after}; mới đạt: {n}";
        NoLongerCount: "no longer: {n}", "không còn đạt: {n}";
        MoreNames: "… ({n} more)", "… (và {n} xã, phường khác)";
        NoCommuneChanges: "No commune changes.", "Không có xã, phường nào thay đổi.";
        CommunesChangingMost: "Communes that change most", "Các xã, phường thay đổi nhiều nhất";
        Code: "code", "mã";
        Lost: "lost", "mất";
        CompareFiles: "Files: `compare.csv` (communes), `compare_province.csv`, `compare.geojson` (for QGIS), `maps/change.png` / `.svg`.", "Tệp: `compare.csv` (xã, phường), `compare_province.csv`, `compare.geojson` (cho QGIS), `maps/change.png` / `.svg`.";
        ChangeMapTitle: "{province} — {base} → {scenario}: households gaining a service", "{province} — {base} → {scenario}: hộ có thêm dịch vụ";
        ChangeMapSubtitle: "{gained} households gain fibre, 4G or 5G, {lost} lose one{changes}", "{gained} hộ có thêm cáp quang, 4G hoặc 5G, {lost} hộ mất một dịch vụ{changes}";
        ChangeMapNote: "Net change per commune: households gaining at least one service (fibre for demand households, 4G, 5G) minus households losing one. Hatched: newly reached by fibre.", "Thay đổi ròng của mỗi xã, phường: số hộ có thêm ít nhất một dịch vụ (cáp quang với hộ có nhu cầu, 4G, 5G) trừ số hộ mất một dịch vụ. Gạch chéo: mới có cáp quang.";
        ChangeMapSources: "Base: {base}; scenario: {scenario}. Computed with phusong {version}.", "Gốc: {base}; kịch bản: {scenario}. Tính toán bằng phusong {version}.";
        ChangeLegend: "Households gaining a service (net)", "Hộ có thêm dịch vụ (ròng)";
        NoChange: "no change", "không thay đổi";
        RangeTo: "{from} to {to}", "{from} đến {to}";
        NewFibreFeatures: "New fibre ({n} features)", "Cáp quang mới ({n} đoạn)";
        RemovedFibreFeatures: "Removed fibre ({n} features)", "Cáp quang bị gỡ ({n} đoạn)";
        NewSitesCount: "New sites ({n})", "Trạm mới ({n})";
        RemovedSitesCount: "Removed sites ({n})", "Trạm bị gỡ ({n})";
        SitePlanTitle: "Site plan: {tech} for {base}", "Quy hoạch trạm {tech} cho {base}";
        ForOperator: "For operator **{operator}**: its own sites' coverage is the base; the plan closes its gaps.", "Cho nhà mạng **{operator}**: vùng phủ của chính các trạm của nhà mạng là hiện trạng; quy hoạch lấp các khoảng trống của nhà mạng.";
        HouseholdsInCommunes: "Households in the communes: {n}", "Hộ gia đình trong các xã, phường: {n}";
        CoveredBefore: "Covered by {tech} before: {n} ({p})", "Được phủ sóng {tech} trước quy hoạch: {n} ({p})";
        CoveredAfter: "Covered after: {n} ({p})", "Được phủ sóng sau quy hoạch: {n} ({p})";
        PlanTargetLine: "Target: {p} of households ({n} more needed before the plan): **{status}**", "Mục tiêu: {p} hộ gia đình (trước quy hoạch còn thiếu {n} hộ): **{status}**";
        PlanNotMetCut: "NOT met: the plan was cut off", "CHƯA đạt: quy hoạch bị dừng sớm";
        PlanNotMetCandidates: "NOT met with these candidates", "CHƯA đạt với các vị trí ứng viên này";
        NoTechTarget: "No {tech} target in the scenario", "Kịch bản không đặt mục tiêu {tech}";
        StoppedBy: "Stopped by: **{rule}**", "Dừng vì: **{rule}**";
        NewSitesCost: "New sites: **{n}**, cost **{usd} USD**", "Trạm mới: **{n}**, chi phí **{usd} USD**";
        CandidatesLine: "Candidates: {n} ({source}); {evals} gain evaluations (lazy greedy)", "Vị trí ứng viên: {n} ({source}); {evals} lần đánh giá mức tăng (thuật toán tham lam lười)";
        GreedyNote: "Sites are chosen one at a time, each covering the most households not yet covered (greedy maximum coverage with lazy evaluation). For a fixed number of sites this is within (1 − 1/e) ≈ 63% of the best choice among the candidates (Nemhauser, Wolsey & Fisher 1978). Each candidate is a standard 3-sector site (azimuths 0/120/240°, technology defaults) evaluated with the run's own coverage model, so `phusong run scenario.toml` reproduces these counts.", "Các trạm được chọn lần lượt, mỗi lần chọn trạm phủ thêm nhiều hộ chưa được phủ nhất (bài toán phủ cực đại giải bằng thuật toán tham lam, đánh giá lười). Với một số trạm cho trước, kết quả đạt ít nhất (1 − 1/e) ≈ 63% so với cách chọn tốt nhất trong các vị trí ứng viên (Nemhauser, Wolsey & Fisher 1978). Mỗi vị trí ứng viên là một trạm 3 sector tiêu chuẩn (phương vị 0/120/240°, thông số mặc định của công nghệ), được đánh giá bằng chính mô hình vùng phủ của lần chạy, nên `phusong run scenario.toml` cho lại đúng các số liệu này.";
        Rank: "rank", "thứ tự";
        Site: "site", "trạm";
        NewHouseholds: "new households", "số hộ mới";
        CoveredAfterColumn: "covered after", "được phủ sau";
        CostUsdColumn: "cost USD", "chi phí USD";
        StopTarget: "target", "đạt mục tiêu";
        StopExhausted: "exhausted", "hết vị trí có ích";
        StopBudget: "budget", "hết ngân sách (--budget-usd)";
        StopMaxUsdPerHousehold: "max_usd_per_household", "vượt chi phí tối đa mỗi hộ (--max-usd-per-household)";
        StopMaxSites: "max_sites", "đủ số trạm tối đa (--max-sites)";
        FibrePlanTitle: "Fibre plan for {base}", "Quy hoạch cáp quang cho {base}";
        FibrePlanServed: "Demand households served: {before} ({pb}) before, {after} ({pa}) after; target {t}", "Hộ có nhu cầu được phục vụ: {before} ({pb}) trước, {after} ({pa}) sau quy hoạch; mục tiêu {t}";
        FibrePlanCommunes: "Communes reached: {n} of {m} before; communes meeting the household target: {before} before, {after} after", "Xã, phường có cáp quang: {n}/{m} trước quy hoạch; xã, phường đạt mục tiêu hộ gia đình: {before} trước, {after} sau";
        FibrePlanStop: "Stopped by: **{rule}**; households still missing to the target: {n}", "Dừng vì: **{rule}**; số hộ còn thiếu so với mục tiêu: {n}";
        FibrePlanExtensions: "Extensions chosen: {n} ({a} reach_commune, {b} cluster, {c} households), {km} km straight", "Đoạn mở rộng đã chọn: {n} ({a} đưa cáp đến xã, phường chưa có, {b} đến cụm hộ, {c} theo hộ), {km} km theo đường thẳng";
        FibrePlanRoutes: "Routes to build: **{n}** (one per commune, {lines} lines), **{km} km** ({kinds}){network}", "Tuyến cần xây: **{n}** (mỗi xã, phường một tuyến, {lines} đoạn), **{km} km** ({kinds}){network}";
        AlongNetwork: ", along the network layer", ", theo lớp đường giao thông và kênh rạch";
        FibrePlanCost: "Cost: **{usd} USD**: cable {cable} USD, drops {drops} USD ({n} households × {each} USD)", "Chi phí: **{usd} USD**: cáp {cable} USD, cáp thuê bao {drops} USD ({n} hộ × {each} USD)";
        FibreRuleNetwork: "Each commune's extension targets are joined to the fibre by one tree along the roads and canals (Mehlhorn's Steiner-tree 2-approximation; access lines from each target to the network, and anything the network cannot join, are straight). Network metres cost their kind's cost factor, straight metres the route factor.", "Các điểm cần mở rộng của mỗi xã, phường được nối vào mạng cáp quang bằng một cây theo đường giao thông và kênh rạch (xấp xỉ cây Steiner hệ số 2 của Mehlhorn; đoạn nối từ mỗi điểm vào mạng đường, và phần mạng đường không nối được, tính theo đường thẳng). Mỗi mét theo mạng đường tính hệ số chi phí của loại đường, mỗi mét đường thẳng tính hệ số tuyến.";
        FibreRuleStraight: "There is no network layer: each commune's extension targets are joined to the fibre by a straight-line minimum spanning tree (a lower bound of the route; costs multiply the length by the route factor).", "Không có lớp mạng đường: các điểm cần mở rộng của mỗi xã, phường được nối vào mạng cáp quang bằng cây khung nhỏ nhất theo đường thẳng (cận dưới của tuyến thực tế; chi phí bằng chiều dài nhân hệ số tuyến).";
        FibreServedRule: "A household is served when within the scenario's drop distance of a line, the rule of `phusong run`.", "Một hộ được phục vụ khi cách tuyến cáp không quá khoảng cách kéo cáp thuê bao của kịch bản, như quy tắc của `phusong run`.";
        FibreServedRuleNetwork: "A household is served when the straight line to the nearest road or canal plus the way along the network to the fibre (the planned routes included; the fibre joins the network within {join} m) is at most {m} m: the rule of `phusong run` under `[fibre] distance = \"network\"`.", "Một hộ được phục vụ khi đoạn thẳng từ hộ tới đường giao thông hoặc kênh rạch gần nhất cộng quãng đường dọc theo mạng đường tới cáp quang (kể cả các tuyến quy hoạch; cáp nối vào mạng đường trong phạm vi {join} m) không quá {m} m: quy tắc của `phusong run` khi `[fibre] distance = \"network\"`.";
        RoutesHeading: "Routes", "Tuyến cáp";
        Lines: "lines", "số đoạn";
        Km: "km", "km";
        ByKindKm: "by kind (km)", "theo loại (km)";
    }
    "Problems in the input" {
        // Data problems (officials, #13).
        Error: "error", "lỗi";
        Warning: "warning", "cảnh báo";
        ForExample: "e.g.", "ví dụ";
        LineWord: "line", "dòng";
        FeatureWord: "feature", "đối tượng";
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
        KindFarFromNetwork: "{n} findings of households far from the road and canal network", "{n} trường hợp hộ gia đình ở xa mạng lưới đường và kênh";
        KindNetworkUnreachable: "{n} findings of households the fibre cannot reach along the network", "{n} trường hợp hộ gia đình không thể nối tới cáp quang dọc theo mạng lưới đường và kênh";
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
        ParentBoundary: "{parent} boundary", "ranh giới {parent}";
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
        FibreMapTitleNetwork: "{province} — fibre: households with demand within {m} m of the fibre along roads and canals", "{province} — cáp quang: hộ có nhu cầu cách cáp quang không quá {m} m theo đường giao thông và kênh rạch";
        FibreMapNoteNetwork: "Served: straight to the nearest road or canal, then along the roads and canals to the fibre (which joins them within {join} m): at most {m} m in all. Hatched: no fibre element lies in or crosses the commune.", "Được phục vụ: đoạn thẳng tới đường giao thông hoặc kênh rạch gần nhất, rồi dọc theo đường, kênh tới cáp quang (cáp nối vào trong phạm vi {join} m): tổng cộng không quá {m} m. Gạch chéo: không có tuyến hay điểm cáp quang nào nằm trong hoặc đi qua xã, phường.";
        FibreLegendNetwork: "Fibre available to households with demand (along roads and canals)", "Hộ gia đình có nhu cầu được phủ cáp quang (theo đường giao thông và kênh rạch)";
        FibrePoints: "fibre distribution points", "điểm phân phối cáp quang";
        MobileMapTitle: "{province} — households with {tech} coverage, by commune", "{province} — hộ gia đình được phủ sóng {tech}, theo xã, phường";
        MobileMapTarget: "target ≥ {p} of households", "mục tiêu ≥ {p} hộ gia đình";
        MobileMapNoTarget: "no {tech} target set (classes around {p})", "chưa đặt mục tiêu {tech} (phân lớp quanh {p})";
        MobileMapNote: "Hatched: where the best-server RSRP predicted by the run's radio model is below its 'good' threshold (not hatched: good signal).", "Gạch chéo: nơi cường độ tín hiệu (RSRP) của trạm phục vụ tốt nhất, theo mô hình vô tuyến, dưới ngưỡng sóng tốt (không gạch: sóng tốt).";
        OperatorMapTitle: "{province} — households with {tech} coverage from {operator}'s sites, by commune", "{province} — hộ gia đình được phủ sóng {tech} từ các trạm của {operator}, theo xã, phường";
        OperatorMapNote: "Coverage of {operator}'s sites alone, by the run's radio model; weak-signal hatching omitted.", "Vùng phủ sóng chỉ từ các trạm của {operator}, theo mô hình vô tuyến của lần chạy; không vẽ vùng sóng yếu.";
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
