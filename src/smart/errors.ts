/** A SMART launch lacking what FHIRcast needs, or naming a hub the app must not trust; the message says which. */
export class SmartLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmartLaunchError';
  }
}
