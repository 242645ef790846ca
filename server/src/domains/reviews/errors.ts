export const reviewErrors = {
  ALREADY_REVIEWED: { status: 409, message: 'This order already has a review' },
  NOT_REVIEWABLE: { status: 409, message: 'Only a paid order can be reviewed' },
  ALREADY_REPLIED: { status: 409, message: 'The merchant already replied to this review' },
} as const;
