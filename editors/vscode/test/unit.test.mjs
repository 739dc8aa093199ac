// Unit tests of the extension's pure modules (no vscode import), compiled on the fly.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'cc-vscode-unit-'));
const mods = {};

before(async () => {
  await build({
    entryPoints: ['serverPath', 'settings', 'status', 'results'].map((m) => join(root, 'src', `${m}.ts`)),
    outdir: join(work, 'out'),
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  for (const m of ['serverPath', 'settings', 'status', 'results']) {
    mods[m] = require(join(work, 'out', `${m}.js`));
  }
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('resolveServerPath', () => {
  function fakeBinary(dir) {
    mkdirSync(dir, { recursive: true });
    const p = join(dir, 'codecrucible');
    writeFileSync(p, '#!/bin/sh\n');
    chmodSync(p, 0o755);
    return p;
  }

  it('uses the configured absolute path', () => {
    const p = fakeBinary(join(work, 'a'));
    assert.deepEqual(mods.serverPath.resolveServerPath(p, ''), { ok: true, path: p });
  });

  it('names the setting when the configured path is wrong', () => {
    const r = mods.serverPath.resolveServerPath(join(work, 'missing', 'codecrucible'), '');
    assert.equal(r.ok, false);
    assert.match(r.message, /codecrucible\.server\.path/);
  });

  it('searches PATH when nothing is configured, skipping non-executables', () => {
    const notExec = join(work, 'b');
    mkdirSync(notExec, { recursive: true });
    writeFileSync(join(notExec, 'codecrucible'), 'not executable');
    const p = fakeBinary(join(work, 'c'));
    assert.deepEqual(mods.serverPath.resolveServerPath('', [notExec, join(work, 'c')].join(delimiter)), { ok: true, path: p });
  });

  it('explains how to install when neither PATH nor the install locations have a server', () => {
    const r = mods.serverPath.resolveServerPath(undefined, join(work, 'empty'), [join(work, 'nowhere')]);
    assert.equal(r.ok, false);
    assert.match(r.message, /not on PATH/);
    assert.match(r.message, /codecrucible\.server\.path/);
  });

  it('falls back to the install locations (~/.local/bin, /usr/local/bin) after PATH', () => {
    const p = fakeBinary(join(work, 'local-bin'));
    assert.deepEqual(mods.serverPath.resolveServerPath('', join(work, 'empty'), [join(work, 'none'), join(work, 'local-bin')]),
      { ok: true, path: p });
    assert.ok(mods.serverPath.INSTALL_DIRS.includes('/usr/local/bin'));
    assert.ok(mods.serverPath.INSTALL_DIRS.some((d) => d.endsWith('/.local/bin')));
  });
});

describe('settings forwarding', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  it('lists server keys and leaves client-only keys out', () => {
    const keys = mods.settings.serverSettingKeys(pkg);
    assert.ok(keys.includes('analysis.enabled'));
    assert.ok(keys.includes('generation.timeouts.readMs'));
    assert.ok(!keys.some((k) => k.startsWith('server.') || k.startsWith('trace.') || k.startsWith('client.')));
  });

  it('sends only explicitly set values, nested, most specific scope first', () => {
    const values = {
      'analysis.enabled': { globalValue: false },
      'diagnostics.debounceMs': { globalValue: 50, workspaceValue: 75 },
      'analysis.thresholds.complexity': { defaultValue: 10 },
      'generation.routing.forceTier': { workspaceFolderValue: 'fast', globalValue: 'quality' },
    };
    const inspect = (key) => values[key] ?? { defaultValue: 1 };
    const result = mods.settings.collectUserSettings({ inspect }, Object.keys(values));
    assert.deepEqual(result, {
      analysis: { enabled: false },
      diagnostics: { debounceMs: 75 },
      generation: { routing: { forceTier: 'fast' } },
    });
  });
});

describe('describeStatus', () => {
  it('counts healthy backends', () => {
    const view = mods.status.describeStatus({
      backends: [{ name: 'ollama', kind: 'ollama', tier: 'quality', url: 'http://x', healthy: true, breaker: 'closed' },
        { name: 'lm', kind: 'openai', tier: 'fast', healthy: false, breaker: 'open' }],
      cache: { hitRate: 0.25 },
      queue: { depth: 3, endpoints: { ollama: { running: 1 } } },
      summary: '1 of 2 backends healthy',
    });
    assert.equal(view.text, '$(flame) CodeCrucible: 1/2 models');
    assert.equal(view.warning, false);
    assert.match(view.tooltip, /✓ ollama \(ollama, quality\) http:\/\/x — healthy, breaker closed/);
    assert.match(view.tooltip, /✗ lm \(openai, fast\) — down, breaker open/);
    assert.match(view.tooltip, /Cache hit rate: 25%/);
    assert.match(view.tooltip, /Queue: depth 3\n/);
  });

  it('stays neutral for a static-only user and when AI is turned off by generation.enabled', () => {
    const quiet = mods.status.describeStatus({ enabled: true, available: false, mode: 'auto', quiet: true,
      backends: [{ name: 'ollama', healthy: false }, { name: 'lmstudio', healthy: false }] });
    assert.equal(quiet.text, '$(flame) CodeCrucible');
    assert.equal(quiet.warning, false);
    assert.match(quiet.tooltip, /static analysis is running/);
    assert.equal(mods.status.wantsAiHint({ quiet: true, mode: 'auto' }), true);
    const off = mods.status.describeStatus({ enabled: false, mode: 'off', backends: [] });
    assert.equal(off.text, '$(flame) CodeCrucible');
    assert.equal(off.warning, false);
    assert.equal(mods.status.wantsAiHint({ quiet: false, mode: 'off' }), false);
    // Configured or once reached, a model server that is down is worth a warning.
    assert.equal(mods.status.describeStatus({ mode: 'auto', quiet: false, backends: [{ name: 'a', healthy: false }] }).warning, true);
  });

  it('says so when AI is turned off', () => {
    const view = mods.status.describeStatus({ enabled: false, backends: [{ name: 'a', healthy: true }] });
    assert.equal(view.text, '$(flame) CodeCrucible: AI off');
    assert.equal(view.warning, false);
  });

  it('warns when every model server is down and stays calm without any', () => {
    assert.equal(mods.status.describeStatus({ backends: [{ name: 'a', healthy: false }] }).warning, true);
    const none = mods.status.describeStatus({ backends: [] });
    assert.equal(none.warning, false);
    assert.equal(none.text, '$(flame) CodeCrucible: static only');
  });
});

describe('renderCommandResult', () => {
  it('prefers markdown, then text, then JSON with the summary', () => {
    assert.equal(mods.results.renderCommandResult('Doctor', { markdown: '**ok**' }), '# Doctor\n\n**ok**\n');
    assert.equal(mods.results.renderCommandResult('Doctor', 'plain'), '# Doctor\n\nplain\n');
    assert.match(mods.results.renderCommandResult('X', { summary: 's', n: 1 }), /^# X\n\ns\n\n```json\n\{\n {2}"summary": "s",\n {2}"n": 1\n\}\n```\n$/);
    assert.match(mods.results.renderCommandResult('X', null), /no details/);
    assert.equal(mods.results.summarizeCommandResult({ summary: 'done' }), 'done');
    assert.equal(mods.results.summarizeCommandResult(42), undefined);
  });
});
