import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkBlueprint } from '../rules/annotated.ts';

/** secret-literal: what looks like a credential, and what does not (checksums, references to secrets, ordinary text). */
const workflow = (steps: string[], params = '') =>
  ['infrastructure web {', '  datacenter = "dc-east"', `  on post_deploy run w(${params})`, '}', `workflow w(${params ? 'pw: string' : ''}) {`, ...steps, '}', ''].join('\n');

function findings(text: string): string[] {
  const result = checkBlueprint(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.map((d) => `${d.code} ${d.message}`), [], 'the input must compile');
  return result.diagnostics.filter((d) => d.code === 'secret-literal').map((d) => d.message.replace(/;.*/, ''));
}

const exec = (command: string) => `  step s = std.http.request("https://example.com", "POST", body = ${JSON.stringify(command)})`;

test('credential formats are recognised, and the message never repeats the value', () => {
  const cases: [string, string][] = [
    ['-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEA\\n-----END OPENSSH PRIVATE KEY-----', 'a private key'],
    ['aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['curl -H "Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789"', 'a GitHub token'],
    ['mysql --password=hunter22 -e "select 1"', 'a password assignment'],
    ['git clone https://deploy:s3cr3tpass@git.example.com/infra.git', 'a password in a URL'],
    ['X-Api: 9fK2mQ7xL4pR8vT1zW6yB3nC5dH0jG2s', 'a random access token'],
  ];
  for (const [value, what] of cases) {
    const text = workflow([exec(value.replace(/\\n/g, '\n'))]);
    const got = findings(text);
    assert.equal(got, [`this string looks like ${what}`], value);
  }
});

test('the shortest texts a credential check matches are still inspected', () => {
  // Shorter strings are skipped without running the patterns: these sit exactly at that bound.
  assert.equal(findings(workflow([exec('pwd=abcd')])), ['this string looks like a password assignment']);
  assert.equal(findings(workflow([exec('a://b:c@')])), ['this string looks like a password in a URL']);
  assert.equal(findings(workflow([exec('pwd=abc')])), []);
});

test('a constant under a credential-like name is reported; one built from a secret is not', () => {
  assert.equal(
    findings(workflow(['  step s = std.http.request("https://example.com", "GET", headers = { Authorization = "Basic dXNlcjpwYXNz" })'])),
    ['this string looks like a literal value for `Authorization`'],
  );
  assert.equal(findings(['let db_password = "correct horse"', workflow(['  step s = std.http.request("https://example.com/${db_password}", "GET")'])].join('\n')), [
    'this string looks like a literal value for `db_password`',
  ]);
  assert.equal(
    findings(['secret token', workflow(['  step s = std.http.request("https://example.com", "GET", headers = { Authorization = "Bearer ${pw}" })'], 'pw = token')].join('\n')),
    [],
  );
});

test('checksums, ordinary URLs and text, and the examples of the repository are not reported', () => {
  const template = [
    'os_template t {',
    '  base = std.os.ubuntu_2404',
    '  asset pkg {',
    '    path   = "/extra/pkg.deb"',
    '    url    = "https://mirror.example/pool/main/r/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2"',
    '    sha256 = "9f2c1e0d5b7a4c3e8f6a1b2d3c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60"',
    '  }',
    '}',
  ];
  assert.equal(findings([...template, workflow([exec('systemctl restart nginx && echo password reset page ready')])].join('\n')), []);
  assert.equal(findings(workflow([exec('token=${pw}')], 'pw = "x"')), []);
  // Long paths and identifiers made of words are not random.
  for (const text of ['https://mirror.example/ubuntu/24.04/noble-server-cloudimg-amd64.img', 'kubeadm-join-Control-Plane-Endpoint-Upload-Certs-2024', 'GenericCloudBaseImageVersion2024']) {
    assert.equal(findings(workflow([exec(text)])), [], text);
  }
});

test.run();
