import { createTheme } from '@grafana/data';
import { BORDER_WIDTH, tileFrame, tileFrameStyle } from './tileFrame';

const SPEC = {
  paddingX: { ratio: 0.05, min: 6, max: 24 },
  paddingY: { ratio: 0.05, min: 4, max: 20 },
  accent: { ratio: 0.02, min: 4, max: 10 },
};

describe('tileFrame', () => {
  it('scales padding and accent with the tile, within their bounds', () => {
    expect(tileFrame({ width: 300, height: 200 }, SPEC)).toMatchObject({ padding: { x: 15, y: 10 }, accentWidth: 6 });
    expect(tileFrame({ width: 2000, height: 1000 }, SPEC)).toMatchObject({
      padding: { x: 24, y: 20 },
      accentWidth: 10,
    });
    expect(tileFrame({ width: 50, height: 20 }, SPEC)).toMatchObject({ padding: { x: 6, y: 4 }, accentWidth: 4 });
  });

  it('leaves the text what the drawn box leaves: less the accent bar, one border and the padding across', () => {
    const frame = tileFrame({ width: 300, height: 200 }, SPEC);
    expect(frame.inner).toEqual({ width: 300 - 6 - BORDER_WIDTH - 30, height: 200 - 2 * BORDER_WIDTH - 20 });
  });

  it('draws the box it measured', () => {
    const frame = tileFrame({ width: 300, height: 200 }, SPEC);
    const style = tileFrameStyle(createTheme(), frame, 'red');
    expect(style).toMatchObject({ padding: '10px 15px', borderLeft: '6px solid red', overflow: 'hidden' });
    expect(style.border).toMatch(new RegExp(`^${BORDER_WIDTH}px solid `));
  });
});
