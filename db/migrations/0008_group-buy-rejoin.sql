ALTER TABLE "group_buy_members" DROP CONSTRAINT "group_buy_members_groupId_buyerId_unique";--> statement-breakpoint
ALTER TABLE "group_buy_members" ADD COLUMN "left_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "group_buy_members_group_buyer_seated" ON "group_buy_members" USING btree ("group_id","buyer_id") WHERE "group_buy_members"."left_at" is null;