import { describe, expect, it } from 'vitest';
import type { FhircastClient } from '../../src/core/client.ts';
import { createPublishers } from '../../src/core/publishers.ts';
import { contentBundle } from '../../src/protocol/content.ts';
import { measurements, patients, reports, studies } from '../../src/storybook/samples.ts';
import { clientsForEachTest, liveHubForEachTest } from '../support/clients.ts';
import { json } from '../support/recorded-fetch.ts';
import { waitForState } from '../support/store.ts';

const TOPIC = 'ira-reading-room';
const EVENTS = [
  'diagnosticreport-open',
  'diagnosticreport-close',
  'diagnosticreport-update',
  'diagnosticreport-select',
  'syncerror',
];
const lesion = measurements[0] as (typeof measurements)[number];
const liverLesion = measurements[1] as (typeof measurements)[number];

const live = liveHubForEachTest({ topic: TOPIC, events: EVENTS });

async function connected(
  name: string,
  options: Parameters<typeof live.app>[1] = {},
): Promise<FhircastClient> {
  const client = live.app(name, options);
  await waitForState(client.store, (state) => state.status === 'connected');
  return client;
}

const openRivera = (client: FhircastClient) =>
  createPublishers(client).openReport(reports.riveraCt, {
    patient: patients.rivera,
    studies: [studies.riveraCt],
  });

/** Waits until `client` holds the Rivera report with `count` shared resources. */
const holdsReport = (client: FhircastClient, count = 0) =>
  waitForState(
    client.store,
    (s) =>
      s.anchors.DiagnosticReport?.ref === `DiagnosticReport/${reports.riveraCt.id}` &&
      s.content.length === count,
  );

describe('a Report Creator and an Image Display on the development hub', () => {
  it('each select replaces every earlier selection, and an empty one clears it [IRA-RAD-154-select-clears]', async () => {
    const viewer = await connected('image display');
    const editor = await connected('report creator');
    await openRivera(viewer);
    const publish = createPublishers(viewer);
    await publish.updateReport([{ put: lesion }, { put: liverLesion }]);
    await holdsReport(editor, 2);
    const selected = (state: { selection: readonly { reference?: string }[] }) =>
      state.selection.map((reference) => reference.reference);
    await publish.selectInReport([lesion, liverLesion]);
    await waitForState(editor.store, (s) => selected(s).length === 2);
    await publish.selectInReport([liverLesion]);
    const one = await waitForState(editor.store, (s) => selected(s).length === 1);
    expect(selected(one)).toEqual([`Observation/${liverLesion.id}`]);
    await publish.selectInReport([]);
    await waitForState(editor.store, (s) => selected(s).length === 0);
  });

  it('publishes a change of DiagnosticReport.status as an update the others follow [IRA-REPORT-STATUS-update]', async () => {
    const editor = await connected('report creator');
    const viewer = await connected('image display');
    await openRivera(editor);
    await holdsReport(viewer);
    const result = await createPublishers(editor).updateReportStatus('final');
    expect(result.event.event['hub.event']).toBe('DiagnosticReport-update');
    const seen = await waitForState(viewer.store, (s) => s.content.length === 1);
    expect(seen.content).toEqual([{ ...reports.riveraCt, status: 'final' }]);
    const again = await createPublishers(editor).updateReportStatus('amended');
    expect(again.event.event['context.priorVersionId']).toBe(result.event.event['context.versionId']);
    await waitForState(viewer.store, (s) => s.content[0]?.status === 'amended');
  });

  it('acknowledges with 202 when the app decides later, then reports its failure as a sync error [IRA-RAD-156-syncerror-after-202]', async () => {
    const editor = await connected('report creator');
    const viewer = await connected('image display');
    let taken: Parameters<FhircastClient['reportSyncError']>[0] | undefined;
    editor.on('DiagnosticReport-open', (event) => {
      taken = event;
      return 202;
    });
    await openRivera(viewer);
    const accepted = await waitForState(editor.store, (s) =>
      s.log.some((e) => e.name === 'DiagnosticReport-open'),
    );
    expect(accepted.log.find((e) => e.name === 'DiagnosticReport-open')?.status).toBe(202);
    expect(accepted.current).toBe('DiagnosticReport');
    await editor.reportSyncError(taken as NonNullable<typeof taken>, 'the prior studies could not be loaded');
    const told = await waitForState(viewer.store, (s) => s.lastSyncError !== undefined);
    expect(told.lastSyncError).toMatchObject({
      eventId: taken?.id,
      eventName: 'DiagnosticReport-open',
      subscriberName: 'report creator',
      diagnostics: 'the prior studies could not be loaded',
      own: true,
    });
  });

  it('a publisher learns, after its echo, that another app refused its event [IRA-REFUSALS-observable]', async () => {
    const editor = await connected('report creator');
    const viewer = await connected('image display');
    viewer.on('DiagnosticReport-open', () => 409);
    const result = await openRivera(editor);
    expect(result.echoed).toBe(true);
    const refusal = await result.refusal;
    expect(refusal).toMatchObject({
      eventId: result.id,
      eventName: 'DiagnosticReport-open',
      subscriberName: 'image display',
      own: true,
    });
    expect(editor.store.getState().syncErrors).toEqual([refusal]);
  });

  it('refuses an update that puts a resource without an id or names one twice, sending nothing [FC-2.10-update-bundle-checks]', async () => {
    const viewer = await connected('image display');
    const editor = await connected('report creator');
    await openRivera(viewer);
    const publish = createPublishers(viewer);
    await publish.updateReport([{ put: lesion }]);
    await holdsReport(editor, 1);
    const versionId = live.hub.hub.currentContext(TOPIC)['context.versionId'];
    const { id: _, ...withoutId } = liverLesion;
    await expect(publish.updateReport([{ put: withoutId as typeof liverLesion }])).rejects.toThrow(
      'updateReport takes one change per resource, each with an id, not a put without an id',
    );
    await expect(
      publish.updateReport([{ put: liverLesion }, { delete: `Observation/${liverLesion.id}` }]),
    ).rejects.toThrow(
      `updateReport takes one change per resource, each with an id, not Observation/${liverLesion.id} twice`,
    );
    // Nothing reached the hub: its version is the one before, and the next good update follows it.
    expect(live.hub.hub.currentContext(TOPIC)['context.versionId']).toBe(versionId);
    await publish.updateReport([{ put: liverLesion }]);
    await holdsReport(editor, 2);
  });
});

describe('a hub that makes another context current after a close', () => {
  const { clientFor, loopback } = clientsForEachTest({ topic: TOPIC, events: EVENTS });

  it('gets the current context after a close and adopts it [IRA-RAD-153-after-close]', async () => {
    let afterClose = false;
    const other = [
      { key: 'report', resource: reports.okaforXray },
      { key: 'patient', resource: patients.okafor },
      { key: 'content', resource: contentBundle([liverLesion as never]) },
    ];
    const peer = loopback({}, (call) =>
      afterClose && call.method === 'GET'
        ? json(200, { 'context.type': 'DiagnosticReport', 'context.versionId': 'v-okafor', context: other })
        : undefined,
    );
    const editor = clientFor(peer, { subscriberName: 'report creator' });
    editor.connect();
    await waitForState(editor.store, (s) => s.status === 'connected');
    await openRivera(editor);
    afterClose = true;
    await createPublishers(editor).closeCurrent();
    const now = await waitForState(
      editor.store,
      (s) => s.anchors.DiagnosticReport?.ref === `DiagnosticReport/${reports.okaforXray.id}`,
    );
    expect([now.current, now.versionId, now.content]).toEqual([
      'DiagnosticReport',
      'v-okafor',
      [liverLesion],
    ]);
  });
});
