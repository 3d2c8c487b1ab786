import type { Requirement } from './requirement.ts';

/** The FHIRcast 3.0.0 rules for a subscriber (and the requests it sends), section by section. */
export const FHIRCAST_REQUIREMENTS: readonly Requirement[] = [
  {
    id: 'FC-2.3-event-names-any-case',
    source: 'FHIRcast 3.0.0 §2.3 Events (event name)',
    requires:
      'Event names are case-insensitive: subscribing, matching listeners and following events ignore case.',
  },
  {
    id: 'FC-2.3-unknown-events',
    source: 'FHIRcast 3.0.0 §2.3 Events',
    requires:
      'Events outside the catalogue (custom or newer names) are acknowledged and passed to listeners.',
  },
  {
    id: 'FC-2.3-full-or-limited-resources',
    source: 'FHIRcast 3.0.0 §2.3 Events (context)',
    requires:
      'A context resource is usable whether it carries only the elements the event defines or all of them.',
  },
  {
    id: 'FC-2.3-context-keys-case-sensitive',
    source: 'FHIRcast 3.0.0 §2.3 Events (context)',
    requires: 'Context keys are lowercase and compared case-sensitively.',
    unsupported:
      'keys are sent lowercase but read in any case, to stay lenient with peers that capitalise them',
  },
  {
    id: 'FC-2.4-subscribe-request',
    source: 'FHIRcast 3.0.0 §2.4 Subscribing (subscription request); IRA RAD-146',
    requires:
      'Subscribes with one form-encoded POST to hub.url: hub.channel.type websocket, hub.mode, hub.topic, a comma list in hub.events, each field once.',
  },
  {
    id: 'FC-2.4-bearer-token',
    source: 'FHIRcast 3.0.0 §2.4 Subscribing',
    requires: 'Requests to a hub that uses OAuth carry the bearer token in the Authorization header.',
  },
  {
    id: 'FC-2.4-connect-and-confirm',
    source: 'FHIRcast 3.0.0 §2.4 Subscribing (subscription confirmation); IRA RAD-147',
    requires:
      'Opens a WebSocket on the hub.channel.endpoint of the 202 answer and is subscribed once the hub confirms, with the events and lease it granted.',
  },
  {
    id: 'FC-2.4-denial',
    source: 'FHIRcast 3.0.0 §2.4 Subscribing (subscription denial)',
    requires:
      'A denial ends the subscription: a new subscription denied stops the client; one its lease ended is made afresh.',
  },
  {
    id: 'FC-2.4-unsubscribe',
    source: 'FHIRcast 3.0.0 §2.4 Subscribing (unsubscribe); IRA RAD-152',
    requires:
      'Unsubscribes with a form POST of hub.mode unsubscribe and its hub.channel.endpoint, without hub.events.',
  },
  {
    id: 'FC-2.4-new-endpoint-after-unsubscribe',
    source: 'FHIRcast 3.0.0 §2.4 Subscribing (unsubscribe)',
    requires:
      'After unsubscribing, subscribing again gets a new endpoint from the hub instead of reusing the old one.',
  },
  {
    id: 'FC-2.5-ack-every-event',
    source: 'FHIRcast 3.0.0 §2.5 Event Notification (response); IRA RAD-154, RAD-155',
    requires:
      'Every event received, sync errors included, is answered on the same socket with its id and a status.',
  },
  {
    id: 'FC-2.5-ack-numeric-status',
    source: 'FHIRcast 3.0.0 §2.5 Event Notification (response)',
    requires: 'The status of an acknowledgement is a number (200, 409, …), not text.',
  },
  {
    id: 'FC-2.5-refuse-with-error-status',
    source: 'FHIRcast 3.0.0 §2.5 Event Notification (response, errors); IRA RAD-154',
    requires:
      'An event the app will not follow is answered with a 4xx (409 to refuse), one it failed on with a 5xx.',
  },
  {
    id: 'FC-2.5-ignore-older',
    source: 'FHIRcast 3.0.0 §2.5 Event Notification (request)',
    requires:
      "An open or close stamped before the event that set the current context is ignored, then checked against the hub's context.",
  },
  {
    id: 'FC-2.5-shutdown',
    source: 'FHIRcast 3.0.0 §2.5 Event Notification (hub generated syncerror)',
    requires: 'A normal shutdown unsubscribes and closes the socket with code 1000.',
  },
  {
    id: 'FC-2.6-publish-request',
    source: 'FHIRcast 3.0.0 §2.6 Request Context Change',
    requires:
      'A context change is a JSON POST to hub.url of a timestamp, an id the client made and the event.',
  },
  {
    id: 'FC-2.6-rejected-request',
    source: 'FHIRcast 3.0.0 §2.6 Request Context Change',
    requires:
      'A refused context change (an error answer, or a sync error about it) fails the publish with the reason; the context stays as the hub has it.',
  },
  {
    id: 'FC-2.6-resend-original-timestamp',
    source: 'FHIRcast 3.0.0 §2.6 Request Context Change (SHOULD)',
    requires:
      'When asked, a context change refused by a sync error is sent again, no more often than every 10 s, with its original timestamp.',
  },
  {
    id: 'FC-2.9-get-current-context',
    source: 'FHIRcast 3.0.0 §2.9 Get Current Context; IRA RAD-153',
    requires:
      'Gets hub.url/{topic} and reads context.type, context.versionId, the context and its content; an empty answer is no context.',
  },
  {
    id: 'FC-2.10-follow-anchor-events',
    source: 'FHIRcast 3.0.0 §2.10 Content Sharing (subscriber responsibilities)',
    requires: 'Handles the open, update, select and close of the anchor contexts it follows.',
  },
  {
    id: 'FC-2.10-track-version',
    source: 'FHIRcast 3.0.0 §2.10 Content Sharing; IRA RAD-154 (open and update handling)',
    requires:
      'Keeps the context.versionId of the open and of each update, whether or not it uses the content.',
  },
  {
    id: 'FC-2.10-update-with-version',
    source: 'FHIRcast 3.0.0 §2.10 Content Sharing; IRA RAD-150',
    requires: 'An update it sends carries the newest context.versionId it holds.',
  },
  {
    id: 'FC-2.10-refetch-after-failed-update',
    source: 'FHIRcast 3.0.0 §2.10 Content Sharing',
    requires:
      'After the hub refuses one of its updates, it gets the current context to learn the content and version.',
  },
  {
    id: 'FC-2.10-apply-in-order',
    source: 'FHIRcast 3.0.0 §2.10 Content Sharing (processing update events)',
    requires: 'Applies update change sets in the order received: a PUT adds or replaces, a DELETE removes.',
  },
  {
    id: 'FC-2.10-current-context-only',
    source: 'FHIRcast 3.0.0 §2.10 Content Sharing (updates outside the current context)',
    requires:
      'The updates and selects it sends name the current report; an update with no report current is refused before sending.',
  },
  {
    id: 'FC-2.10-non-current-updates',
    source: 'FHIRcast 3.0.0 §2.10 Content Sharing (experimental: updates outside the current context)',
    requires:
      'A subscriber that does not take updates for a context other than the current one answers them with an error.',
    unsupported:
      "such an update is read as a sign of a missed open: it is acknowledged with 200 and the hub's context is fetched",
  },
  {
    id: 'FC-2.10-update-bundle-checks',
    source: 'FHIRcast 3.0.0 §2.10 Content Sharing (update bundle, resource ids)',
    requires:
      'An update names each resource at most once, and every resource it adds to the content has an id.',
  },
  {
    id: 'FC-3.2.1-read-syncerror',
    source: 'FHIRcast 3.0.0 §3.2.1 syncerror; IRA RAD-155',
    requires:
      'Reads a sync error: its diagnostics, and the event id, event name and subscriber (…/subscriber or …/subscribername) it names.',
  },
  {
    id: 'FC-3.6.2-close-names-open',
    source: 'FHIRcast 3.0.0 §3.6.2 DiagnosticReport-close and the other *-close events; IRA RAD-149',
    requires:
      'A close names the context its open named: closing the current context sends the items of its open.',
  },
];
