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

/** The whole body, decompressed; throws TooLargeError, UnsupportedFormatError or InvalidInputError. */
export async function readBody(stream: Readable, options: BodyOptions): Promise<Buffer> {
  const { maxBytes } = options;
  const decoder = decoderFor(options.contentEncoding);
  const declared = options.contentLength === undefined ? undefined : Number(options.contentLength);
  if (declared !== undefined && Number.isFinite(declared) && declared > maxBytes) {
    throw tooLarge(maxBytes, decoder ? 'the compressed request body' : 'the request body');
  }

  let received = 0;
  let sourceError: Error | undefined;
  let source: AsyncIterable<Buffer> = stream;
  if (decoder) {
    stream.pipe(decoder);
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        sourceError = tooLarge(maxBytes, 'the compressed request body');
        stream.unpipe(decoder);
        decoder.destroy(sourceError);
      }
    });
    stream.once('error', (error) => {
      sourceError ??= error;
      decoder.destroy(error);
    });
    stream.once('aborted', () => decoder.destroy(new Error('aborted')));
    source = decoder;
  }

  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) {
        throw tooLarge(maxBytes, decoder ? 'the decompressed request body' : 'the request body');
      }
      options.reserve?.(chunk.length);
      chunks.push(chunk);
    }
  } catch (error) {
    decoder?.destroy();
    if (sourceError instanceof TooLargeError) {
      throw sourceError;
    }
    if (error instanceof TooLargeError || error instanceof InvalidInputError) {
      throw error;
    }
    if (error !== null && typeof error === 'object' && 'kind' in error) {
      throw error; // a domain error from reserve()
    }
    const code = (error as { code?: string }).code;
    if (decoder && typeof code === 'string' && code.startsWith('Z_')) {
      throw new InvalidInputError(
        `the request body is not valid ${options.contentEncoding?.trim().toLowerCase()} data (${(error as Error).message})`,
        undefined,
        'invalid_compressed_body'
      );
    }
    throw new InvalidInputError('the request body was not received completely', undefined, 'request_aborted');
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}
