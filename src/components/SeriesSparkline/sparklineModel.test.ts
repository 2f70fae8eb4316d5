import { sparklineRange } from './sparklineModel';

it('sparklineRange skips gaps and reports the last value', () => {
  expect(
    sparklineRange([
      [1, 3],
      [2, null],
      [3, 9],
      [4, 5],
    ])
  ).toEqual({ min: 3, max: 9, delta: 6, last: 5 });
  expect(sparklineRange([[1, null]])).toBeNull();
  expect(sparklineRange([])).toBeNull();
});
