import { SighejHttpError } from '@sighej/client';

/** "429", "503", "network": how the errors table groups a failed call. */
export function errorKind(error: unknown): string {
  if (error instanceof SighejHttpError) return String(error.status);
  return 'network';
}
