import { cursorPager } from './searchModel';

describe('cursorPager', () => {
  it('walks forward with cursors and back through the ones seen', () => {
    const first = cursorPager();
    expect(first).toMatchObject({ current: null, hasPrevious: false, page: 1 });
    const second = first.next('c1');
    const third = second.next('c2');
    expect(third).toMatchObject({ current: 'c2', hasPrevious: true, page: 3 });
    expect(third.previous()).toMatchObject({ current: 'c1', page: 2 });
    expect(third.previous().previous()).toMatchObject({ current: null, hasPrevious: false, page: 1 });
    expect(first.previous()).toMatchObject({ current: null, page: 1 });
  });
});
