import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createIngestClient, ShipperError } from './shipperClient.ts';

/** A stand-in ingest endpoint answering from a script of statuses, recording each body it received. */
describe('ingest client retries and splits', () => {
  let url: string;
  let script: Array<(req: IncomingMessage, res: ServerResponse, body: string) => void> = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      bodies.push(body);
      const answer = script.shift();
      if (answer) {
        answer(req, res, body);
      } else {
        const lines = body.trim().split('\n').length;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ accepted: lines, truncated: 0, rejected: 0, rejects: [] }));
      }
    });
  });
  const status =
    (code: number, headers: Record<string, string> = {}) =>
    (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(code, headers);
      res.end('{}');
    };

  before(async () => {
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('retries 429 and 503 (honouring Retry-After) and 500 until acknowledged', async () => {
    script = [status(429, { 'Retry-After': '0' }), status(503, { 'Retry-After': '0' }), status(500)];
    bodies.length = 0;
    const retries: Array<number | undefined> = [];
    const client = createIngestClient({
      url,
      token: 't',
      minRetryDelayMs: 1,
      onRetry: ({ status: s }) => retries.push(s),
    });
    const result = await client.send(['{"msg":"a"}', '{"msg":"b"}']);
    assert.equal(result.accepted, 2);
    assert.deepEqual(retries, [429, 503, 500]);
    assert.equal(bodies.length, 4);
    assert.ok(bodies.every((body) => body === '{"msg":"a"}\n{"msg":"b"}\n'));
  });

  it('splits a batch refused as too large (413) and sums the answers', async () => {
    script = [status(413)];
    const client = createIngestClient({ url, token: 't' });
    const result = await client.send(['1', '2', '3']);
    assert.equal(result.accepted, 3);
  });

  it('gives up on 401/403 and other 4xx', async () => {
    script = [status(403)];
    const client = createIngestClient({ url, token: 't' });
    await assert.rejects(client.send(['x']), (error: unknown) => error instanceof ShipperError && error.status === 403);
  });

  it('retries a service that is not listening until it is aborted', async () => {
    const controller = new AbortController();
    const client = createIngestClient({
      url: 'http://127.0.0.1:1',
      token: 't',
      minRetryDelayMs: 1,
      maxRetryDelayMs: 5,
      signal: controller.signal,
      onRetry: ({ attempt }) => attempt >= 3 && controller.abort(new Error('enough')),
    });
    await assert.rejects(client.send(['x']), /enough/);
  });
});
