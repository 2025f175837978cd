import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allowedTransitions,
  createDemoInventory,
  IllegalTransitionError,
  OPERATOR_ACTIONS,
  SERVER_STATUSES,
  SERVER_TRANSITIONS,
  transition,
  type Server,
  type ServerStatus,
} from '../../runtime/inventory/index.ts';

const isIllegal = (e: unknown) => e instanceof IllegalTransitionError;

const base = createDemoInventory(new Date(0)).servers[0]!;

function inStatus(status: ServerStatus, extra: Partial<Server> = {}): Server {
  const held = ['reserved', 'provisioning', 'active', 'releasing', 'cleaning', 'failed'].includes(status);
  return { ...base, status, allocation: held ? { run_id: 'r1', infrastructure: 'edge' } : null, ...extra };
}

test('the happy path of DESIGN.md is in the table, in order', () => {
  const path: ServerStatus[] = ['available', 'reserved', 'provisioning', 'active', 'releasing', 'cleaning', 'available'];
  let s = inStatus('available');
  for (const to of path.slice(1)) {
    s = transition(s, to, `to ${to}`, to === 'reserved' ? { allocation: { run_id: 'r1' } } : {});
    assert.is(s.status, to);
  }
  assert.is(s.allocation, null, 'back in the pool, held by nobody');
});

test('every transition in the table is allowed to each actor it names', () => {
  for (const t of SERVER_TRANSITIONS) {
    for (const actor of t.by) {
      const next = transition(inStatus(t.from), t.to, 'table', { actor, allocation: { run_id: 'r2' } });
      assert.is(next.status, t.to, `${t.from} → ${t.to} by ${actor}`);
      assert.is(next.status_reason, 'table');
    }
  }
});

test('every pair not in the table is refused, for both actors', () => {
  let refused = 0;
  for (const from of SERVER_STATUSES) {
    for (const to of SERVER_STATUSES) {
      for (const actor of ['runtime', 'operator'] as const) {
        const legal = SERVER_TRANSITIONS.some((t) => t.from === from && t.to === to && t.by.includes(actor));
        if (legal) continue;
        assert.throws(() => transition(inStatus(from), to, 'x', { actor, allocation: { run_id: 'r' } }), isIllegal);
        refused++;
      }
    }
  }
  assert.ok(refused > 100);
});

test('a few illegal transitions, with a message that says what is allowed', () => {
  try {
    transition(inStatus('available'), 'active', 'skip ahead');
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.instance(e, IllegalTransitionError);
    assert.match((e as Error).message, /Server 1 cannot go from available to active\./);
    assert.match((e as Error).message, /From available it can go to: reserved\./);
  }
  assert.throws(() => transition(inStatus('cleaning'), 'active', 'x'), isIllegal);
  assert.throws(() => transition(inStatus('retired'), 'available', 'x', { actor: 'operator' }), /A retired server cannot change state/);
});

test('only an operator returns a quarantined server', () => {
  assert.throws(() => transition(inStatus('quarantined'), 'available', 'auto'), /only operator can do that/);
  const back = transition(inStatus('quarantined', { failure_count: 3 }), 'available', 'checked', { actor: 'operator' });
  assert.is(back.status, 'available');
  assert.is(back.failure_count, 0, 'an operator return resets the failure count');
});

test('the runtime quarantines a failed server; it may not put one in maintenance', () => {
  assert.is(transition(inStatus('failed'), 'quarantined', 'too many failures').status, 'quarantined');
  assert.throws(() => transition(inStatus('available'), 'maintenance', 'x'), isIllegal);
});

test('reserving requires an allocation; failing counts a failure; the input is not modified', () => {
  assert.throws(() => transition(inStatus('available'), 'reserved', 'x'), /must say who holds it/);
  const s = inStatus('provisioning', { failure_count: 1 });
  const failed = transition(s, 'failed', 'install timed out', { at: '2025-01-01T00:00:00.000Z' });
  assert.is(failed.failure_count, 2);
  assert.is(failed.status_changed_at, '2025-01-01T00:00:00.000Z');
  assert.is(s.status, 'provisioning');
  assert.is(s.failure_count, 1);
  const again = transition(failed, 'provisioning', 'retry');
  assert.is(again.status_changed_at, undefined, 'no stale time is kept');
});

test('operator actions lead to statuses an operator can reach', () => {
  for (const [action, to] of Object.entries(OPERATOR_ACTIONS)) {
    assert.ok(
      SERVER_STATUSES.some((from) => allowedTransitions(from, 'operator').includes(to)),
      `${action} → ${to} is reachable by an operator`,
    );
  }
  assert.equal(allowedTransitions('retired', 'operator'), []);
});

test('docs/inventory.md lists exactly the transitions of the table', () => {
  const doc = readFileSync(new URL('../../docs/inventory.md', import.meta.url), 'utf8');
  const statuses = SERVER_STATUSES.join('|');
  const rows = doc.split('\n').filter((l) => new RegExp(`^\\| (${statuses}) \\| (${statuses}) \\|`).test(l));
  assert.equal(rows, SERVER_TRANSITIONS.map((t) => `| ${t.from} | ${t.to} | ${t.by.join(', ')} | ${t.when} |`));
});

test.run();
