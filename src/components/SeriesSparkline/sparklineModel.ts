/** min/max/delta of a series (what Sparkline expects in field.state.range) and its last value; null when empty. */
export function sparklineRange(
  points: Array<[number, number | null]>
): { min: number; max: number; delta: number; last: number | null } | null {
  let min = Infinity;
  let max = -Infinity;
  let last: number | null = null;
  for (const [, value] of points) {
    if (value === null || !Number.isFinite(value)) {
      continue;
    }
    min = Math.min(min, value);
    max = Math.max(max, value);
    last = value;
  }
  if (last === null) {
    return null;
  }
  return { min, max, delta: max - min, last };
}
