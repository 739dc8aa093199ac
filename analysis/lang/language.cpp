#include "analysis/lang/language.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace cc::analysis {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return out;
}

}  // namespace

Language language_from_id(std::string_view language_id) {
  static const std::array<std::pair<std::string_view, Language>, 30> ids = {{
      {"python", Language::Python},         {"py", Language::Python},
      {"javascript", Language::JavaScript}, {"javascriptreact", Language::JavaScript},
      {"js", Language::JavaScript},         {"jsx", Language::JavaScript},
      {"typescript", Language::TypeScript}, {"typescriptreact", Language::TypeScript},
      {"ts", Language::TypeScript},         {"tsx", Language::TypeScript},
      {"c", Language::C},                   {"cpp", Language::Cpp},
      {"c++", Language::Cpp},               {"cuda-cpp", Language::Cpp},
      {"objective-cpp", Language::Cpp},     {"go", Language::Go},
      {"java", Language::Java},             {"rust", Language::Rust},
      {"ruby", Language::Ruby},             {"php", Language::Php},
      {"shellscript", Language::Shell},     {"shell", Language::Shell},
      {"sh", Language::Shell},              {"bash", Language::Shell},
      {"zsh", Language::Shell},             {"csharp", Language::CSharp},
      {"c#", Language::CSharp},             {"cs", Language::CSharp},
      {"objective-c", Language::C},         {"ksh", Language::Shell},
  }};
  std::string id = lower(language_id);
  for (const auto& [name, lang] : ids)
    if (name == id) return lang;
  return Language::Unknown;
}

Language language_from_path(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  std::string name = lower(slash == std::string_view::npos ? path : path.substr(slash + 1));
  static const std::array<std::pair<std::string_view, Language>, 12> names = {{
      {"rakefile", Language::Ruby},     {"gemfile", Language::Ruby},     {"guardfile", Language::Ruby},
      {"vagrantfile", Language::Ruby},  {".bashrc", Language::Shell},    {".bash_profile", Language::Shell},
      {".zshrc", Language::Shell},      {".profile", Language::Shell},   {"podfile", Language::Ruby},
      {"brewfile", Language::Ruby},     {"sconstruct", Language::Python}, {"sconscript", Language::Python},
  }};
  for (const auto& [n, lang] : names)
    if (n == name) return lang;
  std::size_t dot = name.find_last_of('.');
  if (dot == std::string::npos || dot == 0) return Language::Unknown;
  std::string_view ext = std::string_view(name).substr(dot + 1);
  static const std::array<std::pair<std::string_view, Language>, 36> exts = {{
      {"py", Language::Python},      {"pyw", Language::Python},     {"pyi", Language::Python},
      {"js", Language::JavaScript},  {"mjs", Language::JavaScript}, {"cjs", Language::JavaScript},
      {"jsx", Language::JavaScript}, {"ts", Language::TypeScript},  {"tsx", Language::TypeScript},
      {"mts", Language::TypeScript}, {"cts", Language::TypeScript}, {"c", Language::C},
      {"h", Language::C},            {"cc", Language::Cpp},         {"cpp", Language::Cpp},
      {"cxx", Language::Cpp},        {"c++", Language::Cpp},        {"hpp", Language::Cpp},
      {"hh", Language::Cpp},         {"hxx", Language::Cpp},        {"ipp", Language::Cpp},
      {"go", Language::Go},          {"java", Language::Java},      {"rs", Language::Rust},
      {"rb", Language::Ruby},        {"rake", Language::Ruby},      {"gemspec", Language::Ruby},
      {"php", Language::Php},        {"phtml", Language::Php},      {"sh", Language::Shell},
      {"bash", Language::Shell},     {"zsh", Language::Shell},      {"ksh", Language::Shell},
      {"cs", Language::CSharp},      {"csx", Language::CSharp},     {"inc", Language::Php},
  }};
  for (const auto& [e, lang] : exts)
    if (e == ext) return lang;
  return Language::Unknown;
}

Language language_from_shebang(std::string_view first_line) {
  if (first_line.substr(0, 2) != "#!") return Language::Unknown;
  std::string line = lower(first_line.substr(0, std::min<std::size_t>(first_line.size(), 128)));
  auto has = [&](std::string_view w) { return line.find(w) != std::string::npos; };
  if (has("python")) return Language::Python;
  if (has("node") || has("deno")) return Language::JavaScript;
  if (has("ruby")) return Language::Ruby;
  if (has("php")) return Language::Php;
  if (has("bash") || has("/sh") || has(" sh") || has("zsh") || has("ksh") || has("dash")) return Language::Shell;
  return Language::Unknown;
}

const char* to_string(Language language) {
  switch (language) {
    case Language::Python: return "python";
    case Language::JavaScript: return "javascript";
    case Language::TypeScript: return "typescript";
    case Language::C: return "c";
    case Language::Cpp: return "cpp";
    case Language::Go: return "go";
    case Language::Java: return "java";
    case Language::Rust: return "rust";
    case Language::Ruby: return "ruby";
    case Language::Php: return "php";
    case Language::Shell: return "shell";
    case Language::CSharp: return "csharp";
    case Language::Unknown: break;
  }
  return "unknown";
}

LexFamily lex_family(Language language) {
  switch (language) {
    case Language::Python: return LexFamily::Python;
    case Language::Ruby: return LexFamily::Ruby;
    case Language::Shell: return LexFamily::Shell;
    case Language::Php: return LexFamily::Php;
    case Language::Unknown: return LexFamily::None;
    default: return LexFamily::CLike;
  }
}

}  // namespace cc::analysis
