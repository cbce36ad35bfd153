import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);

describe('docker-compose.yml', () => {
  it('is a valid compose file with the tool, mongo, redis and coturn services', async function () {
    this.timeout(30_000);
    const env = {
      ...process.env,
      PUBLIC_URL: 'https://seminar.example.edu',
      PUBLIC_IP: '203.0.113.10',
      SESSION_SECRET: 's'.repeat(64),
      LTI_ENCRYPTION_KEY: 'k'.repeat(64),
      TURN_HOST: 'turn.example.edu',
      TURN_SECRET: 't'.repeat(32),
    };
    // Debian ships Compose v1 (`docker-compose`); `docker compose config` (v2) validates the same file.
    const { stdout } = await run('docker-compose', ['config', '--services'], { env });
    expect(stdout.trim().split('\n').sort()).to.deep.equal(['coturn', 'mongo', 'redis', 'tool']);
    const { stdout: resolved } = await run('docker-compose', ['config'], { env });
    expect(resolved).to.include('MONGO_URL: mongodb://mongo:27017/eduforum');
    expect(resolved).to.include('NODE_ENV: production');
    expect(resolved).to.match(/appendonly/);
  });
});
