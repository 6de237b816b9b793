import type { Session } from '../session';

interface Encoded {
  id: string;
  a: string;
  i: [string, string][];
  e: number;
}

/** Compact JSON for the one Redis value a session is: read on every match, so kept small. */
export const sessionCodec = {
  encode(session: Session): string {
    const encoded: Encoded = {
      id: session.id,
      a: session.accessHash,
      i: session.interests.map(({ hash, category }) => [hash, category]),
      e: session.expiresAt,
    };
    return JSON.stringify(encoded);
  },
  decode(stored: string): Session {
    const { id, a, i, e } = JSON.parse(stored) as Encoded;
    return { id, accessHash: a, interests: i.map(([hash, category]) => ({ hash, category })), expiresAt: e };
  },
};
