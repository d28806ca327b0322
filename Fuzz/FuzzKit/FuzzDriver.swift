import FuzzSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One input of a target's seed corpus: a file name (without directory) and its bytes.
public struct FuzzSeed {
    /// The file name in `Fuzz/Corpus/<Target>/`.
    public let name: String
    /// The input.
    public let bytes: [UInt8]

    /// A seed with raw bytes.
    public init(_ name: String, _ bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    /// A seed with UTF-8 text.
    public init(_ name: String, _ text: String) {
        self.init(name, Array(text.utf8))
    }
}

/// Runs libFuzzer with a Swift closure as the per-input callback.
///
/// SwiftPM links an executable's `main.swift` as the program's `main` (its `<Module>_main`,
/// aliased to `main`), so libFuzzer's own `main` is never linked in; each fuzz target's
/// `main.swift` calls ``run(seeds:_:)`` instead, which hands the command line to
/// `LLVMFuzzerRunDriver`. The `LLVMFuzzerTestOneInput` symbol below exists only in case the
/// linker ever pulls in libFuzzer's `main`, which refers to it.
public enum FuzzDriver {
    nonisolated(unsafe) private static var body: ((UnsafeRawBufferPointer) -> Void)?

    /// Runs the fuzzing loop (or the reproduction of the inputs given on the command line) with
    /// `body` called once per input, then exits with libFuzzer's status.
    ///
    /// With `--write-seeds DIR` as the only arguments, writes the target's seed corpus (`seeds`)
    /// to `DIR` instead, one file per seed, and exits.
    public static func run(seeds: () -> [FuzzSeed], _ body: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--write-seeds" {
            exit(write(seeds(), to: arguments[2]))
        }
        self.body = body
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in FuzzDriver.testOneInput(data, size) })
    }

    fileprivate static func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        body?(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }

    private static func write(_ seeds: [FuzzSeed], to directory: String) -> Int32 {
        var names = Set<String>()
        for seed in seeds {
            guard names.insert(seed.name).inserted, !seed.name.contains("/") else {
                report("duplicate or invalid seed name \(seed.name)\n")
                return 1
            }
            let path = directory + "/" + seed.name
            guard let file = fopen(path, "wb") else {
                report("cannot create \(path)\n")
                return 1
            }
            let written = seed.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            guard fclose(file) == 0, written == seed.bytes.count else {
                report("cannot write \(path)\n")
                return 1
            }
        }
        return 0
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzDriver.testOneInput(data, size)
}

/// Fails the current input when `condition` is false: prints `message` and aborts, which
/// libFuzzer reports as a crash and saves the input.
///
/// Unlike `precondition`, the message is printed in optimized builds too.
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    guard !condition else { return }
    report("fuzzCheck failed: \(message())\n")
    abort()
}

private func report(_ text: String) {
    var line = text
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
