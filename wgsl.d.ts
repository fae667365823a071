// WGSL sources are bundled as text (esbuild loader 'text'; vitest plugin in vitest.config.ts).
declare module '*.wgsl' {
  const source: string;
  export default source;
}
