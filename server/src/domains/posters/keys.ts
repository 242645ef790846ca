/** Every Redis key of the posters domain. */
export const posterKeys = {
  /** The latest poster frame of a live stream (WebP bytes), kept for POSTER_TTL_SEC. */
  poster: (prefix: string, streamId: string) => `${prefix}:poster:{${streamId}}`,
};
