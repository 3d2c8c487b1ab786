/** Sends on a socket that is open; a frame for a socket that is not is dropped (the hub resends or resyncs). */
export function send(socket: WebSocket, text: string): void {
  if (socket.readyState === 1) socket.send(text);
}

/** Closes a socket that is connecting or open; one that cannot close is already gone. */
export function closeQuietly(socket: WebSocket, code: number, reason: string): void {
  try {
    if (socket.readyState <= 1) socket.close(code, reason);
  } catch {
    // a socket that cannot close is already gone
  }
}
