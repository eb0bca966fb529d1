/**
 * The statements of the delivery path. Each takes a batch of deliveries (see
 * StatementBatcher), and each is named, so PostgreSQL parses and plans it once per
 * connection.
 */
/**
 * Each reminder's deliveries summed up, from a `deliveries` relation (reminder_id, state,
 * attempts, last_error, updated_at): any still pending, any failed, the most attempts, the
 * latest error. Once none is pending the reminder is settled from it, failed if any
 * delivery failed, else sent; dispatch and the finish statement both settle this way.
 */
export const deliverySummarySql = `
  SELECT reminder_id, bool_or(state = 'pending') AS pending, bool_or(state = 'failed') AS failed,
         max(attempts) AS attempts,
         (array_agg(last_error ORDER BY updated_at DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error
    FROM deliveries GROUP BY reminder_id`;

export const deliveryStatements = {
  /**
   * Reads deliveries ($1) with everything a message needs and claims those still to be
   * sent for $2 seconds. The claim is a lease in PostgreSQL: BullMQ already gives a job
   * to one worker, but after Redis loses its data a delivery can be queued again while
   * its first job is still running. Only the holder of the claim sends; the other job
   * ends, and the requeue sweep covers a holder that died. No claim is taken for a
   * delivery that is settled, or that is to be cancelled (reminder cancelled, webhook
   * gone). Rows are locked in id order, so two batches never wait on each other in a ring.
   */
  loadAndClaim: {
    name: 'mou_delivery_load_and_claim_batch',
    text: `WITH loaded AS (
             SELECT d.id, d.state, d.channel, d.recipient, r.id AS reminder_id, r.state AS reminder_state, r.kind, r.target_on,
                    a.id AS agreement_id, a.reference, a.title_en, a.title_th, a.lead_agency,
                    m.id AS milestone_id, m.title AS milestone_title, m.owner_agency,
                    w.id AS webhook_id, w.url AS webhook_url, w.secret AS webhook_secret,
                    (w.active AND w.deleted_at IS NULL) AS webhook_live
               FROM reminder_delivery d
               JOIN reminder r ON r.id = d.reminder_id
               JOIN agreement a ON a.id = r.agreement_id
               LEFT JOIN milestone m ON m.id = r.milestone_id
               LEFT JOIN webhook w ON w.id = d.webhook_id
              WHERE d.id = ANY ($1::uuid[])
           ),
           claimable AS (
             SELECT d.id FROM reminder_delivery d JOIN loaded ON loaded.id = d.id
              WHERE d.state = 'pending' AND (d.claimed_until IS NULL OR d.claimed_until < now())
                AND loaded.reminder_state <> 'cancelled' AND (loaded.channel <> 'webhook' OR loaded.webhook_live)
              ORDER BY d.id
                FOR NO KEY UPDATE OF d
           ),
           claim AS (
             UPDATE reminder_delivery d SET claimed_until = now() + make_interval(secs => $2)
               FROM claimable c
              WHERE d.id = c.id
             RETURNING d.id
           )
           SELECT loaded.*, claim.id IS NOT NULL AS claimed FROM loaded LEFT JOIN claim ON claim.id = loaded.id`,
  },
  /**
   * Records deliveries' outcomes and settles each reminder whose last delivery this was.
   * One row per delivery: $1 id, $2 reminder, $3 new state (NULL: only look at the
   * reminder again, see ReminderDeliverer.finish), $4 error, and for an in-app delivery
   * sent here its notification ($5–$12 in notificationValues' order; NULL for other channels), written in the
   * same statement so it exists exactly when the delivery is marked sent.
   *
   * How a reminder is settled without a second look: whatever changes whether a delivery
   * is pending or failed (dispatch, this statement, a retry) also writes the delivery's
   * reminder row in the same transaction, once the reminder is pending. So a statement
   * that finds the reminder row as its snapshot showed it (same xmin) after locking it has
   * seen every sibling delivery as it is, and its verdict stands: the reminder is settled,
   * or a sibling is still pending and its own finish will settle it. `locked` takes the
   * reminder rows first (every writer of a reminder's deliveries does, in id order), `seen`
   * is the same rows in this statement's snapshot. The snapshot still shows the marked
   * deliveries unmarked, so they stand in for themselves through what the UPDATE returned.
   *
   * A reminder's deliveries are summed up in one pass over its few rows: a separate
   * `state = 'pending'` test could be planned on ix_reminder_delivery_pending, which holds
   * every delivery of a burst. Returns per reminder `settled`; `open`, the reminder is
   * pending; `fresh`, the verdict rests on what is.
   */
  finish: {
    name: 'mou_delivery_finish_batch',
    text: `WITH input AS (
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[],
                                  $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::date[])
                        AS i(id, reminder_id, state, error, agreement_id, milestone_id, kind,
                             subject_en, subject_th, body_en, body_th, target_on)
           ),
           locked AS (
             SELECT id, xmin AS version FROM reminder
              WHERE id IN (SELECT reminder_id FROM input) AND state = 'pending'
              ORDER BY id FOR NO KEY UPDATE
           ),
           seen AS (SELECT id, xmin AS version FROM reminder WHERE id IN (SELECT reminder_id FROM input)),
           marked AS (
             UPDATE reminder_delivery d
                SET state = i.state, attempts = d.attempts + CASE WHEN i.state = 'cancelled' THEN 0 ELSE 1 END,
                    last_error = coalesce(i.error, d.last_error), sent_at = CASE WHEN i.state = 'sent' THEN now() END,
                    claimed_until = NULL, updated_at = now()
               FROM input i
              WHERE d.id = i.id AND i.state IS NOT NULL AND d.state = 'pending' AND (SELECT count(*) FROM locked) >= 0
             RETURNING d.id, d.reminder_id, d.state, d.attempts, d.last_error, d.updated_at
           ),
           notified AS (
             INSERT INTO notification (delivery_id, reminder_id, agreement_id, milestone_id, kind,
                                       subject_en, subject_th, body_en, body_th, target_on)
             SELECT i.id, i.reminder_id, i.agreement_id, i.milestone_id, i.kind,
                    i.subject_en, i.subject_th, i.body_en, i.body_th, i.target_on
               FROM marked m JOIN input i ON i.id = m.id
              WHERE m.state = 'sent' AND i.subject_en IS NOT NULL
             ON CONFLICT ON CONSTRAINT uq_notification_delivery DO NOTHING
           ),
           deliveries AS (
             -- A reminder's deliveries by uq_reminder_delivery, one reminder at a time (the
             -- lateral OFFSET 0 keeps the planner from hashing the whole table instead).
             SELECT d.reminder_id, d.state, d.attempts, d.last_error, d.updated_at
               FROM (SELECT DISTINCT reminder_id FROM input) x
              CROSS JOIN LATERAL (
                    SELECT id, reminder_id, state, attempts, last_error, updated_at FROM reminder_delivery
                     WHERE reminder_id = x.reminder_id OFFSET 0) d
              WHERE NOT EXISTS (SELECT 1 FROM marked m WHERE m.id = d.id)
             UNION ALL
             SELECT reminder_id, state, attempts, last_error, updated_at FROM marked
           ),
           verdict AS (
             SELECT s.reminder_id, s.failed, s.attempts, s.last_error, l.id IS NOT NULL AS open,
                    coalesce(l.version = v.version, false) AS fresh,
                    coalesce(l.version = v.version, false) AND NOT s.pending AS settles,
                    EXISTS (SELECT 1 FROM marked m WHERE m.reminder_id = s.reminder_id AND m.state <> 'pending') AS touch
               FROM (${deliverySummarySql}) s
               LEFT JOIN locked l ON l.id = s.reminder_id
               LEFT JOIN seen v ON v.id = s.reminder_id
           ),
           touched AS (
             UPDATE reminder r
                SET state = CASE WHEN v.settles THEN CASE WHEN v.failed THEN 'failed' ELSE 'sent' END ELSE r.state END,
                    sent_at = CASE WHEN v.settles THEN now() ELSE r.sent_at END,
                    attempts = CASE WHEN v.settles THEN v.attempts ELSE r.attempts END,
                    last_error = CASE WHEN v.settles THEN v.last_error ELSE r.last_error END,
                    updated_at = now()
               FROM verdict v
              WHERE r.id = v.reminder_id AND r.state = 'pending' AND (v.settles OR v.touch)
             RETURNING r.id, v.settles
           )
           SELECT v.reminder_id, coalesce(t.settles, false) AS settled, v.open, v.fresh
             FROM verdict v LEFT JOIN touched t ON t.id = v.reminder_id`,
  },
};
