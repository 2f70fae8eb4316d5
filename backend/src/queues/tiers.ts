// Tier of a queue (DESIGN.md §4): the configured map wins, else a `-high|-normal|-low` name suffix, else normal.
import type { Tier } from '../config.ts';

export type { Tier };

export const TIERS: readonly Tier[] = ['high', 'normal', 'low'];

const SUFFIX_TIER = /-(high|normal|low)$/;

export function queueTier(name: string, tiers: Readonly<Record<string, Tier>> = {}): Tier {
  // Own-property check so a queue called "constructor" or "__proto__" never reads Object.prototype.
  if (Object.hasOwn(tiers, name)) {
    const configured = tiers[name];
    if (configured) {
      return configured;
    }
  }
  const match = SUFFIX_TIER.exec(name);
  return match ? (match[1] as Tier) : 'normal';
}
