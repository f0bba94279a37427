/**
 * Training worker entry. Started by the host (utilityProcess or fork); talks to it only through
 * worker-protocol messages. Trains at most one run, and answers decode requests.
 */
import { runTraining } from './train/run-training';
import { TrainingController } from './train/control';
import { DecodeService } from './decode-service';
import { evaluateCheckpoint } from './evaluate-checkpoint';
import { gradientLabFromCheckpoint } from './gradients/gradient-lab-checkpoint';
import { connectToParent } from './parent-port';
import { messageOf } from '../shared/errors';

const parent = connectToParent();
const decoding = new DecodeService();
let training: TrainingController | null = null;

parent.onMessage((message) => {
  switch (message.type) {
    case 'ping':
      parent.send({ type: 'pong', nonce: message.nonce });
      return;
    case 'start': {
      if (training) {
        parent.send({ type: 'log', level: 'warn', line: 'ignored a second start: this worker is already training' });
        return;
      }
      const controller = new TrainingController();
      training = controller;
      const { runId } = message;
      void runTraining(message.config, (report) => parent.send({ type: 'report', runId, report }), controller, {
        checkpointDir: message.checkpointDir,
        ...(message.resumeFrom ? { resumeFrom: message.resumeFrom } : {}),
        cacheDir: message.cacheDir,
        onDecoderReady: (decoder) => decoding.setLiveDecoder(decoder),
      })
        .catch((error: unknown) => parent.send({ type: 'fatal', message: `training crashed: ${messageOf(error)}` }))
        .finally(() => {
          decoding.setLiveDecoder(null);
          training = null;
        });
      return;
    }
    case 'pause':
      training?.pause();
      return;
    case 'resume':
      training?.resume();
      return;
    case 'stop':
      training?.stop();
      return;
    case 'decode': {
      const { requestId } = message;
      const onProgress = (fraction: number) => parent.send({ type: 'decode-progress', requestId, fraction });
      decoding.decode(message.zs, message.checkpointPath, onProgress).then(
        (grid) => parent.send({ type: 'decoded', requestId, grid }),
        (error: unknown) => parent.send({ type: 'decode-failed', requestId, message: messageOf(error) }),
      );
      return;
    }
    case 'evaluate': {
      const { requestId } = message;
      // One evaluation at a time per worker: the host starts a worker per request.
      evaluateCheckpoint(message, (fraction) => parent.send({ type: 'evaluate-progress', requestId, fraction })).then(
        (evaluation) => parent.send({ type: 'evaluated', requestId, evaluation }),
        (error: unknown) => parent.send({ type: 'evaluate-failed', requestId, message: messageOf(error) }),
      );
      return;
    }
    case 'gradient-lab': {
      const { requestId } = message;
      // Like an evaluation: the host starts a worker for each lab, so it never slows a training run.
      gradientLabFromCheckpoint(message, (fraction) => parent.send({ type: 'gradient-lab-progress', requestId, fraction })).then(
        (result) => parent.send({ type: 'gradient-lab-done', requestId, result }),
        (error: unknown) => parent.send({ type: 'gradient-lab-failed', requestId, message: messageOf(error) }),
      );
      return;
    }
    case 'shutdown':
      // The host sends 'stop' first when it wants a checkpoint; 'shutdown' means exit now.
      process.exit(0);
  }
});

// Ctrl+C in a terminal reaches the whole process group; the host decides (stop with a checkpoint).
process.on('SIGINT', () => {});

// A host that dies leaves the IPC channel closed: a worker must not train on as an orphan.
process.on('disconnect', () => process.exit(0));

parent.send({ type: 'ready', runtime: parent.runtime, pid: process.pid, node: process.versions.node });
