#include "server/cli/args.h"

#include <sstream>

namespace cc::cli {

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string ParsedArgs::get_or(const std::string& name, const std::string& fallback) const {
  auto v = get(name);
  return v ? *v : fallback;
}

const std::vector<OptionSpec>& common_options() {
  static const std::vector<OptionSpec> options = {
      {"config", "FILE", "read configuration from FILE (JSON) on top of the user config"},
      {"log-level", "LEVEL", "trace, debug, info, warn (default), error, off"},
      {"log-file", "FILE", "write the log to FILE instead of stderr"},
      {"help", "", "show this help"},
  };
  return options;
}

static const OptionSpec* find_option(const CommandSpec& spec, const std::string& name) {
  for (const auto& o : spec.options)
    if (o.name == name) return &o;
  for (const auto& o : common_options())
    if (o.name == name) return &o;
  return nullptr;
}

std::optional<ParseError> parse_command(const CommandSpec& spec, const std::vector<std::string>& args,
                                        ParsedArgs& out) {
  bool only_positionals = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positionals || arg.size() < 2 || arg.rfind("--", 0) != 0) {
      if (!only_positionals && arg.size() >= 2 && arg[0] == '-' && arg != "-")
        return ParseError{"unknown option '" + arg + "'"};
      out.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positionals = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    const OptionSpec* opt = find_option(spec, name);
    if (!opt) return ParseError{"unknown option '--" + name + "'"};
    if (opt->value_name.empty()) {
      if (inline_value) return ParseError{"option '--" + name + "' takes no value"};
      out.values[name].push_back("");
      continue;
    }
    if (inline_value) {
      out.values[name].push_back(*inline_value);
    } else if (i + 1 < args.size()) {
      out.values[name].push_back(args[++i]);
    } else {
      return ParseError{"option '--" + name + "' needs a value (" + opt->value_name + ")"};
    }
  }
  return std::nullopt;
}

static void append_options(std::ostringstream& os, const std::vector<OptionSpec>& options) {
  for (const auto& o : options) {
    std::string left = "  --" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    os << left;
    if (left.size() < 28) os << std::string(28 - left.size(), ' ');
    else os << "\n" << std::string(28, ' ');
    os << o.help << "\n";
  }
}

std::string format_help(const CommandSpec& spec) {
  std::ostringstream os;
  os << "Usage: " << spec.usage << "\n\n" << spec.summary << "\n\nOptions:\n";
  append_options(os, spec.options);
  append_options(os, common_options());
  if (!spec.details.empty()) os << "\n" << spec.details << "\n";
  return os.str();
}

}  // namespace cc::cli
