import { z } from 'zod';

/** GET /health: 200 when the database and Redis answer, 503 (same body) when either does not. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'error']),
  db: z.enum(['up', 'down']),
  redis: z.enum(['up', 'down']),
});
export type Health = z.infer<typeof healthSchema>;
