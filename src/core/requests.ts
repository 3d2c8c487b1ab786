import { isObject } from '../protocol/items.ts';
import { type ParsedCurrentContext, parseCurrentContext, subscriptionForm } from '../protocol/messages.ts';
import { endpointProblem } from './endpoint.ts';
import { FhircastError, UntrustedEndpointError } from './errors.ts';
import {
  answerMessage,
  contextAnswerProblem,
  type HubAnswer,
  type HubHttpOptions,
  hubRequest,
} from './http.ts';
import type { ResolvedClientOptions } from './options.ts';

/**
 * The requests a client makes to its hub: subscribe, unsubscribe, get the current context, discovery and
 * publish. Each checks the hub's answer and fails with a FhircastError that says what went wrong.
 */
export class HubRequests {
  readonly #options: ResolvedClientOptions;
  readonly #http: HubHttpOptions;

  constructor(options: ResolvedClientOptions, http: HubHttpOptions) {
    this.#options = options;
    this.#http = http;
  }

  /**
   * Subscribes to `events` (on `endpoint` when renewing) and answers the endpoint the hub gave. An endpoint
   * the client will not follow is unsubscribed at once and fails with UntrustedEndpointError.
   */
  async subscribe(events: readonly string[], endpoint?: string): Promise<string> {
    const { topic, subscriberName, leaseSeconds } = this.#options;
    const form = subscriptionForm({
      mode: 'subscribe',
      topic,
      events,
      subscriberName,
      ...(leaseSeconds === undefined ? {} : { leaseSeconds }),
      ...(endpoint ? { endpoint } : {}),
    });
    const answer = await this.#post('subscribe', form);
    if (answer.status < 200 || answer.status >= 300) {
      throw new FhircastError(`subscribe failed: ${answerMessage(answer)}`, { status: answer.status });
    }
    const given = isObject(answer.body) ? answer.body['hub.channel.endpoint'] : undefined;
    if (typeof given !== 'string' || !/^wss?:\/\//i.test(given)) {
      throw new FhircastError(
        'subscribe failed: the hub answered without a ws:// or wss:// hub.channel.endpoint',
      );
    }
    const problem = endpointProblem(given, this.#options.hubUrl, this.#options.allowedEndpointHosts);
    if (problem) {
      // Refused, not abandoned: the hub would otherwise hold the subscription until its lease ends.
      void this.unsubscribe(given);
      throw new UntrustedEndpointError(`subscribe refused: ${problem}`);
    }
    return given;
  }

  /** Ends the subscription on `endpoint` at the hub; a failure is ignored (its lease ends it anyway). */
  async unsubscribe(endpoint: string): Promise<void> {
    const { topic, subscriberName } = this.#options;
    const form = subscriptionForm({ mode: 'unsubscribe', topic, endpoint, subscriberName });
    await this.#post('unsubscribe', form).catch(() => undefined);
  }

  /** The hub's current context; an answer that is not a context (an HTML page, too long, too deep) fails. */
  async getContext(): Promise<ParsedCurrentContext> {
    const url = `${this.#options.hubUrl}/${encodeURIComponent(this.#options.topic)}`;
    const answer = await hubRequest(this.#http, 'GET', url, 'context');
    if (answer.status < 200 || answer.status >= 300) {
      throw new FhircastError(`get context failed: ${answerMessage(answer)}`, { status: answer.status });
    }
    const problem = contextAnswerProblem(answer, this.#options.maxMessageLength);
    if (problem) throw new FhircastError(`get context failed: ${problem}`, { status: answer.status });
    return parseCurrentContext(answer.body);
  }

  /** `.well-known/fhircast-configuration`; undefined when the hub has none (404). */
  async discover(): Promise<Record<string, unknown> | undefined> {
    const url = `${this.#options.hubUrl}/.well-known/fhircast-configuration`;
    const answer = await hubRequest(this.#http, 'GET', url, 'discovery');
    if (answer.status === 404) return undefined;
    if (answer.status < 200 || answer.status >= 300 || !isObject(answer.body)) {
      throw new FhircastError(`discovery failed: ${answerMessage(answer)}`, { status: answer.status });
    }
    return answer.body;
  }

  /** Posts an event to `hub.url` (or `hub.url/{topic}` with `publishTo: 'topic'`); any answer resolves. */
  publish(json: string): Promise<HubAnswer> {
    const { hubUrl, topic, publishTo } = this.#options;
    const url = publishTo === 'topic' ? `${hubUrl}/${encodeURIComponent(topic)}` : hubUrl;
    return hubRequest(this.#http, 'POST', url, 'publish', { type: 'application/json', text: json });
  }

  #post(purpose: string, form: string): Promise<HubAnswer> {
    return hubRequest(this.#http, 'POST', this.#options.hubUrl, purpose, {
      type: 'application/x-www-form-urlencoded',
      text: form,
    });
  }
}
