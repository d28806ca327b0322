import OtelOTLP
import OtelOTLPReceiver
import Testing

@Suite("Export responses")
struct ResponseEncoderTests {
    @Test("success is empty")
    func success() throws {
        #expect(OTLPExportResponseEncoder.success(format: .protobuf).isEmpty)
        #expect(OTLPExportResponseEncoder.success(format: .json) == Array("{}".utf8))
        #expect(try ExportResponseDecoder.decodeProtobuf([]) == nil)
        #expect(try ExportResponseDecoder.decodeJSON(Array("{}".utf8), signal: .traces) == nil)
    }

    @Test("partial success decodes with the exporters' decoder", arguments: OTLPSignal.allCases)
    func partialSuccess(signal: OTLPSignal) throws {
        let protobuf = OTLPExportResponseEncoder.partialSuccess(
            signal: signal, rejected: 7, errorMessage: "too old", format: .protobuf)
        #expect(
            try ExportResponseDecoder.decodeProtobuf(protobuf)
                == OTLPPartialSuccess(rejected: 7, errorMessage: "too old"))
        let json = OTLPExportResponseEncoder.partialSuccess(
            signal: signal, rejected: 7, errorMessage: "too \"old\"", format: .json)
        #expect(
            try ExportResponseDecoder.decodeJSON(json, signal: signal)
                == OTLPPartialSuccess(rejected: 7, errorMessage: "too \"old\""))
        #expect(
            OTLPExportResponseEncoder.partialSuccess(signal: signal, rejected: 0, errorMessage: "", format: .protobuf)
                .isEmpty)
    }

    @Test("google.rpc.Status")
    func status() throws {
        let protobuf = OTLPExportResponseEncoder.status(code: 3, message: "bad", format: .protobuf)
        #expect(protobuf == [0x08, 0x03, 0x12, 0x03] + Array("bad".utf8))
        let json = try JSONValue.parse(OTLPExportResponseEncoder.status(code: 3, message: "bad\n", format: .json))
        #expect(json["code"]?.int64Value == 3)
        #expect(json["message"]?.stringValue == "bad\n")
    }

    @Test("content types")
    func contentTypes() {
        #expect(OTLPPayloadFormat(contentType: "application/x-protobuf") == .protobuf)
        #expect(OTLPPayloadFormat(contentType: " Application/JSON ; charset=utf-8") == .json)
        #expect(OTLPPayloadFormat(contentType: "application/protobuf") == .protobuf)
        #expect(OTLPPayloadFormat(contentType: "text/plain") == nil)
        #expect(OTLPPayloadFormat(contentType: "") == nil)
        #expect(OTLPPayloadFormat.json.contentType == "application/json")
    }
}
