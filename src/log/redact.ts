/**
 * Secrets that must never reach a log: an interaction's token (in the address of every follow-up,
 * which DiscordAPIError carries as its url) gives 15 minutes of posting as the bot in that
 * channel; a bot token gives the bot itself.
 */
const SECRETS: [RegExp, string][] = [
  [/(\/(?:webhooks|interactions)\/\d+\/)[^/?#\s"'\\]+/g, '$1[token]'],
  [/\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}\b/g, '[bot token]'],
];

/** The text with every interaction and bot token replaced by a placeholder. */
export function redactSecrets(text: string): string {
  return SECRETS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
