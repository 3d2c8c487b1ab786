/**
 * `npm start`: the development hub on http://127.0.0.1:7001/api/hub and Storybook on
 * http://127.0.0.1:6006 wired to it, so two browser windows on one story share one FHIRcast session.
 */
import { spawn } from 'node:child_process';
import { startHub } from '../src/hub/server.ts';

const hubPort = Number(process.env.HUB_PORT ?? 7001);
const storybookPort = Number(process.env.STORYBOOK_PORT ?? 6006);

// Topics whole: this hub runs on the developer's own machine, and a topic in the log can be joined with curl.
const hub = await startHub({
  port: hubPort,
  log: (line) => console.log(`[hub] ${line}`),
  logFullTopics: true,
});
console.log(`FHIRcast development hub: ${hub.url}`);

const storybook = spawn(
  'storybook',
  ['dev', '--port', String(storybookPort), '--host', '127.0.0.1', '--no-open', '--ci'],
  {
    stdio: 'inherit',
    env: { ...process.env, STORYBOOK_FHIRCAST_HUB_URL: hub.url, STORYBOOK_DISABLE_TELEMETRY: '1' },
  },
);

const stop = async (code: number) => {
  storybook.kill('SIGTERM');
  await hub.close();
  process.exit(code);
};
storybook.on('exit', (code) => void stop(code ?? 0));
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
