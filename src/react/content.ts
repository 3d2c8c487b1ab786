/** What components need to tell content shared by reference (not fetched yet) from resources. */
export { isContentReference } from '../protocol/content.ts';
