import OtelOTLP
import Testing

@Suite("Gzip")
struct GzipTests {
    /// `printf hello | gzip -n` (made by GNU gzip, not by zlib's deflate here).
    static let helloFromGzipTool: [UInt8] = [
        0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00,
        0x86, 0xA6, 0x10, 0x36, 0x05, 0x00, 0x00, 0x00,
    ]

    @Test("round trips empty, small and multi-chunk inputs")
    func roundTrip() throws {
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        for input in [[], Array("hello".utf8), large, Array(repeating: UInt8(0), count: 1_000_000)] {
            let compressed = try Gzip.compress(input)
            #expect(compressed.starts(with: [0x1F, 0x8B, 0x08]))
            #expect(try Gzip.decompress(compressed) == input)
        }
        #expect(try Gzip.compress(Array(repeating: 0, count: 100_000), level: 9).count < 1_000)
        #expect(try Gzip.decompress(Gzip.compress([1, 2, 3], level: 0)) == [1, 2, 3])
    }

    @Test("reads GNU gzip output and concatenated members")
    func foreignAndMultiMember() throws {
        #expect(try Gzip.decompress(Self.helloFromGzipTool) == Array("hello".utf8))
        let two = Self.helloFromGzipTool + (try Gzip.compress(Array(" world".utf8)))
        #expect(try Gzip.decompress(two) == Array("hello world".utf8))
    }

    @Test("bad input is reported, not trapped")
    func errors() throws {
        #expect(throws: GzipError.truncatedData) { try Gzip.decompress([]) }
        #expect(throws: GzipError.truncatedData) { try Gzip.decompress(Array(Self.helloFromGzipTool.dropLast(4))) }
        #expect(throws: GzipError.self) { try Gzip.decompress(Array("not gzip at all".utf8)) }
        #expect(throws: GzipError.outputTooLarge(limit: 1_000)) {
            try Gzip.decompress(Gzip.compress(Array(repeating: 0, count: 100_000)), maxOutputBytes: 1_000)
        }
        #expect(throws: GzipError.invalidLevel(10)) { try Gzip.compress([1], level: 10) }
    }
}
