import LMDBStorage

extension LMDBEventStore {
    /// Drops the process's mapping of the store's pages read so far (they stay in the kernel's
    /// page cache): a long import calls it as it goes, so the pages of the log it has written and
    /// read back do not all stay in its resident memory. Safe while other threads read.
    package func releaseMappedPages() { env.releaseMappedPages() }
}
