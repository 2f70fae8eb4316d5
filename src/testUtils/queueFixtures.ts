import type { JobDetail, JobSummary, QueueSnapshot, QueuesResponse } from '@penguinmails/sysmon-contract';

export function queueSnapshot(overrides: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    name: 'email-sending',
    prefix: 'bull',
    tier: 'high',
    paused: false,
    counts: { waiting: 120, prioritized: 30, active: 4, delayed: 10, waitingChildren: 0, failed: 7, completed: 900 },
    depth: 160,
    oldestWaitingAgeMs: 42_000,
    priorities: [{ priority: 1, count: 30 }],
    workers: 3,
    throughputPerMin: 55.5,
    failuresPerMin: 1.2,
    failureRate: 0.021,
    arrivalsPerMin: 40,
    drainEtaSeconds: 600,
    sampledAt: '2026-01-02T03:04:05.000Z',
    ...overrides,
  };
}

export function queuesResponse(queues: QueueSnapshot[] = demoQueues()): QueuesResponse {
  return { generatedAt: '2026-01-02T03:04:05.000Z', queues };
}

/** The demo workload's three queues, one per tier. */
export function demoQueues(): QueueSnapshot[] {
  return [
    queueSnapshot(),
    queueSnapshot({ name: 'warmup-processing', tier: 'normal', depth: 12, workers: 1, drainEtaSeconds: null }),
    queueSnapshot({ name: 'analytics-aggregation', tier: 'low', depth: 0, paused: true, drainEtaSeconds: null }),
  ];
}

export function jobSummary(overrides: Partial<JobSummary> = {}): JobSummary {
  return {
    id: '1001',
    name: 'send-email',
    state: 'failed',
    priority: 5,
    attemptsMade: 3,
    timestamp: Date.parse('2026-01-02T03:00:00.000Z'),
    processedOn: Date.parse('2026-01-02T03:00:02.000Z'),
    finishedOn: Date.parse('2026-01-02T03:00:03.000Z'),
    delayUntil: null,
    failedReason: '550 5.1.1 mailbox unavailable',
    requestId: 'req-abc',
    dataBytes: 200,
    ...overrides,
  };
}

export function jobDetail(overrides: Partial<JobDetail> = {}): JobDetail {
  return {
    ...jobSummary(),
    queue: 'email-sending',
    data: { to: 'someone@example.com', campaignId: 42 },
    opts: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    stacktrace: [
      'Error: 550 5.1.1 mailbox unavailable\n    at SMTPConnection._actionRCPT (smtp-connection.js:1:1)\n    at worker.js:10:5',
    ],
    logs: ['connecting to smtp', 'RCPT refused'],
    returnValue: null,
    ledger: null,
    ...overrides,
  };
}
