import type { FhirResource } from '../../protocol/types.ts';
import type { AddOnResponse } from '../access.ts';
import type { SmartEndpoints } from './discovery.ts';
import { LAUNCH_SCRIPT } from './launch-script.ts';

/** What the launch page needs to play the EHR: its session, its token and the app it offers to launch. */
export interface LaunchPageSettings {
  endpoints: SmartEndpoints;
  topic: string;
  /** The page's own token: every FHIRcast scope on its session, so it can publish whatever the hub asks. */
  token: string;
  appUrl: string | undefined;
  patients: readonly FhirResource[];
}

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 44rem; padding: 0 1rem; color: #1b1f24; }
section { border: 1px solid #c8ced6; border-radius: 8px; padding: 0 1rem 1rem; margin-bottom: 1rem; }
label { display: block; font-weight: 600; margin-top: .5rem; }
select, input, button { font: inherit; padding: .35rem .6rem; }
input[type=url] { width: 100%; box-sizing: border-box; }
button { margin: .5rem .5rem 0 0; cursor: pointer; }
:focus-visible { outline: 3px solid #0b61d8; outline-offset: 2px; }
#status { min-height: 1.5em; }
`;

/** `GET /launch`: the development EHR, plain HTML and a small script, served by the hub with no build step. */
export function launchPage(settings: LaunchPageSettings): AddOnResponse {
  const config = {
    hubUrl: settings.endpoints.hubUrl,
    fhirBase: settings.endpoints.fhirBase,
    launchUrl: settings.endpoints.launchPage,
    topic: settings.topic,
    token: settings.token,
    appUrl: settings.appUrl ?? '',
    patients: settings.patients,
  };
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Development EHR: SMART launch with FHIRcast</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Development EHR</h1>
<p>This page plays the EHR of one FHIRcast session (topic ${escapeHtml(settings.topic.slice(0, 4))}…) on this
development hub. It is not an identity provider: there is no login, and the hub approves every app.</p>
<section aria-labelledby="patient-heading">
<h2 id="patient-heading">Patient</h2>
<label for="patient">Sample patient</label>
<select id="patient"></select>
<div><button type="button" id="open">Open patient</button><button type="button" id="close">Close patient</button></div>
<p>In context: <strong id="current">No patient in context</strong></p>
</section>
<section aria-labelledby="launch-heading">
<h2 id="launch-heading">Launch a SMART app</h2>
<form id="launch-form">
<label for="app-url">App launch URL</label>
<input id="app-url" type="url" required placeholder="http://127.0.0.1:5173/" autocomplete="url">
<button type="submit" id="launch">Launch</button>
</form>
<p>Last launch: <a id="launched" href="#">none yet</a></p>
</section>
<p id="status" role="status" aria-live="polite"></p>
</main>
<script type="application/json" id="launch-config">${jsonForScript(config)}</script>
<script type="module">${LAUNCH_SCRIPT}</script>
</body>
</html>
`;
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    },
    body: html,
  };
}

/** JSON that cannot end the script element it sits in, whatever strings it holds. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
