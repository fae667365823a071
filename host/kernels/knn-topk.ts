/**
 * Driver of shaders/knn-topk.wgsl: the pipeline of one (list capacity, metric) variant.
 * Its dispatches are recorded by encodeTiledScan (host/reference-tile.ts) with
 * outputs [lists, floors], and merged by knn-merge.
 */
import type { Metric } from '../../engine/backend.js';
import { columnSpaceSources } from '../column-spaces.js';
import { metricConstants, metricSource } from '../metric.js';
import { capacityBranches, neighbourListSource } from '../neighbour-list.js';
import type { KernelSpec } from '../pipeline-cache.js';
import { referenceTileSource, TILE_PARAMS_BYTES, WORKGROUP_SIZE } from '../reference-tile.js';
import source from '../../shaders/knn-topk.wgsl';

export function knnTopkKernel(listLength: number, metric: Metric): KernelSpec {
  return {
    name: 'knn-topk',
    sources: [metricSource, neighbourListSource, ...columnSpaceSources, referenceTileSource, source],
    branches: capacityBranches(listLength),
    constants: { ...metricConstants(metric), WORKGROUP_SIZE },
    // query, reference, spaces, mapped, lists, floors
    storage: ['read', 'read', 'read', 'read', 'read_write', 'read'],
    paramsBytes: TILE_PARAMS_BYTES,
  };
}
