DROP INDEX "flash_sale_holds_sale_id_index";--> statement-breakpoint
ALTER TABLE "flash_sale_holds" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD COLUMN "returned_to_stock" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD COLUMN "journal_cursor" text DEFAULT '0-0' NOT NULL;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "flash_sale_holds_sale_id_status_index" ON "flash_sale_holds" USING btree ("sale_id","status");