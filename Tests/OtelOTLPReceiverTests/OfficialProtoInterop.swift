import Foundation

/// Runs Python snippets with the official `opentelemetry-proto` classes from the repository's
/// `.venv` (created on first use by `scripts/setup-venv.sh`, which is idempotent and locked).
enum OfficialProto {
    /// `<repo>`, from this file's location (`<repo>/Tests/OtelOTLPReceiverTests/…`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The venv's python, or why there is none.
    static let python: Result<String, InteropError> = {
        do {
            let result = try run("/bin/bash", [root.appendingPathComponent("scripts/setup-venv.sh").path])
            guard result.status == 0 else {
                return .failure(InteropError(message: "setup-venv.sh exited \(result.status): \(result.output)"))
            }
        } catch {
            return .failure(InteropError(message: "could not run setup-venv.sh: \(error)"))
        }
        return .success(root.appendingPathComponent(".venv/bin/python").path)
    }()

    struct InteropError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Runs `script` and returns its standard output as `label value` lines.
    static func outputs(of script: String) throws -> [String: String] {
        let result = try run(try python.get(), ["-c", script])
        guard result.status == 0 else {
            throw InteropError(message: "python exited \(result.status): \(result.output)")
        }
        var outputs: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            outputs[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return outputs
    }

    /// Hex text to bytes.
    static func bytes(hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { throw InteropError(message: "odd hex length") }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                throw InteropError(message: "bad hex")
            }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = root
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read stderr on another thread so neither pipe can fill up and stall the child.
        let errorText = LockedText()
        let reader = Thread { errorText.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorText.isSet { usleep(1_000) }
        let text = String(decoding: data, as: UTF8.self)
        return (process.terminationStatus, process.terminationStatus == 0 ? text : text + errorText.text)
    }

    private final class LockedText: @unchecked Sendable {
        private let lock = NSLock()
        private var data: Data?
        func set(_ value: Data) { lock.withLock { data = value } }
        var isSet: Bool { lock.withLock { data != nil } }
        var text: String { lock.withLock { String(decoding: data ?? Data(), as: UTF8.self) } }
    }
}
