import { httpConformance, type ReceivedRequest, type TestHandler } from '../../runtime/drivers/conformance/index.ts';
import type { HttpMethod } from '../../runtime/drivers/index.ts';
import { NodeHttpDriver } from '../../runtime/drivers/http/index.ts';
import { freePort, startServer, type LocalServer } from './local-server.ts';

httpConformance('node', async () => {
  const servers: LocalServer[] = [];
  const unreachablePort = await freePort();
  return {
    driver: new NodeHttpDriver({ retry: { attempts: 2, backoffMs: 20 } }),
    async serve(handler: TestHandler) {
      const server = await startServer(async (req, body, res) => {
        const aborted = new AbortController();
        res.on('close', () => aborted.abort());
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
        const received: ReceivedRequest = { method: (req.method ?? 'GET') as HttpMethod, path: req.url ?? '/', headers, body };
        const reply = await handler(received, aborted.signal);
        if (res.destroyed) return;
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
      });
      servers.push(server);
      return server.url;
    },
    unreachableUrl: `http://127.0.0.1:${unreachablePort}/x`,
    async dispose() {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}).run();
