import { z } from 'zod';

/** The grade scale, best first. */
export const GRADES = ['S', 'A', 'B', 'C', 'D', 'F'] as const;
/** One grade of the scale, S (best) to F. */
export const GradeSchema = z.enum(GRADES);
export type Grade = z.infer<typeof GradeSchema>;
