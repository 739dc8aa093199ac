// Shared plumbing of the Node client tests: spawns `codecrucible lsp`, connects the strict
// vscode-jsonrpc client, answers server→client requests, collects notifications, and bounds
// every wait (a server that dies fails the current wait at once).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

export const STEP_TIMEOUT_MS = 20000;

export const CLIENT_CAPABILITIES = {
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
};

let currentStep = 'startup';
export function step(name) {
  currentStep = name;
  console.log(`-- ${name}`);
}
export function stepName() {
  return currentStep;
}

// Collects notifications and lets a test wait for one matching a predicate.
export class Inbox {
  constructor(within) {
    this.items = [];
    this.waiters = [];
    this.within = within;
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
    if (found) {
      return Promise.resolve(found);
    }
    return this.within(new Promise((resolve) => this.waiters.push({ predicate, resolve })), what);
  }
}

// settings: the `codecrucible` section answered to workspace/configuration.
// onApplyEdit(params) → ApplyWorkspaceEditResult (default: applied).
export function startSession({ binary, workDir, settings = {}, onApplyEdit }) {
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
    if (!exitExpected) {
      racers.push(unexpectedExit);
    }
    return Promise.race(racers).finally(() => clearTimeout(timer));
  }

  // Absolute: the server runs with the test's work directory as cwd.
  const server = spawn(resolve(binary), ['lsp', '--stdio', `--clientProcessId=${process.pid}`], {
    cwd: workDir,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CACHE_HOME: join(workDir, 'cache'), XDG_CONFIG_HOME: join(workDir, 'config') },
  });
  let stderrText = '';
  server.stderr.on('data', (d) => {
    stderrText += d.toString();
  });
  const serverExit = new Promise((done) => {
    server.on('exit', (code, signal) => done({ code, signal }));
    server.on('error', (err) => {
      stderrText += `cannot start ${binary}: ${err.message}\n`;
      done({ code: null, signal: null });
    });
  });
  serverExit.then(({ code, signal }) => {
    if (!exitExpected) {
      rejectOnExit(new Error(`server exited unexpectedly (code ${code}, signal ${signal})`));
    }
  });

  const connectionErrors = [];
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onError(([error, message]) => {
    connectionErrors.push(`${error?.message ?? error} ${message ? JSON.stringify(message) : ''}`);
  });

  const session = {
    connection,
    within,
    serverExit,
    connectionErrors,
    diagnostics: new Inbox(within),
    statuses: new Inbox(within),
    progress: [],
    appliedEdits: [],
    shownMessages: [],
    shownDocuments: [],
    stderr: () => stderrText,
    expectExit() {
      exitExpected = true;
    },
    // Sends a request; a server error fails with the method, params and error.
    async request(method, params) {
      try {
        return await within(connection.sendRequest(method, params), `reply to ${method}`);
      } catch (e) {
        const detail = e?.code !== undefined ? `error ${e.code}: ${e.message}` : e.message;
        throw new Error(`${method} ${JSON.stringify(params).slice(0, 400)} failed: ${detail}`);
      }
    },
    dispose() {
      connection.dispose();
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGKILL');
      }
    },
  };

  connection.onNotification('textDocument/publishDiagnostics', (p) => session.diagnostics.push(p));
  connection.onNotification('codecrucible/status', (p) => session.statuses.push(p));
  connection.onNotification('window/logMessage', () => {});
  connection.onNotification('window/showMessage', (p) => session.shownMessages.push(p));
  connection.onNotification('$/progress', (p) => session.progress.push(p));
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('window/showMessageRequest', () => null);
  connection.onRequest('window/showDocument', (p) => {
    session.shownDocuments.push(p);
    return { success: true };
  });
  connection.onRequest('workspace/applyEdit', (p) => {
    session.appliedEdits.push(p);
    return onApplyEdit ? onApplyEdit(p) : { applied: true };
  });
  connection.listen();
  return session;
}

// Runs main(); prints PASS or the failing step with the server's stderr; exits 0 or 1.
export async function runTest(name, session, main, cleanup) {
  let failed = false;
  try {
    await main();
    console.log(`PASS ${name}`);
  } catch (e) {
    failed = true;
    console.error(`FAIL at step "${stepName()}": ${e.message}`);
    if (session?.connectionErrors.length) {
      console.error(`connection errors: ${session.connectionErrors.join('\n')}`);
    }
    console.error(`server stderr (last 2000 chars):\n${session?.stderr().slice(-2000) ?? ''}`);
  } finally {
    session?.dispose();
    cleanup?.();
  }
  process.exit(failed ? 1 : 0);
}

// shutdown → null, exit → the process exits 0 without a signal, and no stray stdout bytes.
export async function shutdownAndExit(session, assert) {
  const result = await session.request('shutdown', null);
  assert.equal(result, null, 'shutdown replies null');
  session.expectExit();
  session.connection.sendNotification('exit');
  const { code, signal } = await session.within(session.serverExit, 'the server process to exit after exit', 5000);
  assert.equal(signal, null, `server exited by signal ${signal}`);
  assert.equal(code, 0, 'server exit code after shutdown + exit');
  assert.deepEqual(session.connectionErrors, [], 'no connection errors (stray stdout bytes break vscode-jsonrpc)');
}
