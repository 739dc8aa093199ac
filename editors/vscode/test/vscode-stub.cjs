// A small in-process stand-in for the `vscode` module, enough for vscode-languageclient and
// this extension to run under plain Node. It records what the extension registers
// (commands, providers, diagnostics, status bar, messages) so the harness can drive and
// inspect it. Not a general VS Code emulator: unknown API accesses are recorded in
// `unknownAccesses` so a new dependency shows up in the harness output.
'use strict';
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');

function createVscodeStub({ packageJson, settings = {}, workspaceRoot }) {
  const unknownAccesses = new Set();

  class Disposable {
    constructor(callOnDispose) {
      this._callOnDispose = callOnDispose;
    }
    static from(...items) {
      return new Disposable(() => items.forEach((i) => i?.dispose?.()));
    }
    dispose() {
      this._callOnDispose?.();
      this._callOnDispose = undefined;
    }
  }

  class EventEmitter {
    constructor() {
      this._listeners = new Set();
      this.event = (listener, thisArg, disposables) => {
        const bound = thisArg ? listener.bind(thisArg) : listener;
        this._listeners.add(bound);
        const d = new Disposable(() => this._listeners.delete(bound));
        if (Array.isArray(disposables)) {
          disposables.push(d);
        }
        return d;
      };
    }
    fire(value) {
      for (const l of [...this._listeners]) {
        l(value);
      }
    }
    dispose() {
      this._listeners.clear();
    }
  }

  class CancellationError extends Error {
    constructor() {
      super('Canceled');
      this.name = 'Canceled';
    }
  }

  class CancellationTokenSource {
    constructor() {
      const emitter = new EventEmitter();
      this._emitter = emitter;
      this.token = {
        isCancellationRequested: false,
        onCancellationRequested: emitter.event,
      };
    }
    cancel() {
      if (!this.token.isCancellationRequested) {
        this.token.isCancellationRequested = true;
        this._emitter.fire(undefined);
      }
    }
    dispose() {
      this._emitter.dispose();
    }
  }

  class Uri {
    constructor(scheme, authority, uriPath, query, fragment) {
      this.scheme = scheme;
      this.authority = authority ?? '';
      this.path = uriPath ?? '';
      this.query = query ?? '';
      this.fragment = fragment ?? '';
    }
    static parse(value) {
      const u = new URL(value);
      return new Uri(u.protocol.replace(/:$/, ''), u.host, decodeURIComponent(u.pathname), u.search.replace(/^\?/, ''), u.hash.replace(/^#/, ''));
    }
    static file(fsPath) {
      return new Uri('file', '', path.resolve(fsPath));
    }
    static joinPath(base, ...segments) {
      return new Uri(base.scheme, base.authority, path.posix.join(base.path, ...segments), base.query, base.fragment);
    }
    get fsPath() {
      return this.scheme === 'file' ? fileURLToPath(this.toString()) : this.path;
    }
    with(change) {
      return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path,
        change.query ?? this.query, change.fragment ?? this.fragment);
    }
    toString() {
      if (this.scheme === 'file') {
        return pathToFileURL(this.path).href;
      }
      const query = this.query ? `?${this.query}` : '';
      const fragment = this.fragment ? `#${this.fragment}` : '';
      return `${this.scheme}:${this.authority ? `//${this.authority}` : ''}${this.path}${query}${fragment}`;
    }
    toJSON() {
      return this.toString();
    }
  }

  class Position {
    constructor(line, character) {
      this.line = line;
      this.character = character;
    }
    isBefore(o) {
      return this.line < o.line || (this.line === o.line && this.character < o.character);
    }
    isEqual(o) {
      return this.line === o.line && this.character === o.character;
    }
    translate(lineDelta = 0, characterDelta = 0) {
      return new Position(this.line + lineDelta, this.character + characterDelta);
    }
  }

  class Range {
    constructor(a, b, c, d) {
      if (typeof a === 'number') {
        this.start = new Position(a, b);
        this.end = new Position(c, d);
      } else {
        this.start = a;
        this.end = b;
      }
    }
    get isEmpty() {
      return this.start.isEqual(this.end);
    }
    contains(p) {
      const pos = p instanceof Range ? p.start : p;
      return !pos.isBefore(this.start) && !this.end.isBefore(pos);
    }
  }

  class Selection extends Range {
    constructor(anchor, active) {
      super(anchor, active);
      this.anchor = anchor;
      this.active = active;
    }
  }

  class Location {
    constructor(uri, rangeOrPosition) {
      this.uri = uri;
      this.range = rangeOrPosition;
    }
  }

  class Diagnostic {
    constructor(range, message, severity = 0) {
      this.range = range;
      this.message = message;
      this.severity = severity;
    }
  }

  class DiagnosticRelatedInformation {
    constructor(location, message) {
      this.location = location;
      this.message = message;
    }
  }

  class CodeActionKind {
    constructor(value) {
      this.value = value;
    }
    append(part) {
      return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
    }
    contains(other) {
      return this.value === '' || other.value === this.value || other.value.startsWith(`${this.value}.`);
    }
    intersects(other) {
      return this.contains(other) || other.contains(this);
    }
  }
  for (const [name, value] of Object.entries({
    Empty: '', QuickFix: 'quickfix', Refactor: 'refactor', RefactorExtract: 'refactor.extract',
    RefactorInline: 'refactor.inline', RefactorRewrite: 'refactor.rewrite', Source: 'source',
    SourceOrganizeImports: 'source.organizeImports', SourceFixAll: 'source.fixAll', Notebook: 'notebook',
  })) {
    CodeActionKind[name] = new CodeActionKind(value);
  }

  class CodeAction {
    constructor(title, kind) {
      this.title = title;
      this.kind = kind;
    }
  }

  class TextEdit {
    constructor(range, newText) {
      this.range = range;
      this.newText = newText;
    }
    static replace(range, newText) {
      return new TextEdit(range, newText);
    }
    static insert(position, newText) {
      return new TextEdit(new Range(position, position), newText);
    }
    static delete(range) {
      return new TextEdit(range, '');
    }
  }

  class WorkspaceEdit {
    constructor() {
      this._edits = [];
    }
    replace(uri, range, newText) {
      this._edits.push({ uri, edit: new TextEdit(range, newText) });
    }
    insert(uri, position, newText) {
      this.replace(uri, new Range(position, position), newText);
    }
    delete(uri, range) {
      this.replace(uri, range, '');
    }
    set(uri, edits) {
      for (const e of edits ?? []) {
        this._edits.push({ uri, edit: Array.isArray(e) ? e[0] : e });
      }
    }
    createFile(uri, options) {
      this._edits.push({ uri, create: options ?? {} });
    }
    deleteFile(uri, options) {
      this._edits.push({ uri, remove: options ?? {} });
    }
    renameFile(oldUri, newUri, options) {
      this._edits.push({ uri: oldUri, rename: newUri, options });
    }
    entries() {
      const byUri = new Map();
      for (const e of this._edits.filter((x) => x.edit)) {
        const key = e.uri.toString();
        byUri.set(key, [e.uri, [...(byUri.get(key)?.[1] ?? []), e.edit]]);
      }
      return [...byUri.values()];
    }
    get size() {
      return this.entries().length;
    }
  }

  class MarkdownString {
    constructor(value = '', supportThemeIcons = false) {
      this.value = value;
      this.supportThemeIcons = supportThemeIcons;
    }
    appendText(text) {
      this.value += text;
      return this;
    }
    appendMarkdown(text) {
      this.value += text;
      return this;
    }
    appendCodeblock(code, language = '') {
      this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
      return this;
    }
  }

  class SnippetString {
    constructor(value = '') {
      this.value = value;
    }
  }

  class ThemeColor {
    constructor(id) {
      this.id = id;
    }
  }

  class InlineCompletionItem {
    constructor(insertText, range, command) {
      this.insertText = insertText;
      this.range = range;
      this.command = command;
    }
  }

  class InlineCompletionList {
    constructor(items) {
      this.items = items;
    }
  }

  class CompletionItem {
    constructor(label, kind) {
      this.label = label;
      this.kind = kind;
    }
  }

  class CompletionList {
    constructor(items = [], isIncomplete = false) {
      this.items = items;
      this.isIncomplete = isIncomplete;
    }
  }

  // Classes the client's converters may construct for features this test never exercises.
  function plainClass(name) {
    return {
      [name]: class {
        constructor(...args) {
          this.args = args;
        }
      },
    }[name];
  }

  // --- Documents -------------------------------------------------------------------------
  class TextLine {
    constructor(lineNumber, text) {
      this.lineNumber = lineNumber;
      this.text = text;
      this.range = new Range(lineNumber, 0, lineNumber, text.length);
      this.rangeIncludingLineBreak = this.range;
      this.firstNonWhitespaceCharacterIndex = text.search(/\S|$/);
      this.isEmptyOrWhitespace = text.trim() === '';
    }
  }

  class TextDocument {
    constructor(uri, languageId, text) {
      this.uri = uri;
      this.fileName = uri.fsPath;
      this.languageId = languageId;
      this.version = 1;
      this.isDirty = false;
      this.isClosed = false;
      this.isUntitled = uri.scheme === 'untitled';
      this.eol = 1;
      this._text = text;
    }
    get lineCount() {
      return this._text.split('\n').length;
    }
    getText(range) {
      if (!range) {
        return this._text;
      }
      return this._text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    }
    lineAt(lineOrPosition) {
      const line = typeof lineOrPosition === 'number' ? lineOrPosition : lineOrPosition.line;
      return new TextLine(line, this._text.split('\n')[line] ?? '');
    }
    offsetAt(position) {
      const lines = this._text.split('\n');
      let offset = 0;
      for (let i = 0; i < Math.min(position.line, lines.length); i++) {
        offset += lines[i].length + 1;
      }
      const lineText = lines[position.line] ?? '';
      return Math.min(offset + Math.min(position.character, lineText.length), this._text.length);
    }
    positionAt(offset) {
      const before = this._text.slice(0, Math.max(0, Math.min(offset, this._text.length)));
      const lines = before.split('\n');
      return new Position(lines.length - 1, lines[lines.length - 1].length);
    }
    validateRange(range) {
      return range;
    }
    validatePosition(position) {
      return position;
    }
    getWordRangeAtPosition() {
      return undefined;
    }
    save() {
      return Promise.resolve(true);
    }
    // Test helper: replaces `range` with `text`, bumps the version, returns the change event.
    applyEdit(range, text) {
      const rangeOffset = this.offsetAt(range.start);
      const rangeLength = this.offsetAt(range.end) - rangeOffset;
      this._text = this._text.slice(0, rangeOffset) + text + this._text.slice(rangeOffset + rangeLength);
      this.version += 1;
      this.isDirty = true;
      return { document: this, contentChanges: [{ range, rangeOffset, rangeLength, text }], reason: undefined };
    }
  }

  // --- Configuration ---------------------------------------------------------------------
  const contributed = packageJson.contributes?.configuration?.properties ?? {};
  const globalValues = new Map(Object.entries(settings));
  const configurationChanged = new EventEmitter();

  function getConfiguration(section) {
    const prefix = section ? `${section}.` : '';
    const defaultOf = (full) => contributed[full]?.default;
    const valueOf = (full) => (globalValues.has(full) ? globalValues.get(full) : defaultOf(full));
    const collect = (full) => {
      const direct = valueOf(full);
      if (direct !== undefined) {
        return direct;
      }
      const nested = {};
      let found = false;
      for (const key of new Set([...Object.keys(contributed), ...globalValues.keys()])) {
        if (key.startsWith(`${full}.`)) {
          const value = valueOf(key);
          if (value === undefined) {
            continue;
          }
          found = true;
          let node = nested;
          const parts = key.slice(full.length + 1).split('.');
          for (const part of parts.slice(0, -1)) {
            node = node[part] ??= {};
          }
          node[parts[parts.length - 1]] = value;
        }
      }
      return found ? nested : undefined;
    };
    return {
      get(key, fallback) {
        const value = collect(`${prefix}${key}`);
        return value === undefined ? fallback : value;
      },
      has(key) {
        return collect(`${prefix}${key}`) !== undefined;
      },
      inspect(key) {
        const full = `${prefix}${key}`;
        return { key: full, defaultValue: defaultOf(full), globalValue: globalValues.get(full) };
      },
      update(key, value) {
        const full = `${prefix}${key}`;
        globalValues.set(full, value);
        configurationChanged.fire({ affectsConfiguration: (s) => full === s || full.startsWith(`${s}.`) });
        return Promise.resolve();
      },
      // Sections read as plain objects (vscode-languageclient does this for some settings).
      ...(section ? collect(section) ?? {} : {}),
    };
  }

  // --- Recorders -------------------------------------------------------------------------
  const registeredCommands = new Map();
  const contentProviders = new Map(); // scheme -> TextDocumentContentProvider
  const previews = []; // URIs shown with markdown.showPreview
  const executedBuiltIns = []; // ids of VS Code's own commands the extension ran
  const quickPicks = []; // item lists offered through showQuickPick
  const messages = [];
  const statusBarItems = [];
  const outputChannels = [];
  const diagnosticCollections = [];
  const diagnosticsChanged = new EventEmitter();
  const providers = { codeAction: [], inlineCompletion: [], completion: [], other: [] };
  const openedDocuments = [];

  const events = {
    didOpen: new EventEmitter(),
    didClose: new EventEmitter(),
    didChange: new EventEmitter(),
    didSave: new EventEmitter(),
    willSave: new EventEmitter(),
  };
  const textDocuments = [];

  function matchScore(selector, document) {
    const filters = Array.isArray(selector) ? selector : [selector];
    let best = 0;
    for (const f of filters) {
      if (typeof f === 'string') {
        best = Math.max(best, f === document.languageId ? 10 : 0);
        continue;
      }
      if (f.language && f.language !== '*' && f.language !== document.languageId) {
        continue;
      }
      if (f.scheme && f.scheme !== '*' && f.scheme !== document.uri.scheme) {
        continue;
      }
      if (f.pattern) {
        continue;
      }
      best = Math.max(best, f.language ? 10 : 5);
    }
    return best;
  }

  function noopEvent() {
    return new Disposable(() => {});
  }

  // Unknown `onX` members are events nobody fires; other unknown members are recorded.
  function lenient(name, target) {
    return new Proxy(target, {
      get(obj, prop) {
        if (prop in obj || typeof prop === 'symbol') {
          return obj[prop];
        }
        if (/^on[A-Z]/.test(prop)) {
          return noopEvent;
        }
        unknownAccesses.add(`${name}.${String(prop)}`);
        return undefined;
      },
    });
  }

  const workspaceFolder = workspaceRoot ? { uri: Uri.file(workspaceRoot), name: path.basename(workspaceRoot), index: 0 } : undefined;

  const workspace = lenient('workspace', {
    get workspaceFolders() {
      return workspaceFolder ? [workspaceFolder] : undefined;
    },
    name: workspaceFolder?.name,
    textDocuments,
    notebookDocuments: [],
    getConfiguration,
    getWorkspaceFolder: () => workspaceFolder,
    onDidChangeConfiguration: configurationChanged.event,
    onDidOpenTextDocument: events.didOpen.event,
    onDidCloseTextDocument: events.didClose.event,
    onDidChangeTextDocument: events.didChange.event,
    onDidSaveTextDocument: events.didSave.event,
    onWillSaveTextDocument: events.willSave.event,
    createFileSystemWatcher: () => ({ onDidCreate: noopEvent, onDidChange: noopEvent, onDidDelete: noopEvent, dispose() {} }),
    registerTextDocumentContentProvider(scheme, provider) {
      contentProviders.set(scheme, provider);
      return new Disposable(() => contentProviders.delete(scheme));
    },
    openTextDocument: async (options) => {
      if (options instanceof Uri) {
        // Virtual documents only: what a content provider serves, read-only like VS Code's.
        const provider = contentProviders.get(options.scheme);
        if (!provider) {
          throw new Error(`stub: no content provider for ${options.toString()}`);
        }
        return new TextDocument(options, options.path.endsWith('.md') ? 'markdown' : 'plaintext',
          await provider.provideTextDocumentContent(options, new CancellationTokenSource().token));
      }
      const doc = new TextDocument(new Uri('untitled', '', `/Untitled-${openedDocuments.length + 1}`), options?.language ?? 'plaintext', options?.content ?? '');
      openedDocuments.push(doc);
      return doc;
    },
    applyEdit: async () => true,
  });

  const languages = lenient('languages', {
    match: matchScore,
    createDiagnosticCollection(name) {
      const entries = new Map();
      const collection = {
        name,
        set(uriOrEntries, diagnostics) {
          const list = Array.isArray(uriOrEntries) ? uriOrEntries : [[uriOrEntries, diagnostics]];
          for (const [uri, diags] of list) {
            entries.set(uri.toString(), diags ?? []);
            diagnosticsChanged.fire({ uri: uri.toString(), diagnostics: diags ?? [] });
          }
        },
        get: (uri) => entries.get(uri.toString()),
        has: (uri) => entries.has(uri.toString()),
        delete(uri) {
          entries.delete(uri.toString());
          diagnosticsChanged.fire({ uri: uri.toString(), diagnostics: [] });
        },
        clear() {
          for (const uri of entries.keys()) {
            diagnosticsChanged.fire({ uri, diagnostics: [] });
          }
          entries.clear();
        },
        forEach: (cb) => entries.forEach((d, u) => cb(Uri.parse(u), d, collection)),
        dispose() {
          entries.clear();
        },
      };
      diagnosticCollections.push(collection);
      return collection;
    },
    registerCodeActionsProvider(selector, provider, metadata) {
      const entry = { selector, provider, metadata };
      providers.codeAction.push(entry);
      return new Disposable(() => providers.codeAction.splice(providers.codeAction.indexOf(entry), 1));
    },
    registerInlineCompletionItemProvider(selector, provider) {
      const entry = { selector, provider };
      providers.inlineCompletion.push(entry);
      return new Disposable(() => providers.inlineCompletion.splice(providers.inlineCompletion.indexOf(entry), 1));
    },
    registerCompletionItemProvider(selector, provider, ...triggerCharacters) {
      const entry = { selector, provider, triggerCharacters };
      providers.completion.push(entry);
      return new Disposable(() => providers.completion.splice(providers.completion.indexOf(entry), 1));
    },
    setLanguageConfiguration: () => new Disposable(() => {}),
    getLanguages: async () => ['python'],
  });

  function createOutputChannel(name) {
    const channel = {
      name,
      text: '',
      append(value) {
        this.text += value;
        if (process.env.CC_HARNESS_VERBOSE) {
          process.stderr.write(value);
        }
      },
      appendLine(value) {
        this.append(`${value}\n`);
      },
      replace(value) {
        this.text = value;
      },
      clear() {
        this.text = '';
      },
      show() {
        this.shown = true;
      },
      hide() {},
      dispose() {},
    };
    outputChannels.push(channel);
    return channel;
  }

  function showMessage(kind) {
    return async (message, ...items) => {
      messages.push({ kind, message, items: items.filter((i) => typeof i === 'string') });
      return undefined; // the user dismissed it
    };
  }

  const window = lenient('window', {
    activeTextEditor: undefined,
    visibleTextEditors: [],
    tabGroups: {
      get all() {
        return [tabGroup];
      },
      get activeTabGroup() {
        return tabGroup;
      },
      onDidChangeTabs: (...args) => tabsChanged.event(...args),
      onDidChangeTabGroups: noopEvent,
    },
    createOutputChannel,
    createStatusBarItem(alignment, priority) {
      const item = { alignment, priority, text: '', tooltip: undefined, command: undefined, visible: false,
        show() {
          this.visible = true;
        },
        hide() {
          this.visible = false;
        },
        dispose() {} };
      statusBarItems.push(item);
      return item;
    },
    showInformationMessage: showMessage('info'),
    showWarningMessage: showMessage('warning'),
    showErrorMessage: showMessage('error'),
    showTextDocument: async (doc) => ({ document: doc }),
    showInputBox: async () => undefined,
    showQuickPick: async (items) => {
      quickPicks.push(await items);
      return undefined; // the user dismissed it
    },
    async withProgress(options, task) {
      const source = new CancellationTokenSource();
      return task({ report() {} }, source.token);
    },
  });

  // VS Code's own commands the extension uses.
  const builtInCommands = {
    'markdown.showPreview': (uri) => {
      previews.push(uri.toString());
    },
    'workbench.actions.view.problems': () => undefined,
  };

  const commands = lenient('commands', {
    registerCommand(id, handler, thisArg) {
      if (registeredCommands.has(id)) {
        // VS Code rejects a second registration of a command id; so must we.
        throw new Error(`command '${id}' already exists`);
      }
      registeredCommands.set(id, thisArg ? handler.bind(thisArg) : handler);
      return new Disposable(() => registeredCommands.delete(id));
    },
    async executeCommand(id, ...args) {
      const handler = registeredCommands.get(id);
      if (!handler && builtInCommands[id]) {
        executedBuiltIns.push(id);
        return builtInCommands[id](...args);
      }
      if (!handler) {
        throw new Error(`command '${id}' not found`);
      }
      return handler(...args);
    },
    getCommands: async () => [...registeredCommands.keys()],
  });

  const enums = {
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    DiagnosticTag: { Unnecessary: 1, Deprecated: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2, Three: 3 },
    CodeActionTriggerKind: { Invoke: 1, Automatic: 2 },
    CompletionTriggerKind: { Invoke: 0, TriggerCharacter: 1, TriggerForIncompleteCompletions: 2 },
    CompletionItemKind: Object.fromEntries(['Text', 'Method', 'Function', 'Constructor', 'Field', 'Variable', 'Class',
      'Interface', 'Module', 'Property', 'Unit', 'Value', 'Enum', 'Keyword', 'Snippet', 'Color', 'File', 'Reference',
      'Folder', 'EnumMember', 'Constant', 'Struct', 'Event', 'Operator', 'TypeParameter', 'User', 'Issue'].map((n, i) => [n, i])),
    CompletionItemTag: { Deprecated: 1 },
    InlineCompletionTriggerKind: { Invoke: 0, Automatic: 1 },
    TextDocumentSaveReason: { Manual: 1, AfterDelay: 2, FocusOut: 3 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    NotebookCellKind: { Markup: 1, Code: 2 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    EndOfLine: { LF: 1, CRLF: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    SymbolKind: {},
    SymbolTag: { Deprecated: 1 },
    DocumentHighlightKind: { Text: 0, Read: 1, Write: 2 },
    FoldingRangeKind: { Comment: 1, Imports: 2, Region: 3 },
    SignatureHelpTriggerKind: { Invoke: 1, TriggerCharacter: 2, ContentChange: 3 },
  };

  // Tab inputs: vscode-languageclient pulls diagnostics only for documents shown in tabs.
  class TabInputText {
    constructor(uri) {
      this.uri = uri;
    }
  }
  class TabInputTextDiff {
    constructor(original, modified) {
      this.original = original;
      this.modified = modified;
    }
  }
  class TabInputCustom {
    constructor(uri, viewType) {
      this.uri = uri;
      this.viewType = viewType;
    }
  }
  const tabsChanged = new EventEmitter();
  const tabGroup = { tabs: [], isActive: true, viewColumn: 1 };

  const plainClasses = Object.fromEntries([
    'CallHierarchyIncomingCall', 'CallHierarchyItem', 'CallHierarchyOutgoingCall', 'CodeLens', 'Color',
    'ColorInformation', 'ColorPresentation', 'DocumentHighlight', 'DocumentLink', 'DocumentSymbol', 'FoldingRange',
    'Hover', 'InlayHint', 'InlayHintLabelPart', 'InlineValueEvaluatableExpression', 'InlineValueText',
    'InlineValueVariableLookup', 'LinkedEditingRanges', 'ParameterInformation', 'RelativePattern', 'SelectionRange',
    'SemanticTokens', 'SemanticTokensEdit', 'SemanticTokensEdits', 'SignatureHelp', 'SignatureInformation',
    'SymbolInformation', 'TypeHierarchyItem',
  ].map((n) => [n, plainClass(n)]));

  const vscode = lenient('vscode', {
    version: '1.82.0',
    env: lenient('env', { appName: 'CodeCrucible harness', appRoot: '', language: 'en', machineId: 'harness', sessionId: 'harness', uriScheme: 'vscode', shell: '/bin/sh', openExternal: async () => true }),
    extensions: lenient('extensions', { all: [], getExtension: () => undefined }),
    workspace,
    languages,
    window,
    commands,
    Disposable, EventEmitter, CancellationError, CancellationTokenSource, Uri, Position, Range, Selection, Location,
    Diagnostic, DiagnosticRelatedInformation, CodeActionKind, CodeAction, TextEdit, WorkspaceEdit, MarkdownString,
    SnippetString, ThemeColor, InlineCompletionItem, InlineCompletionList, CompletionItem, CompletionList,
    TabInputText, TabInputTextDiff, TabInputCustom,
    ...enums,
    ...plainClasses,
  });

  // Harness-side handles (not part of the vscode API).
  const harness = {
    unknownAccesses,
    registeredCommands,
    messages,
    statusBarItems,
    outputChannels,
    diagnosticCollections,
    onDiagnostics: diagnosticsChanged.event,
    providers,
    openedDocuments,
    previews,
    executedBuiltIns,
    quickPicks,
    matchScore,
    // Like VS Code opening an editor: the tab event first, then the document open.
    openDocument(fsPath, languageId, text) {
      const doc = new TextDocument(Uri.file(fsPath), languageId, text);
      const tab = { input: new TabInputText(doc.uri), label: path.basename(fsPath), group: tabGroup, isActive: true };
      tabGroup.tabs.push(tab);
      tabsChanged.fire({ opened: [tab], closed: [], changed: [] });
      textDocuments.push(doc);
      events.didOpen.fire(doc);
      return doc;
    },
    editDocument(doc, range, text) {
      const event = doc.applyEdit(range, text);
      events.didChange.fire(event);
      return event;
    },
    closeDocument(doc) {
      const closed = tabGroup.tabs.filter((t) => t.input.uri?.toString() === doc.uri.toString());
      tabGroup.tabs = tabGroup.tabs.filter((t) => !closed.includes(t));
      tabsChanged.fire({ opened: [], closed, changed: [] });
      textDocuments.splice(textDocuments.indexOf(doc), 1);
      doc.isClosed = true;
      events.didClose.fire(doc);
    },
    setActiveEditor(doc, selection) {
      window.activeTextEditor = { document: doc, selection, selections: [selection] };
    },
  };
  return { vscode, harness };
}

module.exports = { createVscodeStub };
