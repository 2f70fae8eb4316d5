// The SMTP sink and the email processor together, over real SMTP on a loopback port.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UnrecoverableError } from 'bullmq';
import { BOUNCE_DOMAIN, GREYLIST_DOMAIN } from './catalog.ts';
import { HardBounceError, JobTimeoutError, SmtpTemporaryError } from './errors.ts';
import { DemoLogger, MemorySink } from './logging.ts';
import { createEmailProcessor } from './processors.ts';
import { SmtpSink, type SmtpSinkOptions } from './smtpSink.ts';
import { tryConnect } from '../../test/helpers.ts';

const logs = new MemorySink();
const logger = new DemoLogger(logs, 'smtp-sink');

function sinkOptions(overrides: Partial<SmtpSinkOptions> = {}): SmtpSinkOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    mode: 'normal',
    slowBannerMs: 1_000,
    refuseCode: 421,
    tempFailRate: 0,
    logger,
    ...overrides,
  };
}

let counter = 0;
function emailJob(to: string) {
  counter += 1;
  return {
    id: `job-${counter}`,
    name: 'send-transactional',
    requestId: `req-test-${counter}`,
    data: { to, from: 'no-reply@penguinmails.test', subject: `test ${counter}` },
  };
}

describe('SmtpSink with the email processor', () => {
  const sink = new SmtpSink(sinkOptions());
  let email: ReturnType<typeof createEmailProcessor>;

  before(async () => {
    const port = await sink.start();
    email = createEmailProcessor({ host: '127.0.0.1', port, timeoutMs: 300 });
  });
  after(async () => {
    email.close();
    await sink.stop();
  });

  it('receives a real message carrying the request id', async () => {
    const job = emailJob('someone@example.com');
    const result = await email.process(job);
    assert.match(String(result.response), /^250 /);
    assert.equal(sink.receivedCount, 1);
    const message = sink.messages.at(-1)!;
    assert.deepEqual(message.to, ['someone@example.com']);
    assert.equal(message.requestId, job.requestId);
    assert.equal(message.subject, job.data.subject);
    assert.ok(logs.records.some((r) => r.message === 'smtp sink accepted message' && r.request_id === job.requestId));
  });

  it('hard-bounces the bounce domain with 550 as an unrecoverable error', async () => {
    const error = await email.process(emailJob(`nobody@${BOUNCE_DOMAIN}`)).then(
      () => undefined,
      (e: unknown) => e
    );
    assert.ok(error instanceof HardBounceError, String(error));
    assert.ok(error instanceof UnrecoverableError);
    assert.match(error.message, /550 .*does not exist/);
  });

  it('greylists a recipient once, then accepts it', async () => {
    const to = `first-time@${GREYLIST_DOMAIN}`;
    const error = await email.process(emailJob(to)).then(
      () => undefined,
      (e: unknown) => e
    );
    assert.ok(error instanceof SmtpTemporaryError, String(error));
    assert.match(error.message, /450 .*Greylisted/);
    await email.process(emailJob(to));
  });

  it('refuses connections with 421 in refusing mode and recovers in normal mode', async () => {
    sink.setMode('refusing');
    const error = await email.process(emailJob('someone@example.com')).then(
      () => undefined,
      (e: unknown) => e
    );
    assert.ok(error instanceof SmtpTemporaryError, String(error));
    assert.match(error.message, /421 .*Service not available/);
    sink.setMode('normal');
    const before = sink.receivedCount;
    await email.process(emailJob('someone@example.com'));
    assert.equal(sink.receivedCount, before + 1);
    assert.ok(logs.records.some((r) => r.message === 'smtp sink mode switched from normal to refusing'));
  });

  it('holds the greeting back in slow mode so the client times out', async () => {
    sink.setMode('slow');
    const started = Date.now();
    const error = await email.process(emailJob('someone@example.com')).then(
      () => undefined,
      (e: unknown) => e
    );
    assert.ok(error instanceof JobTimeoutError, String(error));
    assert.match(error.message, /Greeting never received/);
    assert.ok(Date.now() - started < 1_000, 'the client gave up before the banner');
    sink.setMode('normal');
  });

  it('refuses connections when down and accepts mail again on the same port once back to normal', async () => {
    const port = sink.port;
    await sink.setMode('down');
    assert.equal(await tryConnect(port), 'ECONNREFUSED');
    const error = await email.process(emailJob('someone@example.com')).then(
      () => undefined,
      (e: unknown) => e
    );
    assert.ok(error instanceof Error, String(error));
    assert.match(error.message, /ECONNREFUSED/);
    assert.ok(logs.records.some((r) => r.message === 'smtp sink mode switched from normal to down'));

    await sink.setMode('normal');
    assert.equal(sink.port, port);
    const before = sink.receivedCount;
    await email.process(emailJob('someone@example.com'));
    assert.equal(sink.receivedCount, before + 1);
    // Every mode but down listens.
    await sink.setMode('down');
    await sink.setMode('refusing');
    assert.equal(await tryConnect(port), 'connected');
    await sink.setMode('normal');
  });

  it('lets an open session finish after going down', async () => {
    const slowClient = createEmailProcessor({ host: '127.0.0.1', port: sink.port, timeoutMs: 3_000 });
    try {
      sink.setMode('slow').catch(() => undefined);
      const sending = slowClient.process(emailJob('someone@example.com'));
      // The session is accepted and its greeting held back; then the listener closes.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sink.setMode('down');
      assert.equal(await tryConnect(sink.port), 'ECONNREFUSED');
      const result = await sending;
      assert.match(String(result.response), /^250 /);
    } finally {
      slowClient.close();
      await sink.setMode('normal');
    }
  });

  it('rejects unknown modes', () => {
    assert.throws(
      () => sink.setMode('broken' as never),
      /unknown SMTP mode broken; expected one of normal, slow, refusing, down/
    );
  });
});

describe('SmtpSink variants', () => {
  it('slow means degraded: a greeting delay within the client timeout still delivers, late', async () => {
    const sink = new SmtpSink(sinkOptions({ mode: 'slow', slowBannerMs: 700 }));
    const email = createEmailProcessor({ host: '127.0.0.1', port: await sink.start(), timeoutMs: 3_000 });
    try {
      const started = Date.now();
      const result = await email.process(emailJob('someone@example.com'));
      assert.match(String(result.response), /^250 /);
      assert.ok(Date.now() - started >= 700, `delivered after ${Date.now() - started} ms`);
      assert.equal(sink.receivedCount, 1);
    } finally {
      email.close();
      await sink.stop();
    }
  });

  it('starts in down mode on a known port and stops cleanly while down', async () => {
    const sink = new SmtpSink(sinkOptions({ mode: 'down' }));
    const port = await sink.start();
    try {
      assert.ok(port > 0);
      assert.equal(await tryConnect(port), 'ECONNREFUSED');
      await sink.setMode('normal');
      assert.equal(await tryConnect(port), 'connected');
      await sink.setMode('down');
    } finally {
      const started = Date.now();
      await sink.stop();
      assert.ok(Date.now() - started < 3_000, `stop took ${Date.now() - started} ms`);
    }
  });

  it('refuses with 554 when configured so', async () => {
    const sink = new SmtpSink(sinkOptions({ mode: 'refusing', refuseCode: 554 }));
    const email = createEmailProcessor({ host: '127.0.0.1', port: await sink.start(), timeoutMs: 500 });
    try {
      const error = await email.process(emailJob('someone@example.com')).then(
        () => undefined,
        (e: unknown) => e
      );
      assert.ok(error instanceof SmtpTemporaryError, String(error));
      assert.match(error.message, /554 .*No SMTP service/);
    } finally {
      email.close();
      await sink.stop();
    }
  });

  it('answers 421 to a share of messages in normal mode (tempFailRate)', async () => {
    const sink = new SmtpSink(sinkOptions({ tempFailRate: 1 }));
    const email = createEmailProcessor({ host: '127.0.0.1', port: await sink.start(), timeoutMs: 500 });
    try {
      const error = await email.process(emailJob('someone@example.com')).then(
        () => undefined,
        (e: unknown) => e
      );
      assert.ok(error instanceof SmtpTemporaryError, String(error));
      assert.match(error.message, /421 /);
      assert.equal(sink.receivedCount, 0);
    } finally {
      email.close();
      await sink.stop();
    }
  });

  it('stops promptly while a slow greeting is pending', async () => {
    const sink = new SmtpSink(sinkOptions({ mode: 'slow', slowBannerMs: 30_000 }));
    const email = createEmailProcessor({ host: '127.0.0.1', port: await sink.start(), timeoutMs: 5_000 });
    const sending = email.process(emailJob('someone@example.com')).then(
      () => undefined,
      (e: unknown) => e
    );
    // The server runs onConnect ~100 ms after accepting; wait until the greeting is being held back.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const started = Date.now();
    await sink.stop();
    assert.ok(Date.now() - started < 3_000, `stop took ${Date.now() - started} ms`);
    assert.ok((await sending) instanceof Error);
    email.close();
  });
});
