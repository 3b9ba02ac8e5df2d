import { startBot, type RunningBot } from '../../src/discord/client.js';
import type { BotContext } from '../../src/discord/context.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { QuestionMemory } from '../../src/discord/memory.js';
import { silentLog } from '../../src/log/log.js';
import type { FakeDiscord } from './fake-discord.js';

/**
 * The real bot in this process against the fake Discord, with a context of the test's making:
 * an engine and notes, and whatever else the test sets (a question log, a cooldown, a log).
 */
export function startTestBot(
  fake: FakeDiscord,
  context: Pick<BotContext, 'engine' | 'notes'> & Partial<BotContext>,
  onFatal: (code: number) => void = () => {},
): Promise<RunningBot> {
  return startBot(
    { token: 'fake-token', apiUrl: fake.apiUrl },
    {
      reindex: () => Promise.reject(new Error('this test bot does not re-index')),
      memory: new QuestionMemory(),
      cooldown: new Cooldown(0),
      commandIds: new Map(),
      log: silentLog,
      ...context,
    },
    (error) => onFatal(error.code),
  );
}
