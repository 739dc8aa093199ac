// Applies LSP edits to a document's text the way an editor does: WorkspaceEdit →
// TextEdits for one URI (documentChanges or changes), positions in UTF-16 code units
// (JavaScript strings are UTF-16, so a character offset is a string index), edits applied
// from the last to the first so earlier offsets stay valid.

// The TextEdits of `edit` for `uri`, with the version the edit was made for (undefined in
// the `changes` form).
export function editsFor(edit, uri) {
  const out = { version: undefined, edits: [] };
  for (const change of edit?.documentChanges ?? []) {
    if (change.textDocument?.uri === uri) {
      out.version = change.textDocument.version;
      out.edits.push(...(change.edits ?? []));
    }
  }
  out.edits.push(...(edit?.changes?.[uri] ?? []));
  return out;
}

function offsetAt(text, { line, character }) {
  let offset = 0;
  for (let l = 0; l < line; l += 1) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const end = text.indexOf('\n', offset);
  return Math.min(offset + character, end < 0 ? text.length : end);
}

export function applyTextEdits(text, edits) {
  const located = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }));
  located.sort((a, b) => b.start - a.start);
  for (let i = 1; i < located.length; i += 1) {
    if (located[i].end > located[i - 1].start) throw new Error(`overlapping edits: ${JSON.stringify(edits)}`);
  }
  let out = text;
  for (const e of located) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
