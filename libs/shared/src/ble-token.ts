/** SPEC: the public token a phone broadcasts. */
export const BLE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;
