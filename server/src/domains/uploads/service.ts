import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '../../errors.ts';
import { IMAGE_CONTENT_TYPES, sniffImageType } from './image-type.ts';
import type { ImageStorage } from './storage.ts';
import type { UploadedImage } from './views.ts';

export interface ImageLimits {
  maxBytes: number;
  /** Smallest allowed width and height. */
  minPixels: number;
  /** Largest allowed width and height. */
  maxPixels: number;
}

/** Side of the square thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;

const EXTENSIONS = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const;

/**
 * Checks an uploaded image (type by magic bytes, size, dimensions), stores it without its metadata
 * (no GPS position leaves the seller's phone) and a square WebP thumbnail beside it.
 */
export class ImageUploads {
  readonly #storage: ImageStorage;
  readonly limits: ImageLimits;

  constructor(deps: { storage: ImageStorage; limits: ImageLimits }) {
    this.#storage = deps.storage;
    this.limits = deps.limits;
  }

  /** Throws IMAGE_TOO_LARGE, IMAGE_TYPE_NOT_ALLOWED, IMAGE_UNREADABLE, IMAGE_DIMENSIONS. */
  async store(bytes: Buffer): Promise<UploadedImage> {
    if (bytes.length > this.limits.maxBytes) throw this.tooLarge();
    const type = sniffImageType(bytes);
    if (!type) throw new AppError('IMAGE_TYPE_NOT_ALLOWED');
    const { minPixels, maxPixels } = this.limits;
    // Reading the header decodes no pixels, so a decompression bomb is refused before it costs anything.
    const meta = await sharp(bytes)
      .metadata()
      .catch(() => undefined);
    if (!meta?.width || !meta.height || meta.format !== type) throw new AppError('IMAGE_UNREADABLE');
    // EXIF orientations 5–8 swap width and height once the image is turned upright.
    const [width, height] = (meta.orientation ?? 1) >= 5 ? [meta.height, meta.width] : [meta.width, meta.height];
    if (Math.min(width, height) < minPixels || Math.max(width, height) > maxPixels) {
      throw new AppError(
        'IMAGE_DIMENSIONS',
        `The image is ${width}×${height} pixels; each side must be between ${minPixels} and ${maxPixels} pixels`,
        { width, height, minPixels, maxPixels },
      );
    }
    const decoder = () => sharp(bytes, { limitInputPixels: maxPixels * maxPixels, animated: false }).rotate();
    try {
      const [image, thumbnail] = await Promise.all([
        decoder().toFormat(type).toBuffer(),
        decoder().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'cover' }).webp({ quality: 80 }).toBuffer(),
      ]);
      const name = `images/${randomUUID()}`;
      const [url, thumbnailUrl] = await Promise.all([
        this.#storage.put(`${name}.${EXTENSIONS[type]}`, image, IMAGE_CONTENT_TYPES[type]),
        this.#storage.put(`${name}-thumb.webp`, thumbnail, 'image/webp'),
      ]);
      return { url, thumbnailUrl, width, height };
    } catch (error) {
      if (error instanceof AppError) throw error;
      // A header that parsed over pixel data that does not.
      if (error instanceof Error && /Input|VipsJpeg|pngload|webpload|corrupt|premature/i.test(error.message)) {
        throw new AppError('IMAGE_UNREADABLE');
      }
      throw error;
    }
  }

  tooLarge(): AppError {
    const mb = (this.limits.maxBytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
    return new AppError('IMAGE_TOO_LARGE', `The image file is larger than ${mb} MB`, { maxBytes: this.limits.maxBytes });
  }
}
