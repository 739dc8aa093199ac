// Drives the VS Code workbench (code-server in headless Chromium) the way a user does: the
// command palette, Quick Open, the quick-fix menu, dialogs. Every wait is on the DOM and
// bounded; reads return plain data (squiggles, Problems rows, editor text) for assertions.

export const WAIT_MS = 30000;

export class Workbench {
  constructor(page, waitMs = WAIT_MS) {
    this.page = page;
    this.waitMs = waitMs;
  }

  // Waits until fn(arg) in the page returns a truthy value and returns it; `what` names the
  // wait in the timeout error, with the last value seen when `describe` is given.
  async until(what, fn, arg, timeout = this.waitMs) {
    try {
      const handle = await this.page.waitForFunction(fn, arg, { timeout, polling: 100 });
      return await handle.jsonValue();
    } catch (e) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}: ${e.message.split('\n')[0]}`);
    }
  }

  // Waits until read() (run in Node, reading the page) satisfies ok(value); returns the value.
  async poll(what, read, ok, timeout = this.waitMs) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      last = await read();
      if (ok(last)) return last;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
      }
      await this.page.waitForTimeout(100); // a poll interval bounded by the deadline, not a sync sleep
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
    return input;
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
    await this.until(`the cursor at ${line}:${column}`, (want) => {
      const label = [...document.querySelectorAll('.statusbar-item')].map((e) => e.textContent).find((t) => /^Ln \d+, Col \d+/.test(t));
      return label && label.startsWith(`Ln ${want[0]}, Col ${want[1]}`);
    }, [line, column]);
  }

  // --- the editor ---
  // The active editor's lines (rendered; the fixtures are small enough to be fully visible).
  async editorText() {
    return this.page.evaluate(() => {
      const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
      if (!editor) return null;
      const lines = [...editor.querySelectorAll('.view-lines .view-line')]
        .map((l) => ({ top: parseFloat(l.style.top), text: l.textContent.replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top);
      return lines.map((l) => l.text).join('\n');
    });
  }

  // Types into the active editor, focused by a click on its text.
  async typeInEditor(text) {
    await this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.type(text);
  }

  // Squiggles of the active editor: [{severity, line}] (1-based lines), sorted.
  async squiggles() {
    return this.page.evaluate(() => {
      const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
      if (!editor) return [];
      const firstLine = editor.querySelector('.view-lines .view-line');
      const lineHeight = firstLine ? parseFloat(firstLine.style.height) || firstLine.offsetHeight : 19;
      const out = [];
      for (const el of editor.querySelectorAll('.view-overlays [class*="squiggly-"]')) {
        const severity = /squiggly-(error|warning|info|hint)/.exec(el.className)?.[1];
        const top = parseFloat(el.parentElement.style.top);
        if (severity) out.push({ severity, line: Math.round(top / lineHeight) + 1 });
      }
      return out.sort((a, b) => a.line - b.line || a.severity.localeCompare(b.severity));
    });
  }

  // --- the Problems panel ---
  // Opens it and returns its rows: {file: [{severity, line, code}]} parsed from the tree.
  async problems() {
    return this.page.evaluate(() => {
      const out = {};
      let file = null;
      for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
        const resource = row.querySelector('.file-icon, .monaco-icon-label.file-icon');
        const marker = row.querySelector('.marker-message-details, .marker-message');
        if (!marker && resource) {
          file = row.querySelector('.label-name')?.textContent.trim() ?? '?';
          out[file] ??= [];
        } else if (marker && file) {
          const icon = row.querySelector('.marker-icon');
          const severity = ['error', 'warning', 'info'].find((c) => icon?.classList.contains(c)) ?? '?';
          const code = row.querySelector('.marker-code')?.textContent.replace(/[()]/g, '').trim() ?? '';
          const where = /\[Ln (\d+), Col (\d+)\]/.exec(row.textContent);
          out[file].push({ severity, line: where ? Number(where[1]) : 0, code });
        }
      }
      return out;
    });
  }

  async showProblems() {
    await this.command('View: Focus Problems (Errors, Warnings, Infos)');
    await this.until('the Problems panel', () => document.querySelector('.markers-panel'));
  }

  // The status bar's problem counts: {errors, warnings}.
  async problemCounts() {
    return this.page.evaluate(() => {
      const label = document.getElementById('status.problems')?.getAttribute('aria-label') ?? '';
      const count = (word) => Number(new RegExp(`${word}: (\\d+)`).exec(label)?.[1] ?? 0);
      return { errors: count('Errors'), warnings: count('Warnings'), label };
    });
  }

  // --- tabs, notifications, menus, dialogs ---
  async tabs() {
    return this.page.evaluate(() => [...document.querySelectorAll('.tabs-container .tab')].map((t) => ({
      label: t.getAttribute('aria-label') ?? '',
      dirty: t.classList.contains('dirty'),
      active: t.classList.contains('active'),
    })));
  }

  async notifications() {
    return this.page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-toast .notification-list-item-message')]
      .map((m) => m.textContent.trim()));
  }

  // Opens the quick-fix menu at the cursor and picks the item titled `title`.
  async quickFix(title) {
    await this.command('Quick Fix...');
    await this.until(`the quick-fix menu item "${title}"`, (wanted) =>
      [...document.querySelectorAll('.action-widget .monaco-list-row')].some((r) => r.textContent.includes(wanted)), title);
    const items = await this.page.evaluate(() => [...document.querySelectorAll('.action-widget .monaco-list-row')].map((r) => r.textContent.trim()));
    // The menu lays a pointer block over the editor until the mouse moves (no click-through).
    const item = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    const box = await item.boundingBox();
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.until('the quick-fix menu to take pointer input', () => !document.querySelector('.context-view-pointerBlock'));
    await item.click();
    await this.until('the quick-fix menu to close', () => !document.querySelector('.action-widget .monaco-list-row'));
    return items;
  }

  // Clicks `button` in the modal dialog VS Code shows (e.g. "Don't Save").
  async dialogButton(button) {
    const locator = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: button }).first();
    await locator.waitFor({ state: 'visible', timeout: this.waitMs });
    await locator.click();
    await this.until('the dialog to close', () => !document.querySelector('.monaco-dialog-box'));
  }
}
