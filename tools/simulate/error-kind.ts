import { SighejHttpError } from '@sighej/client';

/** "503", "network": how the errors table groups a call that failed for good. */
export function errorKind(error: unknown): string {
  // Each 429 is already in the table under its route (boundedFetch); this is the call's end.
  if (error instanceof SighejHttpError && error.status === 429) return 'gave up after 429s';
  if (error instanceof SighejHttpError) return String(error.status);
  return 'network';
}
