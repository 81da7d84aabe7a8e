/// The record ids of an export, kept compactly for the vanished-row report: an id written as a
/// plain decimal number (`700004`, no sign, no leading zero, at most 18 digits — ECM's visit ids) is kept
/// as its 8-byte value, exactly; any other id as its text. So a 200 MB ECM export's 2.4 million
/// ids take about 19 MB, not a hash set of strings.
///
/// Numbers are appended as rows come and sorted once (``seal()``) before the first look-up.
struct RecordIdSet {
    private var numbers: [UInt64] = []
    private var texts: Set<String> = []
    private var sealed = true

    /// Adds an id.
    mutating func insert(_ id: String) {
        if let number = Self.number(id) {
            numbers.append(number)
            sealed = false
        } else {
            texts.insert(id)
        }
    }

    /// Sorts the numbers and drops repeats, so ``contains(_:)`` can search them.
    mutating func seal() {
        guard !sealed else { return }
        numbers.sort()
        var kept = 0
        for index in numbers.indices where kept == 0 || numbers[index] != numbers[kept - 1] {
            numbers[kept] = numbers[index]
            kept += 1
        }
        numbers.removeLast(numbers.count - kept)
        sealed = true
    }

    /// Whether the id was inserted (after ``seal()``).
    func contains(_ id: String) -> Bool {
        precondition(sealed, "RecordIdSet.seal() must come before contains")
        guard let number = Self.number(id) else { return texts.contains(id) }
        var low = 0
        var high = numbers.count
        while low < high {
            let middle = (low + high) / 2
            if numbers[middle] < number { low = middle + 1 } else { high = middle }
        }
        return low < numbers.count && numbers[low] == number
    }

    /// The value of a plain decimal id (`0`, or digits not starting with `0`, at most 18 digits), else `nil`:
    /// two ids give the same value only when they are the same text.
    static func number(_ id: String) -> UInt64? {
        let utf8 = id.utf8
        guard let first = utf8.first, first &- 48 < 10, utf8.count <= 18, first != 48 || utf8.count == 1 else {
            return nil
        }
        var value: UInt64 = 0
        for byte in utf8 {
            guard byte &- 48 < 10 else { return nil }
            value = value * 10 + UInt64(byte &- 48)
        }
        return value
    }
}
