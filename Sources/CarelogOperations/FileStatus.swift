import Foundation

/// What `lstat(2)` says of a path (read through `FileManager`, which does not follow a final
/// symbolic link): whether it is a directory, and its permission bits. `nil` when nothing is there.
package struct FileStatus {
    /// Whether the path names a directory.
    package var isDirectory: Bool
    /// The permission bits, e.g. `0o600`.
    package var permissions: Int

    /// The status of `path`; `nil` when it does not exist or cannot be read.
    package init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        isDirectory = (attributes[.type] as? FileAttributeType) == .typeDirectory
        permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
    }

    /// Whether anyone but the owner may read, write or search it.
    package var isOpenToOthers: Bool { permissions & 0o077 != 0 }
}
