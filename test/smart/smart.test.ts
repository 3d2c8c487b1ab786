import { describe, expect, it } from 'vitest';
import {
  fhircastFromLaunchUrl,
  fhircastFromSmartClient,
  fhircastFromTokenResponse,
  SmartLaunchError,
} from '../../src/smart/index.ts';
import { specExample } from '../fixtures/spec.ts';

describe('SMART on FHIR launch helpers', () => {
  it('reads hub.url, hub.topic and the access token from the spec token responses [IRA-LAUNCH-join-session]', () => {
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

  it('refuses a token response whose hub.url is plain http, except on loopback', () => {
    const withHub = (hubUrl: string) => ({
      ...specExample<Record<string, unknown>>('smart-token-response'),
      'hub.url': hubUrl,
    });
    expect(() => fhircastFromTokenResponse(withHub('http://hub.example.com/api/hub'))).toThrow(
      new SmartLaunchError(
        'The SMART token response has a "hub.url" on http://hub.example.com, which is plain http: a hub must be reached over https (http only on localhost, 127.0.0.1 or [::1])',
      ),
    );
    for (const loopback of [
      'http://localhost:7001/api/hub',
      'http://127.0.0.1:7001/api/hub',
      'http://[::1]:7001/api/hub',
    ]) {
      expect(fhircastFromTokenResponse(withHub(loopback)).hubUrl).toBe(loopback);
    }
    expect(() =>
      fhircastFromSmartClient({ state: { tokenResponse: withHub('http://hub.example.com/api/hub') } }),
    ).toThrow(SmartLaunchError);
  });

  it('reads hub.url and hub.topic from launch URL parameters, with a token passed in, on an allowed origin [IRA-LAUNCH-join-session]', () => {
    const url =
      'https://app.example.org/launch?hub.url=https%3A%2F%2Fhub.example.org%2Fapi%2Fhub&hub.topic=abc-123';
    const allowed = { allowedHubOrigins: ['https://hub.example.org'] };
    expect(fhircastFromLaunchUrl(url, 'tok', allowed)).toEqual({
      hubUrl: 'https://hub.example.org/api/hub',
      topic: 'abc-123',
      accessToken: 'tok',
    });
    expect(fhircastFromLaunchUrl(new URL(url), undefined, allowed)).toEqual({
      hubUrl: 'https://hub.example.org/api/hub',
      topic: 'abc-123',
    });
  });

  it('refuses a launch URL whose hub.url is on no allowed origin, so a crafted link cannot take the token', () => {
    const crafted = 'https://app.example.org/launch?hub.url=https%3A%2F%2Fevil.example%2Fhub&hub.topic=t';
    expect(() => fhircastFromLaunchUrl(crafted, 'tok')).toThrow(
      new SmartLaunchError(
        'The launch URL has a "hub.url" on https://evil.example, which is not an allowed hub origin: list the hub origins this app may send its token to in allowedHubOrigins',
      ),
    );
    expect(() =>
      fhircastFromLaunchUrl(crafted, 'tok', { allowedHubOrigins: ['https://hub.example.org/'] }),
    ).toThrow('"hub.url" on https://evil.example, which is not an allowed hub origin');
    // The launch's own "iss" is as much the attacker's as its hub.url: it vouches for nothing.
    expect(() => fhircastFromLaunchUrl(`${crafted}&iss=https%3A%2F%2Fevil.example%2Ffhir`, 'tok')).toThrow(
      SmartLaunchError,
    );
  });

  it('refuses a launch URL whose hub.url is plain http, even on an allowed origin, except on loopback', () => {
    const launch = (hubUrl: string) =>
      `https://app.example.org/launch?hub.url=${encodeURIComponent(hubUrl)}&hub.topic=t`;
    expect(() =>
      fhircastFromLaunchUrl(launch('http://hub.example.org/api/hub'), 'tok', {
        allowedHubOrigins: ['http://hub.example.org'],
      }),
    ).toThrow('"hub.url" on http://hub.example.org, which is plain http');
    expect(
      fhircastFromLaunchUrl(launch('http://127.0.0.1:7001/api/hub'), 'tok', {
        allowedHubOrigins: ['http://127.0.0.1:7001'],
      }).hubUrl,
    ).toBe('http://127.0.0.1:7001/api/hub');
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
