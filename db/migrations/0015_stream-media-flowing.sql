ALTER TABLE "streams" ADD COLUMN "media_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "streams" ADD COLUMN "first_media_at" timestamp with time zone;