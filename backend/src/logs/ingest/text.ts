// Text that PostgreSQL can store: text columns cannot hold NUL (U+0000) and jsonb refuses both `\u0000` and unpaired
// surrogates, so one bad character would fail a whole COPY. Ingest strips them instead of refusing the batch.
// Also: cutting a line at a UTF-8 byte budget without splitting a character.

// A lone high surrogate, a lone low surrogate, or NUL.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNSTORABLE_TEST = /\u0000|[\uD800-\uDFFF]/;

/** The text without NUL characters and unpaired surrogates. */
export function storableText(value: string): string {
  return UNSTORABLE_TEST.test(value) ? value.replace(UNSTORABLE, '') : value;
}

// In raw JSON text, the only ways JSON.parse can produce NUL or an unpaired surrogate: their \u escapes.
const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;

/** True when JSON parsed from this text may hold characters storableValue must clean (a cheap pre-check). */
export function mayHoldUnstorable(rawJson: string): boolean {
  return UNSTORABLE_ESCAPE.test(rawJson);
}

/** A JSON value with every string (keys too) made storable; values without such characters come back as they are. */
export function storableValue(value: unknown): unknown {
  if (typeof value === 'string') {
    return storableText(value);
  }
  if (Array.isArray(value)) {
    return value.map(storableValue);
  }
  if (value !== null && typeof value === 'object') {
    const cleaned: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      cleaned[storableText(key)] = storableValue(item);
    }
    return cleaned;
  }
  return value;
}

/** UTF-8 length of a string (fast when it is obviously short). */
export function utf8Length(value: string, atMost?: number): number {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short strings need no count against a limit.
  if (atMost !== undefined && value.length * 3 <= atMost) {
    return value.length;
  }
  return Buffer.byteLength(value, 'utf8');
}

/** The longest prefix of `value` of at most `maxBytes` UTF-8 bytes that ends on a character boundary. */
export function cutUtf8(value: string, maxBytes: number): { text: string; cutBytes: number } {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= maxBytes) {
    return { text: value, cutBytes: 0 };
  }
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so the cut never splits a character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) {
    end -= 1;
  }
  return { text: bytes.subarray(0, end).toString('utf8'), cutBytes: bytes.length - end };
}

/** What a cut line ends with: how much was dropped. */
export function truncationMarker(cutBytes: number): string {
  return `…[truncated ${cutBytes} bytes]`;
}

/** Deepest nesting of objects and arrays in JSON text (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) {
        i += 1; // skip the escaped character
      } else if (code === 0x22) {
        inString = false;
      }
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > max) {
        max = depth;
      }
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
    }
  }
  return max;
}
