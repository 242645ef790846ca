/** What the follows API answers; the pages import these types too. */

export interface KolProfile {
  id: string;
  displayName: string;
  followerCount: number;
  isFollowing: boolean;
}
