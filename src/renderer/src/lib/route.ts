/**
 * The app's routes as they appear in the URL hash, so reload, back/forward and links all work:
 * `#/runs`, `#/new`, `#/new?from=<id>[&epochs=N]`, `#/experiments`, `#/experiment/<id>`, `#/run/<id>`, `#/run/<id>/latent`, `#/compare?ids=a,b`. Pure, so it is unit-tested.
 */

export const RUN_TABS = ['overview', 'latent', 'gradients', 'config', 'logs'] as const;
export type RunTab = (typeof RUN_TABS)[number];

export type Route =
  | { view: 'runs' }
  /** `from`: the run whose config prefills the form ("Clone and edit"); `epochs` overrides its length (the doctor's Adopt). */
  | { view: 'new'; from?: string; epochs?: number }
  | { view: 'experiments' }
  | { view: 'experiment'; id: string }
  | { view: 'run'; id: string; tab: RunTab }
  | { view: 'compare'; ids: string[] }
  /** A saved figure (`id`), or a new one for `runs`. */
  | { view: 'figures'; id?: string; runs?: string[] };

export type ViewId = Route['view'];

/** The views in the navigation bar; a run's dashboard is reached from the Runs table. */
export const NAV_VIEWS = [
  { id: 'runs', label: 'Runs' },
  { id: 'new', label: 'New run' },
  { id: 'compare', label: 'Compare' },
  { id: 'experiments', label: 'Experiments' },
  { id: 'figures', label: 'Figures' },
] as const satisfies readonly { id: ViewId; label: string }[];

function isRunTab(value: string | undefined): value is RunTab {
  return value !== undefined && (RUN_TABS as readonly string[]).includes(value);
}

/** Unknown or malformed hashes land on the Runs table rather than a blank page. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const parts = path.split('/').filter((part) => part.length > 0).map(decodeURIComponent);
  switch (parts[0]) {
    case 'new': {
      const params = new URLSearchParams(query);
      const from = params.get('from')?.trim();
      const epochs = Number(params.get('epochs'));
      if (!from) return { view: 'new' };
      return Number.isInteger(epochs) && epochs > 0 ? { view: 'new', from, epochs } : { view: 'new', from };
    }
    case 'experiments':
      return { view: 'experiments' };
    case 'experiment': {
      const id = parts[1];
      return id ? { view: 'experiment', id } : { view: 'experiments' };
    }
    case 'run': {
      const id = parts[1];
      if (!id) return { view: 'runs' };
      return { view: 'run', id, tab: isRunTab(parts[2]) ? parts[2] : 'overview' };
    }
    case 'compare': {
      const ids = (new URLSearchParams(query).get('ids') ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0);
      return { view: 'compare', ids: [...new Set(ids)] };
    }
    case 'figures': {
      const runs = (new URLSearchParams(query).get('runs') ?? '').split(',').map((id) => id.trim()).filter((id) => id.length > 0);
      if (parts[1]) return { view: 'figures', id: parts[1] };
      return runs.length > 0 ? { view: 'figures', runs: [...new Set(runs)] } : { view: 'figures' };
    }
    default:
      return { view: 'runs' };
  }
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'runs':
      return '#/runs';
    case 'new':
      if (!route.from) return '#/new';
      return `#/new?from=${encodeURIComponent(route.from)}${route.epochs ? `&epochs=${route.epochs}` : ''}`;
    case 'experiments':
      return '#/experiments';
    case 'experiment':
      return `#/experiment/${encodeURIComponent(route.id)}`;
    case 'run':
      return `#/run/${encodeURIComponent(route.id)}${route.tab === 'overview' ? '' : `/${route.tab}`}`;
    case 'compare':
      return route.ids.length > 0 ? `#/compare?ids=${route.ids.map(encodeURIComponent).join(',')}` : '#/compare';
    case 'figures':
      if (route.id) return `#/figures/${encodeURIComponent(route.id)}`;
      return route.runs && route.runs.length > 0 ? `#/figures?runs=${route.runs.map(encodeURIComponent).join(',')}` : '#/figures';
  }
}
