/** An event typed into the panel, checked before it is published. */
export interface TypedEvent {
  event: string;
  context: { key: string; [value: string]: unknown }[];
}

/**
 * Reads the JSON typed into the panel: an event (`{"hub.event": …, "context": […]}`) or a whole notification
 * (`{"timestamp", "id", "event": {…}}`). The topic is always the story's; the id and timestamp are new.
 * Throws an error saying what is wrong, for the panel to show.
 */
export function parseTypedEvent(json: string): TypedEvent {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`Not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const event = isRecord(value) && isRecord(value.event) ? value.event : value;
  if (!isRecord(event)) throw new Error('Expected an object with "hub.event" and "context"');
  const name = event['hub.event'];
  if (typeof name !== 'string' || name.trim() === '') {
    throw new Error('"hub.event" must name the event, e.g. "Patient-open"');
  }
  const context = event.context ?? [];
  if (!Array.isArray(context)) throw new Error('"context" must be an array of {"key", "resource"} items');
  context.forEach((item, index) => {
    if (!isRecord(item) || typeof item.key !== 'string') {
      throw new Error(`context[${index}] must be an object with a "key"`);
    }
  });
  return { event: name.trim(), context: context as TypedEvent['context'] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
