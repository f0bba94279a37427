/** A saved figure as the store keeps it: the spec plus its identity and times. */
import type { FigureSpec } from './figure-spec';

export interface FigureRecord {
  /** UUID v4. */
  id: string;
  /** The spec's name, unique (case-insensitive) among saved figures. */
  name: string;
  spec: FigureSpec;
  /** Milliseconds since the Unix epoch. */
  createdAt: number;
  updatedAt: number;
}
