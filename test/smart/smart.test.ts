import { describe, expect, it } from 'vitest';
import {
  fhircastFromLaunchUrl,
  fhircastFromSmartClient,
  fhircastFromTokenResponse,
  SmartLaunchError,
} from '../../src/smart/index.ts';
import { specExample } from '../fixtures/spec.ts';

describe('SMART on FHIR launch helpers', () => {
  it('reads hub.url, hub.topic and the access token from the spec token responses', () => {
    expect(fhircastFromTokenResponse(specExample('smart-token-response'))).toEqual({
      hubUrl: 'https://hub.example.com',
      topic: 'fdb2f928-5546-4f52-87a0-0648e9ded065',
      accessToken: 'i8hweunweunweofiwweoijewiwe',
    });
    const second = specExample<Record<string, string>>('smart-token-response-2');
    expect(fhircastFromTokenResponse(second)).toEqual({
      hubUrl: second['hub.url'],
      topic: second['hub.topic'],
      accessToken: second.access_token,
    });
  });

  it('reads a fhirclient Client through state.tokenResponse', () => {
    const client = { state: { tokenResponse: specExample('smart-token-response') } };
    expect(fhircastFromSmartClient(client).topic).toBe('fdb2f928-5546-4f52-87a0-0648e9ded065');
  });

  it('names the missing field when the token response lacks hub.url or hub.topic', () => {
    const { 'hub.url': _url, ...noUrl } = specExample<Record<string, unknown>>('smart-token-response');
    expect(() => fhircastFromTokenResponse(noUrl)).toThrow(
      'The SMART token response has no "hub.url": the EHR did not launch this app with FHIRcast',
    );
    const { 'hub.topic': _topic, ...noTopic } = specExample<Record<string, unknown>>('smart-token-response');
    expect(() => fhircastFromTokenResponse(noTopic)).toThrow(SmartLaunchError);
    expect(() => fhircastFromTokenResponse(noTopic)).toThrow('has no "hub.topic"');
    expect(() => fhircastFromTokenResponse(undefined)).toThrow('The SMART token response is missing');
    expect(() => fhircastFromSmartClient({})).toThrow('The SMART token response is missing');
  });

  it('refuses a hub.url that is not http(s)', () => {
    const response = {
      ...specExample<Record<string, unknown>>('smart-token-response'),
      'hub.url': 'javascript:x',
    };
    expect(() => fhircastFromTokenResponse(response)).toThrow('"hub.url" that is not an http(s) URL');
  });

  it('reads hub.url and hub.topic from launch URL parameters, with a token passed in', () => {
    const url =
      'https://app.example.org/launch?hub.url=https%3A%2F%2Fhub.example.org%2Fapi%2Fhub&hub.topic=abc-123';
    expect(fhircastFromLaunchUrl(url, 'tok')).toEqual({
      hubUrl: 'https://hub.example.org/api/hub',
      topic: 'abc-123',
      accessToken: 'tok',
    });
    expect(fhircastFromLaunchUrl(new URL(url))).toEqual({
      hubUrl: 'https://hub.example.org/api/hub',
      topic: 'abc-123',
    });
  });

  it('names the missing parameter of a launch URL', () => {
    expect(() => fhircastFromLaunchUrl('https://app.example.org/launch?hub.topic=t')).toThrow(
      'The launch URL has no "hub.url"',
    );
    expect(() => fhircastFromLaunchUrl('https://app.example.org/?hub.url=https://h/api/hub')).toThrow(
      'The launch URL has no "hub.topic"',
    );
    expect(() => fhircastFromLaunchUrl('not a url')).toThrow('The launch URL is not a URL');
  });
});
