CREATE TABLE "stream_offers" (
	"stream_id" text NOT NULL,
	"product_id" text NOT NULL,
	"first_offered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_offered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stream_offers_stream_id_product_id_pk" PRIMARY KEY("stream_id","product_id")
);
--> statement-breakpoint
ALTER TABLE "flash_sales" ADD COLUMN "stream_approval" text DEFAULT 'accepted' NOT NULL;--> statement-breakpoint
ALTER TABLE "group_offers" ADD COLUMN "stream_approval" text DEFAULT 'accepted' NOT NULL;--> statement-breakpoint
ALTER TABLE "stream_offers" ADD CONSTRAINT "stream_offers_stream_id_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_offers" ADD CONSTRAINT "stream_offers_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;