/** Per-user cooldown: one expensive command per user every `seconds`. */
export class Cooldown {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the user must still wait (0: go ahead, and the wait starts now). */
  take(userId: string): number {
    const now = this.now();
    const since = (now - (this.last.get(userId) ?? -Infinity)) / 1000;
    if (since < this.seconds) return Math.ceil(this.seconds - since);
    this.last.set(userId, now);
    if (this.last.size > 10_000) {
      for (const [id, t] of this.last) if ((now - t) / 1000 >= this.seconds) this.last.delete(id);
    }
    return 0;
  }
}
