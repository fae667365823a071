/**
 * Runs a library call with the hooks the CLI can offer: `signal` (Ctrl-C aborts) and
 * `onProgress` (feeds the progress bar). Not every call takes them, and a call rejects
 * an option it does not know (`InvalidInputError` UNKNOWN_OPTION, checked before any
 * work), so a hook the call refuses is dropped and the call made again without it.
 */
import { InvalidInputError } from '../engine/errors.js';

export interface CallHooks {
  signal?: AbortSignal;
  onProgress?: (progress: unknown) => void;
}

export async function callWithHooks<T>(call: (hooks: CallHooks) => Promise<T>, hooks: CallHooks): Promise<T> {
  const offered: CallHooks = { ...hooks };
  for (;;) {
    try {
      return await call({ ...offered });
    } catch (error) {
      const refused = refusedHook(error, offered);
      if (refused === undefined) throw error;
      delete offered[refused];
    }
  }
}

function refusedHook(error: unknown, offered: CallHooks): keyof CallHooks | undefined {
  if (!(error instanceof InvalidInputError) || error.code !== 'UNKNOWN_OPTION') return undefined;
  for (const key of ['signal', 'onProgress'] as const) {
    if (offered[key] !== undefined && error.argument === `options.${key}`) return key;
  }
  return undefined;
}
