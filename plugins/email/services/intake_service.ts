/**
 * Where every raw email enters the product, whatever brought it: the
 * IMAP fetcher, the SMTP listener or `email:import`.
 *
 * Contract (shared by the fetcher, the listener and the importer):
 *
 *   receive({ tenantId, mailboxId, source, sourceKey, raw })
 *     -> { status: 'processed' | 'held' | 'failed' | 'ignored' | 'duplicate',
 *          inboundMessageId, ticketId?, reason? }
 *
 * - `source` is 'imap' | 'smtp' | 'import'.
 * - `sourceKey` is the message's identity within the tenant:
 *   `imap:<mailboxId>:<uidvalidity>:<uid>` when fetching, and
 *   `sha256:<hex of raw bytes>` for SMTP intake and import.
 * - The raw bytes are stored (content-addressed) before parsing.
 * - It never throws for bad input: a message that cannot be parsed
 *   or threaded is kept as `failed` with the reason.
 */
export {}
