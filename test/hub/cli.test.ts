import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/hub-requests.ts';

const cli = fileURLToPath(new URL('../../src/hub/cli.ts', import.meta.url));
const running: ChildProcess[] = [];

function run(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] as string);
    });
    child.once('exit', () => reject(new Error(`exited before printing: ${stderr}`)));
  });
  firstLine.catch(() => {}); // only tests that await the line care that it never came
  return { child, firstLine, output: () => ({ stdout, stderr }) };
}

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

describe('react-fhircast-hub', () => {
  it('prints its hub URL on start and serves that URL', async () => {
    const { child, firstLine } = run(['--port', '0', '--quiet']);
    const url = await firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/hub$/);
    const response = await fetch(`${url}/.well-known/fhircast-configuration`);
    expect((await response.json()).fhircastVersion).toBe('3.0.0');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('takes repeated --token options and then requires one of them', async () => {
    const { firstLine } = run(['--port', '0', '--token', 'alpha', '--token', 'beta', '--quiet']);
    const url = await firstLine;
    expect((await fetch(`${url}/t`)).status).toBe(401);
    expect((await fetch(`${url}/t`, { headers: { authorization: 'Bearer beta' } })).status).toBe(200);
  });

  it('logs subscriptions to stderr without the full topic', async () => {
    const { firstLine, output } = run(['--port', '0']);
    const url = await firstLine;
    const topic = 'a-secret-topic-value';
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `hub.channel.type=websocket&hub.mode=subscribe&hub.topic=${topic}&hub.events=Patient-open&subscriber.name=viewer`,
    });
    await expect.poll(() => output().stderr).toContain('subscribed viewer');
    expect(output().stderr).not.toContain(topic);
  });

  it('takes repeated --allow-origin options and a --public-url, refusing other origins and hosts', async () => {
    const { firstLine } = run([
      '--port',
      '0',
      '--quiet',
      '--allow-origin',
      'https://app.example',
      '--allow-origin',
      'https://ris.example',
      '--public-url',
      'https://hub.example.com',
    ]);
    const url = await firstLine;
    const context = `${url}/t`;
    expect((await rawRequest(context, { headers: { origin: 'https://ris.example' } })).status).toBe(200);
    expect((await rawRequest(context, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await rawRequest(context, { headers: { host: 'hub.example.com' } })).status).toBe(200);
    expect((await rawRequest(context, { headers: { host: 'evil.example' } })).status).toBe(421);
  });

  it('accepts publishes without id and timestamp only with --lenient', async () => {
    const body = JSON.stringify({
      event: {
        'hub.topic': 't',
        'hub.event': 'Patient-open',
        context: [{ key: 'patient', resource: { resourceType: 'Patient', id: 'p1' } }],
      },
    });
    const publish = (url: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const strict = await run(['--port', '0', '--quiet']).firstLine;
    expect((await publish(strict)).status).toBe(400);
    const lenient = await run(['--port', '0', '--quiet', '--lenient']).firstLine;
    expect((await publish(lenient)).status).toBe(202);
  });

  it('rejects a bad option with a message and exit code 1', async () => {
    const { child, output } = run(['--port', 'eighty']);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output().stderr).toContain('--port must be a non-negative integer, not "eighty"');
  });

  it('prints usage for --help', async () => {
    const { child, output } = run(['--help']);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output().stdout).toContain('Usage: react-fhircast-hub');
  });
});
