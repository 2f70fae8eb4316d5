import type { ListingPeriod } from '@penguinmails/sysmon-contract';
import { reputationEntry, serviceHistoryResponse, serviceView } from '../../testUtils/infraFixtures';
import {
  cardCause,
  historyOf,
  reputationMeaning,
  reputationReason,
  reputationState,
  reputationSummary,
  sortListingPeriods,
  sortReputation,
  stateOfCode,
  stateSegments,
} from './infrastructureModel';

describe('history', () => {
  it('finds a service’s series and none for a service without one', () => {
    const history = serviceHistoryResponse(['smtp']);
    expect(historyOf(history, 'smtp')).toHaveLength(96);
    expect(historyOf(history, 'redis')).toEqual([]);
    expect(historyOf(undefined, 'smtp')).toEqual([]);
  });

  it('merges buckets of one state into segments and keeps gaps as their own', () => {
    const step = 10;
    expect(
      stateSegments(
        [
          [0, 5, 0],
          [10, 5, 0],
          [20, null, null],
          [30, 900, 1],
          [40, null, 2],
          [50, 5, 0],
        ],
        step
      )
    ).toEqual([
      { from: 0, to: 20, state: 'operational' },
      { from: 20, to: 30, state: null },
      { from: 30, to: 40, state: 'degraded' },
      { from: 40, to: 50, state: 'down' },
      { from: 50, to: 60, state: 'operational' },
    ]);
    expect(stateOfCode(3)).toBe('unknown');
    expect(stateOfCode(42)).toBe('unknown');
  });
});

describe('cardCause', () => {
  it('says why a service is not operational, and that a service never checked is not checked yet', () => {
    expect(cardCause(serviceView({ service: 'a', state: 'down', cause: '421 4.7.0 Too many connections' }))).toBe(
      '421 4.7.0 Too many connections'
    );
    expect(cardCause(serviceView({ service: 'a', state: 'unknown', cause: '', lastCheck: null }))).toBe(
      'not checked yet'
    );
    expect(cardCause(serviceView({ service: 'a', state: 'operational', cause: 'stale text' }))).toBe('');
  });
});

describe('IP reputation', () => {
  const listed = reputationEntry({ ip: '192.0.2.20', state: 'listed', codes: ['127.0.0.2'], meanings: [] });
  const unknown = reputationEntry({ ip: '192.0.2.3', state: 'unknown', error: 'timed out after 2000 ms' });
  const allowlisted = reputationEntry({
    zone: 'list.dnswl.org',
    zoneLabel: 'DNSWL',
    zoneKind: 'allow',
    state: 'listed',
  });
  const clean = reputationEntry({ ip: '192.0.2.10' });

  it('words a state by the kind of list, and never reads unknown as clean', () => {
    expect(reputationState(listed)).toEqual({ label: 'Listed', tone: 'bad' });
    expect(reputationState(clean)).toEqual({ label: 'Clean', tone: 'good' });
    expect(reputationState(allowlisted)).toEqual({ label: 'Allowlisted', tone: 'good' });
    expect(reputationState({ ...allowlisted, state: 'clean' })).toEqual({ label: 'Not allowlisted', tone: 'neutral' });
    expect(reputationState({ ...unknown, zoneKind: 'allow' }).tone).toBe('unknown');
  });

  it('sorts listings, then unknowns, then the rest by IP in numeric order', () => {
    const ten = reputationEntry({ ip: '192.0.2.10', zoneLabel: 'B' });
    const nine = reputationEntry({ ip: '192.0.2.9', zoneLabel: 'A' });
    expect(sortReputation([ten, allowlisted, unknown, nine, listed]).map((e) => `${e.ip} ${e.zoneLabel}`)).toEqual([
      '192.0.2.20 Spamhaus ZEN',
      '192.0.2.3 Spamhaus ZEN',
      '192.0.2.9 A',
      '192.0.2.10 B',
      '192.0.2.10 DNSWL',
    ]);
  });

  it('explains codes and reasons, and an unknown row by its error', () => {
    expect(reputationMeaning({ meanings: ['SBL: spam source', 'PBL: end-user range'], codes: [] })).toBe(
      'SBL: spam source; PBL: end-user range'
    );
    expect(reputationMeaning(listed)).toBe('127.0.0.2');
    expect(reputationReason(unknown)).toBe('timed out after 2000 ms');
    expect(reputationReason({ state: 'unknown', reason: null, error: null })).toBe('the list could not be asked');
    expect(reputationReason(clean)).toBe('');
  });

  it('summarises IPs, lists and problems; an allowlisting is not a listing', () => {
    expect(reputationSummary([listed, unknown, allowlisted, clean])).toBe('3 IPs on 2 lists: 1 listed, 1 unknown');
    expect(reputationSummary([allowlisted])).toBe('1 IP on 1 list: no listings');
  });

  it('orders listing periods current first, then newest', () => {
    const period = (firstSeen: string, endedAt: string | null): ListingPeriod => ({
      ip: '192.0.2.10',
      zone: 'z',
      zoneLabel: 'Z',
      firstSeen,
      lastSeen: firstSeen,
      endedAt,
      codes: [],
      reason: null,
    });
    const old = period('2026-01-01T00:00:00Z', '2026-01-01T05:00:00Z');
    const recent = period('2026-01-02T00:00:00Z', '2026-01-02T01:00:00Z');
    const current = period('2025-12-01T00:00:00Z', null);
    expect(sortListingPeriods([old, current, recent])).toEqual([current, recent, old]);
  });
});
