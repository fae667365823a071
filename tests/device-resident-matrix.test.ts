/**
 * DeviceResidentMatrix (engine/device-resident-matrix.ts), the host-side record of a GPU
 * input's rearrangements, through the host-matrix.ts calls the estimators use: the block
 * layout, centring and row windows it describes, and the GPU_INPUT refusals where a step
 * would need host values. No GPU: the buffers are stand-ins with the fields checked.
 */
import { describe, expect, it } from 'vitest';
import { isDeviceResident, type DeviceResidentMatrix } from '../engine/device-resident-matrix.js';
import { InvalidInputError } from '../engine/errors.js';
import { centreAtPooledMean, centreColumns, concatColumns, concatRows, rowRange, selectRows } from '../engine/host-matrix.js';
import { toHostMatrix } from '../engine/samples.js';

const STORAGE = 0x80;
const fakeBuffer = (size: number, usage = STORAGE) => ({ size, usage }) as GPUBuffer;
const gpuInput = (rows: number, cols: number, argument: string) => toHostMatrix({ buffer: fakeBuffer(4 * rows * cols), rows, cols }, argument) as DeviceResidentMatrix;
const refusal = (code: string, argument: string) => (e: unknown) => e instanceof InvalidInputError && e.code === code && e.argument === argument;

describe('DeviceResidentMatrix through the host-matrix calls', () => {
  it('[x | y] centred: blocks side by side, one centring over all rows', () => {
    const joint = centreColumns(concatColumns([gpuInput(10, 2, 'x'), gpuInput(10, 3, 'y')])) as DeviceResidentMatrix;
    expect(isDeviceResident(joint)).toBe(true);
    expect([joint.rows, joint.cols, joint.assembledRows, joint.centred]).toEqual([10, 5, 10, true]);
    expect(joint.blocks.map((b) => [b.argument, b.rowStart, b.colStart, b.rows, b.cols])).toEqual([
      ['x', 0, 0, 10, 2],
      ['y', 0, 2, 10, 3],
    ]);
  });

  it('centreAtPooledMean: two row windows of one centred [p; q], host samples included', () => {
    const host = { rows: 4, cols: 2, data: new Float64Array(8) };
    const [p, q] = centreAtPooledMean([gpuInput(6, 2, 'p'), host]) as DeviceResidentMatrix[];
    expect([p.windowStart, p.rows, q.windowStart, q.rows]).toEqual([0, 6, 6, 4]);
    expect(p.blocks).toBe(q.blocks);
    expect(p.centred && q.centred).toBe(true);
    expect(q.blocks[1].source.kind).toBe('host');
    // Consecutive windows of the same matrix join back into it (two-sample kernel statistics).
    const pooled = concatRows([p, q]) as DeviceResidentMatrix;
    expect([pooled.windowStart, pooled.rows, pooled.assembledRows]).toEqual([0, 10, 10]);
  });

  it('uncentred row windows placed side by side (delay embeddings): each block read from its first row on', () => {
    // [s_{t−1} | s_t] for t = 1 … 7 of a GPU series s with a host series h stacked below it.
    const series = concatRows([gpuInput(6, 2, 's'), { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) }]);
    const embedded = concatColumns([rowRange(series, 0, 7), rowRange(series, 1, 7)]) as DeviceResidentMatrix;
    expect([embedded.rows, embedded.cols, embedded.centred]).toEqual([7, 4, false]);
    const layout = embedded.blocks.map((b) => [b.source.kind, b.source.kind === 'gpu' ? b.source.offset : Array.from(b.source.matrix.data), b.rowStart, b.colStart, b.rows]);
    expect(layout).toEqual([
      ['gpu', 0, 0, 0, 6],
      ['host', [1, 2], 6, 0, 1],
      ['gpu', 4 * 2, 0, 2, 5],
      ['host', [1, 2, 3, 4], 5, 2, 2],
    ]);
    // A centred window cannot be rearranged: its values depend on the means of all rows.
    const centred = centreColumns(gpuInput(6, 1, 'c'));
    expect(() => concatColumns([rowRange(centred, 1, 4), rowRange(centred, 0, 4)])).toThrow(/centred row window/);
  });

  it('contiguous selectRows is a window; any other subsample is refused with GPU_INPUT', () => {
    const x = gpuInput(8, 1, 'x');
    const window = selectRows(x, [2, 3, 4]) as DeviceResidentMatrix;
    expect([window.windowStart, window.rows]).toEqual([2, 3]);
    expect(() => selectRows(x, [0, 2])).toThrow(InvalidInputError);
    // Host values are never read silently: `data` throws, naming the argument.
    let error: unknown;
    try {
      void x.data;
    } catch (e) {
      error = e;
    }
    expect(refusal('GPU_INPUT', 'x')(error)).toBe(true);
  });

  it('toHostMatrix checks size, offset, rows and usage of the buffer', () => {
    const check = (samples: object) => {
      try {
        toHostMatrix(samples as never, 'x');
        return null;
      } catch (e) {
        return e instanceof InvalidInputError ? e.code : String(e);
      }
    };
    expect(check({ buffer: fakeBuffer(4 * 6), rows: 3, cols: 2 })).toBeNull();
    expect(check({ buffer: fakeBuffer(4 * 6), rows: 3, cols: 2, offset: 4 })).toBe('GPU_INPUT'); // 4 + 24 > 24 bytes
    expect(check({ buffer: fakeBuffer(4 * 7), rows: 3, cols: 2, offset: 2 })).toBe('GPU_INPUT'); // not a whole f32
    expect(check({ buffer: fakeBuffer(4 * 6), rows: 0, cols: 2 })).toBe('SHAPE_MISMATCH');
    expect(check({ buffer: fakeBuffer(4 * 6, 0x1), rows: 3, cols: 2 })).toBe('GPU_INPUT'); // MAP_READ only
    expect(check({ buffer: {}, rows: 3, cols: 2 })).toBe('GPU_INPUT');
  });
});
