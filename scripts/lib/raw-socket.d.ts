export function rawExchange(port: number, bytes: string | Buffer, waitMs?: number): Promise<Buffer>;
export function statusOf(reply: Buffer): number | null;
export interface WsFrameOptions {
  /** Clients must mask; false breaks the rule. */
  mask?: boolean;
  /** The three RSV bits as a number: 0b100 is RSV1, which needs a negotiated extension. */
  rsv?: number;
  fin?: boolean;
  /** A length field that disagrees with the payload. */
  lengthOverride?: number;
}
export function wsFrame(opcode: number, payload: Buffer, options?: WsFrameOptions): Buffer;
export function wsHandshake(port: number, token: string): string;
