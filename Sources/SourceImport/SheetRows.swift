import Foundation
import ZIPFoundation

/// The rows of one worksheet of an `.xlsx` workbook, read as its XML is unpacked
/// (``EntryPieces`` and ``XMLPieceScanner``): memory holds a few pieces of the XML and the row
/// being read, whatever the size of the sheet. A cell is its text: a shared string resolved, an
/// inline string's runs joined, a number or boolean as written, and `=` for a cell with a formula
/// (its cached result is not taken).
struct SheetRows {
    /// A row: its number in the sheet and its cells by 0-based column.
    struct Row {
        var number: Int
        /// The cells in the order their columns were first seen, each column once (a column
        /// written twice holds its last text).
        var cells: [(column: Int, text: String)] = []
        /// The highest column among ``cells`` (-1 when none).
        private var highest = -1

        init(number: Int) { self.number = number }

        /// Sets the text of `column`: appended when the column comes after every one seen (as in
        /// each sheet Excel writes), else replacing the column's earlier text, or appended.
        mutating func set(_ text: String, at column: Int) {
            if column <= highest, let index = cells.firstIndex(where: { $0.column == column }) {
                cells[index].text = text
                return
            }
            cells.append((column, text))
            highest = max(highest, column)
        }
    }

    private let pieces: PiecesHandle
    private let path: String
    private let strings: [String]
    private var scanner = XMLPieceScanner()
    private var previous = 0
    private var row: Row?
    private var cell = Cell()

    /// The cell being read.
    private struct Cell {
        var column: Int?
        var type: String?
        var formula = false
        var value = ""
        var inValue = false
        var inInline = false
        var inText = false
        var inPhonetic = false
    }

    /// Stops the unpacking when the last copy of a reader is dropped before the end.
    private final class PiecesHandle: Sendable {
        let pieces: EntryPieces
        init(_ pieces: EntryPieces) { self.pieces = pieces }
        deinit { pieces.cancel() }
    }

    /// The rows of `entry` (at `path`, named in messages), with `strings` the workbook's shared strings.
    init(archive: Archive, entry: Entry, path: String, strings: [String]) {
        pieces = PiecesHandle(EntryPieces(archive: archive, entry: entry))
        self.path = path
        self.strings = strings
    }

    /// The next row of the sheet (empty ones included), `nil` after the last.
    ///
    /// - Throws: ``RowProblem`` (row 0) when the sheet's XML cannot be unpacked or read.
    mutating func next() throws(RowProblem) -> Row? {
        while true {
            while let token = scanner.next() {
                if let done = take(token) { return done }
            }
            let piece: Data?
            do { piece = try pieces.pieces.next() } catch {
                throw RowProblem(row: 0, message: "cannot be unpacked (\(path) is damaged)")
            }
            guard let piece else {
                if row != nil { throw RowProblem(row: 0, message: "cannot be read (\(path) ends inside a row)") }
                return nil
            }
            scanner.feed(piece)
        }
    }

    /// Takes one token; returns the row it completes, if any.
    private mutating func take(_ token: XMLPieceScanner.Token) -> Row? {
        switch token {
        case .start(let name, let attributes, let selfClosing):
            switch name {
            case "row":
                let number = attributes["r"].flatMap { Int($0) } ?? previous + 1
                previous = number
                let started = Row(number: number)
                if selfClosing { return started }
                row = started
            case "c" where row != nil:
                cell = Cell()
                let (reference, type) = attributes.values("r", "t")
                cell.column = reference.flatMap(XLSXSourceReader.columnIndex) ?? row?.cells.count
                cell.type = type
                if selfClosing { finishCell() }
            case "f": cell.formula = true
            case "v": cell.inValue = !selfClosing
            case "is": cell.inInline = !selfClosing
            case "rPh": cell.inPhonetic = !selfClosing
            case "t" where cell.inInline && !cell.inPhonetic: cell.inText = !selfClosing
            default: break
            }
        case .end(let name):
            switch name {
            case "row":
                defer { row = nil }
                return row
            case "c": finishCell()
            case "v": cell.inValue = false
            case "is": cell.inInline = false
            case "rPh": cell.inPhonetic = false
            case "t": cell.inText = false
            default: break
            }
        case .text(let text):
            if cell.inValue || cell.inText { cell.value += text }
        }
        return nil
    }

    private mutating func finishCell() {
        guard row != nil, let column = cell.column else { return }
        let text: String
        if cell.formula {
            text = "="
        } else if cell.type == "s" {
            text = Int(cell.value).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        } else {
            text = cell.value
        }
        row?.set(text, at: column)
        cell = Cell()
    }

    /// The shared strings of a workbook (`xl/sharedStrings.xml`), read as the entry is unpacked:
    /// each `si`'s text runs joined (phonetic runs left out).
    static func sharedStrings(archive: Archive, entry: Entry, path: String) throws(RowProblem) -> [String] {
        let pieces = EntryPieces(archive: archive, entry: entry)
        defer { pieces.cancel() }
        var scanner = XMLPieceScanner()
        var strings: [String] = []
        var current: String?
        var inText = false
        var inPhonetic = false
        while true {
            while let token = scanner.next() {
                switch token {
                case .start("si", _, let selfClosing): if selfClosing { strings.append("") } else { current = "" }
                case .end("si"):
                    strings.append(current ?? "")
                    current = nil
                case .start("rPh", _, let selfClosing): inPhonetic = !selfClosing
                case .end("rPh"): inPhonetic = false
                case .start("t", _, let selfClosing): inText = !selfClosing && !inPhonetic && current != nil
                case .end("t"): inText = false
                case .text(let text): if inText { current? += text }
                default: break
                }
            }
            let piece: Data?
            do { piece = try pieces.next() } catch {
                throw RowProblem(row: 0, message: "cannot be unpacked (\(path) is damaged)")
            }
            guard let piece else { return strings }
            scanner.feed(piece)
        }
    }
}
