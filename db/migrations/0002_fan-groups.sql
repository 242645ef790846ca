CREATE TABLE "fan_memberships" (
	"kol_id" text NOT NULL,
	"user_id" text NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "fan_memberships_kol_id_user_id_pk" PRIMARY KEY("kol_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "fan_memberships" ADD CONSTRAINT "fan_memberships_kol_id_users_id_fk" FOREIGN KEY ("kol_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fan_memberships" ADD CONSTRAINT "fan_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fan_memberships_kol_id_points_index" ON "fan_memberships" USING btree ("kol_id","points");