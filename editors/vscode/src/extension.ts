// Entry point: wires the output channel, status bar, commands and the language client.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClientController, ServerExit } from './client';
import { COMMANDS, registerCommands } from './commands';
import { ServerStatus, describeStatus, wantsAiHint } from './status';
import { ResultViews } from './views';

// globalState key: the "how to enable AI" hint was shown once (on any machine of this user).
const AI_HINT_SHOWN = 'codecrucible.aiHintShown';

// Returned from activate() so other extensions and the test harness can reach the client.
export interface CodeCrucibleApi {
  readonly started: Promise<boolean>;
  languageClient(): LanguageClient | undefined;
  serverExit(): Promise<ServerExit> | undefined;
  lastStatus(): ServerStatus | undefined;
  restart(): Promise<boolean>;
}

let controller: ClientController | undefined;

export function activate(context: vscode.ExtensionContext): CodeCrucibleApi {
  const output = vscode.window.createOutputChannel('CodeCrucible');
  const statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'CodeCrucible';
  statusItem.command = COMMANDS.menu;
  statusItem.text = '$(flame) CodeCrucible';
  statusItem.show();
  const views = new ResultViews();
  context.subscriptions.push(output, statusItem, views);

  let lastStatus: ServerStatus | undefined;
  let hintOffered = false;
  controller = new ClientController(context.extension.packageJSON, output, {
    onStatus(status) {
      lastStatus = status;
      const view = describeStatus(status);
      statusItem.text = view.text;
      statusItem.tooltip = view.tooltip;
      statusItem.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      if (wantsAiHint(status) && !hintOffered && !context.globalState.get<boolean>(AI_HINT_SHOWN)) {
        hintOffered = true; // this session, even before globalState has stored it
        void context.globalState.update(AI_HINT_SHOWN, true);
        void offerAiSetup();
      }
    },
    onState(state, detail) {
      if (state === 'running' && lastStatus) {
        return;
      }
      statusItem.text = state === 'running' ? '$(flame) CodeCrucible' : `$(flame) CodeCrucible: ${state}`;
      statusItem.tooltip = detail ?? `CodeCrucible server ${state}`;
      statusItem.backgroundColor = state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      if (state !== 'running') {
        lastStatus = undefined;
      }
    },
  });
  const owned = controller;
  context.subscriptions.push({ dispose: () => void owned.dispose() });
  registerCommands(context, { controller: owned, output, views, lastStatus: () => lastStatus });

  return {
    started: owned.start(),
    languageClient: () => owned.languageClient,
    serverExit: () => owned.serverExit,
    lastStatus: () => lastStatus,
    restart: () => owned.restart(),
  };
}

// The one-time hint for static-only users: how to get AI, or how to stop being asked.
async function offerAiSetup(): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    'CodeCrucible: static analysis is running. AI actions and completion need a local model server (Ollama or LM Studio).',
    'Set Up AI Models',
    'Turn AI Off',
  );
  if (choice === 'Set Up AI Models') {
    await vscode.commands.executeCommand(COMMANDS.setUpAi);
  } else if (choice === 'Turn AI Off') {
    await vscode.workspace.getConfiguration('codecrucible').update('generation.enabled', 'off', vscode.ConfigurationTarget.Global);
  }
}

export async function deactivate(): Promise<void> {
  const current = controller;
  controller = undefined;
  await current?.dispose();
}
