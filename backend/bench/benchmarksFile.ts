// BENCHMARKS.md sections written by the benches with --write: a section sits between its start and end markers,
// formatted as the repository's prettier writes it (aligned tables), so the file stays `prettier --check` clean.
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

const BENCHMARKS_MD = new URL('../../BENCHMARKS.md', import.meta.url);

/** The section (markers included) as prettier formats it in BENCHMARKS.md. */
export async function formatSection(raw: string): Promise<string> {
  return (await format(raw, { ...(await resolveConfig(BENCHMARKS_MD)), parser: 'markdown' })).trimEnd();
}

/**
 * Replaces the text between `start` and `end` (markers included) with `section`; without the markers, appends it
 * after `heading` when one is given (a section whose heading sits outside its markers).
 */
export function writeSection(section: string, start: string, end: string, heading?: string): void {
  const document = readFileSync(BENCHMARKS_MD, 'utf8');
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  writeFileSync(
    BENCHMARKS_MD,
    from >= 0 && to > from
      ? document.slice(0, from) + section + document.slice(to + end.length)
      : `${document.trimEnd()}\n\n${heading ? `${heading}\n\n` : ''}${section}\n`
  );
}
