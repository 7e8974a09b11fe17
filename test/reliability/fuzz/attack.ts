/**
 * One hostile connection: up to 8 frames from the corpus, a quarter of them mutated, some noise,
 * written at once and followed by a half-close. The broker must answer what it can decode and
 * close the connection at what it cannot. Connections come from spread loopback source addresses
 * (127.0.0.2–127.0.0.251) so tens of thousands of them do not run the kernel out of ports.
 */
import { connect } from 'node:net';
import type { Random } from '../../../engine/cluster/random.js';
import { FrameSplitter } from '../../../engine/protocol/frame-splitter.js';
import type { CorpusEntry } from './corpus.js';
import { frame, honestFrame, mutate } from './mutate.js';

/**
 * The share of frames mutated (noise aside): a connection ends at its first undecodable frame,
 * and frames after it are never read, so most requests must be valid for most frames to count.
 */
const MUTATED = 0.25;

export interface AttackOutcome {
  readonly frames: number;
  readonly answers: number;
  /** The broker closed the connection before answering every frame. */
  readonly closedEarly: boolean;
  /** Neither answered nor closed within the deadline (a long poll, a frame still incomplete). */
  readonly timedOut: boolean;
}

export function attackFrames(corpus: readonly CorpusEntry[], random: Random): Buffer[] {
  const count = 1 + random.nextInt(8);
  return Array.from({ length: count }, (_, i) => {
    if (random.next() < 0.03) {
      const noise = Buffer.alloc(random.nextInt(64));
      for (let j = 0; j < noise.length; j++) noise[j] = random.nextInt(256);
      return noise;
    }
    const payload = Buffer.from(corpus[random.nextInt(corpus.length)]!.payload);
    if (payload.length >= 8) payload.writeInt32BE(i + 1, 4);
    if (random.next() >= MUTATED) return honestFrame(payload);
    return frame(mutate(payload, random, 1 + random.nextInt(3)), random);
  });
}

export function attack(
  port: number,
  frames: readonly Buffer[],
  source: number,
  deadlineMs = 3000,
): Promise<AttackOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: `127.0.0.${2 + (source % 250)}` });
    const splitter = new FrameSplitter(1 << 30);
    let answers = 0;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, deadlineMs);
    socket.on('data', (chunk: Buffer) => {
      try {
        answers += splitter.push(chunk).length;
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({
        frames: frames.length,
        answers,
        closedEarly: !timedOut && answers < frames.length,
        timedOut,
      });
    });
    socket.once('connect', () => socket.end(Buffer.concat(frames)));
  });
}
