/** Where the development SMART launch answers, on the origin a request reached the hub by. */
export interface SmartEndpoints {
  /** The hub's origin for this request, e.g. `http://127.0.0.1:7001`. */
  origin: string;
  /** The FHIR base URL apps are launched with as `iss` (and send back as `aud`). */
  fhirBase: string;
  /** `hub.url`, as the token response gives it. */
  hubUrl: string;
  authorize: string;
  token: string;
  /** The EHR launch page. */
  launchPage: string;
}

/** The paths, fixed: SMART apps find them through discovery, people through the README. */
export const SMART_PATHS = {
  fhir: '/fhir',
  authorize: '/authorize',
  token: '/token',
  launch: '/launch',
} as const;

/** The endpoints for a request whose endpoints start with `socketBase` (`ws://host:port` or `wss://…`). */
export function smartEndpoints(socketBase: string, hubPath: string): SmartEndpoints {
  const origin = socketBase.replace(/^ws/, 'http');
  return {
    origin,
    fhirBase: `${origin}${SMART_PATHS.fhir}`,
    hubUrl: `${origin}${hubPath}`,
    authorize: `${origin}${SMART_PATHS.authorize}`,
    token: `${origin}${SMART_PATHS.token}`,
    launchPage: `${origin}${SMART_PATHS.launch}`,
  };
}

/** `{fhir base}/.well-known/smart-configuration`: what `fhirclient` reads to find the OAuth endpoints. */
export function smartConfiguration(endpoints: SmartEndpoints): Record<string, unknown> {
  return {
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    token_endpoint_auth_methods_supported: ['none'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [
      'launch',
      'launch/patient',
      'offline_access',
      'online_access',
      'fhircast/*.read',
      'fhircast/*.write',
      'patient/*.read',
      'user/*.read',
    ],
    capabilities: [
      'launch-ehr',
      'launch-standalone',
      'client-public',
      'context-ehr-patient',
      'context-standalone-patient',
      'permission-offline',
      'permission-online',
    ],
  };
}

/** Resource types the read-only FHIR endpoint may hold: those FHIRcast events carry. */
const READABLE_TYPES = ['Patient', 'Encounter', 'ImagingStudy', 'DiagnosticReport', 'Observation'];

/**
 * `{fhir base}/metadata`: a minimal CapabilityStatement with the OAuth URIs (SMART's older discovery) and
 * the FHIRcast extension naming `hub.url`, as the guide's FHIRcast CapabilityStatement profile describes.
 */
export function capabilityStatement(endpoints: SmartEndpoints): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    implementation: { description: 'react-fhircast development hub', url: endpoints.fhirBase },
    implementationGuide: ['http://hl7.org/fhir/uv/fhircast/ImplementationGuide/hl7.fhir.uv.fhircast|3.0.0'],
    rest: [
      {
        mode: 'server',
        extension: [
          {
            url: 'http://hl7.org/fhir/uv/fhircast/StructureDefinition/fhircast-configuration-extension',
            extension: [{ url: 'hub.url', valueUrl: endpoints.hubUrl }],
          },
        ],
        security: {
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: endpoints.authorize },
                { url: 'token', valueUri: endpoints.token },
              ],
            },
          ],
        },
        resource: READABLE_TYPES.map((type) => ({ type, interaction: [{ code: 'read' }] })),
      },
    ],
  };
}
