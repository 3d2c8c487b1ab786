import { describe, expect, it } from 'vitest';
import { applyUpdateBundle, contentBundle, keyFromUrl, resourceKey } from '../../src/protocol/content.ts';
import type { FhirResource } from '../../src/protocol/types.ts';
import { del, obs, put, transaction } from '../fixtures/bundles.ts';
import { specExample } from '../fixtures/spec.ts';

/** The content of a successful result, failing the test with the error otherwise. */
function contentOf(result: ReturnType<typeof applyUpdateBundle>): readonly FhirResource[] {
  if ('error' in result) throw new Error(`expected content, got error: ${result.error}`);
  return result.content;
}

function errorOf(result: ReturnType<typeof applyUpdateBundle>): string {
  if (!('error' in result))
    throw new Error(`expected an error, got content: ${JSON.stringify(result.content)}`);
  return result.error;
}

/** The `updates` Bundle of a spec update example. */
function exampleBundle(name: string): unknown {
  const example = specExample(name);
  return example.event.context.find((item) => item.key === 'updates')?.resource;
}

describe('keyFromUrl', () => {
  it('reads Type/id from a relative url', () => {
    expect(keyFromUrl('Observation/123')).toBe('Observation/123');
  });

  it('reads Type/id from an absolute url and ignores a query', () => {
    expect(keyFromUrl('https://fhir.example.org/r4/Observation/123')).toBe('Observation/123');
    expect(keyFromUrl('Observation/123?_format=json')).toBe('Observation/123');
    expect(keyFromUrl('/Observation/123/')).toBe('Observation/123');
  });

  it('reads Type/id from a versioned url', () => {
    expect(keyFromUrl('Observation/1/_history/2')).toBe('Observation/1');
    expect(keyFromUrl('https://fhir.example.org/Observation/1/_history/2')).toBe('Observation/1');
  });

  it('answers undefined for a url without a type and an id', () => {
    expect(keyFromUrl('Observation')).toBeUndefined();
    expect(keyFromUrl('')).toBeUndefined();
    expect(keyFromUrl('urn:uuid:40afe766-3628-4ded-b5bd-925727c013b3')).toBeUndefined();
  });
});

describe('resourceKey and contentBundle', () => {
  it('keys a resource by type and id', () => {
    expect(resourceKey({ resourceType: 'Patient', id: 'p1' })).toBe('Patient/p1');
  });

  it('wraps content in a Bundle of type collection, in order', () => {
    const content = [obs('a'), obs('b')];
    expect(contentBundle(content)).toEqual({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: content[0] }, { resource: content[1] }],
    });
  });

  it('reports empty content as a collection with no entries', () => {
    expect(contentBundle([])).toEqual({ resourceType: 'Bundle', type: 'collection', entry: [] });
  });
});

describe('applyUpdateBundle', () => {
  it('adds a resource on PUT', () => {
    const content = contentOf(applyUpdateBundle([], transaction(put(obs('a')))));
    expect(content).toEqual([obs('a')]);
  });

  it('replaces a resource of the same type and id on PUT, keeping one copy', () => {
    const before = [obs('a', 'old'), obs('b')];
    const content = contentOf(applyUpdateBundle(before, transaction(put(obs('a', 'new')))));
    expect(content).toHaveLength(2);
    expect(content.find((resource) => resource.id === 'a')).toEqual(obs('a', 'new'));
    expect(content.find((resource) => resource.id === 'b')).toEqual(obs('b'));
  });

  it('keeps resources of different types with the same id apart', () => {
    const before = [obs('x')];
    const content = contentOf(
      applyUpdateBundle(before, transaction(put({ resourceType: 'ImagingStudy', id: 'x' }))),
    );
    expect(content.map(resourceKey).sort()).toEqual(['ImagingStudy/x', 'Observation/x']);
  });

  it('removes a resource on DELETE by fullUrl, relative or absolute', () => {
    const before = [obs('a'), obs('b'), obs('c')];
    const content = contentOf(
      applyUpdateBundle(
        before,
        transaction(del('Observation/a'), del('https://fhir.example.org/Observation/c')),
      ),
    );
    expect(content).toEqual([obs('b')]);
  });

  it('removes a resource on DELETE by request.url when there is no fullUrl', () => {
    const content = contentOf(
      applyUpdateBundle(
        [obs('a'), obs('b')],
        transaction({ request: { method: 'DELETE', url: 'Observation/b' } }),
      ),
    );
    expect(content).toEqual([obs('a')]);
  });

  it('accepts a DELETE of a resource that is not there', () => {
    expect(contentOf(applyUpdateBundle([obs('a')], transaction(del('Observation/zzz'))))).toEqual([obs('a')]);
  });

  it('accepts lowercase methods and a bundle without a type', () => {
    const bundle = { resourceType: 'Bundle', entry: [{ request: { method: 'put' }, resource: obs('a') }] };
    expect(contentOf(applyUpdateBundle([], bundle))).toEqual([obs('a')]);
  });

  it('accepts a transaction with no entries and leaves content as it was', () => {
    expect(contentOf(applyUpdateBundle([obs('a')], { resourceType: 'Bundle', type: 'transaction' }))).toEqual(
      [obs('a')],
    );
  });

  it('lets a protected resource be replaced by PUT but not deleted', () => {
    const report: FhirResource = { resourceType: 'DiagnosticReport', id: 'r1', status: 'preliminary' };
    const protectedKeys = new Set(['DiagnosticReport/r1']);
    const replaced = { ...report, status: 'final' };
    expect(contentOf(applyUpdateBundle([report], transaction(put(replaced)), protectedKeys))).toEqual([
      replaced,
    ]);
    const error = errorOf(
      applyUpdateBundle([report], transaction(del('DiagnosticReport/r1')), protectedKeys),
    );
    expect(error).toContain('DiagnosticReport/r1');
    expect(error).toContain('cannot be deleted');
  });

  it('protects a resource of the open even when the DELETE names it by an absolute url', () => {
    const protectedKeys = new Set(['DiagnosticReport/r1']);
    const bundle = transaction(del('https://fhir.example.org/DiagnosticReport/r1'));
    expect(errorOf(applyUpdateBundle([], bundle, protectedKeys))).toContain('cannot be deleted');
  });

  it('rejects POST entries, naming the entry', () => {
    const error = errorOf(
      applyUpdateBundle([], transaction({ request: { method: 'POST' }, resource: obs('a') })),
    );
    expect(error).toContain('updates.entry[0]');
    expect(error).toContain('POST is not allowed');
  });

  it('rejects entries with no or an unknown method', () => {
    expect(errorOf(applyUpdateBundle([], transaction({ resource: obs('a') })))).toContain('PUT or DELETE');
    expect(errorOf(applyUpdateBundle([], transaction({ request: { method: 'PATCH' } })))).toContain(
      'PUT or DELETE',
    );
    expect(errorOf(applyUpdateBundle([], transaction('not an entry')))).toContain('must be an object');
  });

  it('rejects a PUT without an id or without a resource', () => {
    expect(errorOf(applyUpdateBundle([], transaction(put({ resourceType: 'Observation' }))))).toContain(
      'needs an id',
    );
    expect(
      errorOf(applyUpdateBundle([], transaction(put({ resourceType: 'Observation', id: '' })))),
    ).toContain('needs an id');
    expect(errorOf(applyUpdateBundle([], transaction({ request: { method: 'PUT' } })))).toContain(
      'resourceType',
    );
  });

  it('rejects a DELETE with no usable url', () => {
    expect(errorOf(applyUpdateBundle([], transaction({ request: { method: 'DELETE' } })))).toContain(
      'fullUrl',
    );
    expect(errorOf(applyUpdateBundle([], transaction(del('urn:uuid:1234'))))).toContain('fullUrl');
  });

  it('rejects a bundle that is not a transaction, and anything that is not a Bundle', () => {
    const batch = { resourceType: 'Bundle', type: 'batch', entry: [put(obs('a'))] };
    expect(errorOf(applyUpdateBundle([], batch))).toContain('"batch"');
    expect(errorOf(applyUpdateBundle([], { resourceType: 'Parameters' }))).toBe('updates must be a Bundle');
    expect(errorOf(applyUpdateBundle([], undefined))).toBe('updates must be a Bundle');
    expect(
      errorOf(applyUpdateBundle([], { resourceType: 'Bundle', type: 'transaction', entry: {} })),
    ).toContain('updates.entry must be an array');
  });

  it('applies nothing when a later entry is invalid', () => {
    const before = [obs('a'), obs('b')];
    const bundle = transaction(put(obs('c')), put({ resourceType: 'Observation' }), del('Observation/a'));
    const error = errorOf(applyUpdateBundle(before, bundle));
    expect(error).toContain('updates.entry[1]');
    expect(before).toEqual([obs('a'), obs('b')]);
  });

  it('never modifies the input array, on success or on failure', () => {
    const before = [obs('a'), obs('b')];
    const frozen = Object.freeze([...before]);
    const content = contentOf(
      applyUpdateBundle(frozen, transaction(put(obs('a', 'new')), del('Observation/b'))),
    );
    expect(frozen).toEqual(before);
    expect(content).not.toBe(frozen);
    expect(content).toEqual([obs('a', 'new')]);
    errorOf(applyUpdateBundle(frozen, transaction(del('Observation/a'), { request: { method: 'POST' } })));
    expect(frozen).toEqual(before);
  });

  it('applies the spec update examples in sequence', () => {
    const protectedKeys = new Set(['DiagnosticReport/2402d3bd-e988-414b-b7f2-4322e86c9327']);
    let content = contentOf(applyUpdateBundle([], exampleBundle('diagnosticreport-update-1'), protectedKeys));
    expect(content.map(resourceKey).sort()).toEqual([
      'DiagnosticReport/2402d3bd-e988-414b-b7f2-4322e86c9327',
      'ImagingStudy/7e9deb91-0017-4690-aebd-951cef34aba4',
      'Observation/40afe766-3628-4ded-b5bd-925727c013b3',
    ]);
    content = contentOf(
      applyUpdateBundle(content, exampleBundle('diagnosticreport-update-2'), protectedKeys),
    );
    expect(content).toHaveLength(3);
    content = contentOf(
      applyUpdateBundle(content, exampleBundle('diagnosticreport-update-3'), protectedKeys),
    );
    expect(content.map(resourceKey).sort()).toEqual([
      'DiagnosticReport/2402d3bd-e988-414b-b7f2-4322e86c9327',
      'ImagingStudy/7e9deb91-0017-4690-aebd-951cef34aba4',
    ]);
  });

  it('deletes by request.url when the fullUrl is a urn', () => {
    const content: FhirResource[] = [{ resourceType: 'Observation', id: '1' }];
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: 'urn:uuid:9b1c', request: { method: 'DELETE', url: 'Observation/1' } }],
    };
    expect(applyUpdateBundle(content, bundle)).toEqual({ content: [] });
  });
});
