import type { OpenAPIObject } from '@nestjs/swagger';
import type { LinkObject, OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const AS_SESSION = 'Bearer {$response.body#/access_token}';

/**
 * OpenAPI links from `POST /session` to what the new session can do, so a stateful tester (or a
 * reader) can chain create → match / rotate / delete / push with the token and access token it got.
 */
const SESSION_LINKS: Record<string, LinkObject> = {
  match: {
    operationId: 'MatchController_match',
    description: 'Report a sighting as the new session (`own_token` is its BLE token)',
    parameters: { 'header.Authorization': AS_SESSION },
    requestBody: { own_token: '$response.body#/ble_token' },
  },
  rotate: {
    operationId: 'SessionController_rotate',
    description: "Ask the server for the session's next BLE token",
    parameters: { 'path.ble_token': '$response.body#/ble_token', 'header.Authorization': AS_SESSION },
  },
  end: {
    operationId: 'SessionController_end',
    description: 'End the session ("open to talk" off)',
    parameters: { 'path.ble_token': '$response.body#/ble_token', 'header.Authorization': AS_SESSION },
  },
  register_push: {
    operationId: 'PushController_register',
    description:
      "Register the phone's push channel (the body is the provider's channel and the phone's keys)",
    parameters: { 'path.ble_token': '$response.body#/ble_token', 'header.Authorization': AS_SESSION },
  },
  unregister_push: {
    operationId: 'PushController_unregister',
    description: 'Stop pushes to the phone',
    parameters: { 'path.ble_token': '$response.body#/ble_token', 'header.Authorization': AS_SESSION },
  },
};

function operation(document: OpenAPIObject, operationId: string): OperationObject | undefined {
  for (const item of Object.values(document.paths))
    for (const candidate of [item.get, item.post, item.put, item.delete, item.patch])
      if (candidate?.operationId === operationId) return candidate;
  return undefined;
}

export function addSessionLinks(document: OpenAPIObject): void {
  const created = operation(document, 'SessionController_create')?.responses['201'];
  if (created === undefined || '$ref' in created) return;
  const known = Object.entries(SESSION_LINKS).filter(([, link]) => operation(document, link.operationId!));
  created.links = Object.fromEntries(known);
}
