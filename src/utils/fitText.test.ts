import { fakeTextWidth } from '../testUtils/textMetrics';
import { clamp, largestFitting, sizeForWidth, widestPerPx } from './fitText';

describe('fitText', () => {
  const measure = (text: string, size: number) => fakeTextWidth(text, size);

  it('measures the widest text per px of font size', () => {
    expect(widestPerPx(['ab', 'abcd'], measure, 400)).toBeCloseTo(4 * 0.6);
    expect(widestPerPx([], measure, 400)).toBe(0);
  });

  it('gives the font size at which a text fits a width', () => {
    const perPx = widestPerPx(['Degraded'], measure, 700);
    const size = sizeForWidth(240, perPx);
    expect(measure('Degraded', size)).toBeCloseTo(240);
    expect(sizeForWidth(240, 0)).toBe(Infinity);
    expect(sizeForWidth(-5, 1)).toBe(0);
  });

  it('finds the largest size that fits, or 1', () => {
    expect(largestFitting(120, (size) => size * 3 <= 100)).toBe(33);
    expect(largestFitting(20, () => true)).toBe(20);
    expect(largestFitting(20, () => false)).toBe(1);
    expect(clamp(5, 10, 20)).toBe(10);
    expect(clamp(25, 10, 20)).toBe(20);
  });
});
