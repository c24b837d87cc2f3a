CREATE TABLE "accounts" (
	"user_id" text PRIMARY KEY NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"debt" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_reserved_nonnegative" CHECK ("accounts"."reserved" >= 0),
	CONSTRAINT "accounts_available_nonnegative" CHECK ("accounts"."balance" - "accounts"."reserved" >= 0),
	CONSTRAINT "accounts_debt_nonnegative" CHECK ("accounts"."debt" >= 0)
);
--> statement-breakpoint
CREATE TABLE "charge_refunds" (
	"payment_intent_id" text PRIMARY KEY NOT NULL,
	"amount" integer NOT NULL,
	"amount_refunded" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" integer NOT NULL,
	"reserved_delta" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"reserved_after" integer NOT NULL,
	"reservation_id" uuid,
	"checkout_session_id" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entries_kind_known" CHECK ("entries"."kind" IN ('signup_bonus', 'purchase', 'reserve', 'capture', 'release', 'refund', 'grant')),
	CONSTRAINT "entries_after_valid" CHECK ("entries"."reserved_after" >= 0 AND "entries"."balance_after" - "entries"."reserved_after" >= 0),
	CONSTRAINT "entries_shape" CHECK (CASE "entries"."kind"
        WHEN 'reserve' THEN "entries"."amount" = 0 AND "entries"."reserved_delta" > 0 AND "entries"."reservation_id" IS NOT NULL
        WHEN 'capture' THEN "entries"."amount" < 0 AND "entries"."reserved_delta" = "entries"."amount" AND "entries"."reservation_id" IS NOT NULL
        WHEN 'release' THEN "entries"."amount" = 0 AND "entries"."reserved_delta" < 0 AND "entries"."reservation_id" IS NOT NULL
        WHEN 'purchase' THEN "entries"."amount" > 0 AND "entries"."reserved_delta" = 0 AND "entries"."checkout_session_id" IS NOT NULL
        WHEN 'refund' THEN "entries"."amount" < 0 AND "entries"."reserved_delta" = 0
        WHEN 'signup_bonus' THEN "entries"."amount" > 0 AND "entries"."reserved_delta" = 0
        ELSE "entries"."amount" <> 0 AND "entries"."reserved_delta" = 0
      END)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" text NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "purchases" (
	"checkout_session_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"package_id" text NOT NULL,
	"coins" integer NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"payment_intent_id" text,
	"coins_refunded" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "purchases_status_known" CHECK ("purchases"."status" IN ('pending', 'processing', 'paid', 'failed')),
	CONSTRAINT "purchases_refund_range" CHECK ("purchases"."coins_refunded" >= 0 AND "purchases"."coins_refunded" <= "purchases"."coins"),
	CONSTRAINT "purchases_refund_only_when_paid" CHECK ("purchases"."status" = 'paid' OR "purchases"."coins_refunded" = 0)
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"chat_fingerprint" text NOT NULL,
	"category" text NOT NULL,
	"amount" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"captured" integer DEFAULT 0 NOT NULL,
	"succeeded" integer,
	"total" integer,
	"max_calls" integer NOT NULL,
	"max_tokens" integer NOT NULL,
	"calls_used" integer DEFAULT 0 NOT NULL,
	"tokens_used" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "reservations_amount_positive" CHECK ("reservations"."amount" > 0),
	CONSTRAINT "reservations_captured_range" CHECK ("reservations"."captured" >= 0 AND "reservations"."captured" <= "reservations"."amount"),
	CONSTRAINT "reservations_status_known" CHECK ("reservations"."status" IN ('active', 'settled', 'released', 'expired')),
	CONSTRAINT "reservations_resolved_iff_not_active" CHECK (("reservations"."status" = 'active') = ("reservations"."resolved_at" IS NULL)),
	CONSTRAINT "reservations_captured_only_when_settled" CHECK ("reservations"."status" = 'settled' OR "reservations"."captured" = 0),
	CONSTRAINT "reservations_usage_nonnegative" CHECK ("reservations"."calls_used" >= 0 AND "reservations"."tokens_used" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_user_id_accounts_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."accounts"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_checkout_session_id_purchases_checkout_session_id_fk" FOREIGN KEY ("checkout_session_id") REFERENCES "public"."purchases"("checkout_session_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_user_id_accounts_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."accounts"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_user_id_accounts_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."accounts"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entries_user_id" ON "entries" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "entries_one_per_reservation_kind" ON "entries" USING btree ("reservation_id","kind") WHERE "entries"."reservation_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "entries_one_purchase_per_session" ON "entries" USING btree ("checkout_session_id") WHERE "entries"."kind" = 'purchase';--> statement-breakpoint
CREATE UNIQUE INDEX "entries_one_signup_bonus" ON "entries" USING btree ("user_id") WHERE "entries"."kind" = 'signup_bonus';--> statement-breakpoint
CREATE UNIQUE INDEX "purchases_payment_intent" ON "purchases" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "purchases_user" ON "purchases" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "reservations_user_created" ON "reservations" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "reservations_active_expiry" ON "reservations" USING btree ("expires_at") WHERE "reservations"."status" = 'active';