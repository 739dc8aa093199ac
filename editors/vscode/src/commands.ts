// The palette commands. Their ids carry a `.client.` infix because vscode-languageclient
// registers the server's executeCommand ids (codecrucible.doctor, ...) globally and a
// second registration of the same id fails.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import type { ClientController } from './client';
import { renderCommandResult, summarizeCommandResult } from './results';

export const COMMANDS = {
  analyzeWorkspace: 'codecrucible.client.analyzeWorkspace',
  askCouncil: 'codecrucible.client.askCouncil',
  doctor: 'codecrucible.client.doctor',
  restartServer: 'codecrucible.client.restartServer',
  showOutput: 'codecrucible.client.showOutput',
} as const;

export const BUILT_IN_PRESETS = [
  'default', 'analysis', 'implementation', 'security', 'architecture', 'innovation', 'quality', 'optimization',
];

export interface CommandOutcome {
  result?: unknown;
  document?: vscode.TextDocument;
  error?: string;
}

// Runs a server command with cancellable progress and shows its result as Markdown.
export async function runServerCommand(
  controller: ClientController,
  output: vscode.OutputChannel,
  title: string,
  command: string,
  args: unknown[],
): Promise<CommandOutcome> {
  const client = controller.languageClient;
  if (!client || !client.isRunning()) {
    const error = 'the CodeCrucible server is not running (see CodeCrucible: Show Output).';
    void vscode.window.showErrorMessage(`CodeCrucible: ${title}: ${error}`);
    return { error };
  }
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `CodeCrucible: ${title}`, cancellable: true },
      (_progress, token) => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }, token),
    );
    const markdown = renderCommandResult(title, result);
    output.appendLine(markdown);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    const summary = summarizeCommandResult(result);
    if (summary) {
      void vscode.window.showInformationMessage(`CodeCrucible: ${summary}`);
    }
    return { result, document };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    output.appendLine(`${title} failed: ${error}`);
    void vscode.window.showErrorMessage(`CodeCrucible: ${title} failed: ${error}`);
    return { error };
  }
}

// Arguments for codecrucible.askCouncil: the question plus the active editor's selection.
export function councilArguments(question: string, preset: string, editor: vscode.TextEditor | undefined): unknown[] {
  const argument: Record<string, unknown> = { question, preset };
  if (editor) {
    const selection = editor.selection;
    argument.uri = editor.document.uri.toString();
    argument.version = editor.document.version;
    argument.range = {
      start: { line: selection.start.line, character: selection.start.character },
      end: { line: selection.end.line, character: selection.end.character },
    };
  }
  return [argument];
}

export function registerCommands(
  context: vscode.ExtensionContext,
  controller: ClientController,
  output: vscode.OutputChannel,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.analyzeWorkspace, () =>
      // {root: path}; without a folder the server falls back to its workspace root.
      runServerCommand(controller, output, 'Analyze Workspace', 'codecrucible.analyzeWorkspace',
        vscode.workspace.workspaceFolders?.[0] ? [{ root: vscode.workspace.workspaceFolders[0].uri.fsPath }] : []),
    ),
    vscode.commands.registerCommand(COMMANDS.doctor, () =>
      runServerCommand(controller, output, 'Doctor', 'codecrucible.doctor', []),
    ),
    vscode.commands.registerCommand(COMMANDS.askCouncil, async (question?: string, preset?: string) => {
      const asked = question ?? (await vscode.window.showInputBox({
        title: 'CodeCrucible: Ask the Council',
        prompt: 'Question for the council of voices (the selection, if any, is sent along)',
        ignoreFocusOut: true,
      }));
      if (!asked) {
        return { error: 'cancelled' };
      }
      const configured = Object.keys(vscode.workspace.getConfiguration('codecrucible').get<object>('generation.presets') ?? {});
      const chosen = preset ?? (await vscode.window.showQuickPick([...new Set([...BUILT_IN_PRESETS, ...configured])], {
        title: 'Council preset',
        placeHolder: 'default',
      })) ?? 'default';
      return runServerCommand(controller, output, 'Ask the Council', 'codecrucible.askCouncil',
        councilArguments(asked, chosen, vscode.window.activeTextEditor));
    }),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => controller.restart()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
  );
}
