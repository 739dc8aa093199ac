// Keeps package.json's contributes.configuration in sync with the server's settings schema
// (server/settings.schema.json is the one source of truth for server settings).
//   node scripts/sync-settings.mjs          rewrite package.json
//   node scripts/sync-settings.mjs --check  exit 1 and list the differences if out of sync
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const packagePath = join(here, '..', 'package.json');
const schemaPath = process.env.CC_SETTINGS_SCHEMA ?? join(here, '..', '..', '..', 'server', 'settings.schema.json');

// Settings of the extension itself (never sent to the server).
export const CLIENT_SETTINGS = {
  'codecrucible.server.path': {
    type: 'string',
    default: '',
    scope: 'machine',
    description: 'Path to the codecrucible executable. Empty: search PATH.',
  },
  'codecrucible.server.args': {
    type: 'array',
    items: { type: 'string' },
    default: [],
    scope: 'machine',
    description: 'Extra arguments after `codecrucible lsp --stdio`, e.g. ["--log-file", "/tmp/cc.log"].',
  },
  'codecrucible.server.logLevel': {
    type: 'string',
    enum: ['trace', 'debug', 'info', 'warn', 'error', 'off'],
    default: 'warn',
    description: 'Server log level (stderr, shown in the CodeCrucible output channel).',
  },
  'codecrucible.client.languages': {
    type: 'array',
    items: { type: 'string' },
    default: [
      'c', 'cpp', 'csharp', 'go', 'java', 'javascript', 'javascriptreact', 'kotlin', 'lua', 'php',
      'python', 'ruby', 'rust', 'shellscript', 'swift', 'typescript', 'typescriptreact',
    ],
    description: 'Language ids the server is started for. Restart the server after a change.',
  },
  'codecrucible.trace.server': {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    description: 'Trace the LSP traffic in the CodeCrucible output channel.',
  },
};

const COPIED_KEYWORDS = [
  'type', 'default', 'description', 'enum', 'minimum', 'maximum', 'minLength', 'minItems', 'items',
  'additionalProperties', 'properties', 'required',
];

// Each leaf of the schema (anything but an object with `properties`) becomes one setting.
export function flattenSchema(node, prefix, out) {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const key = `${prefix}.${name}`;
    if (child.type === 'object' && child.properties) {
      flattenSchema(child, key, out);
      continue;
    }
    const setting = {};
    for (const keyword of COPIED_KEYWORDS) {
      if (child[keyword] !== undefined) {
        setting[keyword] = child[keyword];
      }
    }
    out[key] = setting;
  }
  return out;
}

export function expectedConfiguration(schema) {
  return {
    title: 'CodeCrucible',
    properties: { ...CLIENT_SETTINGS, ...flattenSchema(schema, 'codecrucible', {}) },
  };
}

function main() {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const pkg = JSON.parse(readFileSync(packagePath, 'utf8'));
  const expected = expectedConfiguration(schema);
  if (process.argv.includes('--check')) {
    const actual = pkg.contributes?.configuration?.properties ?? {};
    const problems = [];
    for (const key of new Set([...Object.keys(actual), ...Object.keys(expected.properties)])) {
      if (!(key in actual)) {
        problems.push(`missing in package.json: ${key}`);
      } else if (!(key in expected.properties)) {
        problems.push(`not in the server schema: ${key}`);
      } else if (!isDeepStrictEqual(actual[key], expected.properties[key])) {
        problems.push(`differs from the schema: ${key}`);
      }
    }
    if (problems.length) {
      console.error(`package.json settings are out of sync with ${schemaPath}:\n  ${problems.join('\n  ')}`);
      console.error('Run: npm run sync-settings');
      process.exit(1);
    }
    console.log(`settings in sync with the server schema (${Object.keys(expected.properties).length} settings)`);
    return;
  }
  pkg.contributes = { ...pkg.contributes, configuration: expected };
  writeFileSync(packagePath, JSON.stringify(pkg, null, 2) + '\n');
  console.log(`wrote ${Object.keys(expected.properties).length} settings to package.json`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main();
}
