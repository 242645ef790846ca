ALTER TABLE "reviews" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "streams" ADD COLUMN "ended_by" text;--> statement-breakpoint
-- Shows that ended before this column: an admin's end left an end_stream row in the log.
UPDATE "streams" SET "ended_by" = CASE WHEN EXISTS (SELECT 1 FROM "moderation_actions" WHERE "action" = 'end_stream' AND "target_id" = "streams"."id") THEN 'moderation' ELSE 'kol' END WHERE "status" = 'ended';
