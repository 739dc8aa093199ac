// Protocol-level interop test: drives `codecrucible lsp` over stdio with the strict
// vscode-jsonrpc client (one stray stdout byte breaks the connection, which is the point).
//
// Usage: node interop.test.mjs /path/to/codecrucible [fixture.py]
// Exit 0 on success, 1 on failure (the failing step, the request and the reply are printed).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLIENT_CAPABILITIES, runTest, shutdownAndExit, startSession, step } from './session.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? process.env.CC_BINARY;
const fixture = process.argv[3] ?? join(here, '..', 'fixtures', 'sample.py');
const EXPECTED_COMMANDS = [
  'codecrucible.analyzeWorkspace',
  'codecrucible.askCouncil',
  'codecrucible.doctor',
  'codecrucible.runAiAction',
  'codecrucible.applyFix',
];

if (!binary) {
  console.error('usage: node interop.test.mjs /path/to/codecrucible [fixture]');
  process.exit(2);
}

const workDir = mkdtempSync(join(tmpdir(), 'cc-node-interop-'));
const docPath = join(workDir, 'sample.py');
const originalText = readFileSync(fixture, 'utf8');
writeFileSync(docPath, originalText);
const docUri = pathToFileURL(docPath).href;
const lines = originalText.split('\n');
const evalLine = lines.findIndex((l) => l.includes('eval('));
const secretLine = lines.findIndex((l) => l.includes('password = '));

const session = startSession({ binary, workDir, settings: { diagnostics: { debounceMs: 0 } } });
const { connection, diagnostics, statuses, request } = session;

// Waits until the server says all pending analysis is published, then returns the latest set.
async function settledDiagnostics(version) {
  await request('codecrucible/sync', null);
  return diagnostics.waitFor(
    (p) => p.uri === docUri && (p.version === undefined || p.version === version),
    `publishDiagnostics for ${docUri} version ${version}`,
  );
}

function checkDiagnosticShape(d) {
  assert.equal(d.source, 'codecrucible', `diagnostic source: ${JSON.stringify(d)}`);
  assert.ok(d.data && typeof d.data.rule === 'string' && typeof d.data.category === 'string',
    `diagnostic data {rule, category}: ${JSON.stringify(d)}`);
  assert.equal(d.code, d.data.rule, `diagnostic code equals data.rule: ${JSON.stringify(d)}`);
}

async function main() {
  step('initialize');
  const init = await request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'codecrucible-node-interop', version: '1' },
    rootUri: pathToFileURL(workDir).href,
    workspaceFolders: [{ uri: pathToFileURL(workDir).href, name: 'interop' }],
    initializationOptions: { diagnostics: { debounceMs: 0 } },
    capabilities: CLIENT_CAPABILITIES,
  });
  const caps = init.capabilities;
  assert.ok(init.serverInfo?.name, 'initialize result carries serverInfo.name');
  const sync = caps.textDocumentSync;
  assert.equal(typeof sync === 'object' ? sync.change : sync, 2, 'textDocumentSync.change is Incremental (2)');
  assert.equal(sync.openClose, true, 'textDocumentSync.openClose');
  assert.ok(caps.codeActionProvider?.resolveProvider, 'codeActionProvider.resolveProvider');
  for (const c of EXPECTED_COMMANDS) {
    assert.ok(caps.executeCommandProvider?.commands?.includes(c), `executeCommandProvider lists ${c}`);
  }
  assert.ok(caps.positionEncoding === undefined || caps.positionEncoding === 'utf-16',
    `positionEncoding picked from the client's list ['utf-16'], got ${caps.positionEncoding}`);
  connection.sendNotification('initialized', {});

  step('didOpen + diagnostics');
  connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: docUri, languageId: 'python', version: 1, text: originalText },
  });
  const first = await settledDiagnostics(1);
  first.diagnostics.forEach(checkDiagnosticShape);
  const evalDiag = first.diagnostics.find((d) => d.range.start.line === evalLine);
  assert.ok(evalDiag, `a diagnostic on line ${evalLine} (eval(input())): ${JSON.stringify(first.diagnostics)}`);
  assert.ok(first.diagnostics.some((d) => d.range.start.line === secretLine),
    `a diagnostic on line ${secretLine} (hard-coded password): ${JSON.stringify(first.diagnostics)}`);

  step('incremental didChange');
  // Two changes in one notification, applied in order: insert a line at the top, then delete
  // the password line (its index has moved down by one after the first change).
  const movedSecret = secretLine + 1;
  connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: docUri, version: 2 },
    contentChanges: [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' },
      { range: { start: { line: movedSecret, character: 0 }, end: { line: movedSecret + 1, character: 0 } }, text: '' },
    ],
  });
  const second = await settledDiagnostics(2);
  second.diagnostics.forEach(checkDiagnosticShape);
  // Line numbers after both edits: +1 for the inserted line, -1 for lines below the deleted one.
  const evalAfter = evalLine + 1 - (evalLine > secretLine ? 1 : 0);
  const evalDiag2 = second.diagnostics.find((d) => d.range.start.line === evalAfter && d.data.rule === evalDiag.data.rule);
  assert.ok(evalDiag2, `eval diagnostic moved to line ${evalAfter}: ${JSON.stringify(second.diagnostics)}`);
  assert.ok(!second.diagnostics.some((d) => /secret|password|credential/i.test(`${d.data.rule} ${d.message}`)),
    `secret diagnostic gone after deleting its line: ${JSON.stringify(second.diagnostics)}`);

  step('UTF-16 columns: a finding after an emoji on the same line');
  // The greeting line holds "🌍" (two UTF-16 code units): an eval appended after it must be
  // reported at its UTF-16 column, not its byte or code point column.
  const greetingLine = evalAfter + (lines.findIndex((l) => l.includes('🌍')) - evalLine);
  const greetingText = lines[lines.findIndex((l) => l.includes('🌍'))];
  const appended = ' + str(eval(name))';
  connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: docUri, version: 3 },
    contentChanges: [{
      range: { start: { line: greetingLine, character: greetingText.length }, end: { line: greetingLine, character: greetingText.length } },
      text: appended,
    }],
  });
  const third = await settledDiagnostics(3);
  const expectedColumn = (greetingText + appended).indexOf('eval(');
  const emojiDiag = third.diagnostics.find((d) => d.range.start.line === greetingLine && d.data.rule === evalDiag.data.rule);
  assert.ok(emojiDiag, `eval diagnostic on the emoji line ${greetingLine}: ${JSON.stringify(third.diagnostics)}`);
  assert.equal(emojiDiag.range.start.character, expectedColumn, 'diagnostic column counted in UTF-16 code units');

  // The first status follows the backends' first probe: from here AI actions offered are
  // known to be usable or disabled, so the resolve below never picks one whose backend is down.
  step('codecrucible/status');
  const status = await statuses.waitFor(() => true, 'a codecrucible/status notification');
  assert.ok(Array.isArray(status.backends), `status.backends is an array: ${JSON.stringify(status)}`);
  assert.equal(typeof status.summary, 'string', `status.summary is a string: ${JSON.stringify(status)}`);

  step('codeAction');
  const actions = await request('textDocument/codeAction', {
    textDocument: { uri: docUri },
    range: evalDiag2.range,
    context: { diagnostics: [evalDiag2], triggerKind: 1 },
  });
  assert.ok(Array.isArray(actions) && actions.length > 0, `code actions for the eval diagnostic: ${JSON.stringify(actions)}`);
  for (const a of actions) {
    assert.equal(typeof a.title, 'string', `action title: ${JSON.stringify(a)}`);
    if (a.command && typeof a.command === 'object') {
      assert.ok(EXPECTED_COMMANDS.includes(a.command.command), `action command is one of ours: ${JSON.stringify(a)}`);
    }
  }
  const resolvable = actions.find((a) => a.data !== undefined && !a.disabled && !a.edit);
  if (resolvable) {
    step(`codeAction/resolve "${resolvable.title}"`);
    const resolved = await request('codeAction/resolve', resolvable);
    assert.equal(resolved.title, resolvable.title, 'resolve keeps the title');
    assert.ok(resolved.edit || resolved.command, `resolved action has an edit or a command: ${JSON.stringify(resolved)}`);
  }

  step('executeCommand codecrucible.doctor');
  await request('workspace/executeCommand', { command: 'codecrucible.doctor', arguments: [] });

  step('executeCommand codecrucible.analyzeWorkspace');
  const scan = await request('workspace/executeCommand', { command: 'codecrucible.analyzeWorkspace', arguments: [{ root: workDir }] });
  assert.ok(scan && typeof scan === 'object', `analyzeWorkspace returns a report: ${JSON.stringify(scan)}`);

  step('codecrucible/metrics');
  const metrics = await request('codecrucible/metrics', null);
  assert.ok(metrics && typeof metrics === 'object', `metrics is an object: ${JSON.stringify(metrics)}`);

  step('didClose: a scanned file shows its findings on disk again, not the unsaved edits');
  const closedCount = diagnostics.items.length;
  connection.sendNotification('textDocument/didClose', { textDocument: { uri: docUri } });
  await request('codecrucible/sync', null);
  const onDisk = await diagnostics.waitFor(
    (p) => p.uri === docUri && diagnostics.items.indexOf(p) >= closedCount,
    'a publishDiagnostics from the file on disk after didClose',
  );
  const onDiskLines = onDisk.diagnostics.map((d) => d.range.start.line);
  assert.ok(onDiskLines.includes(evalLine) && onDiskLines.includes(secretLine),
    `the saved file's findings (lines ${evalLine} and ${secretLine}): ${JSON.stringify(onDisk.diagnostics)}`);

  step('shutdown + exit');
  await shutdownAndExit(session, assert);
}

await runTest('node interop', session, main, () => rmSync(workDir, { recursive: true, force: true }));
