/// The visits a saved state holds (compliance's visits in flight, visit delivery's visits of the
/// period), read in place from the saved bytes rather than rebuilt as a dictionary: a fold resumed
/// from the state looks up only the visits its new events touch (``find(_:)``), and saving copies
/// the untouched entries as they are.
///
/// The section's form (`Compliance.foldVersion` 3, `VisitDelivery.foldVersion` 2): the number of visits; the number of slots (0
/// when there are no visits, else a power of two at least twice the number of visits); the
/// entries' length in bytes and the entries, each a visit's id (its UTF-8 length and bytes) and its
/// fields as the visit type's ``SavedVisitEntry/write(to:team:)`` writes them; then the slots, four little-endian
/// bytes each: 0 for an empty slot, else 1 + the offset of an entry in the entries. A visit's
/// entry is in the first slot from its id's hash (``slot(of:mask:)``) on, by linear probing.
///
/// Reading checks the section's lengths and counts only: an entry is checked where it is read
/// (a lookup, or a walk when the state is saved again), and one that does not read as a visit
/// is reported (``Lookup/damaged``, a false walk) so the state is treated as a cache miss.
struct SavedVisits<Visit: SavedVisitEntry>: Sendable {
    /// What a lookup found.
    enum Lookup {
        /// No visit with this id is saved.
        case absent
        /// The visit, and its place (its entry's offset in the entries), which names it in a fold's taken set.
        case found(place: Int, visit: Visit)
        /// The bytes on the way to the answer do not read as a slot table and entries.
        case damaged
    }

    /// The saved value's bytes (the storage the state was read from, shared, not copied).
    private let bytes: [UInt8]
    /// Where the entries are in `bytes`.
    private let entries: Range<Int>
    /// Where the slots are in `bytes`.
    private let slots: Range<Int>
    /// How many slots (a power of two, or 0).
    private let slotCount: Int
    /// How many visits are saved.
    let count: Int
    /// The team names the entries refer to by place.
    let teams: [String]

    /// Reads the section's counts and lengths, keeping the entries and slots in place.
    init(from reader: inout FoldStateReader, teams: [String]) throws(FoldStateDecodingError) {
        let count = try reader.count()
        let slotCount = try reader.unsigned()
        let valid =
            count == 0
            ? slotCount == 0
            : slotCount.nonzeroBitCount == 1 && slotCount >= 2 * UInt64(count) && slotCount <= 1 << 31
        guard valid else { throw FoldStateDecodingError(offset: 0, expected: "a visits slot table") }
        let length = try reader.count()
        guard length >= count, count > 0 || length == 0 else {
            throw FoldStateDecodingError(offset: 0, expected: "visit entries")
        }
        let (bytes, entries) = try reader.section(length)
        let slots = try reader.section(Int(slotCount) * 4).range
        self.bytes = bytes
        self.entries = entries
        self.slots = slots
        self.slotCount = Int(slotCount)
        self.count = count
        self.teams = teams
    }

    /// The visit saved under `id`, if any.
    func find(_ id: String) -> Lookup {
        guard count > 0 else { return .absent }
        var id = id
        return id.withUTF8 { key in bytes.withUnsafeBytes { find(UnsafeRawBufferPointer(key), in: $0) } }
    }

    private func find(_ key: UnsafeRawBufferPointer, in raw: UnsafeRawBufferPointer) -> Lookup {
        let stored = UnsafeRawBufferPointer(rebasing: raw[entries])
        let mask = slotCount - 1
        var slot = Self.slot(of: key, mask: mask)
        for _ in 0..<slotCount {
            let value = Int(
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: slots.lowerBound + slot * 4, as: UInt32.self)))
            if value == 0 { return .absent }
            let place = value - 1
            guard place < stored.count else { return .damaged }
            var cursor = FoldStateCursor(stored, offset: place)
            do {
                let length = try cursor.count()
                let start = cursor.offset
                try cursor.skip(length)
                if length == key.count,
                    UnsafeRawBufferPointer(rebasing: stored[start..<start + length]).elementsEqual(key)
                {
                    return .found(place: place, visit: try Visit(from: &cursor, teams: teams))
                }
            } catch {
                return .damaged
            }
            slot = (slot + 1) & mask
        }
        // Every slot full: a table this section never writes.
        return .damaged
    }

    /// Calls `body` with each entry in the order saved: its place, its id's bytes, the whole
    /// entry's bytes and the visit. False (having stopped) when the entries do not read as
    /// ``count`` visits ending exactly at their end.
    func forEachEntry(
        _ body: (_ place: Int, _ id: UnsafeRawBufferPointer, _ entry: UnsafeRawBufferPointer, _ visit: Visit)
            -> Void
    ) -> Bool {
        bytes.withUnsafeBytes { raw in
            let stored = UnsafeRawBufferPointer(rebasing: raw[entries])
            var cursor = FoldStateCursor(stored, offset: 0)
            do {
                for _ in 0..<count {
                    let place = cursor.offset
                    let length = try cursor.count()
                    let start = cursor.offset
                    try cursor.skip(length)
                    let visit = try Visit(from: &cursor, teams: teams)
                    body(
                        place, UnsafeRawBufferPointer(rebasing: stored[start..<start + length]),
                        UnsafeRawBufferPointer(rebasing: stored[place..<cursor.offset]), visit)
                }
            } catch {
                return false
            }
            return cursor.offset == stored.count
        }
    }

    /// Every visit saved except those at `taken`, by id; nil when the entries are damaged.
    func visits(skipping taken: Set<Int>) -> [String: Visit]? {
        var table: [String: Visit] = [:]
        var distinct = true
        let intact = forEachEntry { place, id, _, visit in
            guard !taken.contains(place) else { return }
            if table.updateValue(visit, forKey: String(decoding: id, as: UTF8.self)) != nil { distinct = false }
        }
        return intact && distinct ? table : nil
    }

    /// Writes the section for the visits in flight: the entries of `saved` not at `taken`, copied
    /// as they were saved (their team places are those of `saved.teams`, which the state's team
    /// table begins with), then `added`, whose teams are written as `place(of:)` gives them. When
    /// `saved`'s entries are damaged the section written reads as damaged, so the state is a miss.
    static func write(
        saved: SavedVisits?, taken: Set<Int>, added: [String: Visit], place: (String) -> Int,
        to writer: inout FoldStateWriter
    ) {
        var stored = FoldStateWriter(capacity: (saved?.entries.count ?? 0) + added.count * 32)
        var places: [Int] = []
        var hashes: [UInt64] = []
        places.reserveCapacity((saved?.count ?? 0) + added.count)
        hashes.reserveCapacity(places.capacity)
        var intact = true
        if let saved {
            intact = saved.forEachEntry { entryPlace, id, entry, _ in
                guard !taken.contains(entryPlace) else { return }
                places.append(stored.bytes.count)
                hashes.append(hash(id))
                stored.raw(entry)
            }
        }
        for (id, visit) in added {
            places.append(stored.bytes.count)
            var id = id
            hashes.append(id.withUTF8 { hash(UnsafeRawBufferPointer($0)) })
            stored.string(id)
            visit.write(to: &stored, team: place(visit.team))
        }
        guard intact, stored.bytes.count < Int(UInt32.max) else {
            // One visit and no slots: refused when read back.
            writer.count(1)
            writer.unsigned(0)
            writer.count(0)
            return
        }
        let count = places.count
        var slotCount = count == 0 ? 0 : 2
        while slotCount < 2 * count { slotCount *= 2 }
        var table = [UInt32](repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for (entryPlace, hash) in zip(places, hashes) {
            var slot = slot(hash: hash, mask: mask)
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = UInt32(entryPlace + 1).littleEndian
        }
        writer.count(count)
        writer.unsigned(UInt64(slotCount))
        writer.count(stored.bytes.count)
        stored.bytes.withUnsafeBytes { writer.raw($0) }
        table.withUnsafeBytes { writer.raw($0) }
    }

    /// The 64-bit FNV-1a hash of an id's UTF-8 bytes (the same in every process, unlike `Hasher`).
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The first slot tried for a hash (its high half folded into the low bits the mask keeps).
    private static func slot(hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask }

    /// The first slot tried for an id.
    private static func slot(of key: UnsafeRawBufferPointer, mask: Int) -> Int { slot(hash: hash(key), mask: mask) }
}
