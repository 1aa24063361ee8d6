import { describe, expect, test } from 'vitest';
import {
  gradePoints,
  gradeSpread,
  gradeSteps,
  medianGrade,
  meetsBar,
} from '../../src/grading/grade-scale.js';

describe('the S–F scale', () => {
  test('gives S the most points and F none', () => {
    expect(['S', 'A', 'B', 'C', 'D', 'F'].map((grade) => gradePoints(grade as 'S'))).toEqual([
      5, 4, 3, 2, 1, 0,
    ]);
  });

  test('counts grade steps from base to head, positive when better', () => {
    expect(gradeSteps('B', 'A')).toBe(1);
    expect(gradeSteps('A', 'C')).toBe(-2);
    expect(gradeSteps('D', 'D')).toBe(0);
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
