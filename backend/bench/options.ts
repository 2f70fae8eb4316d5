// Command-line options of `npm run bench:queues` (pure; unit-tested).
import { FULL_SPEC, QUICK_SPEC, type FixtureSpec } from './fixturePlan.ts';

export interface BenchOptions {
  quick: boolean;
  spec: FixtureSpec;
  runs: number;
  /** Seconds of concurrent polling per server per run. */
  durationS: number;
  pollers: number;
  /** Sequential cold overview calls (snapshot cache invalidated before each). */
  coldCalls: number;
  /** An existing Redis to use; without it a private redis-server is started. */
  redisUrl?: string;
  databaseUrl: string;
  /** Markdown file whose benchmark section is replaced (DEFAULT_WRITE_PATH = the repository's); undefined = none. */
  writePath?: string;
  /** Raw results as JSON; undefined = do not write. */
  jsonPath?: string;
  /** Free text for the report: what else was running on the machine. */
  note?: string;
}

export const USAGE = `Usage: npm run bench:queues -- [options]
  --quick              60 queues x 1,000 jobs, 5 s of polling, 1 run, no BENCHMARKS.md (a self-check)
  --runs N             repetitions (default 3; quick 1); medians are reported
  --duration S         seconds of 50-poller load per server per run (default 30; quick 5)
  --pollers N          concurrent pollers (default 50)
  --cold-calls N       sequential cold overview calls per run (default 100; quick 20)
  --redis-url URL      use this Redis (default: start a private redis-server from PATH)
  --database-url URL   PostgreSQL for the service (default $DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --write PATH         markdown file whose bench:queues section is replaced (default BENCHMARKS.md at the repo root; quick: none)
  --no-write           do not write the markdown file
  --json PATH          write the raw results as JSON
  --note TEXT          what else was running on the machine (goes into the report)`;

/** BENCHMARKS.md at the repository root. */
export const DEFAULT_WRITE_PATH = 'BENCHMARKS.md';

export class UsageError extends Error {}

export function parseOptions(argv: readonly string[], env: Record<string, string | undefined>): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = {
    quick,
    spec: quick ? QUICK_SPEC : FULL_SPEC,
    runs: quick ? 1 : 3,
    durationS: quick ? 5 : 30,
    pollers: 50,
    coldCalls: quick ? 20 : 100,
    redisUrl: undefined,
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    writePath: quick ? undefined : DEFAULT_WRITE_PATH,
  };
  const positiveInt = (flag: string, value: string | undefined) => {
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1) {
      throw new UsageError(`${flag}: expected a positive whole number`);
    }
    return Number(value);
  };
  const text = (flag: string, value: string | undefined) => {
    if (value === undefined || value.startsWith('--')) {
      throw new UsageError(`${flag}: expected a value`);
    }
    return value;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    switch (flag) {
      case '--quick':
        continue;
      case '--no-write':
        options.writePath = undefined;
        continue;
      case '--runs':
        options.runs = positiveInt(flag, value);
        break;
      case '--duration':
        options.durationS = positiveInt(flag, value);
        break;
      case '--pollers':
        options.pollers = positiveInt(flag, value);
        break;
      case '--cold-calls':
        options.coldCalls = positiveInt(flag, value);
        break;
      case '--redis-url':
        options.redisUrl = text(flag, value);
        break;
      case '--database-url':
        options.databaseUrl = text(flag, value);
        break;
      case '--write':
        options.writePath = text(flag, value);
        break;
      case '--json':
        options.jsonPath = text(flag, value);
        break;
      case '--note':
        options.note = text(flag, value);
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
    i += 1;
  }
  return options;
}
