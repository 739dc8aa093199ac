// Text, JSON and HTML renderings of the `codecrucible bench` areas.
#include "bench/areas/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <thread>

#include "server/version.h"

namespace cc::server::bench {
namespace {

std::string format_number(double v) {
  char buf[64];
  double a = std::fabs(v);
  if (a >= 1e4) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    // Thousands separators for readability of rates.
    std::string digits(buf), out;
    std::size_t start = digits[0] == '-' ? 1 : 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > start && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return out;
  }
  if (a >= 100) std::snprintf(buf, sizeof buf, "%.1f", v);
  else if (a >= 1) std::snprintf(buf, sizeof buf, "%.2f", v);
  else std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

const char* verdict(const BenchMetric& m) { return !m.pass ? "" : *m.pass ? "PASS" : "FAIL"; }

// Horizontal bars, one per point, scaled to the largest value.
std::string bar_chart_svg(const BenchChart& chart) {
  const int label_width = 190, bar_width = 420, row = 22, top = 26;
  const int height = top + row * static_cast<int>(chart.points.size()) + 8;
  double max = 0;
  for (const auto& [label, value] : chart.points) max = std::max(max, value);
  if (max <= 0) max = 1;
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << label_width + bar_width + 110 << "' height='" << height
      << "' role='img'><text x='0' y='16' class='t'>" << escape_html(chart.title) << " (" << escape_html(chart.unit) << ")</text>";
  int y = top;
  for (const auto& [label, value] : chart.points) {
    int w = static_cast<int>(std::lround(std::max(0.0, value) / max * bar_width));
    svg << "<text x='" << label_width - 6 << "' y='" << y + 14 << "' text-anchor='end'>" << escape_html(label) << "</text>"
        << "<rect x='" << label_width << "' y='" << y + 3 << "' width='" << std::max(w, 1) << "' height='" << row - 6
        << "' class='b'/><text x='" << label_width + w + 6 << "' y='" << y + 14 << "'>" << escape_html(format_number(value))
        << "</text>";
    y += row;
  }
  svg << "</svg>";
  return svg.str();
}

// y over x with min/max axis labels.
std::string line_chart_svg(const BenchChart& chart) {
  const int left = 60, width = 560, height = 200, top = 26, bottom = 24;
  double xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  std::vector<std::pair<double, double>> pts;
  for (const auto& [x, y] : chart.points) pts.push_back({std::strtod(x.c_str(), nullptr), y});
  if (!pts.empty()) {
    xmin = xmax = pts.front().first;
    ymin = ymax = pts.front().second;
    for (auto [x, y] : pts) xmin = std::min(xmin, x), xmax = std::max(xmax, x), ymin = std::min(ymin, y), ymax = std::max(ymax, y);
  }
  if (xmax <= xmin) xmax = xmin + 1;
  double pad = std::max(0.5, (ymax - ymin) * 0.1);
  ymin = std::max(0.0, ymin - pad);
  ymax += pad;
  auto sx = [&](double x) { return left + (x - xmin) / (xmax - xmin) * width; };
  auto sy = [&](double y) { return top + height - (y - ymin) / (ymax - ymin) * height; };
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << left + width + 20 << "' height='" << top + height + bottom
      << "' role='img'><text x='0' y='16' class='t'>" << escape_html(chart.title) << " (" << escape_html(chart.unit) << ")</text>"
      << "<line x1='" << left << "' y1='" << top << "' x2='" << left << "' y2='" << top + height << "' class='a'/>"
      << "<line x1='" << left << "' y1='" << top + height << "' x2='" << left + width << "' y2='" << top + height << "' class='a'/>"
      << "<text x='" << left - 4 << "' y='" << top + 10 << "' text-anchor='end'>" << format_number(ymax) << "</text>"
      << "<text x='" << left - 4 << "' y='" << top + height << "' text-anchor='end'>" << format_number(ymin) << "</text>"
      << "<text x='" << left << "' y='" << top + height + 16 << "'>" << format_number(xmin) << "</text>"
      << "<text x='" << left + width << "' y='" << top + height + 16 << "' text-anchor='end'>" << format_number(xmax) << "</text>"
      << "<polyline class='l' points='";
  for (auto [x, y] : pts) svg << sx(x) << ',' << sy(y) << ' ';
  svg << "'/></svg>";
  return svg.str();
}

}  // namespace

nlohmann::json report_json(const std::vector<BenchArea>& areas, bool quick) {
  nlohmann::json out = {{"version", cc::kVersion}, {"quick", quick},
                        {"system", {{"cores", std::thread::hardware_concurrency()}}}, {"areas", nlohmann::json::object()}};
  int passed = 0, failed = 0;
  for (const auto& area : areas) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& m : area.metrics) {
      nlohmann::json j = {{"value", m.value}, {"unit", m.unit}, {"label", m.label}};
      if (m.pass) {
        j["target"] = m.target;
        j["pass"] = *m.pass;
        (*m.pass ? passed : failed) += 1;
      }
      metrics[m.key] = j;
    }
    nlohmann::json charts = nlohmann::json::array();
    for (const auto& c : area.charts) {
      nlohmann::json points = nlohmann::json::array();
      for (const auto& [label, value] : c.points) points.push_back({label, value});
      charts.push_back({{"title", c.title}, {"unit", c.unit}, {"kind", c.line ? "line" : "bars"}, {"points", points}});
    }
    out["areas"][area.id] = {{"title", area.title}, {"seconds", area.seconds}, {"metrics", metrics},
                             {"charts", charts}, {"notes", area.notes}, {"details", area.details}};
  }
  out["passed"] = passed;
  out["failed"] = failed;
  return out;
}

std::string report_text(const BenchArea& area) {
  std::ostringstream out;
  char head[160];
  std::snprintf(head, sizeof head, "%s  (%.1f s)\n", area.title.c_str(), area.seconds);
  out << head;
  for (const auto& m : area.metrics) {
    char line[400];
    std::string value = format_number(m.value) + (m.unit.empty() ? "" : " " + m.unit);
    std::snprintf(line, sizeof line, "  %-44s %18s   %-22s %s\n", m.label.c_str(), value.c_str(),
                  m.target.empty() ? "" : ("target " + m.target).c_str(), verdict(m));
    out << line;
  }
  for (const auto& note : area.notes) out << "  note: " << note << "\n";
  return out.str();
}

std::string report_html(const std::vector<BenchArea>& areas, bool quick) {
  std::ostringstream html;
  int passed = 0, failed = 0;
  for (const auto& a : areas)
    for (const auto& m : a.metrics)
      if (m.pass) (*m.pass ? passed : failed) += 1;
  html << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>codecrucible bench</title><style>"
          "body{font-family:system-ui,sans-serif;margin:2em;max-width:1000px;color:#222}"
          "table{border-collapse:collapse;margin:.5em 0 1em}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}"
          "td.n{text-align:right;font-variant-numeric:tabular-nums}.PASS{color:#186a1e;font-weight:bold}.FAIL{color:#b00020;font-weight:bold}"
          "svg{display:block;margin:.5em 0 1em;font-size:12px}svg .t{font-weight:bold}svg .b{fill:#4a7fc1}"
          "svg .a{stroke:#888}svg .l{fill:none;stroke:#c1554a;stroke-width:2}.note{color:#666;font-size:90%}"
          "</style></head><body>\n<h1>codecrucible bench</h1>\n<p>Version " << cc::kVersion << " &middot; "
       << (quick ? "quick run" : "full run") << " &middot; " << std::thread::hardware_concurrency() << " cores &middot; "
       << passed << " targets met, " << failed << " missed</p>\n";
  for (const auto& area : areas) {
    html << "<h2>" << escape_html(area.title) << "</h2>\n<table><tr><th>Figure</th><th>Value</th><th>Target</th><th></th></tr>\n";
    for (const auto& m : area.metrics)
      html << "<tr><td>" << escape_html(m.label) << "</td><td class='n'>" << escape_html(format_number(m.value)) << " "
           << escape_html(m.unit) << "</td><td>" << escape_html(m.target) << "</td><td class='" << verdict(m) << "'>"
           << verdict(m) << "</td></tr>\n";
    html << "</table>\n";
    for (const auto& chart : area.charts) html << (chart.line ? line_chart_svg(chart) : bar_chart_svg(chart)) << "\n";
    for (const auto& note : area.notes) html << "<p class='note'>" << escape_html(note) << "</p>\n";
  }
  html << "</body></html>\n";
  return html.str();
}

}  // namespace cc::server::bench
