// The palette commands and the status bar menu. Their ids carry a `.client.` infix because
// vscode-languageclient registers the server's executeCommand ids (codecrucible.doctor, ...)
// globally and a second registration of the same id fails.
//
// Results never open as editable documents: a scan ends in a notification with its summary,
// Doctor in a read-only virtual document, AI answers in a rendered Markdown preview.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import type { ClientController } from './client';
import { renderCommandResult, summarizeCommandResult } from './results';
import { AI_SETUP_GUIDE, ServerStatus } from './status';
import type { ResultViews } from './views';

export const COMMANDS = {
  analyzeWorkspace: 'codecrucible.client.analyzeWorkspace',
  askCouncil: 'codecrucible.client.askCouncil',
  doctor: 'codecrucible.client.doctor',
  menu: 'codecrucible.client.menu',
  restartServer: 'codecrucible.client.restartServer',
  setUpAi: 'codecrucible.client.setUpAi',
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

export interface CommandContext {
  controller: ClientController;
  output: vscode.OutputChannel;
  views: ResultViews;
  lastStatus(): ServerStatus | undefined;
}

// Runs a server command with cancellable progress; the caller presents the result.
export async function runServerCommand(
  ctx: CommandContext,
  title: string,
  command: string,
  args: unknown[],
): Promise<CommandOutcome> {
  const client = ctx.controller.languageClient;
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
    return { result };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    ctx.output.appendLine(`${title} failed: ${error}`);
    void vscode.window.showErrorMessage(`CodeCrucible: ${title} failed: ${error}`);
    return { error };
  }
}

// Every workspace folder; without one the server falls back to its own root.
function workspaceRoots(): unknown[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length > 0 ? [{ roots: folders.map((f) => f.uri.fsPath) }] : [];
}

async function analyzeWorkspace(ctx: CommandContext): Promise<CommandOutcome> {
  const outcome = await runServerCommand(ctx, 'Analyze Workspace', 'codecrucible.analyzeWorkspace', workspaceRoots());
  if (outcome.error === undefined) {
    const summary = summarizeCommandResult(outcome.result) ?? 'workspace analysed';
    ctx.output.appendLine(`Analyze Workspace: ${summary}`);
    void vscode.window.showInformationMessage(`CodeCrucible: ${summary}`, 'Show Problems').then((choice) =>
      choice ? vscode.commands.executeCommand('workbench.actions.view.problems') : undefined,
    );
  }
  return outcome;
}

async function doctor(ctx: CommandContext): Promise<CommandOutcome> {
  const outcome = await runServerCommand(ctx, 'Doctor', 'codecrucible.doctor', []);
  if (outcome.error !== undefined) {
    return outcome;
  }
  const record = (outcome.result ?? {}) as Record<string, unknown>;
  const text = typeof record.text === 'string' ? record.text : renderCommandResult('Doctor', outcome.result);
  ctx.output.appendLine(text);
  return { ...outcome, document: await ctx.views.showText('CodeCrucible Doctor', text) };
}

async function askCouncil(ctx: CommandContext, question?: string, preset?: string): Promise<CommandOutcome> {
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
  const outcome = await runServerCommand(ctx, 'Ask the Council', 'codecrucible.askCouncil',
    councilArguments(asked, chosen, vscode.window.activeTextEditor));
  const record = (outcome.result ?? {}) as Record<string, unknown>;
  // With a `file` the server already asked to show it (rendered by the showDocument middleware).
  if (outcome.error === undefined && typeof record.file !== 'string') {
    const markdown = typeof record.markdown === 'string' ? record.markdown : renderCommandResult('Council', outcome.result);
    await ctx.views.showMarkdown('Council', markdown);
  }
  return outcome;
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

interface MenuItem extends vscode.QuickPickItem {
  command: string;
}

// The status bar menu: one place where every action, and how to get AI, can be found.
export function menuItems(status: ServerStatus | undefined): MenuItem[] {
  const aiUsable = status !== undefined && status.enabled !== false && status.quiet !== true && status.available === true;
  const items: MenuItem[] = [
    { label: '$(search) Analyze Workspace', description: 'findings of every file in the Problems panel', command: COMMANDS.analyzeWorkspace },
  ];
  if (aiUsable) {
    items.push({ label: '$(comment-discussion) Ask the Council', description: 'several AI voices on the selection', command: COMMANDS.askCouncil });
  } else if (status?.mode !== 'off') {
    items.push({ label: '$(sparkle) Set Up AI Models…', description: 'static analysis works without them', command: COMMANDS.setUpAi });
  }
  items.push(
    { label: '$(pulse) Doctor', description: 'check the model servers', command: COMMANDS.doctor },
    { label: '$(output) Show Output', command: COMMANDS.showOutput },
    { label: '$(debug-restart) Restart Server', command: COMMANDS.restartServer },
  );
  return items;
}

export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.analyzeWorkspace, () => analyzeWorkspace(ctx)),
    vscode.commands.registerCommand(COMMANDS.doctor, () => doctor(ctx)),
    vscode.commands.registerCommand(COMMANDS.askCouncil, (question?: string, preset?: string) => askCouncil(ctx, question, preset)),
    vscode.commands.registerCommand(COMMANDS.setUpAi, () => ctx.views.showMarkdown('Set Up AI Models', AI_SETUP_GUIDE)),
    vscode.commands.registerCommand(COMMANDS.menu, async () => {
      const picked = await vscode.window.showQuickPick(menuItems(ctx.lastStatus()), { title: 'CodeCrucible' });
      return picked ? vscode.commands.executeCommand(picked.command) : undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => ctx.controller.restart()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => ctx.output.show(true)),
  );
}
