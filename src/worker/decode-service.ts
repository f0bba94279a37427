/**
 * Decode requests in the worker: with the live model of the run it is training, or with a
 * checkpoint loaded once and kept (an interpolation slider sends many requests for the same one).
 */
import type { ImageGrid } from '../shared/training-report';
import { selectBackend } from './backend/select-backend';
import { loadCheckpoint, type LoadedCheckpoint } from './checkpoint/load-checkpoint';
import type { LatentDecoder } from './train/latent-decoder';

export class DecodeService {
  private live: LatentDecoder | null = null;
  private loaded: Promise<LoadedCheckpoint> | null = null;
  private loadedPath: string | null = null;
  private backendReady: Promise<unknown> | null = null;

  setLiveDecoder(decoder: LatentDecoder | null): void {
    this.live = decoder;
  }

  /** onProgress hears how far a pixel-by-pixel decode has come (an autoregressive decoder's take seconds). */
  async decode(zs: number[][], checkpointPath: string | null, onProgress?: (fraction: number) => void): Promise<ImageGrid> {
    const options = onProgress ? { onProgress } : {};
    if (checkpointPath === null) {
      if (!this.live) throw new Error('the run has no live model yet (it is still loading data); try again in a moment');
      return this.live.decode(zs, options);
    }
    return (await this.checkpoint(checkpointPath)).decoder.decode(zs, options);
  }

  private async checkpoint(path: string): Promise<LoadedCheckpoint> {
    if (this.loaded && this.loadedPath === path) return this.loaded;
    const previous = this.loaded;
    this.loadedPath = path;
    // A decode-only worker has not trained, so no backend was chosen yet: take the best available.
    this.backendReady ??= selectBackend('auto');
    const loading = this.backendReady.then(() => loadCheckpoint(path));
    this.loaded = loading;
    loading.catch(() => {
      // Forget a failed load so the next request retries it, unless a newer path replaced it.
      if (this.loaded !== loading) return;
      this.loaded = null;
      this.loadedPath = null;
    });
    void previous?.then((checkpoint) => checkpoint.dispose(), () => {});
    return loading;
  }
}
