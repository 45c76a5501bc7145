CREATE TABLE "handoff_activity" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"handoff_id" text NOT NULL,
	"kind" text NOT NULL,
	"staff_id" text,
	"text" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handoff_feedback" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"handoff_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"rating" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "skill" text;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "claim_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "sla_due_at" timestamp with time zone DEFAULT now() + interval '10 minutes' NOT NULL;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "sla_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "first_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "time_to_claim_ms" integer;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "first_reply_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "time_to_first_reply_ms" integer;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "returned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "handoff_activity_handoff_idx" ON "handoff_activity" USING btree ("handoff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "handoff_feedback_handoff_idx" ON "handoff_feedback" USING btree ("handoff_id");--> statement-breakpoint
CREATE INDEX "handoffs_conversation_idx" ON "handoffs" USING btree ("conversation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "handoffs_open_conversation_idx" ON "handoffs" USING btree ("conversation_id") WHERE state in ('waiting', 'claimed');