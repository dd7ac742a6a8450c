import Foundation

/// Cuts a newline-delimited JSON body (Ollama's native stream) into lines, across arbitrary chunk splits.
///
/// Works on bytes, so a UTF-8 character split between chunks stays whole. Lines end in LF; a CR before the LF
/// is dropped. Blank lines are skipped. The lines are returned raw: decoding them is the caller's job.
public struct NDJSONReader: Sendable {
    private var partialLine: [UInt8] = []

    public init() {}

    /// Consumes the next chunk and returns the complete, non-empty lines it finished.
    public mutating func feed(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        bytes.withUnsafeBufferPointer { buffer in
            var lineStart = 0
            var index = 0
            while index < buffer.count {
                if buffer[index] == NDJSONReader.lf {
                    let piece = UnsafeBufferPointer(rebasing: buffer[lineStart..<index])
                    if partialLine.isEmpty {
                        appendLine(piece, to: &lines)
                    } else {
                        partialLine.append(contentsOf: piece)
                        let joined = partialLine
                        partialLine.removeAll(keepingCapacity: true)
                        joined.withUnsafeBufferPointer { appendLine($0, to: &lines) }
                    }
                    lineStart = index + 1
                }
                index += 1
            }
            if lineStart < buffer.count {
                partialLine.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineStart..<buffer.count]))
            }
        }
        return lines
    }

    /// The body ended: returns its last line if it had no newline (servers need not send one).
    public mutating func finish() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        let rest = partialLine
        partialLine = []
        rest.withUnsafeBufferPointer { appendLine($0, to: &lines) }
        return lines
    }

    private func appendLine(_ line: UnsafeBufferPointer<UInt8>, to lines: inout [[UInt8]]) {
        var end = line.count
        if end > 0 && line[end - 1] == NDJSONReader.cr { end -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: line[0..<end])
        // Whitespace-only lines carry no JSON value; skip them like empty ones.
        guard trimmed.contains(where: { !NDJSONReader.isWhitespace($0) }) else { return }
        lines.append(Array(trimmed))
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
}
