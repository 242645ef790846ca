export const groupBuyErrors = {
  GROUP_FULL: { status: 409, message: 'This group already has all its members' },
  GROUP_EXPIRED: { status: 409, message: 'This group is closed: its time ran out' },
  GROUP_CLOSED: { status: 409, message: 'This group is no longer open' },
  ALREADY_IN_GROUP: { status: 409, message: 'You are already a member of this group' },
  GROUP_NOT_COMPLETE: { status: 409, message: 'A group buy order ships once every member of its group has paid' },
} as const;
