import { T } from '../types.ts';
import { defineStep, param } from './define-step.ts';

export const httpRequest = defineStep({
  name: 'std.http.request',
  params: [
    param('url', T.string, 'The URL (http or https).', { required: true, positional: true }),
    param('method', T.string, 'Request method.', { default: 'GET', enum: 'http_method', positional: true }),
    param('headers', T.map(T.string), 'Request headers.', { default: {} }),
    param('body', T.string, 'Request body as text.'),
    param('json', T.any, 'Request body encoded as JSON (sets `Content-Type: application/json`).'),
    param('expect_status', T.list(T.int), 'Status codes that count as success; default any 2xx.'),
    param('timeout', T.duration, 'Time allowed for the whole request.', { default: 30_000 }),
    param('ca', T.string, 'PEM bundle of extra certificate authorities to trust (e.g. `file("./ca.pem")`).'),
    param('follow_redirects', T.bool, 'Follow 3xx redirects (at most 10).', { default: true }),
  ],
  groups: [{ members: ['body', 'json'], rule: 'at-most-one', doc: 'A request has one body: text or JSON.' }],
  outputs: {
    status: { type: T.int, optional: false, doc: 'The response status code.' },
    headers: { type: T.map(T.string), optional: false, doc: 'Response headers, names in lower case.' },
    body: { type: T.string, optional: false, doc: 'The response body as text.' },
    json: { type: T.any, optional: false, doc: 'The body parsed as JSON when the response says it is JSON, otherwise null.' },
  },
  doc: 'Sends an HTTP request. Cookies set by responses are kept in a jar shared by every request of the same deployment, so a login followed by API calls works. A status outside `expect_status` (default: any 2xx) fails the step. Not idempotent as a kind, because most APIs are not: a request interrupted by a killed run is not re-sent on resume.',
  example: 'step hook = std.http.request("https://hooks.example/deployed", "POST", json = { infra = "edge" })',
  idempotent: false,
  resource: 'http',
  waitsOnly: false,
});

export const HTTP_STEPS = [httpRequest] as const;
