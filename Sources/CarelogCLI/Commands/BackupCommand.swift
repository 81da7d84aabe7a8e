import ArgumentParser
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog

/// `carelog backup DEST`: a consistent, compacted copy of a live store, verified.
package struct BackupCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent, compacted copy of the store, then verify the copy.",
        discussion: """
            Safe while other processes append (the copy is one consistent snapshot). The \
            destination directory must be new or empty; it is made 0700 and every file in it \
            0600. The copy is an ordinary store: open it with --store DEST. The keys \
            (STORE/keys: pseudonym keys, the log's signing and field-salt keys) are copied only with --include-keys: keep such a backup as safe as the \
            keys themselves.

            Exit codes: 0 copied and verified; 1 the copy did not verify; 74 store or I/O error.

            Example:
              carelog backup /backups/carelog-$(date +%F)
              carelog backup --include-keys /secure/carelog-with-keys-$(date +%F)
            """)

    @OptionGroup package var storeOptions: StoreOptions

    @Flag(name: .long, help: "Also copy the keys (STORE/keys: pseudonym, signing and field-salt keys), owner-only.")
    package var includeKeys = false

    @Argument(help: ArgumentHelp("The new backup directory (must be empty or absent).", valueName: "dest"))
    package var destination: String

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let storePath = storeOptions.path(in: environment)
        let store = try StoreAccess.open(storePath, environment)
        do { try store.backup(to: destination) } catch { throw CarelogError.from(error) }
        if includeKeys { try Self.copyKeys(from: storePath, to: destination) }
        let copy = try StoreAccess.open(destination, environment, readOnly: true)
        let report = try VerifyCommand.verify(copy, against: nil, environment)
        guard report.isValid else {
            try VerifyCommand.print(report, checkpoint: nil, environment)
            return
        }
        environment.output.line(
            "backed up \(report.eventsChecked) events to \(destination); the copy verifies: head sequence \(report.head.sequence) hash \(report.head.headHash.hex)"
        )
        if includeKeys {
            environment.output.line("copied the keys to \(PseudonymKeyFile.directory(store: destination))")
        }
    }

    /// Copies every file of the store's `keys` directory (pseudonym keys, the log's signing and
    /// field-salt keys, the last signed checkpoint, and the `signed/` history of every signed
    /// checkpoint) into `destination/keys` (directories 0700, files 0600).
    static func copyKeys(from store: String, to destination: String) throws(CarelogError) {
        try copyPrivateFolder(
            PseudonymKeyFile.directory(store: store), to: PseudonymKeyFile.directory(store: destination))
    }

    /// Copies `source`'s files, and those of its folders, into `target` (0700, files 0600).
    private static func copyPrivateFolder(_ source: String, to target: String) throws(CarelogError) {
        try OutputFile.makePrivateDirectory(target)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: source)) ?? [])
            .filter { !$0.hasPrefix(".") }
            .sorted()
        for name in names {
            let path = (source as NSString).appendingPathComponent(name)
            let copy = (target as NSString).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                try copyPrivateFolder(path, to: copy)
                continue
            }
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw .storeOrIO("cannot read the key file \(name) in \(source)")
            }
            try OutputFile.writePrivate(Array(bytes), to: copy, displayName: "the copy of \(name)")
        }
    }
}
