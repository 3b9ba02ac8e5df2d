import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { notice } from './render.js';

/** Tells the person who acted something only they see: a bad question, a refusal, an apology. */
export async function replyPrivately(interaction: RepliableInteraction, text: string): Promise<void> {
  const message = { ...notice(text), flags: MessageFlags.Ephemeral } as const;
  if (interaction.deferred || interaction.replied) await interaction.followUp(message);
  else await interaction.reply(message);
}
