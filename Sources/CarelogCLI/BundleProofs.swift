import Foundation

/// `proofs.json` of an extract bundle (`Docs/proofs.md` §10): for every row of the extract, the
/// events it draws on and which disclosed field proves which cell; for every such event, its
/// leaf's digests, the disclosures the rows need and its audit path in the signed checkpoint's
/// tree; and, given the recipient's previous checkpoint, the consistency proof from it.
/// Keys are snake_case and sorted, so the same bundle always gives the same bytes.
struct BundleProofs: Codable, Equatable {
    /// One extract row: which events it draws on and which field proves which cell.
    struct Row: Codable, Equatable {
        /// The section of the JSON extract (1-based).
        var section: Int
        /// The row within the section (1-based).
        var row: Int
        /// The sequences of the events the row draws on, ascending; the first is the row's
        /// `sequence` cell.
        var events: [UInt64]
        /// The cells proved by a disclosed field.
        var cells: [Cell]
        /// The non-empty cells no logged field proves: computed from proved cells and the rules
        /// (deadlines, timeliness), pseudonyms, and follow-up lists.
        var unproved: [String]
    }

    /// A cell proved by one disclosed field of one event.
    struct Cell: Codable, Equatable {
        /// The column key in the JSON extract.
        var column: String
        /// The event whose field proves it.
        var sequence: UInt64
        /// The field's name in the leaf (e.g. `payload.category`).
        var field: String
    }

    /// One event's leaf, disclosures and audit path.
    struct Inclusion: Codable, Equatable {
        /// The event's sequence (leaf index + 1).
        var sequence: UInt64
        /// The leaf's version (1 or 2, `Docs/proofs.md` §2 and §11); absent in bundles made
        /// before leaf versions, meaning 1.
        var leafVersion: Int?
        /// Its event type (public in the leaf).
        var eventType: String
        /// Every field digest of the leaf, lower-case hex, in the leaf's (sorted) order.
        var fieldDigests: [String]
        /// The fields the rows show.
        var disclosures: [Disclosure]
        /// The audit path in the tree of the checkpoint's size, nearest sibling first.
        var proof: [String]
    }

    /// A disclosed field: its salt (32 hex digits), name and value (the logged JSON text).
    struct Disclosure: Codable, Equatable {
        var salt: String
        var name: String
        var value: String
    }

    /// The consistency proof from the checkpoint the recipient held.
    struct Consistency: Codable, Equatable {
        var oldSize: UInt64
        /// The old root, standard base64 (as in the checkpoint).
        var oldRoot: String
        var proof: [String]
    }

    /// `carelog-bundle/v2` (`v1`, from before leaf versions and slots, is still read).
    var format: String
    /// The checkpoint's tree size.
    var treeSize: UInt64
    /// The recipient's pseudonym slot, whose `pseudonym/<j>` and `incident/<j>` fields prove
    /// the pseudonym cells; absent for a recipient without a slot (pseudonyms unproved).
    var pseudonymSlot: Int?
    var rows: [Row]
    var inclusion: [Inclusion]
    var consistency: Consistency?

    /// The layout version written.
    static let formatName = "carelog-bundle/v2"
    /// The layout versions read.
    static let formatNames: Set<String> = ["carelog-bundle/v1", formatName]

    /// The JSON bytes (sorted keys, two-space pretty printing, final newline).
    func jsonBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [10]
    }

    /// Parses `proofs.json`.
    init(json: [UInt8]) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(BundleProofs.self, from: Data(json))
    }

    init(treeSize: UInt64, pseudonymSlot: Int?, rows: [Row], inclusion: [Inclusion], consistency: Consistency?) {
        self.format = Self.formatName
        self.treeSize = treeSize
        self.pseudonymSlot = pseudonymSlot
        self.rows = rows
        self.inclusion = inclusion
        self.consistency = consistency
    }
}
