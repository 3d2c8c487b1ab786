import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { ConnectionStatus } from '../../src/components/ConnectionStatus/index.ts';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import { ReportPanel } from '../../src/components/ReportPanel/index.ts';
import type { HubProfileName } from '../../src/hub/loopback.ts';
import { PROFILE_GLOBAL } from '../../src/storybook/channel.ts';
import type { FhircastScenario, FhircastStoryParameters } from '../../src/storybook/parameters.ts';
import { askPanel, sessionWhere, streamEntry } from './panelChannel.ts';

/** A story with nothing FHIRcast of its own: the addon's decorator gives it hub, provider and panel. */
function Chart() {
  return (
    <>
      <ConnectionStatus />
      <PatientBanner now={new Date('2026-11-26T12:00:00Z')} />
      <ReportPanel />
    </>
  );
}

const meta = {
  title: 'Addon tests/FHIRcast addon',
  component: Chart,
  // Tests of the addon itself: run under `npm test`, never listed for designers.
  tags: ['!dev', '!autodocs'],
} satisfies Meta<typeof Chart>;

export default meta;
type Story = StoryObj<typeof meta>;

const appStatus = (session: { subscribers: { name: string; status: string }[] }) =>
  session.subscribers.find((subscriber) => subscriber.name === 'Storybook app')?.status;

/** The panel's publish API opens, updates, selects and closes context that the story's components show. */
export const DrivenFromThePanel: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Connected')).toBeVisible();
    await sessionWhere((session) => appStatus(session) === 'connected');

    await expect(await askPanel({ kind: 'open', sample: 'patient:1' })).toMatchObject({ ok: true });
    await expect(await canvas.findByText('Chinedu Okafor')).toBeVisible();

    const report = await askPanel({ kind: 'open', sample: 'report:0' });
    await expect(report).toMatchObject({
      ok: true,
      text: expect.stringMatching(/^Published DiagnosticReport-open/),
    });
    await expect(await canvas.findByText('Ana Lucía Rivera')).toBeVisible();
    await askPanel({ kind: 'measurement', change: 'add', sample: 'measurement:0' });
    await expect(await canvas.findByText('23.4 mm')).toBeVisible();
    await askPanel({ kind: 'measurement', change: 'select', sample: 'measurement:0' });
    await waitFor(() => expect(canvas.getByText('23.4 mm').closest('[aria-current="true"]')).not.toBeNull());
    await askPanel({ kind: 'measurement', change: 'change', sample: 'measurement:0' });
    await expect(await canvas.findByText('23.9 mm')).toBeVisible();
    await askPanel({ kind: 'measurement', change: 'remove', sample: 'measurement:0' });
    await expect(await canvas.findByText('No measurements shared yet')).toBeVisible();

    const session = await sessionWhere((next) => next.context.current === 'DiagnosticReport');
    await expect(session.context.anchors.map((anchor) => anchor.anchor).sort()).toEqual([
      'DiagnosticReport',
      'Patient',
    ]);
    await askPanel({ kind: 'close', anchor: 'DiagnosticReport' });
    await expect(await canvas.findByText('No report open')).toBeVisible();
  },
};

/** JSON typed into the panel is checked, published, and the hub's refusal comes back word for word. */
export const PublishedAsJson: Story = {
  play: async ({ canvas }) => {
    await sessionWhere((session) => appStatus(session) === 'connected');
    const patient = { resourceType: 'Patient', id: 'typed', name: [{ family: 'Nakamura', given: ['Yui'] }] };
    const json = JSON.stringify({
      'hub.event': 'Patient-open',
      context: [{ key: 'patient', resource: patient }],
    });
    await expect(await askPanel({ kind: 'publish', json })).toMatchObject({ ok: true });
    await expect(await canvas.findByText('Yui Nakamura')).toBeVisible();

    await expect(await askPanel({ kind: 'publish', json: '{"hub.event": ' })).toMatchObject({
      ok: false,
      text: expect.stringMatching(/^Not JSON: /),
    });
    const update = JSON.stringify({ 'hub.event': 'DiagnosticReport-update', context: [] });
    const refused = await askPanel({ kind: 'publish', json: update });
    await expect(refused.ok).toBe(false);
    await expect(refused.text).toMatch(/report/);
  },
};

/** Breaking the in-memory hub from the panel: the app reconnects, and is denied until it tries again. */
export const BrokenFromThePanel: Story = {
  play: async ({ canvas }) => {
    await sessionWhere((session) => appStatus(session) === 'connected');
    const reconnecting = streamEntry(
      (entry) => entry.subscriber === 'Storybook app' && entry.name === 'reconnecting',
    );
    await expect(await askPanel({ kind: 'fault', fault: 'drop-sockets' })).toMatchObject({ ok: true });
    await reconnecting;
    await sessionWhere((session) => appStatus(session) === 'connected');
    await expect(await canvas.findByText('Connected')).toBeVisible();

    await askPanel({ kind: 'fault', fault: 'deny' });
    await expect(await canvas.findByText('Subscription denied')).toBeVisible();
    await expect(
      canvas.getByText('the hub denied the subscription: revoked from the FHIRcast panel'),
    ).toBeVisible();
    await askPanel({ kind: 'retry' });
    await expect(await canvas.findByText('Connected')).toBeVisible();
  },
};

/** A scenario parameter: the status it produces for real, in the canvas and in the panel's report. */
const scenarioStory = (scenario: FhircastScenario, label: string): Story => ({
  parameters: { fhircast: { scenario } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(label)).toBeVisible();
    await sessionWhere((session) => appStatus(session) === scenario);
  },
});

export const ScenarioConnected = scenarioStory('connected', 'Connected');
export const ScenarioConnecting = scenarioStory('connecting', 'Connecting…');
export const ScenarioReconnecting = scenarioStory('reconnecting', 'Reconnecting…');
export const ScenarioUnauthorized = scenarioStory('unauthorized', 'Not authorised');
export const ScenarioDenied = scenarioStory('denied', 'Subscription denied');
export const ScenarioDisconnected = scenarioStory('disconnected', 'Disconnected');

/**
 * A hub profile: the in-memory hub behaves as that hub does, every app gets the options it needs there
 * (on the legacy sandbox a publish to {hub} would end the session), and the apps come back after a drop.
 */
const profileStory = (profile: HubProfileName): Story => ({
  parameters: { fhircast: { profile } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await sessionWhere((session) => appStatus(session) === 'connected' && session.hub.profile === profile);
    await expect(await askPanel({ kind: 'open', sample: 'report:0' })).toMatchObject({ ok: true });
    await expect(await canvas.findByText('Ana Lucía Rivera')).toBeVisible();
    await askPanel({ kind: 'measurement', change: 'add', sample: 'measurement:0' });
    await expect(await canvas.findByText('23.4 mm')).toBeVisible();
    const reconnecting = streamEntry(
      (entry) => entry.subscriber === 'Storybook app' && entry.name === 'reconnecting',
    );
    await expect(await askPanel({ kind: 'fault', fault: 'drop-sockets' })).toMatchObject({ ok: true });
    await reconnecting;
    await sessionWhere((session) => appStatus(session) === 'connected');
    await expect(
      await askPanel({ kind: 'measurement', change: 'add', sample: 'measurement:1' }),
    ).toMatchObject({
      ok: true,
    });
    await expect(await canvas.findByText('11.8 mm')).toBeVisible();
    await expect(canvas.getByText('23.4 mm')).toBeVisible();
  },
});

export const ProfileStu3 = profileStory('stu3');
export const ProfileLegacySandbox = profileStory('legacy-sandbox');
export const ProfileMedplum = profileStory('medplum');

/** The toolbar's "Hub profile" (a global) wins over the story's own profile. */
export const ToolbarProfileWins: Story = {
  ...profileStory('legacy-sandbox'),
  parameters: { fhircast: { profile: 'medplum' } satisfies FhircastStoryParameters },
  globals: { [PROFILE_GLOBAL]: 'legacy-sandbox' },
};

/** A story that names a profile stays on the in-memory hub, even where a live hub is configured. */
export const ProfileKeepsTheStoryInMemory: Story = {
  parameters: {
    fhircast: { profile: 'medplum', hubUrl: 'http://127.0.0.1:9/api/hub' } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    const session = await sessionWhere((next) => appStatus(next) === 'connected');
    await expect(session.hub).toMatchObject({ kind: 'memory', profile: 'medplum' });
    await expect(await canvas.findByText('Connected')).toBeVisible();
  },
};
