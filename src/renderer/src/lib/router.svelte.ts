/** Which view is showing, kept in the URL hash so reload and back/forward work. */

export const VIEWS = [
  { id: 'runs', label: 'Runs' },
  { id: 'new', label: 'New run' },
  { id: 'compare', label: 'Compare' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return VIEWS.find((view) => view.id === id)?.id ?? 'runs';
}

export class Router {
  current: ViewId = $state(viewFromHash(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.current = viewFromHash(window.location.hash);
    });
  }

  go(view: ViewId): void {
    window.location.hash = `#/${view}`;
  }
}
