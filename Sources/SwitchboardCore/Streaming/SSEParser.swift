import Foundation

/// One dispatched server-sent event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` name; nil when the event named none (the spec's default type, "message").
    public var event: String?
    /// All `data:` lines of the event joined with "\n".
    public var data: String
    /// The last event ID seen so far in the stream (it persists across events, as the spec says).
    public var id: String?

    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// An incremental `text/event-stream` parser that follows the WHATWG rules and works on bytes.
///
/// Chunks may split anywhere, even inside a CRLF pair or a UTF-8 character: lines are cut on bytes and only
/// complete lines (and complete events' data) are decoded. A stream's end is not an event's end: `finish()`
/// drops an event whose blank line never came, so decoders must judge completion by their protocol's end
/// marker (`data: [DONE]`, `message_stop`), never by `finish()` returning events.
public struct SSEParser: Sendable {
    /// Bytes of a line that began in an earlier chunk and has not ended yet.
    private var partialLine: [UInt8] = []
    /// The previous chunk ended in CR, so an LF opening the next chunk belongs to that line end.
    private var endedWithCR = false
    /// Bytes held until we know whether the stream opens with a byte-order mark.
    private var bomCandidate: [UInt8] = []
    private var sawStreamStart = false

    private var dataBytes: [UInt8] = []
    private var hasData = false
    private var eventName: String?
    private var lastEventID: String?

    public init() {}

    /// True when some lines of an event arrived but not its terminating blank line.
    public var hasIncompleteEvent: Bool { hasData || eventName != nil || !partialLine.isEmpty }

    /// Consumes the next chunk and returns the events it completed.
    public mutating func feed(_ bytes: [UInt8]) -> [SSEEvent] {
        var events: [SSEEvent] = []
        if sawStreamStart {
            consume(bytes, into: &events)
            return events
        }
        bomCandidate.append(contentsOf: bytes)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let checked = min(bomCandidate.count, bom.count)
        if bomCandidate.prefix(checked).elementsEqual(bom.prefix(checked)) && bomCandidate.count < bom.count {
            return events  // Could still be a BOM: wait for more bytes.
        }
        sawStreamStart = true
        let start = bomCandidate.starts(with: bom) ? bom.count : 0
        let opening = Array(bomCandidate[start...])
        bomCandidate = []
        consume(opening, into: &events)
        return events
    }

    /// The body ended. Per the spec an event without its blank line is discarded, so this returns no events;
    /// it resets the parser for reuse.
    public mutating func finish() -> [SSEEvent] {
        self = SSEParser()
        return []
    }

    // MARK: - Lines

    private mutating func consume(_ bytes: [UInt8], into events: inout [SSEEvent]) {
        // An empty chunk must not forget a CR waiting for its LF.
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            if endedWithCR {
                endedWithCR = false
                if buffer[0] == SSEParser.lf { index = 1 }
            }
            var lineStart = index
            while index < count {
                let byte = buffer[index]
                if byte != SSEParser.lf && byte != SSEParser.cr {
                    index += 1
                    continue
                }
                let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<index])
                if partialLine.isEmpty {
                    processLine(line, into: &events)
                } else {
                    partialLine.append(contentsOf: line)
                    // Swapped out so the line can be read while `self` is mutated.
                    var carried: [UInt8] = []
                    swap(&carried, &partialLine)
                    carried.withUnsafeBufferPointer { processLine($0, into: &events) }
                    carried.removeAll(keepingCapacity: true)
                    swap(&carried, &partialLine)
                }
                if byte == SSEParser.cr {
                    if index + 1 < count {
                        if buffer[index + 1] == SSEParser.lf { index += 1 }
                    } else {
                        endedWithCR = true
                    }
                }
                index += 1
                lineStart = index
            }
            if lineStart < count {
                partialLine.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineStart..<count]))
            }
        }
    }

    private mutating func processLine(_ line: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        guard let first = line.first else {
            dispatch(into: &events)
            return
        }
        if first == SSEParser.colon { return }  // A comment: keep-alives and `: OPENROUTER PROCESSING`.

        var nameEnd = line.count
        var valueStart = line.count
        if let colonIndex = line.firstIndex(of: SSEParser.colon) {
            nameEnd = colonIndex
            valueStart = colonIndex + 1
            if valueStart < line.count && line[valueStart] == SSEParser.space { valueStart += 1 }
        }
        let name = UnsafeBufferPointer(rebasing: line[0..<nameEnd])
        let value = UnsafeBufferPointer(rebasing: line[valueStart..<line.count])

        if name.elementsEqual(SSEParser.dataField) {
            if hasData { dataBytes.append(SSEParser.lf) }
            dataBytes.append(contentsOf: value)
            hasData = true
        } else if name.elementsEqual(SSEParser.eventField) {
            eventName = value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
        } else if name.elementsEqual(SSEParser.idField) {
            // The spec ignores an id containing NUL.
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        }
        // `retry:` and unknown fields are ignored: reconnection is the engine's business, not the parser's.
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            dataBytes.removeAll(keepingCapacity: true)
            hasData = false
            eventName = nil
        }
        guard hasData else { return }
        let data = String(decoding: dataBytes, as: UTF8.self)
        events.append(SSEEvent(event: eventName, data: data, id: lastEventID?.isEmpty == true ? nil : lastEventID))
    }

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let colon: UInt8 = 0x3A
    private static let space: UInt8 = 0x20
    private static let dataField: [UInt8] = Array("data".utf8)
    private static let eventField: [UInt8] = Array("event".utf8)
    private static let idField: [UInt8] = Array("id".utf8)
}
