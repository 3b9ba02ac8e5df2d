import { createHash } from 'node:crypto';

/**
 * Who voted, without who they are: a hash of their user id within the server, salted with a
 * secret of this log. Votes can be counted once per person; the file holds no user id or name.
 */
export function voterHash(salt: string, guild: string | undefined, user: string): string {
  return createHash('sha256')
    .update(`${salt}\0${guild ?? 'dm'}\0${user}`)
    .digest('hex')
    .slice(0, 32);
}
