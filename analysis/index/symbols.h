#pragma once
// Per-file symbol facts for the workspace index: definitions (functions, methods, classes,
// structs, interfaces, enums, type aliases, macros and top-level constants) with their name,
// container, signature, full range and doc comment; the file's imports; and the identifiers
// each function uses (references by name).
//
// Read from the lexer's code view and the structure pass, plus a declaration pass for what
// the structure pass does not report (type declarations, C prototypes and macros,
// constants). Pure function; thread-safe; linear in the input, bounded output per file.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/lang/language.h"
#include "protocol/cancellation.h"

namespace cc::analysis {

enum class SymbolKind : std::uint8_t { Function, Method, Class, Struct, Interface, Enum, Type, Constant, Macro };
const char* to_string(SymbolKind kind);
// The LSP SymbolKind number (Function 12, Method 6, Class 5, ...).
int lsp_symbol_kind(SymbolKind kind);

struct Definition {
  std::string name;
  std::string container;       // enclosing class/struct/impl/module; "" at top level
  SymbolKind kind = SymbolKind::Function;
  int line = 0;                // 0-based first line of the definition (its header)
  int end_line = 0;            // 0-based last line (inclusive)
  int col = 0;                 // byte column of the name on `line`
  std::string signature;       // the header line(s) as written, bounded
  std::string doc;             // doc comment or docstring, bounded
  std::vector<std::uint32_t> uses;  // indices into FileSymbols::identifiers (functions only)
};

struct Import {
  std::string module;               // as written: "os.path", "./util", "stdio.h", "fmt"
  std::vector<std::string> names;   // names imported from it ("from m import a, b"), bounded
  int line = 0;
};

struct FileSymbols {
  std::vector<Definition> definitions;  // in source order
  std::vector<Import> imports;
  std::vector<std::string> identifiers;  // distinct identifiers used in function bodies
};

// Bounds: what one file may contribute, whatever its size.
inline constexpr std::size_t kMaxDefinitionsPerFile = 20000;
inline constexpr std::size_t kMaxImportsPerFile = 2000;
inline constexpr std::size_t kMaxSignatureBytes = 400;
inline constexpr std::size_t kMaxDocBytes = 600;
inline constexpr std::size_t kMaxUsesPerFunction = 256;
inline constexpr std::size_t kMaxIdentifiersPerFile = 50000;

// A keyword or built-in type name in some supported language (never worth a lookup).
bool is_language_keyword(std::string_view word);

FileSymbols extract_symbols(std::string_view text, Language lang, const CancelToken& cancel = {});

}  // namespace cc::analysis
