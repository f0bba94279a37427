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
