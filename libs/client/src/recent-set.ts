/**
 * The last `capacity` values seen, oldest forgotten first: de-duplication with bounded memory
 * for a phone that stays at a venue all day.
 */
export class RecentSet {
  private readonly values = new Set<string>();

  constructor(private readonly capacity = 1000) {}

  has(value: string): boolean {
    return this.values.has(value);
  }

  /** Adds `value`; false when it was already there. */
  add(value: string): boolean {
    if (this.values.has(value)) return false;
    this.values.add(value);
    if (this.values.size > this.capacity) this.values.delete(this.values.values().next().value as string);
    return true;
  }
}
