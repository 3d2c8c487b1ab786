/** Names of this machine: a hub on one of them may give endpoints on another. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why the client refuses an endpoint the hub gave, or undefined when it may connect. The endpoint is the
 * socket the client takes context from, so it must be on the hub's own host (any port; loopback names
 * count as one host) or one of `allowedHosts`, and `wss:` when the hub is https.
 */
export function endpointProblem(
  endpoint: string,
  hubUrl: string,
  allowedHosts: readonly string[] = [],
): string | undefined {
  let socket: URL;
  try {
    socket = new URL(endpoint);
  } catch {
    return 'the hub answered without a ws:// or wss:// hub.channel.endpoint';
  }
  if (socket.protocol !== 'ws:' && socket.protocol !== 'wss:') {
    return 'the hub answered without a ws:// or wss:// hub.channel.endpoint';
  }
  const hub = new URL(hubUrl);
  if (hub.protocol === 'https:' && socket.protocol !== 'wss:') {
    return 'an https hub gave a ws:// endpoint; only wss:// keeps its frames private';
  }
  const sameHost =
    socket.hostname === hub.hostname ||
    (LOOPBACK_HOSTS.has(socket.hostname) && LOOPBACK_HOSTS.has(hub.hostname));
  if (sameHost || allowedHosts.includes(socket.hostname) || allowedHosts.includes(socket.host))
    return undefined;
  return `the hub gave a WebSocket endpoint on ${socket.hostname}, not on the hub’s host ${hub.hostname} (allow it with allowedEndpointHosts)`;
}
