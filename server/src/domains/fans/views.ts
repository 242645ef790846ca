/** What the fan-group API answers; the pages import these types too. */

export interface FanView {
  userId: string;
  displayName: string;
  points: number;
  level: number;
}
