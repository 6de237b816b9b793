export { InMemoryPairClaims } from './claims/in-memory-pair-claims';
export { PairClaims } from './claims/pair-claims';
export { RedisPairClaims } from './claims/redis-pair-claims';
export { MatchModule } from './match.module';
