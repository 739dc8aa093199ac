// Analyzer throughput: MB/s single-threaded and on the pool over /usr/lib/python3.11 and
// /usr/include, beside `cat` and `rg` (ripgrep with an equivalent set of patterns) over the same
// files. Google Benchmark cases measure per-document analysis; main() prints the tree figures.
//
//   analysis_bench                       # tree figures + micro benchmarks
//   analysis_bench --tree-only           # only the tree figures
//   CC_BENCH_TREES=/a:/b analysis_bench  # other trees
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/thread_pool.h"
#include "analysis/throughput.h"

namespace {

namespace fs = std::filesystem;
using namespace cc::analysis;

// Roughly the analyzer's sink vocabulary, as one ripgrep alternation.
constexpr const char* kRgPatterns =
    R"(\b(eval|exec|system|popen|execute|executeQuery|query|pickle\.loads?|yaml\.load|md5|sha1|MD5|SHA1|)"
    R"(random\.|Math\.random|rand\(|strcpy|strcat|sprintf|gets|scanf|verify=False|rejectUnauthorized|)"
    R"(InsecureSkipVerify|innerHTML|document\.write|unserialize|readObject|Marshal\.load|debugger|)"
    R"(breakpoint|set_trace|TODO|FIXME|HACK|XXX|password|secret|token|api_key)\b)";

std::string list_file_for(const fs::path& root) {
  // The same files the analyzer reads: supported extensions, default skipped dirs excluded.
  std::string list = "/tmp/cc-bench-files-" + std::to_string(::getpid()) + ".txt";
  std::ofstream out(list);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_directory(ec)) {
      auto name = it->path().filename().string();
      if (name == ".git" || name == "node_modules" || name == "__pycache__") it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && language_from_path(it->path().string()) != Language::Unknown)
      out << it->path().string() << '\0';
  }
  return list;
}

double time_command(const std::string& cmd) {
  auto start = std::chrono::steady_clock::now();
  int rc = std::system(cmd.c_str());
  (void)rc;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void print_tree_figures() {
  std::vector<fs::path> trees = {"/usr/lib/python3.11", "/usr/include"};
  if (const char* env = std::getenv("CC_BENCH_TREES")) {
    trees.clear();
    std::string s = env;
    for (std::size_t b = 0, e; b <= s.size(); b = e + 1) {
      e = s.find(':', b);
      if (e == std::string::npos) e = s.size();
      if (e > b) trees.emplace_back(s.substr(b, e - b));
    }
  }
  std::size_t cores = cc::ThreadPool::default_size();
  std::printf("%-22s %8s %10s %9s %9s %10s\n", "tree", "threads", "files", "MB", "seconds", "MB/s");
  for (const auto& tree : trees) {
    if (!fs::exists(tree)) {
      std::printf("%-22s (missing)\n", tree.c_str());
      continue;
    }
    // Warm the page cache so every tool reads from memory.
    std::string list = list_file_for(tree);
    time_command("xargs -0 cat < " + list + " > /dev/null 2>&1");
    ThroughputReport single{}, pooled{};
    for (std::size_t threads : {std::size_t{0}, cores}) {
      ThroughputReport r = measure_tree_throughput(tree, threads);
      (threads == 0 ? single : pooled) = r;
      std::printf("%-22s %8zu %10zu %9.1f %9.3f %10.1f\n", tree.c_str(), threads == 0 ? std::size_t{1} : threads,
                  r.files, static_cast<double>(r.bytes) / 1e6, r.seconds, r.mb_per_second);
    }
    double mb = static_cast<double>(single.bytes) / 1e6;
    double cat_s = time_command("xargs -0 cat < " + list + " > /dev/null 2>&1");
    std::printf("%-22s %8s %10s %9.1f %9.3f %10.1f\n", "  cat (same files)", "1", "", mb, cat_s, mb / cat_s);
    std::string rg = "xargs -0 rg --no-config -c -j1 -e '" + std::string(kRgPatterns) + "' < " + list +
                     " > /dev/null 2>&1";
    double rg1 = time_command(rg);
    std::printf("%-22s %8s %10s %9.1f %9.3f %10.1f\n", "  rg -j1 (patterns)", "1", "", mb, rg1, mb / rg1);
    std::string rgn = "xargs -0 rg --no-config -c -e '" + std::string(kRgPatterns) + "' < " + list +
                      " > /dev/null 2>&1";
    double rgn_s = time_command(rgn);
    std::printf("%-22s %8zu %10s %9.1f %9.3f %10.1f\n", "  rg (patterns)", cores, "", mb, rgn_s, mb / rgn_s);
    std::remove(list.c_str());
  }
  std::fflush(stdout);
}

std::string sample_source(Language lang, std::size_t bytes) {
  std::string unit;
  switch (lang) {
    case Language::Python:
      unit =
          "def handler(request, db):\n"
          "    \"\"\"Fetch a row. eval() is not used here.\"\"\"\n"
          "    name = request.args.get('name')  # TODO validate\n"
          "    for row in db.execute(\"SELECT * FROM t WHERE n = ?\", (name,)):\n"
          "        if row and row[0] > 3:\n"
          "            yield f\"{row[0]}: {row[1]}\"\n";
      break;
    case Language::JavaScript:
      unit =
          "function render(el, items) {\n"
          "  // render the list; innerHTML is avoided\n"
          "  for (const it of items) {\n"
          "    if (it.visible && it.name) { el.append(`<li>${it.name}</li>`); }\n"
          "  }\n"
          "  return items.length > 0 ? 'ok' : \"empty\";\n"
          "}\n";
      break;
    default:
      unit =
          "static int parse(const char *s, char *out, size_t n) {\n"
          "  /* copy safely: strcpy is not used */\n"
          "  if (!s || !out) return -1;\n"
          "  for (size_t i = 0; i + 1 < n && s[i]; ++i) { out[i] = s[i]; }\n"
          "  return snprintf(out, n, \"%s\", s);\n"
          "}\n";
  }
  std::string src;
  while (src.size() < bytes) src += unit;
  return src;
}

void BM_AnalyzeDocument(benchmark::State& state, Language lang) {
  std::string src = sample_source(lang, 1 << 20);
  AnalysisConfig cfg;
  for (auto _ : state) {
    auto r = analyze_text(src, lang, cfg);
    benchmark::DoNotOptimize(r.findings.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(src.size()));
}
BENCHMARK_CAPTURE(BM_AnalyzeDocument, python_1MiB, Language::Python)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AnalyzeDocument, javascript_1MiB, Language::JavaScript)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AnalyzeDocument, c_1MiB, Language::C)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  bool tree_only = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--tree-only") == 0) tree_only = true;
    else args.push_back(argv[i]);
  }
  print_tree_figures();
  if (tree_only) return 0;
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
