// Owns the LanguageClient: starting `codecrucible lsp`, settings forwarding, the status
// notification and restarts. Used from the extension host's single JS thread only.
import * as cp from 'child_process';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { resolveServerPath } from './serverPath';
import { SECTION, collectUserSettings, serverSettingKeys } from './settings';
import { STATUS_NOTIFICATION, ServerStatus } from './status';
import { showMarkdownPreview } from './views';

export const CLIENT_ID = 'codecrucible';
export const DEFAULT_LANGUAGES = [
  'c', 'cpp', 'csharp', 'go', 'java', 'javascript', 'javascriptreact', 'kotlin', 'lua', 'php',
  'python', 'ruby', 'rust', 'shellscript', 'swift', 'typescript', 'typescriptreact',
];
// vscode-languageclient kills a server that is still alive this long after `exit`.
const EXIT_GRACE_MS = 2000;

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ClientEvents {
  onStatus(status: ServerStatus): void;
  onState(state: 'starting' | 'running' | 'stopped' | 'error', detail?: string): void;
}

// The server writes AI answers to $XDG_CACHE_HOME/codecrucible/answers/*.md.
export function isAnswerFile(uri: string): boolean {
  return /^file:.*\/codecrucible\/answers\/[^/]+\.md$/.test(uri);
}

export class ClientController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private serverProcess: cp.ChildProcess | undefined;
  private exitPromise: Promise<ServerExit> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private clientDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly packageJson: { contributes?: { configuration?: unknown } },
    private readonly output: vscode.OutputChannel,
    private readonly events: ClientEvents,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.server`) || e.affectsConfiguration(`${SECTION}.client`)) {
          void vscode.window.showInformationMessage(
            'CodeCrucible: server settings changed. Restart the server to apply them.', 'Restart Server',
          ).then((choice) => (choice ? this.restart() : undefined));
        } else if (e.affectsConfiguration(SECTION) && this.client?.isRunning()) {
          void this.client.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { [SECTION]: this.userSettings() },
          });
        }
      }),
    );
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  // Resolves when the current server process exits; undefined before the first start.
  get serverExit(): Promise<ServerExit> | undefined {
    return this.exitPromise;
  }

  userSettings(): Record<string, unknown> {
    return collectUserSettings(vscode.workspace.getConfiguration(SECTION), serverSettingKeys(this.packageJson));
  }

  async start(): Promise<boolean> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const resolved = resolveServerPath(config.get<string>('server.path'), process.env.PATH);
    if (!resolved.ok) {
      this.output.appendLine(resolved.message);
      this.events.onState('error', resolved.message);
      void vscode.window.showErrorMessage(`CodeCrucible: ${resolved.message}`, 'Open Settings').then((choice) => {
        if (choice) {
          void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
        }
      });
      return false;
    }
    const extraArgs = config.get<string[]>('server.args') ?? [];
    const logLevel = config.get<string>('server.logLevel') ?? 'warn';
    const languages = config.get<string[]>('client.languages') ?? DEFAULT_LANGUAGES;

    const serverOptions: ServerOptions = async () => {
      const args = ['lsp', '--stdio', `--clientProcessId=${process.pid}`, `--log-level=${logLevel}`, ...extraArgs];
      this.output.appendLine(`Starting ${resolved.path} ${args.join(' ')}`);
      const child = cp.spawn(resolved.path, args, {
        cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      this.serverProcess = child;
      this.exitPromise = new Promise<ServerExit>((resolve) => {
        child.on('exit', (code, signal) => {
          this.output.appendLine(`Server process exited (code ${code}, signal ${signal}).`);
          resolve({ code, signal });
        });
        child.on('error', (err) => {
          this.output.appendLine(`Cannot start ${resolved.path}: ${err.message}`);
          resolve({ code: null, signal: null });
        });
      });
      return child;
    };

    const clientOptions: LanguageClientOptions = {
      documentSelector: languages.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      outputChannel: this.output,
      initializationOptions: () => this.userSettings(),
      middleware: {
        window: {
          // AI answers arrive as Markdown files the server asks to show: render them read-only
          // instead of opening an editable editor.
          showDocument: async (params, next) => {
            if (isAnswerFile(params.uri)) {
              await showMarkdownPreview(vscode.Uri.parse(params.uri));
              return { success: true };
            }
            const shown = await next(params, new vscode.CancellationTokenSource().token);
            return 'success' in shown ? shown : { success: false };
          },
        },
        workspace: {
          // Answer workspace/configuration for our section from explicit user settings only.
          configuration: async (params, token, next) => {
            const fromVscode = await next(params, token);
            if (!Array.isArray(fromVscode)) {
              return fromVscode;
            }
            return params.items.map((item, index) =>
              item.section === SECTION || item.section === undefined ? this.userSettings() : fromVscode[index],
            );
          },
        },
      },
    };

    const client = new LanguageClient(CLIENT_ID, 'CodeCrucible', serverOptions, clientOptions);
    client.registerProposedFeatures(); // textDocument/inlineCompletion (LSP 3.18)
    this.client = client;
    this.clientDisposables.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) {
          this.events.onState('running');
        } else if (e.newState === State.Starting) {
          this.events.onState('starting');
        } else {
          this.events.onState('stopped');
        }
      }),
    );
    this.clientDisposables.push(
      client.onNotification(STATUS_NOTIFICATION, (status: ServerStatus) => this.events.onStatus(status)),
    );
    this.events.onState('starting');
    try {
      await client.start();
      return true;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.output.appendLine(`Starting the server failed: ${message}`);
      this.events.onState('error', message);
      return false;
    }
  }

  // shutdown + exit; kills the process if it outlives the grace period.
  async stop(): Promise<void> {
    const client = this.client;
    const child = this.serverProcess;
    const exited = this.exitPromise;
    this.client = undefined;
    this.serverProcess = undefined;
    if (client) {
      try {
        await client.stop(EXIT_GRACE_MS);
      } catch (e) {
        this.output.appendLine(`Stopping the server: ${e instanceof Error ? e.message : String(e)}`);
      }
      await client.dispose().catch(() => undefined);
    }
    this.clientDisposables.forEach((d) => d.dispose());
    this.clientDisposables = [];
    if (child && exited && child.exitCode === null && child.signalCode === null) {
      const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
  }

  async restart(): Promise<boolean> {
    await this.stop();
    return this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.disposables.forEach((d) => d.dispose());
  }
}
