import Foundation
import OtelOTLP

/// A failure to run the Python OTLP receiver (scripts/otlp_receiver.py).
enum ReceiverError: Error, CustomStringConvertible {
    case setupFailed(String)
    case startFailed(String)
    case controlFailed(String)

    var description: String {
        switch self {
        case .setupFailed(let detail): return "could not set up .venv for the OTLP receiver: \(detail)"
        case .startFailed(let detail): return "the OTLP receiver did not start: \(detail)"
        case .controlFailed(let detail): return "the OTLP receiver's control endpoint failed: \(detail)"
        }
    }
}

/// Paths of the repository, found from this file's location.
enum RepositoryPaths {
    /// <repo>/Tests/OtelOTLPTests/Transport/OTLPReceiver.swift -> <repo>
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The venv's python after running scripts/setup-venv.sh once per test process (the script is
    /// idempotent and takes a lock, so parallel test processes are safe too).
    static let python: Result<String, ReceiverError> = {
        let script = root.appendingPathComponent("scripts/setup-venv.sh").path
        do {
            let result = try runProcess("/bin/bash", [script], currentDirectory: root)
            guard result.status == 0 else {
                return .failure(.setupFailed("setup-venv.sh exited \(result.status): \(result.output)"))
            }
        } catch {
            return .failure(.setupFailed("\(error)"))
        }
        return .success(root.appendingPathComponent(".venv/bin/python").path)
    }()
}

/// Runs a program to completion; returns its exit status and combined output.
func runProcess(
    _ executable: String, _ arguments: [String], currentDirectory: URL? = nil
) throws -> (
    status: Int32, output: String
) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// One running `scripts/otlp_receiver.py`, stopped by ``stop()`` (or when released).
final class OTLPReceiver {
    struct Ports: Decodable {
        let http: Int
        let grpc: Int
        let https: Int?
        let grpcs: Int?
        /// The OTLP-only port that mode `down` closes (with `--data-port`).
        let data: Int?
    }

    /// What the receiver accepted (answered 2xx), per signal: `GET /counts`.
    struct Counts: Decodable {
        struct Signal: Decodable {
            /// Requests answered 2xx.
            let requests: Int
            /// Spans, log records or data points in them.
            let items: Int
            /// Metrics only: per metric name, the total of a sum's values or of a histogram's counts.
            let values: [String: Double]?
        }
        let traces: Signal
        let logs: Signal
        let metrics: Signal
    }

    let ports: Ports
    private let process: Process
    private let stdin: Pipe
    private let control: CurlHTTPClient

    /// Starts the receiver; `arguments` are extra command-line options (TLS files).
    init(arguments: [String] = []) throws {
        let python = try RepositoryPaths.python.get()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [RepositoryPaths.root.appendingPathComponent("scripts/otlp_receiver.py").path, "--max-seconds", "120"]
            + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()

        // The ready line is the first line on stdout; EOF first means the receiver died.
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                throw ReceiverError.startFailed("exited with \(process.terminationStatus) before it was ready")
            }
            buffer.append(chunk)
        }
        let line = buffer.prefix { $0 != UInt8(ascii: "\n") }
        self.ports = try JSONDecoder().decode(Ports.self, from: Data(line))
        self.process = process
        self.stdin = stdin
        self.control = try CurlHTTPClient(configuration: .init(timeoutMilliseconds: 5_000))
    }

    deinit {
        stop()
    }

    /// Closes the receiver's stdin (it exits by itself), then terminates it if it lingers.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline {
            usleep(20_000)
        }
        if process.isRunning {
            process.terminate()
        }
        process.waitUntilExit()
    }

    var httpURL: String { "http://127.0.0.1:\(ports.http)" }
    var grpcURL: String { "http://127.0.0.1:\(ports.grpc)" }
    var httpsURL: String { "https://127.0.0.1:\(ports.https ?? 0)" }
    var grpcsURL: String { "https://127.0.0.1:\(ports.grpcs ?? 0)" }
    var dataURL: String { "http://127.0.0.1:\(ports.data ?? 0)" }

    /// The counts of accepted requests and their items (see ``Counts``).
    func counts() throws -> Counts {
        let response = try control.send(HTTPRequest(method: .get, url: "\(httpURL)/counts"))
        guard response.status == 200 else {
            throw ReceiverError.controlFailed("GET /counts answered \(response.status)")
        }
        return try JSONDecoder().decode(Counts.self, from: Data(response.body))
    }

    /// Every request the receiver decoded, oldest first, as the JSON objects it reports.
    func received() throws -> [[String: Any]] {
        let response = try control.send(HTTPRequest(method: .get, url: "\(httpURL)/received"))
        guard response.status == 200,
            let list = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]]
        else {
            throw ReceiverError.controlFailed("GET /received answered \(response.status)")
        }
        return list
    }

    /// Sets the fault mode (a JSON object, see scripts/otlp_receiver.py).
    func setMode(_ json: String) throws {
        let response = try control.send(
            HTTPRequest(url: "\(httpURL)/mode", headers: [("Content-Type", "application/json")], body: Array(json.utf8))
        )
        guard response.status == 200 else {
            throw ReceiverError.controlFailed("POST /mode answered \(response.status)")
        }
    }
}

/// A closed port on 127.0.0.1: bound by the kernel's choice, then released.
func closedLocalPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ReceiverError.startFailed("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
        }
    }
    guard bound else { throw ReceiverError.startFailed("bind() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Reads a nested value from the receiver's JSON, e.g. `value(at: ["message", "resourceSpans", 0])`.
func jsonValue(_ root: Any?, _ path: [Any]) -> Any? {
    var current = root
    for key in path {
        if let name = key as? String {
            current = (current as? [String: Any])?[name]
        } else if let index = key as? Int {
            guard let list = current as? [Any], list.indices.contains(index) else { return nil }
            current = list[index]
        } else {
            return nil
        }
    }
    return current
}
