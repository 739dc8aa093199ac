// Renders the result of a workspace/executeCommand into Markdown for a preview document.
// The server may answer with a string, an object carrying markdown/text/summary, or data.
export function renderCommandResult(title: string, result: unknown): string {
  const heading = `# ${title}\n\n`;
  if (result === null || result === undefined) {
    return `${heading}Done (the server returned no details).\n`;
  }
  if (typeof result === 'string') {
    return heading + result + '\n';
  }
  if (typeof result === 'object') {
    const record = result as Record<string, unknown>;
    for (const key of ['markdown', 'text', 'report']) {
      if (typeof record[key] === 'string') {
        return heading + (record[key] as string) + '\n';
      }
    }
    const summary = typeof record.summary === 'string' ? `${record.summary}\n\n` : '';
    return `${heading}${summary}\`\`\`json\n${JSON.stringify(result, null, 2)}\n\`\`\`\n`;
  }
  return `${heading}${String(result)}\n`;
}

// One-line summary for a notification toast.
export function summarizeCommandResult(result: unknown): string | undefined {
  if (typeof result === 'string') {
    return result.split('\n')[0];
  }
  if (result && typeof result === 'object' && typeof (result as Record<string, unknown>).summary === 'string') {
    return (result as Record<string, string>).summary;
  }
  return undefined;
}
