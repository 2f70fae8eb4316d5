// The QueueBackend: everything that knows how BullMQ (5.x and 6.x) lays a queue out in Redis — key layout,
// scores, read-only Lua scripts, Worker connection names — and the reads and BullMQ Queue objects built on it.
// Nothing outside this folder builds a queue's Redis key.
export * from './bulk.ts';
export * from './connection.ts';
export * from './driftReads.ts';
export * from './jobs.ts';
export * from './keys.ts';
export * from './queueHandles.ts';
export * from './queues.ts';
export * from './scores.ts';
export * from './snapshot.ts';
export * from './workers.ts';
