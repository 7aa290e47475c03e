/**
 * A module loaded on first use and shared afterwards. Plugins import
 * their services lazily (nothing of theirs loads at boot), but a hot
 * path (an event per ingested message, a column per list page) must
 * not resolve the module anew on every call: each dynamic `import()`
 * goes through the module loader, and through its hooks when they are
 * installed. A failed load is tried again on the next call.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined
  return () =>
    (loading ??= load().catch((error) => {
      loading = undefined
      throw error
    }))
}
