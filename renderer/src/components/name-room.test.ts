import { describe, expect, it } from 'vitest';
import { MIN_NAME_PX, nameShows } from './name-room';

describe('nameShows (bug 243)', () => {
  it('shows a name whole, or enough of it to read, and never a letter of it', () => {
    expect(nameShows(60, 60)).toBe(true); // whole
    expect(nameShows(45, 40)).toBe(true); // a short name, whole in less than the least
    expect(nameShows(MIN_NAME_PX, 200)).toBe(true); // cut, but readable
    expect(nameShows(MIN_NAME_PX - 1, 200)).toBe(false);
    expect(nameShows(5, 60)).toBe(false); // "A…": bug 201
    expect(nameShows(-20, 60)).toBe(false); // the tools wrapped under the id
    expect(nameShows(100, 0)).toBe(false); // no name
  });
});
