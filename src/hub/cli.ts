#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { HUB_PROFILES, hubProfile } from './profiles.ts';
import { startHub } from './server.ts';

/** Each profile and what differs on it from STU3, one line per behaviour. */
const PROFILES = Object.values(HUB_PROFILES)
  .map((profile) => {
    const needs = profile.clientNeeds.publishTo
      ? ` (clients need publishTo: '${profile.clientNeeds.publishTo}')`
      : '';
    const lines = profile.differences.map((line) => `    - ${line}`);
    return [`  ${profile.name}: ${profile.hub}${needs}`, ...lines].join('\n');
  })
  .join('\n');

const USAGE = `Usage: react-fhircast-hub [options]

Starts the react-fhircast FHIRcast STU3 development hub and prints its hub.url.

Options:
  --profile NAME           behave like this hub where hubs differ: stu3 (default), legacy-sandbox,
                           medplum (see Profiles below); its defaults apply to options not given
  --port N                 port to listen on (0 picks a free one; default 7001)
  --host H                 interface to bind (default 127.0.0.1)
  --token T                accept bearer token T; repeat for more (default: no auth)
  --allow-origin O         let browser pages on origin O use the hub; repeat for more; "*" allows any
                           (default: only pages on localhost, 127.0.0.1 and [::1], any port)
  --public-url U           the URL clients reach the hub by (a proxy, a name on the network); its host
                           is answered and endpoints are built on it (default: only loopback names)
  --lease-seconds N        lease granted when none is asked for (default 3600; legacy-sandbox 7200)
  --max-lease-seconds N    longest lease granted (default 86400)
  --ack-timeout-ms N       time to acknowledge an event before a sync error (default 10000)
  --heartbeat-seconds N    send the legacy heartbeat event every N seconds (default 0: off;
                           legacy-sandbox 15, medplum 10)
  --smart                  serve a SMART App Launch for FHIRcast: the EHR launch page at /launch,
                           /authorize, /token and read-only FHIR at /fhir (development only: no login)
  --smart-app-url U        the app the launch page offers to launch (default: the page asks)
  --lenient                fill in a published event's missing id or timestamp instead of answering 400
  --log-full-topics        show topics whole in the log (default: shortened, as they are secrets)
  --quiet                  do not log subscriptions, publishes and sync errors
  -h, --help               show this help

Profiles (what differs from STU3):
${PROFILES}`;

/** The integer value of `--name`; undefined when not given, so that the profile's default applies. */
function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new Error(`--${name} must be a non-negative integer, not "${value}"`);
  }
  return number;
}

function smartOptions(smart: boolean | undefined, appUrl: string | undefined) {
  if (appUrl !== undefined && !smart) throw new Error('--smart-app-url needs --smart');
  if (!smart) return undefined;
  return appUrl === undefined ? true : { appUrl };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
      'public-url': { type: 'string' },
      'lease-seconds': { type: 'string' },
      'max-lease-seconds': { type: 'string' },
      'ack-timeout-ms': { type: 'string' },
      'heartbeat-seconds': { type: 'string' },
      lenient: { type: 'boolean' },
      'log-full-topics': { type: 'boolean' },
      smart: { type: 'boolean' },
      'smart-app-url': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const hub = await startHub({
    profile: hubProfile(values.profile).name,
    port: integer('port', values.port) ?? 7001,
    host: values.host ?? '127.0.0.1',
    tokens: values.token ?? [],
    allowOrigins: values['allow-origin'] ?? [],
    publicUrl: values['public-url'],
    leaseSeconds: integer('lease-seconds', values['lease-seconds']),
    maxLeaseSeconds: integer('max-lease-seconds', values['max-lease-seconds']),
    ackTimeoutMs: integer('ack-timeout-ms', values['ack-timeout-ms']),
    heartbeatSeconds: integer('heartbeat-seconds', values['heartbeat-seconds']),
    lenient: values.lenient ?? false,
    smart: smartOptions(values.smart, values['smart-app-url']),
    log: values.quiet ? () => {} : (line) => console.error(`[hub] ${line}`),
    logFullTopics: values['log-full-topics'] ?? false,
  });
  console.log(hub.url);
  const profile = values.profile ? ` as ${values.profile}` : '';
  console.error(
    `FHIRcast hub listening${profile}: hub.url ${hub.url} (alias ${hub.aliasUrl}). Ctrl+C stops it.`,
  );
  if (hub.smart) {
    console.error(
      `SMART launch: EHR launch page ${hub.smart.launchUrl}, FHIR base (iss) ${hub.smart.fhirBaseUrl}`,
    );
  }
  const stop = () => {
    hub.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`react-fhircast-hub: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Run react-fhircast-hub --help for usage.');
  process.exit(1);
});
