/**
 * The EHR launch page's script, as text: plain JavaScript the browser runs as it is (no build step). It
 * reads its settings from the page's `launch-config` JSON, publishes opens and closes on the session topic
 * with the page's own token, asks the hub for a launch id and opens the app with `iss` and `launch`.
 */
export const LAUNCH_SCRIPT = `
const config = JSON.parse(document.getElementById('launch-config').textContent);
const byId = (id) => document.getElementById(id);
const status = byId('status');
const say = (text) => { status.textContent = text; };
const nameOf = (patient) => {
  const name = (patient.name || [])[0] || {};
  return [...(name.given || []), name.family].filter(Boolean).join(' ') || patient.id;
};
const newId = () => (globalThis.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random());
const selected = () => config.patients[Number(byId('patient').value)];

for (const [index, patient] of config.patients.entries()) {
  const mrn = ((patient.identifier || [])[0] || {}).value;
  byId('patient').add(new Option(nameOf(patient) + (mrn ? ' (' + mrn + ')' : ''), String(index)));
}
const savedApp = localStorage.getItem('react-fhircast-launch-app');
byId('app-url').value = savedApp || config.appUrl || '';

async function hubCall(method, url, body) {
  const headers = { authorization: 'Bearer ' + config.token };
  if (body) headers['content-type'] = 'application/json';
  const answer = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await answer.text();
  if (!answer.ok) throw new Error('the hub answered ' + answer.status + ': ' + text);
  return text ? JSON.parse(text) : undefined;
}

async function publish(eventName, patient) {
  await hubCall('POST', config.hubUrl, {
    timestamp: new Date().toISOString(),
    id: newId(),
    event: { 'hub.topic': config.topic, 'hub.event': eventName, context: [{ key: 'patient', resource: patient }] },
  });
}

async function showContext() {
  const current = await hubCall('GET', config.hubUrl + '/' + encodeURIComponent(config.topic));
  const item = (current.context || []).find((entry) => entry.key === 'patient');
  byId('current').textContent = item && item.resource ? nameOf(item.resource) : 'No patient in context';
}

async function act(work) {
  try {
    say(await work());
    await showContext();
  } catch (error) {
    say('Failed: ' + error.message);
  }
}

byId('open').addEventListener('click', () =>
  act(async () => {
    await publish('Patient-open', selected());
    return 'Published Patient-open: ' + nameOf(selected()) + ' is in context';
  }),
);
byId('close').addEventListener('click', () =>
  act(async () => {
    await publish('Patient-close', selected());
    return 'Published Patient-close for ' + nameOf(selected());
  }),
);
byId('launch-form').addEventListener('submit', (event) => {
  event.preventDefault();
  act(async () => {
    const app = new URL(byId('app-url').value);
    if (app.protocol !== 'http:' && app.protocol !== 'https:') throw new Error('the app URL must be http(s)');
    localStorage.setItem('react-fhircast-launch-app', app.href);
    const { launch } = await hubCall('POST', config.launchUrl);
    app.searchParams.set('iss', config.fhirBase);
    app.searchParams.set('launch', launch);
    const link = byId('launched');
    link.href = app.href;
    link.textContent = app.href;
    window.open(app.href, '_blank', 'noopener');
    return 'Launched ' + app.origin + ' with iss and launch';
  });
});
showContext().catch((error) => say('Failed: ' + error.message));
`;
