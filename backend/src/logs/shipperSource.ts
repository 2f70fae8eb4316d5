// Where `sysmon ingest` reads lines: stdin, or a file — once to its end, or followed (tail -F): new lines as they
// are written, a truncated file re-read from its start, a rotated one (renamed, a new file at the path) finished
// and then the new file read from its start. Each line from a file carries the file's identity and the byte offset
// just past it, which is what the offset state records once the line is acknowledged.
import { open, readFile, rename, stat, writeFile, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export interface FileIdentity {
  dev: number;
  ino: number;
}

export interface SourceLine {
  text: string;
  /** For file sources: the file and the byte offset just past this line's newline. */
  position?: FileIdentity & { offset: number };
}

/** What the offset state file holds: where shipping of `path` resumes. */
export interface OffsetState extends FileIdentity {
  path: string;
  offset: number;
}

export async function readOffsetState(stateFile: string): Promise<OffsetState | undefined> {
  try {
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as Partial<OffsetState>;
    if (typeof state.path === 'string' && typeof state.offset === 'number' && typeof state.ino === 'number') {
      return { path: state.path, offset: state.offset, dev: state.dev ?? 0, ino: state.ino };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read the offset state ${stateFile}: ${(error as Error).message}`);
    }
  }
  return undefined;
}

/** Written to a temporary file and renamed over the old one, so a crash leaves the old state or the new, never half. */
export async function writeOffsetState(stateFile: string, state: OffsetState): Promise<void> {
  const temporary = `${stateFile}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state)}\n`);
  await rename(temporary, stateFile);
}

/** Where to start reading `path`: the saved offset if the state is about this very file and still fits, else 0. */
export async function resumeOffset(path: string, state: OffsetState | undefined): Promise<number> {
  if (!state) {
    return 0;
  }
  const current = await stat(path);
  const sameFile = state.ino === current.ino && state.dev === current.dev;
  return sameFile && state.offset <= current.size ? state.offset : 0;
}

const NEWLINE = 0x0a;

function withoutCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** Lines of a readable (stdin), without positions. */
export async function* streamLines(input: Readable): AsyncGenerator<SourceLine> {
  let rest = '';
  for await (const chunk of input) {
    const text = rest + String(chunk);
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      yield { text: withoutCr(line) };
    }
  }
  if (rest.length > 0) {
    yield { text: withoutCr(rest) };
  }
}

export interface FileLinesOptions {
  startOffset?: number;
  /** Keep reading as the file grows, across truncation and rotation. */
  follow?: boolean;
  pollMs?: number;
  signal?: AbortSignal;
  /** Read size. */
  chunkBytes?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true }
    );
  });

/**
 * Lines of a file from `startOffset`. Without `follow`, ends at the end of the file (a last line without a newline
 * is included). With `follow`, a line is only complete once its newline is written; ends when the signal aborts.
 */
export async function* fileLines(path: string, options: FileLinesOptions = {}): AsyncGenerator<SourceLine> {
  const pollMs = options.pollMs ?? 250;
  const chunkBytes = options.chunkBytes ?? 256 * 1024;
  let handle: FileHandle = await open(path, 'r');
  let identity: FileIdentity = await handle.stat().then(({ dev, ino }) => ({ dev, ino }));
  let position = options.startOffset ?? 0;
  let pending = Buffer.alloc(0); // bytes after the last newline
  const buffer = Buffer.alloc(chunkBytes);

  // Reads what is there now; yields complete lines.
  async function* drain(): AsyncGenerator<SourceLine> {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position + pending.length);
      if (bytesRead === 0) {
        return;
      }
      const data =
        pending.length > 0 ? Buffer.concat([pending, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      let start = 0;
      for (let newline = data.indexOf(NEWLINE); newline !== -1; newline = data.indexOf(NEWLINE, start)) {
        const text = withoutCr(data.toString('utf8', start, newline));
        start = newline + 1;
        yield { text, position: { ...identity, offset: position + start } };
      }
      position += start;
      pending = Buffer.from(data.subarray(start));
    }
  }
  function* partial(): Generator<SourceLine> {
    if (pending.length > 0) {
      position += pending.length;
      const text = withoutCr(pending.toString('utf8'));
      pending = Buffer.alloc(0);
      yield { text, position: { ...identity, offset: position } };
    }
  }

  try {
    for (;;) {
      yield* drain();
      if (!options.follow) {
        yield* partial();
        return;
      }
      if (options.signal?.aborted) {
        return;
      }
      await sleep(pollMs, options.signal);
      if (options.signal?.aborted) {
        return;
      }
      const current = await stat(path).catch(() => undefined);
      if (!current) {
        continue; // rotated away, the new file not created yet
      }
      if (current.ino !== identity.ino || current.dev !== identity.dev) {
        // Rotated: finish the old file (including an unterminated last line), then the new one from its start.
        yield* drain();
        yield* partial();
        await handle.close();
        handle = await open(path, 'r');
        identity = await handle.stat().then(({ dev, ino }) => ({ dev, ino }));
        position = 0;
        continue;
      }
      if (current.size < position + pending.length) {
        // Truncated in place (copytruncate): start again at the beginning.
        position = 0;
        pending = Buffer.alloc(0);
      }
    }
  } finally {
    await handle.close();
  }
}
