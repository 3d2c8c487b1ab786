/**
 * The example SMART app's entry: launched with `iss` (and `launch`, from an EHR), it asks the EHR's
 * authorisation server for a token (`FHIR.oauth2.authorize`); sent back with a code, it finishes the
 * launch (`FHIR.oauth2.ready`) and renders the app on the FHIRcast session the token response names.
 */
import FHIR from 'fhirclient';
import { createRoot } from 'react-dom/client';
import 'react-fhircast/styles.css';
import { App } from './App.tsx';
import './app.css';

/** Any id works on the development hub, which registers no clients. */
const CLIENT_ID = 'react-fhircast-example-app';
const READ = 'fhircast/Patient-open.read fhircast/Patient-close.read';
const WRITE = 'fhircast/Patient-open.write fhircast/Patient-close.write';
const FHIR_SCOPES = 'launch patient/Patient.read offline_access';

const root = createRoot(document.getElementById('root') as HTMLElement);
const url = new URL(window.location.href);

if (url.searchParams.has('iss')) {
  // `?access=read-only` in the app URL the EHR launches asks for read scopes only (no publishing).
  const readOnly = url.searchParams.get('access') === 'read-only';
  root.render(<p>Authorising with the EHR…</p>);
  FHIR.oauth2
    .authorize({ clientId: CLIENT_ID, scope: `${FHIR_SCOPES} ${READ}${readOnly ? '' : ` ${WRITE}`}` })
    .catch(showError);
} else {
  FHIR.oauth2.ready().then((smart) => root.render(<App smart={smart} />), showError);
}

function showError(error: unknown): void {
  root.render(
    <main>
      <h1>The launch failed</h1>
      <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
      <p>Launch this app from the EHR launch page of the development hub (npm start prints its address).</p>
    </main>,
  );
}
