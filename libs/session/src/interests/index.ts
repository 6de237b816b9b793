export { normaliseInterest } from './normalise-interest';
export {
  InterestCatalog,
  OTHER_CATEGORY,
  type InterestCatalogData,
  type InterestCatalogEntry,
} from './interest-catalog';
export { InterestHasher } from './interest-hasher';
export { InterestProfiler, type HashedInterest } from './interest-profile';
