#pragma once
// Per-language knowledge of the data-flow engine: where untrusted data comes from (sources), where
// it does harm (sinks, by family and argument), what neutralises it (sanitizers), which methods
// yield plain numbers or booleans, and which calls or declared types give an object a kind that
// later method calls are matched on ("PrintWriter.println"). Static data; thread-safe.
#include <span>
#include <string_view>

#include "analysis/flow/value.h"
#include "analysis/lang/language.h"

namespace cc::analysis::flow {

// Patterns are matched against the end of a call chain at a dot boundary: "getParameter" matches
// "request.getParameter"; "getWriter.println" matches "response.getWriter.println"; a receiver
// with a kind is written as its kind ("PrintWriter.println").
struct SourceEntry {
  std::string_view pattern;
  bool attribute = false;  // matches a plain access (request.args) as well as a call
  bool local = false;      // argv, environment, stdin: the user running the program, not a remote caller
};

enum class SinkMode : unsigned char {
  Args,        // the listed argument (or every argument) must not carry taint
  Receiver,    // the object the method is called on (ObjectInputStream.readObject)
  ShellFlag,   // Python subprocess: argument 0 with shell=True, or a ["sh", "-c", x] list
  ShellArgs,   // exec.Command("sh", "-c", x): the arguments after a shell and -c
  UnsafeYaml,  // yaml.load without a safe Loader
};

struct SinkEntry {
  std::string_view pattern;
  Family family;
  int arg = 0;  // argument index; -1: every argument
  SinkMode mode = SinkMode::Args;
  std::string_view rule = {};  // rule id when not the family's default
};

struct SanitizerEntry {
  std::string_view pattern;
  FamilyMask families;  // kAllFamilies: the result is clean (numeric conversion)
};

struct KindEntry {
  std::string_view pattern;  // call chain suffix ("getWriter") or a type name ("PrintWriter")
  std::string_view kind;
};

// Assignment targets that are sinks: `session["k"] = v`, `response.headers["X"] = v`.
struct AssignSink {
  std::string_view root;  // chain before the subscript
  Family family;
};

struct LanguageTables {
  std::span<const SourceEntry> sources;
  std::span<const SinkEntry> sinks;
  std::span<const SanitizerEntry> sanitizers;
  std::span<const std::string_view> clean_methods;  // results are numbers/booleans (length, equals)
  std::span<const KindEntry> kinds;
  std::span<const AssignSink> assign_sinks;
  std::span<const std::string_view> triggers;  // words that make a function worth analysing
  bool route_returns_are_responses = false;    // Flask/Django: a handler's return value is the body
};

// nullptr when the engine has no tables for the language (the pattern rules stay in charge).
const LanguageTables* tables_for(Language lang);
const LanguageTables& java_tables();
const LanguageTables& python_tables();
const LanguageTables& javascript_tables();  // also TypeScript
const LanguageTables& go_tables();

bool chain_matches(std::string_view chain, std::string_view pattern);
std::string_view default_rule(Family family);
int family_cwe(Family family);
std::string_view family_name(Family family);

}  // namespace cc::analysis::flow
