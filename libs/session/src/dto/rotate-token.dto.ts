/**
 * `POST /session/{ble_token}/rotate` takes no body (or `{}`): the server chooses the new token,
 * and any field is refused like every unknown field.
 */
export class RotateTokenDto {}
