import { latestRequest } from './latestRequest';

describe('latestRequest', () => {
  it('keeps only the request started last current, whatever order the answers come in', () => {
    const requests = latestRequest();
    const first = requests.begin();
    expect(first()).toBe(true);
    const second = requests.begin();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
    // Answers arriving later do not change which request is newest.
    expect(second()).toBe(true);
  });

  it('makes requests in flight stale on demand', () => {
    const requests = latestRequest();
    const pending = requests.begin();
    requests.stale();
    expect(pending()).toBe(false);
    expect(requests.begin()()).toBe(true);
  });
});
