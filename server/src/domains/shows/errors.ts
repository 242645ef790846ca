export const showErrors = {
  SHOW_NOT_EDITABLE: { status: 409, message: 'Only a show that has not started can be changed or cancelled' },
} as const;
