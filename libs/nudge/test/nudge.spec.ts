import { parseClientFrame } from '../src/socket/client-frame';
import { nudgeMessage } from '../src/nudge';
import { joinLabels } from '../src/nudge';
import { buildNudge, meetingNudgeId } from '../src/nudge';

describe('nudge frames', () => {
  it('joins labels the way the message reads', () => {
    expect(joinLabels(['tech'])).toBe('tech');
    expect(joinLabels(['tech', 'music'])).toBe('tech and music');
    expect(joinLabels(['tech', 'music', 'sports'])).toBe('tech, music and sports');
    expect(nudgeMessage(['tech', 'music'])).toBe('Someone nearby shares your interest in tech and music.');
  });

  it('builds the SPEC frame under the id it is given', () => {
    const now = new Date('2026-11-25T20:00:00.000Z');
    const first = buildNudge(['tech', 'music'], 'partner-ble', meetingNudgeId('eA', 'eB', 'eA'), now);
    expect(JSON.parse(first.frame)).toEqual({
      type: 'nudge',
      nudge_id: first.id,
      token: 'partner-ble',
      shared_interests: ['tech', 'music'],
      message: 'Someone nearby shares your interest in tech and music.',
      sent_at: '2026-11-25T20:00:00.000Z',
    });
    expect(first.id).toBe(meetingNudgeId('eA', 'eB', 'eA'));
  });

  it('derives one UUID-shaped id per phone per meeting, whatever the order the epochs come in', () => {
    const forA = meetingNudgeId('epoch-a', 'epoch-b', 'epoch-a');
    expect(forA).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meetingNudgeId('epoch-b', 'epoch-a', 'epoch-a')).toBe(forA);
    const forB = meetingNudgeId('epoch-a', 'epoch-b', 'epoch-b');
    expect(forB).not.toBe(forA);
    // A new token epoch is a new meeting, with new ids.
    expect(meetingNudgeId('epoch-a', 'epoch-c', 'epoch-a')).not.toBe(forA);
  });
});

describe('parseClientFrame', () => {
  const text = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  const id = '6f1c2a4e-0b7d-4e51-9a8e-3c2f1d0b9a77';

  it('reads an ack', () => {
    expect(parseClientFrame(text({ type: 'ack', nudge_id: id }), false)).toEqual({
      type: 'ack',
      nudgeId: id,
    });
  });

  it.each([
    ['binary', text({ type: 'ack', nudge_id: id }), true],
    ['not JSON', text('{"type":'), false],
    ['JSON null', text('null'), false],
    ['an array', text([1, 2]), false],
    ['another type', text({ type: 'nudge', nudge_id: id }), false],
    ['a numeric id', text({ type: 'ack', nudge_id: 42 }), false],
    ['a hash-field id', text({ type: 'ack', nudge_id: '#' }), false],
    ['a huge frame', text({ type: 'ack', nudge_id: id, pad: 'x'.repeat(10_000) }), false],
  ])('ignores %s', (_, data, isBinary) => {
    expect(parseClientFrame(data, isBinary)).toBeUndefined();
  });
});
