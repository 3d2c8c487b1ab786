/**
 * The subscription request every hand-written baseline of the benchmarks sends (in the page and in Node):
 * a form POST naming the events, answered with the WebSocket endpoint. Throws on any other answer.
 */
export async function subscribe(hubUrl: string, topic: string, events: string): Promise<string> {
  const answer = await fetch(hubUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      'hub.channel.type': 'websocket',
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.events': events,
    }).toString(),
  });
  if (!answer.ok) throw new Error(`subscribe: the hub answered ${answer.status}`);
  const { 'hub.channel.endpoint': endpoint } = await answer.json();
  return endpoint as string;
}
