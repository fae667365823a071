/**
 * Writes a library result to stdout. `--json`: one JSON object, `value` first and then
 * every other field of the result (typed arrays as arrays; a non-finite number as null).
 * Otherwise: the value with its unit, then the other scalar fields as `name: value`
 * lines (arrays and nested objects only with --json).
 */

export function resultJson(result: object): string {
  const { value, ...rest } = result as { value?: unknown };
  return JSON.stringify({ value, ...rest }, (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v));
}

export function resultText(result: object): string {
  const { value, unit, ...rest } = result as { value?: unknown; unit?: unknown };
  const lines = [typeof unit === 'string' ? `${String(value)} ${unit}` : String(value)];
  for (const [key, field] of Object.entries(rest)) {
    if (field === null || field === undefined) continue;
    if (typeof field === 'number' || typeof field === 'string' || typeof field === 'boolean') lines.push(`${key}: ${String(field)}`);
    else if (Array.isArray(field) && field.every((item) => typeof item === 'string')) {
      for (const item of field) lines.push(`${key}: ${item}`);
    }
  }
  return lines.join('\n');
}
