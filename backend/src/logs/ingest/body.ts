// Reading an ingest request body: identity, gzip or deflate (Content-Encoding), never more than the limit held in
// memory — a declared Content-Length over it is refused before reading, a stream (or its decompressed output) is
// cut off as soon as it passes it. Every decompressed chunk is charged to the caller's budget first.
import type { Readable } from 'node:stream';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { InvalidInputError, TooLargeError, UnsupportedFormatError } from '../../errors.ts';

export interface BodyOptions {
  /** Content-Encoding header. */
  contentEncoding?: string;
  /** Content-Length header. */
  contentLength?: string;
  /** Largest body (after decompression) read, in bytes. */
  maxBytes: number;
  /** Called with each chunk's size before it is kept; throws to refuse (e.g. an in-flight budget). */
  reserve?: (bytes: number) => void;
}

export const SUPPORTED_ENCODINGS = ['gzip', 'deflate', 'identity'] as const;

function decoderFor(contentEncoding: string | undefined): Gunzip | Inflate | undefined {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    default:
      throw new UnsupportedFormatError(
        'unsupported_content_encoding',
        `Content-Encoding ${JSON.stringify(encoding)} is not supported; send ${SUPPORTED_ENCODINGS.join(', ')}`
      );
  }
}

const tooLarge = (maxBytes: number, what: string) =>
  new TooLargeError('payload_too_large', `${what} is larger than the limit of ${maxBytes} bytes (logs.maxBodyBytes)`);

/**
 * The whole body, decompressed; throws TooLargeError, UnsupportedFormatError, InvalidInputError (corrupt or
 * aborted body) or what `reserve` throws. On a refusal the rest of the body is discarded as it arrives (never
 * kept), so the connection stays usable for the answer.
 */
export function readBody(stream: Readable, options: BodyOptions): Promise<Buffer> {
  const { maxBytes } = options;
  const decoder = decoderFor(options.contentEncoding);
  const declared = options.contentLength === undefined ? undefined : Number(options.contentLength);
  if (declared !== undefined && Number.isFinite(declared) && declared > maxBytes) {
    throw tooLarge(maxBytes, decoder ? 'the compressed request body' : 'the request body');
  }
  const encoding = options.contentEncoding?.trim().toLowerCase();

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let compressed = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) {
        return;
      }
      settled = true;
      if (decoder) {
        stream.unpipe(decoder);
        decoder.destroy();
      }
      stream.resume(); // discard whatever else arrives
      reject(error);
    };
    const output: Readable = decoder ?? stream;
    if (decoder) {
      stream.on('data', (chunk: Buffer) => {
        compressed += chunk.length;
        if (compressed > maxBytes) {
          fail(tooLarge(maxBytes, 'the compressed request body'));
        }
      });
      stream.on('error', () =>
        fail(new InvalidInputError('the request body was not received completely', undefined, 'request_aborted'))
      );
      stream.pipe(decoder);
    }
    output.on('data', (chunk: Buffer) => {
      if (settled) {
        return;
      }
      total += chunk.length;
      if (total > maxBytes) {
        fail(tooLarge(maxBytes, decoder ? 'the decompressed request body' : 'the request body'));
        return;
      }
      try {
        options.reserve?.(chunk.length);
      } catch (error) {
        fail(error as Error);
        return;
      }
      chunks.push(chunk);
    });
    output.on('error', (error: Error & { code?: string }) => {
      if (decoder && typeof error.code === 'string' && error.code.startsWith('Z_')) {
        fail(
          new InvalidInputError(
            `the request body is not valid ${encoding} data (${error.message})`,
            undefined,
            'invalid_compressed_body'
          )
        );
      } else {
        fail(new InvalidInputError('the request body was not received completely', undefined, 'request_aborted'));
      }
    });
    output.on('end', () => {
      if (!settled) {
        settled = true;
        resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
      }
    });
    stream.on('aborted', () =>
      fail(new InvalidInputError('the request body was not received completely', undefined, 'request_aborted'))
    );
  });
}
