/**
 * Reads a list page's search term and page number. Lenient on
 * purpose: an over-long term is cut and a bad page number falls back
 * to the first page, since a search box should never answer with an
 * error.
 */
export function searchParams(qs: Record<string, unknown>) {
  const q =
    String(qs.q ?? '')
      .trim()
      .slice(0, 200) || null
  const page = Math.max(1, Number(qs.page ?? 1) || 1)
  return { q, page }
}
