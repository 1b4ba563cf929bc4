import { Transform, type Readable } from 'node:stream';
import iconv from 'iconv-lite';

/** How an import file's bytes are text: UTF-8 (a BOM is dropped) or CP949, Korean Excel's (a superset of EUC-KR). */
export type TextEncoding = 'utf-8' | 'cp949';

/** The bytes were not valid UTF-8: the file is in another encoding. */
export class NotUtf8Error extends Error {}

/** UTF-8 that refuses invalid bytes instead of replacing them, so another encoding is noticed. */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (bytes: Uint8Array | undefined, callback: (error: Error | null, text?: string) => void) => {
    try {
      callback(null, bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true }));
    } catch {
      callback(new NotUtf8Error('the file is not valid UTF-8'));
    }
  };
  return new Transform({
    decodeStrings: true,
    readableObjectMode: true,
    transform: (chunk: Buffer, _encoding, callback) => decode(chunk, callback),
    flush: (callback) => decode(undefined, callback),
  });
}

/** Text of `bytes` in `encoding`, as string chunks. */
export function decodeText(bytes: Readable, encoding: TextEncoding): Readable {
  const decoder = encoding === 'utf-8' ? strictUtf8() : (iconv.decodeStream('cp949') as Transform);
  bytes.on('error', (error) => decoder.destroy(error));
  return bytes.pipe(decoder);
}

/**
 * CRLF → LF, also inside quoted cells (Excel ends rows with CRLF and breaks lines inside a cell
 * with LF): the CSV parser then counts lines as editors do.
 */
export function normalizeLineEnds(text: Readable): Readable {
  let heldCarriageReturn = false;
  const normalizer = new Transform({
    readableObjectMode: true,
    writableObjectMode: true,
    transform(chunk: string, _encoding, callback) {
      let piece = (heldCarriageReturn ? '\r' : '') + chunk;
      heldCarriageReturn = piece.endsWith('\r');
      if (heldCarriageReturn) piece = piece.slice(0, -1);
      callback(null, piece.replaceAll('\r\n', '\n'));
    },
    flush(callback) {
      callback(null, heldCarriageReturn ? '\r' : undefined);
    },
  });
  text.on('error', (error) => normalizer.destroy(error));
  return text.pipe(normalizer);
}
