#pragma once
// Declarative command-line parsing shared by every subcommand.
//
// Each subcommand describes its options in a CommandSpec; parse_command() turns argv into
// ParsedArgs or a usage error. Options accept both `--name value` and `--name=value`.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cc::cli {

struct OptionSpec {
  std::string name;         // without the leading dashes, e.g. "format"
  std::string value_name;   // empty: a flag without a value; else shown in help, e.g. "FMT"
  std::string help;
};

struct ParsedArgs {
  std::vector<std::string> positionals;
  std::map<std::string, std::vector<std::string>> values;  // option -> every value given

  [[nodiscard]] bool has(const std::string& name) const { return values.count(name) != 0; }
  // The last value given for an option.
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const;
  [[nodiscard]] std::string get_or(const std::string& name, const std::string& fallback) const;
};

struct CommandSpec;
using CommandFn = int (*)(const CommandSpec& spec, const ParsedArgs& args);

struct CommandSpec {
  std::string name;     // "analyze"
  std::string summary;  // one line for the top-level help
  std::string usage;    // "codecrucible analyze PATH... [options]"
  std::string details;  // paragraphs printed after the options in --help
  std::vector<OptionSpec> options;
  CommandFn run = nullptr;
};

// Options every subcommand accepts (--config, --log-level, --log-file, --help).
const std::vector<OptionSpec>& common_options();

struct ParseError {
  std::string message;
};

// Parses args (the words after the subcommand). `--help` is reported as has("help").
std::optional<ParseError> parse_command(const CommandSpec& spec, const std::vector<std::string>& args,
                                        ParsedArgs& out);

std::string format_help(const CommandSpec& spec);

}  // namespace cc::cli
