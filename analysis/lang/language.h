#pragma once
// Source languages the analyzer understands and how to recognise them. Pure functions.
#include <string_view>

namespace cc::analysis {

enum class Language { Unknown, Python, JavaScript, TypeScript, C, Cpp, Go, Java, Rust, Ruby, Php, Shell, CSharp };

// LSP languageId ("python", "cpp", "c++", "typescriptreact", "shellscript", "csharp", ...).
Language language_from_id(std::string_view language_id);
// By file extension, then by well-known file names (Rakefile, Gemfile, .bashrc, ...).
Language language_from_path(std::string_view path);
// By a `#!` line ("#!/usr/bin/env python3", "#!/bin/bash"); Unknown when absent.
Language language_from_shebang(std::string_view first_line);
// Stable lower-case name ("python", "cpp", ...), "unknown" for Unknown.
const char* to_string(Language language);

// Lexical families: languages sharing comment and string syntax.
enum class LexFamily { CLike, Python, Ruby, Shell, Php, None };
LexFamily lex_family(Language language);

}  // namespace cc::analysis
