import { randomUUID } from 'node:crypto';
import type { PairClaims } from '../src';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What every PairClaims adapter must do; run against each of them. */
export function pairClaimsContract(name: string, open: () => Promise<PairClaims>): void {
  describe(`${name} honours PairClaims`, () => {
    let claims: PairClaims;
    let a: string;
    let b: string;
    beforeEach(async () => {
      claims = await open();
      a = randomUUID();
      b = randomUUID();
    });

    it('grants a pair once per window, in either order', async () => {
      expect(await claims.claim(a, b, 60)).toBe(true);
      expect(await claims.claim(a, b, 60)).toBe(false);
      expect(await claims.claim(b, a, 60)).toBe(false);
      expect(await claims.claim(a, randomUUID(), 60)).toBe(true);
    });

    it('grants exactly one of many concurrent claims from both sides', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? claims.claim(a, b, 60) : claims.claim(b, a, 60))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('grants the pair again after the cooldown', async () => {
      expect(await claims.claim(a, b, 1)).toBe(true);
      await sleep(1100);
      expect(await claims.claim(b, a, 1)).toBe(true);
    });

    it('grants the pair again once released', async () => {
      expect(await claims.claim(a, b, 60)).toBe(true);
      await claims.release(b, a);
      expect(await claims.claim(a, b, 60)).toBe(true);
    });
  });
}
