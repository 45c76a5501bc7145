CREATE TABLE "answer_feedback" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"message_id" text NOT NULL,
	"helpful" boolean NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "answer_feedback_tenant_message_idx" ON "answer_feedback" USING btree ("tenant_id","message_id");--> statement-breakpoint
CREATE INDEX "answer_feedback_conversation_idx" ON "answer_feedback" USING btree ("conversation_id");