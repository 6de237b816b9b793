import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { randomBytes } from 'node:crypto';

/** SPEC: the public token a phone broadcasts, as the server issues it (16 bytes, base64url). */
export const BLE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A fresh BLE token: 16 bytes from the CSPRNG, base64url without padding (22 characters). */
export const newBleToken = (): string => randomBytes(16).toString('base64url');

/** Whether `value` can name a session at all (anything else is answered without a lookup). */
export const isBleToken = (value: unknown): value is string =>
  typeof value === 'string' && BLE_TOKEN_PATTERN.test(value);

/** The one message every client sees for a malformed token, wherever it appears. */
export const malformedBleToken = (property: string): string =>
  `${property} must be a BLE token as the server issues it: 22 characters of A-Z a-z 0-9 _ -`;

/** Validates a DTO field holding a BLE token. */
export const IsBleToken = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Matches(BLE_TOKEN_PATTERN, { message: ({ property }) => malformedBleToken(property) }),
  );
