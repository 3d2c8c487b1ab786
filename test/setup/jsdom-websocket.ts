// jsdom's WebSocket wraps undici's, whose events fail Node's instanceof check under Vitest's jsdom
// globals. Component tests talk to the real hub over real sockets, so give them the `ws` client instead.
import WebSocket from 'ws';

globalThis.WebSocket = WebSocket as unknown as typeof globalThis.WebSocket;
