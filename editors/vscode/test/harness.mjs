// Runs the bundled extension (dist/extension.js) under plain Node with a stubbed `vscode`
// module, against the real `codecrucible` server: activation, settings, status bar,
// diagnostics, incremental edits, code actions, commands, inline completion, restart,
// deactivation (server exits 0), and the missing-binary message.
//
// Usage: node test/harness.mjs /path/to/codecrucible [fixture.py]
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const extensionRoot = join(here, '..');
const bundlePath = join(extensionRoot, 'dist', 'extension.js');
const packageJson = JSON.parse(readFileSync(join(extensionRoot, 'package.json'), 'utf8'));
const { createVscodeStub } = require('./vscode-stub.cjs');
const { MARKER, startFakeModelServer } = await import(join(extensionRoot, '..', '..', 'tests', 'clients', 'fake_model_server.mjs'));

const binary = process.argv[2] ?? process.env.CC_BINARY;
const fixture = process.argv[3] ?? join(extensionRoot, '..', '..', 'tests', 'clients', 'fixtures', 'sample.py');
const WAIT_MS = 20000;
const SERVER_COMMANDS = ['codecrucible.analyzeWorkspace', 'codecrucible.askCouncil', 'codecrucible.doctor',
  'codecrucible.runAiAction', 'codecrucible.applyFix'];
if (!binary) {
  console.error('usage: node test/harness.mjs /path/to/codecrucible [fixture]');
  process.exit(2);
}

let currentStep = 'startup';
function step(name) {
  currentStep = name;
  console.log(`-- ${name}`);
}

function within(promise, what, ms = WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Polls a condition on each event from `subscribe`, bounded.
function waitForEvent(subscribe, predicate, what) {
  return within(new Promise((resolve) => {
    const d = subscribe((value) => {
      if (predicate(value)) {
        d.dispose();
        resolve(value);
      }
    });
  }), what);
}

// The first codecrucible/status reached the extension (it keeps the last one; bounded wait).
function statusArrived(api) {
  if (api.lastStatus()) {
    return Promise.resolve();
  }
  return within(new Promise((resolve) => {
    const timer = setInterval(() => {
      if (api.lastStatus()) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  }), 'a codecrucible/status notification');
}

// Loads a fresh copy of the bundle with `vscode` resolved to the given stub.
let currentStub;
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'vscode') {
    return currentStub;
  }
  return originalLoad.call(this, request, parent, isMain);
};
function loadExtension(stub) {
  currentStub = stub;
  delete require.cache[require.resolve(bundlePath)];
  return require(bundlePath);
}

function makeContext(stub, workDir) {
  return {
    subscriptions: [],
    extensionPath: extensionRoot,
    extensionUri: stub.Uri.file(extensionRoot),
    extension: { id: `${packageJson.publisher}.${packageJson.name}`, packageJSON: packageJson, extensionPath: extensionRoot },
    globalStorageUri: stub.Uri.file(join(workDir, 'global')),
    storageUri: stub.Uri.file(join(workDir, 'storage')),
    logUri: stub.Uri.file(join(workDir, 'log')),
    extensionMode: 3,
    globalState: { get: () => undefined, update: async () => {}, keys: () => [] },
    workspaceState: { get: () => undefined, update: async () => {}, keys: () => [] },
    asAbsolutePath: (p) => join(extensionRoot, p),
  };
}

async function disposeContext(extension, context) {
  await extension.deactivate();
  for (const d of context.subscriptions) {
    d.dispose();
  }
}

async function mainScenario(workDir, modelUrl) {
  const docPath = join(workDir, 'sample.py');
  const text = readFileSync(fixture, 'utf8');
  writeFileSync(docPath, text);
  const lines = text.split('\n');
  const evalLine = lines.findIndex((l) => l.includes('eval('));

  step('activate');
  const { vscode, harness } = createVscodeStub({
    packageJson,
    workspaceRoot: workDir,
    settings: {
      'codecrucible.server.path': binary,
      'codecrucible.diagnostics.debounceMs': 0,
      // Reaches the server only through the extension's settings forwarding.
      'codecrucible.generation.endpoints': [
        { name: 'fake-fast', kind: 'ollama', url: modelUrl, tier: 'fast', model: 'fake-coder' },
        { name: 'fake-quality', kind: 'openai', url: `${modelUrl}/v1`, tier: 'quality', model: 'fake-coder' },
      ],
      'codecrucible.generation.cache.enabled': false,
    },
  });
  const extension = loadExtension(vscode);
  const context = makeContext(vscode, workDir);
  const api = extension.activate(context);
  try {
    assert.equal(await within(api.started, 'the language client to start'), true,
      `client started (messages: ${JSON.stringify(harness.messages)})`);
    const client = api.languageClient();
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.textDocumentSync.change, 2, 'server advertises incremental sync');

    step('commands registered once, without clashes');
    for (const c of Object.values(packageJson.contributes.commands).map((x) => x.command)) {
      assert.ok(harness.registeredCommands.has(c), `extension command ${c} registered`);
    }
    for (const c of SERVER_COMMANDS) {
      assert.ok(harness.registeredCommands.has(c), `server command ${c} registered by the client`);
    }

    step('inline completion provider');
    if (caps.inlineCompletionProvider) {
      assert.equal(harness.providers.inlineCompletion.length, 1, 'one inline completion provider registered');
    } else {
      throw new Error('server did not advertise inlineCompletionProvider although the client offered textDocument.inlineCompletion');
    }

    step('didOpen → diagnostics in the collection');
    // Push (publishDiagnostics) and pull (textDocument/diagnostic) results land in different
    // collections; look in all of them.
    const diagnosticsFor = (uri, predicate) => {
      for (const collection of [...harness.diagnosticCollections].reverse()) {
        const current = collection.get(vscode.Uri.parse(uri));
        if (current && predicate(current)) {
          return Promise.resolve(current);
        }
      }
      return waitForEvent(harness.onDiagnostics, (e) => e.uri === uri && predicate(e.diagnostics),
        `diagnostics for ${uri}`).then((e) => e.diagnostics);
    };
    const doc = harness.openDocument(docPath, 'python', text);
    const uri = doc.uri.toString();
    await client.sendRequest('codecrucible/sync', null);
    const first = await diagnosticsFor(uri, (ds) => ds.some((d) => d.range.start.line === evalLine));
    const evalDiag = first.find((d) => d.range.start.line === evalLine);
    assert.equal(evalDiag.source, 'codecrucible', 'diagnostic source');

    step('incremental edit moves the diagnostic');
    harness.editDocument(doc, new vscode.Range(0, 0, 0, 0), '# edited by the harness\n');
    await client.sendRequest('codecrucible/sync', null);
    const second = await diagnosticsFor(uri, (ds) => ds.some((d) => d.range.start.line === evalLine + 1));
    const movedDiag = second.find((d) => d.range.start.line === evalLine + 1);

    step('code actions through the registered provider');
    assert.ok(harness.providers.codeAction.length >= 1, 'a code action provider is registered');
    const provider = harness.providers.codeAction[0].provider;
    const source = new vscode.CancellationTokenSource();
    const actions = await within(Promise.resolve(provider.provideCodeActions(doc, movedDiag.range,
      { diagnostics: [movedDiag], triggerKind: 1, only: undefined }, source.token)), 'code actions');
    assert.ok(Array.isArray(actions) && actions.length > 0, `code actions offered: ${JSON.stringify(actions)}`);
    for (const a of actions) {
      assert.equal(typeof a.title, 'string', 'every action has a title');
    }
    const resolvable = actions.find((a) => !a.disabled && !a.edit && a.data !== undefined);
    if (resolvable && provider.resolveCodeAction) {
      const resolved = await within(Promise.resolve(provider.resolveCodeAction(resolvable, source.token)), 'codeAction/resolve');
      assert.equal(resolved.title, resolvable.title, 'resolve keeps the title');
    }

    step('AI fix: listed, then resolved to an edit carrying the model answer');
    const fix = actions.find((a) => a.data && typeof a.data.action === 'string' && !a.disabled
      && a.kind?.value?.startsWith('quickfix') && /fix/i.test(`${a.data.action} ${a.title}`));
    assert.ok(fix, `an enabled AI quickfix among: ${JSON.stringify(actions.map((a) => [a.title, a.kind?.value, a.disabled]))}`);
    assert.ok(provider.resolveCodeAction, 'the provider resolves code actions');
    const resolvedFix = await within(Promise.resolve(provider.resolveCodeAction(fix, source.token)), 'AI codeAction/resolve');
    const newTexts = resolvedFix.edit ? resolvedFix.edit.entries().flatMap(([, edits]) => edits.map((e) => e.newText)) : [];
    assert.ok(newTexts.some((t) => t.includes(MARKER)), `resolved edit carries the model answer: ${JSON.stringify(newTexts)}`);

    step('status bar fed by codecrucible/status');
    const statusItem = harness.statusBarItems[0];
    await statusArrived(api);
    assert.match(statusItem.text, /^\$\(flame\) CodeCrucible: /, `status bar text: ${statusItem.text}`);
    assert.ok(statusItem.visible, 'status bar item shown');

    step('status bar menu: every action, AI included while a model answers');
    assert.equal(statusItem.command, 'codecrucible.client.menu', 'the status bar opens the menu');
    await within(vscode.commands.executeCommand('codecrucible.client.menu'), 'the menu');
    const menu = harness.quickPicks.at(-1).map((i) => i.label);
    for (const entry of ['Analyze Workspace', 'Ask the Council', 'Doctor', 'Show Output', 'Restart Server']) {
      assert.ok(menu.some((l) => l.endsWith(entry)), `menu offers ${entry}: ${JSON.stringify(menu)}`);
    }

    step('command: CodeCrucible: Doctor (a read-only virtual document)');
    const outcome = await within(vscode.commands.executeCommand('codecrucible.client.doctor'), 'the doctor command');
    assert.equal(outcome.error, undefined, `doctor ran without error: ${outcome.error}`);
    assert.equal(outcome.document.uri.scheme, 'codecrucible', 'doctor shown in a codecrucible: document');
    assert.match(outcome.document.getText(), /fake-fast/, `doctor report names the endpoints: ${outcome.document.getText()}`);

    step('command: CodeCrucible: Analyze Workspace (a summary with "Show Problems")');
    const scan = await within(vscode.commands.executeCommand('codecrucible.client.analyzeWorkspace'), 'the analyze command');
    assert.equal(scan.error, undefined, `analyze ran without error: ${scan.error}`);
    assert.match(scan.result.summary, /^\d+ findings? in \d+ files?: /, `scan summary: ${scan.result.summary}`);
    const told = harness.messages.find((m) => m.kind === 'info' && m.message === `CodeCrucible: ${scan.result.summary}`);
    assert.ok(told, `the summary was shown: ${JSON.stringify(harness.messages)}`);
    assert.deepEqual(told.items, ['Show Problems'], 'the notification offers the Problems panel');

    step('command: CodeCrucible: Ask the Council (arguments reach the server)');
    harness.setActiveEditor(doc, new vscode.Selection(new vscode.Position(evalLine + 1, 0), new vscode.Position(evalLine + 1, 10)));
    const council = await within(vscode.commands.executeCommand('codecrucible.client.askCouncil', 'Is eval safe here?', 'security'),
      'the ask-the-council command');
    // Without a model server the server may answer with an explanation or a RequestFailed error;
    // either way the command must come back and tell the user.
    assert.ok(council.result || council.error, 'ask the council produced a result or an error message');
    if (council.error) {
      assert.ok(harness.messages.some((m) => m.kind === 'error' && m.message.includes('Ask the Council')),
        'the error was shown to the user');
    } else {
      // The answer file the server asked to show, rendered read-only.
      assert.ok(harness.previews.some((u) => u === vscode.Uri.file(council.result.file).toString()),
        `the council's answer rendered in a preview: ${JSON.stringify(harness.previews)}`);
    }
    assert.deepEqual(harness.openedDocuments, [], 'no command opened an editable Untitled document');

    step('inline completion request round trip');
    const inline = harness.providers.inlineCompletion[0].provider;
    const position = new vscode.Position(evalLine + 1, 4);
    const items = await within(Promise.resolve(inline.provideInlineCompletionItems(doc, position,
      { triggerKind: 0, selectedCompletionInfo: undefined }, source.token)), 'inline completion reply');
    assert.ok(items === undefined || items === null || Array.isArray(items) || Array.isArray(items.items),
      `inline completion result shape: ${JSON.stringify(items)}`);

    step('command: Restart Server (old server exits 0, new one serves the open document)');
    const firstExit = api.serverExit();
    assert.equal(await within(vscode.commands.executeCommand('codecrucible.client.restartServer'), 'restart'), true);
    assert.deepEqual(await within(firstExit, 'the first server to exit'), { code: 0, signal: null }, 'first server exit');
    await api.languageClient().sendRequest('codecrucible/sync', null);
    await diagnosticsFor(uri, (ds) => ds.some((d) => d.range.start.line === evalLine + 1));

    step('deactivate: shutdown + exit, server exits 0');
    const lastExit = api.serverExit();
    await disposeContext(extension, context);
    assert.deepEqual(await within(lastExit, 'the server to exit after deactivate', 5000), { code: 0, signal: null });
    if (harness.unknownAccesses.size) {
      console.log(`   (stub: unimplemented vscode API touched: ${[...harness.unknownAccesses].join(', ')})`);
    }
  } catch (e) {
    await extension.deactivate().catch(() => undefined);
    const output = harness.outputChannels.map((c) => c.text).join('\n');
    e.message += `\n--- CodeCrucible output channel (last 3000 chars) ---\n${output.slice(-3000)}`;
    throw e;
  }
}

// A static-only user: no endpoint configured, none reachable. Neutral status, no AI items,
// one hint how to enable AI, and the menu's "Set Up AI Models" entry.
async function staticOnlyScenario(workDir) {
  step('static-only user: neutral status, one hint, no AI actions');
  const { vscode, harness } = createVscodeStub({
    packageJson,
    workspaceRoot: workDir,
    settings: { 'codecrucible.server.path': binary, 'codecrucible.diagnostics.debounceMs': 0 },
  });
  const savedHost = process.env.OLLAMA_HOST;
  delete process.env.OLLAMA_HOST; // the server inherits this environment
  const extension = loadExtension(vscode);
  const context = makeContext(vscode, workDir);
  const api = extension.activate(context);
  try {
    assert.equal(await within(api.started, 'the language client to start'), true);
    await statusArrived(api);
    if (api.lastStatus().available) {
      console.log('   (skipped: a model server answers on a default port of this machine)');
      return;
    }
    const statusItem = harness.statusBarItems[0];
    assert.equal(statusItem.text, '$(flame) CodeCrucible', `neutral status: ${statusItem.text}`);
    assert.equal(statusItem.backgroundColor, undefined, 'no warning colour');
    const hints = harness.messages.filter((m) => m.items.includes('Set Up AI Models'));
    assert.equal(hints.length, 1, `one hint how to enable AI: ${JSON.stringify(harness.messages)}`);

    const docPath = join(workDir, 'static.py');
    const text = 'def f():\n    breakpoint()\n';
    writeFileSync(docPath, text);
    const doc = harness.openDocument(docPath, 'python', text);
    await api.languageClient().sendRequest('codecrucible/sync', null);
    const provider = harness.providers.codeAction[0].provider;
    const actions = await within(Promise.resolve(provider.provideCodeActions(doc, new vscode.Range(1, 4, 1, 4),
      { diagnostics: [], triggerKind: 1, only: undefined }, new vscode.CancellationTokenSource().token)), 'code actions');
    const titles = (actions ?? []).map((a) => a.title);
    assert.ok(titles.length > 0, 'static quick fixes offered');
    assert.ok(!titles.some((t) => t.startsWith('AI:')), `no AI items for a static-only user: ${JSON.stringify(titles)}`);

    await within(vscode.commands.executeCommand('codecrucible.client.menu'), 'the menu');
    const menu = harness.quickPicks.at(-1).map((i) => i.label);
    assert.ok(menu.some((l) => l.endsWith('Set Up AI Models…')), `the menu shows how to get AI: ${JSON.stringify(menu)}`);
    await within(vscode.commands.executeCommand('codecrucible.client.setUpAi'), 'the AI setup guide');
    assert.ok(harness.previews.some((u) => u.startsWith('codecrucible:')), 'the guide is rendered read-only');
  } finally {
    if (savedHost !== undefined) {
      process.env.OLLAMA_HOST = savedHost;
    }
    await disposeContext(extension, context);
  }
}

// What the Problems panel counts (every diagnostic collection: the client's pushed set and
// its pulled set) through scan → open → edit → close → rescan, through the real
// vscode-languageclient: each finding once, nothing stale.
async function problemsScenario(workDir) {
  step('Problems panel: scan → open → edit → close → rescan, each finding counted once');
  const ws = join(workDir, 'problems');
  mkdirSync(ws, { recursive: true });
  const aPath = join(ws, 'a.py');
  const bPath = join(ws, 'b.py');
  const aText = 'import pickle\ndef f(b):\n    breakpoint()\n    return pickle.loads(b)\n';
  writeFileSync(aPath, aText);
  writeFileSync(bPath, 'def g():\n    breakpoint()\n');
  const { vscode, harness } = createVscodeStub({
    packageJson,
    workspaceRoot: ws,
    settings: {
      'codecrucible.server.path': binary,
      'codecrucible.diagnostics.debounceMs': 0,
      'codecrucible.generation.enabled': 'off',
    },
  });
  const extension = loadExtension(vscode);
  const context = makeContext(vscode, workDir);
  const api = extension.activate(context);
  const aUri = vscode.Uri.file(aPath).toString();
  const bUri = vscode.Uri.file(bPath).toString();
  const problems = (uri) => harness.diagnosticCollections.reduce((n, c) => n + (c.get(vscode.Uri.parse(uri))?.length ?? 0), 0);
  // Everything published, then the client shows `expected`, and still does after the next sync.
  const expectProblems = async (what, expected) => {
    const matches = () => Object.entries(expected).every(([uri, n]) => problems(uri) === n);
    await api.languageClient().sendRequest('codecrucible/sync', null);
    if (!matches()) {
      await waitForEvent(harness.onDiagnostics, matches, `${what}: ${JSON.stringify(expected)}`).catch((e) => {
        e.message += ` (a.py ${problems(aUri)}, b.py ${problems(bUri)})`;
        throw e;
      });
    }
    await api.languageClient().sendRequest('codecrucible/sync', null);
    for (const [uri, n] of Object.entries(expected)) {
      assert.equal(problems(uri), n, `${what}: problems of ${uri}`);
    }
  };
  try {
    assert.equal(await within(api.started, 'the language client to start'), true);
    assert.ok(api.languageClient().initializeResult.capabilities.diagnosticProvider, 'the client pulls diagnostics');
    await within(vscode.commands.executeCommand('codecrucible.client.analyzeWorkspace'), 'the scan');
    await expectProblems('after the scan', { [aUri]: 2, [bUri]: 1 });
    const doc = harness.openDocument(aPath, 'python', aText);
    await expectProblems('after opening a.py', { [aUri]: 2, [bUri]: 1 });
    harness.editDocument(doc, new vscode.Range(2, 0, 3, 0), ''); // deletes the breakpoint() line
    await expectProblems('after deleting a finding', { [aUri]: 1, [bUri]: 1 });
    harness.closeDocument(doc); // unsaved: the file on disk counts again
    await expectProblems('after closing a.py unsaved', { [aUri]: 2, [bUri]: 1 });
    writeFileSync(aPath, 'x = 1\n');
    await within(vscode.commands.executeCommand('codecrucible.client.analyzeWorkspace'), 'the rescan');
    await expectProblems('after fixing a.py on disk and rescanning', { [aUri]: 0, [bUri]: 1 });
  } finally {
    await disposeContext(extension, context);
  }
}

async function missingBinaryScenario(workDir) {
  step('missing server binary: clear error, no crash');
  const { vscode, harness } = createVscodeStub({
    packageJson,
    workspaceRoot: workDir,
    settings: { 'codecrucible.server.path': join(workDir, 'no-such-dir', 'codecrucible') },
  });
  const extension = loadExtension(vscode);
  const context = makeContext(vscode, workDir);
  const api = extension.activate(context);
  assert.equal(await within(api.started, 'activation with a missing binary'), false);
  const error = harness.messages.find((m) => m.kind === 'error');
  assert.ok(error && error.message.includes('codecrucible.server.path'), `error message names the setting: ${JSON.stringify(harness.messages)}`);
  assert.deepEqual(error.items, ['Open Settings'], 'the message offers to open the setting');
  assert.match(harness.statusBarItems[0].text, /error/, 'status bar shows the error');
  await disposeContext(extension, context);
}

const workDir = mkdtempSync(join(tmpdir(), 'cc-vscode-harness-'));
const fakeModel = await startFakeModelServer();
let failed = false;
try {
  await mainScenario(workDir, `http://127.0.0.1:${fakeModel.port}`);
  await problemsScenario(workDir);
  await staticOnlyScenario(workDir);
  await missingBinaryScenario(workDir);
  console.log('PASS vscode extension harness');
} catch (e) {
  failed = true;
  console.error(`FAIL at step "${currentStep}": ${e.stack ?? e.message}`);
} finally {
  fakeModel.close();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
