/** Training worker entry. Started by the host; talks to it only through worker-protocol messages. */
import { connectToParent } from './parent-port';

const parent = connectToParent();

parent.onMessage((message) => {
  switch (message.type) {
    case 'ping':
      parent.send({ type: 'pong', nonce: message.nonce });
      return;
    case 'shutdown':
      process.exit(0);
  }
});

parent.send({ type: 'ready', runtime: parent.runtime, pid: process.pid, node: process.versions.node });
