// Protocol-level interop test: drives `codecrucible lsp` over stdio with the strict
// vscode-jsonrpc client (one stray stdout byte breaks the connection, which is the point).
//
// Usage: node interop.test.mjs /path/to/codecrucible [fixture.py]
// Exit 0 on success, 1 on failure (the failing step, the request and the reply are printed).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? process.env.CC_BINARY;
const fixture = process.argv[3] ?? join(here, '..', 'fixtures', 'sample.py');
const STEP_TIMEOUT_MS = 20000;
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

let currentStep = 'startup';
function step(name) {
  currentStep = name;
  console.log(`-- ${name}`);
}

// Bounded wait on a promise; the message names what we were waiting for.
// A server that dies mid-test fails the current wait at once instead of after its timeout.
let exitExpected = false;
let rejectOnExit;
const unexpectedExit = new Promise((_, reject) => {
  rejectOnExit = reject;
});
unexpectedExit.catch(() => {});
function within(promise, what, ms = STEP_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  const racers = [promise, timeout];
  if (!exitExpected) racers.push(unexpectedExit);
  return Promise.race(racers).finally(() => clearTimeout(timer));
}

// Collects notifications and lets the test wait for one matching a predicate.
class Inbox {
  constructor() {
    this.items = [];
    this.waiters = [];
  }
  push(item) {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => {
      if (w.predicate(item)) {
        w.resolve(item);
        return false;
      }
      return true;
    });
  }
  waitFor(predicate, what) {
    const found = [...this.items].reverse().find(predicate);
    if (found) return Promise.resolve(found);
    return within(new Promise((resolve) => this.waiters.push({ predicate, resolve })), what);
  }
  latest(predicate) {
    return [...this.items].reverse().find(predicate);
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'cc-node-interop-'));
const docPath = join(workDir, 'sample.py');
const originalText = readFileSync(fixture, 'utf8');
writeFileSync(docPath, originalText);
const docUri = pathToFileURL(docPath).href;
const lines = originalText.split('\n');
const evalLine = lines.findIndex((l) => l.includes('eval('));
const secretLine = lines.findIndex((l) => l.includes('password = '));

const server = spawn(binary, ['lsp', '--stdio', `--clientProcessId=${process.pid}`], {
  cwd: workDir,
  stdio: ['pipe', 'pipe', 'pipe'],
  env: { ...process.env, XDG_CACHE_HOME: join(workDir, 'cache'), XDG_CONFIG_HOME: join(workDir, 'config') },
});
let stderrText = '';
server.stderr.on('data', (d) => {
  stderrText += d.toString();
});
const serverExit = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
serverExit.then(({ code, signal }) => {
  if (!exitExpected) rejectOnExit(new Error(`server exited unexpectedly (code ${code}, signal ${signal})`));
});

const connectionErrors = [];
const connection = createProtocolConnection(
  new StreamMessageReader(server.stdout),
  new StreamMessageWriter(server.stdin),
);
connection.onError(([error, message]) => {
  connectionErrors.push(`${error?.message ?? error} ${message ? JSON.stringify(message) : ''}`);
});

const diagnostics = new Inbox();
const statuses = new Inbox();
const appliedEdits = [];
const serverRequests = [];
connection.onNotification('textDocument/publishDiagnostics', (p) => diagnostics.push(p));
connection.onNotification('codecrucible/status', (p) => statuses.push(p));
connection.onNotification('window/logMessage', () => {});
connection.onNotification('window/showMessage', () => {});
connection.onNotification('$/progress', () => {});
connection.onRequest('workspace/configuration', (p) => {
  serverRequests.push('workspace/configuration');
  return p.items.map(() => ({ diagnostics: { debounceMs: 0 } }));
});
connection.onRequest('window/workDoneProgress/create', () => null);
connection.onRequest('client/registerCapability', () => null);
connection.onRequest('client/unregisterCapability', () => null);
connection.onRequest('window/showMessageRequest', () => null);
connection.onRequest('window/showDocument', () => ({ success: true }));
connection.onRequest('workspace/applyEdit', (p) => {
  appliedEdits.push(p);
  return { applied: true };
});
connection.listen();

// Sends a request and fails the step with the method, params and error if the server errs.
async function request(method, params) {
  try {
    return await within(connection.sendRequest(method, params), `reply to ${method}`);
  } catch (e) {
    const detail = e?.code !== undefined ? `error ${e.code}: ${e.message}` : e.message;
    throw new Error(`${method} ${JSON.stringify(params).slice(0, 400)} failed: ${detail}`);
  }
}

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
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      window: { workDoneProgress: true, showDocument: { support: true } },
      workspace: {
        applyEdit: true,
        configuration: true,
        workspaceEdit: { documentChanges: true },
        didChangeConfiguration: { dynamicRegistration: false },
        executeCommand: { dynamicRegistration: false },
      },
      textDocument: {
        synchronization: { didSave: true, dynamicRegistration: false },
        publishDiagnostics: { versionSupport: true, relatedInformation: true, dataSupport: true },
        codeAction: {
          dataSupport: true,
          isPreferredSupport: true,
          disabledSupport: true,
          resolveSupport: { properties: ['edit'] },
          codeActionLiteralSupport: {
            codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source'] },
          },
        },
      },
    },
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

  step('codecrucible/metrics');
  const metrics = await request('codecrucible/metrics', null);
  assert.ok(metrics && typeof metrics === 'object', `metrics is an object: ${JSON.stringify(metrics)}`);

  step('codecrucible/status');
  const status = await statuses.waitFor(() => true, 'a codecrucible/status notification');
  assert.ok(Array.isArray(status.backends), `status.backends is an array: ${JSON.stringify(status)}`);
  assert.equal(typeof status.summary, 'string', `status.summary is a string: ${JSON.stringify(status)}`);

  step('didClose clears diagnostics');
  const closedCount = diagnostics.items.length;
  connection.sendNotification('textDocument/didClose', { textDocument: { uri: docUri } });
  await request('codecrucible/sync', null);
  await diagnostics.waitFor(
    (p) => p.uri === docUri && p.diagnostics.length === 0 && diagnostics.items.indexOf(p) >= closedCount,
    'an empty publishDiagnostics after didClose',
  );

  step('shutdown + exit');
  const shutdownResult = await request('shutdown', null);
  assert.equal(shutdownResult, null, 'shutdown replies null');
  exitExpected = true;
  connection.sendNotification('exit');
  const { code, signal } = await within(serverExit, 'the server process to exit after exit', 5000);
  assert.equal(signal, null, `server exited by signal ${signal}`);
  assert.equal(code, 0, 'server exit code after shutdown + exit');
  assert.deepEqual(connectionErrors, [], 'no connection errors (stray stdout bytes break vscode-jsonrpc)');
}

let failed = false;
try {
  await main();
  console.log('PASS node interop');
} catch (e) {
  failed = true;
  console.error(`FAIL at step "${currentStep}": ${e.message}`);
  if (connectionErrors.length) console.error(`connection errors: ${connectionErrors.join('\n')}`);
  console.error(`server stderr (last 2000 chars):\n${stderrText.slice(-2000)}`);
} finally {
  connection.dispose();
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
