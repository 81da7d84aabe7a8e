import ArgumentParser
import CareRecord
import EventLog
import Foundation
import LMDBEventLog

/// Hostile input: seeded mutations of valid NDJSON lines (invalid UTF-8, deep nesting, huge
/// strings and numbers, duplicate keys, wrong types, impossible dates, odd time zones,
/// negative durations, references to missing visits and complaints, random bytes) fed to the
/// line parser, the validators and the importer. Every input must end in a clear error or a
/// valid event — never a crash, a hang or a partial append.
struct Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fuzz the NDJSON parser, validators and importer with malformed events.")

    @Option(help: "Mutated inputs to try.") var iterations = 5000
    @Option(help: "Random seed.") var seed: UInt64 = 20_201_129
    @Option(help: "Valid NDJSON lines to mutate.") var seeds = "Docs/examples/partnership-sample.ndjson"
    @Option(help: "Regression corpus: every file in it is replayed first (one input per file).") var corpus: String?
    @Option(help: "Where to save inputs that misbehave.") var saveFailures: String?
    @Option(help: "Slowest acceptable input, in milliseconds.") var slowMilliseconds = 2000

    func run() throws {
        let seedLines = try String(contentsOfFile: seeds, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) }
        guard !seedLines.isEmpty else { throw ValidationError("no seed lines in \(seeds)") }
        guard let now = Timestamp(iso8601: "2021-06-30T23:59:00Z") else { throw ValidationError("bad fixed clock") }
        let validator = EventValidator(now: now)
        var rng = ProbeRandom(state: seed)
        var inputs: [(name: String, bytes: [UInt8])] = []
        if let corpus, let files = try? FileManager.default.contentsOfDirectory(atPath: corpus) {
            for file in files.sorted() {
                inputs.append(
                    ("corpus/\(file)", [UInt8](try Data(contentsOf: URL(fileURLWithPath: corpus + "/" + file)))))
            }
        }
        let corpusCount = inputs.count
        for i in 0..<iterations {
            let base = pick(seedLines, using: &rng)
            inputs.append(("mutation-\(i)", Mutator.mutate(base, using: &rng)))
        }

        var valid = 0
        var rejected = 0
        var unclear = 0
        var slow = 0
        var slowest = 0.0
        for input in inputs {
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = Self.check(input.bytes, validator: validator)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            slowest = max(slowest, ms)
            switch outcome {
            case .valid:
                valid += 1
                if input.name.hasPrefix("corpus/") { print("\(input.name): valid") }
            case .rejected(let message):
                rejected += 1
                if input.name.hasPrefix("corpus/") { print("\(input.name): \(message)") }
            case .unclear(let why):
                unclear += 1
                save(input, reason: why)
            }
            if ms > Double(slowMilliseconds) {
                slow += 1
                save(input, reason: "took \(Int(ms)) ms")
            }
        }

        // Atomicity: a batch of valid lines with one hostile line appends nothing.
        let atomicRounds = max(1, iterations / 100)
        var partial = 0
        let store = InMemoryEventStore(clock: { now })
        for _ in 0..<atomicRounds {
            var lines = seedLines.shuffled(using: &rng).prefix(6).map { $0 }
            lines.insert(
                Mutator.mutate(pick(seedLines, using: &rng), using: &rng),
                at: Int.random(in: 0...lines.count, using: &rng))
            let before = try store.checkpoint().sequence
            let (parsed, errors) = NDJSONReader.readAll(Array(lines.joined(separator: [0x0A])))
            var planner = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store))
            if errors.isEmpty, let chunks = try? planner.plan(parsed) {
                for chunk in chunks { _ = try? store.append(chunk.batch) }
            } else if try store.checkpoint().sequence != before {
                partial += 1
            }
        }
        print(
            "fuzz: \(inputs.count) inputs (\(corpusCount) from the regression corpus), \(valid) valid, \(rejected) rejected with a clear error, \(unclear) unclear, \(slow) slower than \(slowMilliseconds) ms (slowest \(Int(slowest)) ms), \(atomicRounds) mixed batches with \(partial) partial appends, 0 crashes"
        )
        if unclear > 0 || slow > 0 || partial > 0 { throw ExitCode(1) }
    }

    enum Outcome {
        case valid
        case rejected(String)
        case unclear(String)
    }

    /// Parses and validates one input line; an error must name a field or say what is wrong.
    static func check(_ bytes: [UInt8], validator: EventValidator) -> Outcome {
        do {
            let line = try EventLine.parse(bytes, line: 1)
            if let problem = validator.problems(with: line, lookup: EmptyReferenceLookup()).first {
                return clear(problem)
                    ? .rejected(problem.description) : .unclear("validation error without a clear message: \(problem)")
            }
            // A valid event must survive its own round trip.
            let again = try EventLine.parse(Array(line.ndjson.utf8), line: 1)
            return again.event == line.event ? .valid : .unclear("valid event changed on round trip")
        } catch {
            return clear(error)
                ? .rejected(error.description) : .unclear("parse error without a clear message: \(error)")
        }
    }

    private static func clear(_ error: CatalogueError) -> Bool {
        let text = error.description
        return text.contains("line 1") && text.count > 15 && text.count < 600
    }

    private func save(_ input: (name: String, bytes: [UInt8]), reason: String) {
        FileHandle.standardError.write(Data("\(input.name): \(reason)\n".utf8))
        guard let saveFailures else { return }
        try? FileManager.default.createDirectory(atPath: saveFailures, withIntermediateDirectories: true)
        let name = "\(EventHash.sha256(of: input.bytes).hex.prefix(16)).ndjson"
        _ = FileManager.default.createFile(atPath: saveFailures + "/" + name, contents: Data(input.bytes))
    }
}

/// Ways of spoiling a valid line.
enum Mutator {
    static func mutate(_ line: [UInt8], using rng: inout ProbeRandom) -> [UInt8] {
        var text = String(decoding: line, as: UTF8.self)
        switch Int.random(in: 0..<14, using: &rng) {
        case 0:  // flip a byte
            var bytes = line
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            return bytes
        case 1:  // truncate
            return Array(line.prefix(Int.random(in: 0..<line.count, using: &rng)))
        case 2:  // invalid UTF-8 inside a string
            var bytes = line
            if let quote = bytes.indices.filter({ bytes[$0] == 0x22 }).randomElement(using: &rng) {
                bytes.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xFE], at: quote + 1)
            }
            return bytes
        case 3:  // deep nesting
            let depth = Int.random(in: 100...100_000, using: &rng)
            return Array(
                (#"{"stream":"person/P1","type":"ServiceStarted","occurredAt":"2020-01-06T09:00:00Z","actor":"staff/S1","data":"#
                    + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}").utf8)
        case 4:  // huge string
            let huge = String(repeating: "x", count: Int.random(in: 1000...3_000_000, using: &rng))
            text = replaceFirstStringValue(text, with: huge, using: &rng)
        case 5:  // huge or odd numbers
            let numbers = [
                "1e999999", "-1e999999", "123456789012345678901234567890", "NaN", "-0", "0.0000001",
                "9223372036854775808", "-9223372036854775809",
            ]
            text = replaceFirstNumber(text, with: pick(numbers, using: &rng), using: &rng)
        case 6:  // duplicate key
            text = text.replacingOccurrences(of: #"{"stream":"#, with: #"{"stream":"person/DUPLICATE","stream":"#)
        case 7:  // wrong types
            let replacements = ["null", "[]", "{}", "true", "42", "\"\""]
            text = replaceFirstStringValue(text, with: nil, raw: pick(replacements, using: &rng), using: &rng)
        case 8:  // impossible dates
            let dates = ["2021-02-30", "2021-13-01", "2020-00-10", "2021-2-3", "20210203", "2100-02-29"]
            text = replaceMatching(text, pattern: #"\d{4}-\d{2}-\d{2}"#, with: pick(dates, using: &rng))
        case 9:  // times and zones
            let times = [
                "2020-01-01T25:00:00Z", "2020-01-01T10:00:00", "2020-01-01T10:00:00+25:00",
                "2020-01-01T10:00:00.1234567890Z", "2020-01-01T10:60:00Z", "2020-01-01 10:00:00Z",
            ]
            text = replaceMatching(
                text, pattern: #"\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})"#, with: pick(times, using: &rng))
        case 10:  // negative durations and counts
            text = replaceFirstNumber(text, with: "-\(Int.random(in: 1...500, using: &rng))", using: &rng)
        case 11:  // references to something missing
            text = text.replacingOccurrences(of: "visit/", with: "visit/MISSING-").replacingOccurrences(
                of: "complaint/", with: "complaint/MISSING-")
        case 12:  // unknown event type or field
            text =
                Bool.random(using: &rng)
                ? text.replacingOccurrences(of: #""type":""#, with: #""type":"Unknown"#)
                : text.replacingOccurrences(of: #""data":{"#, with: #""data":{"unexpectedField":1,"#)
        default:  // random bytes
            return (0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        return Array(text.utf8)
    }

    private static func replaceMatching(_ text: String, pattern: String, with replacement: String) -> String {
        guard let range = text.range(of: pattern, options: .regularExpression) else { return text }
        return text.replacingCharacters(in: range, with: replacement)
    }

    private static func replaceFirstNumber(_ text: String, with number: String, using rng: inout ProbeRandom) -> String
    {
        let matches = text.ranges(of: /:-?\d+(\.\d+)?/)
        guard let range = matches.randomElement(using: &rng) else { return text }
        return text.replacingCharacters(in: range, with: ":" + number)
    }

    private static func replaceFirstStringValue(
        _ text: String, with value: String?, raw: String? = nil, using rng: inout ProbeRandom
    ) -> String {
        let matches = text.ranges(of: /:"[^"]*"/)
        guard let range = matches.randomElement(using: &rng) else { return text }
        return text.replacingCharacters(in: range, with: ":" + (raw ?? "\"\(value ?? "")\""))
    }
}

/// One element of a non-empty array, drawn as `randomElement(using:)` draws it (same sequence).
func pick<Element>(_ elements: [Element], using rng: inout ProbeRandom) -> Element {
    elements[Int.random(in: 0..<elements.count, using: &rng)]
}
