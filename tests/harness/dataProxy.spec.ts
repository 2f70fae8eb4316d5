import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { DATASOURCE_UID, expect, test } from './fixtures';

const PROXY = `/api/datasources/proxy/uid/${DATASOURCE_UID}`;

interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in upstream that records what the data proxy sends it. */
async function startProbe(): Promise<{ url: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'upstream=1' });
      res.end(JSON.stringify({ probe: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test.describe('data proxy routes from dist/datasource/plugin.json', () => {
  test('a Viewer is refused the operator route before the service is reached; an Editor gets through', async ({
    request,
    harness,
    stack,
  }) => {
    const probe = await startProbe();
    try {
      await harness.setServiceUrl(probe.url);

      await harness.signIn('vera', 'Viewer');
      const refused = await request.post(`${PROXY}/operator/queues/pause?x=1`, { data: { queue: 'q' } });
      expect(refused.status()).toBe(403);
      expect(await refused.json()).toEqual({ message: 'plugin proxy route access denied' });
      expect(probe.seen, 'the upstream never saw the Viewer request').toHaveLength(0);

      // The read route has no reqRole: the Viewer gets through with the read token.
      const read = await request.get(`${PROXY}/api/health`);
      expect(read.status()).toBe(200);
      expect(probe.seen).toHaveLength(1);
      expect(probe.seen[0].url).toBe('/api/health');
      expect(probe.seen[0].headers.authorization).toBe(`Bearer ${stack.apiToken}`);
      expect(probe.seen[0].headers['x-grafana-user']).toBe('vera');

      await harness.signIn('eddie', 'Editor');
      const allowed = await request.post(`${PROXY}/operator/queues/pause?x=1`, {
        data: { queue: 'q' },
        headers: { Cookie: 'grafana_session=secret-session', Authorization: 'Bearer browser-token' },
      });
      expect(allowed.status()).toBe(200);
      expect(await allowed.json()).toEqual({ probe: true });
      expect(allowed.headers()['set-cookie'], 'upstream cookies are not passed to the browser').toBeUndefined();

      expect(probe.seen).toHaveLength(2);
      const forwarded = probe.seen[1];
      // Grafana: target = route.url + the rest of the path; query and body forwarded as they are.
      expect(forwarded.method).toBe('POST');
      expect(forwarded.url).toBe('/api/queues/pause?x=1');
      expect(JSON.parse(forwarded.body)).toEqual({ queue: 'q' });
      expect(forwarded.headers.authorization).toBe(`Bearer ${stack.operatorToken}`);
      expect(forwarded.headers['x-grafana-user']).toBe('eddie');
      expect(forwarded.headers.cookie).toBeUndefined();
    } finally {
      await probe.close();
    }
  });

  test('the real service sees the operator token and the Grafana user on the operator route', async ({
    request,
    harness,
  }) => {
    await harness.signIn('eddie', 'Editor');
    const whoami = await request.get(`${PROXY}/operator/whoami`);
    expect(whoami.status()).toBe(200);
    expect(await whoami.json()).toEqual({ scopes: ['read', 'operator'], user: 'eddie' });

    const readWhoami = await request.get(`${PROXY}/api/whoami`);
    expect(readWhoami.status()).toBe(200);
    expect((await readWhoami.json()).scopes).toEqual(['read']);

    await harness.signIn('vera', 'Viewer');
    const refused = await request.get(`${PROXY}/operator/whoami`);
    expect(refused.status()).toBe(403);
  });

  test('unknown data sources and paths without a route are refused', async ({ request }) => {
    expect((await request.get('/api/datasources/proxy/uid/nope/api/health')).status()).toBe(404);
    expect((await request.get(`${PROXY}/other/health`)).status()).toBe(404);
  });

  test('secure values are write-only in the Grafana API', async ({ request, stack }) => {
    const response = await request.get(`/api/datasources/uid/${DATASOURCE_UID}`);
    expect(response.status()).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(stack.apiToken);
    expect(text).not.toContain(stack.operatorToken);
    expect(JSON.parse(text).secureJsonFields).toEqual({ apiToken: true, operatorToken: true });
  });
});
