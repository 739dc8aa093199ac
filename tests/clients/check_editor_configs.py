#!/usr/bin/env python3
"""Checks the documented editor configurations and the settings schema.

- server/settings.schema.json parses, and every default validates against its own node;
- editors/helix/languages.toml parses (tomllib) and defines the codecrucible server, whose
  `config` table validates against the schema;
- editors/zed/settings.json parses and its initialization_options / settings.codecrucible
  validate against the schema;
- editors/codecrucible.1 renders without groff warnings (when groff is available);
- the VS Code extension's settings mirror the schema (scripts/sync-settings.mjs --check),
  when node is available.

Usage: check_editor_configs.py REPO_ROOT
"""
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

TYPES = {
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def validate(value, node, where, problems):
    """A small JSON Schema subset: anyOf, type, enum, minimum/maximum, properties,
    additionalProperties (false or a schema), required, items, minItems, minLength."""
    if "anyOf" in node:
        for branch in node["anyOf"]:
            attempt = []
            validate(value, branch, where, attempt)
            if not attempt:
                return
        problems.append(f"{where}: {json.dumps(value)} matches none of the allowed forms")
        return
    expected = node.get("type")
    allowed = expected if isinstance(expected, list) else [expected] if expected else []
    if allowed and not any(TYPES[t](value) for t in allowed):
        problems.append(f"{where}: expected {' or '.join(allowed)}, got {json.dumps(value)}")
        return
    if "enum" in node and value not in node["enum"]:
        problems.append(f"{where}: {json.dumps(value)} is not one of {node['enum']}")
    if "minimum" in node and TYPES["number"](value) and value < node["minimum"]:
        problems.append(f"{where}: {value} < minimum {node['minimum']}")
    if "maximum" in node and TYPES["number"](value) and value > node["maximum"]:
        problems.append(f"{where}: {value} > maximum {node['maximum']}")
    if "minLength" in node and isinstance(value, str) and len(value) < node["minLength"]:
        problems.append(f"{where}: shorter than {node['minLength']}")
    if isinstance(value, list):
        if "minItems" in node and len(value) < node["minItems"]:
            problems.append(f"{where}: fewer than {node['minItems']} items")
        for i, item in enumerate(value):
            if "items" in node:
                validate(item, node["items"], f"{where}[{i}]", problems)
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for key in node.get("required", []):
            if key not in value:
                problems.append(f"{where}: missing required key {key!r}")
        for key, child in value.items():
            if key in properties:
                validate(child, properties[key], f"{where}.{key}", problems)
            elif isinstance(node.get("additionalProperties"), dict):
                validate(child, node["additionalProperties"], f"{where}.{key}", problems)
            elif node.get("additionalProperties") is False:
                problems.append(f"{where}: unknown key {key!r} (known: {', '.join(sorted(properties))})")


def check_schema_defaults(node, where, problems):
    if "default" in node:
        validate(node["default"], node, f"{where} (default)", problems)
    for key, child in node.get("properties", {}).items():
        check_schema_defaults(child, f"{where}.{key}", problems)
    if isinstance(node.get("items"), dict):
        check_schema_defaults(node["items"], f"{where}[]", problems)
    if isinstance(node.get("additionalProperties"), dict):
        check_schema_defaults(node["additionalProperties"], f"{where}.*", problems)
    for branch in node.get("anyOf", []):
        check_schema_defaults(branch, where, problems)


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = []

    schema = json.loads((root / "server/settings.schema.json").read_text())
    if schema.get("$schema") != "http://json-schema.org/draft-07/schema#":
        problems.append("settings.schema.json: $schema is not draft-07")
    check_schema_defaults(schema, "schema", problems)

    helix = tomllib.loads((root / "editors/helix/languages.toml").read_text())
    server = helix.get("language-server", {}).get("codecrucible")
    if not server:
        problems.append("helix: no [language-server.codecrucible]")
    else:
        if server.get("command") != "codecrucible" or server.get("args", [])[:1] != ["lsp"]:
            problems.append(f"helix: command/args should run `codecrucible lsp`: {server}")
        validate(server.get("config", {}), schema, "helix config", problems)
    languages = helix.get("language", [])
    if not languages or not all("codecrucible" in lang.get("language-servers", []) for lang in languages):
        problems.append("helix: every [[language]] entry should list codecrucible")

    zed = json.loads((root / "editors/zed/settings.json").read_text())
    lsp = zed.get("lsp", {}).get("codecrucible", {})
    binary = lsp.get("binary", {})
    if binary.get("path") != "codecrucible" or binary.get("arguments", [])[:1] != ["lsp"]:
        problems.append(f"zed: binary should run `codecrucible lsp`: {binary}")
    validate(lsp.get("initialization_options", {}), schema, "zed initialization_options", problems)
    validate(lsp.get("settings", {}).get("codecrucible", {}), schema, "zed settings.codecrucible", problems)
    for name, lang in zed.get("languages", {}).items():
        if "codecrucible" not in lang.get("language_servers", []):
            problems.append(f"zed: languages.{name} should list codecrucible")

    groff = shutil.which("groff")
    if groff:
        result = subprocess.run([groff, "-man", "-ww", "-z", str(root / "editors/codecrucible.1")],
                                capture_output=True, text=True)
        if result.returncode != 0 or result.stderr.strip():
            problems.append("man page: " + (result.stderr or f"groff exit {result.returncode}").strip())
    else:
        print("note: groff not found, man page not checked")

    node = shutil.which("node")
    if node:
        result = subprocess.run([node, str(root / "editors/vscode/scripts/sync-settings.mjs"), "--check"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            problems.append("vscode: " + (result.stderr or result.stdout).strip())
    else:
        print("note: node not found, VS Code settings mirror not checked")

    if problems:
        print("FAIL editor configs:\n  " + "\n  ".join(problems))
        return 1
    print("PASS editor configs: schema defaults, helix languages.toml, zed settings.json, man page, vscode settings mirror")
    return 0


if __name__ == "__main__":
    sys.exit(main())
