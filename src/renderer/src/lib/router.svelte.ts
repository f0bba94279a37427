/** Which view is showing, kept in the URL hash so reload and back/forward work. */
import { parseRoute, routeHash, type Route } from './route';

export class Router {
  route: Route = $state.raw(parseRoute(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseRoute(window.location.hash);
    });
  }

  get current(): Route['view'] {
    return this.route.view;
  }

  go(route: Route): void {
    window.location.hash = routeHash(route);
  }
}

/**
 * The hash as a place to keep a view's selection (linked-selection.ts): replacing it updates the URL
 * for sharing and reload without a history entry or a hashchange, so the route does not re-render.
 */
export const locationHash = {
  read: (): string => window.location.hash,
  replace: (hash: string): void => window.history.replaceState(window.history.state, '', hash || '#'),
};
