/** One line of the chaos ledger: what was counted, and whether it met its target. */
export interface LedgerLine {
  text: string;
  ok: boolean;
}
