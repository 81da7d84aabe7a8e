import Foundation
import Synchronization

/// Repeated measurements of one figure: median with min–max.
struct Measurement {
    var name: String
    var unit: String
    var samples: [Double]

    var median: Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// `RESULT`-style line the bench script parses, and a readable table row.
    var line: String {
        "RESULT measure=\(name) unit=\(unit) median=\(show(median)) min=\(show(samples.min() ?? 0)) max=\(show(samples.max() ?? 0)) runs=\(samples.count)"
    }

    /// Seconds to the millisecond (a warm report takes a few hundredths), anything else as ``format(_:)``.
    private func show(_ value: Double) -> String {
        unit == "s" && value < 100 ? String(format: "%.3f", value) : format(value)
    }
}

func format(_ value: Double) -> String {
    value >= 100 ? String(Int(value.rounded())) : String(format: "%.2f", value)
}

/// Wall-clock seconds of `body` (a monotonic clock; benchmarks are the only place Carelog reads one).
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Peak resident set size of this process so far, in MiB (Linux `VmHWM`).
func peakResidentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

/// Bytes LMDB uses for the store's pages (`data.mdb` may be sparse beyond them).
func usedBytes(ofStoreAt path: String) -> Int {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/data.mdb")
    return (attributes?[.size] as? NSNumber)?.intValue ?? 0
}

/// Runs `body(i)` on `count` dedicated threads at once and waits for all of them
/// (`DispatchQueue.concurrentPerform` would run only as many as there are cores).
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        Thread.detachNewThread {
            body(i)
            group.leave()
        }
    }
    group.wait()
}

/// Resident anonymous memory of this process now, in MiB (`RssAnon`: the heap, not LMDB's
/// file-backed map, whose pages the kernel may drop at any time).
func residentAnonymousMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("RssAnon:") {
        return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
    }
    return 0
}

/// Runs `body` while a sampler thread records the highest anonymous memory every 10 ms (every
/// 2 ms, reading `/proc/self/status` took about 3 % of the CPU of a rebuild on two cores).
func peakAnonymousMiB(during body: () throws -> Void) rethrows -> Double {
    let peak = Mutex(residentAnonymousMiB())
    let running = Mutex(true)
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        while running.withLock({ $0 }) {
            let now = residentAnonymousMiB()
            peak.withLock { $0 = max($0, now) }
            usleep(10_000)
        }
        done.signal()
    }
    defer {
        running.withLock { $0 = false }
        done.wait()
    }
    try body()
    return peak.withLock { $0 }
}
