import { InMemoryPairClaims } from '../src';
import { pairClaimsContract } from './pair-claims.contract';

pairClaimsContract('InMemoryPairClaims', () => Promise.resolve(new InMemoryPairClaims()));
