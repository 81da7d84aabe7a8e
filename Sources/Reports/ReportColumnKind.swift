/// What a column holds, inferred from its cells; renderers use it for alignment (Markdown,
/// HTML) and for the extra numeric fields of fraction columns (CSV).
enum ReportColumnKind: Hashable, Sendable {
    /// Whole numbers and fractions only: right-aligned.
    case numeric
    /// RAG statuses only: centred.
    case rag
    /// Anything else: left-aligned.
    case general

    /// The kind of column `index` of `table`: numeric when every non-empty cell is an integer or
    /// a fraction, RAG when every non-empty cell is a RAG status, general otherwise (and for a
    /// column with no non-empty cells).
    static func of(column index: Int, in table: ReportTable) -> ReportColumnKind {
        var sawNumeric = false
        var sawRAG = false
        var sawOther = false
        for row in table.rows where index < row.count {
            switch row[index] {
            case .integer, .fraction, .quantity: sawNumeric = true
            case .rag: sawRAG = true
            case .empty: break
            case .text, .code, .date, .instant, .bullets, .record: sawOther = true
            }
        }
        if sawNumeric && !sawRAG && !sawOther { return .numeric }
        if sawRAG && !sawNumeric && !sawOther { return .rag }
        return .general
    }

    /// The keys of the record fields in column `index` of `table`, in order of first
    /// appearance (CSV adds a `<key><Field>` field for each); empty when no cell is a record.
    static func recordKeys(column index: Int, in table: ReportTable) -> [String] {
        var keys: [String] = []
        for row in table.rows where index < row.count {
            guard case .record(let fields) = row[index] else { continue }
            for field in fields where !keys.contains(field.key) { keys.append(field.key) }
        }
        return keys
    }

    /// Whether any cell in column `index` of `table` is a fraction (CSV then adds
    /// `<key>Numerator`, `<key>Denominator` and `<key>Percent` fields).
    static func hasFraction(column index: Int, in table: ReportTable) -> Bool {
        table.rows.contains { row in
            guard index < row.count, case .fraction = row[index] else { return false }
            return true
        }
    }
}
