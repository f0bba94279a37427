/** Connection and health of the host, as reactive state for the header. */
import type { HealthInfo } from '../../../shared/api';
import type { HostStatus } from '../../../shared/events';
import { onConnectionState, workbench } from './workbench-api';
import type { ConnectionState } from './ws-transport';
import { messageOf } from '../../../shared/errors';

export class HostConnection {
  state: ConnectionState = $state('connecting');
  health: HealthInfo | null = $state.raw(null);
  status: HostStatus | null = $state.raw(null);
  error: string | null = $state(null);

  constructor() {
    onConnectionState((state) => {
      this.state = state;
      if (state === 'open') void this.refresh();
    });
    workbench.onHostStatus((status) => {
      this.status = status;
    });
  }

  async refresh(): Promise<void> {
    try {
      this.health = await workbench.health();
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    }
  }
}
