import type { Session } from '../session';

interface Encoded {
  id: string;
  a: string;
  i: [string, string][];
  e: number;
  p: string;
}

/** What a token given up by rotation holds while it is quarantined: no session, still taken. */
export const QUARANTINED = '{"q":1}';

const isString = (value: unknown): value is string => typeof value === 'string';
const isPair = (value: unknown): value is [string, string] =>
  Array.isArray(value) && value.length === 2 && isString(value[0]) && isString(value[1]);

function isEncoded(value: unknown): value is Encoded {
  if (typeof value !== 'object' || value === null) return false;
  const { id, a, i, e, p } = value as Record<string, unknown>;
  return (
    isString(id) && isString(a) && Array.isArray(i) && i.every(isPair) && Number.isFinite(e) && isString(p)
  );
}

/**
 * A session-shaped value that names nobody: a lookup that finds no session decodes this
 * instead, so finding a live token and an absent one cost the same work (no timing oracle).
 */
const STAND_IN = JSON.stringify({
  id: '00000000-0000-4000-8000-000000000000',
  a: 'A'.repeat(43),
  i: Array.from({ length: 5 }, (_, n) => [`${'0'.repeat(42)}${n}`, 'other']),
  e: 0,
  p: '0'.repeat(22),
});

/**
 * Compact JSON for the one Redis value a session is: read on every match, so kept small. The
 * Lua scripts read its `id` field too. `p` is the token epoch. Decoding checks the shape instead of trusting it: a
 * value that is not a session (another writer, a corrupted key) is an error, not a half-session.
 */
export const sessionCodec = {
  encode(session: Session): string {
    const encoded: Encoded = {
      id: session.id,
      a: session.accessHash,
      i: session.interests.map(({ hash, category }) => [hash, category]),
      e: session.expiresAt,
      p: session.epoch,
    };
    return JSON.stringify(encoded);
  },
  /** Decodes the stand-in and gives it away: the work of a found session, for a token with none. */
  decodeNothing(): undefined {
    sessionCodec.decode(STAND_IN);
    return undefined;
  },
  /** The session, or undefined for a quarantined token. */
  decode(stored: string): Session | undefined {
    if (stored === QUARANTINED) return undefined;
    const value: unknown = JSON.parse(stored);
    if (!isEncoded(value)) throw new Error('stored session has an unexpected shape');
    const { id, a, i, e, p } = value;
    return {
      id,
      accessHash: a,
      interests: i.map(([hash, category]) => ({ hash, category })),
      expiresAt: e,
      epoch: p,
    };
  },
};
