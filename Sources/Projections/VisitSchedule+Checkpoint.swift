/// The schedule saved with the access register: the interned ids, the visit ids in slot order,
/// then each column's integers copied whole, so a service resumes three million visits in a
/// fraction of a second instead of decoding each one.
extension VisitSchedule: FoldStateCodable {
    func write(to writer: inout FoldStateWriter) {
        writer.reserve(savedByteCount)
        writer.array(names) { $0.string($1) }
        var ids = [String](repeating: "", count: slots.count)
        for (id, slot) in slots { ids[Int(slot)] = id }
        writer.array(ids) { $0.string($1) }
        writer.integers(planSequence)
        writer.integers(planPerson)
        writer.integers(planDay)
        writer.integers(planTeam)
        writer.integers(planStaffStart)
        writer.integers(planStaffCount)
        writer.integers(firstCheck)
        writer.integers(staffPool)
        writer.integers(checkSequence)
        writer.integers(checkStaff)
        writer.integers(nextCheck)
        writer.array(byPerson) { $0.integers($1) }
        writer.array(byStaff) { $0.integers($1) }
    }

    /// About the size of the saved form (a little over: varint counts are taken at their widest).
    var savedByteCount: Int {
        let text = names.reduce(0) { $0 + $1.utf8.count + 10 } + slots.keys.reduce(0) { $0 + $1.utf8.count + 10 }
        let visits = slots.count * (8 + 4 * 6)
        let checks = checkSequence.count * (8 + 4 + 4)
        let lists = (byPerson + byStaff).reduce(0) { $0 + $1.count * 8 + 10 }
        return text + visits + checks + staffPool.count * 4 + lists + 16 * 10
    }

    init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        self.init()
        names = try reader.array { reader throws(FoldStateDecodingError) in try reader.string() }
        numbers.reserveCapacity(names.count)
        for (number, name) in names.enumerated() { numbers[name] = Int32(number) }
        let ids = try reader.array { reader throws(FoldStateDecodingError) in try reader.string() }
        slots.reserveCapacity(ids.count)
        for (slot, id) in ids.enumerated() { slots[id] = Int32(slot) }
        planSequence = try reader.integers(UInt64.self)
        planPerson = try reader.integers(Int32.self)
        planDay = try reader.integers(Int32.self)
        planTeam = try reader.integers(Int32.self)
        planStaffStart = try reader.integers(Int32.self)
        planStaffCount = try reader.integers(Int32.self)
        firstCheck = try reader.integers(Int32.self)
        staffPool = try reader.integers(Int32.self)
        checkSequence = try reader.integers(UInt64.self)
        checkStaff = try reader.integers(Int32.self)
        nextCheck = try reader.integers(Int32.self)
        byPerson = try reader.array { reader throws(FoldStateDecodingError) in try reader.integers(UInt64.self) }
        byStaff = try reader.array { reader throws(FoldStateDecodingError) in try reader.integers(UInt64.self) }
        try check()
    }

    /// Refuses a saved schedule whose columns disagree with each other or point outside them (a
    /// damaged cache entry is then ignored and the register folded again, never trusted).
    private func check() throws(FoldStateDecodingError) {
        let visits = slots.count
        let checks = checkSequence.count
        func fail(_ what: String) -> FoldStateDecodingError {
            FoldStateDecodingError(offset: 0, expected: "a visit schedule whose \(what)")
        }
        guard numbers.count == names.count else { throw fail("ids are distinct") }
        for column in [planPerson, planDay, planTeam, planStaffStart, planStaffCount, firstCheck]
        where column.count != visits {
            throw fail("columns have one entry per visit")
        }
        guard planSequence.count == visits, checkStaff.count == checks, nextCheck.count == checks else {
            throw fail("columns have one entry per visit and per check")
        }
        let inNames = { (number: Int32) in number >= 0 && Int(number) < names.count }
        let inChecks = { (check: Int32) in check == Self.none || (check >= 0 && Int(check) < checks) }
        for slot in 0..<visits where planSequence[slot] != 0 {
            let start = Int(planStaffStart[slot])
            let count = Int(planStaffCount[slot])
            guard inNames(planPerson[slot]), planTeam[slot] == Self.none || inNames(planTeam[slot]),
                start >= 0, count >= 0, start <= staffPool.count - count
            else { throw fail("plans name known ids") }
        }
        guard firstCheck.allSatisfy(inChecks), nextCheck.allSatisfy(inChecks), checkStaff.allSatisfy(inNames),
            staffPool.allSatisfy(inNames)
        else { throw fail("checks name known ids") }
        for lists in [byPerson, byStaff] {
            guard lists.count <= names.count,
                lists.allSatisfy({ $0.allSatisfy { Int(UInt32(truncatingIfNeeded: $0)) < visits } })
            else { throw fail("indexes name known visits") }
        }
    }
}
