// Settings: flags win over environment variables, which win over defaults; bad values are usage errors.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { UsageError } from '../src/errors.js';

describe('loadConfig', () => {
  it.each([
    [{}, {}, { base: 'http://localhost:8080/', host: '127.0.0.1', port: 8080 }],
    [{}, { BASE_IRI: 'https://data.example.lv/sdg', PORT: '9000', HOST: '0.0.0.0' }, { base: 'https://data.example.lv/sdg/', host: '0.0.0.0', port: 9000 }],
    [{ base: 'https://a.example/x/', port: '0' }, { BASE_IRI: 'https://b.example/', PORT: '9000' }, { base: 'https://a.example/x/', host: '127.0.0.1', port: 0 }],
  ])('flags %j, environment %j', (flags, env, expected) => {
    expect(loadConfig(flags, env)).toMatchObject(expected);
  });

  it.each([
    [{ base: 'ftp://example.org/' }, /must start with http/],
    [{ base: 'https://example.org/?q=1' }, /query or fragment/],
    [{ base: 'relative/' }, /not an absolute IRI/],
    [{ port: '65536' }, /port must be/],
    [{ engine: 'pyshacl' }, /--engine is/],
  ])('rejects %j', (flags, message) => {
    expect(() => loadConfig(flags, {})).toThrow(UsageError);
    expect(() => loadConfig(flags, {})).toThrow(message);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}, {}))).toBe(true);
  });
});
