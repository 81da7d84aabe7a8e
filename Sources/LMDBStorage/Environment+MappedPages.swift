import CLMDB
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Environment {
    /// Drops this process's mapping of the data file's pages (they stay in the kernel's page
    /// cache, and are mapped again, from the file, when next read).
    ///
    /// LMDB reads every page through its memory map, and a mapped page counts in the process's
    /// resident memory for as long as the mapping lasts: a long import that touches most of the
    /// log would otherwise show a resident size that grows with the file, although none of it
    /// is the program's own memory. Safe at any time: the map is shared and read-only (writes go
    /// to the file), so a reader in another thread that touches a dropped page reads it again.
    ///
    /// LMDB does not tell where its map is, so the map is found by the data file's path in
    /// `/proc/self/maps` (Linux); elsewhere this does nothing.
    ///
    /// The ranges are looked up once and kept until the map is replaced (``grow()`` and
    /// ``adoptResizedMap()`` drop them under the exclusive resize lock, and this runs under the
    /// shared one), so an import that calls this as it goes does not read and parse
    /// `/proc/self/maps` each time.
    package func releaseMappedPages() {
        #if os(Linux)
        resizeLock.lockShared()
        defer { resizeLock.unlock() }
        for range in currentMappedRanges() {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: range.lowerBound), range.count, MADV_DONTNEED)
        }
        #endif
    }

    /// The ranges the last ``releaseMappedPages()`` unmapped, if they are still where the map is
    /// (empty once the map has been replaced, until the next release looks again).
    package var keptMappedRanges: [Range<UInt>] { knownMappedRanges.withLock { $0 } ?? [] }

    #if os(Linux)
    /// Where the data file is mapped now: kept from the last look-up, or found in
    /// `/proc/self/maps`. The caller holds the resize lock (shared at least).
    private func currentMappedRanges() -> [Range<UInt>] {
        if let kept = knownMappedRanges.withLock({ $0 }) { return kept }
        var directory: UnsafePointer<CChar>?
        guard mdb_env_get_path(handle, &directory) == 0, let directory,
            let dataFile = realpath(String(cString: directory) + "/data.mdb", nil)
        else { return [] }
        let path = String(cString: dataFile)
        free(dataFile)
        let ranges = Self.mappedRanges(ofFile: path)
        // Kept only when found: a map not found is looked for again next time.
        if !ranges.isEmpty { knownMappedRanges.withLock { $0 = ranges } }
        return ranges
    }
    #endif

    #if os(Linux)
    /// The address ranges where this process maps the file at `path` (absolute, resolved).
    package static func mappedRanges(ofFile path: String) -> [Range<UInt>] {
        let descriptor = open("/proc/self/maps", O_RDONLY)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var text: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = block.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            text += block[0..<count]
        }
        var ranges: [Range<UInt>] = []
        // Each line: `start-end perms offset device inode path`.
        for line in text.split(separator: 0x0A) {
            let fields = line.split(separator: 0x20, maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, String(decoding: fields[5].drop { $0 == 0x20 }, as: UTF8.self) == path else {
                continue
            }
            let bounds = fields[0].split(separator: 0x2D)
            guard bounds.count == 2, let start = UInt(String(decoding: bounds[0], as: UTF8.self), radix: 16),
                let end = UInt(String(decoding: bounds[1], as: UTF8.self), radix: 16), start < end
            else { continue }
            ranges.append(start..<end)
        }
        return ranges
    }
    #endif
}
