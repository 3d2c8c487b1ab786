/** A SMART launch that lacks what FHIRcast needs, or names a hub the app must not trust; the message says which. */
export class SmartLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmartLaunchError';
  }
}
