/**
 * Float64 radii → the f32 radii count-within compares against. For an f32 distance d,
 *   strict     d < r   ⇔  d < r32,  r32 = the smallest f32 ≥ r
 *   inclusive  d ≤ r   ⇔  d ≤ r32,  r32 = the largest f32 ≤ r
 * so the GPU's count is exactly the count of its f32 distances against the float64
 * radius. A radius that came from a GPU distance is an f32 already and passes unchanged.
 */
const bits = new Uint32Array(1);
const value = new Float32Array(bits.buffer);

export function radiiToF32(radii: Float64Array, inclusive: boolean): Float32Array {
  const out = new Float32Array(radii.length);
  for (let i = 0; i < radii.length; i++) {
    const r = radii[i];
    const rounded = Math.fround(r);
    if (!inclusive && rounded < r) out[i] = nextUp(rounded);
    else if (inclusive && rounded > r) out[i] = -nextUp(-rounded);
    else out[i] = rounded;
  }
  return out;
}

/** The smallest f32 greater than the f32 x (x finite or −∞). */
function nextUp(x: number): number {
  if (x === 0) return 2 ** -149;
  value[0] = x;
  bits[0] += x > 0 ? 1 : -1;
  return value[0];
}
