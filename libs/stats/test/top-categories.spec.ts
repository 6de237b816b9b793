import { topCategories } from '../src/top-categories';

describe('topCategories', () => {
  const counts = (entries: [string, number][]): Map<string, number> => new Map(entries);

  it('leaves out categories under the threshold (k-anonymity)', () => {
    expect(
      topCategories(
        counts([
          ['tech', 11],
          ['music', 10],
        ]),
        11,
      ),
    ).toEqual(['tech']);
  });

  it('orders by count, ties alphabetical, at most five', () => {
    const result = topCategories(
      counts([
        ['sports', 20],
        ['music', 30],
        ['tech', 30],
        ['art', 20],
        ['food', 20],
        ['games', 20],
        ['other', 15],
      ]),
      11,
    );
    expect(result).toEqual(['music', 'tech', 'art', 'food', 'games']);
  });
});
