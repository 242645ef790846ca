CREATE TABLE "checkouts" (
	"id" text PRIMARY KEY NOT NULL,
	"buyer_id" text NOT NULL,
	"order_ids" text[] NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkouts_buyer_id_created_at_index" ON "checkouts" USING btree ("buyer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "checkouts_buyer_id_idempotency_key_index" ON "checkouts" USING btree ("buyer_id","idempotency_key");