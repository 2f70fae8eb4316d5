// The SMTP probe against real SMTP servers in this process: the `smtp-server` package (healthy, slow banner, 421 and
// 554 refusals, no STARTTLS, certificates trusted / self-signed / expiring / expired, made with openssl), a scripted
// server for multi-line replies split across packets, a server that accepts TCP but never greets, a refused port and
// a name that does not resolve. Postfix: test/smtpPostfix.test.ts.
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { freePort } from '../../../test/faults.ts';
import { createTestCa, daysFromNow, type TestCa } from '../../../test/probeCerts.ts';
import { probeSchema, type SmtpProbeConfig } from '../probeConfig.ts';
import { codes, NO_DEPENDENCIES, settle, stepNames } from '../../../test/probeSupport.ts';
import { runProbe } from './index.ts';

function smtpProbe(fields: Record<string, unknown>): SmtpProbeConfig {
  return probeSchema.parse({ name: 'smtp', kind: 'smtp', host: '127.0.0.1', ...fields }) as SmtpProbeConfig;
}

async function startSmtp(options: SMTPServerOptions, host = '127.0.0.1') {
  const server = new SMTPServer({ disableReverseLookup: true, authOptional: true, logger: false, ...options });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.server.address() as { port: number }).port;
  const open = () => new Promise<number>((resolve) => server.server.getConnections((_e, count) => resolve(count)));
  return { server, port, open, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const refusal = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

describe('SMTP probe (smtp-server in process)', () => {
  let ca: TestCa;
  before(() => {
    ca = createTestCa();
  });
  after(() => ca.destroy());

  it('healthy with STARTTLS and a trusted certificate: ok, every step timed, the connection closed', async () => {
    const cert = ca.issue(daysFromNow(-1), daysFromNow(365));
    const smtp = await startSmtp({ key: cert.key, cert: cert.cert, banner: 'penguin test' });
    try {
      const result = await runProbe(
        smtpProbe({ port: smtp.port, starttls: 'required', caFile: ca.caFile }),
        NO_DEPENDENCIES
      );
      assert.equal(result.outcome, 'ok', JSON.stringify(result.problems));
      assert.deepEqual(stepNames(result), ['connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo_tls', 'quit']);
      assert.ok(result.steps.every((step) => step.ok && step.ms >= 0));
      assert.match(result.steps[1]!.detail!, /^220 .*penguin test/);
      assert.equal(result.steps.at(-1)!.detail, '221 Bye');
      assert.ok(result.latencyMs !== null && result.latencyMs < 1_000);
      assert.equal(result.facts.tls, true);
      assert.equal(result.facts.certTrusted, true);
      assert.equal(result.facts.certDaysLeft, 364);
      assert.match(String(result.facts.extensions), /\bSTARTTLS\b/);
      assert.match(String(result.facts.tlsProtocol), /^TLSv1\.[23]$/);
      await settle();
      assert.equal(await smtp.open(), 0, 'the probe left its connection open');
    } finally {
      await smtp.close();
    }
  });

  it('by name: resolves first, and verifies the certificate for that name', async () => {
    const address = (await lookup('localhost')).address;
    const cert = ca.issue(daysFromNow(-1), daysFromNow(90));
    const smtp = await startSmtp({ key: cert.key, cert: cert.cert }, address);
    try {
      const result = await runProbe(
        smtpProbe({ host: 'localhost', port: smtp.port, caFile: ca.caFile }),
        NO_DEPENDENCIES
      );
      assert.equal(result.outcome, 'ok', JSON.stringify(result.problems));
      assert.deepEqual(stepNames(result).slice(0, 2), ['resolve', 'connect']);
      assert.equal(result.steps[0]!.detail, address);
    } finally {
      await smtp.close();
    }
  });

  it('a slow banner is soft, with the time and the threshold; the headline latency is the banner', async () => {
    const smtp = await startSmtp({
      hideSTARTTLS: true,
      onConnect: (_session, callback) => setTimeout(() => callback(), 1_200),
    });
    try {
      const result = await runProbe(smtpProbe({ port: smtp.port, thresholds: { latencyMs: 300 } }), NO_DEPENDENCIES);
      assert.equal(result.outcome, 'soft');
      assert.deepEqual(codes(result), ['slow_banner']);
      assert.match(result.problems[0]!.text, /^banner took 1\.[2-9] s, threshold 300 ms$/);
      assert.ok(result.latencyMs! >= 1_200 && result.latencyMs! < 2_000, String(result.latencyMs));
      assert.ok(stepNames(result).includes('quit'), 'a slow server is still spoken to until QUIT');
    } finally {
      await smtp.close();
    }
  });

  it('a 421 greeting is soft and quotes the server’s reply', async () => {
    const smtp = await startSmtp({
      onConnect: (_session, callback) => callback(refusal(421, '4.7.0 Too many connections')),
    });
    try {
      const result = await runProbe(smtpProbe({ port: smtp.port }), NO_DEPENDENCIES);
      assert.equal(result.outcome, 'soft');
      assert.deepEqual(result.problems, [
        { code: 'smtp_reply_4xx', severity: 'soft', text: '421 4.7.0 Too many connections' },
      ]);
      const banner = result.steps.find((step) => step.name === 'banner')!;
      assert.equal(banner.ok, false);
      assert.equal(banner.detail, '421 4.7.0 Too many connections');
      assert.notEqual(result.latencyMs, null);
      await settle();
      assert.equal(await smtp.open(), 0);
    } finally {
      await smtp.close();
    }
  });

  it('a 554 greeting is hard', async () => {
    const smtp = await startSmtp({ onConnect: (_session, callback) => callback(refusal(554, '5.7.1 No service')) });
    try {
      const result = await runProbe(smtpProbe({ port: smtp.port }), NO_DEPENDENCIES);
      assert.equal(result.outcome, 'hard');
      assert.deepEqual(result.problems, [{ code: 'smtp_reply_5xx', severity: 'hard', text: '554 5.7.1 No service' }]);
    } finally {
      await smtp.close();
    }
  });

  it('STARTTLS not offered: soft when required, fine when optional, not tried when off', async () => {
    const cert = ca.issue(daysFromNow(-1), daysFromNow(365));
    const plain = await startSmtp({ hideSTARTTLS: true });
    const tls = await startSmtp({ key: cert.key, cert: cert.cert });
    try {
      const required = await runProbe(smtpProbe({ port: plain.port, starttls: 'required' }), NO_DEPENDENCIES);
      assert.equal(required.outcome, 'soft');
      assert.deepEqual(required.problems, [
        { code: 'starttls_missing', severity: 'soft', text: 'STARTTLS not offered' },
      ]);
      assert.equal(required.facts.tls, false);

      const optional = await runProbe(smtpProbe({ port: plain.port, starttls: 'optional' }), NO_DEPENDENCIES);
      assert.equal(optional.outcome, 'ok');
      assert.deepEqual(stepNames(optional), ['connect', 'banner', 'ehlo', 'quit']);

      const off = await runProbe(smtpProbe({ port: tls.port, starttls: 'off' }), NO_DEPENDENCIES);
      assert.equal(off.outcome, 'ok');
      assert.deepEqual(stepNames(off), ['connect', 'banner', 'ehlo', 'quit']);
      assert.equal(off.facts.tls, false);
    } finally {
      await plain.close();
      await tls.close();
    }
  });

  it('a certificate expiring within certExpiryDays is soft, with the days left and the date', async () => {
    const notAfter = daysFromNow(3.5);
    const cert = ca.issue(daysFromNow(-60), notAfter);
    const smtp = await startSmtp({ key: cert.key, cert: cert.cert });
    try {
      const result = await runProbe(smtpProbe({ port: smtp.port, caFile: ca.caFile }), NO_DEPENDENCIES);
      assert.equal(result.outcome, 'soft');
      assert.deepEqual(result.problems, [
        {
          code: 'cert_expiring',
          severity: 'soft',
          text: `certificate expires in 3 days (${notAfter.toISOString().slice(0, 10)})`,
        },
      ]);
      assert.equal(result.facts.certDaysLeft, 3);
      // Below the threshold it is not a problem.
      const relaxed = await runProbe(
        smtpProbe({ port: smtp.port, caFile: ca.caFile, thresholds: { certExpiryDays: 2 } }),
        NO_DEPENDENCIES
      );
      assert.equal(relaxed.outcome, 'ok', JSON.stringify(relaxed.problems));
    } finally {
      await smtp.close();
    }
  });

  it('an expired certificate is hard (and the dialogue still ends with QUIT)', async () => {
    const notAfter = daysFromNow(-3);
    const cert = ca.issue(daysFromNow(-90), notAfter);
    const smtp = await startSmtp({ key: cert.key, cert: cert.cert });
    try {
      const result = await runProbe(smtpProbe({ port: smtp.port, caFile: ca.caFile }), NO_DEPENDENCIES);
      assert.equal(result.outcome, 'hard');
      assert.deepEqual(result.problems, [
        {
          code: 'cert_expired',
          severity: 'hard',
          text: `certificate expired 3 days ago (${notAfter.toISOString().slice(0, 10)})`,
        },
      ]);
      assert.equal(result.facts.certDaysLeft, -3);
      assert.equal(result.facts.certTrusted, false);
      assert.ok(stepNames(result).includes('quit'));
    } finally {
      await smtp.close();
    }
  });

  it('a self-signed certificate is soft cert_untrusted with the reason', async () => {
    const cert = ca.selfSigned(365);
    const smtp = await startSmtp({ key: cert.key, cert: cert.cert });
    try {
      const result = await runProbe(smtpProbe({ port: smtp.port }), NO_DEPENDENCIES);
      assert.equal(result.outcome, 'soft');
      assert.deepEqual(result.problems, [
        { code: 'cert_untrusted', severity: 'soft', text: 'certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)' },
      ]);
    } finally {
      await smtp.close();
    }
  });

  it('a certificate for another name is untrusted, with the reason', async () => {
    const cert = ca.issue(daysFromNow(-1), daysFromNow(365), 'DNS:mx.elsewhere.test');
    const smtp = await startSmtp({ key: cert.key, cert: cert.cert });
    try {
      const result = await runProbe(smtpProbe({ port: smtp.port, caFile: ca.caFile }), NO_DEPENDENCIES);
      assert.equal(result.outcome, 'soft');
      assert.deepEqual(result.problems, [
        { code: 'cert_untrusted', severity: 'soft', text: 'certificate not trusted (ERR_TLS_CERT_ALTNAME_INVALID)' },
      ]);
      assert.equal(result.facts.certSubject, 'mx.elsewhere.test');
    } finally {
      await smtp.close();
    }
  });

  it('an unreadable caFile makes the check unknown (the probe is misconfigured, not the server)', async () => {
    const result = await runProbe(smtpProbe({ port: 1, caFile: '/nonexistent/ca.pem' }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(codes(result), ['not_configured']);
  });
});

describe('SMTP probe (raw servers)', () => {
  const servers: Server[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
  /** A server scripted by `onConnection`; `open` counts its connections the probe has not closed. */
  async function rawServer(onConnection: (socket: Socket) => void): Promise<{ port: number; open: () => number }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.resume(); // reads (and so sees the probe's FIN) even when the script ignores what it is sent
      onConnection(socket);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as { port: number }).port, open: () => sockets.size };
  }

  it('reads multi-line replies split across packets; a multi-line banner is timed to its last line', async () => {
    const { port } = await rawServer((socket) => {
      socket.write('220-mx.test ESMTP\r\n');
      setTimeout(() => socket.write('220 mx.test ready\r\n'), 400);
      socket.on('data', (data: Buffer) => {
        const command = data.toString().trim().toUpperCase();
        if (command.startsWith('EHLO')) {
          socket.write('250-mx.test\r\n250-PIPE');
          setTimeout(() => socket.write('LINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n'), 50);
        } else if (command === 'QUIT') {
          socket.end('221 2.0.0 Bye\r\n');
        }
      });
    });
    const result = await runProbe(smtpProbe({ port, thresholds: { latencyMs: 200 } }), NO_DEPENDENCIES);
    assert.deepEqual(codes(result), ['slow_banner']);
    assert.ok(result.latencyMs! >= 390, String(result.latencyMs));
    assert.equal(result.facts.banner, '220 mx.test ESMTP mx.test ready');
    assert.equal(result.facts.extensions, 'PIPELINING SIZE 8BITMIME');
    assert.equal(result.steps.at(-1)!.detail, '221 2.0.0 Bye');
  });

  it('a server that accepts but never greets is hard within the budget, and the connection is closed', async () => {
    const { port, open } = await rawServer(() => undefined);
    const started = Date.now();
    const result = await runProbe(smtpProbe({ port, timeoutMs: 1_000 }), NO_DEPENDENCIES);
    const elapsed = Date.now() - started;
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(result.problems, [{ code: 'timeout', severity: 'hard', text: 'no 220 banner within 1.0 s' }]);
    assert.ok(elapsed >= 950 && elapsed < 1_500, `took ${elapsed} ms`);
    assert.equal(open(), 1);
    await settle();
    assert.equal(open(), 0, 'the probe left the connection open');
  });

  it('a server that closes after the banner is hard', async () => {
    const { port } = await rawServer((socket) => socket.end('220 mx.test bye at once\r\n'));
    const result = await runProbe(smtpProbe({ port }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(codes(result), ['connection_closed']);
    assert.match(result.problems[0]!.text, /closed the connection before the reply to EHLO/);
  });

  it('garbage instead of SMTP is a hard protocol problem', async () => {
    const { port } = await rawServer((socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const result = await runProbe(smtpProbe({ port }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(codes(result), ['smtp_protocol']);
  });

  it('a refused port is hard connect_failed', async () => {
    const port = await freePort();
    const result = await runProbe(smtpProbe({ port }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(result.problems, [
      { code: 'connect_failed', severity: 'hard', text: `connection to 127.0.0.1:${port} refused (ECONNREFUSED)` },
    ]);
    assert.equal(result.latencyMs, null);
  });

  it('a host name that does not resolve is unknown, never down', async () => {
    const result = await runProbe(smtpProbe({ host: 'nosuchhost.invalid', port: 25 }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(codes(result), ['dns_failure']);
    assert.match(result.problems[0]!.text, /nosuchhost\.invalid/);
    assert.deepEqual(stepNames(result), ['resolve']);
  });
});
