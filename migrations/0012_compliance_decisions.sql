CREATE TABLE "compliance_decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"subject" text NOT NULL,
	"message_id" text,
	"turn_id" text,
	"staff_id" text,
	"rule_id" text NOT NULL,
	"category" text NOT NULL,
	"action" text NOT NULL,
	"spans" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"score" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "compliance_decisions_tenant_created_idx" ON "compliance_decisions" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "compliance_decisions_conversation_idx" ON "compliance_decisions" USING btree ("conversation_id");