import LMDBStorage

extension LMDBEventStore {
    /// Drops the process's mapping of the store's pages read so far (they stay in the kernel's
    /// page cache): a long import calls it after each chunk, so its resident memory is bounded by
    /// the chunk, not by the log it has read and written. Safe while other threads read.
    package func releaseMappedPages() { env.releaseMappedPages() }
}
