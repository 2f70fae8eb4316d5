// The log store (DESIGN.md §5): what the ingest routes, the query handlers and the periodic jobs need from wherever
// log lines are kept. PostgreSQL is the default (logs/postgres/); a ClickHouse store implements the same
// interface later. Nothing above this interface knows which store runs: the store compiles the parsed search
// (search/language.ts) to its own query language.
import type { LogLevel, LogLine } from '@penguinmails/sysmon-contract';
import type { SearchQuery } from '../search/language.ts';

/** A line as ingest parsed it, ready to store (the store assigns id and received_at). */
export type LogRecord = Omit<LogLine, 'id' | 'ts'> & { ts: Date };

/** What every read filters by: the parsed search text, the chips, and the time range. */
export interface LogFilter {
  search: SearchQuery;
  /** Only these levels (empty: all). */
  levels: readonly LogLevel[];
  /** Only these services (empty: all). */
  services: readonly string[];
  from: Date;
  to: Date;
}

export interface LogSearchRequest extends LogFilter {
  limit: number;
  /** Only ids below this (older page). */
  before?: bigint;
  /** Only ids above this (live tail). */
  after?: bigint;
}

export interface LogSearchPage {
  /** Newest first. */
  lines: LogLine[];
  /** Set when older matching lines may exist: pass as `before`. */
  nextCursor?: string;
  /**
   * Pass as `after` to tail from this page: the newest id of the page, but never past an id a transaction still in
   * flight may commit below (a tail from it would lose that line). Absent on older (`before`) pages.
   */
  newestId?: string;
}

export interface LogVolumeRequest extends LogFilter {
  /** Bucket width. */
  intervalMs: number;
}

export interface LogVolumeBucket {
  /** Start of the bucket. */
  time: Date;
  level: LogLevel;
  count: number;
}

export interface LogContextRequest {
  id: bigint;
  direction: 'backward' | 'forward';
  limit: number;
}

export interface LogStore {
  /** Stores the lines; resolves once they are committed (ingest acknowledges only then). */
  append(records: readonly LogRecord[]): Promise<void>;
  search(request: LogSearchRequest): Promise<LogSearchPage>;
  volume(request: LogVolumeRequest): Promise<LogVolumeBucket[]>;
  /** The lines of the same service just before (older, newest first) or after (newer, oldest first) one line. */
  context(request: LogContextRequest): Promise<LogLine[]>;
  /** Distinct services (or levels) seen in the range, for variables and the service picker. */
  values(variable: 'service' | 'level', range: { from: Date; to: Date }): Promise<string[]>;
}
