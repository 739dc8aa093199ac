// Read-only views for command results: virtual `codecrucible:` documents (never dirty, never
// "Untitled-N", nothing to save on exit) shown as text or as a rendered Markdown preview.
import * as vscode from 'vscode';

export const VIEW_SCHEME = 'codecrucible';

export class ResultViews implements vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, {
      onDidChange: this.changed.event,
      provideTextDocumentContent: (uri) => this.contents.get(uri.toString()) ?? '',
    });
  }

  // A read-only text document named `name` (reused and refreshed on the next call).
  async showText(name: string, text: string): Promise<vscode.TextDocument> {
    const uri = this.set(name, text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: false });
    return document;
  }

  // Markdown rendered in the built-in preview, read-only.
  async showMarkdown(name: string, markdown: string): Promise<vscode.Uri> {
    const uri = this.set(name.endsWith('.md') ? name : `${name}.md`, markdown);
    await showMarkdownPreview(uri);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }

  private set(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.parse(`${VIEW_SCHEME}:/${encodeURIComponent(name)}`);
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }
}

// Opens a Markdown file or virtual document rendered; falls back to a read-only-looking preview
// editor where the Markdown extension is missing.
export async function showMarkdownPreview(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }
}
