import { describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../../conformance/requirements.ts';

const FHIRCAST_ID = /^FC-\d+(\.\d+)*-[a-z0-9]+(-[a-z0-9]+)*$/;
const IRA_ID = /^IRA-[A-Z0-9]+(-[A-Z0-9]+)*(-[a-z0-9]+)*$/;

describe('the requirement catalogue', () => {
  it('gives every requirement its own id, shaped FC-<section>-<name> or IRA-<transaction or area>-<name>', () => {
    const ids = REQUIREMENTS.map((requirement) => requirement.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !FHIRCAST_ID.test(id) && !IRA_ID.test(id))).toEqual([]);
  });

  it('lists FHIRcast rows first, each from FHIRcast 3.0.0, then IRA rows, each from IHE IRA', () => {
    const fhircast = REQUIREMENTS.filter((requirement) => requirement.id.startsWith('FC-'));
    const firstIra = REQUIREMENTS.findIndex((requirement) => requirement.id.startsWith('IRA-'));
    expect(firstIra).toBe(fhircast.length);
    expect(fhircast.filter((requirement) => !requirement.source.startsWith('FHIRcast 3.0.0 §'))).toEqual([]);
    const ira = REQUIREMENTS.slice(firstIra);
    expect(ira.filter((requirement) => !requirement.source.startsWith('IHE IRA '))).toEqual([]);
  });

  it('says what each requires in one line, and why, for what the kit does not support', () => {
    const oneLine = (text: string | undefined) => text === undefined || /^[^\n]{10,160}$/.test(text);
    expect(REQUIREMENTS.filter((requirement) => !oneLine(requirement.requires))).toEqual([]);
    expect(REQUIREMENTS.filter((requirement) => !oneLine(requirement.unsupported))).toEqual([]);
  });
});
