// Entry point: wires the output channel, status bar, commands and the language client.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClientController, ServerExit } from './client';
import { COMMANDS, registerCommands } from './commands';
import { ServerStatus, describeStatus } from './status';

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
  statusItem.command = COMMANDS.doctor;
  statusItem.text = '$(flame) CodeCrucible';
  statusItem.show();
  context.subscriptions.push(output, statusItem);

  let lastStatus: ServerStatus | undefined;
  controller = new ClientController(context.extension.packageJSON, output, {
    onStatus(status) {
      lastStatus = status;
      const view = describeStatus(status);
      statusItem.text = view.text;
      statusItem.tooltip = view.tooltip;
      statusItem.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
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
  registerCommands(context, owned, output);

  return {
    started: owned.start(),
    languageClient: () => owned.languageClient,
    serverExit: () => owned.serverExit,
    lastStatus: () => lastStatus,
    restart: () => owned.restart(),
  };
}

export async function deactivate(): Promise<void> {
  const current = controller;
  controller = undefined;
  await current?.dispose();
}
