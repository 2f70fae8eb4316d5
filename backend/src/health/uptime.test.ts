import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uptimeOf, uptimeShare } from './uptime.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-07T12:00:00Z');

describe('uptime from state changes', () => {
  it('is the share of known time spent operational or degraded', () => {
    const changes = [
      { at: NOW - 30 * HOUR, to: 'operational' as const },
      { at: NOW - 6 * HOUR, to: 'down' as const },
      { at: NOW - 5 * HOUR, to: 'degraded' as const },
      { at: NOW - 4 * HOUR, to: 'operational' as const },
    ];
    // The last 24 h: 1 h down of 24 known.
    assert.equal(uptimeShare(changes, NOW - 24 * HOUR, NOW), 23 / 24);
    // The state before the window holds at its start.
    assert.equal(uptimeShare(changes, NOW - 2 * HOUR, NOW), 1);
    assert.equal(uptimeShare(changes, NOW - 6 * HOUR, NOW - 5 * HOUR), 0);
  });

  it('leaves unknown time out, and says null when nothing was known', () => {
    const changes = [
      { at: NOW - 10 * HOUR, to: 'operational' as const },
      { at: NOW - 8 * HOUR, to: 'unknown' as const },
      { at: NOW - 2 * HOUR, to: 'down' as const },
      { at: NOW - HOUR, to: 'operational' as const },
    ];
    // Known: 2 h operational + 1 h down + 1 h operational.
    assert.equal(uptimeShare(changes, NOW - 10 * HOUR, NOW), 3 / 4);
    assert.equal(uptimeShare([], NOW - HOUR, NOW), null);
    assert.equal(uptimeShare([{ at: NOW - HOUR, to: 'unknown' }], NOW - 24 * HOUR, NOW), null);
  });

  it('gives the three windows of the card', () => {
    const uptime = uptimeOf(
      [
        { at: NOW - 10 * 24 * HOUR, to: 'operational' },
        { at: NOW - 12 * HOUR, to: 'down' },
      ],
      NOW
    );
    assert.equal(uptime.h24, 0.5);
    assert.equal(uptime.d7, 1 - 12 / (7 * 24));
    // Known only for the last 10 days of the 30.
    assert.equal(uptime.d30, 1 - 12 / (10 * 24));
  });
});
