/**
 * The `Host` header values that name the development hub. A page on a DNS name its attacker rebinds to
 * 127.0.0.1 reaches the hub with its own name in `Host`; answering only this hub's names (and building
 * endpoints only on them) keeps such a page from talking to it and from being handed endpoints on its name.
 */
export class HubHostNames {
  private readonly bases = new Map<string, string>();
  private readonly listening: string;

  /**
   * `address` and `port` are where the hub listens, `bindHost` what it was asked to bind, `publicUrl` the
   * URL clients reach it by when that differs (a proxy, another name), whose scheme secures its endpoints.
   */
  constructor(address: string, port: number, bindHost: string, publicUrl?: URL) {
    const bracket = (name: string) => (name.includes(':') && !name.startsWith('[') ? `[${name}]` : name);
    this.listening = `${bracket(address)}:${port}`;
    for (const name of ['localhost', '127.0.0.1', '[::1]', bracket(address), bracket(bindHost)]) {
      const host = `${name.toLowerCase()}:${port}`;
      this.bases.set(host, `ws://${host}`);
      if (port === 80) this.bases.set(name.toLowerCase(), `ws://${name.toLowerCase()}`);
    }
    if (publicUrl) {
      const scheme = publicUrl.protocol === 'https:' ? 'wss' : 'ws';
      const base = `${scheme}://${publicUrl.host}`;
      this.bases.set(publicUrl.host, base);
      if (publicUrl.port === '') {
        this.bases.set(`${publicUrl.hostname}:${scheme === 'wss' ? 443 : 80}`, base);
      }
    }
  }

  /**
   * The `ws://host:port` (or `wss://`) that endpoints given to a request with this `Host` start with, or
   * undefined when the name is not this hub's. A request without `Host` (HTTP/1.0) gets the listening address.
   */
  socketBase(host: string | undefined): string | undefined {
    if (host === undefined || host === '') return `ws://${this.listening}`;
    return this.bases.get(host.toLowerCase());
  }

  /** The message a foreign `Host` gets: the names this hub answers to and how to add one. */
  refusal(host: string): string {
    const names = [...new Set(this.bases.keys())].join(', ');
    return (
      `Host ${host} does not name this hub; it answers to ${names}. ` +
      'Give the name clients use with --public-url (or the publicUrl option).'
    );
  }
}
