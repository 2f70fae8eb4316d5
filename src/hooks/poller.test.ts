import { createPoller, PollerEnvironment } from './poller';

describe('createPoller', () => {
  let hidden: boolean;
  let env: PollerEnvironment;

  beforeEach(() => {
    jest.useFakeTimers();
    hidden = false;
    env = {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      isHidden: () => hidden,
    };
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  // Lets the awaited run() promise settle so the next timer gets scheduled.
  const flush = async () => {
    await Promise.resolve();
    await Promise.resolve();
  };

  it('runs at once and then every interval', async () => {
    const run = jest.fn().mockResolvedValue(undefined);
    const poller = createPoller(run, 5000, env);
    poller.start();
    await flush();
    expect(run).toHaveBeenCalledTimes(1);

    jest.advanceTimersByTime(4999);
    await flush();
    expect(run).toHaveBeenCalledTimes(1);

    jest.advanceTimersByTime(1);
    await flush();
    expect(run).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it('keeps polling after a failed run', async () => {
    const run = jest.fn().mockRejectedValue(new Error('down'));
    const poller = createPoller(run, 1000, env);
    poller.start();
    await flush();
    jest.advanceTimersByTime(1000);
    await flush();
    expect(run).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it('pauses while hidden and polls at once when visible again', async () => {
    const run = jest.fn().mockResolvedValue(undefined);
    const poller = createPoller(run, 5000, env);
    poller.start();
    await flush();

    hidden = true;
    poller.onVisibilityChange();
    expect(poller.isPaused()).toBe(true);
    jest.advanceTimersByTime(60000);
    await flush();
    expect(run).toHaveBeenCalledTimes(1);

    hidden = false;
    poller.onVisibilityChange();
    await flush();
    expect(poller.isPaused()).toBe(false);
    expect(run).toHaveBeenCalledTimes(2);

    jest.advanceTimersByTime(5000);
    await flush();
    expect(run).toHaveBeenCalledTimes(3);
    poller.stop();
  });

  it('stops for good', async () => {
    const run = jest.fn().mockResolvedValue(undefined);
    const poller = createPoller(run, 1000, env);
    poller.start();
    await flush();
    poller.stop();
    jest.advanceTimersByTime(10000);
    await flush();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('never overlaps runs', async () => {
    let finish: () => void = () => {};
    const run = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const poller = createPoller(run, 1000, env);
    poller.start();
    hidden = true;
    poller.onVisibilityChange();
    hidden = false;
    poller.onVisibilityChange(); // visible again while the first run is still in flight
    jest.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await flush();
    jest.advanceTimersByTime(1000);
    await flush();
    expect(run).toHaveBeenCalledTimes(2);
    poller.stop();
  });
});
