// Retrieval ranking: imported definitions before same-named ones elsewhere, the enclosing
// function and class, imports, recent edits only from indexed files, tests of the module,
// the token budget and redaction.
#include <gtest/gtest.h>

#include "analysis/index/index_builder.h"
#include "server/features/context_retrieval.h"

namespace {

using namespace cc::analysis;
using namespace cc::server;

std::string token() { return std::string("ghp_") + "9aZx3Qm7Lp2Wv8Rt5Ky1Bn4Hc6Jd0Fs3Ge7T"; }

struct Workspace {
  WorkspaceIndex index;
  std::string main_text =
      "from .util import helper\n"              // 0
      "import os\n"                             // 1
      "\n"                                      // 2
      "class Job:\n"                            // 3
      "    def run(self, x):\n"                 // 4
      "        y = helper(x)\n"                 // 5
      "        return self.finish(y)\n"         // 6
      "\n"                                      // 7
      "    def finish(self, y):\n"              // 8
      "        return y\n";                     // 9
  IndexedFilePtr main;
  Workspace() {
    main = index_text("/w/app/main.py", Language::Python, main_text, 1);
    index.put(main);
    index.put(index_text("/w/app/util.py", Language::Python,
                         "TOKEN = '" + token() + "'\n"
                         "def helper(value, retries=3):\n"
                         "    \"\"\"Normalises a value.\"\"\"\n"
                         "    return value\n",
                         1));
    index.put(index_text("/w/zzz/deep/other/util.py", Language::Python, "def helper(a, b, c):\n    return a\n", 1));
    index.put(index_text("/w/app/test_util.py", Language::Python,
                         "from app.util import helper\n\ndef test_helper():\n    assert helper(1) == 1\n", 1));
  }
  ContextQuery query(int line, int col) const {
    ContextQuery q;
    q.path = "/w/app/main.py";
    q.language = Language::Python;
    q.text = main_text;
    q.self = main;
    q.first_line = q.last_line = line;
    q.cursor_col = col;
    q.root = "/w";
    return q;
  }
};

const ContextItem* first_of(const ContextResult& r, const std::string& kind) {
  for (const auto& i : r.items)
    if (i.kind == kind) return &i;
  return nullptr;
}

TEST(ContextRetrieval, ImportedDefinitionRanksFirst) {
  Workspace w;
  auto r = retrieve_context(w.index, w.query(5, 12));
  const ContextItem* def = first_of(r, "definition");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->path, "/w/app/util.py");
  EXPECT_NE(def->reason.find("imported"), std::string::npos) << def->reason;
  EXPECT_NE(def->text.find("def helper(value, retries=3):"), std::string::npos) << def->text;
  // The other `helper` is further away and not imported: after the imported one, if at all.
  bool seen_imported = false;
  for (const auto& i : r.items) {
    if (i.kind != "definition") continue;
    if (i.path == "/w/app/util.py") seen_imported = true;
    if (i.path == "/w/zzz/deep/other/util.py") EXPECT_TRUE(seen_imported);
  }
  EXPECT_NE(r.summary().find("definition"), std::string::npos);
}

TEST(ContextRetrieval, EnclosingFunctionClassAndSameFileMethod) {
  Workspace w;
  auto q = w.query(6, -1);  // a selection: line 6
  auto r = retrieve_context(w.index, q);
  const ContextItem* fn = first_of(r, "enclosing-function");
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(fn->first_line, 4);
  EXPECT_NE(fn->text.find("y = helper(x)"), std::string::npos);
  const ContextItem* cls = first_of(r, "class-header");
  ASSERT_NE(cls, nullptr);
  EXPECT_NE(cls->text.find("class Job:"), std::string::npos);
  bool finish = false;
  for (const auto& i : r.items)
    if (i.kind == "definition" && i.path == "/w/app/main.py" && i.first_line == 8) finish = true;
  EXPECT_TRUE(finish);
  const ContextItem* imports = first_of(r, "imports");
  ASSERT_NE(imports, nullptr);
  EXPECT_NE(imports->text.find("from .util import helper"), std::string::npos);
}

TEST(ContextRetrieval, BudgetTrimsByRankAndSecretsAreRedacted) {
  Workspace w;
  auto q = w.query(5, 12);
  q.budget_tokens = 40;
  auto r = retrieve_context(w.index, q);
  EXPECT_LE(r.tokens, 40u);
  EXPECT_GT(r.dropped, 0u);
  q.budget_tokens = 0;
  EXPECT_TRUE(retrieve_context(w.index, q).items.empty());

  // A selection using TOKEN: the constant's definition is sent with the secret redacted.
  std::string text = "from .util import TOKEN\nprint(TOKEN)\n";
  auto self = index_text("/w/app/show.py", Language::Python, text, 1);
  w.index.put(self);
  ContextQuery s;
  s.path = self->path;
  s.language = Language::Python;
  s.text = text;
  s.self = self;
  s.first_line = s.last_line = 1;
  auto rs = retrieve_context(w.index, s);
  bool found = false;
  for (const auto& i : rs.items) {
    EXPECT_EQ(i.text.find(token()), std::string::npos);
    if (i.kind == "definition" && i.path == "/w/app/util.py") {
      found = true;
      EXPECT_NE(i.text.find("[REDACTED"), std::string::npos) << i.text;
    }
  }
  EXPECT_TRUE(found);
}

TEST(ContextRetrieval, RecentEditsOnlyFromIndexedFilesAndTests) {
  Workspace w;
  auto q = w.query(5, 12);
  q.recent = {{"/w/app/util.py", 0, 1, "def helper(value, retries=3):\n"},
              {"/outside/secret.py", 0, 0, "password = 'x'\n"},
              {"/w/app/main.py", 0, 0, "self\n"}};
  auto r = retrieve_context(w.index, q);
  int recent = 0;
  for (const auto& i : r.items)
    if (i.kind == "recent-edit") {
      ++recent;
      EXPECT_EQ(i.path, "/w/app/util.py");
    }
  EXPECT_EQ(recent, 1);

  // "Generate tests" for util.py finds test_util.py.
  auto util = w.index.file("/w/app/util.py");
  std::string util_text = "TOKEN = 'x'\ndef helper(value, retries=3):\n    \"\"\"Normalises a value.\"\"\"\n    return value\n";
  ContextQuery t;
  t.path = util->path;
  t.language = Language::Python;
  t.text = util_text;
  t.self = util;
  t.first_line = 1;
  t.last_line = 3;
  t.purpose = ContextPurpose::Tests;
  t.read_file = [](const std::string& p) {
    return p == "/w/app/test_util.py" ? std::string("from app.util import helper\n\ndef test_helper():\n    assert helper(1) == 1\n")
                                      : std::string{};
  };
  auto rt = retrieve_context(w.index, t);
  const ContextItem* test = first_of(rt, "test");
  ASSERT_NE(test, nullptr);
  EXPECT_EQ(test->path, "/w/app/test_util.py");
  EXPECT_NE(test->text.find("def test_helper"), std::string::npos);
}

TEST(ContextRetrieval, RenderingAndJson) {
  Workspace w;
  auto r = retrieve_context(w.index, w.query(5, 12));
  std::string text = render_context(r, "/w");
  EXPECT_NE(text.find("--- app/util.py:"), std::string::npos) << text;
  std::string comments = render_context_comments(r, "/w", Language::Python);
  EXPECT_EQ(comments.rfind("# Path: ", 0), 0u) << comments;
  auto j = context_items_json(r, "/w", false);
  ASSERT_FALSE(j.empty());
  EXPECT_TRUE(j[0].contains("kind") && j[0].contains("range") && j[0].contains("tokens") && j[0].contains("reason"));
  EXPECT_EQ(render_context(ContextResult{}, "/w"), "");
}

}  // namespace
