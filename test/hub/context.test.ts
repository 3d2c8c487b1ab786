import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import type { CurrentContext, FhircastNotification } from '../../src/protocol/types.ts';
import { del, obs, put } from '../fixtures/bundles.ts';
import {
  contentOf,
  keys,
  PATIENT,
  REPORT_A,
  REPORT_B,
  reportOpen,
  reportUpdate,
} from '../fixtures/reports.ts';
import { exampleFor, specExample } from '../fixtures/spec.ts';
import { freshTopic, postJson } from '../support/hub-requests.ts';
import { socketsForEachTest } from '../support/recording-socket.ts';

describe('current context and content sharing', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());
  const sockets = socketsForEachTest();
  const listen = (topic: string, events: string) => sockets.listen(hub.url, topic, events);

  async function publish(body: unknown) {
    const response = await postJson(hub.url, body);
    return { status: response.status, text: await response.text() };
  }

  /** Publishes, expects 202, and returns the notification as the hub broadcasts it. */
  async function accepted(body: unknown): Promise<FhircastNotification> {
    const { status, text } = await publish(body);
    expect(status, text).toBe(202);
    return (JSON.parse(text) as { event: FhircastNotification }).event;
  }

  /** Publishes an event that must be refused with `expected` (400 unless told) and returns the message. */
  async function refused(body: unknown, expected = 400): Promise<string> {
    const { status, text } = await publish(body);
    expect(status, text).toBe(expected);
    return text;
  }

  async function current(topic: string): Promise<CurrentContext> {
    const response = await fetch(`${hub.url}/${topic}`);
    expect(response.status).toBe(200);
    return (await response.json()) as CurrentContext;
  }

  /** Opens a report and returns the versionId the hub assigned. */
  async function openReport(topic: string, report = REPORT_A): Promise<string> {
    const versionId = (await accepted(reportOpen(topic, report))).event['context.versionId'];
    expect(versionId).toEqual(expect.any(String));
    return versionId as string;
  }

  /** Applies an update that must succeed and returns the new versionId. */
  async function update(
    topic: string,
    versionId: string,
    entries: unknown[],
    report = REPORT_A,
  ): Promise<string> {
    const event = (await accepted(reportUpdate(topic, versionId, entries, report))).event;
    expect(event['context.priorVersionId']).toBe(versionId);
    return event['context.versionId'] as string;
  }

  it('answers exactly the empty shape for a topic never used', async () => {
    const response = await fetch(`${hub.url}/${freshTopic()}`);
    expect(await response.text()).toBe('{"context.type":"","context":[]}');
    expect(JSON.parse('{"context.type":"","context":[]}')).toEqual(specExample('current-context-empty'));
  });

  it.each([
    ['patient-open', 'Patient'],
    ['encounter-open', 'Encounter'],
    ['imagingstudy-open', 'ImagingStudy'],
    ['diagnosticreport-open', 'DiagnosticReport'],
  ])('assigns a versionId on %s and shows the open with an empty content Bundle', async (name, type) => {
    const topic = freshTopic();
    const open = exampleFor(name, topic);
    const versionId = (await accepted(open)).event['context.versionId'];
    expect(versionId).toEqual(expect.any(String));
    expect(await current(topic)).toEqual({
      'context.type': type,
      'context.versionId': versionId,
      context: [
        ...open.event.context,
        { key: 'content', resource: { resourceType: 'Bundle', type: 'collection', entry: [] } },
      ],
    });
  });

  it('refuses an update with a stale or missing versionId and changes nothing', async () => {
    const topic = freshTopic();
    const opened = await openReport(topic);
    const second = await update(topic, opened, [put(obs('o1'))]);
    const before = await current(topic);
    expect(await refused(reportUpdate(topic, opened, [put(obs('o2'))]))).toContain('stale');
    expect(await refused(reportUpdate(topic, undefined, [put(obs('o2'))]))).toContain('context.versionId');
    expect(await refused(reportUpdate(topic, 'made-up', [put(obs('o2'))]))).toContain('stale');
    expect(await current(topic)).toEqual(before);
    expect(before['context.versionId']).toBe(second);
  });

  it('applies updates in a chain: new versionIds, PUT adds and replaces, DELETE removes', async () => {
    const topic = freshTopic();
    const socket = await listen(topic, 'DiagnosticReport-update');
    const v1 = await openReport(topic);
    const first = reportUpdate(topic, v1, [put(obs('o1')), put(obs('o2'))]);
    const broadcast = await accepted(first);
    const v2 = broadcast.event['context.versionId'] as string;
    expect(v2).not.toBe(v1);
    expect(broadcast.event['context.priorVersionId']).toBe(v1);
    await socket.waitFor(() => socket.events().length === 1);
    expect(socket.events()[0]).toEqual(broadcast);
    let now = await current(topic);
    expect(now['context.versionId']).toBe(v2);
    expect(keys(contentOf(now))).toEqual(['Observation/o1', 'Observation/o2']);

    const v3 = await update(topic, v2, [put(obs('o1', 'v2')), del('Observation/o2')]);
    expect(v3).not.toBe(v2);
    now = await current(topic);
    expect(now['context.versionId']).toBe(v3);
    expect(contentOf(now)).toEqual([obs('o1', 'v2')]);

    const v4 = await update(topic, v3, [put({ resourceType: 'DiagnosticReport', id: 'report-a-x' })]);
    expect(keys(contentOf(await current(topic)))).toEqual(['DiagnosticReport/report-a-x', 'Observation/o1']);
    await update(topic, v4, [del('https://fhir.example.org/r4/DiagnosticReport/report-a-x')]);
    expect(contentOf(await current(topic))).toEqual([obs('o1', 'v2')]);
    expect(new Set(socket.events().map((frame) => frame.event['context.versionId'])).size).toBe(1 + 3);
  });

  it('lets the opened report itself be replaced by PUT', async () => {
    const topic = freshTopic();
    const v1 = await openReport(topic);
    const report = { resourceType: 'DiagnosticReport', id: REPORT_A.split('/')[1], status: 'final' };
    await update(topic, v1, [put(report)]);
    const now = await current(topic);
    expect(contentOf(now)).toEqual([report]);
    expect(now.context.find((item) => item.key === 'report')?.resource?.status).toBe('unknown');
  });

  it.each([
    ['a POST entry', [{ request: { method: 'POST' }, resource: obs('o9') }], 'POST'],
    ['a DELETE of the opened report', [del(REPORT_A)], 'cannot be deleted'],
    ['a DELETE of the opened patient', [del(PATIENT)], 'cannot be deleted'],
    ['a PUT without id', [put({ resourceType: 'Observation' })], 'needs an id'],
    [
      'an invalid second entry',
      [put(obs('o9')), { request: { method: 'POST' }, resource: obs('o8') }],
      'entry[1]',
    ],
  ])('refuses an update with %s and applies none of it', async (_name, entries, message) => {
    const topic = freshTopic();
    const v1 = await openReport(topic);
    await update(topic, v1, [put(obs('o1'))]);
    const before = await current(topic);
    expect(await refused(reportUpdate(topic, before['context.versionId'], entries))).toContain(message);
    expect(await current(topic)).toEqual(before);
    expect(keys(contentOf(before))).toEqual(['Observation/o1']);
  });

  it('relays a select with all its references and refuses one that names a report not current with 409 [IRA-HUB-409-not-open]', async () => {
    const topic = freshTopic();
    const socket = await listen(topic, 'DiagnosticReport-select');
    const noContext = exampleFor('diagnosticreport-select', topic);
    expect(await refused(noContext, 409)).toContain('not the current context');
    await openReport(topic);
    const select = exampleFor('diagnosticreport-select', topic);
    await accepted(select);
    await socket.waitFor(() => socket.events().length === 1);
    const relayed = socket.events()[0] as FhircastNotification;
    expect(relayed.id).toBe(select.id);
    expect(relayed.event.context.filter((item) => item.key === 'select')).toEqual(
      select.event.context.filter((item) => item.key === 'select'),
    );
    expect(relayed.event.context.filter((item) => item.key === 'select')).toHaveLength(2);
    const other = exampleFor('diagnosticreport-select', topic, {
      context: [{ key: 'report', reference: { reference: REPORT_B } }],
    });
    expect(await refused(other, 409)).toContain('not the current context');
    expect(socket.events()).toHaveLength(1);
  });

  it('refuses an update of a report that is not the current context with 409 [IRA-HUB-409-not-open]', async () => {
    const topic = freshTopic();
    const a = await openReport(topic);
    const b = await openReport(topic, REPORT_B);
    expect(await refused(reportUpdate(topic, a, [put(obs('o1'))]), 409)).toContain('not the current context');
    expect(await refused(reportUpdate(topic, b, [put(obs('o1'))]), 409)).toContain('not the current context');
    expect(contentOf(await current(topic))).toEqual([]);
  });

  it('clears the current context on close and relays the close', async () => {
    const topic = freshTopic();
    const socket = await listen(topic, 'DiagnosticReport-close');
    await openReport(topic);
    const close = exampleFor('diagnosticreport-close', topic);
    await accepted(close);
    expect(await current(topic)).toEqual({ 'context.type': '', context: [] });
    await socket.waitFor(() => socket.events().length === 1);
    expect(socket.events()[0]?.id).toBe(close.id);
    const reopened = await openReport(topic);
    expect(contentOf(await current(topic))).toEqual([]);
    expect(reopened).toEqual(expect.any(String));
  });

  it('suspends a displaced report and resumes it with its version and content', async () => {
    const topic = freshTopic();
    const a1 = await openReport(topic);
    const a2 = await update(topic, a1, [put(obs('a-1'))]);
    const suspended = await current(topic);
    const b1 = await openReport(topic, REPORT_B);
    expect(b1).not.toBe(a2);
    const b2 = await update(topic, b1, [put(obs('b-1'))], REPORT_B);
    const bState = await current(topic);
    expect(keys(contentOf(bState))).toEqual(['Observation/b-1']);

    const resumed = await accepted(reportOpen(topic, REPORT_A));
    expect(resumed.event['context.versionId']).toBe(a2);
    expect(await current(topic)).toEqual(suspended);
    const a3 = await update(topic, a2, [put(obs('a-2'))]);
    expect(keys(contentOf(await current(topic)))).toEqual(['Observation/a-1', 'Observation/a-2']);

    expect((await accepted(reportOpen(topic, REPORT_B))).event['context.versionId']).toBe(b2);
    expect(await current(topic)).toEqual(bState);
    expect((await accepted(reportOpen(topic, REPORT_A))).event['context.versionId']).toBe(a3);
  });

  it('keeps the version and content of a report re-opened while it is current', async () => {
    const topic = freshTopic();
    const v2 = await update(topic, await openReport(topic), [put(obs('o1'))]);
    const before = await current(topic);
    expect(await openReport(topic)).toBe(v2);
    expect(await current(topic)).toEqual(before);
  });

  it('discards a suspended report closed while another is current', async () => {
    const topic = freshTopic();
    const a2 = await update(topic, await openReport(topic), [put(obs('a-1'))]);
    await openReport(topic, REPORT_B);
    await accepted(exampleFor('diagnosticreport-close', topic));
    expect((await current(topic))['context.versionId']).not.toBe(a2);
    expect(keys(contentOf(await current(topic)))).toEqual([]);
    const reopened = await openReport(topic);
    expect(reopened).not.toBe(a2);
    expect(contentOf(await current(topic))).toEqual([]);
  });

  it('makes a Patient-open current over a report, and restores the report when it is re-opened', async () => {
    const topic = freshTopic();
    const a2 = await update(topic, await openReport(topic), [put(obs('o1'))]);
    const reportState = await current(topic);
    const patient = exampleFor('notification-patient-open-minimal', topic);
    const patientVersion = (await accepted(patient)).event['context.versionId'];
    const now = await current(topic);
    expect(now['context.type']).toBe('Patient');
    expect(now['context.versionId']).toBe(patientVersion);
    expect(now.context.slice(0, -1)).toEqual(patient.event.context);
    expect(contentOf(now)).toEqual([]);
    expect(await refused(reportUpdate(topic, a2, [put(obs('o2'))]), 409)).toContain(
      'not the current context',
    );

    expect(await openReport(topic)).toBe(a2);
    expect(await current(topic)).toEqual(reportState);
  });
});
