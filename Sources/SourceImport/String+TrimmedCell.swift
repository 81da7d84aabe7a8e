import Foundation

extension String {
    /// The cell without leading and trailing white space and line breaks. A cell that starts and
    /// ends with a visible ASCII character (most cells) is returned as it is, without asking
    /// Foundation (which bridges the string): only a cell that may have white space at an end is
    /// trimmed by `trimmingCharacters(in: .whitespacesAndNewlines)`.
    var trimmedCell: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
