/** Express sets `route` on the request once a route matched; its type there is `any`. */
type RoutedRequest = { route?: { path?: unknown } };

/**
 * Requests no controller route matched (unknown paths, Swagger's static assets, bodies the
 * parser rejected before routing): one label, so raw paths cannot explode the series.
 */
export const UNMATCHED_ROUTE = '(unmatched)';
// Nest mounts module middleware on this catch-all; it is not a route.
const MIDDLEWARE_CATCH_ALL = '/{*path}';

/**
 * The route template of an answered request (`/session/:ble_token`), never its raw path: a
 * raw path can hold a BLE token, and metrics labels must stay bounded.
 */
export function routeTemplate(request: unknown): string {
  const path = (request as RoutedRequest).route?.path;
  return typeof path === 'string' && path !== MIDDLEWARE_CATCH_ALL ? path : UNMATCHED_ROUTE;
}
