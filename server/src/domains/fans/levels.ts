/** Points needed for each fan level (level 1 on joining). */
export const FAN_LEVEL_POINTS = [0, 50, 200, 500, 1500, 5000] as const;

/** How many points each kind of engagement is worth. */
export const FAN_POINTS = { minuteWatched: 1, comment: 2, purchase: 20 } as const;

export function fanLevel(points: number): number {
  let level = 0;
  for (const threshold of FAN_LEVEL_POINTS) if (points >= threshold) level++;
  return level;
}
