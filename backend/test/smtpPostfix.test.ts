// The SMTP probe against Debian's real Postfix (a private instance: test/support/postfix.ts) — healthy with
// STARTTLS, without STARTTLS, a banner held back by smtpd, postscreen's slow multi-line banner, and the real
// "421 4.7.0 … too many connections" of smtpd's connection limit. Without the postfix package these tests fail
// with what to install (CI installs it); they never use port 25 or the system's Postfix.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { probeSchema, type SmtpProbeConfig } from '../src/health/probeConfig.ts';
import { runProbe } from '../src/health/probes/index.ts';
import { createTestCa, daysFromNow, type TestCa } from './probeCerts.ts';
import { codes, NO_DEPENDENCIES, settle, stepNames } from './probeSupport.ts';
import { startPostfix, type PostfixListener, type PrivatePostfix } from './support/postfix.ts';

describe('SMTP probe against Postfix', () => {
  let ca: TestCa;
  let postfix: PrivatePostfix;

  before(async () => {
    ca = createTestCa();
    const cert = ca.issue(daysFromNow(-1), daysFromNow(365));
    postfix = await startPostfix({
      tls: { certFile: cert.certFile, keyFile: cert.keyFile },
      bannerDelaySeconds: 2,
      greetWaitSeconds: 2,
    });
  });
  after(async () => {
    await postfix?.stop();
    ca?.destroy();
  });

  const probe = (listener: PostfixListener, fields: Record<string, unknown> = {}) =>
    probeSchema.parse({
      name: 'smtp',
      kind: 'smtp',
      host: '127.0.0.1',
      port: postfix.ports[listener],
      caFile: ca.caFile,
      ...fields,
    }) as SmtpProbeConfig;

  it('healthy with STARTTLS: ok, EHLO again over TLS, QUIT answered', async () => {
    const result = await runProbe(probe('starttls', { starttls: 'required' }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'ok', `${JSON.stringify(result.problems)}\n${postfix.maillog()}`);
    assert.deepEqual(stepNames(result), ['connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo_tls', 'quit']);
    assert.equal(result.facts.banner, `220 ${postfix.hostname} ESMTP`);
    assert.match(String(result.facts.extensions), /\bPIPELINING\b.*\bSTARTTLS\b/);
    assert.equal(result.steps.find((step) => step.name === 'starttls')!.detail, '220 2.0.0 Ready to start TLS');
    assert.equal(result.steps.at(-1)!.detail, '221 2.0.0 Bye');
    assert.equal(result.facts.tls, true);
    assert.equal(result.facts.certTrusted, true);
    assert.equal(result.facts.certDaysLeft, 364);
    assert.ok(result.latencyMs! < 1_000, String(result.latencyMs));
  });

  it('no STARTTLS: soft when required, ok when optional', async () => {
    const required = await runProbe(probe('plain', { starttls: 'required' }), NO_DEPENDENCIES);
    assert.equal(required.outcome, 'soft');
    assert.deepEqual(required.problems, [{ code: 'starttls_missing', severity: 'soft', text: 'STARTTLS not offered' }]);
    assert.doesNotMatch(String(required.facts.extensions), /STARTTLS/);

    const optional = await runProbe(probe('plain'), NO_DEPENDENCIES);
    assert.equal(optional.outcome, 'ok', JSON.stringify(optional.problems));
  });

  it('a banner held back 2 s: soft over a 1 s threshold; hard when it takes longer than the budget', async () => {
    const slow = await runProbe(probe('slowBanner', { thresholds: { latencyMs: 1_000 } }), NO_DEPENDENCIES);
    assert.equal(slow.outcome, 'soft', JSON.stringify(slow.problems));
    assert.deepEqual(codes(slow), ['slow_banner']);
    assert.match(slow.problems[0]!.text, /^banner took 2\.\d s, threshold 1\.0 s$/);
    assert.ok(slow.latencyMs! >= 2_000 && slow.latencyMs! < 3_000, String(slow.latencyMs));

    const started = Date.now();
    const late = await runProbe(probe('slowBanner', { timeoutMs: 1_000 }), NO_DEPENDENCIES);
    assert.ok(Date.now() - started < 1_500);
    assert.deepEqual(late.problems, [{ code: 'timeout', severity: 'hard', text: 'no 220 banner within 1.0 s' }]);
  });

  it('postscreen: a multi-line banner whose last line comes after the greet wait is read whole and timed', async () => {
    const result = await runProbe(probe('postscreen', { thresholds: { latencyMs: 1_000 } }), NO_DEPENDENCIES);
    assert.deepEqual(codes(result), ['slow_banner'], `${JSON.stringify(result.problems)}\n${postfix.maillog()}`);
    assert.equal(result.facts.banner, `220 ${postfix.hostname} ESMTP ${postfix.hostname} ESMTP`);
    assert.ok(result.latencyMs! >= 2_000, String(result.latencyMs));
    assert.ok(stepNames(result).includes('quit'));
  });

  it('over the connection limit: the real 421 4.7.0 is soft and quoted; ok again once the other client leaves', async () => {
    // Another client holds the one connection the listener allows.
    const holder: Socket = connect(postfix.ports.tooManyConnections, '127.0.0.1');
    holder.on('error', () => undefined);
    try {
      await new Promise<void>((resolve) => holder.once('data', () => resolve()));
      const refused = await runProbe(probe('tooManyConnections'), NO_DEPENDENCIES);
      assert.equal(refused.outcome, 'soft');
      assert.deepEqual(codes(refused), ['smtp_reply_4xx']);
      assert.equal(
        refused.problems[0]!.text,
        `421 4.7.0 ${postfix.hostname} Error: too many connections from 127.0.0.1`
      );
      assert.equal(refused.steps.find((step) => step.name === 'banner')!.ok, false);
    } finally {
      holder.destroy();
    }
    await settle(300);
    const result = await runProbe(probe('tooManyConnections'), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'ok', JSON.stringify(result.problems));
  });
});
