// Types for the `wgsl-preprocessor` package (it ships none, and no "main": import its file): a template-literal tag that
// resolves #if/#elif/#else/#endif, each #if/#elif followed by a boolean substitution.
declare module 'wgsl-preprocessor/wgsl-preprocessor.js' {
  export function wgsl(strings: TemplateStringsArray, ...values: unknown[]): string;
}
