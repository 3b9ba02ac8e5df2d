/**
 * `npm run register`: sends the command definitions to Discord. With DISCORD_GUILD_ID to that
 * server (instant, for development), else globally (may take a while to show everywhere).
 * A bulk overwrite (PUT): running it twice leaves the same commands, never duplicates.
 */
import { REST, Routes } from 'discord.js';
import { ConfigError, readBotConfig } from '../src/config.js';
import { COMMAND_DEFINITIONS } from '../src/discord/commands/index.js';

try {
  const config = readBotConfig();
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const route = config.guildId ? Routes.applicationGuildCommands(config.clientId, config.guildId) : Routes.applicationCommands(config.clientId);
  const saved = (await rest.put(route, { body: COMMAND_DEFINITIONS })) as { name: string }[];
  console.log(`Registered ${saved.length} commands ${config.guildId ? `in server ${config.guildId}` : 'globally'}: ${saved.map((c) => c.name).join(', ')}`);
} catch (error) {
  process.stderr.write(`register failed: ${(error as Error).message}\n`);
  if (error instanceof ConfigError) process.stderr.write('README.md, "Running the Discord bot", explains these settings.\n');
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
