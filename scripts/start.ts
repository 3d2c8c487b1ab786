/**
 * `npm start`: the development hub on http://127.0.0.1:7001/api/hub with its SMART launch (the EHR page
 * at /launch), Storybook on http://127.0.0.1:6006 wired to the hub, and the example SMART app on
 * http://127.0.0.1:5173, which the EHR page launches. Ports: HUB_PORT, STORYBOOK_PORT, SMART_APP_PORT.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { startHub } from '../src/hub/server.ts';

const hubPort = Number(process.env.HUB_PORT ?? 7001);
const storybookPort = Number(process.env.STORYBOOK_PORT ?? 6006);
const appPort = Number(process.env.SMART_APP_PORT ?? 5173);
const appUrl = `http://127.0.0.1:${appPort}/`;

// Topics whole: this hub runs on the developer's own machine, and a topic in the log can be joined with curl.
const hub = await startHub({
  port: hubPort,
  smart: { appUrl },
  log: (line) => console.log(`[hub] ${line}`),
  logFullTopics: true,
});
console.log(`FHIRcast development hub: ${hub.url}`);
console.log(`EHR launch page (SMART): ${hub.smart?.launchUrl}; it launches the example app at ${appUrl}`);

const children: ChildProcess[] = [
  spawn('storybook', ['dev', '--port', String(storybookPort), '--host', '127.0.0.1', '--no-open', '--ci'], {
    stdio: 'inherit',
    env: { ...process.env, STORYBOOK_FHIRCAST_HUB_URL: hub.url, STORYBOOK_DISABLE_TELEMETRY: '1' },
  }),
  spawn('vite', ['--config', 'examples/smart-app/vite.config.ts', '--port', String(appPort)], {
    stdio: 'inherit',
  }),
];

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await hub.close();
  process.exit(code);
};
for (const child of children) child.on('exit', (code) => void stop(code ?? 0));
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
