/**
 * Compile-time branches of a WGSL source: `#if FLAG` / `#elif FLAG` / `#else` / `#endif`,
 * resolved by wgsl-preprocessor with each FLAG read from `flags`. Used where an
 * `override` constant cannot do (e.g. a private array's length).
 *
 * wgsl-preprocessor is a template-literal tag, and a .wgsl file arrives as plain text,
 * so the text is cut right after each `#if`/`#elif` and the flags become the values.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';

const BRANCH = /#(if|elif)[ \t]+([A-Za-z_][A-Za-z0-9_]*)/g;

export function resolveBranches(source: string, flags: Readonly<Record<string, boolean>>): string {
  const strings: string[] = [];
  const values: boolean[] = [];
  let rest = 0;
  for (const match of source.matchAll(BRANCH)) {
    const flag = match[2];
    if (!Object.hasOwn(flags, flag)) throw new Error(`WGSL branch flag ${flag} has no value`);
    strings.push(`${source.slice(rest, match.index)}#${match[1]} `);
    values.push(flags[flag]);
    rest = match.index + match[0].length;
  }
  strings.push(source.slice(rest));
  return wgsl(Object.assign(strings, { raw: [...strings] }), ...values);
}
