/// The pseudonym slot fields a v2 leaf adds (`Docs/proofs.md` §11): for an event that names a
/// person, one field `pseudonym/<j>` per slot `j`, and for an event that names an incident, one
/// field `incident/<j>` per slot. A field's value is the JSON text of the reference recipient
/// `j` sees in its extracts: `"PSN-<16 hex>"`, the first 16 hex digits of
/// `HMAC-SHA256(K_j, "person:<id>")`, or `"INC-<16 hex>"` of `HMAC-SHA256(K_j, "incident:<id>")`,
/// with `K_j` the slot key (``PseudonymRootKey/slotKey(_:)``) — the same text
/// `SubjectReference` gives under that key, quoted as a payload member's JSON text is.
///
/// Computing many leaves, the values of an id are kept (one HMAC per id and slot for the whole
/// run, not per event); the HMAC key blocks are absorbed once per slot.
package struct PseudonymSlots {
    /// What a slot field names.
    package enum Kind: Sendable {
        /// A person (`pseudonym/<j>`, `PSN-`, HMAC message `person:<id>`).
        case person
        /// An incident (`incident/<j>`, `INC-`, HMAC message `incident:<id>`).
        case incident

        /// The field name's prefix before the slot number.
        package var fieldPrefix: String { self == .person ? "pseudonym/" : "incident/" }
        /// The reference's prefix.
        var referencePrefix: String { self == .person ? "PSN-" : "INC-" }
        /// The HMAC message's prefix before the id.
        var messagePrefix: String { self == .person ? "person:" : "incident:" }
    }

    /// Length of a slot field's value: a quote, `PSN-`, 16 hex digits, a quote.
    package static let valueLength = 22

    /// Per slot, HMAC-SHA256 with its key (RFC 2104): the inner and outer hashes after the key block.
    private let inner: [SHA256Stream]
    private let outer: [SHA256Stream]
    /// The values of each id seen (every slot's, concatenated), by HMAC message.
    private var cache: [String: [UInt8]] = [:]
    /// Ids kept at most (a log names far fewer people and incidents; the cache is cleared past it).
    private static let cacheLimit = 1 << 20

    package init(root: PseudonymRootKey) {
        var inner: [SHA256Stream] = []
        var outer: [SHA256Stream] = []
        for slot in 0..<PseudonymRootKey.slotCount {
            // A slot key is 32 bytes: the key block is the key padded with zeroes to 64 bytes.
            var block = root.slotKey(slot) + [UInt8](repeating: 0, count: 32)
            for i in block.indices { block[i] ^= 0x36 }
            inner.append(block.withUnsafeBytes { SHA256Stream(absorbing: $0) })
            for i in block.indices { block[i] ^= 0x36 ^ 0x5c }
            outer.append(block.withUnsafeBytes { SHA256Stream(absorbing: $0) })
        }
        self.inner = inner
        self.outer = outer
    }

    /// The field name of `kind` for `slot`, e.g. `pseudonym/0`.
    package static func fieldName(_ kind: Kind, slot: Int) -> String { kind.fieldPrefix + String(slot) }

    /// The slot fields (name and JSON text) of `kind` for the id `id`, slot 0 first.
    package mutating func fields(_ kind: Kind, id: String) -> [(name: String, value: String)] {
        var id = id
        return id.withUTF8 { bytes in
            let all = self.values(kind, id: UnsafeRawBufferPointer(bytes))
            return (0..<PseudonymRootKey.slotCount).map { slot in
                let value = all[(slot * Self.valueLength)..<((slot + 1) * Self.valueLength)]
                return (Self.fieldName(kind, slot: slot), String(decoding: value, as: UTF8.self))
            }
        }
    }

    /// Every slot's value (JSON text, ``valueLength`` bytes each, slot 0 first) of `kind` for `id`.
    package mutating func values(_ kind: Kind, id: UnsafeRawBufferPointer) -> [UInt8] {
        let message = kind.messagePrefix + String(decoding: id, as: UTF8.self)
        if let values = cache[message] { return values }
        var values: [UInt8] = []
        values.reserveCapacity(Self.valueLength * PseudonymRootKey.slotCount)
        let digits = Array("0123456789abcdef".utf8)
        var text = message
        text.withUTF8 { bytes in
            for slot in 0..<PseudonymRootKey.slotCount {
                var mac = inner[slot]
                mac.update(UnsafeRawBufferPointer(bytes))
                let innerDigest = mac.finalize()
                var outerHash = outer[slot]
                innerDigest.withBytes { outerHash.update($0) }
                let code = outerHash.finalize()
                values.append(0x22)
                values.append(contentsOf: kind.referencePrefix.utf8)
                code.withBytes(count: 8) { raw in
                    for byte in raw {
                        values.append(digits[Int(byte >> 4)])
                        values.append(digits[Int(byte & 0x0F)])
                    }
                }
                values.append(0x22)
            }
        }
        if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[message] = values
        return values
    }

    /// The id a payload member's JSON text names, for slot fields: the contents of a non-empty
    /// JSON string without escapes; nil for any other value (no slot fields are added).
    package static func id(fromJSONText value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard value.count > 2, value[0] == 0x22, value[value.count - 1] == 0x22 else { return nil }
        let contents = UnsafeRawBufferPointer(rebasing: value[1..<(value.count - 1)])
        guard !contents.contains(0x5C), !contents.contains(0x22) else { return nil }
        return contents
    }
}
