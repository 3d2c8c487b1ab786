export {
  applyUpdateBundle,
  type ContentUpdateResult,
  contentBundle,
  keyFromUrl,
  resourceKey,
} from './core/content.ts';
export {
  ANCHOR_KEYS,
  type AnchorType,
  type ContextKeySpec,
  canonicalEventName,
  EVENT_CATALOG,
  type EventAction,
  type EventSpec,
  findEventSpec,
  sameEventName,
} from './core/events.ts';
export type * from './core/types.ts';
export { validateEventContext } from './core/validate.ts';
