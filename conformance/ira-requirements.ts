import type { Requirement } from './requirement.ts';

/**
 * The IHE IRA rules for the client actors (Image Display, Report Creator, Worklist Client, Evidence Creator,
 * Stateless Evidence Creator, Watcher, and the Content Creator grouped with them) beyond what the FHIRcast
 * rows already cover, and the one Hub rule the development hub takes on.
 */
export const IRA_REQUIREMENTS: readonly Requirement[] = [
  {
    id: 'IRA-RAD-146-report-events',
    source: 'IHE IRA RAD-146 Subscribe to Reporting Session: every client actor',
    requires:
      'hub.events holds diagnosticreport-open, -close, -update, -select and syncerror (in any case) beside any others.',
  },
  {
    id: 'IRA-RAD-146-subscriber-name',
    source: 'IHE IRA RAD-146 Subscribe to Reporting Session: every client actor',
    requires:
      "subscriber.name is always sent: the app's own, or by default a unique react-fhircast-xxxxxxxx.",
  },
  {
    id: 'IRA-RAD-147-renew-lease',
    source: 'IHE IRA RAD-147 Connect to Notification Channel, RAD-146: every client actor',
    requires: 'Renews the subscription on its endpoint before the lease given in the confirmation runs out.',
  },
  {
    id: 'IRA-RAD-148-open-report',
    source: 'IHE IRA RAD-148 Open Report Context: Image Display, Report Creator, Worklist Client',
    requires: 'Opens a report context naming the report, the patient and the imaging study.',
  },
  {
    id: 'IRA-RAD-150-fullurl',
    source: 'IHE IRA RAD-150 Update Report Content: Content Creator',
    requires: 'Content shared by reference goes out as an entry whose fullUrl says where to read it.',
  },
  {
    id: 'IRA-RAD-151-whole-selection',
    source: 'IHE IRA RAD-151 Select Report Content: Content Creator',
    requires: 'A select carries the whole selection that is to hold; an empty select clears it.',
  },
  {
    id: 'IRA-RAD-153-on-subscribe',
    source: 'IHE IRA RAD-153 Get Current Context: every client actor',
    requires:
      'Gets the current context, content included, once subscribed and again after every reconnection.',
  },
  {
    id: 'IRA-RAD-153-after-close',
    source: 'IHE IRA RAD-153 Get Current Context: every client actor',
    requires: 'Gets the current context after a *-close and adopts whatever the hub holds now.',
  },
  {
    id: 'IRA-RAD-153-treat-as-open',
    source: 'IHE IRA RAD-153 Get Current Context: every client actor',
    requires:
      "Takes a get-context answer as an open of that context, replacing the content held with the answer's content bundle.",
  },
  {
    id: 'IRA-RAD-154-version-gap',
    source: 'IHE IRA RAD-154 Distribute Context Event (update handling), RAD-153: every client actor',
    requires:
      'An update whose priorVersionId is not the version held is not applied; the current context is fetched instead.',
  },
  {
    id: 'IRA-RAD-154-content-by-reference',
    source: 'IHE IRA RAD-154 Distribute Context Event (update handling): every client actor',
    requires:
      'Update entries given only by fullUrl are read through an injectable FHIR reader and shown pending until they arrive.',
  },
  {
    id: 'IRA-RAD-154-select-clears',
    source: 'IHE IRA RAD-154 Distribute Context Event (select handling); FHIRcast 3.0.0 §3.6.4',
    requires: 'A select replaces every earlier selection; one with no references clears it.',
  },
  {
    id: 'IRA-RAD-154-select-unknown',
    source: 'IHE IRA RAD-154 Distribute Context Event (select handling)',
    requires: 'References in a select to resources the subscriber does not hold are ignored.',
    unsupported:
      'state.selection keeps every reference a select names; apps match it against the content (ReportPanel highlights only what it lists)',
  },
  {
    id: 'IRA-RAD-154-close-clears',
    source: 'IHE IRA RAD-154 Distribute Context Event (close handling): every client actor',
    requires: 'A close drops the report context with its content, version and selection.',
  },
  {
    id: 'IRA-RAD-154-report-associations',
    source: 'IHE IRA volume 1 event handling (DiagnosticReport-open): every client actor',
    requires:
      'A report context stays tied to its patient and study: the patient, study and report hooks read the open.',
  },
  {
    id: 'IRA-RAD-154-resumed',
    source:
      'IHE IRA volume 1 event handling, RAD-154: Report Creator, Image Display, Evidence Creator, Worklist Client (not Stateless Evidence Creator or Watcher)',
    requires:
      'Tells a resumed report context from a new one and restores its version, content and selection.',
  },
  {
    id: 'IRA-RAD-156-syncerror-after-202',
    source: 'IHE IRA RAD-156 Notify Error: every client actor; FHIRcast 3.0.0 §2.5, §3.2.1',
    requires:
      'An event first accepted (202) and then failed is reported with a syncerror of severity warning.',
  },
  {
    id: 'IRA-RAD-156-same-id-on-no-response',
    source: 'IHE IRA RAD-148 to RAD-151, RAD-156: every Sender',
    requires: 'A request sent again because no answer came keeps its event.id.',
  },
  {
    id: 'IRA-RAD-156-new-id-after-error',
    source: 'IHE IRA RAD-148 to RAD-151, RAD-156: every Sender',
    requires: 'A request tried again after an error answer gets a new event.id.',
  },
  {
    id: 'IRA-REPORT-STATUS-update',
    source: 'IHE IRA volume 1 event producing: Report Creator (grouped with a Content Creator)',
    requires:
      'A change of DiagnosticReport.status is published as a DiagnosticReport-update, through a typed helper.',
  },
  {
    id: 'IRA-REPORT-STATUS-shown',
    source: 'IHE IRA volume 1 event handling (DiagnosticReport-update): Image Display, Worklist Client',
    requires: 'ReportPanel shows the DiagnosticReport.status an update gave the report.',
  },
  {
    id: 'IRA-REFUSALS-observable',
    source: 'IHE IRA RAD-155 Generate SyncError Event: every client actor; FHIRcast 3.0.0 §2.5, §2.6',
    requires:
      'A publisher learns that another subscriber refused its event: on the publish result for a while, and through useFhircastSyncErrors.',
  },
  {
    id: 'IRA-MULTI-HUB',
    source: 'IHE IRA RAD-146 to RAD-156: every client actor works with more than one Manager',
    requires: 'Works with more than one hub at once: two providers on two hubs, each with its own store.',
  },
  {
    id: 'IRA-HUB-409-not-open',
    source: 'IHE IRA volume 1 Hub event handling (the development hub)',
    requires:
      'The development hub answers 409 to an update, select or close of a report context that is not open.',
  },
  {
    id: 'IRA-LAUNCH-join-session',
    source: 'IHE IRA volume 1 actor descriptions: every client actor',
    requires:
      'Joins the session it is launched into, from the hub.url and hub.topic of a SMART token response or launch URL.',
  },
  {
    id: 'IRA-LAUNCH-start-session',
    source: 'IHE IRA volume 1 actor descriptions: Image Display, Report Creator, Worklist Client',
    requires: 'Starts a session of its own under a unique topic and launches the other actors into it.',
    unsupported:
      'choosing the topic and launching other apps belong to the app; the kit joins whatever topic it is given',
  },
  {
    id: 'IRA-CONTENT-CREATOR-user-select',
    source: 'IHE IRA volume 1 Content Creator',
    requires:
      'Selects go out only for the user’s own selections: when the app calls selectInReport, or the user presses an item of a selectable ReportPanel.',
  },
  {
    id: 'IRA-CONTENT-CREATOR-reselect-on-resume',
    source: 'IHE IRA volume 1 Content Creator',
    requires:
      'On a resumed report, asks the user whether its own earlier selections still hold, and if so sends them again.',
    unsupported:
      'asking the user is the app’s part: the kit restores the selection it held, and selectInReport sends it again',
  },
];
