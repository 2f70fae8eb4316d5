// Queue tiers (DESIGN.md §4): the configured map wins, else a `-high|-normal|-low` name suffix, else normal.
export const TIERS = ['high', 'normal', 'low'] as const;
export type Tier = (typeof TIERS)[number];

const SUFFIX_TIER = /-(high|normal|low)$/;

export function isTier(value: unknown): value is Tier {
  return (TIERS as readonly unknown[]).includes(value);
}

export function queueTier(name: string, configured: Readonly<Record<string, Tier>> = {}): Tier {
  // Own-property check so a queue called "constructor" or "__proto__" never reads Object.prototype.
  if (Object.hasOwn(configured, name)) {
    const tier = configured[name];
    if (tier) {
      return tier;
    }
  }
  const match = SUFFIX_TIER.exec(name);
  return match ? (match[1] as Tier) : 'normal';
}
