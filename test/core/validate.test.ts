import { describe, expect, it } from 'vitest';
import {
  canonicalEventName,
  EVENT_CATALOG,
  findEventSpec,
  sameEventName,
} from '../../src/protocol/events.ts';
import { itemReference, itemResourceType } from '../../src/protocol/items.ts';
import type { ContextItem } from '../../src/protocol/types.ts';
import { validateEventContext } from '../../src/protocol/validate.ts';
import { specExample } from '../fixtures/spec.ts';

/** The event name and context of a spec example. */
function example(name: string): { event: string; context: ContextItem[] } {
  const { event } = specExample(name);
  return { event: event['hub.event'], context: event.context };
}

const without = (context: ContextItem[], key: string) => context.filter((item) => item.key !== key);
const twice = (context: ContextItem[], key: string) => [
  ...context,
  ...context.filter((item) => item.key === key),
];

const VALID_EXAMPLES = [
  'patient-open',
  'patient-close',
  'notification-patient-open-minimal',
  'encounter-open',
  'encounter-close',
  'imagingstudy-open',
  'imagingstudy-close',
  'imagingstudy-close-2',
  'diagnosticreport-open',
  'diagnosticreport-close',
  'diagnosticreport-select',
  'diagnosticreport-update-1',
  'diagnosticreport-update-2',
  'diagnosticreport-update-3',
  'syncerror',
  'user-logout',
  'user-hibernate',
  'home-open',
];

describe('event names', () => {
  it('finds catalogued events whatever their case and surrounding spaces', () => {
    expect(findEventSpec('patient-OPEN')?.name).toBe('Patient-open');
    expect(findEventSpec(' DIAGNOSTICREPORT-update ')?.name).toBe('DiagnosticReport-update');
    expect(findEventSpec('userlogout')?.name).toBe('userLogout');
    expect(findEventSpec('Home-Open')?.name).toBe('home-open');
    expect(findEventSpec('Medication-open')).toBeUndefined();
  });

  it('catalogues every STU3 event with its anchor and action', () => {
    expect(EVENT_CATALOG.map((spec) => spec.name)).toEqual(
      expect.arrayContaining([
        'Patient-open',
        'Patient-close',
        'Encounter-open',
        'Encounter-close',
        'ImagingStudy-open',
        'ImagingStudy-close',
        'DiagnosticReport-open',
        'DiagnosticReport-close',
        'DiagnosticReport-update',
        'DiagnosticReport-select',
        'syncerror',
        'userLogout',
        'userHibernate',
        'home-open',
      ]),
    );
    expect(findEventSpec('ImagingStudy-close')).toMatchObject({ anchor: 'ImagingStudy', action: 'close' });
    expect(findEventSpec('DiagnosticReport-select')).toMatchObject({
      anchor: 'DiagnosticReport',
      action: 'select',
    });
    expect(findEventSpec('syncerror')?.anchor).toBeUndefined();
  });

  it('spells known names canonically and leaves unknown names as given, trimmed', () => {
    expect(canonicalEventName('patient-open')).toBe('Patient-open');
    expect(canonicalEventName('USERHIBERNATE')).toBe('userHibernate');
    expect(canonicalEventName('SyncError')).toBe('syncerror');
    expect(canonicalEventName(' acme-Custom-Event ')).toBe('acme-Custom-Event');
  });

  it('compares event names case-insensitively', () => {
    expect(sameEventName('Patient-open', 'PATIENT-OPEN')).toBe(true);
    expect(sameEventName(' acme-x', 'ACME-X ')).toBe(true);
    expect(sameEventName('Patient-open', 'Patient-close')).toBe(false);
  });
});

describe('context items', () => {
  it('reads the resource type and Type/id from a resource or a reference', () => {
    const resource = { key: 'patient', resource: { resourceType: 'Patient', id: 'p1' } };
    const reference = {
      key: 'report',
      reference: { reference: 'https://fhir.example.org/DiagnosticReport/r1' },
    };
    expect(itemResourceType(resource)).toBe('Patient');
    expect(itemReference(resource)).toBe('Patient/p1');
    expect(itemResourceType(reference)).toBe('DiagnosticReport');
    expect(itemReference(reference)).toBe('DiagnosticReport/r1');
    expect(itemResourceType({ key: 'x' })).toBeUndefined();
  });
});

describe('validateEventContext', () => {
  it.each(VALID_EXAMPLES)('accepts the spec example %s', (name) => {
    const { event, context } = example(name);
    expect(validateEventContext(event, context)).toBeUndefined();
  });

  it('accepts an example whatever the case of its event name', () => {
    expect(validateEventContext('patient-open', example('patient-open').context)).toBeUndefined();
  });

  it('rejects the notification template, which has no "patient" key', () => {
    const { event, context } = example('notification-template');
    expect(validateEventContext(event, context)).toBe('Patient-open: missing required context key "patient"');
  });

  it.each([
    ['patient-open', 'patient'],
    ['patient-close', 'patient'],
    ['encounter-open', 'encounter'],
    ['encounter-open', 'patient'],
    ['encounter-close', 'encounter'],
    ['imagingstudy-open', 'study'],
    ['diagnosticreport-open', 'report'],
    ['diagnosticreport-open', 'patient'],
    ['diagnosticreport-close', 'report'],
    ['diagnosticreport-update-1', 'report'],
    ['diagnosticreport-update-1', 'updates'],
    ['diagnosticreport-select', 'report'],
    ['syncerror', 'operationoutcome'],
    ['user-logout', 'parameters'],
    ['user-hibernate', 'parameters'],
  ])('rejects %s without "%s", naming the key', (name, key) => {
    const { event, context } = example(name);
    expect(validateEventContext(event, without(context, key))).toBe(
      `${event}: missing required context key "${key}"`,
    );
  });

  it.each([
    ['diagnosticreport-open', 'study'],
    ['diagnosticreport-select', 'patient'],
    ['diagnosticreport-update-1', 'patient'],
    ['diagnosticreport-select', 'select'],
  ])('accepts %s without the optional "%s"', (name, key) => {
    const { event, context } = example(name);
    expect(validateEventContext(event, without(context, key))).toBeUndefined();
  });

  it.each([
    ['patient-open', 'patient'],
    ['encounter-open', 'encounter'],
    ['imagingstudy-open', 'study'],
    ['diagnosticreport-open', 'report'],
    ['diagnosticreport-update-1', 'updates'],
    ['syncerror', 'operationoutcome'],
    ['user-logout', 'parameters'],
  ])('rejects %s with "%s" twice', (name, key) => {
    const { event, context } = example(name);
    expect(validateEventContext(event, twice(context, key))).toBe(
      `${event}: context key "${key}" may appear only once`,
    );
  });

  it('requires "patient" on an ImagingStudy-open whose study has a patient subject', () => {
    const { event, context } = example('imagingstudy-open');
    expect(validateEventContext(event, without(context, 'patient'))).toBe(
      'ImagingStudy-open: missing context key "patient", required because the study\'s subject is a patient',
    );
  });

  it('accepts an ImagingStudy-open without "patient" when the study has no patient subject', () => {
    const { event, context } = example('imagingstudy-open');
    const calibration = without(context, 'patient').map((item) =>
      item.key === 'study'
        ? { ...item, resource: { ...item.resource, subject: { reference: 'Device/d1' } } }
        : item,
    ) as ContextItem[];
    expect(validateEventContext(event, calibration)).toBeUndefined();
  });

  it('accepts repeated "study" on a DiagnosticReport-open and repeated "select" on a select', () => {
    const open = example('diagnosticreport-open');
    expect(validateEventContext(open.event, twice(open.context, 'study'))).toBeUndefined();
    const select = example('diagnosticreport-select');
    expect(validateEventContext(select.event, twice(select.context, 'select'))).toBeUndefined();
  });

  it('rejects a key carrying the wrong resource type, by resource or by reference', () => {
    const encounter = { resourceType: 'Encounter', id: 'e1' };
    expect(validateEventContext('Patient-open', [{ key: 'patient', resource: encounter }])).toBe(
      'Patient-open: context key "patient" must be a Patient, not a Encounter',
    );
    const update = example('diagnosticreport-update-1');
    const wrongReport = update.context.map((item) =>
      item.key === 'report' ? { key: 'report', reference: { reference: 'Patient/p1' } } : item,
    );
    expect(validateEventContext(update.event, wrongReport)).toContain('"report" must be a DiagnosticReport');
    const logout = [{ key: 'parameters', resource: { resourceType: 'Bundle' } }];
    expect(validateEventContext('userLogout', logout)).toContain('"parameters" must be a Parameters');
  });

  it('rejects updates given as a reference rather than a Bundle resource', () => {
    const update = example('diagnosticreport-update-1');
    const byReference = update.context.map((item) =>
      item.key === 'updates' ? { key: 'updates', reference: { reference: 'Bundle/b1' } } : item,
    );
    expect(validateEventContext(update.event, byReference)).toContain(
      '"updates" must carry a Bundle resource',
    );
  });

  it('rejects an open or close whose anchor resource has no id, or is only a reference', () => {
    const noId = [{ key: 'patient', resource: { resourceType: 'Patient' } }];
    expect(validateEventContext('Patient-open', noId)).toBe(
      'Patient-open: the "patient" resource must have an id',
    );
    expect(validateEventContext('Patient-close', noId)).toContain('"patient" resource must have an id');
    const byReference = [{ key: 'patient', reference: { reference: 'Patient/p1' } }];
    expect(validateEventContext('Patient-open', byReference)).toContain('must have an id');
    const study = example('imagingstudy-open');
    const studyNoId = study.context.map((item) =>
      item.key === 'study' ? { key: 'study', resource: { resourceType: 'ImagingStudy' } } : item,
    );
    expect(validateEventContext(study.event, studyNoId)).toContain('"study" resource must have an id');
  });

  it('rejects items with neither resource nor reference, or malformed ones', () => {
    expect(validateEventContext('Patient-open', [{ key: 'patient' }])).toContain(
      'must carry a "resource" or a',
    );
    expect(validateEventContext('Patient-open', [{ key: 'patient', resource: { id: 'p1' } }])).toContain(
      'without a resourceType',
    );
    expect(
      validateEventContext('DiagnosticReport-select', [{ key: 'report', reference: 'DiagnosticReport/1' }]),
    ).toContain('without a "reference" string');
  });

  it('matches context keys case-insensitively', () => {
    const context = [{ key: 'Patient', resource: { resourceType: 'Patient', id: 'p1' } }];
    expect(validateEventContext('Patient-open', context)).toBeUndefined();
  });

  it('lets unknown events pass when their context is an array of keyed objects', () => {
    expect(
      validateEventContext('Medication-open', [{ key: 'medication', resource: { resourceType: 'X' } }]),
    ).toBe(undefined);
    expect(validateEventContext('acme-custom-event', [])).toBeUndefined();
    expect(validateEventContext('acme-custom-event', [{ key: 'anything', string: 'value' }])).toBeUndefined();
  });

  it('rejects a context that is not an array, for known and unknown events', () => {
    expect(validateEventContext('acme-custom-event', { key: 'x' })).toBe(
      'acme-custom-event: event.context must be an array',
    );
    expect(validateEventContext('Patient-open', undefined)).toBe(
      'Patient-open: event.context must be an array',
    );
    expect(validateEventContext('home-open', 'none')).toContain('must be an array');
  });

  it('rejects items that are not objects or have no key', () => {
    expect(validateEventContext('acme-custom-event', [{ string: 'x' }])).toBe(
      'acme-custom-event: context[0] must have a non-empty "key"',
    );
    expect(validateEventContext('acme-custom-event', [{ key: 'a' }, { key: '  ' }])).toContain('context[1]');
    expect(validateEventContext('home-open', ['patient'])).toBe('home-open: context[0] must be an object');
    expect(validateEventContext('home-open', [null])).toContain('must be an object');
  });
});
