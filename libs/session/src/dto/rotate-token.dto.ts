import { ApiHideProperty } from '@nestjs/swagger';
import { Equals, ValidateIf } from 'class-validator';

/** What a client that still sends the old rotation body (the new token it chose) is told. */
export const ROTATION_TOKEN_ASSIGNED_BY_SERVER =
  'ble_token is assigned by the server: send no body and broadcast the ble_token of the response';

/**
 * `POST /session/{ble_token}/rotate` takes no body (or `{}`): the server chooses the new token,
 * and any field is refused (unknown ones like on every route; the old `ble_token` with a message
 * that says what to do instead).
 */
export class RotateTokenDto {
  @ApiHideProperty()
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @Equals(undefined, { message: ROTATION_TOKEN_ASSIGNED_BY_SERVER })
  ble_token?: never;
}
