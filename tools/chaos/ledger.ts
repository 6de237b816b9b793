import type { ChaosPhone } from './chaos-phone';
import type { HttpLedger } from './http-ledger';
import type { LedgerLine } from './ledger-line';

export type { LedgerLine } from './ledger-line';

/** A meeting the service answered `nudge_sent: true` for, with the tokens each phone had then. */
export interface Meeting {
  a: ChaosPhone;
  aToken: string;
  b: ChaosPhone;
  bToken: string;
}

/** The 503 answers must come within the command timeout (1.5 s) plus the HTTP round trip. */
const FAST_503_MS = 2000;

/** Every ledger line of the run with its target. */
export function ledgerLines(
  phones: readonly ChaosPhone[],
  nudged: readonly Meeting[],
  deaf: number,
  http: HttpLedger,
): LedgerLine[] {
  const lost = nudged.reduce(
    (sum, { a, aToken, b, bToken }) => sum + (named(a, bToken) ? 0 : 1) + (named(b, aToken) ? 0 : 1),
    0,
  );
  const extraIds = phones.reduce((sum, phone) => sum + extraIdsOf(phone), 0);
  // A phone whose DELETE never succeeded (its rotation lost in a Sentinel failover: 401) still has a session.
  const zombies = phones.filter((phone) => phone.deleted && !phone.ended).length;
  const undeleted = phones.filter((phone) => !phone.deleted).length;
  const errors500 = http.count((status) => status >= 500 && status !== 503);
  return [
    { text: `nudges lost: ${lost} of ${nudged.length * 2} (target 0)`, ok: lost === 0 },
    { text: `nudge ids per meeting beyond one per phone: ${extraIds} (target 0)`, ok: extraIds === 0 },
    { text: `sockets deaf after a fault: ${deaf} (target 0)`, ok: deaf === 0 },
    {
      text: `zombie sockets (session deleted, no 4001): ${zombies} of ${phones.length - undeleted} (target 0)`,
      ok: zombies === 0,
    },
    { text: `5xx other than 503: ${errors500} (target 0)`, ok: errors500 === 0 },
    {
      text: `slowest 503: ${Math.round(http.slowest503Ms)} ms of ${http.count((s) => s === 503)} (target ≤ ${FAST_503_MS})`,
      ok: http.slowest503Ms <= FAST_503_MS,
    },
  ];
}

function named(phone: ChaosPhone, partner: string): boolean {
  return [...phone.nudges.values()].some((nudge) => nudge.partner === partner);
}

/** Ids beyond one per meeting as the phone sees it (its own token, the partner's token the nudge names). */
function extraIdsOf(phone: ChaosPhone): number {
  const idsByMeeting = new Map<string, string[]>();
  for (const [id, { partner, own }] of phone.nudges) {
    const meeting = `${own} ${partner}`;
    idsByMeeting.set(meeting, [...(idsByMeeting.get(meeting) ?? []), id]);
  }
  let extra = 0;
  for (const [meeting, ids] of idsByMeeting) {
    if (ids.length > 1)
      process.stderr.write(`chaos: meeting ${meeting} gave one phone ids ${ids.join(', ')}\n`);
    extra += ids.length - 1;
  }
  return extra;
}
