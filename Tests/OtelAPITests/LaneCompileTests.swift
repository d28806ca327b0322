import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A piece of code that uses the built `OtelAPI` module from outside the package.
struct CompileSnippet: Sendable, CustomTestStringConvertible {
    /// A file-name-safe identifier.
    let id: String
    /// What the snippet tries.
    let summary: String
    /// Statements run inside `probe(...)`, which has every kind of lane data in scope.
    let body: String
    /// Top-level declarations placed before `probe`.
    var declarations = ""
    /// For misuse: texts the compiler's diagnostics must contain.
    var diagnostics: [String] = []

    var testDescription: String { summary }

    var source: String {
        """
        import OtelAPI

        \(declarations)
        func probe(
            span: any Span,
            tracer: any Tracer,
            traceLane: any TraceLane,
            prompt: LaneValue<LogOnly>,
            safeValue: LaneValue<TraceSafe>,
            secret: LaneFields<LogOnly>,
            safe: LaneFields<TraceSafe>,
            secretEvent: LaneEvent<LogOnly>,
            safeEvent: LaneEvent<TraceSafe>
        ) {
        \(body)
        }

        """
    }

    static func misuse(_ id: String, _ summary: String, _ body: String, expect diagnostics: String...) -> Self {
        CompileSnippet(id: id, summary: summary, body: body, diagnostics: diagnostics)
    }

    static func allowed(_ id: String, _ summary: String, _ body: String) -> Self {
        CompileSnippet(id: id, summary: summary, body: body)
    }
}

private let valueToTraceSafe =
    "cannot convert value of type 'LaneValue<LogOnly>' to expected argument type 'LaneValue<TraceSafe>'"
private let fieldsToTraceSafe =
    "cannot convert value of type 'LaneFields<LogOnly>' to expected argument type 'LaneFields<TraceSafe>'"
private let eventToTraceSafe =
    "cannot convert value of type 'LaneEvent<LogOnly>' to expected argument type 'LaneEvent<TraceSafe>'"

/// Each of these must be refused by the compiler with a diagnostic that names the problem.
private let misuses: [CompileSnippet] = [
    .misuse(
        "value-as-span-attribute", "a LogOnly value as a span attribute",
        #"span.setAttribute("prompt", prompt)"#, expect: valueToTraceSafe),
    .misuse(
        "fields-to-setAttributes", "LogOnly fields to span.setAttributes", "span.setAttributes(secret)",
        expect: fieldsToTraceSafe),
    .misuse(
        "event-to-addEvent", "a LaneEvent<LogOnly> to span.addEvent", "span.addEvent(secretEvent)",
        expect: eventToTraceSafe),
    .misuse(
        "fields-into-trace-safe", "LogOnly fields appended to LaneFields<TraceSafe>",
        "var fields = safe\nfields.append(contentsOf: secret)\n_ = fields", expect: fieldsToTraceSafe),
    .misuse(
        "assign-to-trace-safe", "a LaneValue<LogOnly> assigned to a LaneValue<TraceSafe>",
        "var value = safeValue\nvalue = prompt\n_ = value",
        expect: "cannot assign value of type 'LaneValue<LogOnly>' to type 'LaneValue<TraceSafe>'"),
    .misuse(
        "annotated-trace-safe", "a LaneValue<LogOnly> bound to a LaneValue<TraceSafe> constant",
        "let value: LaneValue<TraceSafe> = prompt\n_ = value", expect: "'LaneValue<LogOnly>'", "'LaneValue<TraceSafe>'"),
    .misuse(
        "read-value", "reading .value of a LogOnly value", "_ = prompt.value",
        expect: "property 'value' requires the types 'LogOnly' and 'TraceSafe' be equivalent"),
    .misuse(
        "read-attribute", "reading .attribute from outside the package", "_ = prompt.attribute",
        expect: "'attribute' is inaccessible due to 'package' protection level"),
    .misuse(
        "read-attributes", "reading .attributes from outside the package",
        "_ = secret.attributes\n_ = secretEvent.fields.attributes",
        expect: "'attributes' is inaccessible due to 'package' protection level"),
    .misuse(
        "event-to-trace-lane", "a LaneEvent<LogOnly> to TraceLane.record", "traceLane.record(secretEvent)",
        expect: eventToTraceSafe),
    .misuse(
        "trace-safe-fields-init", "LaneFields<TraceSafe>(logOnlyFields)", "_ = LaneFields<TraceSafe>(secret)",
        expect: "no exact matches in call to initializer", "'LaneFields<LogOnly>'"),
    .misuse(
        "trace-safe-value-init", "LaneValue<TraceSafe>(logOnlyValue)", "_ = LaneValue<TraceSafe>(prompt)",
        expect: "'LaneValue<LogOnly>'"),
    .misuse(
        "plain-attribute-value", "a LaneValue<LogOnly> as a plain AttributeValue",
        "let value: AttributeValue = prompt\n_ = value", expect: "'LaneValue<LogOnly>'", "'AttributeValue'"),
    .misuse(
        "trace-safe-event-of-secret", "a LaneEvent<TraceSafe> built from LogOnly fields",
        #"_ = LaneEvent<TraceSafe>(target: .traceSafe, name: "x", fields: secret)"#, expect: fieldsToTraceSafe),
    .misuse(
        "trace-safe-literal-of-secret", "a LogOnly value in a LaneFields<TraceSafe> literal",
        #"let fields: LaneFields<TraceSafe> = ["prompt": prompt]"# + "\n_ = fields",
        expect: "cannot convert value of type 'LaneValue<LogOnly>' to expected dictionary value type "
            + "'LaneValue<TraceSafe>'"),
    .misuse(
        "declassify-needs-literal", "declassify with a computed justification",
        #"let why = "it is fine""# + "\n_ = prompt.declassify(why)",
        expect: "cannot convert value of type 'String' to expected argument type 'StaticString'"),
    .misuse(
        "heterogeneous-array", "a heterogeneous attribute array", #"_ = AttributeValue.stringArray(["a", 1])"#,
        expect: "cannot convert value of type 'Int' to expected element type 'String'"),
    .misuse(
        "session-trace-builder", "a LogOnly prompt set in a trace field builder, as SessionTelemetry builds events",
        #"let build: (inout LaneFields<TraceSafe>) -> Void = { fields in fields.set("prompt", prompt) }"#
            + "\n_ = build",
        expect: valueToTraceSafe),
    .misuse(
        "session-trace-metadata", "a LogOnly e-mail assigned into trace-safe metadata fields",
        #"var fields = LaneFields<TraceSafe>(minimumCapacity: 4)"# + "\n" + #"fields["user.email"] = prompt"#
            + "\n_ = fields",
        expect: "cannot assign value of type 'LaneValue<LogOnly>' to type 'LaneValue<TraceSafe>'"),
]

/// Each of these must compile without a diagnostic.
private let allowedForms: [CompileSnippet] = [
    .allowed(
        "literal-attributes", "literal attributes on a span",
        #"""
        span.setAttribute("k", "v")
        span.setAttribute("n", 1)
        span.setAttribute("ratio", 0.5)
        span.setAttribute("flag", true)
        """#),
    .allowed(
        "derivatives", "trace-safe derivatives of a LogOnly value on a span",
        #"""
        span.setAttribute("prompt_length", prompt.unicodeScalarCount)
        span.setAttribute("prompt_bytes", prompt.utf8Length)
        span.setAttribute("prompt_lines", prompt.lineCount)
        span.setAttribute("items", prompt.elementCount)
        """#),
    .allowed("declassify", "declassify with a literal reason", #"span.setAttribute("p", prompt.declassify("reason"))"#),
    .allowed(
        "safe-into-secret", "trace-safe fields appended into log-only fields",
        #"""
        var fields = secret
        fields.append(contentsOf: safe)
        fields.set("n", safeValue)
        _ = fields
        """#),
    .allowed(
        "literals-into-secret", "literal values set on log-only fields",
        #"""
        var fields = secret
        fields.set("k", "v")
        fields.set("n", 1)
        fields["flag"] = true
        _ = fields
        """#),
    .allowed("emit-both", "Otel.emit of both event types", "Otel.emit(secretEvent)\nOtel.emit(safeEvent)"),
    .allowed(
        "widen", "LaneFields<LogOnly>(traceSafeFields) and other widenings",
        """
        _ = LaneFields<LogOnly>(safe)
        _ = LaneValue<LogOnly>(safeValue)
        _ = safeEvent.widenedToLogLane
        """),
    .allowed(
        "trace-safe-on-spans", "trace-safe data on spans and the trace lane",
        #"""
        span.setAttribute("v", safeValue)
        span.setAttributes(safe)
        span.addEvent(safeEvent)
        traceLane.record(safeEvent)
        _ = safeValue.value
        _ = safe.plainAttributes
        """#),
    .allowed(
        "trace-safe-literal", "a LaneFields<TraceSafe> literal of derivatives",
        #"""
        let fields: LaneFields<TraceSafe> = ["prompt_length": prompt.unicodeScalarCount, "model": "gpt-5.1"]
        span.setAttributes(fields)
        """#),
    .allowed(
        "with-span", "withSpan with literal attributes",
        #"""
        tracer.withSpan("op", attributes: ["k": "v"]) { span in
            span.setAttribute("n", 1)
        }
        """#),
]

/// What the harness needs: the compiler, the directory of the built `OtelAPI` module and a
/// clang module cache.
private struct CompilerSetup: Sendable {
    var swiftc: String
    var modules: String
    var moduleCache: String

    static let shared: Result<CompilerSetup, SetupError> = locate()

    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    private static func locate() -> Result<CompilerSetup, SetupError> {
        guard let modules = modulesDirectory() else {
            return .failure(SetupError(description: "no OtelAPI.swiftmodule near the test executable"))
        }
        guard let swiftc = compiler() else {
            return .failure(SetupError(description: "swiftc not found next to the running toolchain or on PATH"))
        }
        // The build folder's own cache (`.build/<triple>/debug/ModuleCache`): warm, and nothing
        // accumulates in the temporary directory from run to run.
        var cache = URL(fileURLWithPath: modules)
        if cache.lastPathComponent == "Modules" { cache.deleteLastPathComponent() }
        cache.appendPathComponent("ModuleCache")
        do {
            try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        } catch {
            return .failure(SetupError(description: "cannot create \(cache.path): \(error)"))
        }
        return .success(CompilerSetup(swiftc: swiftc, modules: modules, moduleCache: cache.path))
    }

    /// Walks up from the test executable to the build folder (`.build*/<triple>/debug`) and
    /// returns the directory holding `OtelAPI.swiftmodule`.
    private static func modulesDirectory() -> String? {
        var starts: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append((exe as NSString).deletingLastPathComponent)
        }
        starts.append(Bundle.main.bundlePath)
        for start in starts {
            var directory = URL(fileURLWithPath: start).standardizedFileURL
            for _ in 0..<4 {
                for candidate in [directory.appendingPathComponent("Modules"), directory]
                where FileManager.default.fileExists(
                    atPath: candidate.appendingPathComponent("OtelAPI.swiftmodule").path)
                {
                    return candidate.path
                }
                if directory.path == "/" { break }
                directory.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// The `swiftc` of the toolchain whose runtime this process loaded, so that it can read the
    /// module the same toolchain built; then `PATH`; then the usual install location.
    private static func compiler() -> String? {
        var candidates: [String] = []
        if let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8),
            let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/lib/swift/linux/libswiftCore.so") }),
            let slash = line.firstIndex(of: "/")
        {
            // <toolchain>/usr/lib/swift/linux/libswiftCore.so → <toolchain>/usr/bin/swiftc
            var url = URL(fileURLWithPath: String(line[slash...]))
            for _ in 0..<4 { url.deleteLastPathComponent() }
            candidates.append(url.appendingPathComponent("bin/swiftc").path)
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(directory)/swiftc")
        }
        candidates.append("/opt/swift/usr/bin/swiftc")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Limits how many compilers run at once across the whole suite.
private actor CompilerSlots {
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { available = count }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            available += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

private let compilerSlots = CompilerSlots(2)

/// What became of a running process, shared with its termination handler and watchdog.
private final class ProcessWatch: Sendable {
    let exited = Atomic<Bool>(false)
    let timedOut = Atomic<Bool>(false)
    let watchdog = Mutex<Task<Void, Never>?>(nil)
}

private struct CompileOutcome {
    var status: Int32
    var timedOut: Bool
    var diagnostics: String
}

/// Type-checks `snippet` against the built module, with a timeout.
private func typecheck(_ snippet: CompileSnippet, timeout: Duration = .seconds(180)) async throws -> CompileOutcome {
    let setup = try CompilerSetup.shared.get()
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("otelapi-lane-\(snippet.id)-\(UInt64.random(in: 0...UInt64.max))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("\(snippet.id).swift").path
    let log = directory.appendingPathComponent("\(snippet.id).log").path
    try snippet.source.write(toFile: file, atomically: true, encoding: .utf8)
    guard FileManager.default.createFile(atPath: log, contents: nil) else {
        throw CompilerSetup.SetupError(description: "cannot create \(log)")
    }
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    defer { try? output.close() }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: setup.swiftc)
    process.arguments = [
        "-typecheck", "-swift-version", "6", "-diagnostic-style", "llvm", "-no-color-diagnostics",
        "-module-cache-path", setup.moduleCache, "-I", setup.modules, file,
    ]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = output

    await compilerSlots.acquire()
    let watch = ProcessWatch()
    let status: Int32
    do {
        status = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                watch.exited.store(true, ordering: .sequentiallyConsistent)
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            let watchdog = Task {
                try? await Task.sleep(for: timeout)
                if !watch.exited.load(ordering: .sequentiallyConsistent) {
                    watch.timedOut.store(true, ordering: .sequentiallyConsistent)
                    kill(pid, SIGKILL)
                }
            }
            watch.watchdog.withLock { $0 = watchdog }
        }
    } catch {
        await compilerSlots.release()
        throw error
    }
    watch.watchdog.withLock { $0?.cancel() }
    await compilerSlots.release()
    let diagnostics = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    return CompileOutcome(
        status: status, timedOut: watch.timedOut.load(ordering: .sequentiallyConsistent), diagnostics: diagnostics)
}

/// The lane fence is enforced by the compiler: these tests type-check small programs against the
/// built `OtelAPI` module, from outside the package, as a library that depends on it would.
@Suite("Lane fence at compile time")
struct LaneCompileTests {
    @Test(arguments: misuses)
    func misuseDoesNotCompile(_ snippet: CompileSnippet) async throws {
        let outcome = try await typecheck(snippet)
        #expect(outcome.timedOut == false, "swiftc timed out")
        #expect(outcome.status != 0, "compiled but must not:\n\(snippet.body)")
        #expect(outcome.diagnostics.contains("error:"), "no error diagnostic:\n\(outcome.diagnostics)")
        for expected in snippet.diagnostics {
            #expect(outcome.diagnostics.contains(expected), "missing «\(expected)» in:\n\(outcome.diagnostics)")
        }
        // Only the snippet's own line is wrong: the rest of the program is fine.
        let errors = outcome.diagnostics.split(separator: "\n").filter { $0.contains("error:") }
        #expect(errors.allSatisfy { $0.contains("\(snippet.id).swift:") }, "\(outcome.diagnostics)")
    }

    @Test(arguments: allowedForms)
    func allowedFormCompiles(_ snippet: CompileSnippet) async throws {
        let outcome = try await typecheck(snippet)
        #expect(outcome.timedOut == false, "swiftc timed out")
        #expect(outcome.status == 0, "does not compile:\n\(outcome.diagnostics)")
        #expect(!outcome.diagnostics.contains("warning:"), "\(outcome.diagnostics)")
    }
}
