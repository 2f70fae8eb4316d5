// The HTTP probe: one request (GET or HEAD, redirects not followed) with the check's AbortSignal; the status must
// be in `expectStatus` (default: any 2xx or 3xx) and the body must contain `bodyMatch` when one is set (the first
// 1 MiB is read).
//
// node:http/https with `agent: false` and `Connection: close` rather than fetch: fetch goes through undici's global
// pool, which after an aborted request opens a fresh connection and leaves it idle for seconds, so a check could not
// close what it opened; a per-check undici Agent would need undici as a dependency. Here the check owns its one socket
// and destroys it on every path.
//
// Outcomes:
//   hard     connection refused/reset (`connect_failed`), no complete response within the budget (`timeout`), a status
//            not accepted ("HTTP 503 from http://…/healthz", `http_status`), the body without `bodyMatch`
//            (`body_mismatch`), an https certificate the request refused (`tls_failed`; `cert_expired` when expired) —
//            every client of the service would fail the same way.
//   soft     the whole request slower than `thresholds.latencyMs` (`slow_response`).
//   unknown  the URL's host name does not resolve (`dns_failure`).
// Headline latency: the whole request (connect, TLS, headers and the body read; the name is resolved in a step before).
// Facts: httpStatus, bodyBytes. URLs in texts go through redactSecrets (no user:password@).
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { redactSecrets } from '../dependencies.ts';
import type { HttpProbeConfig } from '../probeConfig.ts';
import { CheckBuilder, errorText, formatDuration, type ProbeRunner } from './check.ts';
import {
  clip,
  connectProblem,
  errorCode,
  isBudgetSpent,
  isDnsFailure,
  ProbeFailure,
  recordFailure,
  resolveHost,
} from './support.ts';

/** How much of the body is read for `bodyMatch` (and to time the whole response). */
export const MAX_BODY_BYTES = 1024 * 1024;

const CERT_ERRORS = /^(CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|ERR_TLS_CERT|HOSTNAME_MISMATCH)/;

/** Whether `status` is accepted: in `expected`, or any 2xx/3xx without a list. */
export function statusAccepted(status: number, expected: readonly number[]): boolean {
  return expected.length > 0 ? expected.includes(status) : status >= 200 && status < 400;
}

/** Reads up to `limit` bytes of the body as text (the rest is not waited for). */
async function readBody(response: IncomingMessage, limit: number): Promise<{ text: string; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    if (bytes >= limit) {
      break;
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes };
}

function requestProblem(
  error: unknown,
  url: string,
  host: string,
  budgetMs: number,
  signal: AbortSignal
): ProbeFailure {
  if (error instanceof ProbeFailure) {
    return error;
  }
  if (isBudgetSpent(error, signal)) {
    return new ProbeFailure('timeout', 'hard', `no complete response from ${url} within ${formatDuration(budgetMs)}`);
  }
  if (isDnsFailure(error)) {
    return new ProbeFailure('dns_failure', 'unknown', `cannot resolve ${host} (${errorCode(error)})`);
  }
  const code = errorCode(error) ?? '';
  if (code === 'CERT_HAS_EXPIRED') {
    return new ProbeFailure('cert_expired', 'hard', `the certificate of ${url} has expired`);
  }
  if (CERT_ERRORS.test(code)) {
    return new ProbeFailure('tls_failed', 'hard', `the certificate of ${url} was refused (${code})`);
  }
  if (/^(ECONN|EHOST|ENET|EPIPE)/.test(code) || code === 'UND_ERR_SOCKET') {
    return connectProblem(error, url, budgetMs);
  }
  const cause = (error as { cause?: unknown }).cause;
  return new ProbeFailure(
    'connect_failed',
    'hard',
    `request to ${url} failed (${clip(redactSecrets(errorText(cause ?? error)))})`
  );
}

export const httpProbe: ProbeRunner<HttpProbeConfig> = async (probe, context) => {
  const { signal } = context;
  const check = new CheckBuilder(probe.name, 'http');
  const url = new URL(probe.url);
  const shownUrl = redactSecrets(probe.url);
  let request: ClientRequest | undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  try {
    if (!isIP(host)) {
      // Its own step so that a name that does not resolve is told apart from a server that does not answer.
      await check.step(
        'resolve',
        () => resolveHost(host, signal, probe.timeoutMs),
        (address) => address
      );
    }
    const started = performance.now();
    const response = await check.step(
      'request',
      async () => {
        try {
          return await new Promise<IncomingMessage>((resolve, reject) => {
            // user:password in the URL become Basic authorization (node's own handling of URL credentials).
            const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
            request = send(url, {
              method: probe.method,
              agent: false,
              headers: { connection: 'close', 'user-agent': 'penguinmails-sysmon-probe' },
              signal,
            });
            request.once('response', resolve);
            request.once('error', reject);
            request.end();
          });
        } catch (error) {
          throw requestProblem(error, shownUrl, host, probe.timeoutMs, signal);
        }
      },
      (res) => `HTTP ${res.statusCode}`
    );
    const status = response.statusCode ?? 0;
    check.fact('httpStatus', status);
    const body = await check.step(
      'body',
      async () => {
        try {
          return await readBody(response, MAX_BODY_BYTES);
        } catch (error) {
          throw requestProblem(error, shownUrl, host, probe.timeoutMs, signal);
        }
      },
      ({ bytes }) => `${bytes} bytes`
    );
    const ms = performance.now() - started;
    check.latency(ms);
    check.fact('bodyBytes', body.bytes);
    if (!statusAccepted(status, probe.expectStatus)) {
      const wanted = probe.expectStatus.length > 0 ? probe.expectStatus.join(' or ') : '2xx or 3xx';
      check.problem('http_status', 'hard', `HTTP ${status} from ${shownUrl} (expected ${wanted})`);
    } else if (probe.bodyMatch !== undefined && !body.text.includes(probe.bodyMatch)) {
      check.problem(
        'body_mismatch',
        'hard',
        `the body of ${shownUrl} does not contain ${JSON.stringify(probe.bodyMatch)} (${body.bytes} bytes read)`
      );
    }
    if (ms > probe.thresholds.latencyMs) {
      check.problem(
        'slow_response',
        'soft',
        `response took ${formatDuration(ms)}, threshold ${formatDuration(probe.thresholds.latencyMs)}`
      );
    }
  } catch (error) {
    recordFailure(check, error);
  } finally {
    request?.destroy();
  }
  return check.result();
};
