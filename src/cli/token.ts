// sdg-lod token create NAME [--graphs PREFIX] | list | revoke NAME: who may write (serve --writes).
// The token is printed once, on the last line of `create`; only its salted hash is stored.
import { join } from 'node:path';
import { createToken, readTokens, revokeToken } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import type { Io } from './io.js';

/** Where the tokens are kept: beside the data version, in the project's var/ folder. */
export const tokensFile = (config: Pick<Config, 'importDir'>) => join(config.importDir, 'tokens.json');

export async function tokenCommand(config: Config, args: string[], graphs: string | undefined, io: Io): Promise<number> {
  const [action, name, ...extra] = args;
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"; run "sdg-lod help"`);
  const file = tokensFile(config);
  switch (action) {
    case 'create': {
      if (!name) throw new UsageError('token create takes a name: sdg-lod token create kuldiga');
      const prefix = graphs ?? `${config.base}graph/report/`;
      const token = await createToken(file, name, prefix);
      io.err(`sdg-lod: token "${name}" may write the graphs under <${prefix}>. It is shown once; keep it secret.\n`);
      io.out(`${token}\n`);
      return 0;
    }
    case 'list': {
      if (name) throw new UsageError(`unexpected argument "${name}"; run "sdg-lod help"`);
      const tokens = await readTokens(file);
      if (!tokens.length) io.out('no tokens; make one with: sdg-lod token create NAME\n');
      for (const t of tokens) io.out(`${t.name}\t${t.graphs}\tcreated ${t.created}\n`);
      return 0;
    }
    case 'revoke': {
      if (!name) throw new UsageError('token revoke takes a name: sdg-lod token revoke kuldiga');
      if (!(await revokeToken(file, name))) {
        io.err(`sdg-lod: no token named "${name}"\n`);
        return 1;
      }
      io.out(`revoked "${name}"\n`);
      return 0;
    }
    default:
      throw new UsageError('token create NAME [--graphs PREFIX], token list or token revoke NAME');
  }
}
