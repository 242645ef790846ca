export const uploadErrors = {
  IMAGE_MISSING: { status: 400, message: 'Send one image as multipart/form-data in a field named "image"' },
  IMAGE_TYPE_NOT_ALLOWED: { status: 415, message: 'Only JPEG, PNG and WebP images can be uploaded' },
  IMAGE_TOO_LARGE: { status: 413, message: 'The image file is too large' },
  IMAGE_DIMENSIONS: { status: 400, message: 'The image is too small or too large in pixels' },
  IMAGE_UNREADABLE: { status: 400, message: 'The image could not be read; it may be damaged' },
} as const;
