// AI code action end to end through the strict vscode-jsonrpc client and the REAL engine
// tier (tests/real_engine: llama.cpp via node-llama-cpp on a tiny random-weight model),
// no canned answers: "Add documentation" on the eval line of the fixture is resolved
// (codeAction/resolve) and then run as a command (workspace/executeCommand →
// workspace/applyEdit); each edit is applied to the client's copy of the buffer, and the
// buffer is checked line by line, including that the inserted comment is exactly what the
// engine generated (its /debug/stats history).
//
// The engine runs with --chat-grammar ../real_engine_answer.gbnf: random weights give
// arbitrary tokens, so the grammar fixes the answer's shape (one fenced block: a comment
// line of model-sampled words above the unchanged eval line) while its words stay the
// model's own.
//
// Usage: CC_REAL_ENGINE_URL=http://127.0.0.1:N node ai_real_engine.test.mjs /path/to/codecrucible
// (run.sh starts the engine; without CC_REAL_ENGINE_URL this test starts its own.)
// Exit 77 with a reason when the real-engine tier cannot run here.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer, unavailableReason } from '../../real_engine/launch.mjs';
import { CLIENT_CAPABILITIES, runTest, shutdownAndExit, startSession, step } from './session.mjs';
import { applyTextEdits, editsFor } from './text_edits.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? process.env.CC_BINARY;
const fixture = join(here, '..', 'fixtures', 'sample.py');
const grammar = join(here, '..', 'real_engine_answer.gbnf');
if (!binary) {
  console.error('usage: node ai_real_engine.test.mjs /path/to/codecrucible');
  process.exit(2);
}

let engineUrl = process.env.CC_REAL_ENGINE_URL;
let ownEngine = null;
if (!engineUrl) {
  const why = unavailableReason();
  if (why) {
    console.log(`SKIP: real-engine tier: ${why}`);
    process.exit(77);
  }
  ownEngine = await startServer(['--chat-grammar', grammar]);
  engineUrl = ownEngine.url;
}

// The comment line the grammar lets the model write: words of lowercase letters.
const COMMENT = /^ {4}# [a-z]{1,8}( [a-z]{1,8}){0,5}$/;
const settings = {
  diagnostics: { debounceMs: 0 },
  generation: {
    endpoints: [
      { name: 'real-ollama', kind: 'ollama', url: engineUrl, tier: 'fast', model: 'tiny-random:latest' },
      { name: 'real-openai', kind: 'openai', url: `${engineUrl}/v1`, tier: 'quality', model: 'tiny-random:latest' },
    ],
    cache: { enabled: false },
  },
};

const workDir = mkdtempSync(join(tmpdir(), 'cc-node-ai-real-'));
const docPath = join(workDir, 'sample.py');
const originalText = readFileSync(fixture, 'utf8');
writeFileSync(docPath, originalText);
const docUri = pathToFileURL(docPath).href;

// The client's buffer: edits from the server are applied here, changes are sent back.
let buffer = originalText;
let version = 1;
const session = startSession({
  binary,
  workDir,
  settings,
  onApplyEdit: (params) => {
    const { version: editVersion, edits } = editsFor(params.edit, docUri);
    if (edits.length === 0 || (editVersion !== undefined && editVersion !== version)) {
      return { applied: false, failureReason: `edit for version ${editVersion}, buffer is at ${version}` };
    }
    buffer = applyTextEdits(buffer, edits);
    version += 1;
    session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: docUri, version },
      contentChanges: [{ text: buffer }],
    });
    return { applied: true };
  },
});
const { connection, request } = session;

// The latest chat answer the engine generated (its debug history keeps the text).
async function lastChatAnswer() {
  const stats = await session.within(fetch(`${engineUrl}/debug/stats`).then((r) => r.json()), 'the engine stats');
  const chats = stats.history.filter((h) => h.route === '/api/chat' || h.route === '/v1/chat/completions');
  assert.ok(chats.length > 0, `the engine served a chat generation: ${JSON.stringify(stats)}`);
  return chats.at(-1);
}

// Buffer = before with one comment line inserted above the eval line; returns that comment.
function checkDocumented(before, after, evalLine, answer) {
  const was = before.split('\n');
  const now = after.split('\n');
  assert.equal(now.length, was.length + 1, `one line inserted:\n${after}`);
  assert.deepEqual(now.slice(0, evalLine), was.slice(0, evalLine), 'lines above the action untouched');
  assert.match(now[evalLine], COMMENT, `a comment line above the eval line:\n${after}`);
  assert.deepEqual(now.slice(evalLine + 1), was.slice(evalLine), 'the eval line and everything below untouched');
  assert.ok(answer.text.includes(`\n${now[evalLine]}\n`),
    `the inserted comment is the engine's own output: ${JSON.stringify(answer.text)} vs ${JSON.stringify(now[evalLine])}`);
  assert.equal(answer.done_reason, 'stop', `the engine finished the answer: ${JSON.stringify(answer)}`);
  return now[evalLine];
}

async function documentAction(line) {
  const actions = await request('textDocument/codeAction', {
    textDocument: { uri: docUri },
    range: { start: { line, character: 4 }, end: { line, character: 4 } },
    context: { diagnostics: [], triggerKind: 1 },
  });
  const action = (actions ?? []).find((a) => a.data?.action === 'document' && !a.disabled);
  assert.ok(action, `an enabled "Add documentation" AI action: ${JSON.stringify((actions ?? []).map((a) => [a.title, a.disabled]))}`);
  assert.equal(action.edit, undefined, 'listing made no model call: the edit comes in resolve');
  return action;
}

async function main() {
  step(`initialize with the real engine at ${engineUrl}`);
  await request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workDir).href,
    workspaceFolders: [{ uri: pathToFileURL(workDir).href, name: 'ai-real' }],
    initializationOptions: settings,
    capabilities: CLIENT_CAPABILITIES,
  });
  connection.sendNotification('initialized', {});
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: 'python', version, text: buffer } });
  const status = await session.statuses.waitFor((s) => s.backends?.length > 0, 'a codecrucible/status after the health probe');
  assert.equal(status.available, true, `the real engine answered the health probe: ${JSON.stringify(status)}`);

  step('codeAction/resolve "Add documentation" → a versioned edit from the real engine, applied to the buffer');
  let evalLine = buffer.split('\n').findIndex((l) => l.includes('eval('));
  const action = await documentAction(evalLine);
  const statsBefore = (await session.within(fetch(`${engineUrl}/debug/stats`).then((r) => r.json()), 'the engine stats')).requests;
  const resolved = await request('codeAction/resolve', action);
  const { version: editVersion, edits } = editsFor(resolved.edit, docUri);
  assert.equal(editVersion, version, `the edit is for the buffer's version: ${JSON.stringify(resolved.edit)}`);
  assert.ok(edits.length > 0, `resolve returned edits: ${JSON.stringify(resolved)}`);
  const before = buffer;
  buffer = applyTextEdits(buffer, edits);
  version += 1;
  connection.sendNotification('textDocument/didChange', { textDocument: { uri: docUri, version }, contentChanges: [{ text: buffer }] });
  const answer = await lastChatAnswer();
  const first = checkDocumented(before, buffer, evalLine, answer);
  const statsAfter = (await session.within(fetch(`${engineUrl}/debug/stats`).then((r) => r.json()), 'the engine stats')).requests;
  assert.equal(statsAfter - statsBefore, 1, 'exactly one generation for one resolve');
  console.log(`   resolve inserted: ${JSON.stringify(first)}`);

  step('workspace/executeCommand runAiAction → workspace/applyEdit from the real engine, applied to the buffer');
  evalLine = buffer.split('\n').findIndex((l) => l.includes('eval('));
  const again = await documentAction(evalLine);
  const beforeCommand = buffer;
  const result = await request('workspace/executeCommand', { command: 'codecrucible.runAiAction', arguments: [again.data] });
  assert.deepEqual(result, { applied: true }, 'the command reports the edit applied');
  const second = checkDocumented(beforeCommand, buffer, evalLine, await lastChatAnswer());
  assert.equal(buffer.split('\n')[evalLine - 1], first, 'the first comment stays above the second');
  console.log(`   command inserted: ${JSON.stringify(second)}`);

  step('progress was reported while the engine streamed');
  assert.ok(session.progress.some((p) => p.value?.kind === 'begin'), 'a progress begin');

  step('shutdown + exit');
  await shutdownAndExit(session, assert);
}

await runTest('node AI action against the real engine', session, main, () => {
  rmSync(workDir, { recursive: true, force: true });
  ownEngine?.stop();
});
