#pragma once
// Renders `codecrucible bench` results: a text table (figure beside target, PASS/FAIL), the
// JSON report and a self-contained HTML page with inline SVG charts (no scripts, no network).
//
// Thread-safety: pure functions of their arguments.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/areas/bench_area.h"

namespace cc::server::bench {

// {"version", "quick", "system": {...}, "areas": {id: {...}}, "passed", "failed"}
nlohmann::json report_json(const std::vector<BenchArea>& areas, bool quick);
std::string report_text(const BenchArea& area);
std::string report_html(const std::vector<BenchArea>& areas, bool quick);

}  // namespace cc::server::bench
