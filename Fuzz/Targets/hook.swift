import AgentReport
import Foundation

// What Claude Code hands the hook and what stream-json prints: a hook payload, a subagent
// transcript (JSONL), and a result envelope.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    if let payload = try? HookPayload.read(input) {
        _ = payload.lastAssistantMessage?.count
    }
    _ = TranscriptReader.lastAssistantText(input)
    if case .text(let source, _) = ResultEnvelope.classify(input, name: "result.json", mode: .json) {
        checkOutline(ResponseParser().parse(source))
    }
    return 0
}
