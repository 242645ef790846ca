/** What `POST /api/uploads/images` answers; the pages import this type too. */
export interface UploadedImage {
  /** The image as stored (metadata stripped, turned upright): a path such as /uploads/images/….webp, or an absolute URL. */
  url: string;
  /** A square thumbnail of it (WebP). */
  thumbnailUrl: string;
  width: number;
  height: number;
}
