import { describe, expect, test } from 'vitest';
import { gradeRank, gradeSpread, medianGrade, meetsBar } from '../../src/judge/votes.js';

describe('the S–F scale', () => {
  test('ranks S best and F worst', () => {
    expect(['S', 'A', 'B', 'C', 'D', 'F'].map((grade) => gradeRank(grade as 'S'))).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
  });

  test('a grade meets every bar at or below it', () => {
    expect(meetsBar('B', 'B')).toBe(true);
    expect(meetsBar('A', 'B')).toBe(true);
    expect(meetsBar('S', 'F')).toBe(true);
    expect(meetsBar('C', 'B')).toBe(false);
    expect(meetsBar('F', 'D')).toBe(false);
  });
});

describe('medianGrade', () => {
  test('takes the middle vote on the S..F order, whatever order the votes came in', () => {
    expect(medianGrade(['C'])).toBe('C');
    expect(medianGrade(['A', 'C', 'B'])).toBe('B');
    expect(medianGrade(['F', 'S', 'S'])).toBe('S');
    expect(medianGrade(['D', 'A', 'F', 'A', 'B'])).toBe('B');
  });

  test('with an even count, the worse of the two middle votes: a tie never lifts a run', () => {
    expect(medianGrade(['A', 'C'])).toBe('C');
    expect(medianGrade(['S', 'A', 'B', 'C'])).toBe('B');
  });

  test('has no median of no votes', () => {
    expect(() => medianGrade([])).toThrow(RangeError);
  });
});

describe('gradeSpread', () => {
  test('counts the grade steps between the best and the worst vote', () => {
    expect(gradeSpread(['B', 'B', 'B'])).toBe(0);
    expect(gradeSpread(['A', 'C', 'B'])).toBe(2);
    expect(gradeSpread(['S', 'F'])).toBe(5);
    expect(gradeSpread([])).toBe(0);
  });
});
