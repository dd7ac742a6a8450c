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

/// One dispatched event as the parser holds it: `data` points into the parser's buffers and is valid only during
/// the call that receives it. Decoders read their JSON from these bytes directly, so a stream's events cost no
/// `String` for the data (allocating and validating one per event was a fifth of the decode).
public struct SSEEventBytes {
    public let event: String?
    public let data: UnsafeBufferPointer<UInt8>
    public let id: String?

    /// The data as text, for error messages and the few callers that keep it.
    public var dataText: String { String(decoding: data, as: UTF8.self) }
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
    /// The event's only `data:` value so far, still in the chunk being consumed (never kept past `consume`).
    nonisolated(unsafe) private var pendingData: UnsafeBufferPointer<UInt8>?
    private var lastEventNameBytes: [UInt8] = []
    private var lastEventName = ""
    private var hasData = false
    private var eventName: String?
    private var lastEventID: String?

    public init() {}

    /// True when some lines of an event arrived but not its terminating blank line.
    public var hasIncompleteEvent: Bool { hasData || eventName != nil || !partialLine.isEmpty }

    /// Consumes the next chunk and returns the events it completed.
    public mutating func feed(_ bytes: [UInt8]) -> [SSEEvent] {
        var events: [SSEEvent] = []
        feed(bytes) { event in
            events.append(SSEEvent(event: event.event, data: event.dataText, id: event.id))
        }
        return events
    }

    /// Consumes the next chunk and hands each event it completes to `handle`, in order. When `handle` throws,
    /// the rest of the chunk is not read: a decoder that fails stays failed, so nothing after matters.
    public mutating func feed(_ bytes: [UInt8], each handle: (SSEEventBytes) throws -> Void) rethrows {
        if sawStreamStart {
            try consume(bytes, handle)
            return
        }
        // The usual first chunk holds the whole of any byte-order mark: decided on the spot, with no copy.
        if bomCandidate.isEmpty && bytes.count >= 3 {
            sawStreamStart = true
            if bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
                try consume(Array(bytes[3...]), handle)
            } else {
                try consume(bytes, handle)
            }
            return
        }
        bomCandidate.append(contentsOf: bytes)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let checked = min(bomCandidate.count, bom.count)
        if bomCandidate.prefix(checked).elementsEqual(bom.prefix(checked)) && bomCandidate.count < bom.count {
            return  // Could still be a BOM: wait for more bytes.
        }
        sawStreamStart = true
        let start = bomCandidate.starts(with: bom) ? bom.count : 0
        let opening = Array(bomCandidate[start...])
        bomCandidate = []
        try consume(opening, handle)
    }

    /// The body ended. Per the spec an event without its blank line is discarded, so this returns no events;
    /// it resets the parser for reuse.
    public mutating func finish() -> [SSEEvent] {
        self = SSEParser()
        return []
    }

    // MARK: - Lines

    private mutating func consume(_ bytes: [UInt8], _ handle: (SSEEventBytes) throws -> Void) rethrows {
        // An empty chunk must not forget a CR waiting for its LF.
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            if endedWithCR {
                endedWithCR = false
                if buffer[0] == SSEParser.lf { index = 1 }
            }
            var lineStart = index
            while index < count {
                index = SSEParser.lineEnd(in: buffer, from: index)
                guard index < count else { break }
                let byte = buffer[index]
                let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<index])
                if partialLine.isEmpty {
                    try processLine(line, inChunk: true, handle)
                } else {
                    partialLine.append(contentsOf: line)
                    // Swapped out so the line can be read while `self` is mutated.
                    var carried: [UInt8] = []
                    swap(&carried, &partialLine)
                    defer {
                        carried.removeAll(keepingCapacity: true)
                        swap(&carried, &partialLine)
                    }
                    try carried.withUnsafeBufferPointer { try processLine($0, inChunk: false, handle) }
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
            // The chunk's bytes are gone after this call: an event still open keeps a copy of its data.
            holdPendingData()
        }
    }

    /// The index of the first CR or LF at or after `start`, or the buffer's count.
    @inline(__always)
    private static func lineEnd(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        ByteScan.first(in: buffer, from: start, flags: { ByteScan.equal($0, lf) | ByteScan.equal($0, cr) },
                       matches: { $0 == lf || $0 == cr })
    }

    /// `inChunk`: the line lies in the chunk being consumed, so a lone `data:` line may be read from there
    /// when its event ends in the same chunk, without the intermediate copy.
    private mutating func processLine(_ line: UnsafeBufferPointer<UInt8>, inChunk: Bool,
                                      _ handle: (SSEEventBytes) throws -> Void) rethrows {
        guard let first = line.first else {
            try dispatch(handle)
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
        let value = UnsafeBufferPointer(rebasing: line[valueStart..<line.count])

        switch Field(line, nameEnd: nameEnd) {
        case .data:
            if !hasData && inChunk {
                pendingData = value
            } else {
                holdPendingData()
                if hasData { dataBytes.append(SSEParser.lf) }
                dataBytes.append(contentsOf: value)
            }
            hasData = true
        case .event:
            eventName = value.isEmpty ? nil : internedEventName(value)
        case .id:
            // The spec ignores an id containing NUL.
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case .other:
            break  // `retry:` and unknown fields: reconnection is the engine's business, not the parser's.
        }
    }

    /// The field a line names, compared byte by byte (the generic sequence compare showed in profiles).
    private enum Field {
        case data, event, id, other

        init(_ line: UnsafeBufferPointer<UInt8>, nameEnd: Int) {
            switch nameEnd {
            case 4 where line[0] == 0x64 && line[1] == 0x61 && line[2] == 0x74 && line[3] == 0x61:
                self = .data  // "data"
            case 5 where line[0] == 0x65 && line[1] == 0x76 && line[2] == 0x65 && line[3] == 0x6E
                && line[4] == 0x74:
                self = .event  // "event"
            case 2 where line[0] == 0x69 && line[1] == 0x64:
                self = .id  // "id"
            default:
                self = .other
            }
        }
    }

    /// Streams repeat a handful of event names: the previous one is reused when the bytes match.
    private mutating func internedEventName(_ value: UnsafeBufferPointer<UInt8>) -> String {
        if lastEventNameBytes.withUnsafeBufferPointer({ value.sameBytes(as: $0) }) { return lastEventName }
        let name = String(decoding: value, as: UTF8.self)
        lastEventNameBytes = Array(value)
        lastEventName = name
        return name
    }

    /// Copies a lone `data:` line still read in place into `dataBytes`, before its chunk goes away or more
    /// data joins it.
    private mutating func holdPendingData() {
        guard let pending = pendingData else { return }
        pendingData = nil
        dataBytes.append(contentsOf: pending)
    }

    private mutating func dispatch(_ handle: (SSEEventBytes) throws -> Void) rethrows {
        guard hasData else {
            eventName = nil
            return
        }
        let name = eventName
        let id = lastEventID?.isEmpty == true ? nil : lastEventID
        let pending = pendingData
        // Reset first: the event's bytes are handed on from a swapped-out array, so a handler that throws
        // leaves the parser ready for the next event.
        pendingData = nil
        hasData = false
        eventName = nil
        if let pending {
            try handle(SSEEventBytes(event: name, data: pending, id: id))
            return
        }
        var held: [UInt8] = []
        swap(&held, &dataBytes)
        defer {
            held.removeAll(keepingCapacity: true)
            swap(&held, &dataBytes)
        }
        try held.withUnsafeBufferPointer { try handle(SSEEventBytes(event: name, data: $0, id: id)) }
    }

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let colon: UInt8 = 0x3A
    private static let space: UInt8 = 0x20
}
