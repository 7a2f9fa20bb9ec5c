// The lexical forms of the XSD datatypes, which SHACL's sh:datatype requires and the engines do not check.
import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { illTyped } from '../src/validate/literals.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const lit = (value: string, type: string) => N3.DataFactory.literal(value, N3.DataFactory.namedNode(XSD + type));

describe('illTyped', () => {
  it.each([
    ['date', '2021-02-28'], ['date', '2020-02-29'], ['date', '2000-02-29'], ['date', '2021-12-31Z'], ['date', '2021-06-05+03:00'], ['date', '-0044-03-15'], ['date', '12021-01-01'],
    ['dateTime', '2021-06-05T10:00:00'], ['dateTime', '2021-06-05T23:59:59.5Z'], ['dateTime', '2021-06-05T24:00:00'], ['dateTime', '2021-06-05T10:00:00-14:00'],
    ['gYear', '2021'], ['gYearMonth', '2021-12'],
    ['boolean', 'true'], ['boolean', '0'],
    ['decimal', '12.5'], ['decimal', '-.5'], ['decimal', '3.'], ['integer', '+42'], ['nonNegativeInteger', '0'], ['positiveInteger', '7'],
    ['double', '1.5e3'], ['double', '-INF'], ['float', 'NaN'],
    ['string', 'anything at all'], ['anyURI', 'not checked'],
  ])('accepts xsd:%s "%s"', (type, value) => {
    expect(illTyped(lit(value, type))).toBeUndefined();
  });

  it.each([
    ['date', '2021-02-30'], ['date', '2021-02-29'], ['date', '1900-02-29'], ['date', '2021-13-01'], ['date', '2021-00-10'], ['date', '2021-04-31'], ['date', '2021-6-5'],
    ['date', ' 2021-06-05'], ['date', '2021-06-05T00:00:00'], ['date', '5 June 2021'], ['date', '2021-06-05+15:00'], ['date', '02021-06-05'],
    ['dateTime', '2021-06-05'], ['dateTime', '2021-06-05T25:00:00'], ['dateTime', '2021-06-05T24:00:01'], ['dateTime', '2021-02-30T10:00:00'], ['dateTime', '2021-06-05T10:60:00'],
    ['gYear', '21'], ['gYearMonth', '2021-13'],
    ['boolean', 'yes'], ['boolean', 'TRUE'],
    ['decimal', '1e3'], ['decimal', '.'], ['decimal', '1,5'], ['integer', '1.0'], ['integer', ''], ['nonNegativeInteger', '-1'], ['positiveInteger', '0'],
    ['double', 'inf'], ['double', '1.5e'],
  ])('refuses xsd:%s "%s", saying what a valid one looks like', (type, value) => {
    expect(illTyped(lit(value, type))).toMatch(new RegExp(`^"${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not a valid xsd:${type} \\(.+\\)`));
  });
});
