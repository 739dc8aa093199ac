// Drives the VS Code workbench (code-server in headless Chromium) the way a user does: the
// command palette, Quick Open, the quick-fix menu, dialogs. Every wait is a bounded
// waitForFunction on the page's DOM; a timeout names the wait and the last value seen.

export const WAIT_MS = 30000;

const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
export const byLine = (a, b) => a.line - b.line || compare(a.code, b.code);

// Readers of the workbench state, run inside the page: self-contained arrow functions (their
// source is sent to the page), each returning plain JSON data.
export const READERS = {
  // The active editor's text, line by line as rendered (the fixtures fit on one screen).
  editorText: () => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
    if (!editor) return null;
    return [...editor.querySelectorAll('.view-lines .view-line')]
      .map((l) => ({ top: parseFloat(l.style.top), text: l.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text)
      .join('\n');
  },
  // The active editor's squiggles: [{severity, line}], 1-based lines, sorted.
  squiggles: () => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
    if (!editor) return [];
    const firstLine = editor.querySelector('.view-lines .view-line');
    const lineHeight = firstLine ? parseFloat(firstLine.style.height) || firstLine.offsetHeight : 19;
    const out = [];
    for (const el of editor.querySelectorAll('.view-overlays [class*="squiggly-"]')) {
      const severity = /squiggly-(error|warning|info|hint)/.exec(el.className)?.[1];
      if (severity) out.push({ severity, line: Math.round(parseFloat(el.parentElement.style.top) / lineHeight) + 1 });
    }
    return out.sort((a, b) => a.line - b.line || (a.severity < b.severity ? -1 : a.severity > b.severity ? 1 : 0));
  },
  // The Problems panel's tree: {file: [{severity, line, code}]}, files and rows sorted.
  problems: () => {
    const byFile = {};
    let file = null;
    for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
      const marker = row.querySelector('.marker-message-details-container, .marker-message');
      if (!marker) {
        file = row.querySelector('.label-name')?.textContent.trim() ?? '?';
        byFile[file] ??= [];
      } else if (file) {
        const icon = row.querySelector('.marker-icon');
        const severity = ['error', 'warning', 'info'].find((c) => icon?.classList.contains(c)) ?? '?';
        const code = row.querySelector('.marker-code')?.textContent.replace(/[()]/g, '').trim() ?? '';
        const where = /\[Ln (\d+), Col (\d+)\]/.exec(row.textContent);
        byFile[file].push({ severity, line: where ? Number(where[1]) : 0, code });
      }
    }
    const out = {};
    for (const name of Object.keys(byFile).sort()) {
      if (byFile[name].length === 0) continue;
      out[name] = byFile[name].sort((a, b) => a.line - b.line || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    }
    return out;
  },
  // The status bar's problem counts.
  problemCounts: () => {
    const label = document.getElementById('status.problems')?.getAttribute('aria-label') ?? '';
    const count = (word) => Number(new RegExp(`${word}: (\\d+)`).exec(label)?.[1] ?? 0);
    return { errors: count('Errors'), warnings: count('Warnings'), label };
  },
  tabs: () => [...document.querySelectorAll('.tabs-container .tab')].map((t) => ({
    label: t.getAttribute('aria-label') ?? '',
    dirty: t.classList.contains('dirty'),
    active: t.classList.contains('active'),
  })),
  notifications: () => [...document.querySelectorAll('.notifications-toasts .notification-toast .notification-list-item-message')]
    .map((m) => m.textContent.trim()),
  statusItems: () => [...document.querySelectorAll('.statusbar-item')].map((e) => e.textContent.trim()),
  quickFixItems: () => [...document.querySelectorAll('.action-widget .monaco-list-row')].map((r) => r.textContent.trim()),
};

export class Workbench {
  constructor(page, waitMs = WAIT_MS) {
    this.page = page;
    this.waitMs = waitMs;
  }

  read(reader) {
    return this.page.evaluate(READERS[reader]);
  }

  // Waits until check(value, arg) holds for the reader's value and returns that value. `check`
  // runs in the page (self-contained); a timeout reports `what` and the last value seen.
  async waitFor(what, reader, check, arg, timeout = this.waitMs) {
    const expression = `(() => {
      const value = (${READERS[reader]})();
      return (${check})(value, ${JSON.stringify(arg ?? null)}) ? { value } : null;
    })()`;
    try {
      const handle = await this.page.waitForFunction(expression, undefined, { timeout, polling: 100 });
      return (await handle.jsonValue()).value;
    } catch (e) {
      const last = await this.read(reader).catch((err) => `unreadable: ${err.message}`);
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (${e.message.split('\n')[0]}); last seen: ${JSON.stringify(last)}`);
    }
  }

  // Waits until the reader's value equals `expected` (as JSON).
  waitEqual(what, reader, expected, timeout) {
    return this.waitFor(what, reader, (value, want) => JSON.stringify(value) === JSON.stringify(want), expected, timeout);
  }

  // Waits until fn(arg) in the page is truthy.
  async until(what, fn, arg, timeout = this.waitMs) {
    try {
      const handle = await this.page.waitForFunction(fn, arg, { timeout, polling: 100 });
      return await handle.jsonValue();
    } catch (e) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}: ${e.message.split('\n')[0]}`);
    }
  }

  async ready() {
    await this.until('the workbench and its status bar', () =>
      document.querySelector('.monaco-workbench') && document.getElementById('status.problems'), undefined, 90000);
  }

  // --- the quick input (command palette, Quick Open, Go to Line) ---
  async quickInput(text) {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: this.waitMs });
    await input.fill(text);
  }

  // Runs a command by its palette title, e.g. "CodeCrucible: Doctor".
  async command(title) {
    await this.quickInput(`>${title}`);
    await this.pickRow(title);
  }

  // Clicks the quick input's row whose label is exactly `label` (the first row may be a
  // fuzzy match such as "Delete Duplicate Lines" for "Delete Line").
  async pickRow(label) {
    const index = await this.until(`the quick input row "${label}"`, (wanted) => {
      const rows = [...document.querySelectorAll('.quick-input-widget .monaco-list-row')];
      const at = rows.findIndex((row) =>
        (row.querySelector('.label-name')?.textContent ?? '').replace(/\u00a0/g, ' ').trim() === wanted);
      return at >= 0 ? at + 1 : 0;
    }, label);
    await this.page.locator('.quick-input-widget .monaco-list-row').nth(index - 1).click();
    await this.until('the quick input to close', () => {
      const w = document.querySelector('.quick-input-widget');
      return !w || w.style.display === 'none' || !w.offsetParent;
    });
  }

  // Opens a workspace file through Quick Open and waits for its tab to be active.
  async open(name) {
    await this.quickInput(name);
    await this.pickRow(name);
    await this.until(`the active editor tab ${name}`, (n) =>
      document.querySelector('.tabs-container .tab.active')?.getAttribute('aria-label')?.startsWith(n), name);
    await this.until(`the editor of ${name} rendered`, () => document.querySelector('.editor-instance .view-lines .view-line'));
  }

  // Moves the cursor (1-based line and column) with Go to Line.
  async goTo(line, column) {
    await this.quickInput(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.waitFor(`the cursor at ${line}:${column}`, 'statusItems',
      (items, want) => items.some((t) => t.startsWith(`Ln ${want[0]}, Col ${want[1]}`)), [line, column]);
  }

  // Types into the active editor, focused by a click on its text.
  async typeInEditor(text) {
    await this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.type(text);
  }

  async showProblems() {
    await this.command('View: Focus Problems (Errors, Warnings, Infos)');
    await this.until('the Problems panel', () => document.querySelector('.markers-panel'));
  }

  // Opens the quick-fix menu at the cursor, picks the item titled `title`; returns the items.
  async quickFix(title) {
    await this.command('Quick Fix...');
    const items = await this.waitFor(`the quick-fix menu item "${title}"`, 'quickFixItems',
      (list, wanted) => list.some((t) => t.includes(wanted)), title);
    // The menu lays a pointer block over the editor until the mouse moves (no click-through).
    const item = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    const box = await item.boundingBox();
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.until('the quick-fix menu to take pointer input', () => !document.querySelector('.context-view-pointerBlock'));
    await item.click();
    await this.until('the quick-fix menu to close', () => !document.querySelector('.action-widget .monaco-list-row'));
    return items;
  }

  // Replaces the user's settings.json in its editor, as a user does, and saves it.
  async editUserSettings(values) {
    await this.command('Preferences: Open User Settings (JSON)');
    await this.until('the settings.json editor', () =>
      document.querySelector('.tabs-container .tab.active')?.getAttribute('aria-label')?.startsWith('settings.json'));
    await this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+a');
    // One line (no auto-indent); what the editor auto-closed after it is deleted.
    await this.page.keyboard.insertText(JSON.stringify(values));
    await this.page.keyboard.press('Control+Shift+End');
    await this.page.keyboard.press('Delete');
    await this.waitEqual('settings.json holding the new settings', 'editorText', JSON.stringify(values));
    await this.command('File: Save');
    await this.waitFor('settings.json saved', 'tabs', (tabs) => tabs.every((t) => !t.dirty));
  }

  // Clicks `button` on a notification toast.
  async notificationButton(button) {
    const locator = this.page.locator('.notifications-toasts .notification-toast .monaco-button', { hasText: button }).first();
    await locator.waitFor({ state: 'visible', timeout: this.waitMs });
    await locator.click();
  }

  // Clicks `button` in the modal dialog VS Code shows (e.g. "Don't Save").
  async dialogButton(button) {
    const locator = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: button }).first();
    await locator.waitFor({ state: 'visible', timeout: this.waitMs });
    await locator.click();
    await this.until('the dialog to close', () => !document.querySelector('.monaco-dialog-box'));
  }
}
