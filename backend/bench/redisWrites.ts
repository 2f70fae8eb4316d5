// Counts this process's socket writes to the Redis port: each write is one request the client sends (ioredis
// writes a whole pipeline at once, a lone command on its own), so the difference between two readings is the
// process's Redis round trips. Installed before any connection is opened. Also records the local ports of those
// sockets, so MONITOR lines can be attributed to this process.
import net from 'node:net';

export interface RedisWriteCounter {
  readonly writes: number;
  readonly localPorts: number[];
}

export function countRedisWrites(redisPort: number): RedisWriteCounter {
  let writes = 0;
  const localPorts = new Set<number>();
  const prototype = net.Socket.prototype as unknown as { write: (...args: unknown[]) => boolean };
  const original = prototype.write;
  prototype.write = function countedWrite(this: net.Socket, ...args: unknown[]) {
    if (this.remotePort === redisPort) {
      writes += 1;
      if (this.localPort !== undefined) {
        localPorts.add(this.localPort);
      }
    }
    return original.apply(this, args);
  };
  return {
    get writes() {
      return writes;
    },
    get localPorts() {
      return [...localPorts];
    },
  };
}
