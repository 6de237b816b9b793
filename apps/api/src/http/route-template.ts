/** Express sets `route` on the request once a route matched; its type there is `any`. */
type RoutedRequest = { route?: { path?: unknown } };

/**
 * Requests no controller route matched (unknown paths, Swagger's static assets, bodies the
 * parser rejected before routing): one label, so raw paths cannot explode metric series.
 */
export const UNMATCHED_ROUTE = '(unmatched)';
// Nest mounts module middleware (request logging) on this catch-all; it is not a route.
const MIDDLEWARE_CATCH_ALL = '/{*path}';

/**
 * The route template a request was served by (`/session/:ble_token/rotate`), never its raw
 * path: logs and metrics must not carry a BLE token or a query string.
 */
export function routeTemplate(request: object): string {
  const path = (request as RoutedRequest).route?.path;
  return typeof path === 'string' && path !== MIDDLEWARE_CATCH_ALL ? path : UNMATCHED_ROUTE;
}
