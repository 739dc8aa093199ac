// `codecrucible bench --quick --json --out FILE` runs all six areas and writes a report with
// numeric figures. Figures are not asserted against targets here (that is the bench's job);
// this checks the command measures every area and reports in the documented shape.
// Slow-ish (the quick bench takes several seconds): ctest -E BenchCommand excludes it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

int run_shell(const std::string& command) {
  int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(BenchCommand, QuickJsonReportHasAllSixAreasWithNumericFigures) {
  fs::path dir = fs::temp_directory_path() / ("cc-bench-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path out = dir / "report.json";
  fs::path html = dir / "report.html";
  // `timeout` bounds the run; the text table goes to a log for diagnosis.
  std::string command = "timeout 120 '" + std::string(CC_BINARY) + "' bench --quick --json --out '" + out.string() +
                        "' --html '" + html.string() + "' > '" + (dir / "stdout.txt").string() + "' 2>&1";
  ASSERT_EQ(run_shell(command), 0) << std::ifstream(dir / "stdout.txt").rdbuf();

  std::ifstream in(out);
  auto report = nlohmann::json::parse(in, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << "report is not JSON";
  EXPECT_EQ(report.value("quick", false), true);
  ASSERT_TRUE(report.contains("areas"));
  for (const char* id : {"router", "scheduler", "workerPool", "memory", "cache", "eventLoop"}) {
    SCOPED_TRACE(id);
    ASSERT_TRUE(report["areas"].contains(id));
    const auto& metrics = report["areas"][id]["metrics"];
    ASSERT_TRUE(metrics.is_object());
    ASSERT_FALSE(metrics.empty());
    int with_target = 0;
    for (const auto& [key, metric] : metrics.items()) {
      SCOPED_TRACE(key);
      ASSERT_TRUE(metric["value"].is_number());
      if (metric.contains("pass")) {
        EXPECT_TRUE(metric["pass"].is_boolean());
        EXPECT_FALSE(metric.value("target", "").empty());
        ++with_target;
      }
    }
    EXPECT_GT(with_target, 0) << "every area checks at least one target";
  }
  // Specific figures the issue names.
  EXPECT_GT(report["areas"]["router"]["metrics"]["cachedDecisionsPerSec"]["value"].get<double>(), 0);
  EXPECT_GT(report["areas"]["workerPool"]["metrics"]["files"]["value"].get<double>(), 0);
  EXPECT_GT(report["areas"]["eventLoop"]["metrics"]["timerFires"]["value"].get<double>(), 0);
  EXPECT_EQ(report["areas"]["memory"]["metrics"]["generationSuccessPct"]["value"].get<double>(), 100.0);
  EXPECT_TRUE(report["areas"]["memory"]["metrics"].contains("growthMB"));

  // The HTML report is self-contained: inline SVG, no external resources.
  std::ifstream html_in(html);
  std::string page((std::istreambuf_iterator<char>(html_in)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("<svg"), std::string::npos);
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (auto at = page.find(needle); at != std::string::npos; at = page.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("http://"), count("http://www.w3.org/2000/svg"));
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  fs::remove_all(dir);
}

TEST(BenchCommand, UnexpectedArgumentIsAUsageError) {
  EXPECT_EQ(run_shell("'" + std::string(CC_BINARY) + "' bench extra >/dev/null 2>&1"), 2);
  EXPECT_EQ(run_shell("'" + std::string(CC_BINARY) + "' bench --no-such-option >/dev/null 2>&1"), 2);
}

}  // namespace
