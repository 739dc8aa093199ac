// AI code action end to end with the strict vscode-jsonrpc client and a canned model server:
// the fix action for a diagnostic is listed cheaply, then its edit arrives both through
// codeAction/resolve and through workspace/executeCommand → workspace/applyEdit, and the
// edit carries the model's answer.
//
// Usage: node ai_action.test.mjs /path/to/codecrucible [fixture.py]
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node.js';
import { MARKER, startFakeModelServer } from '../fake_model_server.mjs';
import { CLIENT_CAPABILITIES, runTest, shutdownAndExit, startSession, step } from './session.mjs';
import { applyTextEdits, editsFor } from './text_edits.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? process.env.CC_BINARY;
const fixture = process.argv[3] ?? join(here, '..', 'fixtures', 'sample.py');
if (!binary) {
  console.error('usage: node ai_action.test.mjs /path/to/codecrucible [fixture]');
  process.exit(2);
}

const fake = await startFakeModelServer();
const modelUrl = `http://127.0.0.1:${fake.port}`;
const settings = {
  diagnostics: { debounceMs: 0 },
  generation: {
    endpoints: [
      { name: 'fake-fast', kind: 'ollama', url: modelUrl, tier: 'fast', model: 'fake-coder' },
      { name: 'fake-quality', kind: 'openai', url: `${modelUrl}/v1`, tier: 'quality', model: 'fake-coder' },
    ],
    cache: { enabled: false },
  },
};

const workDir = mkdtempSync(join(tmpdir(), 'cc-node-ai-'));
const docPath = join(workDir, 'sample.py');
const text = readFileSync(fixture, 'utf8');
writeFileSync(docPath, text);
const docUri = pathToFileURL(docPath).href;
const evalLine = text.split('\n').findIndex((l) => l.includes('eval('));

const session = startSession({ binary, workDir, settings });
const { connection, request } = session;

// Bounded poll of a condition that has no event of its own (the fake server's counters).
function until(condition, what) {
  return session.within(new Promise((resolve) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  }), what);
}

// Every newText of a WorkspaceEdit (documentChanges or changes) with its document version.
function editTexts(edit) {
  const out = [];
  for (const change of edit?.documentChanges ?? []) {
    for (const e of change.edits ?? []) {
      out.push({ uri: change.textDocument?.uri, version: change.textDocument?.version, newText: e.newText });
    }
  }
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
    for (const e of edits) {
      out.push({ uri, version: undefined, newText: e.newText });
    }
  }
  return out;
}

async function main() {
  step('initialize with the fake model server configured');
  await request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workDir).href,
    workspaceFolders: [{ uri: pathToFileURL(workDir).href, name: 'ai' }],
    initializationOptions: settings,
    // Settings through initializationOptions only, as Neovim 0.7 does (it has no
    // workspace/configuration support); CC_AI_WITH_CONFIGURATION=1 offers it as well.
    capabilities: {
      ...CLIENT_CAPABILITIES,
      workspace: { ...CLIENT_CAPABILITIES.workspace, configuration: process.env.CC_AI_WITH_CONFIGURATION === '1' },
    },
  });
  connection.sendNotification('initialized', {});
  connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: docUri, languageId: 'python', version: 1, text },
  });
  await request('codecrucible/sync', null);
  const published = await session.diagnostics.waitFor(
    (p) => p.uri === docUri && p.diagnostics.some((d) => d.range.start.line === evalLine),
    'the eval diagnostic',
  );
  const evalDiag = published.diagnostics.find((d) => d.range.start.line === evalLine);

  step('codeAction lists an enabled AI fix carrying {uri, version, range, action, voice}');
  const actions = await request('textDocument/codeAction', {
    textDocument: { uri: docUri },
    range: evalDiag.range,
    context: { diagnostics: [evalDiag], triggerKind: 1 },
  });
  const aiActions = (actions ?? []).filter((a) => a.data && typeof a.data.action === 'string' && typeof a.data.voice === 'string');
  assert.ok(aiActions.length > 0, `AI actions offered: ${JSON.stringify(actions)}`);
  const fix = aiActions.find((a) => !a.disabled && a.kind?.startsWith('quickfix') && /fix/i.test(`${a.data.action} ${a.title}`));
  assert.ok(fix, `an enabled quickfix AI action for the diagnostic: ${JSON.stringify(aiActions.map((a) => [a.title, a.kind, a.disabled]))}`);
  assert.equal(fix.data.uri, docUri, 'action data names the document');
  assert.equal(fix.data.version, 1, 'action data carries the document version');
  const generationCalls = () => fake.received.filter((r) => /\/api\/(chat|generate)|\/v1\/(chat\/)?completions/.test(r.path));
  assert.equal(generationCalls().length, 0, 'listing code actions made no model call (health probes aside)');

  step('codeAction/resolve runs the model and returns a versioned edit');
  const resolved = await request('codeAction/resolve', fix);
  assert.equal(resolved.title, fix.title, 'resolve keeps the title');
  const resolvedTexts = editTexts(resolved.edit);
  assert.ok(resolvedTexts.some((t) => t.newText.includes(MARKER)), `resolved edit carries the model's answer: ${JSON.stringify(resolved.edit)}`);
  assert.ok(resolvedTexts.every((t) => t.uri === docUri && (t.version === undefined || t.version === 1)),
    `edit targets version 1 of the document: ${JSON.stringify(resolvedTexts)}`);
  // Applied the way an editor does: the eval line becomes the model's line, nothing else moves.
  const applied = applyTextEdits(text, editsFor(resolved.edit, docUri).edits).split('\n');
  const original = text.split('\n');
  assert.equal(applied.length, original.length, `one line replaced by one line:\n${applied.join('\n')}`);
  applied.forEach((line, i) => {
    if (i === evalLine) assert.ok(line.includes(MARKER) && line.startsWith('    return '), `the eval line replaced: ${line}`);
    else assert.equal(line, original[i], `line ${i} untouched`);
  });

  step('workspace/executeCommand codecrucible.runAiAction → workspace/applyEdit');
  const before = session.appliedEdits.length;
  await request('workspace/executeCommand', { command: 'codecrucible.runAiAction', arguments: [fix.data] });
  const appliedEdits = session.appliedEdits.slice(before);
  assert.ok(appliedEdits.some((p) => editTexts(p.edit).some((t) => t.newText.includes(MARKER))),
    `an applyEdit with the model's answer was sent before the command replied: ${JSON.stringify(appliedEdits)}`);

  step('the model server was called');
  assert.ok(generationCalls().length > 0, `generation requests reached the fake model: ${JSON.stringify(fake.received.map((r) => r.path))}`);

  step('$/cancelRequest mid-stream: RequestCancelled, and the model stream is closed');
  fake.setPieceDelay(250);
  const callsBefore = generationCalls().length;
  const abortedBefore = fake.aborted();
  const source = new CancellationTokenSource();
  const pending = connection.sendRequest('codeAction/resolve', fix, source.token).then(() => null, (e) => e);
  await until(() => generationCalls().length > callsBefore, 'the generation request to reach the model');
  source.cancel();
  const cancelled = await session.within(pending, 'the cancelled codeAction/resolve to be answered');
  assert.equal(cancelled?.code, -32800, `cancelled resolve answered RequestCancelled, got ${JSON.stringify(cancelled)}`);
  await until(() => fake.aborted() > abortedBefore, 'the model stream to be aborted');
  fake.setPieceDelay(0);

  step('shutdown + exit');
  await shutdownAndExit(session, assert);
}

await runTest('node AI action', session, main, () => {
  fake.close();
  rmSync(workDir, { recursive: true, force: true });
});
