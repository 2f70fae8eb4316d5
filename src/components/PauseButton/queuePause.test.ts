import type { SysmonClient } from '../../api/client';
import { queueSnapshot } from '../../testUtils/queueFixtures';
import { pauseOrResumeQueue, queuePauseConfirmation } from './queuePause';

describe('queuePauseConfirmation', () => {
  it('names the queue and the waiting jobs', () => {
    const pause = queuePauseConfirmation(queueSnapshot({ depth: 1234 }), 'pause');
    expect(pause.title).toBe('Pause email-sending?');
    expect(pause.body).toContain('1,234 jobs waiting');
    expect(pause.confirmText).toBe('Pause email-sending');
    expect(queuePauseConfirmation(queueSnapshot(), 'resume').confirmText).toBe('Resume email-sending');
  });

  it('says the waiting jobs are unknown, not zero, for a queue the service could not read', () => {
    const broken = queueSnapshot({ depth: 0, error: 'WRONGTYPE Operation against a key holding the wrong kind' });
    const pause = queuePauseConfirmation(broken, 'pause');
    expect(pause.body).toContain('the jobs waiting (how many is unknown: WRONGTYPE Operation against a key');
    expect(pause.body).not.toMatch(/\b0 jobs/);
    expect(queuePauseConfirmation(broken, 'resume').body).not.toMatch(/\b0 jobs/);
  });
});

describe('pauseOrResumeQueue', () => {
  it('calls the action the user confirmed and says what the queue is now', async () => {
    const client = {
      pauseQueue: jest.fn(async (queue: string) => ({ queue, paused: true })),
      resumeQueue: jest.fn(async (queue: string) => ({ queue, paused: false })),
    } as unknown as SysmonClient;
    expect(await pauseOrResumeQueue(client, 'email-sending', 'pause')).toBe('email-sending is paused');
    expect(await pauseOrResumeQueue(client, 'email-sending', 'resume')).toBe('email-sending is running');
    expect(client.pauseQueue).toHaveBeenCalledTimes(1);
    expect(client.resumeQueue).toHaveBeenCalledTimes(1);
  });
});
