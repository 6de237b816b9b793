export { normaliseInterest } from './normalise-interest';
export {
  InterestCatalog,
  MAX_CATEGORIES,
  OTHER_CATEGORY,
  type InterestCatalogData,
  type InterestCatalogEntry,
} from './interest-catalog';
export { InterestProfiler, type CategoryMask } from './interest-profile';
