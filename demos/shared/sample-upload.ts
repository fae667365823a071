/**
 * Reads the file chosen in an `<input type="file">` into a sample matrix (sample-file.ts);
 * a missing file or a malformed one rejects with a SampleFileError naming the input.
 */
import { parseSampleFile, SampleFileError, type SampleMatrix } from './sample-file.js';

export async function readChosenFile(input: HTMLInputElement, what: string): Promise<SampleMatrix> {
  const file = input.files?.[0];
  if (!file) throw new SampleFileError(what, 'no file chosen; pick a .csv or .npy file');
  return parseSampleFile(file.name, new Uint8Array(await file.arrayBuffer()));
}
