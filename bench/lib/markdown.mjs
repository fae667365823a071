// Markdown output of the benchmarks: tables, and replacing one generated section of
// bench/RESULTS.md in place (between an HTML-comment begin/end marker pair), so a bench
// run with --write refreshes its own section and leaves every other section alone.
import { readFileSync, writeFileSync } from 'node:fs';

/** A markdown table from a header row and rows of cells. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Replaces the text between `<!-- begin:<id> -->` and `<!-- end:<id> -->` in `file` by
 * `body` (appending the marked section at the end when it is not there yet).
 */
export function writeMarkedSection(file, id, body) {
  const begin = `<!-- begin:${id} -->`, end = `<!-- end:${id} -->`;
  const text = readFileSync(file, 'utf8');
  const block = `${begin}\n${body.trim()}\n${end}`;
  const from = text.indexOf(begin), to = text.indexOf(end);
  const next = from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

/** Milliseconds to a short human figure. */
export function formatMs(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 10000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}
