// Checks the packaged .vsix: manifest fields, the bundled entry point, and nothing that
// should not ship (node_modules, sources, tests, source maps).
// Usage: node test/check-vsix.mjs dist/codecrucible.vsix
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

const vsix = process.argv[2];
if (!vsix) {
  console.error('usage: node test/check-vsix.mjs file.vsix');
  process.exit(2);
}

// A .vsix is a zip; list it with Python's zipfile (always present where the tests run).
function zipRead(member) {
  const script = member === undefined
    ? 'import sys,zipfile,json; print(json.dumps(zipfile.ZipFile(sys.argv[1]).namelist()))'
    : 'import sys,zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())';
  return execFileSync('python3', ['-c', script, vsix, ...(member === undefined ? [] : [member])], { encoding: 'utf8' });
}

try {
  const names = JSON.parse(zipRead());
  // vsce lower-cases readme/changelog and renames LICENSE to LICENSE.txt.
  const lowerNames = names.map((n) => n.toLowerCase());
  for (const required of ['extension.vsixmanifest', '[content_types].xml', 'extension/package.json',
    'extension/dist/extension.js', 'extension/readme.md', 'extension/license.txt', 'extension/changelog.md']) {
    assert.ok(lowerNames.includes(required), `${required} is in the package (have: ${names.join(', ')})`);
  }
  const forbidden = names.filter((n) => /(^|\/)node_modules\/|^extension\/(src|test|scripts)\/|\.map$|\.ts$|tsconfig|eslint/.test(n));
  assert.deepEqual(forbidden, [], 'nothing but the bundle, manifest and docs ships');
  assert.ok(names.length <= 12, `a lean package (${names.length} entries: ${names.join(', ')})`);

  const manifest = JSON.parse(zipRead('extension/package.json'));
  assert.equal(manifest.main, './dist/extension.js', 'main points at the bundle');
  assert.ok(manifest.engines?.vscode, 'engines.vscode set');
  assert.ok(manifest.contributes.commands.length >= 5, 'commands contributed');
  assert.ok(manifest.contributes.configuration.properties['codecrucible.server.path'], 'server.path setting contributed');
  const xml = zipRead('extension.vsixmanifest');
  assert.match(xml, new RegExp(`Version="${manifest.version.replace(/\./g, '\\.')}"`), 'vsixmanifest carries the version');

  const bundle = zipRead('extension/dist/extension.js');
  assert.match(bundle, /require\("vscode"\)/, 'the bundle leaves vscode to the host');
  assert.doesNotMatch(bundle, /require\("vscode-languageclient/, 'vscode-languageclient is bundled, not required at run time');
  console.log(`PASS vsix check: ${names.length} entries, ${statSync(vsix).size} bytes`);
} catch (e) {
  console.error(`FAIL vsix check: ${e.message}`);
  process.exit(1);
}
