// The symbol extractor per language: definitions (name, kind, container, range, signature,
// doc), imports and identifiers used per function; look-alikes in comments and strings.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/index/symbols.h"

namespace {

using namespace cc::analysis;

const Definition* find(const FileSymbols& s, std::string_view name) {
  for (const auto& d : s.definitions)
    if (d.name == name) return &d;
  return nullptr;
}

bool has_import(const FileSymbols& s, std::string_view module) {
  return std::any_of(s.imports.begin(), s.imports.end(), [&](const Import& i) { return i.module == module; });
}

bool uses(const FileSymbols& s, const Definition& d, std::string_view id) {
  return std::any_of(d.uses.begin(), d.uses.end(), [&](std::uint32_t u) { return s.identifiers[u] == id; });
}

TEST(IndexSymbols, Python) {
  auto s = extract_symbols(
      "import os.path, sys as system\n"
      "from .util import (helper,\n    other as o)\n"
      "MAX_SIZE = 10\n"
      "timeout: float = 2.5\n"
      "# def not_a_function(): pass\n"
      "class Parser(Base):\n"
      "    \"\"\"Parses things.\"\"\"\n"
      "    LIMIT = 3\n"
      "    def parse(self, text):\n"
      "        \"\"\"Parse `text`.\"\"\"\n"
      "        return helper(text) + os.path.join('a', 'b')\n"
      "\n"
      "def main():\n"
      "    s = \"def fake(): pass\"\n"
      "    Parser().parse(s)\n",
      Language::Python);
  ASSERT_NE(find(s, "Parser"), nullptr);
  EXPECT_EQ(find(s, "Parser")->kind, SymbolKind::Class);
  EXPECT_EQ(find(s, "Parser")->line, 6);
  EXPECT_EQ(find(s, "Parser")->end_line, 11);
  EXPECT_EQ(find(s, "Parser")->doc, "Parses things.");
  const Definition* parse = find(s, "parse");
  ASSERT_NE(parse, nullptr);
  EXPECT_EQ(parse->kind, SymbolKind::Method);
  EXPECT_EQ(parse->container, "Parser");
  EXPECT_EQ(parse->signature, "    def parse(self, text):");
  EXPECT_EQ(parse->doc, "Parse `text`.");
  EXPECT_TRUE(uses(s, *parse, "helper"));
  EXPECT_TRUE(uses(s, *parse, "join"));
  ASSERT_NE(find(s, "main"), nullptr);
  EXPECT_EQ(find(s, "main")->kind, SymbolKind::Function);
  EXPECT_TRUE(uses(s, *find(s, "main"), "Parser"));
  ASSERT_NE(find(s, "MAX_SIZE"), nullptr);
  EXPECT_EQ(find(s, "MAX_SIZE")->kind, SymbolKind::Constant);
  EXPECT_NE(find(s, "timeout"), nullptr);
  EXPECT_EQ(find(s, "not_a_function"), nullptr);
  EXPECT_EQ(find(s, "fake"), nullptr);
  EXPECT_TRUE(has_import(s, "os.path"));
  EXPECT_TRUE(has_import(s, "sys"));
  ASSERT_TRUE(has_import(s, ".util"));
  auto util = std::find_if(s.imports.begin(), s.imports.end(), [](const Import& i) { return i.module == ".util"; });
  EXPECT_EQ(util->names, (std::vector<std::string>{"helper", "other"}));
}

TEST(IndexSymbols, JavaScript) {
  auto s = extract_symbols(
      "import { readFile, stat as st } from 'fs';\n"
      "import Router from './router.js';\n"
      "const express = require('express');\n"
      "const LIMIT = 5\n"
      "/** Adds two numbers. */\n"
      "function add(a, b) {\n"
      "  return a + b;\n"
      "}\n"
      "class Server extends Base {\n"
      "  listen(port) {\n"
      "    return add(port, 1);\n"
      "  }\n"
      "}\n"
      "export const handler = (req) => {\n"
      "  return req;\n"
      "};\n"
      "// function commented() {}\n",
      Language::JavaScript);
  ASSERT_NE(find(s, "add"), nullptr);
  EXPECT_EQ(find(s, "add")->doc, "/** Adds two numbers. */");
  EXPECT_EQ(find(s, "add")->line, 5);
  EXPECT_EQ(find(s, "add")->end_line, 7);
  ASSERT_NE(find(s, "Server"), nullptr);
  EXPECT_EQ(find(s, "Server")->kind, SymbolKind::Class);
  ASSERT_NE(find(s, "listen"), nullptr);
  EXPECT_EQ(find(s, "listen")->container, "Server");
  EXPECT_EQ(find(s, "listen")->kind, SymbolKind::Method);
  EXPECT_NE(find(s, "handler"), nullptr);
  EXPECT_NE(find(s, "LIMIT"), nullptr);
  EXPECT_EQ(find(s, "commented"), nullptr);
  EXPECT_TRUE(has_import(s, "fs"));
  EXPECT_TRUE(has_import(s, "./router.js"));
  EXPECT_TRUE(has_import(s, "express"));
}

TEST(IndexSymbols, TypeScript) {
  auto s = extract_symbols(
      "export interface Options {\n  port: number;\n}\n"
      "export type Handler = (req: Request) => void;\n"
      "export enum Color { Red, Green }\n"
      "export function serve(opts: Options): void {\n  start(opts);\n}\n",
      Language::TypeScript);
  ASSERT_NE(find(s, "Options"), nullptr);
  EXPECT_EQ(find(s, "Options")->kind, SymbolKind::Interface);
  EXPECT_EQ(find(s, "Options")->end_line, 2);
  ASSERT_NE(find(s, "Handler"), nullptr);
  EXPECT_EQ(find(s, "Handler")->kind, SymbolKind::Type);
  ASSERT_NE(find(s, "Color"), nullptr);
  EXPECT_EQ(find(s, "Color")->kind, SymbolKind::Enum);
  ASSERT_NE(find(s, "serve"), nullptr);
  EXPECT_EQ(find(s, "serve")->signature, "export function serve(opts: Options): void {");
}

TEST(IndexSymbols, CHeaderAndSource) {
  auto s = extract_symbols(
      "#include <stdio.h>\n"
      "#include \"util.h\"\n"
      "#define BUFFER_SIZE 4096\n"
      "#define MAX(a, b) \\\n  ((a) > (b) ? (a) : (b))\n"
      "/* Opens a stream. */\n"
      "extern FILE *open_stream (const char *__path, int __flags) __attribute__ ((__nonnull__ (1)));\n"
      "typedef struct {\n  int x;\n} point_t;\n"
      "struct node {\n  struct node *next;\n};\n"
      "typedef int (*compare_fn)(const void *, const void *);\n"
      "static const int kLimit = 3;\n"
      "int area(point_t p) {\n  return MAX(p.x, 0);\n}\n"
      "MACRO_CALL(x);\n",
      Language::C);
  ASSERT_NE(find(s, "open_stream"), nullptr);
  EXPECT_EQ(find(s, "open_stream")->kind, SymbolKind::Function);
  EXPECT_EQ(find(s, "open_stream")->doc, "/* Opens a stream. */");
  ASSERT_NE(find(s, "BUFFER_SIZE"), nullptr);
  EXPECT_EQ(find(s, "BUFFER_SIZE")->kind, SymbolKind::Macro);
  ASSERT_NE(find(s, "MAX"), nullptr);
  EXPECT_EQ(find(s, "MAX")->end_line, 4);
  ASSERT_NE(find(s, "point_t"), nullptr);
  EXPECT_EQ(find(s, "point_t")->kind, SymbolKind::Struct);
  ASSERT_NE(find(s, "node"), nullptr);
  EXPECT_EQ(find(s, "node")->end_line, 12);
  EXPECT_NE(find(s, "compare_fn"), nullptr);
  EXPECT_NE(find(s, "kLimit"), nullptr);
  ASSERT_NE(find(s, "area"), nullptr);
  EXPECT_EQ(find(s, "area")->end_line, 17);
  EXPECT_TRUE(uses(s, *find(s, "area"), "MAX"));
  EXPECT_EQ(find(s, "MACRO_CALL"), nullptr);
  EXPECT_TRUE(has_import(s, "stdio.h"));
  EXPECT_TRUE(has_import(s, "util.h"));
}

TEST(IndexSymbols, CppNamespacesAndClasses) {
  auto s = extract_symbols(
      "namespace app {\n"
      "// A widget.\n"
      "class Widget : public Base {\n"
      " public:\n"
      "  void draw(int x) const;\n"
      "  int size() const { return n_; }\n"
      "};\n"
      "int helper(int);\n"
      "}  // namespace app\n",
      Language::Cpp);
  ASSERT_NE(find(s, "Widget"), nullptr);
  EXPECT_EQ(find(s, "Widget")->doc, "// A widget.");
  EXPECT_EQ(find(s, "Widget")->end_line, 6);
  ASSERT_NE(find(s, "draw"), nullptr);
  EXPECT_EQ(find(s, "draw")->container, "Widget");
  ASSERT_NE(find(s, "size"), nullptr);
  EXPECT_EQ(find(s, "size")->container, "Widget");
  ASSERT_NE(find(s, "helper"), nullptr);
  EXPECT_EQ(find(s, "helper")->container, "");
}

TEST(IndexSymbols, Go) {
  auto s = extract_symbols(
      "package server\n\n"
      "import (\n\t\"fmt\"\n\tnet \"net/http\"\n)\n"
      "import \"os\"\n"
      "const Version = \"1.0\"\n"
      "const (\n\tA = iota\n\tB\n)\n"
      "// Server serves.\n"
      "type Server struct {\n\taddr string\n}\n"
      "type Handler interface {\n\tServe()\n}\n"
      "type ID int\n"
      "func (s *Server) Run(port int) error {\n\treturn fmt.Errorf(\"x\")\n}\n"
      "func New() *Server {\n\treturn &Server{}\n}\n",
      Language::Go);
  ASSERT_NE(find(s, "Server"), nullptr);
  EXPECT_EQ(find(s, "Server")->kind, SymbolKind::Struct);
  EXPECT_EQ(find(s, "Server")->doc, "// Server serves.");
  ASSERT_NE(find(s, "Handler"), nullptr);
  EXPECT_EQ(find(s, "Handler")->kind, SymbolKind::Interface);
  EXPECT_NE(find(s, "ID"), nullptr);
  ASSERT_NE(find(s, "Run"), nullptr);
  EXPECT_EQ(find(s, "Run")->container, "Server");
  EXPECT_EQ(find(s, "Run")->kind, SymbolKind::Method);
  EXPECT_NE(find(s, "New"), nullptr);
  EXPECT_NE(find(s, "Version"), nullptr);
  EXPECT_NE(find(s, "A"), nullptr);
  EXPECT_NE(find(s, "B"), nullptr);
  EXPECT_TRUE(has_import(s, "fmt"));
  EXPECT_TRUE(has_import(s, "net/http"));
  EXPECT_TRUE(has_import(s, "os"));
}

TEST(IndexSymbols, Java) {
  auto s = extract_symbols(
      "import java.util.List;\n"
      "import static org.junit.Assert.*;\n"
      "/** A cache. */\n"
      "public final class Cache<K, V> {\n"
      "  public static final int CAPACITY = 16;\n"
      "  public V get(K key) {\n    return lookup(key);\n  }\n"
      "}\n"
      "interface Store { void put(String k); }\n",
      Language::Java);
  ASSERT_NE(find(s, "Cache"), nullptr);
  EXPECT_EQ(find(s, "Cache")->doc, "/** A cache. */");
  ASSERT_NE(find(s, "get"), nullptr);
  EXPECT_EQ(find(s, "get")->container, "Cache");
  ASSERT_NE(find(s, "CAPACITY"), nullptr);
  EXPECT_EQ(find(s, "CAPACITY")->container, "Cache");
  ASSERT_NE(find(s, "Store"), nullptr);
  EXPECT_EQ(find(s, "Store")->kind, SymbolKind::Interface);
  EXPECT_NE(find(s, "put"), nullptr);
  EXPECT_TRUE(has_import(s, "java.util.List"));
  EXPECT_TRUE(has_import(s, "org.junit.Assert.*"));
}

TEST(IndexSymbols, Rust) {
  auto s = extract_symbols(
      "use std::collections::HashMap;\n"
      "use crate::util::{parse, render};\n"
      "mod config;\n"
      "pub const MAX: usize = 8;\n"
      "/// A point.\n"
      "pub struct Point { x: i32 }\n"
      "impl Point {\n    pub fn norm(&self) -> i32 { self.x }\n}\n"
      "pub trait Shape { fn area(&self) -> f64; }\n"
      "fn main() {\n    let p = Point { x: 1 };\n}\n",
      Language::Rust);
  ASSERT_NE(find(s, "Point"), nullptr);
  EXPECT_EQ(find(s, "Point")->doc, "/// A point.");
  EXPECT_EQ(std::count_if(s.definitions.begin(), s.definitions.end(), [](const Definition& d) { return d.name == "Point"; }), 1);
  ASSERT_NE(find(s, "norm"), nullptr);
  EXPECT_EQ(find(s, "norm")->container, "Point");
  ASSERT_NE(find(s, "Shape"), nullptr);
  EXPECT_EQ(find(s, "Shape")->kind, SymbolKind::Interface);
  EXPECT_NE(find(s, "MAX"), nullptr);
  EXPECT_NE(find(s, "main"), nullptr);
  EXPECT_TRUE(has_import(s, "std::collections::HashMap"));
  EXPECT_TRUE(has_import(s, "crate::util"));
  EXPECT_TRUE(has_import(s, "config"));
}

TEST(IndexSymbols, Ruby) {
  auto s = extract_symbols(
      "require 'json'\n"
      "require_relative 'lib/helper'\n"
      "module Shop\n"
      "  TAX = 0.2\n"
      "  class Cart\n"
      "    def total(items)\n"
      "      items.sum\n"
      "    end\n"
      "  end\n"
      "end\n",
      Language::Ruby);
  ASSERT_NE(find(s, "Shop"), nullptr);
  ASSERT_NE(find(s, "Cart"), nullptr);
  EXPECT_EQ(find(s, "Cart")->container, "Shop");
  ASSERT_NE(find(s, "total"), nullptr);
  EXPECT_EQ(find(s, "total")->container, "Cart");
  EXPECT_NE(find(s, "TAX"), nullptr);
  EXPECT_TRUE(has_import(s, "json"));
  EXPECT_TRUE(has_import(s, "./lib/helper"));
}

TEST(IndexSymbols, PhpShellCSharp) {
  auto php = extract_symbols(
      "<?php\nuse App\\Models\\User;\nrequire_once 'lib.php';\n"
      "class Repo {\n  const TABLE = 'users';\n  public function find($id) {\n    return User::find($id);\n  }\n}\n"
      "function helper() { return 1; }\n",
      Language::Php);
  ASSERT_NE(find(php, "Repo"), nullptr);
  ASSERT_NE(find(php, "find"), nullptr);
  EXPECT_EQ(find(php, "find")->container, "Repo");
  EXPECT_NE(find(php, "TABLE"), nullptr);
  EXPECT_NE(find(php, "helper"), nullptr);
  EXPECT_TRUE(has_import(php, "App\\Models\\User"));
  EXPECT_TRUE(has_import(php, "lib.php"));

  auto sh = extract_symbols("#!/bin/sh\nsource ./common.sh\nLOG_DIR=/var/log\nlog() {\n  echo \"$1\"\n}\n", Language::Shell);
  EXPECT_NE(find(sh, "log"), nullptr);
  EXPECT_NE(find(sh, "LOG_DIR"), nullptr);
  EXPECT_TRUE(has_import(sh, "./common.sh"));

  auto cs = extract_symbols(
      "using System.Text;\nnamespace App {\n  public class Greeter {\n    public const string Hello = \"hi\";\n"
      "    public string Greet(string name) { return Hello + name; }\n  }\n}\n",
      Language::CSharp);
  ASSERT_NE(find(cs, "Greeter"), nullptr);
  ASSERT_NE(find(cs, "Greet"), nullptr);
  EXPECT_EQ(find(cs, "Greet")->container, "Greeter");
  EXPECT_NE(find(cs, "Hello"), nullptr);
  EXPECT_TRUE(has_import(cs, "System.Text"));
}

TEST(IndexSymbols, HostileInputStaysBounded) {
  std::string deep(200000, '{');
  auto a = extract_symbols(deep, Language::C);
  EXPECT_TRUE(a.definitions.empty());
  std::string many;
  for (int i = 0; i < 30000; ++i) many += "#define M" + std::to_string(i) + " 1\n";
  auto b = extract_symbols(many, Language::C);
  EXPECT_LE(b.definitions.size(), kMaxDefinitionsPerFile);
  std::string unterminated = "def f(:\n  \"\"\"never closed\n" + std::string(10000, 'x');
  auto c = extract_symbols(unterminated, Language::Python);
  for (const auto& d : c.definitions) EXPECT_LE(d.doc.size(), kMaxDocBytes + 4);
  EXPECT_TRUE(extract_symbols("", Language::Python).definitions.empty());
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes.push_back(static_cast<char>(i * 37));
  for (Language l : {Language::Python, Language::JavaScript, Language::TypeScript, Language::C, Language::Cpp,
                     Language::Go, Language::Java, Language::Rust, Language::Ruby, Language::Php, Language::Shell,
                     Language::CSharp})
    (void)extract_symbols(bytes, l);  // never crashes or hangs
}

}  // namespace

namespace {

TEST(IndexSymbols, PythonFormatSpecWithHashDoesNotHideTheRestOfTheFile) {
  auto s = cc::analysis::extract_symbols(
      "class Semaphore:\n"
      "    def __repr__(self):\n"
      "        return f\"<at {id(self):#x}>\"\n"
      "\n"
      "def current_thread():\n"
      "    pass\n",
      cc::analysis::Language::Python);
  ASSERT_NE(find(s, "current_thread"), nullptr);
  EXPECT_EQ(find(s, "current_thread")->container, "");
  EXPECT_EQ(find(s, "Semaphore")->end_line, 2);
}

}  // namespace
