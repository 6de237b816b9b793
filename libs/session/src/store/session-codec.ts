import { randomBytes, randomUUID } from 'node:crypto';
import type { Session } from '../session';

/**
 * One fixed-width record per session, `id|access hash|categories|expires at|epoch`: 36 + 43 + 8
 * + 15 + 22 characters and four separators, 128 bytes for every session whatever its profile
 * (the categories are a 32-bit mask in hex, the expiry zero-padded). So reading and decoding a
 * live session costs the same for every profile, and the same as the stand-in for an absent
 * token. The Lua scripts read the id as the record's first 36 bytes.
 */
const RECORD = /^([0-9a-f-]{36})\|([A-Za-z0-9_-]{43})\|([0-9a-f]{8})\|(\d{15})\|([A-Za-z0-9_-]{22})$/;

/** Bytes of every encoded session. */
export const SESSION_RECORD_BYTES = 128;

/** Characters of the session id at the start of a record (what the Lua scripts compare). */
export const SESSION_ID_CHARS = 36;

function encode(session: Session): string {
  return [
    session.id,
    session.accessHash,
    (session.categories >>> 0).toString(16).padStart(8, '0'),
    String(session.expiresAt).padStart(15, '0'),
    session.epoch,
  ].join('|');
}

/**
 * A record that names nobody, of a session's exact form: a lookup that finds no session
 * decodes this instead, the same way, so finding a live token and an absent one cost the same
 * work (no timing oracle).
 */
const STAND_IN = encode({
  id: randomUUID(),
  accessHash: randomBytes(32).toString('base64url'),
  categories: 0,
  expiresAt: 0,
  epoch: randomBytes(16).toString('base64url'),
});

/**
 * Encodes and decodes the one Redis value a session is. Decoding checks the shape instead of
 * trusting it: a value that is not a session (another writer, a corrupted key) is an error,
 * not a half-session.
 */
export const sessionCodec = {
  encode,
  /** Decodes the stand-in and gives it away: the work of a found session, for a token with none. */
  decodeNothing(): undefined {
    sessionCodec.decode(STAND_IN);
    return undefined;
  },
  decode(stored: string): Session {
    const fields = RECORD.exec(stored);
    if (fields === null) throw new Error('stored session has an unexpected shape');
    const [, id, accessHash, categories, expiresAt, epoch] = fields;
    return {
      id,
      accessHash,
      categories: Number.parseInt(categories, 16),
      expiresAt: Number(expiresAt),
      epoch,
    };
  },
};
